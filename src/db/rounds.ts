import { sql, type CompiledQuery } from 'kysely'
import type { Db, RoundsTable } from './schema'

export type RoundRow = RoundsTable

export async function insertRound(db: Db, round: RoundRow): Promise<void> {
  await db.insertInto('rounds').values(round).execute()
}

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

/** D1 allows at most 100 bound parameters per statement; invitations take 2 each. */
const INVITATIONS_PER_STATEMENT = 40

/**
 * Statements that store invitation hashes and count them on the round, only while it is open.
 * Run them through the batch helper so the count and the rows agree.
 */
export function mintInvitationsQueries(db: Db, roundId: string, hashes: string[]): CompiledQuery[] {
  const queries: CompiledQuery[] = []
  for (let i = 0; i < hashes.length; i += INVITATIONS_PER_STATEMENT) {
    const chunk = hashes.slice(i, i + INVITATIONS_PER_STATEMENT)
    queries.push(
      db
        .insertInto('invitations')
        .values(chunk.map((h) => ({ secret_hash: h, round_id: roundId, claimed: 0 })))
        .compile(),
    )
  }
  queries.push(
    db
      .updateTable('rounds')
      .set({ invited: sql`invited + ${hashes.length}` })
      .where('id', '=', roundId)
      .where('status', '=', 'open')
      .compile(),
  )
  return queries
}

/** Whether an invitation exists for this round, and whether it was used. */
export async function findInvitation(
  db: Db,
  roundId: string,
  secretHash: string,
): Promise<{ claimed: boolean } | undefined> {
  const row = await db
    .selectFrom('invitations')
    .select('claimed')
    .where('secret_hash', '=', secretHash)
    .where('round_id', '=', roundId)
    .executeTakeFirst()
  return row && { claimed: row.claimed === 1 }
}

export async function countResponses(db: Db, roundId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('round_id', '=', roundId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
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
    .selectFrom('responses')
    .innerJoin('rounds', 'rounds.id', 'responses.round_id')
    .select((eb) => ['responses.round_id as id', eb.fn.countAll<number>().as('n')])
    .where('rounds.team_id', '=', teamId)
    .where('rounds.status', '=', 'open')
    .groupBy('responses.round_id')
    .execute()
  return new Map([...live, ...released].map((r) => [r.id, Number(r.n)]))
}
