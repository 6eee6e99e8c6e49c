import { describe, expect, it } from 'vitest'
import { BASE_URL, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'

const PASSWORD = 'correct horse battery'
const ORIGIN = new URL(BASE_URL).origin
const formHeaders = {
  'content-type': 'application/x-www-form-urlencoded',
  origin: 'null',
  'sec-fetch-site': 'same-origin',
}

/** Where a browser on our sign-in page goes with this Location (WHATWG URL parsing, as browsers). */
const followed = (location: string | null) => new URL(location ?? '', `${ORIGIN}/signin`)

async function signedIn(t: TestApp) {
  const user = await t.user('facilitator')
  const res = await t.call('POST', '/api/session', {
    body: { email: user.email, password: PASSWORD },
  })
  return { user, cookie: res.headers.getSetCookie()[0]!.split(';')[0]! }
}

const postSignIn = (t: TestApp, fields: Record<string, string>, headers = {}) =>
  t.app.request('/signin', {
    method: 'POST',
    headers: { ...formHeaders, ...headers },
    body: new URLSearchParams(fields).toString(),
  })

/** `next` values that led, or might lead, to another site (as they arrive, decoded). */
const BYPASSES = [
  '//evil.example/',
  '/\\evil.example/',
  '/%09/evil.example/',
  '/\t/evil.example/',
  '/\n/evil.example/',
  'https://evil.example/',
  'javascript:alert(1)',
  '/%2F/evil.example/',
  '/%5C/evil.example/',
  '/%0D%0A/evil.example/',
  ' //evil.example/',
]

/** Input that once made a header throw (a 500), or might: controls, non-ASCII, sheer length. */
const HEADER_BREAKERS = [
  '/teams\r\nSet-Cookie: taken=1',
  '/teams\nLocation: https://evil.example/',
  '/teams\r',
  '/teams\0',
  '/teams\x01\x1b\x7f',
  '/teams\u2028',
  '/caf\u00e9',
  '/\ud83d\ude00',
  '/' + 'a'.repeat(100_000),
  '/' + '%0A'.repeat(5_000),
]

describe('where sign-in leads (next)', () => {
  it('the reported attack: /signin?next=/%09/evil.example/ stays on our site', async () => {
    const t = await testApp()
    const { cookie } = await signedIn(t)
    const res = await t.app.request('/signin?next=/%09/evil.example/', { headers: { cookie } })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/teams')
  })

  it('refuses every known bypass, from the query and from the form, signed in or signing in', async () => {
    const t = await testApp()
    const { user, cookie } = await signedIn(t)
    for (const next of BYPASSES) {
      const query = await t.app.request(`/signin?next=${encodeURIComponent(next)}`, {
        headers: { cookie },
      })
      expect(query.status, next).toBe(303)
      expect(query.headers.get('location'), next).toBe('/teams')

      const form = await postSignIn(t, { email: user.email, password: PASSWORD, next })
      expect(form.status, next).toBe(303)
      expect(form.headers.get('location'), next).toBe('/teams')
      expect(followed(form.headers.get('location')).origin).toBe(ORIGIN)

      // The sign-in page does not carry it on in its form either.
      const page = await t.app.request(`/signin?next=${encodeURIComponent(next)}`)
      expect(await page.text()).toContain('name="next" value=""')
    }
  })

  it('still returns to the page that asked for sign-in', async () => {
    const t = await testApp()
    const { user, cookie } = await signedIn(t)
    const asked = await t.app.request('/teams/abc123/trend')
    expect(asked.status).toBe(303)
    expect(asked.headers.get('location')).toBe('/signin?next=%2Fteams%2Fabc123%2Ftrend')
    const page = await t.app.request(asked.headers.get('location')!)
    expect(await page.text()).toContain('name="next" value="/teams/abc123/trend"')
    const form = await postSignIn(t, {
      email: user.email,
      password: PASSWORD,
      next: '/teams/abc123/trend?survey=collaboration#chart',
    })
    expect(form.headers.get('location')).toBe('/teams/abc123/trend?survey=collaboration#chart')
    const already = await t.app.request('/signin?next=%2Frounds%2Fr1%2Freport', {
      headers: { cookie },
    })
    expect(already.headers.get('location')).toBe('/rounds/r1/report')
  })
})

describe('no header input causes a 5xx', () => {
  it('line breaks, NUL, other controls and huge values in next: query and form', async () => {
    const t = await testApp()
    const { user, cookie } = await signedIn(t)
    for (const next of HEADER_BREAKERS) {
      const label = JSON.stringify(next.slice(0, 30))
      const query = `/signin?next=${encodeURIComponent(next)}`
      const signedInQuery = await t.app.request(query, { headers: { cookie } })
      expect(signedInQuery.status, label).toBe(303)
      expect(signedInQuery.headers.get('location'), label).toBe('/teams')
      expect((await t.app.request(query)).status, label).toBe(200)

      const ok = await postSignIn(t, { email: user.email, password: PASSWORD, next })
      expect(ok.status, label).toBe(303)
      expect(ok.headers.get('location'), label).toBe('/teams')
      const failed = await postSignIn(t, { email: user.email, password: 'wrong password', next })
      expect(failed.status, label).toBe(401)
      t.clock.advance(60_000) // past the sign-in limit's window
    }
    expect(t.logs.filter((l) => l.includes('"level":"error"'))).toEqual([])
  })

  it('nor in the other places a user controls that reach a response header', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const signIn = await t.call('POST', '/api/session', {
      body: { email: facilitator.email, password: PASSWORD },
    })
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!
    const evil = [
      '%0D%0ASet-Cookie:%20x=1',
      '%00',
      '%01%7F',
      '%E2%80%A8',
      '%C3%A9',
      'a'.repeat(20_000),
    ]
    const requests: [string, Record<string, string>][] = []
    for (const bad of evil) {
      // Paths that end in a redirect to sign-in (carrying the path) or a file name (CSV exports).
      requests.push([`/teams/${bad}`, {}], [`/rounds/${bad}/report`, {}], [`/admin/${bad}`, {}])
      requests.push(
        [`/api/rounds/${bad}/report.csv`, { authorization: `Bearer ${facilitator.token}` }],
        [`/api/teams/${bad}/trend.csv`, { authorization: `Bearer ${facilitator.token}` }],
        [`/api/teams/${team.id}/trend.csv?survey=${bad}`, { cookie }],
        [`/teams/${team.id}/trend?survey=${bad}&locale=${bad}`, { cookie }],
        [`/admin/users?done=${bad}&user=${bad}`, { cookie }],
        [`/s/${bad}/thanks?lang=${bad}`, {}],
        [`/shared/team?locale=${bad}`, {}],
      )
    }
    // Request headers may hold no line break or NUL, but other controls and Latin-1 they may.
    for (const value of ['\x01\x7f', 'caf\xe9', 'x'.repeat(20_000)])
      requests.push(
        ['/api/me', { authorization: `Bearer qat_${value}` }],
        ['/teams', { cookie: `__Host-quorum_session=qse_${value}` }],
        ['/teams', { 'accept-language': value, cookie }],
        ['/signin', { 'x-forwarded-for': value, origin: value }],
      )
    for (const [path, headers] of requests) {
      const res = await t.app.request(path, { headers })
      expect(
        res.status,
        `${path.slice(0, 60)} ${JSON.stringify(headers).slice(0, 60)}`,
      ).toBeLessThan(500)
      for (const [name, value] of res.headers) expect(value, name).toMatch(/^[\x20-\x7e]*$/)
    }
    expect(t.logs.filter((l) => l.includes('"level":"error"'))).toEqual([])
  })
})

describe('the error log', () => {
  it('says where a bug happened, never what the request held', async () => {
    const t = await testApp()
    const marker = 'SECRET-INPUT-7f3a'
    // A bug whose message quotes the request, as undici's "invalid header value" did — with a line
    // break and text made to look like a stack frame.
    t.app.get('/api/boom', (c) => {
      throw new TypeError(`Headers.set: "${c.req.query('v')}" is an invalid header value.`)
    })
    const res = await t.app.request(
      `/api/boom?v=${encodeURIComponent(`${marker}\n    at ${marker} (x:1:1)`)}`,
    )
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({
      error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' },
    })
    const errors = t.logs.filter((l) => l.includes('"level":"error"'))
    expect(errors).toHaveLength(1)
    const entry = JSON.parse(errors[0]!)
    expect(entry).toMatchObject({
      message: 'unhandled error',
      route: '/api/boom',
      error: 'TypeError',
    })
    expect(entry.stack).toMatch(/^\s+at /)
    expect(t.logs.join('\n')).not.toContain(marker)
  })
})
