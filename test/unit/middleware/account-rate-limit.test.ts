import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/domain/errors'
import { statusOf } from '../../../src/routes/error-status'
import { RateLimiter } from '../../../src/middleware/limiter'
import { accountFailureLimit, failureLimit } from '../../../src/middleware/rate-limit'

/**
 * A bare app: `/try/:status?account=…` answers with that status, behind a per-address limit of 5
 * failures counted up front, and a per-account limit (flood 4, then 2 per address).
 */
function limitedApp() {
  let now = 0
  let address = '192.0.2.1'
  const limiter = new RateLimiter(
    () => address,
    () => now,
  )
  const app = new Hono()
  app.onError((err, c) =>
    err instanceof AppError ? c.json({ code: err.code }, statusOf(err.code)) : c.text('bug', 500),
  )
  let open = () => {}
  const gate = new Promise<void>((resolve) => (open = resolve))
  app.post(
    '/try/:status',
    failureLimit({ limiter, bucket: 'b', limit: 5, countUpFront: true }),
    accountFailureLimit({
      limiter,
      bucket: 'acct',
      flood: 4,
      limit: 2,
      account: (c) => c.req.query('account'),
    }),
    async (c) => {
      if (c.req.query('wait')) await gate
      return c.body(null, Number(c.req.param('status')) as 200)
    },
  )
  const post = async (status: number, account?: string, wait = false) =>
    (
      await app.request(
        `/try/${status}?${new URLSearchParams({ ...(account ? { account } : {}), ...(wait ? { wait: '1' } : {}) })}`,
        { method: 'POST' },
      )
    ).status
  return {
    post,
    advance: (ms: number) => (now += ms),
    setAddress: (a: string) => (address = a),
    release: () => open(),
  }
}

describe('failureLimit with countUpFront', () => {
  it('still lets any number of successes through', async () => {
    const t = limitedApp()
    for (let i = 0; i < 50; i++) expect(await t.post(200)).toBe(200)
    expect(await t.post(401)).toBe(401)
  })

  it('refuses parallel requests beyond the limit before any of them has finished', async () => {
    const t = limitedApp()
    const inFlight = Array.from({ length: 5 }, () => t.post(401, undefined, true))
    await new Promise((r) => setTimeout(r, 0))
    // Five are running and counted already: the next is refused at once, even a good one.
    expect(await t.post(200)).toBe(429)
    t.release()
    expect(await Promise.all(inFlight)).toEqual([401, 401, 401, 401, 401])
    expect(await t.post(200)).toBe(429)
    t.advance(60_000)
    expect(await t.post(200)).toBe(200)
  })

  it('takes back the count of a request that succeeded', async () => {
    const t = limitedApp()
    const inFlight = Array.from({ length: 5 }, () => t.post(200, undefined, true))
    await new Promise((r) => setTimeout(r, 0))
    expect(await t.post(200)).toBe(429)
    t.release()
    expect(await Promise.all(inFlight)).toEqual([200, 200, 200, 200, 200])
    for (let i = 0; i < 4; i++) expect(await t.post(401)).toBe(401)
    expect(await t.post(200)).toBe(200)
  })
})

describe('accountFailureLimit', () => {
  it('never refuses an address that has not failed for the account, even during a flood', async () => {
    const t = limitedApp()
    for (let i = 0; i < 20; i++) {
      t.setAddress(`198.51.100.${i}`)
      expect(await t.post(401, 'owner')).toBe(401)
    }
    t.setAddress('203.0.113.9')
    expect(await t.post(200, 'owner')).toBe(200)
  })

  it('during a flood, refuses an address after its own few failures for that account only', async () => {
    const t = limitedApp()
    t.setAddress('198.51.100.1')
    expect(await t.post(401, 'owner')).toBe(401)
    expect(await t.post(401, 'owner')).toBe(401)
    t.setAddress('198.51.100.2')
    expect(await t.post(401, 'owner')).toBe(401)
    expect(await t.post(401, 'owner')).toBe(401) // the flood: 4 failures for 'owner'
    expect(await t.post(200, 'owner')).toBe(429)
    expect(await t.post(200, 'someone else')).toBe(200)
    t.setAddress('198.51.100.3')
    expect(await t.post(200, 'owner')).toBe(200)
    t.advance(60_000)
    t.setAddress('198.51.100.2')
    expect(await t.post(200, 'owner')).toBe(200)
  })

  it('keeps an account name holding `|` apart from another account’s per-address count', async () => {
    const t = limitedApp()
    for (let i = 0; i < 3; i++) {
      t.setAddress(`198.51.100.${i}`)
      expect(await t.post(401, 'owner|192.0.2.1')).toBe(401)
      t.setAddress(`198.51.100.${i + 10}`)
      expect(await t.post(401, 'owner')).toBe(401)
    }
    t.setAddress('192.0.2.1')
    expect(await t.post(200, 'owner')).toBe(200)
  })
})
