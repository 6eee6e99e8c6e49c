import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { Logger } from '../../../src/deps'
import { requestLog } from '../../../src/middleware/request-log'

function loggedApp() {
  let now = new Date('2026-03-02T09:00:00.000Z').getTime()
  const lines: Record<string, unknown>[] = []
  const write = (message: string, fields?: Record<string, unknown>) =>
    lines.push({ message, ...fields })
  const log: Logger = { debug: write, info: write, warn: write, error: write }
  const app = new Hono()
  app.use(
    requestLog({
      log,
      now: () => new Date(now),
      logAs: (c) =>
        c.req.path === '/submit' ? 'count' : c.req.path === '/quiet' ? 'none' : 'line',
    }),
  )
  app.post('/submit', (c) => c.body(null, c.req.query('fail') ? 404 : 201))
  app.get('/quiet', (c) => c.text('thanks'))
  app.get('/page', (c) => c.text('page'))
  return {
    lines,
    request: (path: string, method = 'GET') => app.request(path, { method }),
    advance: (ms: number) => (now += ms),
  }
}

describe('requestLog', () => {
  it('writes one line per ordinary request, without addresses or queries', async () => {
    const t = loggedApp()
    await t.request('/page?secret=x')
    expect(t.lines).toEqual([
      { message: 'request', method: 'GET', route: '/page', status: 200, ms: expect.any(Number) },
    ])
  })

  it('writes no line per submission; the refused of a minute once a later minute has begun, never the accepted', async () => {
    const t = loggedApp()
    for (let i = 0; i < 30; i++) {
      await t.request('/submit', 'POST')
      t.advance(1_000)
    }
    await t.request('/submit?fail=1', 'POST')
    await t.request('/quiet')
    expect(t.lines).toEqual([])
    t.advance(30_500) // 09:01:00.500
    await t.request('/submit', 'POST')
    const count = { message: 'submissions refused', minute: '2026-03-02T09:00:00.000Z', refused: 1 }
    expect(t.lines).toEqual([count])
    // A minute with only accepted submissions leaves no line at all.
    t.advance(3 * 60_000)
    await t.request('/page')
    expect(t.lines).toEqual([
      count,
      expect.objectContaining({ message: 'request', route: '/page' }),
    ])
    expect(JSON.stringify(t.lines)).not.toContain('accepted')
  })
})
