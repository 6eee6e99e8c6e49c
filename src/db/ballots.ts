import { CompiledQuery, sql } from 'kysely'
import type { Db } from './schema'

/**
 * Every statement on ballots and comment pools (migrations/0002_ballots.sql). Both ballot boxes
 * (group commit on Node, one batch per submission on D1) and the release run these, so the rules
 * that keep the file layout free of arrival order live in one place:
 * - ballots are inserted at minting, in the order given (callers shuffle), as zeros of the sealed
 *   size; a fill replaces the zeros with a sealed ballot of the same size, so SQLite rewrites the
 *   cell where it stands;
 * - a fill is also the claim (P6): it changes the row only while it is empty and its round open.
 */

/**
 * Empty ballots for an open round, in the order given: one statement for any number of them
 * (D1 allows only 100 bound values per statement, so the places travel as one JSON array).
 * With `limit`, only if the round's links stay within it (P6b; see addLinksQuery).
 */
export function insertBallotsQuery(
  db: Db,
  roundId: string,
  places: readonly string[],
  sealedBytes: number,
  limit?: LinkLimit,
): CompiledQuery {
  const within = limit ? withinLimit(places.length, limit) : sql``
  return sql`INSERT INTO ballots (round_id, place, filled, sealed)
    SELECT ${roundId}, value, 0, zeroblob(${sealedBytes}) FROM json_each(${JSON.stringify(places)})
    WHERE EXISTS (SELECT 1 FROM rounds WHERE id = ${roundId} AND status = 'open' ${within})
    ORDER BY key`.compile(db)
}

/**
 * The limit links are made within (P6b): the roster's size, and with mail, how many members have
 * no address (links by hand are only for them and for extra links; a link is by hand when no
 * delivery was recorded for it, so a mailing still under way counts as by hand: the safe side).
 */
export interface LinkLimit {
  teamSize: number
  withoutAddress?: number | undefined
}

/** The SQL condition on the round's row (`rounds`) that `adding` more links keep the limit. */
export function withinLimit(adding: number, limit: LinkLimit) {
  const byHand =
    limit.withoutAddress === undefined
      ? sql``
      : sql`AND invited - (SELECT count(*) FROM deliveries WHERE deliveries.round_id = rounds.id)
          + ${adding} <= ${limit.withoutAddress} + extra_links`
  return sql`AND invited + ${adding} <= ${limit.teamSize} + extra_links ${byHand}`
}

export interface Fill {
  roundId: string
  place: string
  sealed: Uint8Array
  now: string
  bucket: number
}

const FILL = `UPDATE ballots SET filled = 1, sealed = ?
  WHERE round_id = ? AND place = ? AND filled = 0 AND length(sealed) = length(?)
    AND EXISTS (SELECT 1 FROM rounds WHERE id = ? AND status = 'open'
      AND opens_at <= ? AND closes_at > ?)`
const fillParameters = (f: Fill) => [
  f.sealed,
  f.roundId,
  f.place,
  f.sealed,
  f.roundId,
  f.now,
  f.now,
]

/**
 * Fills an empty ballot of an open round; changes one row or none. Written out rather than built,
 * because it runs once per submission.
 */
export function fillBallotQuery(f: Fill): CompiledQuery {
  return CompiledQuery.raw(FILL, fillParameters(f))
}

/** Why a fill changed nothing, in the order a respondent should hear it. */
export type FillRefusal = 'unknown' | 'closed' | 'not_open' | 'used'

export interface BallotState {
  filled: number | null
  status: string
  opens_at: string
  closes_at: string
}

/** What a refused fill met: the ballot (if any) and its round's times. */
export function ballotStateQuery(roundId: string, place: string): CompiledQuery {
  return CompiledQuery.raw(
    `SELECT (SELECT filled FROM ballots WHERE round_id = ? AND place = ?) AS filled,
      status, opens_at, closes_at FROM rounds WHERE id = ?`,
    [roundId, place, roundId],
  )
}

/** Why a fill changed nothing; 'empty' when the ballot could still take it (a lost race). */
export function fillRefusal(state: BallotState | undefined, now: string): FillRefusal | 'empty' {
  // The round's state first: it is public, and says nothing about the link. A released round
  // has no ballots left, so its links would otherwise look unknown.
  if (!state) return 'unknown'
  if (state.status !== 'open' || state.closes_at <= now) return 'closed'
  if (state.opens_at > now) return 'not_open'
  if (state.filled === null || state.filled === undefined) return 'unknown'
  return state.filled === 1 ? 'used' : 'empty'
}

export function readCommentPoolQuery(roundId: string, bucket: number): CompiledQuery {
  return CompiledQuery.raw(
    'SELECT version, sealed FROM comment_pools WHERE round_id = ? AND bucket = ?',
    [roundId, bucket],
  )
}

/**
 * Writes one bucket of a round's comments as version `expected + 1`, only if it still is at
 * `expected` (0: none yet) and, when `filledWith` is given, only if that sealed ballot was just
 * written by the same batch (its nonce makes it unique), so comments never land without their
 * ballot.
 */
export function writeCommentPoolQuery(
  at: { roundId: string; bucket: number },
  expected: number,
  sealed: Uint8Array,
  filledWith?: { place: string; sealed: Uint8Array },
): CompiledQuery {
  const { roundId, bucket } = at
  const guard = filledWith
    ? 'EXISTS (SELECT 1 FROM ballots WHERE round_id = ? AND place = ? AND sealed = ?)'
    : '1'
  return CompiledQuery.raw(
    `INSERT INTO comment_pools (round_id, bucket, version, sealed)
      SELECT ?, ?, ?, ? WHERE ${guard}
        AND COALESCE((SELECT version FROM comment_pools WHERE round_id = ? AND bucket = ?), 0) = ?
      ON CONFLICT (round_id, bucket) DO UPDATE SET version = excluded.version,
        sealed = excluded.sealed WHERE comment_pools.version = ?`,
    [
      roundId,
      bucket,
      expected + 1,
      sealed,
      ...(filledWith ? [roundId, filledWith.place, filledWith.sealed] : []),
      roundId,
      bucket,
      expected,
      expected,
    ],
  )
}

/** A fill that also requires the comment list to still be at `expected` (D1's optimistic path). */
export function fillBallotIfPoolQuery(f: Fill, expected: number): CompiledQuery {
  return CompiledQuery.raw(
    `${FILL} AND COALESCE((SELECT version FROM comment_pools
      WHERE round_id = ? AND bucket = ?), 0) = ?`,
    [...fillParameters(f), f.roundId, f.bucket, expected],
  )
}

/** The sealed answers of a round's filled ballots, for its release. */
export async function readFilledBallots(db: Db, roundId: string): Promise<Uint8Array[]> {
  const rows = await db
    .selectFrom('ballots')
    .select('sealed')
    .where('round_id', '=', roundId)
    .where('filled', '=', 1)
    .execute()
  return rows.map((r) => toBytes(r.sealed))
}

/** One bucket of a round's comments, for a writer that adds to it. */
export async function readCommentPool(
  db: Db,
  roundId: string,
  bucket: number,
): Promise<{ version: number; sealed: Uint8Array } | undefined> {
  const row = await db
    .selectFrom('comment_pools')
    .select(['version', 'sealed'])
    .where('round_id', '=', roundId)
    .where('bucket', '=', bucket)
    .executeTakeFirst()
  return row && { version: row.version, sealed: toBytes(row.sealed) }
}

/** Every bucket of a round's comments, for its release. */
export async function readCommentPools(db: Db, roundId: string): Promise<Uint8Array[]> {
  const rows = await db
    .selectFrom('comment_pools')
    .select('sealed')
    .where('round_id', '=', roundId)
    .execute()
  return rows.map((r) => toBytes(r.sealed))
}

export async function countFilledBallots(db: Db, roundId: string): Promise<number> {
  const row = await db
    .selectFrom('ballots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('round_id', '=', roundId)
    .where('filled', '=', 1)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Erases a released round's ballots and comments, and whatever tied members to their unused
 * links (for reminders), with its remaining reminders. With `secure_delete` (Node) SQLite
 * overwrites the freed bytes with zeros; the ballots were sealed in any case.
 */
export function eraseBallotsQueries(db: Db, roundId: string): CompiledQuery[] {
  return [
    db.deleteFrom('ballots').where('round_id', '=', roundId).compile(),
    db.deleteFrom('comment_pools').where('round_id', '=', roundId).compile(),
    db.deleteFrom('unused_links').where('round_id', '=', roundId).compile(),
    db
      .deleteFrom('reminders')
      .where('round_id', '=', roundId)
      .where('sent_at', 'is', null)
      .compile(),
  ]
}

/**
 * Forgets which member a link belonged to once it is used, in the write that fills it. `sealed`
 * is the ballot just written (its nonce makes it unique), so a refused fill forgets nothing.
 */
export function forgetUsedLinkQuery(
  roundId: string,
  tag: string,
  filledWith: { place: string; sealed: Uint8Array },
): CompiledQuery {
  return CompiledQuery.raw(
    `DELETE FROM unused_links WHERE round_id = ? AND tag = ?
      AND EXISTS (SELECT 1 FROM ballots WHERE round_id = ? AND place = ? AND sealed = ?)`,
    [roundId, tag, roundId, filledWith.place, filledWith.sealed],
  )
}

/** BLOBs arrive as Buffer (better-sqlite3), ArrayBuffer or an array of numbers (D1). */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (Array.isArray(value)) return Uint8Array.from(value as number[])
  throw new Error('expected a BLOB')
}
