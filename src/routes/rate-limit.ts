import type { Context } from 'hono'
import { AppError } from '../domain/errors'
import { normaliseEmail } from '../services/auth'

/**
 * The limit on submissions (API and survey form share it): failed ones only, per client address,
 * so that a whole office behind one address can answer while guessing links is stopped.
 */
export const SUBMIT_LIMIT = {
  bucket: 'submit',
  limit: 60,
  message: (seconds: number) =>
    `Too many submissions from your network failed in the last minute. Please wait ${seconds} seconds, then send your answers again.`,
}

/**
 * The limits on signing in (API and form share them). They are built so that a stranger cannot
 * keep an account's owner out, while guessing stays slow:
 * - Per address, failed sign-ins, whatever the account: after `limit` failures in a minute the
 *   guessing address is refused — even the right password — until the minute ends. Other
 *   addresses are not affected. Each attempt counts when it starts and is taken back if it
 *   succeeds, so a burst of parallel guesses cannot slip past the limit.
 * - Per account (email trimmed and lower-cased, so `" Owner@Example.org "` is `owner@example.org`):
 *   no lock for everyone. Once `flood` failures for one account arrive within a minute from
 *   anywhere, an address that has itself failed `limit` times for that account is refused for it
 *   until its minute ends. So a botnet gets a few guesses per address and account, never the ten
 *   an address may otherwise spend, while the owner, signing in from an address that has not been
 *   guessing, gets in at once — flood or not. (Someone guessing from the owner's own address, an
 *   office behind one NAT, does lock that address: addresses are all a limiter can tell apart.)
 */
export const SIGN_IN_LIMIT = {
  bucket: 'sign-in',
  limit: 10,
  message: (seconds: number) =>
    `Too many failed sign-ins from your network. Try again in ${seconds} seconds.`,
}
export const SIGN_IN_ACCOUNT_LIMIT = {
  bucket: 'sign-in-account',
  flood: 10,
  limit: 3,
  message: (seconds: number) =>
    `Too many failed sign-ins for this account from your network. Try again in ${seconds} seconds.`,
}

/**
 * The account a sign-in names, as the per-account limit counts it: the email as accounts store it
 * (normalised), cut to a length no address has, so that no key grows huge.
 */
export function signInAccountOf(email: unknown): string | undefined {
  return typeof email === 'string' ? normaliseEmail(email).slice(0, 320) : undefined
}

/**
 * Fixed-window counting in memory, per client address and bucket. Addresses are only held here
 * for a minute and never stored or logged (P5). On Workers each isolate counts on its own, so
 * limits there are per isolate.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>()

  constructor(
    private readonly clientAddress: (c: Context) => string | undefined,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a request and throws 429 once `limit` is passed within the window. */
  check(c: Context, bucket: string, limit: number, perClient = true): void {
    const count = this.count(c, bucket, perClient)
    if (count > limit) {
      const seconds = this.secondsLeft(c, bucket, perClient)
      c.header('Retry-After', String(seconds))
      throw new AppError(
        429,
        'too_many_requests',
        `Too many attempts. Try again in ${seconds} seconds.`,
      )
    }
  }

  /** Adds one to this client's count in `bucket` and returns the count in the current window. */
  count(c: Context, bucket: string, perClient = true): number {
    const key = this.key(c, bucket, perClient)
    const now = this.now()
    if (this.windows.size > 10_000) this.sweep(now)
    const w = this.windows.get(key)
    if (!w || now - w.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 })
      return 1
    }
    w.count += 1
    return w.count
  }

  /**
   * Takes back one of this client's counts in `bucket`: a request counted when it started that
   * turned out not to be a failure. Never below zero; nothing if its window has already ended.
   */
  uncount(c: Context, bucket: string, perClient = true): void {
    const w = this.windows.get(this.key(c, bucket, perClient))
    if (w && this.now() - w.start < this.windowMs && w.count > 0) w.count -= 1
  }

  /** This client's count in `bucket` in the current window, without counting. */
  current(c: Context, bucket: string, perClient = true): number {
    const w = this.windows.get(this.key(c, bucket, perClient))
    return w && this.now() - w.start < this.windowMs ? w.count : 0
  }

  /** Whole seconds until this client's current window in `bucket` ends (at least 1). */
  secondsLeft(c: Context, bucket: string, perClient = true): number {
    const w = this.windows.get(this.key(c, bucket, perClient))
    const left = w ? w.start + this.windowMs - this.now() : 0
    return Math.max(1, Math.ceil(left / 1000))
  }

  private key(c: Context, bucket: string, perClient: boolean): string {
    return perClient ? `${bucket}|${this.clientAddress(c) ?? 'unknown'}` : bucket
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows)
      if (now - w.start >= this.windowMs) this.windows.delete(key)
  }
}
