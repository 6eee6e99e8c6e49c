import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/domain/errors'
import { statusOf } from '../../../src/routes/error-status'
import { csrf } from '../../../src/middleware/csrf'

const BASE = 'https://quorum.example'

/** A bare app behind the CSRF check: `/change` counts the requests that reached it. */
function guardedApp() {
  let reached = 0
  const app = new Hono()
  app.onError((err, c) =>
    err instanceof AppError ? c.json({ code: err.code }, statusOf(err.code)) : c.text('bug', 500),
  )
  app.use(csrf({ allowedOrigin: BASE }))
  app.all('/change', (c) => {
    reached += 1
    return c.text('done')
  })
  const send = async (method: string, headers: Record<string, string>, url = `${BASE}/change`) => {
    const res = await app.request(url, { method, headers })
    return { status: res.status, body: res.status === 403 ? await res.json() : await res.text() }
  }
  return { send, reached: () => reached }
}

describe('csrf', () => {
  it('lets our own pages and clients without a browser change things', async () => {
    const t = guardedApp()
    const own: Record<string, string>[] = [
      {},
      { origin: BASE },
      { origin: BASE, 'sec-fetch-site': 'same-origin' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
    ]
    for (const headers of own)
      expect(await t.send('POST', headers), JSON.stringify(headers)).toEqual({
        status: 200,
        body: 'done',
      })
    expect(t.reached()).toBe(6)
  })

  it('also accepts the origin the request came to (an address other than BASE_URL)', async () => {
    const t = guardedApp()
    const own = 'http://10.0.0.5:8787'
    expect((await t.send('POST', { origin: own }, `${own}/change`)).status).toBe(200)
    expect((await t.send('POST', { origin: own })).status).toBe(403)
  })

  it('refuses state-changing requests from other sites before they reach the route', async () => {
    const t = guardedApp()
    const attacks: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
      { origin: `${BASE}.evil.example` },
      { origin: 'https://quorum.example:8443' },
      { origin: 'http://quorum.example' },
      // `Origin: null` comes from our own pages (no-referrer) but also from sandboxed frames and
      // data: URLs of any site: only Sec-Fetch-Site tells them apart.
      { origin: 'null' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: BASE, 'sec-fetch-site': 'cross-site' },
    ]
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      for (const headers of attacks)
        expect(await t.send(method, headers), `${method} ${JSON.stringify(headers)}`).toEqual({
          status: 403,
          body: { code: 'cross_origin' },
        })
    expect(t.reached()).toBe(0)
  })

  it('lets safe methods through whatever site sent them', async () => {
    const t = guardedApp()
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(
        (await t.send(method, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }))
          .status,
      ).toBe(200)
  })
})
