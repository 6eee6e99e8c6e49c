import type { ShareLink, Team } from '../domain/teams'
import type { Db, TeamsTable } from './schema'

export type TeamRow = TeamsTable

const toTeam = (row: TeamRow): Team => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  timeZone: row.time_zone,
  rotation: row.rotation === 1,
  chatHint: row.chat_hint,
})

export async function insertTeam(db: Db, team: Team): Promise<void> {
  await db
    .insertInto('teams')
    .values({
      id: team.id,
      name: team.name,
      created_at: team.createdAt,
      time_zone: team.timeZone,
      rotation: team.rotation ? 1 : 0,
    })
    .execute()
}

/** A team's time zone and rotation. */
export async function setTeamOptions(
  db: Db,
  id: string,
  options: Pick<TeamRow, 'time_zone' | 'rotation'>,
): Promise<void> {
  await db.updateTable('teams').set(options).where('id', '=', id).execute()
}

/** Sets (or, with nulls, removes) a team's sealed chat webhook and the hint shown for it. */
export async function setTeamChat(
  db: Db,
  id: string,
  sealed: Uint8Array | null,
  hint: string | null,
): Promise<void> {
  await db
    .updateTable('teams')
    .set({ chat_webhook: sealed, chat_hint: hint })
    .where('id', '=', id)
    .execute()
}

/** A team's sealed chat webhook, if it has one. */
export async function findTeamChat(db: Db, id: string): Promise<Uint8Array | null> {
  const row = await db
    .selectFrom('teams')
    .select('chat_webhook')
    .where('id', '=', id)
    .executeTakeFirst()
  return row?.chat_webhook ?? null
}

export async function findTeam(db: Db, id: string): Promise<Team | undefined> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toTeam(row)
}

export async function renameTeam(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable('teams').set({ name }).where('id', '=', id).execute()
}

/** All teams (for admins) or the teams a facilitator is assigned to. */
export async function listTeams(db: Db, facilitatorId?: string): Promise<Team[]> {
  let query = db.selectFrom('teams').selectAll('teams').orderBy('teams.name')
  if (facilitatorId !== undefined)
    query = query
      .innerJoin('team_facilitators', 'team_facilitators.team_id', 'teams.id')
      .where('team_facilitators.user_id', '=', facilitatorId)
  return (await query.execute()).map(toTeam)
}

export async function isFacilitatorOf(db: Db, teamId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('team_facilitators')
    .select('team_id')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

export async function addFacilitator(db: Db, teamId: string, userId: string): Promise<void> {
  await db
    .insertInto('team_facilitators')
    .values({ team_id: teamId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function removeFacilitator(db: Db, teamId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('team_facilitators')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}

export async function listFacilitators(db: Db, teamId: string) {
  return db
    .selectFrom('team_facilitators')
    .innerJoin('users', 'users.id', 'team_facilitators.user_id')
    .select(['users.id', 'users.email', 'users.name'])
    .where('team_facilitators.team_id', '=', teamId)
    .orderBy('users.name')
    .execute()
}

export async function insertShareLink(
  db: Db,
  link: { id: string; teamId: string; tokenHash: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('share_links')
    .values({
      id: link.id,
      team_id: link.teamId,
      token_hash: link.tokenHash,
      created_at: link.createdAt,
      revoked_at: null,
    })
    .execute()
}

export async function listShareLinks(db: Db, teamId: string): Promise<ShareLink[]> {
  return db
    .selectFrom('share_links')
    .select(['id', 'created_at as createdAt', 'revoked_at as revokedAt'])
    .where('team_id', '=', teamId)
    .orderBy('created_at')
    .execute()
}

export async function revokeShareLink(
  db: Db,
  teamId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('share_links')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('team_id', '=', teamId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The team a live share token opens, if any. */
export async function findShareLinkTeam(db: Db, tokenHash: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('share_links')
    .select('team_id')
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return row?.team_id
}

/** Every team's facilitators in one query, for the admins' overview of all teams. */
export async function listAllFacilitators(db: Db) {
  return db
    .selectFrom('team_facilitators')
    .innerJoin('users', 'users.id', 'team_facilitators.user_id')
    .select([
      'team_facilitators.team_id as teamId',
      'users.id',
      'users.email',
      'users.name',
      'users.disabled',
    ])
    .orderBy('users.name')
    .execute()
}
