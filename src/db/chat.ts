import { sql } from 'kysely'
import type { RoundRow } from './rounds'
import type { Db } from './schema'
import { toBytes } from './ballots'

/** What the team chat is told, and when (migrations/0005_rosters.sql). */

/**
 * Open rounds of teams with a chat webhook whose quorum was reached and not yet announced. Read
 * by the scheduled work, never at submission time: the announcement must not time an answer.
 * Teams with a webhook come first (`CROSS JOIN` keeps SQLite from counting the ballots of every
 * open round of every team, on the event loop, at each check).
 */
export async function listQuorumsToAnnounce(db: Db, now: string): Promise<RoundRow[]> {
  const result = await sql<RoundRow>`SELECT rounds.* FROM teams CROSS JOIN rounds
    WHERE teams.chat_webhook IS NOT NULL AND rounds.team_id = teams.id
      AND rounds.status = 'open' AND rounds.quorum_announced = 0
      AND rounds.opens_at <= ${now} AND rounds.closes_at > ${now}
      AND (SELECT count(*) FROM ballots
        WHERE ballots.round_id = rounds.id AND ballots.filled = 1) >= rounds.k`.execute(db)
  return result.rows
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
