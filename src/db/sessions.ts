import type { CompiledQuery } from 'kysely'
import type { ApiTokensTable, Db, UsersTable } from './schema'

/** Sessions, API tokens and one-time set-up tokens: only hashes of their secrets are stored. */

export async function insertSession(
  db: Db,
  session: { tokenHash: string; userId: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute()
}

/** The active user behind a session, if the session exists, has not expired and the user is enabled. */
export async function findSessionUser(
  db: Db,
  tokenHash: string,
  now: string,
): Promise<UsersTable | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled', '=', 0)
    .executeTakeFirst()
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
}

/** Ends every session of a user; API tokens stay (signOutEverywhere ends both). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
}

/**
 * Statements that sign a user out everywhere — every session and every API token — for one batch
 * with the change that calls for it (a new password, a disabled account), so neither survives it.
 */
export function signOutEverywhere(db: Db, userId: string): CompiledQuery[] {
  return [
    db.deleteFrom('sessions').where('user_id', '=', userId).compile(),
    db.deleteFrom('api_tokens').where('user_id', '=', userId).compile(),
  ]
}

export async function insertApiToken(
  db: Db,
  token: {
    id: string
    userId: string
    name: string
    tokenHash: string
    createdAt: string
    scope: ApiTokensTable['scope']
    expiresAt: string | null
  },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      created_at: token.createdAt,
      scope: token.scope,
      expires_at: token.expiresAt,
    })
    .execute()
}

/** The active user behind an API token that has not expired, with what the token may do. */
export async function findApiTokenUser(
  db: Db,
  tokenHash: string,
  now: string,
): Promise<{ user: UsersTable; scope: ApiTokensTable['scope'] } | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select('api_tokens.scope as token_scope')
    .where('api_tokens.token_hash', '=', tokenHash)
    .where((eb) =>
      eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]),
    )
    .where('users.disabled', '=', 0)
    .executeTakeFirst()
  if (!row) return undefined
  const { token_scope, ...user } = row
  return { user, scope: token_scope }
}

export async function listApiTokens(db: Db, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'created_at as createdAt', 'expires_at as expiresAt'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
}

export async function deleteApiToken(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('api_tokens')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}

export async function insertSetupToken(
  db: Db,
  token: { tokenHash: string; purpose: string; expiresAt: string },
): Promise<void> {
  await db.deleteFrom('setup_tokens').where('purpose', '=', token.purpose).execute()
  await db
    .insertInto('setup_tokens')
    .values({ token_hash: token.tokenHash, purpose: token.purpose, expires_at: token.expiresAt })
    .execute()
}

/** Uses up a one-time token; true only for the one caller that consumed a valid token. */
export async function consumeSetupToken(
  db: Db,
  tokenHash: string,
  purpose: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('setup_tokens')
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
