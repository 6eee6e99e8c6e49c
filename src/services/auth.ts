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
  deleteUserSessions,
  findApiTokenUser,
  findSessionUser,
  insertApiToken,
  insertSession,
  insertSetupToken,
} from '../db/sessions'
import type { UsersTable } from '../db/schema'
import { countAdmins, findUserByEmail, findUserById, insertUser, updateUser } from '../db/users'
import type { Deps } from '../deps'
import { AppError, conflict, notFound } from '../domain/errors'

export interface User {
  id: string
  email: string
  name: string
  role: 'admin' | 'facilitator'
}

export const toUser = (row: UsersTable): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
})

/** Secrets say what they are, so a leaked one is recognisable (and scanners can find it). */
export const SECRET_PREFIX = { session: 'qse_', apiToken: 'qat_', setup: 'qsu_', share: 'qsh_' }

export const MIN_PASSWORD_LENGTH = 12

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError(
      400,
      'weak_password',
      `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
      [{ path: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` }],
    )
}

/** Creates an admin or facilitator account. */
export async function createUser(
  deps: Deps,
  input: { email: string; name: string; role: User['role']; password: string },
): Promise<User> {
  checkPassword(input.password)
  const email = input.email.trim().toLowerCase()
  if (await findUserByEmail(deps.db, email))
    throw conflict('email_taken', `There is already an account for ${email}.`)
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
  const row = await findUserByEmail(deps.db, email.trim().toLowerCase())
  const stored =
    row?.password_hash ??
    `pbkdf2-sha256$${deps.config.PASSWORD_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA$x`
  const ok = await verifyPassword(password, stored)
  if (!row || !ok || row.disabled)
    throw new AppError(
      401,
      'sign_in_failed',
      'That email and password do not match an active account.',
    )
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

/** The user a session cookie or bearer token belongs to, if it is valid. */
export async function authenticate(
  deps: Deps,
  secret: string,
  from: 'cookie' | 'bearer',
): Promise<User | undefined> {
  const hash = await hashSecret(secret)
  // A cookie only ever carries a session; API tokens (and sessions, for scripts) come as Bearer.
  const row =
    from === 'bearer' && secret.startsWith(SECRET_PREFIX.apiToken)
      ? await findApiTokenUser(deps.db, hash)
      : secret.startsWith(SECRET_PREFIX.session)
        ? await findSessionUser(deps.db, hash, deps.now().toISOString())
        : undefined
  return row && toUser(row)
}

/** A token for scripts, shown once; only its hash is kept. */
export async function createApiToken(deps: Deps, userId: string, name: string) {
  const token = randomSecret(SECRET_PREFIX.apiToken)
  const id = randomId()
  const createdAt = deps.now().toISOString()
  await insertApiToken(deps.db, { id, userId, name, tokenHash: await hashSecret(token), createdAt })
  return { id, name, token, createdAt }
}

/** Disables or re-enables an account; disabling signs it out everywhere. */
export async function setUserDisabled(deps: Deps, actor: User, userId: string, disabled: boolean) {
  const target = await findUserById(deps.db, userId)
  if (!target) throw notFound('That account')
  if (disabled && target.id === actor.id)
    throw conflict('self_disable', 'You cannot disable your own account.')
  if (disabled && target.role === 'admin' && (await countAdmins(deps.db)) <= 1)
    throw conflict('last_admin', 'This is the last active admin; create another admin first.')
  await updateUser(deps.db, userId, { disabled: disabled ? 1 : 0 })
  if (disabled) await deleteUserSessions(deps.db, userId)
}

/** Changes an account's role; the last active admin stays one, so someone can still manage. */
export async function setUserRole(deps: Deps, userId: string, role: User['role']): Promise<void> {
  const target = await findUserById(deps.db, userId)
  if (!target) throw notFound('That account')
  if (role !== 'admin' && target.role === 'admin' && !target.disabled)
    if ((await countAdmins(deps.db)) <= 1)
      throw conflict('last_admin', 'This is the last active admin; create another admin first.')
  await updateUser(deps.db, userId, { role })
}

export async function changePassword(deps: Deps, userId: string, password: string): Promise<void> {
  checkPassword(password)
  const hash = await hashPassword(password, deps.config.PASSWORD_ITERATIONS)
  if (!(await updateUser(deps.db, userId, { password_hash: hash }))) throw notFound('That account')
  await deleteUserSessions(deps.db, userId)
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
  const email = input.email.trim().toLowerCase()
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
  if (inserted?.numChangedRows !== 1)
    throw new AppError(
      403,
      'setup_token_invalid',
      'This set-up link is used, expired or wrong, or an admin already exists. Ask an admin for an account, or create one with `npm run cli -- create-admin`.',
    )
  return { id, email, name: input.name.trim(), role: 'admin' }
}
