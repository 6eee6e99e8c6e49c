import { verifyPassword } from '../crypto'
import { deleteApiToken, listApiTokens } from '../db/sessions'
import { findUserByEmail, findUserById, listUsers, updateUser, type UserRow } from '../db/users'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError, notFound } from '../domain/errors'
import { normaliseEmail, type User } from '../domain/users'
import { requireAdmin, requireSignedIn } from './access'
import { changePassword, setUserDisabled, setUserRole, toUser } from './auth'

/** An account named by its id (pages, API) or its email (the CLI). */
export type AccountRef = { id: string } | { email: string }

/** An account as admins see it. */
export interface Account extends User {
  disabled: boolean
  createdAt: string
}

const toAccount = (row: UserRow): Account => ({
  ...toUser(row),
  disabled: Boolean(row.disabled),
  createdAt: row.created_at,
})

/** Every account (admins and the operator). */
export async function listAccounts(deps: Deps, actor: Actor): Promise<Account[]> {
  requireAdmin(actor)
  return (await listUsers(deps.db)).map(toAccount)
}

/** One account by id or email, if it exists (admins and the operator). */
export async function findAccount(
  deps: Deps,
  actor: Actor,
  ref: AccountRef,
): Promise<Account | undefined> {
  requireAdmin(actor)
  const row =
    'id' in ref
      ? await findUserById(deps.db, ref.id)
      : await findUserByEmail(deps.db, normaliseEmail(ref.email))
  return row && toAccount(row)
}

/** Renames, changes the role of, or disables/enables an account (admins); 404 if unknown. */
export async function updateAccount(
  deps: Deps,
  actor: Actor,
  id: string,
  change: {
    name?: string | undefined
    role?: User['role'] | undefined
    disabled?: boolean | undefined
  },
): Promise<void> {
  requireAdmin(actor)
  if (!(await findUserById(deps.db, id))) throw notFound('That account')
  if (change.role !== undefined) await setUserRole(deps, actor, id, change.role)
  if (change.disabled !== undefined) await setUserDisabled(deps, actor, id, change.disabled)
  if (change.name !== undefined) await updateUser(deps.db, id, { name: change.name })
}

/**
 * Changes the signed-in user's own password after checking the current one; signs them out
 * everywhere and revokes their API tokens (see `changePassword`).
 */
export async function changeOwnPassword(
  deps: Deps,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const user = requireSignedIn(actor)
  const row = await findUserById(deps.db, user.id)
  if (!row || !(await verifyPassword(currentPassword, row.password_hash)))
    throw new AppError('wrong_password', {}, [{ path: 'currentPassword', message: 'not correct' }])
  await changePassword(deps, user.id, newPassword)
}

/** The signed-in user's API tokens (names only; the secrets were shown once). */
export async function listOwnApiTokens(deps: Deps, actor: Actor) {
  return listApiTokens(deps.db, requireSignedIn(actor).id)
}

/** Revokes one of the signed-in user's API tokens; 404 if it is not theirs. */
export async function revokeOwnApiToken(deps: Deps, actor: Actor, id: string): Promise<void> {
  if (!(await deleteApiToken(deps.db, requireSignedIn(actor).id, id))) throw notFound('That token')
}
