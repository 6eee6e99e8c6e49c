import { sql, type CompiledQuery } from 'kysely'
import { withinLimit, type LinkLimit } from './ballots'
import type { Db, RoundsTable } from './schema'

export type RoundRow = RoundsTable

/** A round as services use it: its row and, once released, its stored respondent count. */
export interface LoadedRound extends RoundRow {
  /** How many answered, as stored at release; null until the round's results are stored. */
  respondents: number | null
  /**
   * 1 when a campaign's ledger withheld the round to protect a smaller group: its count, though
   * at least k, is never shown (P1). Null until released.
   */
  protects?: number | null
}

export async function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Rounds joined with their stored respondent count (null until released). */
const loadedRounds = (db: Db) =>
  db
    .selectFrom('rounds')
    .leftJoin('round_results', 'round_results.round_id', 'rounds.id')
    .leftJoin('releases', (join) =>
      join.onRef('releases.round_id', '=', 'rounds.id').on('releases.audience', '=', 'admin'),
    )
    .selectAll('rounds')
    .select(['round_results.respondents', 'releases.protects'])

/**
 * A round, where it stands, and whether `userId` facilitates its team: everything a request needs
 * to check access and to read or close the round, in one query. (A round's team always exists:
 * deleting a team deletes its rounds.)
 */
export async function findLoadedRound(
  db: Db,
  id: string,
  userId = '',
): Promise<{ round: LoadedRound; facilitates: boolean } | undefined> {
  const row = await loadedRounds(db)
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('team_facilitators')
            .select('team_facilitators.team_id')
            .whereRef('team_facilitators.team_id', '=', 'rounds.team_id')
            .where('team_facilitators.user_id', '=', userId),
        )
        .as('facilitates'),
    )
    .where('rounds.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const { facilitates, ...round } = row
  return { round, facilitates: Boolean(facilitates) }
}

/** A team's rounds, newest first. */
export async function listTeamRounds(db: Db, teamId: string): Promise<LoadedRound[]> {
  return loadedRounds(db)
    .where('rounds.team_id', '=', teamId)
    .orderBy('rounds.opens_at', 'desc')
    .orderBy('rounds.created_at', 'desc')
    .execute()
}

/** Open rounds whose closing time has passed, but for campaigns' rounds. */
export async function listDueRounds(db: Db, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('rounds')
    .select('id')
    .where('status', '=', 'open')
    .where('closes_at', '<=', now)
    // A campaign's rounds close with their campaign (src/services/campaigns.ts).
    .where('campaign_id', 'is', null)
    .execute()
  return rows.map((r) => r.id)
}

/** Closed rounds whose results have not been written (a release interrupted half-way). */
export async function listUnreleasedClosedRounds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('rounds')
    .leftJoin('round_results', 'round_results.round_id', 'rounds.id')
    .select('rounds.id')
    .where('rounds.status', '=', 'closed')
    .where('round_results.round_id', 'is', null)
    .where('rounds.campaign_id', 'is', null)
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Marks an open round closed at `closedAt`. Only the caller that closed it gets the row back, as
 * it is from then on (k and the number of links are final).
 */
export async function markRoundClosed(
  db: Db,
  id: string,
  closedAt: string,
): Promise<RoundRow | undefined> {
  return db
    .updateTable('rounds')
    .set({ status: 'closed', closed_at: closedAt })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst()
}

/**
 * P3 in the database too: the update only ever raises k, only while open, and only while fewer
 * than the current k have answered (P2: see checkRaisedK).
 */
export async function raiseRoundK(
  db: Db,
  id: string,
  k: number,
  commentMin: number,
): Promise<boolean> {
  const result = await db
    .updateTable('rounds')
    .set({ k, comment_min: commentMin })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('k', '<=', k)
    // Not once k is reached: "k reached" for a k raised one at a time would count the answers.
    .where(
      sql<number>`(SELECT count(*) FROM ballots WHERE ballots.round_id = rounds.id
        AND ballots.filled = 1)`,
      '<',
      sql<number>`rounds.k`,
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function setDebrief(
  db: Db,
  id: string,
  note: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('rounds')
    .set({ debrief: note, debrief_updated_at: now })
    .where('id', '=', id)
    .execute()
}

/**
 * Counts `added` links on an open round, only if it then has no more than its roster of
 * `teamSize` and the extra links allowed (P6b), and records that roster size. Run in the batch
 * that makes the links, after insertBallotsQuery with the same limit: both see the same row.
 */
export function addLinksQuery(
  db: Db,
  roundId: string,
  added: number,
  limit: LinkLimit,
): CompiledQuery {
  return sql`UPDATE rounds SET invited = invited + ${added}, team_size = ${limit.teamSize}
    WHERE id = ${roundId} AND status = 'open' ${withinLimit(added, limit)}`.compile(db)
}

/** Allows `count` extra links on an open round (the allowance itself is recorded beside it). */
export function allowExtraLinksQuery(db: Db, roundId: string, count: number): CompiledQuery {
  return db
    .updateTable('rounds')
    .set({ extra_links: sql`extra_links + ${count}` })
    .where('id', '=', roundId)
    .where('status', '=', 'open')
    .compile()
}

export function insertRoundQuery(db: Db, round: RoundRow): CompiledQuery {
  return db.insertInto('rounds').values(round).compile()
}

/**
 * How many have answered each of a team's rounds still open in the database (released rounds
 * carry their frozen count), in one query whatever the number of rounds.
 */
export async function teamLiveCounts(db: Db, teamId: string): Promise<Map<string, number>> {
  const live = await db
    .selectFrom('ballots')
    .innerJoin('rounds', 'rounds.id', 'ballots.round_id')
    .select((eb) => ['ballots.round_id as id', eb.fn.countAll<number>().as('n')])
    .where('rounds.team_id', '=', teamId)
    .where('rounds.status', '=', 'open')
    .where('ballots.filled', '=', 1)
    .groupBy('ballots.round_id')
    .execute()
  return new Map(live.map((r) => [r.id, Number(r.n)]))
}
