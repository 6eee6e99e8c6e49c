import { z } from 'zod'
import type { Released, ReleasedRound, WithheldRound } from './anonymity'
import { DimensionResult, GroupBeside, ItemResult, Score } from './report'

export { GroupBeside, Score }
import type { StatRow } from './scoring'
import { confidenceInterval95, roundTo } from './statistics'

/**
 * What campaign views show: the heatmap of teams and groups × dimensions, a cell's report, a
 * group's trend over campaigns and a team beside its group. Built from the ledger's decisions
 * (src/domain/anonymity.ts releasedFromLedger) only: a withheld cell carries no number at all.
 */

export const CampaignSummary = z.object({
  id: z.string(),
  name: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  surveyId: z.string(),
  surveyVersion: z.number().int(),
  k: z.number().int(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: z
    .enum(['scheduled', 'open', 'closing', 'released', 'rejected'])
    .describe(
      'closing: its rounds are closed and its release is being written; rejected: the independent verifier refused its ledger, so nothing was published',
    ),
  teams: z.number().int().describe('How many teams (rounds) the campaign covers'),
  releasedOn: z.string().nullable(),
})

export const CellStatus = z
  .enum(['published', 'fewer_than_k', 'protects_smaller'])
  .describe(
    'published; fewer_than_k: the cell holds fewer than k respondents; protects_smaller: withheld by complementary suppression, so that no sum or difference of published numbers isolates a smaller group',
  )
export type CellStatus = z.infer<typeof CellStatus>

export const HeatmapCell = z.object({
  id: z.string().describe('The group’s or team’s id'),
  name: z.string(),
  kind: z.enum(['group', 'team']),
  parentId: z.string().nullable(),
  depth: z
    .number()
    .int()
    .describe(
      '0 for the topmost cell shown: the campaign’s group, or a lead’s own group within it',
    ),
  status: CellStatus,
  respondents: z.number().int().nullable().describe('Only for published cells'),
  responseRate: z.number().nullable().describe('Percent; only for published cells'),
  scores: z.array(Score).describe('Empty for withheld cells'),
})
export type HeatmapCell = z.infer<typeof HeatmapCell>

export const Heatmap = z.object({
  campaign: CampaignSummary,
  scale: z.object({ min: z.number(), max: z.number(), favourableFrom: z.number() }),
  dimensions: z.array(z.object({ id: z.string(), title: z.string() })),
  cells: z.array(HeatmapCell),
})
export type Heatmap = z.infer<typeof Heatmap>

export const CellReport = z.object({
  campaign: CampaignSummary,
  cell: HeatmapCell.omit({ scores: true }),
  children: z.array(HeatmapCell.pick({ id: true, name: true, kind: true, status: true })),
  dimensions: z.array(DimensionResult),
  items: z.array(ItemResult),
})
export type CellReport = z.infer<typeof CellReport>

export const GroupTrendPoint = z.object({
  campaignId: z.string(),
  campaignName: z.string(),
  closesAt: z.string().describe('When the campaign was set to close'),
  closedOn: z
    .string()
    .describe('The day it closed and was released (earlier than closesAt when closed early)'),
  status: CellStatus,
  respondents: z.number().int().nullable(),
  scores: z.array(Score),
})
export const GroupTrend = z.object({
  groupId: z.string(),
  name: z.string(),
  surveyId: z.string().nullable(),
  dimensions: z.array(z.object({ id: z.string(), title: z.string() })),
  points: z.array(GroupTrendPoint),
})
export type GroupTrend = z.infer<typeof GroupTrend>

/** Dimension scores of released statistics, for the heatmap and comparisons. */
export function scoresOf(release: Released<ReleasedRound> | WithheldRound): Score[] {
  if (!release.released) return []
  return release.stats
    .filter((row: StatRow) => row.kind === 'dimension' && row.n >= 2)
    .map((row) => {
      const ci = confidenceInterval95(row)
      return {
        dimension: row.key,
        mean: roundTo(ci.mean, 2),
        low: roundTo(ci.low, 2),
        high: roundTo(ci.high, 2),
        favourablePercent: roundTo((100 * row.favourable) / row.n, 0),
      }
    })
}

/** A published cell's response rate, in percent. */
export function rateOf(release: Released<ReleasedRound> | WithheldRound): number | null {
  if (!release.released || !release.invited) return null
  return roundTo((100 * release.respondents) / release.invited, 0)
}
