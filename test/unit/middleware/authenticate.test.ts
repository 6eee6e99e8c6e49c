import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/domain/errors'
import { statusOf } from '../../../src/routes/error-status'
import type { User } from '../../../src/domain/users'
import { authenticate } from '../../../src/middleware/authenticate'
import { createApiToken, signIn, signOut } from '../../../src/services/auth'
import { testApp } from '../../helpers/app'

const COOKIE = 'test_session'
const PASSWORD = 'correct horse battery'

/**
 * A bare app behind authentication only, on a fresh database with one facilitator: `/whoami`
 * answers with the user the middleware set (any method), and counts the requests that reached it.
 */
async function authenticatedApp() {
  const t = await testApp()
  const { deps, clock } = t
  const someone = await t.user('facilitator', 'ada@example.org')
  let reached = 0
  const app = new Hono<{ Variables: { user: User | null } }>()
  app.onError((err, c) =>
    err instanceof AppError ? c.json({ code: err.code }, statusOf(err.code)) : c.text('bug', 500),
  )
  app.use(authenticate({ deps, cookieName: COOKIE }))
  app.all('*', (c) => {
    reached += 1
    return c.json({ user: c.get('user') === undefined ? 'unset' : (c.get('user')?.email ?? null) })
  })
  const ask = async (headers: Record<string, string>, method = 'GET', path = '/whoami') => {
    const res = await app.request(path, { method, headers })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  return {
    ask,
    clock,
    deps,
    someone,
    reached: () => reached,
    bearer: (token: string) => ({ authorization: `Bearer ${token}` }),
    cookie: (token: string) => ({ cookie: `${COOKIE}=${token}` }),
    session: async () => (await signIn(deps, someone.email, PASSWORD)).sessionToken,
    token: async (options: Parameters<typeof createApiToken>[3] = {}) =>
      (await createApiToken(deps, someone.id, 'test', options)).token,
  }
}

const as = (email: string | null) => ({ status: 200, body: { user: email } })

describe('authenticate', () => {
  it('sets the user of a valid session cookie, API token or session sent as Bearer', async () => {
    const t = await authenticatedApp()
    const session = await t.session()
    expect(await t.ask({})).toEqual(as(null))
    expect(await t.ask(t.cookie(session))).toEqual(as('ada@example.org'))
    expect(await t.ask(t.bearer(session))).toEqual(as('ada@example.org'))
    expect(await t.ask(t.bearer(t.someone.token))).toEqual(as('ada@example.org'))
    expect(await t.ask(t.bearer(t.someone.token), 'POST')).toEqual(as('ada@example.org'))
  })

  it('treats forged, altered and misplaced credentials as none', async () => {
    const t = await authenticatedApp()
    const session = await t.session()
    const token = t.someone.token
    const altered = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A')
    for (const headers of [
      t.bearer(`qat_${'A'.repeat(43)}`),
      t.bearer(`qse_${'A'.repeat(43)}`),
      t.bearer(altered(token)),
      t.bearer(altered(session)),
      t.bearer(token.slice(4)),
      t.cookie(altered(session)),
      // A cookie only ever carries a session: an API token there is refused.
      t.cookie(token),
      // A session under another cookie's name is not ours.
      { cookie: `other=${session}` },
      { authorization: `Basic ${btoa(`ada@example.org:${PASSWORD}`)}` },
      // A Bearer header, even a bad one, is the credential: the cookie is not read.
      { ...t.bearer('nonsense'), ...t.cookie(session) },
    ])
      expect(await t.ask(headers), JSON.stringify(headers)).toEqual(as(null))
  })

  it('treats expired and signed-out sessions and expired tokens as none', async () => {
    const t = await authenticatedApp()
    const session = await t.session()
    const signedOut = await t.session()
    await signOut(t.deps, signedOut)
    expect(await t.ask(t.cookie(signedOut))).toEqual(as(null))
    const shortToken = await t.token({ expiresInDays: 1 })
    t.clock.advance(t.deps.config.SESSION_HOURS * 3600_000 - 1)
    expect(await t.ask(t.cookie(session))).toEqual(as('ada@example.org'))
    t.clock.advance(1)
    expect(await t.ask(t.cookie(session))).toEqual(as(null))
    expect(await t.ask(t.bearer(session))).toEqual(as(null))
    expect(await t.ask(t.bearer(shortToken))).toEqual(as('ada@example.org'))
    t.clock.advance(24 * 3600_000)
    expect(await t.ask(t.bearer(shortToken))).toEqual(as(null))
    expect(await t.ask(t.bearer(t.someone.token))).toEqual(as('ada@example.org'))
  })

  it('lets a read-only token read, and refuses it every change before the route', async () => {
    const t = await authenticatedApp()
    const read = t.bearer(await t.token({ scope: 'read' }))
    expect(await t.ask(read)).toEqual(as('ada@example.org'))
    const before = t.reached()
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(await t.ask(read, method), method).toEqual({
        status: 403,
        body: { code: 'read_only_token' },
      })
    expect(t.reached()).toBe(before)
  })

  it('leaves assets alone: no look-up, no user', async () => {
    const t = await authenticatedApp()
    const read = t.bearer(await t.token({ scope: 'read' }))
    expect(await t.ask(read, 'GET', '/assets/app.css')).toEqual({
      status: 200,
      body: { user: 'unset' },
    })
  })
})
