import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  answerEveryItem,
  httpClient,
  secretOf,
  type HttpClient,
  type ServedSurvey,
} from '../helpers/server'
import { logEvents, openTargetDatabase, START_TIMEOUT, STOP_TIMEOUT } from '../helpers/target'
import { startWorker, type RunningWorker } from '../helpers/worker'
import { fillRoster } from '../helpers/roster'

const credentials = { email: 'admin@example.org', password: 'correct horse battery staple' }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What only a Worker does: its cron trigger, and failing safely on bad settings. */
describe('the Worker in workerd (wrangler dev, local D1): cron and misconfiguration', () => {
  let worker: RunningWorker
  let misconfigured: RunningWorker
  let admin: HttpClient

  beforeAll(async () => {
    // Both at once: starting wrangler is most of this file's time.
    const [healthy, broken] = await Promise.allSettled([
      startWorker(),
      startWorker({ DEFAULT_K: '2' }, { healthz: 500 }),
    ])
    // Keep whichever started, so that afterAll stops it even if the other did not.
    if (healthy.status === 'fulfilled') worker = healthy.value
    if (broken.status === 'fulfilled') misconfigured = broken.value
    for (const s of [healthy, broken]) if (s.status === 'rejected') throw s.reason
    admin = httpClient(worker.baseUrl)
    const setup = await admin.call('POST', '/api/setup', {
      body: { token: worker.setupToken, name: 'Ada', ...credentials },
    })
    expect(setup.status, setup.text).toBe(201)
    expect((await admin.call('POST', '/api/session', { body: credentials })).status).toBe(200)
  }, START_TIMEOUT)
  afterAll(async () => {
    await Promise.all([worker?.remove(), misconfigured?.remove()])
  }, STOP_TIMEOUT)

  it('closes and releases a round past its closing time in the scheduled run', async () => {
    const team = await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })
    await fillRoster(admin, team.json.team.id, 3)
    const closesAt = new Date(Date.now() + 4000)
    const opened = await admin.call('POST', `/api/teams/${team.json.team.id}/rounds`, {
      body: {
        surveyId: 'psychological-safety',
        k: 3,
        closesAt: closesAt.toISOString(),
        invitations: 3,
      },
    })
    expect(opened.status, opened.text).toBe(201)
    const roundId: string = opened.json.round.id
    const respondent = httpClient(worker.baseUrl)
    const served = await respondent.call('GET', `/api/public/rounds/${roundId}`)
    const survey = served.json.survey as ServedSurvey
    for (const [r, link] of (opened.json.links as { url: string }[]).entries()) {
      const answers = answerEveryItem(survey, (values) => values[r]!)
      const res = await respondent.call('POST', `/api/public/rounds/${roundId}/responses`, {
        body: { secret: secretOf(link.url), answers },
      })
      expect(res.status, res.text).toBe(201)
    }

    // Past its closing time: only the scheduled run closes it (reads never do). The state is read
    // from the D1 file, to see the round itself rather than how the API shows it.
    await sleep(closesAt.getTime() - Date.now() + 500)
    const stored = () => {
      const db = openTargetDatabase(worker)
      try {
        return {
          status: db.prepare('SELECT status FROM rounds WHERE id = ?').pluck().get(roundId),
          released: db
            .prepare('SELECT respondents FROM round_results WHERE round_id = ?')
            .get(roundId),
        }
      } finally {
        db.close()
      }
    }
    expect(stored()).toEqual({ status: 'open', released: undefined })

    const cron = await fetch(
      `${worker.baseUrl}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`,
    )
    expect(cron.status, await cron.text()).toBe(200)
    // The handler hands the work to waitUntil, which may finish after the answer.
    const deadline = Date.now() + 10_000
    while (!stored().released && Date.now() < deadline) await sleep(100)
    expect(stored()).toEqual({ status: 'closed', released: { respondents: 3 } })
    expect(logEvents(worker)).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'round released', round: roundId }),
    )

    const report = await admin.call('GET', `/api/rounds/${roundId}/report`)
    expect(report.json).toMatchObject({ released: true, respondents: 3 })
  })

  it('answers 500 with a JSON message and logs which setting is wrong (DEFAULT_K=2)', async () => {
    const client = httpClient(misconfigured.baseUrl)
    for (const path of ['/healthz', '/api/teams', '/signin']) {
      const res = await client.call('GET', path)
      expect(res.status).toBe(500)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(res.json).toEqual({
        error: {
          code: 'misconfigured',
          message: 'This Quorum instance is not configured correctly.',
        },
      })
    }
    const setup = await client.call('POST', '/api/setup', {
      body: { token: misconfigured.setupToken, name: 'Ada', ...credentials },
    })
    expect(setup.status).toBe(500)
    // Never a stack trace, an error name or the bad value to the client.
    expect(setup.text).not.toMatch(/\n\s*at |ConfigError|DEFAULT_K|ZodError/)

    const errors = logEvents(misconfigured).filter((e) => e.level === 'error')
    expect(errors.length).toBeGreaterThan(0)
    expect(errors[0]!.message).toMatch(/^Invalid configuration:\n {2}DEFAULT_K="2": /)
  })
})

describe('one schema for both runtimes', () => {
  it(
    'wrangler and the Node runner record the same migrations in the same table',
    async () => {
      const { default: Database } = await import('better-sqlite3')
      const { applyMigrations } = await import('../../src/node/migrate')
      const { MIGRATIONS_DIR } = await import('../../src/node/runtime')
      const worker = await startWorker()
      try {
        const d1 = openTargetDatabase(worker)
        const node = new Database(':memory:')
        applyMigrations(node, MIGRATIONS_DIR)
        const describe = (db: InstanceType<typeof Database>) => ({
          migrations: db.prepare('SELECT id, name FROM d1_migrations ORDER BY id').all(),
          columns: db
            .prepare("SELECT name, type, pk FROM pragma_table_info('d1_migrations')")
            .all(),
          tables: db
            .prepare(
              "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
            )
            .all(),
        })
        const fromWrangler = describe(d1)
        expect(fromWrangler.migrations.length).toBeGreaterThan(0)
        expect(describe(node)).toEqual(fromWrangler)
        d1.close()
        node.close()
      } finally {
        await worker.remove()
      }
    },
    START_TIMEOUT,
  )
})
