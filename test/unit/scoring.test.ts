import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  computeRoundStats,
  dimensionScores,
  scoredValue,
  validateSubmission,
} from '../../src/domain/scoring'
import { AppError } from '../../src/domain/errors'
import { builtinSurvey } from '../helpers/app'

const ps = builtinSurvey('psychological-safety')
const squad = builtinSurvey('squad-health-check')
const psItems = ps.items.map((i) => i.id)
const answersArb = fc
  .tuple(...psItems.map(() => fc.integer({ min: 1, max: 7 })))
  .map((values) => Object.fromEntries(psItems.map((id, i) => [id, values[i]!])))

describe('reverse coding', () => {
  it('flips reverse items on their scale and leaves others alone', () => {
    const reverse = ps.items.find((i) => i.reverse)!
    const straight = ps.items.find((i) => !i.reverse)!
    const scale = ps.scales[0]!
    expect(scoredValue(reverse, scale, 1)).toBe(7)
    expect(scoredValue(reverse, scale, 7)).toBe(1)
    expect(scoredValue(reverse, scale, 4)).toBe(4)
    expect(scoredValue(straight, scale, 2)).toBe(2)
  })

  it('makes agreeing with a negatively worded item lower the dimension score', () => {
    const reverse = ps.items.find((i) => i.reverse)!
    const base = Object.fromEntries(psItems.map((id) => [id, 4]))
    const agree = dimensionScores(ps, { ...base, [reverse.id]: 7 }).get('psychological-safety')!
    const disagree = dimensionScores(ps, { ...base, [reverse.id]: 1 }).get('psychological-safety')!
    expect(agree).toBeLessThan(4)
    expect(disagree).toBeGreaterThan(4)
  })
})

describe('round statistics', () => {
  it('counts every respondent once per item and dimension', () => {
    fc.assert(
      fc.property(fc.array(answersArb, { maxLength: 60 }), (responses) => {
        const stats = computeRoundStats(ps, responses)
        for (const row of stats) {
          expect(row.n).toBe(responses.length)
          expect(row.histogram.reduce((a, b) => a + b, 0)).toBe(responses.length)
          expect(row.favourable).toBeLessThanOrEqual(row.n)
        }
      }),
    )
  })

  it('dimension sums equal the sum of respondents’ dimension scores', () => {
    fc.assert(
      fc.property(fc.array(answersArb, { minLength: 1, maxLength: 40 }), (responses) => {
        const row = computeRoundStats(ps, responses).find((r) => r.kind === 'dimension')!
        const scores = responses.map((a) => dimensionScores(ps, a).get(row.key)!)
        expect(row.sum).toBeCloseTo(
          scores.reduce((a, b) => a + b, 0),
          9,
        )
        expect(row.sumSq).toBeCloseTo(
          scores.reduce((a, b) => a + b * b, 0),
          9,
        )
      }),
    )
  })

  it('is additive: statistics of two groups combine into those of both', () => {
    fc.assert(
      fc.property(fc.array(answersArb), fc.array(answersArb), (a, b) => {
        const both = computeRoundStats(ps, [...a, ...b])
        const sa = computeRoundStats(ps, a)
        const sb = computeRoundStats(ps, b)
        both.forEach((row, i) => {
          expect(row.n).toBe(sa[i]!.n + sb[i]!.n)
          expect(row.favourable).toBe(sa[i]!.favourable + sb[i]!.favourable)
          expect(row.sum).toBeCloseTo(sa[i]!.sum + sb[i]!.sum, 9)
          expect(row.histogram).toEqual(
            row.histogram.map((_, j) => sa[i]!.histogram[j]! + sb[i]!.histogram[j]!),
          )
        })
      }),
    )
  })

  it('counts favourable answers after reverse coding', () => {
    const all7 = Object.fromEntries(psItems.map((id) => [id, 7]))
    const [stats] = [computeRoundStats(ps, [all7])]
    for (const item of ps.items) {
      const row = stats.find((r) => r.kind === 'item' && r.key === item.id)!
      expect(row.favourable).toBe(item.reverse ? 0 : 1)
      expect(row.sum).toBe(7)
    }
  })

  it('scores items without a dimension on their own scale (squad health trend items)', () => {
    const answers = Object.fromEntries(squad.items.map((i) => [i.id, 3]))
    const stats = computeRoundStats(squad, [answers, answers, answers])
    const trendItem = squad.items.find((i) => !i.dimension)!
    const row = stats.find((r) => r.key === trendItem.id)!
    expect(row.n).toBe(3)
    expect(row.histogram).toEqual([0, 0, 3])
    expect(stats.filter((r) => r.kind === 'dimension').map((r) => r.key)).toEqual(
      squad.dimensions.map((d) => d.id),
    )
  })
})

describe('validating a submission', () => {
  const valid = Object.fromEntries(psItems.map((id) => [id, 4]))

  it('accepts a complete submission and trims comments', () => {
    const result = validateSubmission(ps, valid, { comment: '  thanks  ' })
    expect(result.answers).toEqual(valid)
    expect(result.comments).toEqual([{ questionId: 'comment', body: 'thanks' }])
  })

  it('drops empty comments', () => {
    expect(validateSubmission(ps, valid, { comment: '   ' }).comments).toEqual([])
  })

  it('names every problem at once', () => {
    const { [psItems[0]!]: _missing, ...rest } = valid
    try {
      validateSubmission(ps, { ...rest, [psItems[1]!]: 9, bogus: 3 }, { nope: 'x' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(AppError)
      const paths = (err as AppError).fields.map((f) => f.path).sort()
      expect(paths).toEqual(
        [`answers.${psItems[0]}`, `answers.${psItems[1]}`, 'answers.bogus', 'comments.nope'].sort(),
      )
    }
  })

  it('rejects any value off the scale, whatever it is', () => {
    fc.assert(
      fc.property(
        fc
          .oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null))
          .filter((v) => !(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 7)),
        (bad) => {
          expect(() => validateSubmission(ps, { ...valid, [psItems[2]!]: bad })).toThrow(AppError)
        },
      ),
    )
  })

  it('rejects comments over the question’s length limit', () => {
    const max = ps.questions[0]!.maxLength
    expect(() => validateSubmission(ps, valid, { comment: 'x'.repeat(max + 1) })).toThrow(
      /attention/,
    )
    expect(validateSubmission(ps, valid, { comment: 'x'.repeat(max) }).comments).toHaveLength(1)
  })
})
