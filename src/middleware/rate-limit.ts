import type { Context, MiddlewareHandler } from 'hono'
import { AppError } from '../domain/errors'
import type { MessageKey } from '../messages/en'
import type { RateLimiter } from './limiter'

export interface FailureLimitOptions {
  limiter: RateLimiter
  /** Routes that name the same bucket share one count per client. */
  bucket: string
  /** Failures per client and window; the next request after that is refused until it ends. */
  limit: number
  /** The catalogue key of what the refused client is told (with `seconds` until it may retry). */
  message?: MessageKey
  /** Answers a refused request; by default the 429 goes to the app's error handler. */
  onLimited?: (c: Context, error: AppError) => Response | Promise<Response>
  /**
   * Count each request as a failure when it starts, and take that back when it succeeds, so that
   * parallel requests cannot pass the limit together (sign-in: every guess is worth having).
   */
  countUpFront?: boolean
}

/**
 * Limits failures, not requests: only answers with a 4xx status count against the client, so any
 * number of valid requests from one address (an office behind one NAT or proxy) pass, while
 * guessing (unknown or used links, invalid bodies) is refused with 429 once `limit` failures have
 * been counted in the window. The check comes before the handler and the count after it, so
 * requests already in flight when the limit is reached may still finish (unless `countUpFront`).
 */
export function failureLimit({
  limiter,
  bucket,
  limit,
  message = 'too_many_requests',
  onLimited,
  countUpFront = false,
}: FailureLimitOptions): MiddlewareHandler {
  return async function failureLimit(c, next) {
    if (limiter.current(c, bucket) >= limit)
      return refuse(c, limiter.secondsLeft(c, bucket), message, onLimited)
    if (countUpFront) limiter.count(c, bucket)
    await next()
    const failed = c.res.status >= 400 && c.res.status < 500
    if (countUpFront && !failed) limiter.uncount(c, bucket)
    if (!countUpFront && failed) limiter.count(c, bucket)
  }
}

export interface RequestLimitOptions {
  limiter: RateLimiter
  bucket: string
  /** Requests per client and window, whatever their outcome; the ones after that are refused. */
  limit: number
  /** The catalogue key of what the refused client is told (with `seconds` until it may retry). */
  message?: MessageKey
  /** Answers a refused request; by default the 429 goes to the app's error handler. */
  onLimited?: (c: Context, error: AppError) => Response | Promise<Response>
}

/**
 * Limits requests, not failures: each one counts when it starts, refused ones too, and once more
 * than `limit` have been counted in the window the client is refused with 429 until it ends. For
 * forms that are rarely used at all (the first admin's set-up), where a success is no reason to
 * let the next attempt through.
 */
export function requestLimit({
  limiter,
  bucket,
  limit,
  message = 'too_many_attempts',
  onLimited,
}: RequestLimitOptions): MiddlewareHandler {
  return async function requestLimit(c, next) {
    if (limiter.count(c, bucket) > limit)
      return refuse(c, limiter.secondsLeft(c, bucket), message, onLimited)
    await next()
  }
}

function refuse(
  c: Context,
  seconds: number,
  message: MessageKey,
  onLimited: FailureLimitOptions['onLimited'],
): Response | Promise<Response> {
  c.header('Retry-After', String(seconds))
  const error = new AppError('too_many_requests', { seconds }, [], message)
  if (onLimited) return onLimited(c, error)
  throw error
}

export interface AccountFailureLimitOptions {
  limiter: RateLimiter
  /** Names the counts; keep it apart from every other bucket. */
  bucket: string
  /** The account a request is for, normalised (e.g. a trimmed, lower-cased email), if any. */
  account: (c: Context) => string | undefined | Promise<string | undefined>
  /** Failures for one account in a window, from all addresses together, that make a flood. */
  flood: number
  /** During a flood, failures one address may have for that account before it is refused. */
  limit: number
  message?: MessageKey
  onLimited?: (c: Context, error: AppError) => Response | Promise<Response>
}

/**
 * Limits failures per account without letting strangers lock its owner out: there is no limit for
 * everyone, only for the addresses that keep failing for an account while it is flooded (see
 * SIGN_IN_ACCOUNT_LIMIT in domain/limits.ts). Refused requests (429) do not count towards the
 * flood. Counts are checked before the handler and added after it.
 */
export function accountFailureLimit({
  limiter,
  bucket,
  account,
  flood,
  limit,
  message = 'too_many_requests',
  onLimited,
}: AccountFailureLimitOptions): MiddlewareHandler {
  return async function accountFailureLimit(c, next) {
    const name = await account(c)
    if (name === undefined) return next()
    // Distinct prefixes: an account name holding `|` must not reach another key's per-address count.
    const everyone = `${bucket}:${name}`
    const here = `${bucket}@address:${name}`
    if (limiter.current(c, everyone, false) >= flood && limiter.current(c, here) >= limit)
      return refuse(c, limiter.secondsLeft(c, here), message, onLimited)
    await next()
    if (c.res.status >= 400 && c.res.status < 500 && c.res.status !== 429) {
      limiter.count(c, everyone, false)
      limiter.count(c, here)
    }
  }
}
