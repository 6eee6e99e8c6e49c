import { sql, type CompiledQuery } from 'kysely'
import type { Db } from './schema'

/** Rotating facilitators: whose turn it is, their sign-in links and temporary grants (0005). */

/** The roster member who facilitated the team's latest round before `roundId`, if any did. */
export async function findPreviousFacilitatorMember(
  db: Db,
  teamId: string,
  roundId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('rounds')
    .select('facilitator_member')
    .where('team_id', '=', teamId)
    .where('id', '!=', roundId)
    .where('facilitator_member', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy(sql`rowid`, 'desc')
    .executeTakeFirst()
  return row?.facilitator_member ?? undefined
}

/**
 * Hands the role on, as one unit: the round records whose turn it is; the team's temporary grants
 * and unused sign-in links of earlier rounds end; the new link (its hash) is stored, if any.
 */
export function handOnQueries(
  db: Db,
  turn: {
    teamId: string
    roundId: string
    memberId: string
    name: string
    link?: { tokenHash: string; expiresAt: string } | undefined
  },
): CompiledQuery[] {
  const queries = [
    db
      .updateTable('rounds')
      .set({ facilitator_member: turn.memberId, facilitated_by: turn.name })
      .where('id', '=', turn.roundId)
      .compile(),
    db
      .deleteFrom('team_facilitators')
      .where('team_id', '=', turn.teamId)
      .where('round_id', 'is not', null)
      .compile(),
    db
      .deleteFrom('facilitator_links')
      .where(
        'round_id',
        'in',
        db.selectFrom('rounds').select('id').where('team_id', '=', turn.teamId),
      )
      .compile(),
  ]
  if (turn.link)
    queries.push(
      db
        .insertInto('facilitator_links')
        .values({
          token_hash: turn.link.tokenHash,
          round_id: turn.roundId,
          member_id: turn.memberId,
          expires_at: turn.link.expiresAt,
        })
        .compile(),
    )
  return queries
}

/** A live sign-in link: its round, team and member. */
export interface FacilitatorLink {
  roundId: string
  teamId: string
  email: string | null
  name: string | null
}

/** The link with this hash if it exists and has not expired. */
export async function findFacilitatorLink(
  db: Db,
  tokenHash: string,
  now: string,
): Promise<FacilitatorLink | undefined> {
  return db
    .selectFrom('facilitator_links')
    .innerJoin('rounds', 'rounds.id', 'facilitator_links.round_id')
    .innerJoin('members', 'members.id', 'facilitator_links.member_id')
    .select([
      'facilitator_links.round_id as roundId',
      'rounds.team_id as teamId',
      'members.email',
      'members.name',
    ])
    .where('facilitator_links.token_hash', '=', tokenHash)
    .where('facilitator_links.expires_at', '>', now)
    .executeTakeFirst()
}

/**
 * Uses up a live link: one statement that deletes it and says whether it did, so that of two
 * concurrent uses exactly one succeeds.
 */
export async function consumeFacilitatorLink(
  db: Db,
  tokenHash: string,
  now: string,
): Promise<boolean> {
  const row = await db
    .deleteFrom('facilitator_links')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .returning('round_id')
    .executeTakeFirst()
  return row !== undefined
}

/**
 * After a link was used: the member's account (made unless one exists for the address, as a
 * facilitator with a password that matches nothing), their grant for the round's team until its
 * next round opens (an existing assignment stays as it is), and a session for an enabled account.
 */
export function grantQueries(
  db: Db,
  grant: {
    email: string
    newUser: { id: string; name: string; passwordHash: string; createdAt: string }
    teamId: string
    roundId: string
    session: { tokenHash: string; createdAt: string; expiresAt: string }
  },
): CompiledQuery[] {
  const { newUser, session } = grant
  return [
    sql`INSERT INTO users (id, email, name, role, password_hash, disabled, created_at)
      VALUES (${newUser.id}, ${grant.email}, ${newUser.name}, 'facilitator',
        ${newUser.passwordHash}, 0, ${newUser.createdAt})
      ON CONFLICT (email) DO NOTHING`.compile(db),
    sql`INSERT INTO team_facilitators (team_id, user_id, round_id)
      SELECT ${grant.teamId}, id, ${grant.roundId} FROM users WHERE email = ${grant.email}
      ON CONFLICT (team_id, user_id) DO NOTHING`.compile(db),
    sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
      SELECT ${session.tokenHash}, id, ${session.createdAt}, ${session.expiresAt}
      FROM users WHERE email = ${grant.email} AND disabled = 0`.compile(db),
  ]
}
