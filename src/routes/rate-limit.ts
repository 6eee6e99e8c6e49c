import type { Context } from 'hono'
import { AppError } from '../domain/errors'

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
