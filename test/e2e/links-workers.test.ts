import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient } from '../helpers/server'
import { START_TIMEOUT, STOP_TIMEOUT } from '../helpers/target'
import { startWorker, type RunningWorker } from '../helpers/worker'
import { fillRoster } from '../helpers/roster'

const credentials = { email: 'admin@example.org', password: 'correct horse battery staple' }

/** A Worker deployed without BASE_URL, reached under a name of our choosing. */
describe('the Worker without BASE_URL (wrangler dev, local D1)', () => {
  let worker: RunningWorker
  let address: string

  beforeAll(async () => {
    worker = await startWorker({ BASE_URL: '' })
    // Another name for the same server: links must follow the address used, not a default.
    address = worker.baseUrl.replace('127.0.0.1', 'localhost')
  }, START_TIMEOUT)
  afterAll(() => worker?.remove(), STOP_TIMEOUT)

  it('hands out links to the address the request came to', async () => {
    const admin = httpClient(address)
    const setup = await admin.call('POST', '/api/setup', {
      body: { token: worker.setupToken, name: 'Ada', ...credentials },
    })
    expect(setup.status, setup.text).toBe(201)
    expect((await admin.call('POST', '/api/session', { body: credentials })).status).toBe(200)
    const team = (await admin.call('POST', '/api/teams', { body: { name: 'Edge' } })).json.team
    await fillRoster(admin, team.id, 1)
    const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString()
    const opened = await admin.call('POST', `/api/teams/${team.id}/rounds`, {
      body: { surveyId: 'collaboration', closesAt, invitations: 1 },
    })
    expect(opened.status, opened.text).toBe(201)
    expect(opened.json.links[0].url).toMatch(new RegExp(`^${address}/s/${opened.json.round.id}#`))
    const share = await admin.call('POST', `/api/teams/${team.id}/share-links`)
    expect(share.json.url).toBe(`${address}/shared#${share.json.token}`)
    const doc = await admin.call('GET', '/openapi.json')
    expect(doc.json.servers).toEqual([{ url: '/' }])
  })

  it('refuses a body over the limit with 413', async () => {
    const res = await httpClient(address).call('POST', '/api/session', {
      body: JSON.stringify({ email: 'x'.repeat(600 * 1024) }),
    })
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('too_large')
  })
})
