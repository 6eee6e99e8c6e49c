import { describe, expect, it } from 'vitest'
import { testApp, type TestApp } from '../helpers/app'

const PASSWORD = 'correct horse battery'
const OWNER = 'owner@example.org'

const signIn = (t: TestApp, email: string, password = PASSWORD) =>
  t.call('POST', '/api/session', { body: { email, password } })

/** The sign-in form, posted as a browser does from our own page. */
const signInForm = (t: TestApp, email: string, password = PASSWORD, next = '/teams') =>
  t.app.request('/signin', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'null',
      'sec-fetch-site': 'same-origin',
    },
    body: new URLSearchParams({ email, password, next }).toString(),
  })

async function withOwner() {
  const t = await testApp()
  await t.user('facilitator', OWNER)
  return t
}

describe('a stranger guessing an account’s password', () => {
  it('50 wrong passwords from one address do not keep the owner out from another', async () => {
    const t = await withOwner()
    t.setAddress('198.51.100.66')
    const statuses = []
    for (let i = 0; i < 50; i++) statuses.push((await signIn(t, OWNER, `guess ${i}`)).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(new Set(statuses.slice(10))).toEqual(new Set([429]))

    t.setAddress('203.0.113.7')
    const owner = await signIn(t, OWNER)
    expect(owner.status, owner.text).toBe(200)
    expect(owner.headers.getSetCookie()).toHaveLength(1)
    const form = await signInForm(t, OWNER)
    expect(form.status).toBe(303)
    expect(form.headers.get('location')).toBe('/teams')
  })

  it('refuses the guessing address — even the right password, even for other accounts — for a minute', async () => {
    const t = await withOwner()
    const other = await t.user('facilitator')
    t.setAddress('198.51.100.66')
    for (let i = 0; i < 10; i++) expect((await signIn(t, OWNER, `guess ${i}`)).status).toBe(401)

    const refused = await signIn(t, OWNER)
    expect(refused.status).toBe(429)
    expect(refused.json.error.code).toBe('too_many_requests')
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(refused.json.error.message).toMatch(/60 seconds/)
    expect(refused.headers.getSetCookie()).toEqual([])
    expect((await signIn(t, other.email)).status).toBe(429)
    const form = await signInForm(t, OWNER)
    expect(form.status).toBe(429)
    expect(form.headers.get('retry-after')).toBe('60')
    const page = await form.text()
    expect(page).toContain('Too many failed sign-ins from your network')
    expect(page).toContain(`value="${OWNER}"`)
    expect(page).not.toContain(PASSWORD)

    t.clock.advance(60_000)
    expect((await signIn(t, OWNER)).status).toBe(200)
  })

  it('counts the form and the API together, per address', async () => {
    const t = await withOwner()
    for (let i = 0; i < 5; i++) expect((await signIn(t, OWNER, `guess ${i}`)).status).toBe(401)
    for (let i = 0; i < 5; i++) expect((await signInForm(t, OWNER, `guess ${i}`)).status).toBe(401)
    expect((await signInForm(t, OWNER)).status).toBe(429)
    expect((await signIn(t, OWNER)).status).toBe(429)
  })

  it('successful sign-ins from one address (an office) are not limited', async () => {
    const t = await withOwner()
    for (let i = 0; i < 30; i++) expect((await signIn(t, OWNER)).status).toBe(200)
  })
})

describe('many addresses guessing one account (a flood)', () => {
  it('cannot be spread over spellings of the email: " Owner@Example.org " is owner@example.org', async () => {
    const t = await withOwner()
    const spellings = [OWNER, ' Owner@Example.org ', 'OWNER@EXAMPLE.ORG', '\towner@example.org']
    // Ten addresses fail once each, under different spellings: the account is flooded.
    for (let i = 0; i < 10; i++) {
      t.setAddress(`198.51.100.${i}`)
      expect((await signIn(t, spellings[i % spellings.length]!, `guess ${i}`)).status).toBe(401)
    }
    // One more address fails three times, each time spelt differently: now it is refused for
    // that account, however it spells it — and only for that account.
    t.setAddress('198.51.100.200')
    for (const [i, email] of [
      ' Owner@Example.org ',
      'OWNER@example.org',
      'owner@EXAMPLE.org',
    ].entries())
      expect((await signIn(t, email, `more ${i}`)).status).toBe(401)
    for (const email of spellings) {
      const res = await signIn(t, email)
      expect(res.status, email).toBe(429)
      expect(res.json.error.message).toMatch(/for this account/)
    }
    const other = await t.user('facilitator')
    expect((await signIn(t, other.email)).status).toBe(200)

    // The owner, from an address that was not guessing, gets in at once, in any spelling.
    t.setAddress('203.0.113.7')
    expect((await signIn(t, ' Owner@Example.org ')).status).toBe(200)
    expect((await signInForm(t, 'OWNER@example.org')).status).toBe(303)
  })

  it('without a flood, a few typos never lock anyone', async () => {
    const t = await withOwner()
    for (let i = 0; i < 5; i++) expect((await signIn(t, OWNER, `typo ${i}`)).status).toBe(401)
    expect((await signIn(t, ' Owner@Example.org ')).status).toBe(200)
  })
})

describe('the first admin’s set-up form', () => {
  /** The set-up form, posted as a browser does from our own page. */
  const setupForm = (t: TestApp, token: string) =>
    t.app.request('/setup', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'null',
        'sec-fetch-site': 'same-origin',
      },
      body: new URLSearchParams({
        token,
        name: 'Ada',
        email: 'ada@example.org',
        password: PASSWORD,
      }).toString(),
    })

  it('takes 10 attempts a minute per address, then shows the form again with what was typed', async () => {
    const t = await testApp()
    t.setAddress('198.51.100.66')
    for (let i = 0; i < 10; i++) expect((await setupForm(t, `qsu_guess${i}`)).status).toBe(403)
    const refused = await setupForm(t, 'qsu_guess10')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    const page = await refused.text()
    expect(page).toContain('Too many attempts. Try again in 60 seconds.')
    expect(page).toContain('value="ada@example.org"')
    expect(page).toContain('value="qsu_guess10"')
    expect(page).not.toContain(PASSWORD)

    t.setAddress('203.0.113.7')
    expect((await setupForm(t, 'qsu_other')).status).toBe(403)
    t.setAddress('198.51.100.66')
    t.clock.advance(60_000)
    expect((await setupForm(t, 'qsu_again')).status).toBe(403)
  })
})
