import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../../src/crypto'
import {
  answerEveryItem,
  httpClient,
  secretOf,
  type HttpClient,
  type ServedSurvey,
} from '../helpers/server'
import {
  openTargetDatabase,
  START_TIMEOUT,
  STOP_TIMEOUT,
  type RunningTarget,
  type Runtime,
} from '../helpers/target'

const PASSWORD = 'correct horse battery staple'
const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString()

type Row = Record<string, unknown>
const columnsOf = (db: Database.Database, table: string) =>
  (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)

/**
 * P6 and P5 against a running Quorum and the SQLite file it writes: Node's DATABASE_PATH, or the
 * file in which workerd keeps the local D1 database (the same schema, written by the same SQL).
 */
export function describeAnonymity(runtime: Runtime, start: () => Promise<RunningTarget>): void {
  const what = runtime === 'node' ? 'server and its SQLite file' : 'Worker and its local D1 file'
  describe(`anonymity promises against the real ${what}`, () => {
    let target: RunningTarget
    let admin: HttpClient
    let respondent: HttpClient
    let teamId: string
    let survey: ServedSurvey
    /** Every invitation secret handed out in this run. */
    const secrets: string[] = []

    const openDatabase = () => openTargetDatabase(target)

    async function openRound(invitations: number, k = 5) {
      const res = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
        body: { surveyId: 'psychological-safety', k, closesAt: inAWeek(), invitations },
      })
      expect(res.status, res.text).toBe(201)
      const links = res.json.links.map((l: { url: string }) => secretOf(l.url)) as string[]
      secrets.push(...links)
      return { id: res.json.round.id as string, secrets: links }
    }

    beforeAll(async () => {
      target = await start()
      admin = httpClient(target.baseUrl)
      respondent = httpClient(target.baseUrl)
      const credentials = { email: 'admin@example.org', password: PASSWORD }
      const setup = await admin.call('POST', '/api/setup', {
        body: { token: target.setupToken, name: 'Ada', ...credentials },
      })
      expect(setup.status, setup.text).toBe(201)
      expect((await admin.call('POST', '/api/session', { body: credentials })).status).toBe(200)
      const team = await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })
      teamId = team.json.team.id
    }, START_TIMEOUT)
    afterAll(async () => {
      await target?.remove()
    }, STOP_TIMEOUT)

    it('P6: 20 concurrent submissions with one secret store exactly one response', async () => {
      const round = await openRound(3)
      survey = (await respondent.call('GET', `/api/public/rounds/${round.id}`)).json.survey
      const answers = answerEveryItem(survey, (values) => values[4]!)
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          respondent.call('POST', `/api/public/rounds/${round.id}/responses`, {
            body: { secret: round.secrets[0], answers },
          }),
        ),
      )
      const statuses = results.map((r) => r.status).sort()
      expect(statuses).toEqual([201, ...Array(19).fill(409)])
      for (const r of results.filter((r) => r.status === 409))
        expect(r.json.error.code).toBe('link_used')

      const db = openDatabase()
      try {
        const responses = db
          .prepare('SELECT count(*) AS n FROM responses WHERE round_id = ?')
          .get(round.id) as { n: number }
        expect(responses.n).toBe(1)
        const invitations = db
          .prepare('SELECT secret_hash, claimed FROM invitations WHERE round_id = ?')
          .all(round.id) as { secret_hash: string; claimed: number }[]
        const used = await hashSecret(round.secrets[0]!)
        expect(invitations).toHaveLength(3)
        for (const inv of invitations) expect(inv.claimed).toBe(inv.secret_hash === used ? 1 : 0)
      } finally {
        db.close()
      }
    })

    it('P5: a dump of the database cannot link invitations, people or times to answers', async () => {
      const rounds = [await openRound(16), await openRound(16, 3)]
      const comment = survey.questions[0]!.id
      const inserted = { responses: [] as string[], comments: [] as string[] }
      const watcher = openDatabase()
      const ids = (table: string) =>
        (watcher.prepare(`SELECT id FROM ${table}`).all() as { id: string }[]).map((r) => r.id)
      const newIds = (table: 'responses' | 'comments') => {
        const added = ids(table).filter((id) => !inserted[table].includes(id))
        inserted[table].push(...added)
        return added
      }
      try {
        newIds('responses')
        newIds('comments')
        // Alternate between the rounds so that insertion order is not grouped by round.
        for (let i = 0; i < 30; i++) {
          const round = rounds[i % 2]!
          const answers = answerEveryItem(survey, (values, j) => values[(i + j) % values.length]!)
          const comments =
            i % 3 === 0 ? {} : { [comment]: `Remark number ${i}, about our stand-up` }
          const res = await respondent.call('POST', `/api/public/rounds/${round.id}/responses`, {
            body: { secret: round.secrets[Math.floor(i / 2)], answers, comments },
          })
          expect(res.status, res.text).toBe(201)
          expect(newIds('responses')).toHaveLength(1)
          expect(newIds('comments')).toHaveLength(i % 3 === 0 ? 0 : 1)
        }
      } finally {
        watcher.close()
      }
      const closed = await admin.call('POST', `/api/rounds/${rounds[0]!.id}/close`)
      expect(closed.status, closed.text).toBe(200)
      // What an attacker gets: the file at rest, after a clean shutdown.
      const code = await target.stop()
      if (runtime === 'node') expect(code).toBe(0)

      const db = openDatabase()
      try {
        const invitationColumns = columnsOf(db, 'invitations')
        expect([...invitationColumns].sort()).toEqual(['claimed', 'round_id', 'secret_hash'])
        const hashes = (db.prepare('SELECT secret_hash FROM invitations').all() as Row[]).map(
          (r) => r.secret_hash as string,
        )
        expect(hashes.length).toBe(3 + 16 + 16)
        expect([...hashes].sort()).toEqual((await Promise.all(secrets.map(hashSecret))).sort())
        // A truncated secret or hash would link as well as a whole one.
        const needles = [...hashes, ...secrets].flatMap((s) => [s, s.slice(0, 16), s.slice(-16)])

        for (const table of ['responses', 'comments']) {
          const columns = columnsOf(db, table)
          expect(columns.filter((c) => invitationColumns.includes(c))).toEqual(['round_id'])
          const foreignKeys = db.pragma(`foreign_key_list(${table})`) as { table: string }[]
          expect(foreignKeys.map((f) => f.table)).toEqual(['rounds'])
          for (const column of columns)
            expect(column, `${table}.${column} looks like a time`).not.toMatch(
              /(^|_)at(_|$)|time|date|stamp|created|updated|submitted/i,
            )

          const rows = db.prepare(`SELECT * FROM ${table}`).all() as Row[]
          expect(rows).toHaveLength(table === 'responses' ? 31 : 20)
          const values = rows.flatMap(valuesIn)
          expect(values.filter((v) => needles.some((n) => String(v).includes(n)))).toEqual([])
          expect(values.filter(looksLikeTime)).toEqual([])

          const sql = db
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
            .pluck()
            .get(table) as string
          expect(sql).toMatch(/\)\s*WITHOUT ROWID\s*$/i)
          expect(() => db.prepare(`SELECT rowid FROM ${table}`).all()).toThrow(/no such column/)

          // The table's own order (a full scan, no index) is that of the random ids; the index by
          // round orders by (round_id, id). Neither is the order of submission.
          const scan = `SELECT * FROM ${table}`
          expect(db.prepare(`EXPLAIN QUERY PLAN ${scan}`).all()).toEqual([
            expect.objectContaining({ detail: `SCAN ${table}` }),
          ])
          const stored = (db.prepare(scan).all() as Row[]).map((r) => r.id as string)
          const order = inserted[table as 'responses' | 'comments']
          expect(stored).toEqual([...order].sort())
          expect(stored).not.toEqual(order)
          const byRound = db.prepare(`SELECT round_id, id FROM ${table}`).all() as Row[]
          const key = (r: Row) => `${r.round_id} ${r.id}`
          expect(byRound.map(key)).toEqual(byRound.map(key).sort())
          expect(byRound.map((r) => r.id)).not.toEqual(order)
        }

        // Comments are kept apart from the numeric answers too (P4): nothing but the round joins them.
        const shared = columnsOf(db, 'comments').filter((c) =>
          columnsOf(db, 'responses').includes(c),
        )
        expect(shared.sort()).toEqual(['id', 'round_id'])

        // No raw secret anywhere in the file, in any table.
        const tables = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
          .pluck()
          .all() as string[]
        const everything = tables.flatMap((t) =>
          (db.prepare(`SELECT * FROM "${t}"`).all() as Row[]).flatMap(valuesIn),
        )
        expect(everything.filter((v) => secrets.some((s) => String(v).includes(s)))).toEqual([])
      } finally {
        db.close()
      }
    })
  })
}

/** Every value of a row, with JSON text opened up (answers are stored as a JSON object). */
function valuesIn(row: Row): unknown[] {
  return Object.values(row).flatMap((value) => {
    if (typeof value !== 'string' || !/^[[{]/.test(value)) return [value]
    try {
      const parsed: unknown = JSON.parse(value)
      return [value, ...Object.keys(parsed as object), ...Object.values(parsed as object)]
    } catch {
      return [value]
    }
  })
}

/** An ISO date or date-time anywhere in a text, or a number in the range of Unix times. */
function looksLikeTime(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value)
    return (n > 1e9 && n < 1e10) || (n > 1e12 && n < 1e13)
  }
  return typeof value === 'string' && /\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2})?/.test(value)
}
