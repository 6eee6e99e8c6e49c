import { sql } from 'kysely'
import type { RoundRow } from './rounds'
import type { Db } from './schema'
import { toBytes } from './ballots'

/** What the team chat is told, and when (migrations/0005_rosters.sql). */

/**
 * Open rounds of teams with a chat webhook whose quorum was reached and not yet announced. Read
 * by the scheduled work, never at submission time: the announcement must not time an answer.
 */
export async function listQuorumsToAnnounce(db: Db, now: string): Promise<RoundRow[]> {
  return db
    .selectFrom('rounds')
    .innerJoin('teams', 'teams.id', 'rounds.team_id')
    .selectAll('rounds')
    .where('rounds.status', '=', 'open')
    .where('rounds.quorum_announced', '=', 0)
    .where('rounds.opens_at', '<=', now)
    .where('rounds.closes_at', '>', now)
    .where('teams.chat_webhook', 'is not', null)
    .where(
      sql<number>`(SELECT count(*) FROM ballots
        WHERE ballots.round_id = rounds.id AND ballots.filled = 1)`,
      '>=',
      sql<number>`rounds.k`,
    )
    .execute()
}

/** Marks a round's quorum as announced; true only for the one caller that changed it. */
export async function markQuorumAnnounced(db: Db, roundId: string): Promise<boolean> {
  const result = await db
    .updateTable('rounds')
    .set({ quorum_announced: 1 })
    .where('id', '=', roundId)
    .where('quorum_announced', '=', 0)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Keeps a share link, sealed, for the team chat's release message. */
export async function setShareLinkSealed(db: Db, id: string, sealed: Uint8Array): Promise<void> {
  await db.updateTable('share_links').set({ sealed_token: sealed }).where('id', '=', id).execute()
}

/** The newest live share link of a team that was kept sealed, with its id (the seal's context). */
export async function findNewestSealedShareLink(
  db: Db,
  teamId: string,
): Promise<{ id: string; sealed: Uint8Array } | undefined> {
  const row = await db
    .selectFrom('share_links')
    .select(['id', 'sealed_token'])
    .where('team_id', '=', teamId)
    .where('revoked_at', 'is', null)
    .where('sealed_token', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy(sql`rowid`, 'desc')
    .executeTakeFirst()
  return row?.sealed_token ? { id: row.id, sealed: toBytes(row.sealed_token) } : undefined
}
