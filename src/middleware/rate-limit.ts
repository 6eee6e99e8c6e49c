import type { Context, MiddlewareHandler } from 'hono'
import { AppError } from '../domain/errors'
import type { RateLimiter } from '../routes/rate-limit'

export interface FailureLimitOptions {
  limiter: RateLimiter
  /** Routes that name the same bucket share one count per client. */
  bucket: string
  /** Failures per client and window; the next request after that is refused until it ends. */
  limit: number
  /** What the refused client is told, given the seconds until it may try again. */
  message?: (seconds: number) => string
  /** Answers a refused request; by default the 429 goes to the app's error handler. */
  onLimited?: (c: Context, error: AppError) => Response | Promise<Response>
}

/**
 * Limits failures, not requests: only answers with a 4xx status count against the client, so any
 * number of valid requests from one address (an office behind one NAT or proxy) pass, while
 * guessing (unknown or used links, invalid bodies) is refused with 429 once `limit` failures have
 * been counted in the window. The check comes before the handler and the count after it, so
 * requests already in flight when the limit is reached may still finish.
 */
export function failureLimit({
  limiter,
  bucket,
  limit,
  message = (seconds) => `Too many failed attempts. Try again in ${seconds} seconds.`,
  onLimited,
}: FailureLimitOptions): MiddlewareHandler {
  return async function failureLimit(c, next) {
    if (limiter.current(c, bucket) >= limit) {
      const seconds = limiter.secondsLeft(c, bucket)
      c.header('Retry-After', String(seconds))
      const error = new AppError(429, 'too_many_requests', message(seconds))
      if (onLimited) return onLimited(c, error)
      throw error
    }
    await next()
    if (c.res.status >= 400 && c.res.status < 500) limiter.count(c, bucket)
  }
}
