import { z } from 'zod'
import type { Released, ReleasedRound, WithheldRound } from './anonymity'
import { scoredValue, toneOf, type StatRow } from './scoring'
import { compareMeans, confidenceInterval95, meanOf, roundTo, type Moments } from './statistics'
import { localize, scaleOf, type Scale, type SurveyDefinition } from './survey'
import { MESSAGES, type Locale, type MessageKey, type Params } from '../messages'
import { within } from '../messages/en'

export const Distribution = z.array(
  z.object({
    value: z.number().describe('The answer as given, on the item’s own scale'),
    label: z.string(),
    count: z.number().int(),
    scored: z
      .number()
      .describe('The answer as scored: flipped for reverse-worded items, so higher is better'),
    tone: z
      .enum(['unfavourable', 'neutral', 'favourable'])
      .describe(
        'Favourable when scored at or above the cut-off (as favourablePercent counts), unfavourable at or below its mirror image, neutral between',
      ),
  }),
)

export const ItemResult = z.object({
  id: z.string(),
  text: z.string(),
  dimension: z.string().nullable(),
  reverse: z.boolean(),
  n: z.number().int(),
  mean: z.number().describe('On the item’s own scale, not flipped'),
  scoredMean: z
    .number()
    .describe('The mean as scored: flipped for reverse-worded items, so higher is better'),
  favourablePercent: z.number().describe('Share of favourable answers, after reverse coding'),
  distribution: Distribution,
})
export type ItemResult = z.infer<typeof ItemResult>

export const DimensionResult = z.object({
  id: z.string(),
  title: z.string(),
  n: z.number().int(),
  mean: z.number().describe('Mean of respondents’ dimension scores (reverse items flipped)'),
  low: z.number().describe('Lower end of the 95% confidence interval'),
  high: z.number().describe('Upper end of the 95% confidence interval'),
  favourablePercent: z
    .number()
    .describe('Share of the distribution at or above the favourable cut-off: the two always agree'),
  distribution: Distribution.describe(
    'Dimension scores rounded to the nearest scale point (halves up), on the flipped scale',
  ),
})
export type DimensionResult = z.infer<typeof DimensionResult>

export const ResponseCount = z.object({
  reachedK: z.boolean(),
  count: z
    .number()
    .int()
    .nullable()
    .describe(
      'How many answered: only once the round is closed and released with at least k; null before (an open round shows only whether k was reached, never a count that ticks, P2)',
    ),
})

export const RoundSummary = z.object({
  id: z.string(),
  teamId: z.string(),
  surveyId: z.string(),
  surveyVersion: z.number().int(),
  surveyTitle: z.string(),
  k: z.number().int(),
  commentMinimum: z.number().int(),
  status: z.enum(['scheduled', 'open', 'closed']),
  opensAt: z.string(),
  closesAt: z.string(),
  closedAt: z.string().nullable(),
  releasing: z
    .boolean()
    .describe(
      'Closed, and its results are being released: from the closing time until the server’s regular check (every CLOSE_CHECK_SECONDS on Node, 5 minutes on Workers) stores them',
    ),
  invited: z.number().int().describe('How many links the round has; everyone sees this (P6b)'),
  teamSize: z
    .number()
    .int()
    .nullable()
    .describe(
      'People on the team’s roster when links were last made; null for rounds from before rosters',
    ),
  extraLinks: z.number().int().describe('Links an admin allowed beyond the roster'),
  responses: ResponseCount,
  facilitatedBy: z.string().nullable().describe('Who facilitated the round'),
  debrief: z.string().nullable(),
})
export type RoundSummary = z.infer<typeof RoundSummary>

export const PreviousRound = z
  .object({
    roundId: z.string(),
    closedAt: z.string().nullable(),
    dimensions: z.array(
      z.object({
        id: z.string(),
        mean: z.number().describe('The previous round’s mean, as released then'),
        change: z.number().describe('This round’s mean minus the previous one'),
        beyondNoise: z
          .boolean()
          .describe('Whether the change is larger than chance would explain (Welch t-test, 5%)'),
      }),
    ),
  })
  .describe(
    'The team’s previous released round of the same survey, as this audience got it: the same comparison as the trend',
  )
export type PreviousRound = z.infer<typeof PreviousRound>

export const RoundReport = z.object({
  round: RoundSummary,
  released: z.boolean(),
  message: z.string(),
  respondents: z.number().int().nullable(),
  responseRate: z.number().nullable().describe('Percent of invitations answered'),
  dimensions: z.array(DimensionResult),
  items: z.array(ItemResult),
  previous: PreviousRound.nullable().describe(
    'Null when this round shows no numbers, or no earlier round of its survey was released to this audience',
  ),
  comments: z.object({
    released: z.boolean(),
    minimum: z.number().int(),
    entries: z.array(z.object({ questionId: z.string(), question: z.string(), text: z.string() })),
  }),
})
/** A dimension's score as campaign views show it (src/domain/heatmap.ts). */
export const Score = z.object({
  dimension: z.string(),
  mean: z.number().describe('Mean of respondents’ dimension scores (reverse items flipped)'),
  low: z.number().describe('95% confidence interval, lower end'),
  high: z.number().describe('95% confidence interval, upper end'),
  favourablePercent: z.number(),
})
export type Score = z.infer<typeof Score>

export const GroupBeside = z
  .object({
    campaignId: z.string(),
    campaignName: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    scores: z.array(Score),
  })
  .describe(
    'For a round of a campaign: its group’s scores in that campaign, only where the ledger published both the team and its group',
  )
export type GroupBeside = z.infer<typeof GroupBeside>

/**
 * `group`: for a round of a campaign, its group's scores there, where the ledger published both
 * (null otherwise); absent for other rounds. Its schema is added in src/routes/api/schemas.ts.
 */
export type RoundReport = z.infer<typeof RoundReport> & { group?: GroupBeside | null }

/**
 * A report as a team's share link sees it: the same shape, without comments (the gate leaves
 * them out), and with the number of links against the team's size, which everyone may check
 * (P6b).
 */
export const SharedRoundReport = RoundReport
export type SharedRoundReport = RoundReport

/** Display precision: two decimals for means, one for percentages. */
const mean2 = (x: number) => roundTo(x, 2)
const pct = (part: number, whole: number) => (whole === 0 ? 0 : roundTo((100 * part) / whole, 1))
const momentsOf = (row: StatRow): Moments => ({ n: row.n, sum: row.sum, sumSq: row.sumSq })

/** `flip` turns an answer into its scored value: identity but for reverse-worded items. */
function distribution(
  scale: Scale,
  row: StatRow,
  locale: string,
  flip: (value: number) => number = (v) => v,
) {
  return scale.points.map((p, i) => ({
    value: p.value,
    label: localize(p.label, locale),
    count: row.histogram[i] ?? 0,
    scored: flip(p.value),
    tone: toneOf(scale, flip(p.value)),
  }))
}

function dimensionScale(survey: SurveyDefinition, dimension: string): Scale {
  const item = survey.items.find((i) => i.dimension === dimension)
  return item ? scaleOf(survey, item) : survey.scales[0]!
}

/**
 * How long after its closing time a round's results appear at the latest, in words: rounds are
 * closed and released by a regular check (CLOSE_CHECK_SECONDS), never by someone reading them.
 */
export const releaseDelayText = (seconds: number): string => within({ seconds })

/**
 * What a person reading a round is told, whether it shows no numbers or does, as a catalogue key
 * and its params. `releaseDelay` is how often the server closes rounds past their closing time,
 * in seconds.
 */
export function roundNotice(
  release: Released<ReleasedRound> | WithheldRound,
  releaseDelay = 30,
): { key: MessageKey; params: Params } {
  if (release.released)
    return { key: 'round_answered', params: { respondents: release.respondents } }
  const seconds = releaseDelay
  if (release.reason === 'open') return { key: 'round_still_open', params: { seconds } }
  if (release.reason === 'releasing') return { key: 'round_releasing', params: { seconds } }
  if (release.reason === 'protects_smaller')
    return { key: 'round_protects_smaller', params: { k: release.k } }
  return { key: 'round_withheld', params: { k: release.k } }
}

/** roundNotice in words; reports carry it in English as their `message`. */
export function roundMessage(
  release: Released<ReleasedRound> | WithheldRound,
  releaseDelay = 30,
  locale: Locale = 'en',
): string {
  const { key, params } = roundNotice(release, releaseDelay)
  return MESSAGES[locale][key](params)
}

/**
 * Builds a round's report from gate output only; withheld rounds carry no numbers. `releaseDelay`:
 * see roundMessage.
 */
export function buildRoundReport(
  summary: RoundSummary,
  survey: SurveyDefinition,
  release: Released<ReleasedRound> | WithheldRound,
  locale = 'en',
  releaseDelay?: number,
): RoundReport {
  const base = { round: summary, message: roundMessage(release, releaseDelay) }
  if (!release.released)
    return {
      ...base,
      released: false,
      respondents: null,
      responseRate: null,
      dimensions: [],
      items: [],
      previous: null,
      comments: { released: false, minimum: summary.commentMinimum, entries: [] },
    }
  return {
    ...base,
    released: true,
    respondents: release.respondents,
    responseRate: release.invited ? pct(release.respondents, release.invited) : null,
    ...figuresOf(survey, release.stats, locale),
    previous: null,
    comments: {
      released: release.comments !== null,
      minimum: release.commentMinimum,
      entries: (release.comments ?? []).map((c) => {
        const question = survey.questions.find((q) => q.id === c.questionId)
        return {
          questionId: c.questionId,
          question: question ? localize(question.text, locale) : c.questionId,
          text: c.body,
        }
      }),
    },
  }
}

/**
 * The dimension and item figures of released statistics (a round's or a campaign cell's): means,
 * 95% intervals, favourable shares and distributions. Only gate output comes here.
 */
export function figuresOf(
  survey: SurveyDefinition,
  stats: readonly StatRow[],
  locale = 'en',
): { dimensions: DimensionResult[]; items: ItemResult[] } {
  const rows = (kind: StatRow['kind']) =>
    new Map(stats.filter((r) => r.kind === kind).map((r) => [r.key, r]))
  const items = rows('item')
  const dims = rows('dimension')
  return {
    dimensions: survey.dimensions.flatMap((d) => {
      const row = dims.get(d.id)
      if (!row) return []
      const ci = confidenceInterval95(momentsOf(row))
      return [
        {
          id: d.id,
          title: localize(d.title, locale),
          n: row.n,
          mean: mean2(ci.mean),
          low: mean2(ci.low),
          high: mean2(ci.high),
          favourablePercent: pct(row.favourable, row.n),
          distribution: distribution(dimensionScale(survey, d.id), row, locale),
        },
      ]
    }),
    items: survey.items.flatMap((item) => {
      const row = items.get(item.id)
      if (!row) return []
      const scale = scaleOf(survey, item)
      const flip = (value: number) => scoredValue(item, scale, value)
      const mean = meanOf(momentsOf(row))
      return [
        {
          id: item.id,
          text: localize(item.text, locale),
          dimension: item.dimension ?? null,
          reverse: item.reverse,
          n: row.n,
          mean: mean2(mean),
          scoredMean: mean2(flip(mean)),
          favourablePercent: pct(row.favourable, row.n),
          distribution: distribution(scale, row, locale, flip),
        },
      ]
    }),
  }
}

export const TrendPoint = z.object({
  roundId: z.string(),
  k: z.number().int().describe('The round’s quorum: a withheld round had fewer respondents'),
  opensAt: z.string(),
  closedAt: z.string().nullable(),
  surveyVersion: z.number().int(),
  released: z.boolean(),
  message: z.string(),
  respondents: z.number().int().nullable(),
  responseRate: z
    .number()
    .nullable()
    .describe('Percent of the round’s links answered, as its release record shows it to you'),
  debrief: z.string().nullable(),
  facilitatedBy: z.string().nullable().describe('Who facilitated the round (not for share links)'),
  dimensions: z.array(
    z.object({
      id: z.string(),
      n: z.number().int(),
      mean: z.number(),
      low: z.number(),
      high: z.number(),
      change: z.number().nullable().describe('Change from the previous released round'),
      beyondNoise: z
        .boolean()
        .nullable()
        .describe('Whether the change is larger than chance would explain (Welch t-test, 5%)'),
    }),
  ),
})
export type TrendPoint = z.infer<typeof TrendPoint>

export const Trend = z.object({
  teamId: z.string(),
  surveyId: z.string().nullable(),
  dimensions: z.array(z.object({ id: z.string(), title: z.string() })),
  rounds: z.array(TrendPoint),
})
export type Trend = z.infer<typeof Trend>

/**
 * A change between two released rounds' dimension scores, later minus earlier, as the trend and
 * the report both show it: Welch's test on the stored sufficient statistics.
 */
function dimensionChange(earlier: Moments, later: Moments) {
  const change = compareMeans(earlier, later)
  return { change: mean2(change.change), beyondNoise: change.beyondNoise }
}

/**
 * A released round's dimensions beside an earlier released round's, both as the gate released
 * them to the same audience (only rows it let through): the earlier mean, the change and whether
 * it is beyond noise, exactly as the trend compares them.
 */
export function compareWithPrevious(
  previous: { roundId: string; closedAt: string | null; release: Released<ReleasedRound> },
  current: Released<ReleasedRound>,
): PreviousRound {
  const earlier = new Map(
    previous.release.stats.filter((r) => r.kind === 'dimension').map((r) => [r.key, r]),
  )
  return {
    roundId: previous.roundId,
    closedAt: previous.closedAt,
    dimensions: current.stats
      .filter((r) => r.kind === 'dimension')
      .flatMap((row) => {
        const before = earlier.get(row.key)
        if (!before) return []
        const mean = mean2(meanOf(momentsOf(before)))
        return [{ id: row.key, mean, ...dimensionChange(momentsOf(before), momentsOf(row)) }]
      }),
  }
}

export interface TrendInput {
  summary: RoundSummary
  release: Released<ReleasedRound> | WithheldRound
}

/**
 * A team's dimension scores over its closed rounds of one survey, oldest first. Withheld rounds
 * stay in the list as gaps without numbers; changes compare with the previous released round.
 */
export function buildTrend(
  teamId: string,
  survey: SurveyDefinition | null,
  rounds: TrendInput[],
  locale = 'en',
): Trend {
  const previous = new Map<string, Moments>()
  const points = rounds.map(({ summary, release }): TrendPoint => {
    const base = {
      roundId: summary.id,
      k: summary.k,
      opensAt: summary.opensAt,
      closedAt: summary.closedAt,
      surveyVersion: summary.surveyVersion,
      message: roundMessage(release),
      debrief: summary.debrief,
      facilitatedBy: summary.facilitatedBy,
    }
    if (!release.released)
      return { ...base, released: false, respondents: null, responseRate: null, dimensions: [] }
    const dimensions = release.stats
      .filter((row) => row.kind === 'dimension')
      .map((row) => {
        const moments = momentsOf(row)
        const ci = confidenceInterval95(moments)
        const before = previous.get(row.key)
        const change = before ? dimensionChange(before, moments) : null
        previous.set(row.key, moments)
        return {
          id: row.key,
          n: row.n,
          mean: mean2(ci.mean),
          low: mean2(ci.low),
          high: mean2(ci.high),
          change: change ? change.change : null,
          beyondNoise: change ? change.beyondNoise : null,
        }
      })
    const responseRate = release.invited ? pct(release.respondents, release.invited) : null
    return { ...base, released: true, respondents: release.respondents, responseRate, dimensions }
  })
  return {
    teamId,
    surveyId: survey?.id ?? null,
    dimensions: (survey?.dimensions ?? []).map((d) => ({
      id: d.id,
      title: localize(d.title, locale),
    })),
    rounds: points,
  }
}
