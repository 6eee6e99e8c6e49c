import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import pkg from '../../package.json'
import { PROJECT_ROOT } from '../../src/node/runtime'
import { BASE_URL, testApp } from '../helpers/app'
import { documentChecker, fetchDocument, operationsOf } from '../helpers/openapi'

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
  'POST /api/teams/{teamId}/rounds.csv',
  'GET /api/rounds/{roundId}',
  'PATCH /api/rounds/{roundId}',
  'POST /api/rounds/{roundId}/invitations',
  'POST /api/rounds/{roundId}/invitations.csv',
  'POST /api/rounds/{roundId}/close',
  'PUT /api/rounds/{roundId}/debrief',
  'GET /api/rounds/{roundId}/report',
  'GET /api/rounds/{roundId}/report.csv',
  'GET /api/surveys',
  'POST /api/surveys',
  'GET /api/surveys/{surveyId}',
  'GET /api/survey-schema.json',
  'GET /api/public/rounds/{roundId}',
  'POST /api/public/rounds/{roundId}/responses',
  'GET /api/shared/team',
  'GET /api/shared/rounds/{roundId}/report',
  'GET /healthz',
]

/** Needs no sign-in: respondents, signing in itself, health and the survey schema. */
const PUBLIC = [
  'GET /healthz',
  'GET /api/survey-schema.json',
  'POST /api/setup',
  'POST /api/session',
  'DELETE /api/session',
  'GET /api/public/rounds/{roundId}',
  'POST /api/public/rounds/{roundId}/responses',
]

async function document(env: Record<string, string> = {}) {
  const t = await testApp(env)
  const doc = await fetchDocument(t)
  return { t, doc, operations: operationsOf(doc) }
}

const REDOCLY = join(PROJECT_ROOT, 'node_modules', '.bin', 'redocly')

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
    const { t, doc, operations } = await document()
    const keys = operations.map((o) => o.key)
    expect(keys).toEqual(expect.arrayContaining(EXERCISED))
    const checker = documentChecker(doc)
    for (const { key, method, path } of operations) {
      const url = path.replace(/\{\w+\}/g, 'x')
      const res = await t.call(method, url, {
        ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: {} } : {}),
      })
      expect(res.status, key).toBeLessThan(500)
      expect(res.text, key).not.toContain('There is nothing at')
      checker.check(method, url, res) // a declared status, with the declared body
    }
  })

  it('names every operation once and gives each response one media type', async () => {
    const { operations } = await document()
    const ids = operations.map(({ key, op }) => {
      expect(op.operationId, key).toMatch(/^[a-z][A-Za-z]+$/)
      return op.operationId
    })
    expect(new Set(ids).size).toBe(ids.length)
    for (const { key, op } of operations)
      for (const [status, response] of Object.entries(op.responses))
        if (!('$ref' in response))
          expect(Object.keys(response.content ?? {}), `${key} ${status}`).toHaveLength(1)
  })

  it('answers every error with the one named Error schema', async () => {
    const { doc, operations } = await document()
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
    })
    for (const response of Object.values(doc.components.responses))
      expect(response.content).toEqual({
        'application/json': { schema: { $ref: '#/components/schemas/Error' } },
      })
    for (const { key, op } of operations)
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue
        expect(response, `${key} ${status}`).toEqual({
          $ref: expect.stringMatching(/^#\/components\/responses\/\w+$/),
        })
      }
    // The body is written out once, not once per response.
    expect(JSON.stringify(doc).match(/"fields"/g)).toHaveLength(1)
  })

  it('is built once and then served as it is', async () => {
    const t = await testApp()
    const build = vi.spyOn(t.app, 'getOpenAPI31Document')
    const first = await t.call('GET', '/openapi.json')
    const second = await t.call('GET', '/openapi.json')
    expect(second.text).toBe(first.text)
    expect(build).toHaveBeenCalledTimes(1)
  })

  it('passes `redocly lint` (recommended rules, redocly.yaml) without errors or warnings', async () => {
    expect(existsSync(REDOCLY), '@redocly/cli is a dev dependency: run npm install').toBe(true)
    // As `npm start` serves it without BASE_URL (http://127.0.0.1:8787), and with one.
    const dir = mkdtempSync(join(tmpdir(), 'quorum-openapi-'))
    try {
      for (const env of [{ BASE_URL: '' }, { BASE_URL: 'https://quorum.example.org' }]) {
        const { doc } = await document(env)
        const file = join(dir, 'openapi.json')
        writeFileSync(file, JSON.stringify(doc))
        const { stdout } = await promisify(execFile)(
          REDOCLY,
          ['lint', file, '--config', join(PROJECT_ROOT, 'redocly.yaml'), '--format=json'],
          {
            cwd: PROJECT_ROOT,
            env: {
              ...process.env,
              REDOCLY_TELEMETRY: 'off',
              REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
            },
          },
        ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? String(err) }))
        const report = JSON.parse(stdout)
        const problems = report.problems.map(
          (p: {
            severity: string
            ruleId: string
            message: string
            location: { pointer: string }[]
          }) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`,
        )
        expect(problems, env.BASE_URL || 'no BASE_URL').toEqual([])
        expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('gives every operation a summary, a tag and described responses', async () => {
    const { doc, operations } = await document()
    for (const { key, op } of operations) {
      expect(op.summary, key).toEqual(expect.stringMatching(/\w{3}/))
      expect(op.tags?.length, key).toBeGreaterThan(0)
      const statuses = Object.keys(op.responses)
      expect(
        statuses.some((s) => s.startsWith('2')),
        key,
      ).toBe(true)
      for (const status of statuses) {
        const declared = op.responses[status]!
        const response =
          '$ref' in declared
            ? doc.components.responses[declared.$ref.replace('#/components/responses/', '')]
            : declared
        expect(response?.description, `${key} ${status}`).toEqual(expect.any(String))
      }
      if (op.requestBody)
        expect(Object.keys(op.requestBody.content), key).toContain('application/json')
    }
  })

  it('declares every path parameter', async () => {
    const { operations } = await document()
    for (const { key, path, op } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      const declared = (op.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => {
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
      // Stated on every operation: `[]` says "no credentials", not "forgot to say".
      expect(op.security, key).toBeDefined()
      const used = (op.security ?? []).flatMap((s) => Object.keys(s))
      for (const name of used) expect(schemes, `${key} uses ${name}`).toHaveProperty([name])
      if (PUBLIC.includes(key)) expect(op.security, key).toEqual([])
      else expect(used.length, `${key} needs a security requirement`).toBeGreaterThan(0)
    }
    const shared = operations.filter((o) => o.path.startsWith('/api/shared/'))
    expect(shared.length).toBeGreaterThan(0)
    for (const { op } of shared) expect(op.security).toEqual([{ share: [] }])
  })
})
