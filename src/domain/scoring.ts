import { AppError, field, type FieldProblem } from './errors'
import { scaleOf, type Scale, type SurveyDefinition, type SurveyItem } from './survey'

/** One respondent's answers: item id → value on the item's scale. */
export type Answers = Record<string, number>

export interface ValidSubmission {
  answers: Answers
  comments: { questionId: string; body: string }[]
}

/**
 * Checks a submission against its survey version: every item answered with a value on its
 * scale, no unknown items or questions, comments within their length. All problems are reported
 * at once, each under the path a person would fix.
 */
export function validateSubmission(
  survey: SurveyDefinition,
  answers: Record<string, unknown>,
  comments: Record<string, unknown> = {},
): ValidSubmission {
  const problems: FieldProblem[] = []
  const valid: Answers = {}
  for (const item of survey.items) {
    const value = answers[item.id]
    const scale = scaleOf(survey, item)
    const allowed = scale.points.map((p) => p.value)
    if (value === undefined || value === null || value === '') {
      problems.push(field(`answers.${item.id}`, 'answer_missing'))
    } else if (typeof value !== 'number' || !allowed.includes(value)) {
      problems.push(
        field(`answers.${item.id}`, 'answer_not_on_scale', { choices: allowed.join(', ') }),
      )
    } else valid[item.id] = value
  }
  for (const id of Object.keys(answers))
    if (!survey.items.some((item) => item.id === id))
      problems.push(field(`answers.${id}`, 'no_such_question'))
  const texts: ValidSubmission['comments'] = []
  for (const [id, body] of Object.entries(comments)) {
    const question = survey.questions.find((q) => q.id === id)
    if (!question) {
      problems.push(field(`comments.${id}`, 'no_such_question'))
    } else if (typeof body !== 'string') {
      problems.push(field(`comments.${id}`, 'comment_not_text'))
    } else if (body.trim().length > question.maxLength) {
      const params = { max: question.maxLength, length: body.trim().length }
      problems.push(field(`comments.${id}`, 'comment_too_long', params))
    } else if (body.trim()) texts.push({ questionId: id, body: body.trim() })
  }
  if (problems.length > 0) throw new AppError('invalid_answers', {}, problems)
  return { answers: valid, comments: texts }
}

/** The value as scored: reverse-worded items are flipped so that higher is always better. */
export function scoredValue(item: SurveyItem, scale: Scale, value: number): number {
  if (!item.reverse) return value
  const values = scale.points.map((p) => p.value)
  return Math.min(...values) + Math.max(...values) - value
}

/** Each dimension's score for one respondent: the mean of their scored values in it. */
export function dimensionScores(survey: SurveyDefinition, answers: Answers): Map<string, number> {
  const totals = new Map<string, { sum: number; count: number }>()
  for (const item of survey.items) {
    const value = answers[item.id]
    if (item.dimension === undefined || value === undefined) continue
    const total = totals.get(item.dimension) ?? { sum: 0, count: 0 }
    total.sum += scoredValue(item, scaleOf(survey, item), value)
    total.count += 1
    totals.set(item.dimension, total)
  }
  return new Map([...totals].map(([id, t]) => [id, t.sum / t.count]))
}

/** Sufficient statistics of one item or dimension in one round; they add across rounds. */
export interface StatRow {
  kind: 'item' | 'dimension'
  key: string
  n: number
  sum: number
  sumSq: number
  /**
   * How many answers (or dimension scores) are favourable, after reverse coding: exactly those
   * counted in the histogram at a point at or above the favourable cut-off (see `pointOf`).
   */
  favourable: number
  /** Counts per scale point, in the scale's order; dimension scores binned by `pointOf`. */
  histogram: number[]
}

function emptyRow(kind: StatRow['kind'], key: string, scale: Scale): StatRow {
  return { kind, key, n: 0, sum: 0, sumSq: 0, favourable: 0, histogram: scale.points.map(() => 0) }
}

/**
 * The scale point a dimension score is drawn at: the nearest one, a tie (4.5 between 4 and 5)
 * going to the higher point, as rounding half up does. The one rule for both a dimension's
 * histogram and its favourable count: a score is favourable exactly when its point is at or above
 * the cut-off, so a respondent at 4.571, drawn at 5 ("Somewhat agree"), is never also counted
 * unfavourable, and the favourable % always equals the histogram's share at or above the cut-off.
 * Rounding (not flooring) because a dimension score is a mean that sits between points, and the
 * nearest point is what a reader of the histogram takes it for.
 */
export function pointOf(scale: Scale, score: number): number {
  let best = 0
  scale.points.forEach((p, i) => {
    const current = scale.points[best]!.value
    const distance = Math.abs(p.value - score)
    const bestDistance = Math.abs(current - score)
    if (distance < bestDistance || (distance === bestDistance && p.value > current)) best = i
  })
  return best
}

/** Where a scored value sits against the scale's cut-off; colours a distribution's bars. */
export type Tone = 'unfavourable' | 'neutral' | 'favourable'

/**
 * The tone of a scored value (reverse items already flipped): favourable at or above the cut-off,
 * the same rule as the favourable count; unfavourable at or below its mirror image on the scale
 * (3 and below on a 1–7 scale with cut-off 5); neutral in between.
 */
export function toneOf(scale: Scale, scored: number): Tone {
  const values = scale.points.map((p) => p.value)
  if (scored >= scale.favourableFrom) return 'favourable'
  return scored <= Math.min(...values) + Math.max(...values) - scale.favourableFrom
    ? 'unfavourable'
    : 'neutral'
}

/** Turns a round's responses into item and dimension statistics (done once, at close). */
export function computeRoundStats(survey: SurveyDefinition, responses: Answers[]): StatRow[] {
  const items = survey.items.map((item) => ({ item, scale: scaleOf(survey, item) }))
  const itemRows = new Map(
    items.map(({ item, scale }) => [item.id, emptyRow('item', item.id, scale)]),
  )
  const dimScale = new Map<string, Scale>()
  for (const { item, scale } of items) if (item.dimension) dimScale.set(item.dimension, scale)
  const dimRows = new Map(
    survey.dimensions.map((d) => [d.id, emptyRow('dimension', d.id, dimScale.get(d.id)!)]),
  )
  for (const answers of responses) {
    for (const { item, scale } of items) {
      const value = answers[item.id]
      const row = itemRows.get(item.id)!
      if (value === undefined) continue
      const index = scale.points.findIndex((p) => p.value === value)
      if (index < 0) continue
      add(row, value, index, scoredValue(item, scale, value) >= scale.favourableFrom)
    }
    for (const [dimension, score] of dimensionScores(survey, answers)) {
      const row = dimRows.get(dimension)
      const scale = dimScale.get(dimension)
      if (!row || !scale) continue
      const point = pointOf(scale, score)
      add(row, score, point, scale.points[point]!.value >= scale.favourableFrom)
    }
  }
  return [...itemRows.values(), ...dimRows.values()]
}

function add(row: StatRow, value: number, index: number, favourable: boolean): void {
  row.n += 1
  row.sum += value
  row.sumSq += value * value
  if (favourable) row.favourable += 1
  row.histogram[index] = (row.histogram[index] ?? 0) + 1
}
