import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Deps } from '../deps'
import { AppError } from '../domain/errors'
import type { User } from '../domain/users'
import { authenticate as findCredential } from '../services/auth'
import { UNSAFE_METHODS } from './csrf'

export interface AuthenticateOptions {
  deps: Deps
  /** The session cookie's name (sessionCookieName in routes/session.ts). */
  cookieName: string
}

/**
 * Sets `user` to whoever the request's credential belongs to, or to null: a Bearer token (API
 * token or session) or else the session cookie. A forged, expired or revoked credential is no
 * credential (null); refusing is left to the routes that need a user. A read-only API token is
 * refused (403 `read_only_token`) for every unsafe method. Assets are public and skip the look-up.
 */
export function authenticate({
  deps,
  cookieName,
}: AuthenticateOptions): MiddlewareHandler<{ Variables: { user: User | null } }> {
  return async function authenticate(c, next) {
    if (c.req.path.startsWith('/assets/')) return next()
    const header = c.req.header('authorization') ?? ''
    const bearer = header.startsWith('Bearer ') ? header.slice(7).trim() : undefined
    const cookie = bearer === undefined ? getCookie(c, cookieName) : undefined
    const auth = bearer
      ? await findCredential(deps, bearer, 'bearer')
      : cookie
        ? await findCredential(deps, cookie, 'cookie')
        : undefined
    // A read-only API token may look at everything its user may, and change nothing.
    if (auth?.scope === 'read' && UNSAFE_METHODS.has(c.req.method))
      throw new AppError('read_only_token', { method: c.req.method })
    c.set('user', auth?.user ?? null)
    await next()
  }
}
