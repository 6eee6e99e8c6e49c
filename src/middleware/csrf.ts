import type { MiddlewareHandler } from 'hono'
import { AppError } from '../domain/errors'

/** Methods that change something: other sites may not send them, read-only tokens may not use them. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface CsrfOptions {
  /** The origin of BASE_URL; the origin a request came to is always allowed as well. */
  allowedOrigin: string
}

/**
 * Refuses state-changing requests sent by another site's page with 403 `cross_origin`. A browser
 * names the page that sent such a request (Origin, Sec-Fetch-Site); only our own may. Clients
 * that are not browsers send neither header and pass: they prove who they are by a token, which
 * another site's page cannot send for them.
 */
export function csrf({ allowedOrigin }: CsrfOptions): MiddlewareHandler {
  return async function csrf(c, next) {
    if (UNSAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin')
      const site = c.req.header('sec-fetch-site')
      const ownOrigins = [allowedOrigin, new URL(c.req.url).origin]
      // Our Referrer-Policy (no-referrer) makes browsers send `Origin: null` even for our own
      // form posts; Sec-Fetch-Site, which pages cannot forge, then tells our own apart.
      const crossOrigin =
        (origin !== undefined && origin !== 'null' && !ownOrigins.includes(origin)) ||
        (origin === 'null' && site !== 'same-origin') ||
        site === 'cross-site' ||
        site === 'same-site'
      if (crossOrigin) throw new AppError('cross_origin')
    }
    await next()
  }
}
