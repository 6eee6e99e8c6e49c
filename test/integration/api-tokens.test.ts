import Database from 'better-sqlite3'
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyMigrations } from '../../src/node/migrate'
import { MIGRATIONS_DIR } from '../../src/node/runtime'
import { testApp, type TestApp } from '../helpers/app'
import { countRows, dumpDatabase } from '../helpers/db'

const PASSWORD = 'correct horse battery'
const DAY = 24 * 3600_000

const newToken = (t: TestApp, auth: string, body: Record<string, unknown>) =>
  t.call('POST', '/api/tokens', { auth, body: { name: 'script', ...body } })

const me = (t: TestApp, token: string) => t.call('GET', '/api/me', { auth: token })

describe('API tokens and the password', () => {
  it('a token works, the password changes, the token is 401 — every token of the account', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const read = (await newToken(t, user.token, { scope: 'read' })).json.token
    const lasting = (await newToken(t, user.token, { expiresInDays: 30 })).json.token
    for (const token of [user.token, read, lasting]) expect((await me(t, token)).status).toBe(200)

    const changed = await t.call('PUT', '/api/me/password', {
      auth: user.token,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    })
    expect(changed.status, changed.text).toBe(200)
    for (const token of [user.token, read, lasting]) {
      const res = await me(t, token)
      expect(res.status).toBe(401)
      expect(res.json.error.code).toBe('sign_in_required')
    }
    expect(countRows(t, 'api_tokens', `user_id = '${user.id}'`)).toBe(0)
    // Someone else's tokens are untouched.
    const other = await t.user('facilitator')
    expect((await me(t, other.token)).status).toBe(200)
  })

  it('a wrong current password changes nothing and revokes nothing', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const wrong = await t.call('PUT', '/api/me/password', {
      auth: user.token,
      body: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
    })
    expect(wrong.status).toBe(400)
    expect((await me(t, user.token)).status).toBe(200)
  })

  it('disabling an account revokes its tokens; enabling it does not bring them back', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const user = await t.user('facilitator')
    const patch = (disabled: boolean) =>
      t.call('PATCH', `/api/users/${user.id}`, { auth: admin.token, body: { disabled } })
    expect((await patch(true)).status).toBe(200)
    expect(countRows(t, 'api_tokens', `user_id = '${user.id}'`)).toBe(0)
    expect((await patch(false)).status).toBe(200)
    expect((await me(t, user.token)).status).toBe(401)
    expect((await me(t, admin.token)).status).toBe(200)
  })
})

describe('token expiry', () => {
  it('a token made to last 2 days authenticates until then, and is 401 after', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const created = await newToken(t, user.token, { expiresInDays: 2 })
    expect(created.status, created.text).toBe(201)
    const expiresAt = new Date(t.deps.now().getTime() + 2 * DAY).toISOString()
    expect(created.json).toMatchObject({ scope: 'write', expiresAt })
    const listed = (await t.call('GET', '/api/tokens', { auth: user.token })).json.tokens
    expect(listed.find((x: { id: string }) => x.id === created.json.id).expiresAt).toBe(expiresAt)

    t.clock.advance(2 * DAY - 1000)
    expect((await me(t, created.json.token)).status).toBe(200)
    t.clock.advance(1000)
    const expired = await me(t, created.json.token)
    expect(expired.status).toBe(401)
    expect(expired.json.error.code).toBe('sign_in_required')
    expect((await me(t, user.token)).status).toBe(200)
  })

  it('has no expiry unless asked, and at most 365 days', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const forever = await newToken(t, user.token, {})
    expect(forever.json).toMatchObject({ scope: 'write', expiresAt: null })
    expect((await newToken(t, user.token, { expiresInDays: 365 })).status).toBe(201)
    for (const expiresInDays of [0, 366, 1.5, -1, '7']) {
      const res = await newToken(t, user.token, { expiresInDays })
      expect(res.status, String(expiresInDays)).toBe(400)
      expect(res.json.error.fields[0].path).toBe('expiresInDays')
    }
    expect((await newToken(t, user.token, { scope: 'admin' })).status).toBe(400)
    t.clock.advance(10 * 365 * DAY)
    expect((await me(t, forever.json.token)).status).toBe(200)
  })
})

describe('read-only tokens', () => {
  it('may read, and are refused with 403 on POST, PUT, PATCH and DELETE, changing nothing', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const created = await newToken(t, admin.token, { scope: 'read' })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ scope: 'read', expiresAt: null })
    const read = created.json.token as string

    expect((await me(t, read)).json.user.id).toBe(admin.id)
    expect((await t.call('GET', '/api/teams', { auth: read })).status).toBe(200)
    expect((await t.call('GET', '/api/users', { auth: read })).status).toBe(200)
    const team = (await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'A' } }))
      .json.team

    const before = dumpDatabase(t)
    const attempts: [string, string, unknown?][] = [
      ['POST', '/api/teams', { name: 'Sneaky' }],
      ['PATCH', `/api/teams/${team.id}`, { name: 'Renamed' }],
      ['PUT', `/api/teams/${team.id}/facilitators/${admin.id}`],
      ['POST', '/api/tokens', { name: 'a write token', scope: 'write' }],
      ['DELETE', `/api/tokens/${created.json.id}`],
      ['PUT', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'taken over now!' }],
      ['PATCH', `/api/users/${admin.id}`, { name: 'Mallory' }],
      ['DELETE', '/api/session'],
      ['POST', '/api/teams/nonexistent/rounds', {}],
    ]
    for (const [method, path, body] of attempts) {
      const res = await t.call(method, path, { auth: read, body })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.json.error.code).toBe('read_only_token')
      expect(res.json.error.message).toMatch(/read-only/)
      expect(res.json.error.message).toContain(method)
    }
    // A page's form, posted with the token instead of a cookie, is refused the same way.
    const page = await t.app.request('/admin/teams', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${read}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'name=Sneaky',
    })
    expect(page.status).toBe(403)
    expect(dumpDatabase(t)).toBe(before)
    // The same account's write token still may.
    expect(
      (await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'B' } })).status,
    ).toBe(201)
  })

  it('is write by default, and the OpenAPI document describes scope and expiry', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const created = await newToken(t, user.token, {})
    expect(created.json.scope).toBe('write')
    expect(
      (await t.call('DELETE', `/api/tokens/${created.json.id}`, { auth: created.json.token }))
        .status,
    ).toBe(200)

    const doc = (await t.call('GET', '/openapi.json')).json
    const post = doc.paths['/api/tokens'].post
    const body = post.requestBody.content['application/json'].schema
    expect(body.properties.scope).toMatchObject({ enum: ['read', 'write'], default: 'write' })
    expect(body.properties.expiresInDays).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 365,
    })
    expect(body.required).toEqual(['name'])
    const listed = doc.paths['/api/tokens'].get.responses['200'].content['application/json'].schema
    expect(listed.properties.tokens.items).toEqual({ $ref: '#/components/schemas/ApiToken' })
    const item = doc.components.schemas.ApiToken
    expect(Object.keys(item.properties).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'id',
      'name',
      'scope',
    ])
  })
})

describe('migration 0003_token_scope', () => {
  it('keeps tokens made before it working as they did: write, no expiry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-migrations-'))
    try {
      const files = readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .sort()
      expect(files).toContain('0003_token_scope.sql')
      const before = files.filter((f) => f < '0003_token_scope.sql')
      for (const f of before) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f))
      const raw = new Database(':memory:')
      applyMigrations(raw, dir)
      raw.exec(`INSERT INTO users (id, email, name, role, password_hash, disabled, created_at)
        VALUES ('u1', 'old@example.org', 'Old', 'admin', 'x', 0, '2025-01-01T00:00:00.000Z');
        INSERT INTO api_tokens (id, user_id, name, token_hash, created_at)
        VALUES ('t1', 'u1', 'old script', 'hash', '2025-01-01T00:00:00.000Z');`)
      copyFileSync(join(MIGRATIONS_DIR, '0003_token_scope.sql'), join(dir, '0003_token_scope.sql'))
      expect(applyMigrations(raw, dir)).toEqual(['0003_token_scope.sql'])
      expect(raw.prepare('SELECT scope, expires_at FROM api_tokens').get()).toEqual({
        scope: 'write',
        expires_at: null,
      })
      expect(() =>
        raw.exec(`INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, scope)
          VALUES ('t2', 'u1', 'x', 'h2', '2025-01-01T00:00:00.000Z', 'admin')`),
      ).toThrow(/CHECK/)
      raw.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
