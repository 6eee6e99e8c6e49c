import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { ConfigError, parseConfig } from '../../src/config'
import { hashSecret } from '../../src/crypto'
import { applyMigrations } from '../../src/node/migrate'
import { MIGRATIONS_DIR, startNodeRuntime } from '../../src/node/runtime'
import { closeRound } from '../../src/services/release'
import { loadRound } from '../../src/services/rounds'
import { findResults } from '../../src/db/results'
import { addRoster, answersFor, builtinSurvey } from '../helpers/app'

const silent = { debug() {}, info() {}, warn() {}, error() {} }
const fresh = () => mkdtempSync(join(tmpdir(), 'quorum-key-'))

describe('the ballot key on Node', () => {
  it('is created on first start outside the data folder, readable only by its owner, and reused', async () => {
    const dir = fresh()
    const config = parseConfig({
      DATABASE_PATH: join(dir, 'data', 'q.sqlite'),
      BALLOT_KEY_FILE: join(dir, 'keys', 'quorum.key'),
      LOG_LEVEL: 'silent',
    })
    const first = await startNodeRuntime(config, { log: silent })
    const place = await first.deps.seal.place('s'.repeat(43))
    await first.close()
    expect(first.ballotKeyCreated).toBe(join(dir, 'keys', 'quorum.key'))
    expect(statSync(join(dir, 'keys', 'quorum.key')).mode & 0o777).toBe(0o600)
    const second = await startNodeRuntime(config, { log: silent })
    expect(second.ballotKeyCreated).toBeUndefined()
    expect(await second.deps.seal.place('s'.repeat(43))).toBe(place)
    await second.close()
    // Nothing of the key went into the data folder.
    const key = readFileSync(join(dir, 'keys', 'quorum.key'), 'utf8').trim()
    for (const file of ['q.sqlite', 'q.sqlite-wal'].map((f) => join(dir, 'data', f)))
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(key))).toBe(false)
  })

  it('refuses a key file inside the database folder, naming the setting', async () => {
    const dir = fresh()
    const config = parseConfig({
      DATABASE_PATH: join(dir, 'q.sqlite'),
      BALLOT_KEY_FILE: join(dir, 'quorum.key'),
    })
    await expect(startNodeRuntime(config, { log: silent })).rejects.toThrow(
      /BALLOT_KEY_FILE=.*must not be inside the database's folder/,
    )
    expect(existsSync(join(dir, 'quorum.key'))).toBe(false)
  })

  it('refuses to make a new key when answers are sealed with a lost one', async () => {
    const dir = fresh()
    const settings = {
      DATABASE_PATH: join(dir, 'data', 'q.sqlite'),
      BALLOT_KEY_FILE: join(dir, 'quorum.key'),
      LOG_LEVEL: 'silent',
    }
    const runtime = await startNodeRuntime(parseConfig(settings), { log: silent })
    const { secret, roundId } = await answerOne(runtime.deps)
    expect(secret).toBeTruthy()
    await runtime.close()
    copyFileSync(join(dir, 'quorum.key'), join(dir, 'saved.key'))
    const moved = { ...settings, BALLOT_KEY_FILE: join(dir, 'elsewhere.key') }
    await expect(startNodeRuntime(parseConfig(moved), { log: silent })).rejects.toThrow(ConfigError)
    await expect(startNodeRuntime(parseConfig(moved), { log: silent })).rejects.toThrow(
      /restore the key file or set BALLOT_KEY/,
    )
    // With the key given directly, the round is released as if nothing happened.
    const key = readFileSync(join(dir, 'saved.key'), 'utf8').trim()
    const again = await startNodeRuntime(parseConfig({ ...moved, BALLOT_KEY: key }), {
      log: silent,
    })
    await closeRound(again.deps, await loadRound(again.deps, roundId))
    expect((await findResults(again.deps.db, roundId))?.respondents).toBe(1)
    await again.close()
  })

  it('never echoes a wrong key in the error that names it', () => {
    const wrong = 'c2hvcnQ='
    expect(() => parseConfig({ BALLOT_KEY: wrong })).toThrow(
      /BALLOT_KEY=\(hidden\): use at least 32/,
    )
    expect(() => parseConfig({ BALLOT_KEY: wrong })).not.toThrow(new RegExp(wrong))
  })
})

describe('upgrading a database from the first version', () => {
  it('keeps links handed out for open rounds working and erases raw answers of closed ones', async () => {
    const dir = fresh()
    const path = join(dir, 'data', 'q.sqlite')
    mkdirSync(join(dir, 'data'))
    // A database as version 0.1 left it: only the first migration.
    const firstOnly = join(dir, 'migrations')
    mkdirSync(firstOnly)
    copyFileSync(join(MIGRATIONS_DIR, '0001_init.sql'), join(firstOnly, '0001_init.sql'))
    const old = new Database(path)
    applyMigrations(old, firstOnly)
    const secrets = ['a', 'b', 'c', 'd'].map((c) => c.repeat(43))
    const hashes = await Promise.all(secrets.map(hashSecret))
    old.exec(`INSERT INTO teams VALUES ('team1', 'Platform', '2026-01-01T00:00:00Z')`)
    const survey = builtinSurvey('psychological-safety')
    old
      .prepare("INSERT INTO survey_versions VALUES (?, ?, 'builtin', ?, ?, '2026-01-01')")
      .run(survey.id, survey.version, survey.title.en, JSON.stringify(survey))
    const round = (id: string, status: string) =>
      old
        .prepare(
          `INSERT INTO rounds (id, team_id, survey_id, survey_version, k, comment_min, opens_at,
           closes_at, status, invited, created_at) VALUES (?, 'team1', 'psychological-safety', 1,
           3, 3, '2026-01-01T00:00:00Z', '2099-01-01T00:00:00Z', ?, 4, '2026-01-01T00:00:00Z')`,
        )
        .run(id, status)
    round('open1', 'open')
    round('done1', 'closed')
    const answers = (v: number) => JSON.stringify(answersFor('psychological-safety', v))
    for (const [i, hash] of hashes.entries()) {
      old.prepare('INSERT INTO invitations VALUES (?, ?, ?)').run(hash, 'open1', i < 2 ? 1 : 0)
      old.prepare('INSERT INTO invitations VALUES (?, ?, 1)').run(`done-${i}`, 'done1')
    }
    old
      .prepare("INSERT INTO responses VALUES ('r1', 'open1', ?), ('r2', 'open1', ?)")
      .run(answers(2), answers(6))
    old
      .prepare("INSERT INTO comments VALUES ('c1', 'open1', 'comment', 'kept through the upgrade')")
      .run()
    old.prepare("INSERT INTO responses VALUES ('r3', 'done1', ?)").run(answers(4))
    old
      .prepare("INSERT INTO round_results VALUES ('done1', 1, 4, '[]', '2026-01-02T00:00:00Z')")
      .run()
    old.close()

    const config = parseConfig({
      DATABASE_PATH: path,
      BALLOT_KEY_FILE: join(dir, 'quorum.key'),
      LOG_LEVEL: 'silent',
    })
    const runtime = await startNodeRuntime(config, {
      log: silent,
      now: () => new Date('2026-02-01'),
    })
    const raw = runtime.database.raw
    for (const table of ['invitations', 'responses', 'comments'])
      expect(raw.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 })
    expect(raw.prepare('SELECT count(*) AS n, sum(filled) AS f FROM ballots').get()).toEqual({
      n: 4,
      f: 2,
    })
    const app = createApp(runtime.deps)
    const submit = (secret: string) =>
      app.request('/api/public/rounds/open1/responses', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ secret, answers: answersFor('psychological-safety', 4) }),
      })
    expect((await submit(secrets[0]!)).status).toBe(409) // answered before the upgrade
    expect((await submit(secrets[2]!)).status).toBe(201) // handed out, not yet used
    await closeRound(runtime.deps, await loadRound(runtime.deps, 'open1'))
    const results = await findResults(runtime.deps.db, 'open1')
    expect(results?.respondents).toBe(3)
    expect(results?.comments.map((c) => c.body)).toEqual(['kept through the upgrade'])
    await runtime.close()
  })
})

async function answerOne(deps: Awaited<ReturnType<typeof startNodeRuntime>>['deps']) {
  const { createTeam } = await import('../../src/services/teams')
  const { openRound } = await import('../../src/services/opening')
  const { submitResponse } = await import('../../src/services/responses')
  const team = await createTeam(deps, { kind: 'operator' }, 'Platform')
  await addRoster(deps, team.id, 3)
  const opened = await openRound(
    deps,
    { kind: 'operator' },
    {
      teamId: team.id,
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      invitations: 3,
    },
  )
  const secret = opened.links[0]!.secret
  await submitResponse(deps, opened.round.id, {
    secret,
    answers: answersFor('psychological-safety', 5),
  })
  return { secret, roundId: opened.round.id }
}

describe('emptying the WAL after each write', () => {
  it('warns once when a reader keeps blocking it and once when it works again, never per submission', async () => {
    const dir = fresh()
    const path = join(dir, 'data', 'q.sqlite')
    const warnings: string[] = []
    const log = { ...silent, warn: (message: string) => void warnings.push(message) }
    const runtime = await startNodeRuntime(
      parseConfig({ DATABASE_PATH: path, BALLOT_KEY_FILE: join(dir, 'quorum.key') }),
      { log },
    )
    const { createTeam } = await import('../../src/services/teams')
    const { openRound } = await import('../../src/services/opening')
    const { submitResponse } = await import('../../src/services/responses')
    const { OPERATOR } = await import('../../src/domain/actor')
    const team = await createTeam(runtime.deps, OPERATOR, 'Platform')
    await addRoster(runtime.deps, team.id, 6)
    const opened = await openRound(runtime.deps, OPERATOR, {
      teamId: team.id,
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      invitations: 6,
    })
    const answer = (i: number) =>
      submitResponse(runtime.deps, opened.round.id, {
        secret: opened.links[i]!.secret,
        answers: answersFor('psychological-safety', 4),
      })
    // Another connection in the middle of a read keeps the WAL from being emptied.
    const reader = new Database(path, { readonly: true })
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM ballots').get()
    for (let i = 0; i < 2; i++) await answer(i)
    expect(warnings).toEqual([]) // a reader overlapping a write or two is normal
    for (let i = 2; i < 4; i++) await answer(i)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/could not be emptied/)
    reader.exec('COMMIT')
    reader.close()
    await answer(4)
    await answer(5)
    expect(warnings).toHaveLength(2)
    expect(warnings[1]).toMatch(/emptied after writes again/)
    expect(existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).length : 0).toBe(0)
    await runtime.close()
  })
})
