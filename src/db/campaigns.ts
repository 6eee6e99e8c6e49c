import { sql, type CompiledQuery } from 'kysely'
import type { ReleaseRecord } from '../domain/anonymity'
import type { StatRow } from '../domain/scoring'
import { toBytes } from './ballots'
import type { CampaignCellsTable, CampaignsTable, Db, RoundsTable } from './schema'

/** Campaigns and their release ledger (migrations/0007_organisation.sql). */

export type CampaignRow = CampaignsTable
export type CellRow = CampaignCellsTable

export function insertCampaignQuery(db: Db, campaign: CampaignRow): CompiledQuery {
  return db.insertInto('campaigns').values(campaign).compile()
}

export async function findCampaign(db: Db, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Campaigns of these groups (all when `groupIds` is undefined), newest first. */
export async function listCampaigns(db: Db, groupIds?: readonly string[]): Promise<CampaignRow[]> {
  if (groupIds?.length === 0) return []
  let query = db.selectFrom('campaigns').selectAll()
  if (groupIds) query = query.where('group_id', 'in', groupIds)
  return query.orderBy('opens_at', 'desc').orderBy('created_at', 'desc').execute()
}

/** Open campaigns past their closing time, and campaigns whose release was interrupted. */
export async function listDueCampaigns(db: Db, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('campaigns')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'open'), eb('closes_at', '<=', now)]),
        eb('status', '=', 'closing'),
      ]),
    )
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Starts a campaign's close: the campaign becomes 'closing' and every round of it closed at
 * `closedAt`, in one batch, so no submission lands after its answers are read.
 */
export function markCampaignClosingQueries(db: Db, id: string, closedAt: string): CompiledQuery[] {
  return [
    db
      .updateTable('campaigns')
      .set({ status: 'closing' })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .compile(),
    db
      .updateTable('rounds')
      .set({ status: 'closed', closed_at: closedAt })
      .where('campaign_id', '=', id)
      .where('status', '=', 'open')
      .compile(),
  ]
}

export async function listCampaignRounds(db: Db, campaignId: string): Promise<RoundsTable[]> {
  return db
    .selectFrom('rounds')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('id')
    .execute()
}

/** Every campaign round's filled ballots and comment lists, by round, in two queries. */
export async function readCampaignBallots(db: Db, campaignId: string) {
  const ballots = await db
    .selectFrom('ballots')
    .innerJoin('rounds', 'rounds.id', 'ballots.round_id')
    .select(['ballots.round_id', 'ballots.sealed'])
    .where('rounds.campaign_id', '=', campaignId)
    .where('ballots.filled', '=', 1)
    .execute()
  const pools = await db
    .selectFrom('comment_pools')
    .innerJoin('rounds', 'rounds.id', 'comment_pools.round_id')
    .select(['comment_pools.round_id', 'comment_pools.sealed'])
    .where('rounds.campaign_id', '=', campaignId)
    .execute()
  const group = (rows: { round_id: string; sealed: unknown }[]) => {
    const byRound = new Map<string, Uint8Array[]>()
    for (const r of rows) {
      const list = byRound.get(r.round_id)
      if (list) list.push(toBytes(r.sealed))
      else byRound.set(r.round_id, [toBytes(r.sealed)])
    }
    return byRound
  }
  return { ballots: group(ballots), pools: group(pools) }
}

/** A campaign round's results as its release stores them. */
export interface CampaignRoundResult {
  roundId: string
  respondents: number
  invited: number
  comments: { questionId: string; body: string }[]
  /** Stored only for a published team: a withheld round keeps its counts alone. */
  stats: StatRow[]
  records: ReleaseRecord[]
}

/**
 * D1 allows 100 bound values per statement and about 1 MB per value: rows travel as JSON arrays
 * of at most this many characters, read back by json_each, so a campaign's release is a handful
 * of statements whatever its size.
 */
const CHUNK_CHARS = 500_000

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  let current: T[] = []
  let size = 0
  for (const item of items) {
    const length = JSON.stringify(item).length
    if (current.length > 0 && size + length > CHUNK_CHARS) {
      out.push(current)
      current = []
      size = 0
    }
    current.push(item)
    size += length + 1
  }
  if (current.length > 0) out.push(current)
  return out
}

/**
 * The release of a campaign's rounds: their results, the record of what each audience sees, and
 * the erasure of their ballots (P5). A row already there stays (ON CONFLICT DO NOTHING: a racing
 * release changes nothing); unlike INSERT OR IGNORE, a row that breaks a CHECK constraint fails
 * the whole batch instead of vanishing silently.
 */
export function storeCampaignRoundsQueries(
  db: Db,
  campaignId: string,
  results: readonly CampaignRoundResult[],
  now: string,
): CompiledQuery[] {
  const queries: CompiledQuery[] = []
  for (const part of chunks(
    results.map((r) => ({
      round: r.roundId,
      respondents: r.respondents,
      invited: r.invited,
      comments: JSON.stringify(r.comments),
    })),
  ))
    queries.push(
      sql`INSERT INTO round_results (round_id, respondents, invited, comments, released_at)
      SELECT json_extract(value, '$.round'), json_extract(value, '$.respondents'),
        json_extract(value, '$.invited'), json_extract(value, '$.comments'), ${now}
      FROM json_each(${JSON.stringify(part)}) WHERE true ON CONFLICT DO NOTHING`.compile(db),
    )
  const stats = results.flatMap((r) => r.stats.map((s) => ({ ...s, round: r.roundId })))
  for (const part of chunks(stats))
    queries.push(
      sql`INSERT INTO round_stats
      (round_id, kind, key, n, sum, sum_sq, favourable, histogram)
      SELECT json_extract(value, '$.round'), json_extract(value, '$.kind'),
        json_extract(value, '$.key'), json_extract(value, '$.n'), json_extract(value, '$.sum'),
        json_extract(value, '$.sumSq'), json_extract(value, '$.favourable'),
        json_extract(value, '$.histogram')
      FROM json_each(${JSON.stringify(part)}) WHERE true ON CONFLICT DO NOTHING`.compile(db),
    )
  const records = results.flatMap((r) =>
    r.records.map((rec) => ({
      round: r.roundId,
      audience: rec.audience,
      released: rec.released ? 1 : 0,
      respondents: rec.respondents,
      invited: rec.invited,
      comments: rec.comments,
      protects: rec.protects ? 1 : 0,
    })),
  )
  for (const part of chunks(records))
    queries.push(
      sql`INSERT INTO releases
      (round_id, audience, released, respondents, invited, comments, protects, recorded_on)
      SELECT json_extract(value, '$.round'), json_extract(value, '$.audience'),
        json_extract(value, '$.released'), json_extract(value, '$.respondents'),
        json_extract(value, '$.invited'), json_extract(value, '$.comments'),
        json_extract(value, '$.protects'), ${now.slice(0, 10)}
      FROM json_each(${JSON.stringify(part)}) WHERE true ON CONFLICT DO NOTHING`.compile(db),
    )
  const ofCampaign = db.selectFrom('rounds').select('id').where('campaign_id', '=', campaignId)
  queries.push(
    db.deleteFrom('ballots').where('round_id', 'in', ofCampaign).compile(),
    db.deleteFrom('comment_pools').where('round_id', 'in', ofCampaign).compile(),
    db.deleteFrom('unused_links').where('round_id', 'in', ofCampaign).compile(),
    db
      .deleteFrom('reminders')
      .where('round_id', 'in', ofCampaign)
      .where('sent_at', 'is', null)
      .compile(),
  )
  return queries
}

/** The ledger's rows, written once (the first release stands; a row breaking a CHECK fails it). */
export function insertCellsQueries(db: Db, cells: readonly CellRow[]): CompiledQuery[] {
  return chunks(cells).map((part) =>
    sql`INSERT INTO campaign_cells (campaign_id, cell_id, kind, parent_id, name,
        round_id, position, decision, respondents, invited, links, stats, scores)
      SELECT json_extract(value, '$.campaign_id'), json_extract(value, '$.cell_id'),
        json_extract(value, '$.kind'), json_extract(value, '$.parent_id'),
        json_extract(value, '$.name'), json_extract(value, '$.round_id'),
        json_extract(value, '$.position'), json_extract(value, '$.decision'),
        json_extract(value, '$.respondents'), json_extract(value, '$.invited'),
        json_extract(value, '$.links'), json_extract(value, '$.stats'),
        json_extract(value, '$.scores')
      FROM json_each(${JSON.stringify(part)}) WHERE true ON CONFLICT DO NOTHING`.compile(db),
  )
}

/** The end of a release: the campaign is released (or rejected) on this day. */
export function finishCampaignQuery(
  db: Db,
  id: string,
  outcome: { status: 'released' | 'rejected'; reason: string | null; day: string },
): CompiledQuery {
  return db
    .updateTable('campaigns')
    .set({ status: outcome.status, rejected_reason: outcome.reason, released_on: outcome.day })
    .where('id', '=', id)
    .where('status', '=', 'closing')
    .compile()
}

/** A campaign's ledger, in its order; with its dimension scores only (a heatmap's read). */
export async function listCells(db: Db, campaignId: string): Promise<Omit<CellRow, 'stats'>[]> {
  return db
    .selectFrom('campaign_cells')
    .select([
      'campaign_id',
      'cell_id',
      'kind',
      'parent_id',
      'name',
      'round_id',
      'position',
      'decision',
      'respondents',
      'invited',
      'links',
      'scores',
    ])
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute()
}

/** One cell of a campaign's ledger with all its statistics. */
export async function findCell(db: Db, campaignId: string, cellId: string) {
  return db
    .selectFrom('campaign_cells')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('cell_id', '=', cellId)
    .executeTakeFirst()
}

/** The ledger rows of one cell (a group or a team) across campaigns, with their campaigns. */
export async function listCellHistory(db: Db, cellId: string) {
  return db
    .selectFrom('campaign_cells')
    .innerJoin('campaigns', 'campaigns.id', 'campaign_cells.campaign_id')
    .selectAll('campaign_cells')
    .select([
      'campaigns.name as campaign_name',
      'campaigns.survey_id',
      'campaigns.survey_version',
      'campaigns.k',
      'campaigns.opens_at',
      'campaigns.closes_at',
      'campaigns.released_on',
    ])
    .where('campaign_cells.cell_id', '=', cellId)
    .where('campaigns.status', '=', 'released')
    .orderBy('campaigns.closes_at')
    .execute()
}

/** One cell of a campaign's ledger and its parent's, for a team's report beside its group. */
export async function findCellWithParent(db: Db, campaignId: string, cellId: string) {
  const cell = await db
    .selectFrom('campaign_cells')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('cell_id', '=', cellId)
    .executeTakeFirst()
  const parent =
    cell?.parent_id == null
      ? undefined
      : await db
          .selectFrom('campaign_cells')
          .selectAll()
          .where('campaign_id', '=', campaignId)
          .where('cell_id', '=', cell.parent_id)
          .executeTakeFirst()
  return { cell, parent }
}

/** Groups and teams as they stand, for a campaign's hierarchy. */
export async function readOrganisation(db: Db) {
  const groups = await db.selectFrom('groups').select(['id', 'name', 'parent_id']).execute()
  const teams = await db.selectFrom('teams').select(['id', 'name', 'group_id']).execute()
  return { groups, teams }
}

/** How many teams are in each campaign (its rounds), for lists; or in one campaign. */
export async function countCampaignRounds(
  db: Db,
  campaignId?: string,
): Promise<Map<string, number>> {
  let query = db
    .selectFrom('rounds')
    .select(['campaign_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', 'is not', null)
  if (campaignId !== undefined) query = query.where('campaign_id', '=', campaignId)
  const rows = await query.groupBy('campaign_id').execute()
  return new Map(rows.map((r) => [r.campaign_id!, Number(r.n)]))
}
