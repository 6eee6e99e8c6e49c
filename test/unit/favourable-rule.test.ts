import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeRoundStats, pointOf, scoredValue } from '../../src/domain/scoring'
import { scaleOf, type SurveyDefinition } from '../../src/domain/survey'
import { builtinSurvey } from '../helpers/app'

const surveys = ['psychological-safety', 'squad-health-check', 'collaboration'].map((id) =>
  builtinSurvey(id),
)

/** Any number of respondents, each answering every item with a point on its scale. */
const responsesOf = (survey: SurveyDefinition) =>
  fc.array(
    fc
      .tuple(
        ...survey.items.map((item) =>
          fc.constantFrom(...scaleOf(survey, item).points.map((p) => p.value)),
        ),
      )
      .map((values) => Object.fromEntries(survey.items.map((item, i) => [item.id, values[i]!]))),
    { maxLength: 40 },
  )

describe('one rule for a distribution and its favourable share', () => {
  it('favourable is the histogram at or above the cut-off (after reverse coding), for any answers', () => {
    for (const survey of surveys)
      fc.assert(
        fc.property(responsesOf(survey), (responses) => {
          for (const row of computeRoundStats(survey, responses)) {
            const item = survey.items.find((i) => i.id === row.key)
            const scale =
              row.kind === 'item'
                ? scaleOf(survey, item!)
                : scaleOf(
                    survey,
                    survey.items.find((i) => i.dimension === row.key)!,
                  )
            const favourableBins = scale.points.map(
              (p) =>
                (row.kind === 'item' ? scoredValue(item!, scale, p.value) : p.value) >=
                scale.favourableFrom,
            )
            const atOrAbove = row.histogram.reduce(
              (sum, count, i) => sum + (favourableBins[i] ? count : 0),
              0,
            )
            expect(row.favourable).toBe(atOrAbove)
          }
        }),
        { numRuns: 200 },
      )
  })

  it('a respondent at 4.571 is drawn at 5 and counted favourable (7-point, cut-off 5)', () => {
    const ps = surveys[0]!
    const scale = ps.scales[0]!
    expect(scale.favourableFrom).toBe(5)
    // Four answers of 5 and three of 4 on the scored scale: (4·5 + 3·4) / 7 = 4.571.
    const scored = [5, 5, 5, 5, 4, 4, 4]
    const answers = Object.fromEntries(
      ps.items.map((item, i) => [item.id, scoredValue(item, scale, scored[i]!)]),
    )
    const row = computeRoundStats(ps, [answers]).find((r) => r.kind === 'dimension')!
    expect(row.sum).toBeCloseTo(32 / 7, 10)
    expect(scale.points[row.histogram.indexOf(1)]!.value).toBe(5)
    expect(row.favourable).toBe(1)
  })

  it('a score halfway between two points goes to the higher one', () => {
    const scale = surveys[0]!.scales[0]!
    expect(scale.points[pointOf(scale, 4.5)]!.value).toBe(5)
    expect(scale.points[pointOf(scale, 4.49)]!.value).toBe(4)
  })
})
