import { sql } from 'kysely'
import {
  hashPassword,
  hashSecret,
  randomId,
  randomSecret,
  timingSafeEqual,
  verifyPassword,
} from '../crypto'
import {
  deleteSession,
  findApiTokenUser,
  findSessionUser,
  insertApiToken,
  insertSession,
  insertSetupToken,
  signOutEverywhere,
} from '../db/sessions'
import type { ApiTokensTable, UsersTable } from '../db/schema'
import {
  countAdmins,
  findUserByEmail,
  findUserById,
  insertUser,
  updateUser,
  updateUserQuery,
} from '../db/users'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError, invalid, notFound } from '../domain/errors'
import { MAX_TOKEN_DAYS, MIN_PASSWORD_LENGTH } from '../domain/limits'
import { normaliseEmail, type User } from '../domain/users'
import { requireAdmin } from './access'

export const toUser = (row: UsersTable): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
})

/** Secrets say what they are, so a leaked one is recognisable (and scanners can find it). */
export const SECRET_PREFIX = { session: 'qse_', apiToken: 'qat_', setup: 'qsu_', share: 'qsh_' }

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError('weak_password', { min: MIN_PASSWORD_LENGTH }, [
      { path: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ])
}

/** Creates an admin or facilitator account (admins and the operator). */
export async function createUser(
  deps: Deps,
  actor: Actor,
  input: { email: string; name: string; role: User['role']; password: string },
): Promise<User> {
  requireAdmin(actor)
  checkPassword(input.password)
  const email = normaliseEmail(input.email)
  if (await findUserByEmail(deps.db, email)) throw new AppError('email_taken', { email })
  const row: UsersTable = {
    id: randomId(),
    email,
    name: input.name.trim(),
    role: input.role,
    password_hash: await hashPassword(input.password, deps.config.PASSWORD_ITERATIONS),
    disabled: 0,
    created_at: deps.now().toISOString(),
  }
  await insertUser(deps.db, row)
  return toUser(row)
}

/**
 * Checks email and password. Unknown accounts cost the same hashing work as known ones, and both
 * failures read alike, so neither timing nor wording tells which accounts exist.
 */
export async function signIn(
  deps: Deps,
  email: string,
  password: string,
): Promise<{ user: User; sessionToken: string; expiresAt: Date }> {
  const row = await findUserByEmail(deps.db, normaliseEmail(email))
  const stored =
    row?.password_hash ??
    `pbkdf2-sha256$${deps.config.PASSWORD_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA$x`
  const ok = await verifyPassword(password, stored)
  if (!row || !ok || row.disabled) throw new AppError('sign_in_failed')
  const sessionToken = randomSecret(SECRET_PREFIX.session)
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + deps.config.SESSION_HOURS * 3600_000)
  await insertSession(deps.db, {
    tokenHash: await hashSecret(sessionToken),
    userId: row.id,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  })
  return { user: toUser(row), sessionToken, expiresAt }
}

export async function signOut(deps: Deps, sessionToken: string): Promise<void> {
  await deleteSession(deps.db, await hashSecret(sessionToken))
}

/** What a credential may do: sessions and write tokens anything their user may; read tokens look. */
export type TokenScope = ApiTokensTable['scope']

/** The user a session cookie or bearer token belongs to, and its scope, if it is valid. */
export async function authenticate(
  deps: Deps,
  secret: string,
  from: 'cookie' | 'bearer',
): Promise<{ user: User; scope: TokenScope } | undefined> {
  const hash = await hashSecret(secret)
  const now = deps.now().toISOString()
  // A cookie only ever carries a session; API tokens (and sessions, for scripts) come as Bearer.
  if (from === 'bearer' && secret.startsWith(SECRET_PREFIX.apiToken)) {
    const found = await findApiTokenUser(deps.db, hash, now)
    return found && { user: toUser(found.user), scope: found.scope }
  }
  if (!secret.startsWith(SECRET_PREFIX.session)) return undefined
  const row = await findSessionUser(deps.db, hash, now)
  return row && { user: toUser(row), scope: 'write' }
}

/**
 * A token for scripts, shown once; only its hash is kept. `read` tokens cannot change anything;
 * with `expiresInDays` the token stops working that many days from now.
 */
export async function createApiToken(
  deps: Deps,
  userId: string,
  name: string,
  options: { scope?: TokenScope; expiresInDays?: number } = {},
) {
  const { scope = 'write', expiresInDays } = options
  if (
    expiresInDays !== undefined &&
    !(Number.isInteger(expiresInDays) && expiresInDays >= 1 && expiresInDays <= MAX_TOKEN_DAYS)
  )
    throw invalid('token_days', { max: MAX_TOKEN_DAYS }, [
      { path: 'expiresInDays', message: `a whole number from 1 to ${MAX_TOKEN_DAYS}` },
    ])
  const token = randomSecret(SECRET_PREFIX.apiToken)
  const id = randomId()
  const now = deps.now()
  const createdAt = now.toISOString()
  const expiresAt =
    expiresInDays === undefined
      ? null
      : new Date(now.getTime() + expiresInDays * 24 * 3600_000).toISOString()
  await insertApiToken(deps.db, {
    id,
    userId,
    name,
    tokenHash: await hashSecret(token),
    createdAt,
    scope,
    expiresAt,
  })
  return { id, name, scope, token, createdAt, expiresAt }
}

/** Disables or re-enables an account; disabling signs it out everywhere and revokes its API tokens. */
export async function setUserDisabled(deps: Deps, actor: Actor, userId: string, disabled: boolean) {
  requireAdmin(actor)
  const target = await findUserById(deps.db, userId)
  if (!target) throw notFound('That account')
  if (disabled && actor.kind === 'user' && target.id === actor.user.id)
    throw new AppError('self_disable')
  if (disabled && target.role === 'admin' && (await countAdmins(deps.db)) <= 1)
    throw new AppError('last_admin')
  if (!disabled) {
    await updateUser(deps.db, userId, { disabled: 0 })
    return
  }
  await deps.batch([
    updateUserQuery(deps.db, userId, { disabled: 1 }),
    ...signOutEverywhere(deps.db, userId),
  ])
}

/** Changes an account's role; the last active admin stays one, so someone can still manage. */
export async function setUserRole(
  deps: Deps,
  actor: Actor,
  userId: string,
  role: User['role'],
): Promise<void> {
  requireAdmin(actor)
  const target = await findUserById(deps.db, userId)
  if (!target) throw notFound('That account')
  if (role !== 'admin' && target.role === 'admin' && !target.disabled)
    if ((await countAdmins(deps.db)) <= 1) throw new AppError('last_admin')
  await updateUser(deps.db, userId, { role })
}

/**
 * Sets a new password and, in the same batch, signs the account out everywhere: every session and
 * every API token, since whoever learnt the old password may have made either.
 */
export async function changePassword(deps: Deps, userId: string, password: string): Promise<void> {
  checkPassword(password)
  const hash = await hashPassword(password, deps.config.PASSWORD_ITERATIONS)
  const [updated] = await deps.batch([
    updateUserQuery(deps.db, userId, { password_hash: hash }),
    ...signOutEverywhere(deps.db, userId),
  ])
  if (updated?.numChangedRows !== 1) throw notFound('That account')
}

const SETUP = 'first-admin'

/**
 * On a database without any admin, makes a one-time set-up token (valid 24 hours) for creating
 * the first admin, and returns it; otherwise returns undefined.
 */
export async function prepareFirstAdminSetup(deps: Deps): Promise<string | undefined> {
  if ((await countAdmins(deps.db)) > 0) return undefined
  const token = randomSecret(SECRET_PREFIX.setup)
  await insertSetupToken(deps.db, {
    tokenHash: await hashSecret(token),
    purpose: SETUP,
    expiresAt: new Date(deps.now().getTime() + 24 * 3600_000).toISOString(),
  })
  return token
}

/** Creates the first admin with the set-up token; the token and the insert succeed together. */
export async function completeFirstAdminSetup(
  deps: Deps,
  token: string,
  input: { email: string; name: string; password: string },
): Promise<User> {
  checkPassword(input.password)
  const tokenHash = await hashSecret(token)
  const now = deps.now().toISOString()
  const email = normaliseEmail(input.email)
  const id = randomId()
  const passwordHash = await hashPassword(input.password, deps.config.PASSWORD_ITERATIONS)
  // Workers cannot print a token at start, so the operator may set one as the SETUP_TOKEN secret.
  const configured = deps.config.SETUP_TOKEN
  const valid =
    configured !== undefined && timingSafeEqual(token, configured)
      ? sql`1 = 1`
      : sql`EXISTS (SELECT 1 FROM setup_tokens WHERE token_hash = ${tokenHash}
    AND purpose = ${SETUP} AND expires_at > ${now})`
  // A token left over after an admin was made another way (e.g. the CLI) must not make a second.
  const noAdminYet = sql`NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0)`
  const [inserted] = await deps.batch([
    sql`INSERT INTO users (id, email, name, role, password_hash, disabled, created_at)
      SELECT ${id}, ${email}, ${input.name.trim()}, 'admin', ${passwordHash}, 0, ${now}
      WHERE ${valid} AND ${noAdminYet}
        AND NOT EXISTS (SELECT 1 FROM users WHERE email = ${email})`.compile(deps.db),
    sql`DELETE FROM setup_tokens WHERE purpose = ${SETUP} AND ${valid}`.compile(deps.db),
  ])
  if (inserted?.numChangedRows !== 1) throw new AppError('setup_token_invalid')
  return { id, email, name: input.name.trim(), role: 'admin' }
}
