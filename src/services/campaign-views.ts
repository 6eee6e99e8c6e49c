import {
  findCampaign,
  findCell,
  findCellWithParent,
  listCellHistory,
  listCells,
  type CellRow,
} from '../db/campaigns'
import { scoreRows } from '../domain/campaign'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { releasedFromLedger } from '../domain/anonymity'
import { notFound } from '../domain/errors'
import {
  rateOf,
  scoresOf,
  type CellReport,
  type GroupBeside,
  type GroupTrend,
  type Heatmap,
  type HeatmapCell,
} from '../domain/heatmap'
import { figuresOf } from '../domain/report'
import type { StatRow } from '../domain/scoring'
import { localize, type SurveyDefinition } from '../domain/survey'
import { requireCampaign, summarize, type Reach } from './campaigns'
import { requireGroup } from './groups'
import { getSurvey } from './surveys'

/*
 * Every view of a campaign reads the ledger (campaign_cells) and nothing else: which cells were
 * published, and the statistics stored with them. Withheld cells carry no number; comments never
 * roll up. A lead of a group under the campaign's group sees their part of the hierarchy only.
 */

/** The heatmap of a campaign: every cell the actor may see, × the survey's dimensions. */
export async function campaignHeatmap(
  deps: Deps,
  actor: Actor,
  campaignId: string,
  locale = 'en',
): Promise<Heatmap> {
  const { campaign, reach, group } = await requireCampaign(deps, actor, campaignId)
  const summary = await summarize(deps, campaign, group)
  const survey = await getSurvey(deps, campaign.survey_id, campaign.survey_version)
  const rows = visibleCells(await listCells(deps.db, campaign.id), reach)
  const depth = depthsOf(rows)
  return {
    campaign: summary,
    scale: scaleOf(survey),
    dimensions: survey.dimensions.map((d) => ({ id: d.id, title: localize(d.title, locale) })),
    cells: rows.map((row) => heatmapCell(row, campaign.k, depth.get(row.cell_id) ?? 0)),
  }
}

function scaleOf(survey: SurveyDefinition) {
  const scale = survey.scales[0]!
  const values = scale.points.map((p) => p.value)
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    favourableFrom: scale.favourableFrom,
  }
}

/** A ledger row as a heatmap reads it: its dimension scores, not every statistic. */
type ScoredRow = Omit<CellRow, 'stats'>

function heatmapCell(row: ScoredRow, k: number, depth: number): HeatmapCell {
  const release = releasedFromLedger({ ...row, stats: scoreRows(row.scores) }, k)
  return {
    id: row.cell_id,
    name: row.name,
    kind: row.kind,
    parentId: row.parent_id,
    depth,
    status: row.decision,
    respondents: release.released ? release.respondents : null,
    responseRate: rateOf(release),
    scores: scoresOf(release),
  }
}

const statsOf = (row: Pick<CellRow, 'stats'>): StatRow[] | null =>
  row.stats === null ? null : (JSON.parse(row.stats) as StatRow[])

/** The cells an actor sees: all, or those inside the groups they lead. */
function visibleCells<T extends ScoredRow>(rows: readonly T[], reach: Reach): T[] {
  if (reach === 'all') return [...rows]
  if (reach === 'none') return []
  const parent = new Map(rows.map((r) => [r.cell_id, r.parent_id]))
  return rows.filter((r) => {
    for (let at: string | null = r.cell_id, steps = 0; at && steps < 1000; steps += 1) {
      if (reach.groups.has(at)) return true
      at = parent.get(at) ?? null
    }
    return false
  })
}

function depthsOf(rows: readonly ScoredRow[]): Map<string, number> {
  const depth = new Map<string, number>()
  for (const r of rows) depth.set(r.cell_id, r.parent_id ? (depth.get(r.parent_id) ?? -1) + 1 : 0)
  return depth
}

/** One cell of a campaign (a group's roll-up or a team) in full, as the ledger published it. */
export async function campaignCellReport(
  deps: Deps,
  actor: Actor,
  campaignId: string,
  cellId: string,
  locale = 'en',
): Promise<CellReport> {
  const { campaign, reach, group } = await requireCampaign(deps, actor, campaignId)
  const rows = visibleCells(await listCells(deps.db, campaign.id), reach)
  const row = rows.find((r) => r.cell_id === cellId)
  const full = row && (await findCell(deps.db, campaign.id, row.cell_id))
  if (!row || !full) throw notFound('This cell')
  const survey = await getSurvey(deps, campaign.survey_id, campaign.survey_version)
  const release = releasedFromLedger({ ...full, stats: statsOf(full) }, campaign.k)
  const depth = depthsOf(rows)
  const { scores: _, ...cell } = heatmapCell(row, campaign.k, depth.get(row.cell_id) ?? 0)
  return {
    campaign: await summarize(deps, campaign, group),
    cell,
    children: rows
      .filter((r) => r.parent_id === row.cell_id)
      .map((r) => ({ id: r.cell_id, name: r.name, kind: r.kind, status: r.decision })),
    ...(release.released
      ? figuresOf(survey, release.stats, locale)
      : { dimensions: [], items: [] }),
  }
}

/**
 * A group's scores over the campaigns that covered it (released ones), of the survey of its
 * latest campaign: each point as that campaign's ledger decided it.
 */
export async function groupTrend(
  deps: Deps,
  actor: Actor,
  groupId: string,
  locale = 'en',
): Promise<GroupTrend> {
  const group = await requireGroup(deps, actor, groupId)
  const history = await listCellHistory(deps.db, group.id)
  const latest = history[history.length - 1]
  const survey = latest ? await getSurvey(deps, latest.survey_id, latest.survey_version) : null
  const points = history
    .filter((h) => h.survey_id === latest?.survey_id)
    .map((h) => {
      const release = releasedFromLedger({ ...h, stats: scoreRows(h.scores) }, h.k)
      return {
        campaignId: h.campaign_id,
        campaignName: h.campaign_name,
        closesAt: h.closes_at,
        // Released campaigns only (listCellHistory): their day of release is set.
        closedOn: h.released_on ?? h.closes_at.slice(0, 10),
        status: h.decision,
        respondents: release.released ? release.respondents : null,
        scores: scoresOf(release),
      }
    })
  return {
    groupId: group.id,
    name: group.name,
    surveyId: survey?.id ?? null,
    dimensions: (survey?.dimensions ?? []).map((d) => ({
      id: d.id,
      title: localize(d.title, locale),
    })),
    points,
  }
}

/**
 * For a team's round in a campaign: its group's scores in that campaign, where the ledger
 * published both the team and its group (the reader already sees the team's report).
 */
export async function groupBeside(
  deps: Deps,
  round: { campaign_id: string | null; team_id: string },
): Promise<GroupBeside | null> {
  if (!round.campaign_id) return null
  const campaign = await findCampaign(deps.db, round.campaign_id)
  if (campaign?.status !== 'released') return null
  const { cell, parent } = await findCellWithParent(deps.db, campaign.id, round.team_id)
  if (cell?.decision !== 'published' || parent?.decision !== 'published') return null
  return {
    campaignId: campaign.id,
    campaignName: campaign.name,
    groupId: parent.cell_id,
    groupName: parent.name,
    scores: scoresOf(
      releasedFromLedger({ ...parent, stats: scoreRows(parent.scores) }, campaign.k),
    ),
  }
}
