import type { Context } from 'hono'
import type { Deps } from '../../deps'
import { AppError } from '../../domain/errors'
import type { User } from '../../domain/users'
import type { AppEnv } from '../http'
import { csrfToken, pageUser } from './context'
import { statusOf } from '../error-status'

/** The signed-in admin: signed-out people are sent to sign in, everyone else gets 403. */
export function adminUser(c: Context<AppEnv>): User {
  const user = pageUser(c)
  if (user.role !== 'admin') throw new AppError('admin_only', {}, [], 'admin_page_only')
  return user
}

/** What every admin page's frame needs. */
export async function adminFrame(deps: Deps, c: Context<AppEnv>) {
  return { user: adminUser(c), csrf: await csrfToken(deps, c) }
}

/**
 * A failure the person can fix on the same page (their form is shown again with the message);
 * anything else — sign-in, permission, size, bugs — goes to the error page.
 */
export function isFormProblem(err: unknown): err is AppError {
  return err instanceof AppError && ![401, 403, 413].includes(statusOf(err.code))
}

/**
 * A confirmation from a fixed set, chosen by `?done=`; the query's own text is never shown.
 * A Map, so keys such as `constructor` find nothing.
 */
export function confirmation<T>(
  messages: Map<string, (subject: T) => string>,
  done: string | undefined,
  subject: T,
): string | undefined {
  const message = done === undefined ? undefined : messages.get(done)
  return message?.(subject)
}
