import { z } from 'zod'
import type { LedgerInput } from './ledger'
import type { StatRow } from './scoring'

/**
 * A campaign's hierarchy and the statistics of its cells. The hierarchy is the campaign's group
 * and everything under it that holds one of its teams, as it stands when the campaign closes;
 * the ledger (src/domain/ledger.ts) decides what of it is published.
 */

export interface OrgGroup {
  id: string
  name: string
  parent_id: string | null
}
export interface OrgTeam {
  id: string
  name: string
  group_id: string | null
}

/** One cell of a campaign's hierarchy, parent first, depth first, by name. */
export interface CampaignCell extends LedgerInput {
  name: string
  depth: number
  /** Teams: their round in the campaign. */
  roundId: string | null
}

/**
 * The campaign's cells: its group, the groups under it that hold one of its teams, and its teams
 * (those with a round in it). A team moved out from under the campaign's group since it opened
 * still counts: it is placed right under the campaign's group.
 */
export function campaignHierarchy(
  org: { groups: readonly OrgGroup[]; teams: readonly OrgTeam[] },
  rootId: string,
  rounds: ReadonlyMap<string, { roundId: string; respondents: number; links?: number }>,
): CampaignCell[] {
  const groups = new Map(org.groups.map((g) => [g.id, g]))
  const under = (groupId: string | null): boolean => {
    for (let at = groupId, steps = 0; at && steps < 1000; steps += 1) {
      if (at === rootId) return true
      at = groups.get(at)?.parent_id ?? null
    }
    return false
  }
  const childGroups = new Map<string, OrgGroup[]>()
  for (const g of org.groups)
    if (g.parent_id && g.id !== rootId)
      childGroups.set(g.parent_id, [...(childGroups.get(g.parent_id) ?? []), g])
  const teamsIn = new Map<string, OrgTeam[]>()
  for (const t of org.teams) {
    // A team whose round has no links is known by everyone to hold nobody: nothing to publish
    // or protect, and no cell (the ledger would otherwise hide a count that is public).
    if (!rounds.has(t.id) || rounds.get(t.id)!.links === 0) continue
    const at = t.group_id && under(t.group_id) ? t.group_id : rootId
    teamsIn.set(at, [...(teamsIn.get(at) ?? []), t])
  }
  const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
    a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : 1)
  const cells: CampaignCell[] = []
  const holdsTeams = (id: string): boolean =>
    (teamsIn.get(id)?.length ?? 0) > 0 || (childGroups.get(id) ?? []).some((g) => holdsTeams(g.id))
  const visit = (group: OrgGroup, parent: string | null, depth: number) => {
    cells.push({
      id: group.id,
      parent,
      kind: 'group',
      name: group.name,
      depth,
      roundId: null,
      respondents: 0,
    })
    for (const team of [...(teamsIn.get(group.id) ?? [])].sort(byName)) {
      const round = rounds.get(team.id)!
      cells.push({
        id: team.id,
        parent: group.id,
        kind: 'team',
        name: team.name,
        depth: depth + 1,
        roundId: round.roundId,
        respondents: round.respondents,
        links: round.links,
      })
    }
    for (const child of [...(childGroups.get(group.id) ?? [])].sort(byName))
      if (holdsTeams(child.id)) visit(child, group.id, depth + 1)
  }
  const root = groups.get(rootId)
  if (root) visit(root, null, 0)
  return cells
}

/** The statistics of a group: its teams' statistics added (sufficient statistics add). */
export function addStats(parts: readonly (readonly StatRow[])[]): StatRow[] {
  const total = new Map<string, StatRow>()
  for (const rows of parts)
    for (const row of rows) {
      const key = `${row.kind}:${row.key}`
      const sum = total.get(key)
      if (!sum) {
        total.set(key, { ...row, histogram: [...row.histogram] })
        continue
      }
      sum.n += row.n
      sum.sum += row.sum
      sum.sumSq += row.sumSq
      sum.favourable += row.favourable
      row.histogram.forEach((c, i) => (sum.histogram[i] = (sum.histogram[i] ?? 0) + c))
    }
  return [...total.values()]
}

/** Why a cell of the ledger shows no number. */
export const Withheld = z
  .enum(['fewer_than_k', 'protects_smaller'])
  .describe(
    'fewer_than_k: the cell itself holds fewer than k respondents; protects_smaller: withheld by complementary suppression so that no sum or difference of published numbers isolates a smaller group',
  )
export type Withheld = z.infer<typeof Withheld>

/** A cell's dimension statistics, compact, as the ledger keeps them for heatmaps. */
export function compactScores(stats: readonly StatRow[]): string {
  return JSON.stringify(
    stats
      .filter((row) => row.kind === 'dimension')
      .map((row) => [row.key, row.n, row.sum, row.sumSq, row.favourable]),
  )
}

/** The dimension statistics back from their compact form (without histograms). */
export function scoreRows(compact: string | null): StatRow[] | null {
  if (compact === null) return null
  return (JSON.parse(compact) as [string, number, number, number, number][]).map(
    ([key, n, sum, sumSq, favourable]) => ({
      kind: 'dimension',
      key,
      n,
      sum,
      sumSq,
      favourable,
      histogram: [],
    }),
  )
}
