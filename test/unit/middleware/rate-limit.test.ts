import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/domain/errors'
import { statusOf } from '../../../src/routes/error-status'
import { RateLimiter } from '../../../src/middleware/limiter'
import { failureLimit, requestLimit } from '../../../src/middleware/rate-limit'

/** A bare app: `/try/:status` answers with that status, behind a limit of 3 failures a minute. */
function limitedApp(onLimited?: Parameters<typeof failureLimit>[0]['onLimited']) {
  let now = 0
  let address = '192.0.2.1'
  const limiter = new RateLimiter(
    () => address,
    () => now,
  )
  const app = new Hono()
  app.onError((err, c) =>
    err instanceof AppError
      ? c.json({ code: err.code, message: err.message }, statusOf(err.code))
      : c.text('bug', 500),
  )
  app.post('/try/:status', failureLimit({ limiter, bucket: 'b', limit: 3, onLimited }), (c) => {
    const status = Number(c.req.param('status'))
    if (status === 404) throw new AppError('unknown_link')
    return c.body(null, status as 200)
  })
  const post = (status: number) => app.request(`/try/${status}`, { method: 'POST' })
  return {
    post,
    advance: (ms: number) => (now += ms),
    setAddress: (a: string) => (address = a),
  }
}

describe('failureLimit', () => {
  it('lets any number of successes through', async () => {
    const t = limitedApp()
    for (let i = 0; i < 500; i++) expect((await t.post(201)).status).toBe(201)
  })

  it('counts answers and thrown errors with a 4xx, then refuses until the window ends', async () => {
    const t = limitedApp()
    expect((await t.post(400)).status).toBe(400)
    t.advance(10_000)
    expect((await t.post(404)).status).toBe(404) // thrown, mapped by onError
    expect((await t.post(201)).status).toBe(201)
    expect((await t.post(409)).status).toBe(409)
    const refused = await t.post(201)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('50')
    expect(await refused.json()).toEqual({
      code: 'too_many_requests',
      message: 'Too many failed attempts. Try again in 50 seconds.',
    })
    t.setAddress('192.0.2.2')
    expect((await t.post(404)).status).toBe(404)
    t.setAddress('192.0.2.1')
    t.advance(49_999)
    expect((await t.post(201)).status).toBe(429)
    t.advance(1)
    expect((await t.post(201)).status).toBe(201)
    expect((await t.post(404)).status).toBe(404)
  })

  it('does not count server errors', async () => {
    const t = limitedApp()
    for (let i = 0; i < 10; i++) expect((await t.post(500)).status).toBe(500)
    expect((await t.post(404)).status).toBe(404)
  })

  it('lets the route answer a refusal itself', async () => {
    const t = limitedApp((c, error) => c.text(`form again: ${error.message}`, statusOf(error.code)))
    for (let i = 0; i < 3; i++) await t.post(404)
    const refused = await t.post(201)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(await refused.text()).toBe(
      'form again: Too many failed attempts. Try again in 60 seconds.',
    )
  })
})

/** A bare app: `/setup/:status` answers with that status, behind a limit of 3 requests a minute. */
function requestLimitedApp(onLimited?: Parameters<typeof requestLimit>[0]['onLimited']) {
  let now = 0
  let address = '192.0.2.1'
  let handled = 0
  const limiter = new RateLimiter(
    () => address,
    () => now,
  )
  const app = new Hono()
  app.onError((err, c) =>
    err instanceof AppError
      ? c.json({ code: err.code, message: err.message }, statusOf(err.code))
      : c.text('bug', 500),
  )
  app.post('/setup/:status', requestLimit({ limiter, bucket: 's', limit: 3, onLimited }), (c) => {
    handled += 1
    return c.body(null, Number(c.req.param('status')) as 200)
  })
  return {
    post: (status: number) => app.request(`/setup/${status}`, { method: 'POST' }),
    advance: (ms: number) => (now += ms),
    setAddress: (a: string) => (address = a),
    handled: () => handled,
  }
}

describe('requestLimit', () => {
  it('counts every request, successes too, and refuses the ones past the limit', async () => {
    const t = requestLimitedApp()
    expect((await t.post(201)).status).toBe(201)
    expect((await t.post(400)).status).toBe(400)
    t.advance(15_000)
    expect((await t.post(201)).status).toBe(201)
    const refused = await t.post(201)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('45')
    expect(await refused.json()).toEqual({
      code: 'too_many_requests',
      message: 'Too many attempts. Try again in 45 seconds.',
    })
    expect(t.handled()).toBe(3)
    t.setAddress('192.0.2.2')
    expect((await t.post(201)).status).toBe(201)
    t.setAddress('192.0.2.1')
    t.advance(44_999)
    expect((await t.post(201)).status).toBe(429)
    t.advance(1)
    expect((await t.post(201)).status).toBe(201)
  })

  it('lets the route answer a refusal itself', async () => {
    const t = requestLimitedApp((c, error) =>
      c.text(`form again: ${error.message}`, statusOf(error.code)),
    )
    for (let i = 0; i < 3; i++) await t.post(201)
    const refused = await t.post(201)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(await refused.text()).toBe('form again: Too many attempts. Try again in 60 seconds.')
  })
})
