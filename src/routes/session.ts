import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Config } from '../config'

/**
 * The session cookie's name. `__Host-` makes browsers insist on Secure, Path=/ and no Domain.
 * Browsers treat http://localhost and http://127.0.0.1 as secure, so this works in local
 * development too; only plain HTTP on another host needs INSECURE_COOKIES=true.
 */
export function sessionCookieName(config: Config): string {
  return config.INSECURE_COOKIES ? 'quorum_session' : '__Host-quorum_session'
}

// The name already carries `__Host-`; hono's `prefix` option would add a second one.
export function setSessionCookie(c: Context, config: Config, token: string, expires: Date): void {
  setCookie(c, sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    secure: !config.INSECURE_COOKIES,
    sameSite: 'Lax',
    expires,
  })
}

export function readSessionCookie(c: Context, config: Config): string | undefined {
  return getCookie(c, sessionCookieName(config))
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, sessionCookieName(config), { path: '/', secure: !config.INSECURE_COOKIES })
}
