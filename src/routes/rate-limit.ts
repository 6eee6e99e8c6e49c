import type { Context } from 'hono'
import { AppError } from '../domain/errors'

/**
 * Fixed-window request counting in memory, per client address and bucket. Addresses are only
 * held here for a minute and never stored or logged (P5). On Workers each isolate counts on its
 * own, so limits there are per isolate.
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
    const key = perClient ? `${bucket}|${this.clientAddress(c) ?? 'unknown'}` : bucket
    const now = this.now()
    if (this.windows.size > 10_000) this.sweep(now)
    const w = this.windows.get(key)
    if (!w || now - w.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 })
      return
    }
    w.count += 1
    if (w.count > limit) {
      const seconds = Math.ceil((w.start + this.windowMs - now) / 1000)
      c.header('Retry-After', String(seconds))
      throw new AppError(
        429,
        'too_many_requests',
        `Too many attempts. Try again in ${seconds} seconds.`,
      )
    }
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows)
      if (now - w.start >= this.windowMs) this.windows.delete(key)
  }
}
