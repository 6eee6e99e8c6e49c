import type { Context } from 'hono'

/**
 * Fixed-window counting in memory, per client address and bucket. Addresses are only held here
 * for a minute and never stored or logged (P5). On Workers each isolate counts on its own, so
 * limits there are per isolate. The limits themselves are middleware (./rate-limit.ts).
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>()

  constructor(
    private readonly clientAddress: (c: Context) => string | undefined,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 60_000,
  ) {}

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
