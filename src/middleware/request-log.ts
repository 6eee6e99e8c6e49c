import type { Context, MiddlewareHandler } from 'hono'
import type { Logger } from '../deps'

/** How a request appears in the log: a line of its own, only in a per-minute count, or not at all. */
export type LogAs = 'line' | 'count' | 'none'

export interface RequestLogOptions {
  log: Logger
  /** The app's clock, which decides the minute a counted request belongs to. */
  now: () => Date
  logAs: (c: Context) => LogAs
}

const MINUTE = 60_000

/**
 * One line per request, without addresses, user agents, queries or bodies (P5). Requests that
 * must not form a time series (submissions) get no line; they are counted, and the count of a
 * minute is written once, by the first request after that minute ended (no timers: Workers have
 * none).
 */
export function requestLog({ log, now, logAs }: RequestLogOptions): MiddlewareHandler {
  let pending: { minute: number; accepted: number; refused: number } | undefined

  return async function requestLog(c, next) {
    const started = Date.now()
    await next()
    const minute = Math.floor(now().getTime() / MINUTE) * MINUTE
    if (pending && pending.minute !== minute) {
      const { accepted, refused } = pending
      log.info('submissions', { minute: new Date(pending.minute).toISOString(), accepted, refused })
      pending = undefined
    }
    const as = logAs(c)
    if (as === 'line')
      log.info('request', {
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Date.now() - started,
      })
    if (as !== 'count') return
    pending ??= { minute, accepted: 0, refused: 0 }
    if (c.res.status < 400) pending.accepted += 1
    else pending.refused += 1
  }
}
