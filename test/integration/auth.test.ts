import { describe, expect, it } from 'vitest'
import { prepareFirstAdminSetup } from '../../src/services/auth'
import { testApp, type TestApp } from '../helpers/app'
import { countRows, dumpDatabase } from '../helpers/db'

const PASSWORD = 'correct horse battery'
const COOKIE = '__Host-quorum_session'

interface SetCookie {
  name: string
  value: string
  attributes: Map<string, string>
}

/** The one Set-Cookie header of a response, split into name, value and lower-cased attributes. */
function parseSetCookie(headers: Headers): SetCookie {
  const all = headers.getSetCookie()
  expect(all).toHaveLength(1)
  const [pair = '', ...attrs] = all[0]!.split(';').map((s) => s.trim())
  const eq = pair.indexOf('=')
  const attributes = new Map<string, string>()
  for (const attr of attrs) {
    const [key = '', ...rest] = attr.split('=')
    attributes.set(key.toLowerCase(), rest.join('='))
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes }
}

async function signIn(t: TestApp, email: string, password = PASSWORD) {
  return t.call('POST', '/api/session', { body: { email, password } })
}

/** Signs in and returns the session cookie as a browser would send it back. */
async function sessionCookie(t: TestApp, email: string, name = COOKIE): Promise<string> {
  const res = await signIn(t, email)
  expect(res.status, res.text).toBe(200)
  const cookie = parseSetCookie(res.headers)
  expect(cookie.name).toBe(name)
  return `${name}=${cookie.value}`
}

const me = (t: TestApp, cookie: string) => t.call('GET', '/api/me', { headers: { cookie } })

const countUsers = (t: TestApp) => countRows(t, 'users')

describe('first-admin setup', () => {
  const admin = { email: 'first@example.org', name: 'First Admin', password: PASSWORD }

  it('creates the first admin once with the printed token, who can then sign in', async () => {
    const t = await testApp()
    const token = await prepareFirstAdminSetup(t.deps)
    expect(token).toMatch(/^qsu_/)

    const wrong = await t.call('POST', '/api/setup', { body: { ...admin, token: 'qsu_wrong' } })
    expect(wrong.status).toBe(403)
    expect(wrong.json.error.code).toBe('setup_token_invalid')
    expect(wrong.json.error.message).toMatch(/set-up link/)
    expect(countUsers(t)).toBe(0)

    const created = await t.call('POST', '/api/setup', { body: { ...admin, token } })
    expect(created.status, created.text).toBe(201)
    expect(created.json.user).toMatchObject({ email: admin.email, role: 'admin' })
    const cookie = await sessionCookie(t, admin.email)
    expect((await me(t, cookie)).json.user).toMatchObject({ email: admin.email, role: 'admin' })

    const again = await t.call('POST', '/api/setup', {
      body: { ...admin, email: 'second@example.org', token },
    })
    expect(again.status).toBe(403)
    expect(again.json.error.code).toBe('setup_token_invalid')
    expect(countUsers(t)).toBe(1)
    expect(await prepareFirstAdminSetup(t.deps)).toBeUndefined()
  })

  it('refuses a token older than 24 hours', async () => {
    const t = await testApp()
    const token = await prepareFirstAdminSetup(t.deps)
    t.clock.advance(24 * 3600_000)
    const res = await t.call('POST', '/api/setup', { body: { ...admin, token } })
    expect(res.status).toBe(403)
    expect(res.json.error.message).toMatch(/expired/)
    expect(countUsers(t)).toBe(0)
  })

  it('refuses a left-over token once an admin exists by other means (e.g. the CLI)', async () => {
    const t = await testApp()
    const token = await prepareFirstAdminSetup(t.deps)
    await t.user('admin')
    const res = await t.call('POST', '/api/setup', { body: { ...admin, token } })
    expect(res.status).toBe(403)
    expect(countUsers(t)).toBe(1)
  })

  it('still checks the password before using up the token', async () => {
    const t = await testApp()
    const token = await prepareFirstAdminSetup(t.deps)
    const weak = await t.call('POST', '/api/setup', {
      body: { ...admin, token, password: 'short' },
    })
    expect(weak.status).toBe(400)
    expect(weak.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['password'])
    const ok = await t.call('POST', '/api/setup', { body: { ...admin, token } })
    expect(ok.status).toBe(201)
  })
})

describe('signing in', () => {
  it('sets a __Host- session cookie: HttpOnly, Secure, SameSite=Lax, Path=/', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const res = await signIn(t, user.email)
    expect(res.status).toBe(200)
    expect(res.json.user).toMatchObject({ id: user.id, email: user.email, role: 'facilitator' })
    const cookie = parseSetCookie(res.headers)
    expect(cookie.name).toBe(COOKIE)
    expect(cookie.value).toMatch(/^qse_/)
    expect(cookie.attributes.has('httponly')).toBe(true)
    expect(cookie.attributes.has('secure')).toBe(true)
    expect(cookie.attributes.get('samesite')).toBe('Lax')
    expect(cookie.attributes.get('path')).toBe('/')
    expect(cookie.attributes.has('domain')).toBe(false)
    expect(Date.parse(cookie.attributes.get('expires')!)).toBe(Date.parse(res.json.expiresAt))

    const who = await me(t, `${COOKIE}=${cookie.value}`)
    expect(who.status).toBe(200)
    expect(who.json.user.id).toBe(user.id)
  })

  it('uses a plain, non-Secure cookie with INSECURE_COOKIES=true', async () => {
    const t = await testApp({ INSECURE_COOKIES: 'true' })
    const user = await t.user('facilitator')
    const res = await signIn(t, user.email)
    const cookie = parseSetCookie(res.headers)
    expect(cookie.name).toBe('quorum_session')
    expect(cookie.attributes.has('secure')).toBe(false)
    expect(cookie.attributes.has('httponly')).toBe(true)
    expect(cookie.attributes.get('samesite')).toBe('Lax')
    expect((await me(t, `quorum_session=${cookie.value}`)).json.user.id).toBe(user.id)
    // The other name is not read: one cookie per configuration.
    expect((await me(t, `${COOKIE}=${cookie.value}`)).status).toBe(401)
  })

  it('answers a wrong password, an unknown email and a disabled account alike', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const user = await t.user('facilitator')
    const wrong = await signIn(t, user.email, 'not the password')
    const unknown = await signIn(t, 'nobody@example.org', 'not the password')
    await t.call('PATCH', `/api/users/${user.id}`, { auth: admin.token, body: { disabled: true } })
    const disabled = await signIn(t, user.email)
    expect(wrong.status).toBe(401)
    expect(wrong.json.error.code).toBe('sign_in_failed')
    expect(unknown.status).toBe(401)
    expect(unknown.text).toBe(wrong.text)
    expect(disabled.status).toBe(401)
    expect(disabled.text).toBe(wrong.text)
    for (const res of [wrong, unknown, disabled]) expect(res.headers.getSetCookie()).toEqual([])
  })

  it('accepts the email in any case and with surrounding spaces', async () => {
    const t = await testApp()
    const user = await t.user('facilitator', 'Ada@Example.org')
    expect((await signIn(t, '  ADA@example.ORG ')).status).toBe(200)
    expect(user.email).toBe('ada@example.org')
  })
})

describe('sessions', () => {
  it('signing out deletes the session on the server, not just the cookie', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const cookie = await sessionCookie(t, user.email)
    const other = await sessionCookie(t, user.email)

    const out = await t.call('DELETE', '/api/session', { headers: { cookie } })
    expect(out.status).toBe(200)
    const cleared = parseSetCookie(out.headers)
    expect(cleared.name).toBe(COOKIE)
    expect(cleared.value).toBe('')
    expect(cleared.attributes.get('max-age')).toBe('0')

    // A copy of the old cookie (e.g. stolen before sign-out) no longer works.
    expect((await me(t, cookie)).status).toBe(401)
    // Other devices stay signed in.
    expect((await me(t, other)).status).toBe(200)
  })

  it('expire after SESSION_HOURS', async () => {
    const t = await testApp({ SESSION_HOURS: '2' })
    const user = await t.user('facilitator')
    const res = await signIn(t, user.email)
    expect(new Date(res.json.expiresAt).getTime()).toBe(t.deps.now().getTime() + 2 * 3600_000)
    const cookie = `${COOKIE}=${parseSetCookie(res.headers).value}`
    t.clock.advance(2 * 3600_000 - 1000)
    expect((await me(t, cookie)).status).toBe(200)
    t.clock.advance(1000)
    const expired = await me(t, cookie)
    expect(expired.status).toBe(401)
    expect(expired.json.error.code).toBe('sign_in_required')
  })

  it('a made-up or tampered cookie is refused', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const cookie = await sessionCookie(t, user.email)
    expect((await me(t, `${cookie.slice(0, -2)}xx`)).status).toBe(401)
    expect((await me(t, `${COOKIE}=qse_made-up`)).status).toBe(401)
    expect((await me(t, cookie)).status).toBe(200)
  })
})

describe('disabling an account', () => {
  it('signs the user out everywhere and stops their API tokens; enabling lets them back', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const user = await t.user('facilitator')
    const cookie = await sessionCookie(t, user.email)
    expect((await t.call('GET', '/api/me', { auth: user.token })).status).toBe(200)

    const res = await t.call('PATCH', `/api/users/${user.id}`, {
      auth: admin.token,
      body: { disabled: true },
    })
    expect(res.status).toBe(200)
    expect((await me(t, cookie)).status).toBe(401)
    expect((await t.call('GET', '/api/me', { auth: user.token })).status).toBe(401)
    expect((await t.call('GET', '/api/teams', { auth: user.token })).status).toBe(401)
    const sessions = t.raw.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?')
    expect(sessions.get(user.id)).toEqual({ n: 0 })
    const users = await t.call('GET', '/api/users', { auth: admin.token })
    expect(users.json.users.find((u: { id: string }) => u.id === user.id).disabled).toBe(true)

    await t.call('PATCH', `/api/users/${user.id}`, { auth: admin.token, body: { disabled: false } })
    expect((await signIn(t, user.email)).status).toBe(200)
  })

  it('the last admin can be neither disabled nor demoted', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const other = await t.user('admin')
    const disableOther = await t.call('PATCH', `/api/users/${other.id}`, {
      auth: admin.token,
      body: { disabled: true },
    })
    expect(disableOther.status).toBe(200)

    const self = await t.call('PATCH', `/api/users/${admin.id}`, {
      auth: admin.token,
      body: { disabled: true },
    })
    expect(self.status).toBe(409)
    expect(self.json.error.message).toMatch(/own account/)
    const demote = await t.call('PATCH', `/api/users/${admin.id}`, {
      auth: admin.token,
      body: { role: 'facilitator' },
    })
    expect(demote.status).toBe(409)
    expect(demote.json.error.code).toBe('last_admin')
    const stillAdmin = await t.call('GET', '/api/users', { auth: admin.token })
    expect(stillAdmin.status).toBe(200)
    expect(stillAdmin.json.users.find((u: { id: string }) => u.id === admin.id).role).toBe('admin')
  })

  it('an admin may demote another admin while one admin remains', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const other = await t.user('admin')
    const res = await t.call('PATCH', `/api/users/${other.id}`, {
      auth: admin.token,
      body: { role: 'facilitator' },
    })
    expect(res.status).toBe(200)
    expect((await t.call('GET', '/api/users', { auth: other.token })).status).toBe(403)
  })
})

describe('API tokens', () => {
  it('are shown once, listed by name only, and stop working when revoked', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const created = await t.call('POST', '/api/tokens', {
      auth: user.token,
      body: { name: 'ci export' },
    })
    expect(created.status).toBe(201)
    const { id, token } = created.json
    expect(token).toMatch(/^qat_/)
    const viaToken = await t.call('GET', '/api/me', { auth: token })
    expect(viaToken.json.user.id).toBe(user.id)

    const list = await t.call('GET', '/api/tokens', { auth: token })
    expect(list.json.tokens.map((x: { name: string }) => x.name)).toEqual(['test', 'ci export'])
    expect(Object.keys(list.json.tokens[1]).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'id',
      'name',
      'scope',
    ])
    expect(list.text).not.toContain(token)
    expect(list.text).not.toContain(user.token)

    const revoked = await t.call('DELETE', `/api/tokens/${id}`, { auth: user.token })
    expect(revoked.status).toBe(200)
    const after = await t.call('GET', '/api/me', { auth: token })
    expect(after.status).toBe(401)
    expect(after.json.error.code).toBe('sign_in_required')
    expect((await t.call('GET', '/api/me', { auth: user.token })).status).toBe(200)
  })

  it('cannot be revoked by anyone else', async () => {
    const t = await testApp()
    const owner = await t.user('facilitator')
    const other = await t.user('admin')
    const id = (await t.call('GET', '/api/tokens', { auth: owner.token })).json.tokens[0].id
    const res = await t.call('DELETE', `/api/tokens/${id}`, { auth: other.token })
    expect(res.status).toBe(404)
    expect((await t.call('GET', '/api/me', { auth: owner.token })).status).toBe(200)
  })

  it('session cookies, API tokens and set-up tokens are stored only as hashes, never logged', async () => {
    const t = await testApp()
    const setup = (await prepareFirstAdminSetup(t.deps))!
    const user = await t.user('admin')
    const cookie = await sessionCookie(t, user.email)
    const sessionValue = cookie.split('=')[1]!
    const token = (await t.call('POST', '/api/tokens', { auth: user.token, body: { name: 'x' } }))
      .json.token as string
    await t.call('GET', '/api/me', { headers: { cookie } })
    await t.call('GET', '/api/me', { auth: token })

    const dump = dumpDatabase(t)
    expect(dump).toContain('"token_hash"')
    for (const secret of [sessionValue, token, user.token, setup]) {
      expect(dump).not.toContain(secret)
      expect(dump).not.toContain(secret.slice(4))
      expect(t.logs.join('\n')).not.toContain(secret.slice(4))
    }
    expect(dump).not.toContain(PASSWORD)
  })
})

describe('changing the password', () => {
  it('needs the current password and signs out every session', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const cookie = await sessionCookie(t, user.email)
    const otherDevice = await sessionCookie(t, user.email)
    const newPassword = 'a brand new passphrase'

    const wrong = await t.call('PUT', '/api/me/password', {
      headers: { cookie },
      body: { currentPassword: 'not my password', newPassword },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.json.error.fields).toEqual([{ path: 'currentPassword', message: 'not correct' }])
    expect((await me(t, cookie)).status).toBe(200)
    expect((await signIn(t, user.email, newPassword)).status).toBe(401)

    const weak = await t.call('PUT', '/api/me/password', {
      headers: { cookie },
      body: { currentPassword: PASSWORD, newPassword: 'short' },
    })
    expect(weak.status).toBe(400)
    expect(weak.json.error.fields[0].path).toBe('newPassword')

    const ok = await t.call('PUT', '/api/me/password', {
      headers: { cookie },
      body: { currentPassword: PASSWORD, newPassword },
    })
    expect(ok.status).toBe(200)
    expect((await me(t, cookie)).status).toBe(401)
    expect((await me(t, otherDevice)).status).toBe(401)
    expect((await signIn(t, user.email)).status).toBe(401)
    expect((await signIn(t, user.email, newPassword)).status).toBe(200)
  })
})

describe('sign-in rate limit', () => {
  it('blocks the 11th failure a minute per address, never the owner elsewhere, then lets people in again', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const other = await t.user('facilitator')
    t.setAddress('192.0.2.1')
    for (let i = 0; i < 10; i++)
      expect((await signIn(t, admin.email, `wrong password ${i}`)).status).toBe(401)

    const blocked = await signIn(t, admin.email, 'wrong password 10')
    expect(blocked.status).toBe(429)
    expect(blocked.json.error.code).toBe('too_many_requests')
    expect(blocked.headers.get('retry-after')).toBe('60')
    expect(blocked.json.error.message).toMatch(/60 seconds/)
    // Even the right password waits at the guessing address.
    expect((await signIn(t, admin.email)).status).toBe(429)

    t.setAddress('192.0.2.2')
    expect((await signIn(t, other.email)).status).toBe(200)
    // The owner, from another address, is not locked out by a stranger's guesses.
    const sameEmail = await signIn(t, admin.email)
    expect(sameEmail.status).toBe(200)

    t.clock.advance(30_000)
    t.setAddress('192.0.2.1')
    const later = await signIn(t, other.email)
    expect(later.status).toBe(429)
    expect(later.headers.get('retry-after')).toBe('30')

    t.clock.advance(30_000)
    expect((await signIn(t, admin.email)).status).toBe(200)
  })
})
