import Database from 'better-sqlite3'
import { nodeWebhookSender } from '../../src/node/webhook-sender'
import { Kysely, SqliteDialect } from 'kysely'
import { createApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import type { Batch, Database as Tables, Db } from '../../src/db/schema'
import type { ChatSender, Deps, Mailer, OutgoingMail } from '../../src/deps'
import { applyMigrations } from '../../src/node/migrate'
import { MIGRATIONS_DIR, SURVEYS_DIR } from '../../src/node/runtime'
import { groupCommit } from '../../src/node/ballot-box'
import { ballotWriter } from '../../src/node/ballot-writer'
import { nodeBallotSeal } from '../../src/node/seal'
import { wrapDatabase } from '../../src/node/sqlite'
import { readSurveyDirectory } from '../../src/node/surveys'
import type { User } from '../../src/domain/users'
import { createUser } from '../../src/services/auth'
import { addMembers } from '../../src/services/rosters'
import { MailError } from '../../src/mail/mailer'
import { OPERATOR } from '../../src/domain/actor'
import { syncBuiltinSurveys } from '../../src/services/surveys'

let image: Buffer | undefined

/** A migrated, empty database image, made once and copied for every test (fast and isolated). */
function freshDatabase(): Database.Database {
  if (!image) {
    const raw = new Database(':memory:')
    applyMigrations(raw, MIGRATIONS_DIR)
    image = raw.serialize()
    raw.close()
  }
  return new Database(image)
}

export const BASE_URL = 'http://localhost:8787'

/** A clock tests can move; starts at a fixed instant. */
export function testClock(start = '2026-03-02T09:00:00.000Z') {
  let now = new Date(start).getTime()
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms
    },
    set: (iso: string) => {
      now = new Date(iso).getTime()
    },
  }
}

export type TestApp = Awaited<ReturnType<typeof testApp>>

/** The whole app on a fresh in-memory database, with a movable clock and fast password hashing. */
export async function testApp(
  env: Record<string, string> = {},
  options: { mail?: Mailer; chat?: ChatSender } = {},
) {
  const raw = freshDatabase()
  const database = wrapDatabase(raw)
  // Every SQL statement the app runs, so tests can count them: one entry per trip to the database
  // (a query through Kysely, or a batch of statements applied together).
  const trips: string[][] = []
  const db: Db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: raw }),
    log: (event) => void trips.push([event.query.sql]),
  })
  const batch: Batch = (queries) => {
    trips.push(queries.map((q) => q.sql))
    return database.batch(queries)
  }
  const clock = testClock()
  const logs: string[] = []
  const seal = nodeBallotSeal(crypto.getRandomValues(new Uint8Array(32)))
  const config = parseConfig({
    BASE_URL,
    PASSWORD_ITERATIONS: '10000',
    LOG_LEVEL: 'debug',
    ...env,
  })
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    logs.push(JSON.stringify({ level, message, ...fields }))
  const deps: Deps = {
    db,
    batch,
    config,
    builtinSurveys: readSurveyDirectory(SURVEYS_DIR),
    now: clock.now,
    log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    seal,
    ballots: groupCommit(ballotWriter(raw, seal)),
    chat: options.chat ?? nodeWebhookSender({ allowLocal: config.CHAT_LOCAL_WEBHOOKS }),
    mail: options.mail,
  }
  await syncBuiltinSurveys(deps)
  let address = '10.0.0.1'
  const app = createApp(deps, { clientAddress: () => address })

  /** Calls the app like a client would; JSON in, parsed JSON (or text) out. */
  async function call(
    method: string,
    path: string,
    options: { body?: unknown; auth?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers }
    if (options.body !== undefined) headers['content-type'] ??= 'application/json'
    if (options.auth) headers.authorization = `Bearer ${options.auth}`
    const res = await app.request(
      path,
      {
        method,
        headers,
        body:
          options.body === undefined
            ? undefined
            : typeof options.body === 'string'
              ? options.body
              : JSON.stringify(options.body),
      },
      {},
    )
    const text = await res.text()
    let json: any
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: res.status, json, text, headers: res.headers }
  }

  /** Creates an account and an API token for it. */
  async function user(
    role: User['role'] = 'facilitator',
    email = `${role}-${Math.random()}@example.org`,
  ) {
    const created = await createUser(
      deps,
      { kind: 'operator' },
      {
        email,
        name: role,
        role,
        password: 'correct horse battery',
      },
    )
    const { createApiToken } = await import('../../src/services/auth')
    const token = await createApiToken(deps, created.id, 'test')
    return { ...created, token: token.token }
  }

  return {
    app,
    deps,
    raw,
    clock,
    logs,
    trips,
    call,
    user,
    setAddress: (a: string) => {
      address = a
    },
  }
}

/**
 * An admin, a facilitator assigned to a new team, and the team, whose roster has `rosterSize`
 * members without an address (their links are handed out by hand), so rounds may have that many
 * links (P6b).
 */
export async function teamWithFacilitator(t: TestApp, name = 'Platform', rosterSize = 40) {
  const admin = await t.user('admin')
  const facilitator = await t.user('facilitator')
  const team = (await t.call('POST', '/api/teams', { auth: admin.token, body: { name } })).json.team
  await t.call('PUT', `/api/teams/${team.id}/facilitators/${facilitator.id}`, { auth: admin.token })
  await addRoster(t.deps, team.id, rosterSize)
  return { admin, facilitator, team }
}

/** Puts `size` people on a team's roster: by name only, or with addresses at example.org. */
export async function addRoster(
  deps: Deps,
  teamId: string,
  size: number,
  options: { emails?: boolean; locale?: 'en' | 'de' } = {},
) {
  const inputs = Array.from({ length: size }, (_, i) => ({
    name: `Member ${i + 1}`,
    email: options.emails ? `member${i + 1}@example.org` : null,
    locale: options.locale ?? 'en',
  }))
  return addMembers(deps, OPERATOR, teamId, inputs)
}

const builtins = readSurveyDirectory(SURVEYS_DIR)

/** A complete set of answers to a built-in survey: every item `value` unless overridden. */
export function answersFor(
  surveyId: string,
  value: number | ((itemId: string, index: number) => number),
  overrides: Record<string, number> = {},
): Record<string, number> {
  const survey = builtins.find((s) => s.id === surveyId)
  if (!survey) throw new Error(`no built-in survey ${surveyId}`)
  const pick = typeof value === 'function' ? value : () => value
  return {
    ...Object.fromEntries(survey.items.map((item, i) => [item.id, pick(item.id, i)])),
    ...overrides,
  }
}

export const builtinSurvey = (id: string) => builtins.find((s) => s.id === id)!

/**
 * A mailer that keeps what it is given, like an outbox, for tests that need mail without a
 * server; `refuse` makes an address fail as a mail server's permanent refusal would.
 */
export function recordingMailer() {
  const sent: OutgoingMail[] = []
  const refused = new Set<string>()
  const mailer: Mailer = {
    async send(mail) {
      if (refused.has(mail.to)) throw new MailError('550 mailbox unavailable', true)
      sent.push(mail)
    },
  }
  return {
    mailer,
    sent,
    to: (address: string) => sent.filter((m) => m.to === address),
    refuse: (address: string) => void refused.add(address),
  }
}
