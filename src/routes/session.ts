import type { Config } from '../config'

/**
 * The session cookie's name. `__Host-` makes browsers insist on Secure, Path=/ and no Domain.
 * Browsers treat http://localhost and http://127.0.0.1 as secure, so this works in local
 * development too; only plain HTTP on another host needs INSECURE_COOKIES=true.
 */
export function sessionCookieName(config: Config): string {
  return config.INSECURE_COOKIES ? 'quorum_session' : '__Host-quorum_session'
}
