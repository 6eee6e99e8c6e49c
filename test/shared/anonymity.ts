import type Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../../src/crypto'
import {
  answerEveryItem,
  httpClient,
  secretOf,
  type HttpClient,
  type ServedSurvey,
} from '../helpers/server'
import { decodeBallotKey, webBallotSeal } from '../../src/seal'
import {
  bytesContain,
  readDatabaseAtCommit,
  readDatabaseFile,
  readWalFile,
} from '../helpers/sqlite-file'
import {
  openTargetDatabase,
  START_TIMEOUT,
  STOP_TIMEOUT,
  type RunningTarget,
  type Runtime,
} from '../helpers/target'
import { fillRoster } from '../helpers/roster'

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
      await fillRoster(admin, teamId, 2000)
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
        const ballots = db
          .prepare('SELECT count(*) AS n, sum(filled) AS filled FROM ballots WHERE round_id = ?')
          .get(round.id)
        expect(ballots).toEqual({ n: 3, filled: 1 })
      } finally {
        db.close()
      }
    })

    it('opens a round with 1,000 links in one call and mints 1,000 more; refusals leave nothing', async () => {
      const before = openDatabase()
      const count = (sql: string) => (before.prepare(sql).get() as { n: number }).n
      const rounds = count('SELECT count(*) AS n FROM rounds')
      const ballots = count('SELECT count(*) AS n FROM ballots')
      const body = { surveyId: 'psychological-safety', k: 5, closesAt: inAWeek() }
      const tooMany = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
        body: { ...body, invitations: 1001 },
      })
      expect(tooMany.status).toBe(400)
      const past = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
        body: { ...body, closesAt: '2020-01-01T00:00:00Z', invitations: 1000 },
      })
      expect(past.status).toBe(400)
      expect(count('SELECT count(*) AS n FROM rounds')).toBe(rounds)
      expect(count('SELECT count(*) AS n FROM ballots')).toBe(ballots)

      const big = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
        body: { ...body, invitations: 1000 },
      })
      expect(big.status, big.text).toBe(201)
      expect(big.json.links).toHaveLength(1000)
      const id = big.json.round.id as string
      const more = await admin.call('POST', `/api/rounds/${id}/invitations`, {
        body: { count: 1000 },
      })
      expect(more.status, more.text).toBe(201)
      expect(count(`SELECT count(*) AS n FROM ballots WHERE round_id = '${id}'`)).toBe(2000)
      expect((await admin.call('GET', `/api/rounds/${id}`)).json.round.invited).toBe(2000)
      const last = secretOf(more.json.links[999].url)
      survey = (await respondent.call('GET', `/api/public/rounds/${id}`)).json.survey
      const answered = await respondent.call('POST', `/api/public/rounds/${id}/responses`, {
        body: { secret: last, answers: answerEveryItem(survey, (values) => values[0]!) },
      })
      expect(answered.status, answered.text).toBe(201)
      before.close()
    })

    it('P5: no file, WAL frame, backup or dump links, orders or reveals answers', async () => {
      const rounds = [await openRound(16), await openRound(16, 3)]
      const comment = survey.questions[0]!.id
      const remark = (i: number) => `Remark number ${i}, about our stand-up`
      const mint = layoutOf(readFiles(target.databasePath))
      const counted = openDatabase()
      expect(mint.size).toBe(counted.prepare('SELECT count(*) AS n FROM ballots').pluck().get())
      counted.close()
      const watcher = openDatabase()
      const filledPlaces = () =>
        new Set(
          (watcher.prepare('SELECT place FROM ballots WHERE filled = 1').all() as Row[]).map(
            (r) => r.place as string,
          ),
        )
      /** The ballot each submission filled, in the order they were made (known to the test only). */
      const order: string[] = []
      const hashes = await Promise.all(secrets.map(hashSecret))
      // What an attacker knows and would look for: secrets, their SHA-256, every comment.
      const needles = [...secrets, ...hashes].flatMap((s) => [s, s.slice(0, 16), s.slice(-16)])
      try {
        let before = filledPlaces()
        // Alternate between the rounds so that arrival order is not grouped by round.
        for (let i = 0; i < 30; i++) {
          const round = rounds[i % 2]!
          const answers = answerEveryItem(survey, (values, j) => values[(i + j) % values.length]!)
          const comments = i % 3 === 0 ? {} : { [comment]: remark(i) }
          const res = await respondent.call('POST', `/api/public/rounds/${round.id}/responses`, {
            body: { secret: round.secrets[Math.floor(i / 2)], answers, comments },
          })
          expect(res.status, res.text).toBe(201)
          const after = filledPlaces()
          const added = [...after].filter((p) => !before.has(p))
          expect(added).toHaveLength(1)
          order.push(added[0]!)
          before = after

          // A copy of the files right after this answer was acknowledged.
          const files = readFiles(target.databasePath)
          for (const [name, bytes] of files.raw)
            for (const text of [...needles, remark(i), 'stand-up'])
              expect(bytesContain(bytes, text), `${text} in ${name}`).toBe(false)
          // Every ballot, filled or not, sits exactly where minting put it.
          expect(layoutOf(files)).toEqual(mint)
          if (runtime === 'node') expect(files.raw.get('wal')?.length ?? 0).toBe(0)
        }
      } finally {
        watcher.close()
      }
      // The order an attacker could read from the file (by page and offset) is minting's, and
      // minting wrote the ballots shuffled: neither the order in which links were handed out nor
      // the order of answers shows. (The test knows the ballot key; an attacker would not.)
      const seal = await webBallotSeal(decodeBallotKey(BALLOT_KEY)!)
      for (const round of rounds) {
        const places = await Promise.all(round.secrets.map((s) => seal.place(s)))
        const byLayout = [...places].sort((a, b) => position(mint.get(a)!) - position(mint.get(b)!))
        const answered = order.filter((p) => places.includes(p))
        expect(answered).toEqual(places.slice(0, 15)) // links were used in the order handed out
        // Kendall's tau between handing-out order and file order: about 0 (sd 0.19 for 16
        // ballots); 1 or −1 if the file kept the order. The bound leaves a 1-in-10,000 chance of
        // a false alarm.
        expect(Math.abs(kendallTau(byLayout.map((p) => places.indexOf(p))))).toBeLessThan(0.75)
      }

      // A backup as the README makes it, and a dump, hold no answer, comment or secret either.
      const copy = join(mkdtempSync(join(tmpdir(), 'quorum-backup-')), 'backup.sqlite')
      const db = openDatabase()
      try {
        // The README's recipe (`sqlite3 FILE ".backup COPY"`) where the CLI is installed (CI
        // installs it); the same SQLite backup API through better-sqlite3 elsewhere.
        if (SQLITE3) execFileSync(SQLITE3, [target.databasePath, `.backup '${copy}'`])
        else await db.backup(copy)
        const backup = readFileSync(copy)
        for (const text of [...needles, 'stand-up']) expect(bytesContain(backup, text)).toBe(false)
        expect(layoutOf({ main: backup, raw: new Map() })).toEqual(mint)
        const dump = SQLITE3
          ? execFileSync(SQLITE3, [target.databasePath, '.dump'], { encoding: 'utf8' })
          : dumpOf(db)
        for (const text of [...needles, 'stand-up']) expect(dump).not.toContain(text)
        // The dump lists ballots by (round, place): place is a keyed hash, so not arrival order.
        const dumped = [
          ...dump.matchAll(/INSERT INTO "?ballots"? VALUES\('[^']+','([^']+)',1/g),
        ].map((m) => m[1]!)
        expect(dumped).toHaveLength(30 + 2) // and one each from the cases before
        for (const round of rounds) {
          const places = order.filter((p) => mint.get(p)!.round === round.id)
          expect(dumped.filter((p) => places.includes(p))).toEqual([...places].sort())
          expect([...places].sort()).not.toEqual(places)
        }
        // Nothing in any table looks like a time beside the ballots, and no column joins them.
        expect(columnsOf(db, 'ballots').sort()).toEqual(['filled', 'place', 'round_id', 'sealed'])
        expect(columnsOf(db, 'comment_pools').sort()).toEqual([
          'bucket',
          'round_id',
          'sealed',
          'version',
        ])
        for (const table of ['ballots', 'comment_pools']) {
          const rows = db.prepare(`SELECT * FROM ${table}`).all() as Row[]
          expect(rows.flatMap((r) => Object.values(r)).filter(looksLikeTime)).toEqual([])
        }
      } finally {
        db.close()
      }

      // Closing releases the round and erases its ballots: their sealed bytes are gone.
      const sealedBefore = ballotBytes(readFiles(target.databasePath), rounds[0]!.id)
      expect(sealedBefore).toHaveLength(15)
      const closed = await admin.call('POST', `/api/rounds/${rounds[0]!.id}/close`)
      expect(closed.status, closed.text).toBe(200)
      const report = await admin.call('GET', `/api/rounds/${rounds[0]!.id}/report`)
      expect(report.json.respondents).toBe(15)
      const code = await target.stop()
      if (runtime === 'node') expect(code).toBe(0)
      const atRest = readFiles(target.databasePath)
      expect(ballotBytes(atRest, rounds[0]!.id)).toEqual([])
      if (runtime === 'node')
        for (const sealed of sealedBefore)
          for (const [name, bytes] of atRest.raw)
            expect(bytesContain(bytes, sealed), `erased ballot bytes in ${name}`).toBe(false)
    })
  })
}

/** The ballot key the targets get, so the test can compute places as the server does. */
export const BALLOT_KEY = randomBytes(32).toString('base64')

/** Rank correlation of a sequence with its sorted order, from −1 to 1. */
function kendallTau(sequence: number[]): number {
  let concordant = 0
  let discordant = 0
  for (let i = 0; i < sequence.length; i++)
    for (let j = i + 1; j < sequence.length; j++)
      if (sequence[i]! < sequence[j]!) concordant++
      else discordant++
  return (concordant - discordant) / (concordant + discordant)
}

const SQLITE3 = existsSync('/usr/bin/sqlite3') ? '/usr/bin/sqlite3' : undefined
if (!SQLITE3 && process.env.CI) throw new Error('CI must install sqlite3 (see .ci/run)')

interface Files {
  /** The database as a reader sees it: the main file with the WAL's last commit applied. */
  main: Uint8Array
  raw: Map<string, Uint8Array>
  wal?: ReturnType<typeof readWalFile>
}

/** The database file and its -wal and -journal, as a copy taken now would hold them. */
function readFiles(path: string): Files {
  const raw = new Map<string, Uint8Array>()
  for (const [name, suffix] of [
    ['main', ''],
    ['wal', '-wal'],
    ['journal', '-journal'],
  ] as const)
    if (existsSync(path + suffix)) raw.set(name, readFileSync(path + suffix))
  const wal = raw.get('wal')?.length ? readWalFile(raw.get('wal')!) : undefined
  return { main: raw.get('main')!, raw, wal }
}

function currentDatabase(files: Files) {
  const wal = files.wal
  return wal && wal.commits.length > 0
    ? readDatabaseAtCommit(files.main, wal, wal.commits.length - 1)
    : readDatabaseFile(files.main)
}

interface Spot {
  round: string
  page: number
  offset: number
}
const position = (s: Spot) => s.page * 65536 + s.offset

/** Where each ballot's cell sits: place → round, page, offset of its content. */
function layoutOf(files: Files): Map<string, Spot> {
  const cells = currentDatabase(files).cellsOf('ballots')
  return new Map(
    cells.map((c) => [
      String(c.values[1]),
      { round: String(c.values[0]), page: c.page, offset: c.offset },
    ]),
  )
}

/** The sealed bytes of a round's ballots as the file holds them. */
function ballotBytes(files: Files, roundId: string): Uint8Array[] {
  return currentDatabase(files)
    .cellsOf('ballots')
    .filter((c) => c.values[0] === roundId && c.values[2] === 1)
    .map((c) => c.values[3] as Uint8Array)
}

/** What `sqlite3 FILE .dump` prints (rows in each table's key order). */
function dumpOf(db: Database.Database): string {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[]
  return tables
    .flatMap((table) =>
      (db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map(
        (row) =>
          `INSERT INTO "${table}" VALUES(${row
            .map((v) =>
              v === null
                ? 'NULL'
                : typeof v === 'string'
                  ? `'${v.replace(/'/g, "''")}'`
                  : v instanceof Uint8Array
                    ? `X'${Buffer.from(v).toString('hex')}'`
                    : String(v),
            )
            .join(',')});`,
      ),
    )
    .join('\n')
}

/** An ISO date or date-time anywhere in a text, or a number in the range of Unix times. */
function looksLikeTime(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value)
    return (n > 1e9 && n < 1e10) || (n > 1e12 && n < 1e13)
  }
  return typeof value === 'string' && /\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2})?/.test(value)
}
