import { sql, type CompiledQuery } from 'kysely'
import type { Db, RoundsTable } from './schema'

export type RoundRow = RoundsTable

export async function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst()
}

/** A team's rounds, newest first. */
export async function listTeamRounds(db: Db, teamId: string): Promise<RoundRow[]> {
  return db
    .selectFrom('rounds')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('opens_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
}

/** Open rounds whose closing time has passed. */
export async function listDueRounds(db: Db, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('rounds')
    .select('id')
    .where('status', '=', 'open')
    .where('closes_at', '<=', now)
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
    .execute()
  return rows.map((r) => r.id)
}

/** Marks an open round closed; true only for the caller that closed it. */
export async function markRoundClosed(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('rounds')
    .set({ status: 'closed', closed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** P3 in the database too: the update only ever raises k, and only while open. */
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

/** Counts minted links on the round, only while it is open (run in the batch that mints). */
export function countInvitedQuery(db: Db, roundId: string, added: number): CompiledQuery {
  return db
    .updateTable('rounds')
    .set({ invited: sql`invited + ${added}` })
    .where('id', '=', roundId)
    .where('status', '=', 'open')
    .compile()
}

export function insertRoundQuery(db: Db, round: RoundRow): CompiledQuery {
  return db.insertInto('rounds').values(round).compile()
}

/**
 * How many answered each of a team's rounds, in two queries whatever the number of rounds:
 * the frozen count for released rounds, the live count for the others.
 */
export async function teamRespondentCounts(db: Db, teamId: string): Promise<Map<string, number>> {
  const released = await db
    .selectFrom('round_results')
    .innerJoin('rounds', 'rounds.id', 'round_results.round_id')
    .select(['round_results.round_id as id', 'round_results.respondents as n'])
    .where('rounds.team_id', '=', teamId)
    .execute()
  const live = await db
    .selectFrom('ballots')
    .innerJoin('rounds', 'rounds.id', 'ballots.round_id')
    .select((eb) => ['ballots.round_id as id', eb.fn.countAll<number>().as('n')])
    .where('rounds.team_id', '=', teamId)
    .where('rounds.status', '=', 'open')
    .where('ballots.filled', '=', 1)
    .groupBy('ballots.round_id')
    .execute()
  return new Map([...live, ...released].map((r) => [r.id, Number(r.n)]))
}
