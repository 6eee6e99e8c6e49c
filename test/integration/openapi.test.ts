import { describe, expect, it } from 'vitest'
import pkg from '../../package.json'
import { BASE_URL, testApp } from '../helpers/app'

/** Every route the integration tests exercise; each must be in the document. */
const EXERCISED = [
  'POST /api/setup',
  'POST /api/session',
  'DELETE /api/session',
  'GET /api/me',
  'PUT /api/me/password',
  'GET /api/tokens',
  'POST /api/tokens',
  'DELETE /api/tokens/{id}',
  'GET /api/users',
  'POST /api/users',
  'PATCH /api/users/{id}',
  'GET /api/teams',
  'POST /api/teams',
  'GET /api/teams/{teamId}',
  'PATCH /api/teams/{teamId}',
  'PUT /api/teams/{teamId}/facilitators/{userId}',
  'DELETE /api/teams/{teamId}/facilitators/{userId}',
  'GET /api/teams/{teamId}/trend',
  'GET /api/teams/{teamId}/trend.csv',
  'GET /api/teams/{teamId}/share-links',
  'POST /api/teams/{teamId}/share-links',
  'DELETE /api/teams/{teamId}/share-links/{id}',
  'GET /api/teams/{teamId}/rounds',
  'POST /api/teams/{teamId}/rounds',
  'GET /api/rounds/{roundId}',
  'PATCH /api/rounds/{roundId}',
  'POST /api/rounds/{roundId}/invitations',
  'POST /api/rounds/{roundId}/close',
  'PUT /api/rounds/{roundId}/debrief',
  'GET /api/rounds/{roundId}/report',
  'GET /api/rounds/{roundId}/report.csv',
  'GET /api/surveys',
  'POST /api/surveys',
  'GET /api/surveys/{surveyId}',
  'GET /api/public/rounds/{roundId}',
  'POST /api/public/rounds/{roundId}/responses',
  'GET /api/shared/team',
  'GET /api/shared/rounds/{roundId}/report',
]

/** Needs no sign-in: respondents, share links and signing in itself. */
const PUBLIC = [
  'POST /api/setup',
  'POST /api/session',
  'DELETE /api/session',
  'GET /api/public/rounds/{roundId}',
  'POST /api/public/rounds/{roundId}/responses',
]

async function document() {
  const t = await testApp()
  const res = await t.call('GET', '/openapi.json')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  const doc = res.json
  const operations = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      op,
    })),
  )
  return { t, doc, operations }
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document for this version and address', async () => {
    const { doc } = await document()
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toBe('Quorum API')
    expect(doc.info.version).toBe(pkg.version)
    expect(doc.info.description).toMatch(/No endpoint returns an individual response/)
    expect(doc.servers).toEqual([{ url: BASE_URL }])
  })

  it('documents every route the tests exercise, and only routes that exist', async () => {
    const { t, operations } = await document()
    const keys = operations.map((o) => o.key)
    expect(keys).toEqual(expect.arrayContaining(EXERCISED))
    for (const { key, method, path } of operations) {
      const res = await t.call(method, path.replace(/\{\w+\}/g, 'x'), {
        ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: {} } : {}),
      })
      expect(res.status, key).toBeLessThan(500)
      expect(res.text, key).not.toContain('There is nothing at')
    }
  })

  it('gives every operation a summary, a tag and described responses', async () => {
    const { operations } = await document()
    for (const { key, op } of operations) {
      expect(op.summary, key).toEqual(expect.stringMatching(/\w{3}/))
      expect(op.tags?.length, key).toBeGreaterThan(0)
      const statuses = Object.keys(op.responses)
      expect(
        statuses.some((s) => s.startsWith('2')),
        key,
      ).toBe(true)
      for (const status of statuses)
        expect(op.responses[status].description, `${key} ${status}`).toEqual(expect.any(String))
      if (op.requestBody)
        expect(Object.keys(op.requestBody.content), key).toContain('application/json')
    }
  })

  it('declares every path parameter', async () => {
    const { operations } = await document()
    for (const { key, path, op } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      const declared = (op.parameters ?? [])
        .filter((p: { in: string }) => p.in === 'path')
        .map((p: { name: string; required: boolean }) => {
          expect(p.required, `${key} ${p.name}`).toBe(true)
          return p.name
        })
        .sort()
      expect(declared, key).toEqual(inPath)
    }
  })

  it('defines its security schemes and requires one on every route but the public ones', async () => {
    const { doc, operations } = await document()
    const schemes = doc.components.securitySchemes
    expect(schemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: '__Host-quorum_session' })
    expect(schemes.bearer).toEqual({ type: 'http', scheme: 'bearer' })
    expect(schemes.share).toMatchObject({ type: 'http', scheme: 'bearer' })
    for (const { key, op } of operations) {
      const used = (op.security ?? []).flatMap((s: object) => Object.keys(s))
      for (const name of used) expect(schemes, `${key} uses ${name}`).toHaveProperty([name])
      if (PUBLIC.includes(key)) expect(used, key).toEqual([])
      else expect(used.length, `${key} needs a security requirement`).toBeGreaterThan(0)
    }
    const shared = operations.filter((o) => o.path.startsWith('/api/shared/'))
    expect(shared.length).toBeGreaterThan(0)
    for (const { op } of shared) expect(op.security).toEqual([{ share: [] }])
  })
})
