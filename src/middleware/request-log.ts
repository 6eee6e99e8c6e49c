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
 * must not form a time series (submissions) get no line. Of those, only the refused are counted,
 * for the operator to see abuse: the count of a minute is written once, by the first request
 * after that minute ended (no timers: Workers have none), and only if some were refused. Accepted
 * submissions are never counted: summed over an open round's minutes they would be its exact
 * number of answers, which nothing may show before it closes (P2).
 */
export function requestLog({ log, now, logAs }: RequestLogOptions): MiddlewareHandler {
  let pending: { minute: number; refused: number } | undefined

  return async function requestLog(c, next) {
    const started = Date.now()
    await next()
    const minute = Math.floor(now().getTime() / MINUTE) * MINUTE
    if (pending && pending.minute !== minute) {
      const { refused } = pending
      log.info('submissions refused', { minute: new Date(pending.minute).toISOString(), refused })
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
    if (as !== 'count' || c.res.status < 400) return
    pending ??= { minute, refused: 0 }
    pending.refused += 1
  }
}
