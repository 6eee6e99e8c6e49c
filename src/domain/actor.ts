import type { User } from './users'

/**
 * Who asks a service verb to act: a signed-in user, a team's share link (read-only, released
 * results of that team only), or the operator at the command line (everything; it holds the
 * database file). Every verb takes one and checks access itself.
 */
export type Actor =
  | { kind: 'user'; user: User }
  | { kind: 'share'; teamId: string }
  // `as`: who acts for the operator, as rounds record it (e.g. a team's recurring pulse).
  | { kind: 'operator'; as?: string }

/** The actor for a signed-in user. */
export const asUser = (user: User): Actor => ({ kind: 'user', user })

/** The operator at the command line. */
export const OPERATOR: Actor = { kind: 'operator' }

/** Whether the actor may manage everything (an admin, or the operator). */
export const isAdminActor = (actor: Actor): boolean =>
  actor.kind === 'operator' || (actor.kind === 'user' && actor.user.role === 'admin')
