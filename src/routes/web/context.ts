import type { Context } from 'hono'
import { hashSecret } from '../../crypto'
import type { Deps } from '../../deps'
import { AppError } from '../../domain/errors'
import type { User } from '../../domain/users'
import type { AppEnv } from '../http'
import { readSessionCookie } from '../session'

/**
 * The CSRF token for a session: derived from the session secret, so it needs no storage and
 * is useless without the cookie. Forms carry it in `_csrf`; every signed-in POST checks it
 * (on top of the Origin check every unsafe request passes).
 */
export async function csrfTokenFor(sessionToken: string): Promise<string> {
  return (await hashSecret(`csrf:${sessionToken}`)).slice(0, 32)
}

export async function csrfToken(deps: Deps, c: Context<AppEnv>): Promise<string> {
  const session = readSessionCookie(c, deps.config)
  return session ? csrfTokenFor(session) : ''
}

/** The signed-in user for a page, or a redirect to sign in. */
export function pageUser(c: Context<AppEnv>): User {
  const user = c.get('user')
  if (!user) throw new AppError('sign_in_required', {}, [], 'sign_in_page')
  return user
}

/** Reads a form and checks its CSRF token when a session cookie is present. */
export async function readForm(deps: Deps, c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  const form: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value
  const session = readSessionCookie(c, deps.config)
  if (session && c.get('user')) {
    const expected = await csrfTokenFor(session)
    if (form._csrf !== expected) throw new AppError('csrf')
  }
  return form
}
