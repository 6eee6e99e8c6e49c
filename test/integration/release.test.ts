import Database from 'better-sqlite3'
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyMigrations } from '../../src/node/migrate'
import { MIGRATIONS_DIR } from '../../src/node/runtime'
import { closeDueRounds, releaseRound } from '../../src/services/release'
import { loadRound } from '../../src/services/rounds'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { countRows, dumpDatabase } from '../helpers/db'

const PASSWORD = 'correct horse battery'
const DAY = 86_400_000
const secretOf = (url: string) => url.split('#')[1]!

/** Signs in through the page form and returns the session cookie as a browser sends it. */
async function signIn(t: TestApp, email: string): Promise<string> {
  const res = await t.app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD }).toString(),
  })
  expect(res.status).toBe(303)
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('__Host-quorum_session='))!
    .split(';')[0]!
}

/** A team with a round closing in a day that `answered` of `invitations` people answered. */
async function roundWith(
  t: TestApp,
  answered: number,
  options: { k?: number; invitations?: number } = {},
) {
  const { facilitator, team, admin } = await teamWithFacilitator(t)
  const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
    auth: facilitator.token,
    body: {
      surveyId: 'psychological-safety',
      k: options.k ?? 3,
      closesAt: new Date(t.deps.now().getTime() + DAY).toISOString(),
      invitations: options.invitations ?? answered + 1,
    },
  })
  expect(opened.status, opened.text).toBe(201)
  const { round, links } = opened.json
  for (const [i, link] of links.slice(0, answered).entries()) {
    const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: {
        secret: secretOf(link.url),
        answers: answersFor('psychological-safety', 2 + (i % 5)),
        comments: { comment: `comment ${i}` },
      },
    })
    expect(res.status, res.text).toBe(201)
  }
  return { facilitator, admin, team, roundId: round.id as string }
}

const releases = (t: TestApp, roundId: string) =>
  t.raw
    .prepare(
      `SELECT audience, released, respondents, invited, comments, recorded_on FROM releases
       WHERE round_id = ? ORDER BY audience`,
    )
    .all(roundId)

describe('reads never write', () => {
  it('a round past its closing time is shown closed, its results being released, and nothing changes', async () => {
    const t = await testApp()
    const { facilitator, team, roundId } = await roundWith(t, 4)
    const share = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })
    t.clock.advance(2 * DAY) // past its closing time; the timer has not run
    const cookie = await signIn(t, facilitator.email)
    const before = dumpDatabase(t)

    const auth = { auth: facilitator.token }
    const round = await t.call('GET', `/api/rounds/${roundId}`, auth)
    expect(round.json.round).toMatchObject({
      status: 'closed',
      releasing: true,
      closedAt: round.json.round.closesAt,
      // No count until released (P2), even once closed.
      responses: { reachedK: true, count: null },
    })
    const report = await t.call('GET', `/api/rounds/${roundId}/report`, auth)
    expect(report.json).toMatchObject({
      released: false,
      respondents: null,
      responseRate: null,
      dimensions: [],
      items: [],
      comments: { released: false, entries: [] },
    })
    expect(report.json.message).toBe(
      'This round has closed; its results are being released and appear within 30 seconds of its closing time.',
    )
    const shared = await t.call('GET', `/api/shared/rounds/${roundId}/report`, {
      auth: share.json.token,
    })
    expect(shared.status).toBe(200)
    expect(shared.json).toMatchObject({ released: false, dimensions: [] })
    const respondent = await t.call('GET', `/api/public/rounds/${roundId}`)
    expect(respondent.json.round.status).toBe('closed')

    const page = (path: string) => t.call('GET', path, { headers: { cookie } })
    const reportPage = await page(`/rounds/${roundId}/report`)
    expect(reportPage.text).toContain('its results are being released and appear within 30 seconds')
    expect((await page(`/rounds/${roundId}`)).text).toContain('results being released')
    const reads = [
      t.call('GET', `/api/teams/${team.id}/rounds`, auth),
      t.call('GET', `/api/teams/${team.id}/trend`, auth),
      t.call('GET', `/api/teams/${team.id}/trend.csv`, auth),
      t.call('GET', `/api/rounds/${roundId}/report.csv`, auth),
      t.call('GET', '/api/shared/team', { auth: share.json.token }),
      page('/teams'),
      page(`/teams/${team.id}`),
      page(`/teams/${team.id}/trend`),
      t.call('GET', `/s/${roundId}`),
      t.call('GET', `/s/${roundId}/thanks`),
    ]
    for (const res of await Promise.all(reads)) expect(res.status).toBeLessThan(500)
    expect(dumpDatabase(t)).toBe(before)

    // The timer releases it; the same reads now show its numbers.
    expect(await closeDueRounds(t.deps)).toBe(1)
    const released = await t.call('GET', `/api/rounds/${roundId}/report`, auth)
    expect(released.json).toMatchObject({ released: true, respondents: 4, responseRate: 80 })
    expect(released.json.round).toMatchObject({
      releasing: false,
      closedAt: round.json.round.closesAt,
    })
  })

  it('a write meets an overdue round at one step: it is closed and released first', async () => {
    const t = await testApp()
    const { facilitator, roundId } = await roundWith(t, 3)
    t.clock.advance(2 * DAY)
    const auth = { auth: facilitator.token }
    const mint = await t.call('POST', `/api/rounds/${roundId}/invitations`, {
      ...auth,
      body: { count: 2 },
    })
    expect(mint.status).toBe(409)
    expect(mint.json.error.code).toBe('round_closed')
    expect(countRows(t, 'round_results', `round_id = '${roundId}'`)).toBe(1)
    expect(countRows(t, 'ballots', `round_id = '${roundId}'`)).toBe(0)
    const k = await t.call('PATCH', `/api/rounds/${roundId}`, { ...auth, body: { k: 4 } })
    expect(k.status).toBe(409)
    const debrief = await t.call('PUT', `/api/rounds/${roundId}/debrief`, {
      ...auth,
      body: { note: 'Pair on the release' },
    })
    expect(debrief.status, debrief.text).toBe(200)
    expect(debrief.json.round).toMatchObject({ releasing: false, debrief: 'Pair on the release' })
  })
})

describe('the release record', () => {
  it('records, once, what each audience is shown, and a second close changes nothing', async () => {
    const t = await testApp({ COMMENT_MIN: '5' })
    const { facilitator, roundId } = await roundWith(t, 5, { invitations: 8 })
    const closed = await t.call('POST', `/api/rounds/${roundId}/close`, {
      auth: facilitator.token,
    })
    expect(closed.status).toBe(200)
    const day = t.deps.now().toISOString().slice(0, 10)
    expect(releases(t, roundId)).toEqual([
      { audience: 'admin', released: 1, respondents: 5, invited: 8, comments: 5, recorded_on: day },
      {
        audience: 'facilitator',
        released: 1,
        respondents: 5,
        invited: 8,
        comments: 5,
        recorded_on: day,
      },
      {
        audience: 'share',
        released: 1,
        respondents: 5,
        // P6b: the team sees how many links there were.
        invited: 8,
        comments: 0,
        recorded_on: day,
      },
    ])
    const before = dumpDatabase(t)
    t.clock.advance(3 * DAY)
    const again = await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    expect(again.status).toBe(200)
    expect(again.json.round).toEqual(closed.json.round)
    await closeDueRounds(t.deps)
    await releaseRound(t.deps, { ...(await loadRound(t.deps, roundId)), respondents: null })
    expect(dumpDatabase(t)).toBe(before)
  })

  it('records a withheld round too, with no count', async () => {
    const t = await testApp()
    const { facilitator, roundId } = await roundWith(t, 2, { k: 3 })
    await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    const day = t.deps.now().toISOString().slice(0, 10)
    const withheld = {
      released: 0,
      respondents: null,
      invited: null,
      comments: 0,
      recorded_on: day,
    }
    expect(releases(t, roundId)).toEqual(
      ['admin', 'facilitator', 'share'].map((audience) => ({ audience, ...withheld })),
    )
  })

  it('is what reports read: changing the record changes the report, not the statistics', async () => {
    const t = await testApp({ COMMENT_MIN: '5' })
    const { facilitator, roundId } = await roundWith(t, 5)
    await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    t.raw.prepare(`UPDATE releases SET comments = 0 WHERE audience = 'facilitator'`).run()
    const report = await t.call('GET', `/api/rounds/${roundId}/report`, { auth: facilitator.token })
    expect(report.json.released).toBe(true)
    expect(report.json.comments).toMatchObject({ released: false, entries: [] })
  })

  it('gives share links the number of links and the response rate, but no comments (P6b)', async () => {
    const t = await testApp()
    const { facilitator, team, roundId } = await roundWith(t, 4)
    await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    const share = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })
    const shared = await t.call('GET', `/api/shared/rounds/${roundId}/report`, {
      auth: share.json.token,
    })
    expect(shared.json.released).toBe(true)
    expect(shared.json).toMatchObject({ respondents: 4, responseRate: 80 })
    expect(shared.json.round).toMatchObject({ invited: 5, teamSize: 40 })
    expect(shared.json.comments.entries).toEqual([])
  })
})

describe('migration 0004_releases', () => {
  it('records the decisions of rounds released before it, as their reports showed them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-migrations-'))
    try {
      const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))
      for (const f of files.filter((f) => f < '0004_releases.sql'))
        copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f))
      const raw = new Database(':memory:')
      applyMigrations(raw, dir)
      raw.exec(`INSERT INTO teams VALUES ('t1', 'Platform', '2026-01-01T00:00:00Z');
        INSERT INTO survey_versions VALUES ('s', 1, 'custom', 'S', '{}', '2026-01-01');`)
      const round = raw.prepare(
        `INSERT INTO rounds (id, team_id, survey_id, survey_version, k, comment_min, opens_at,
          closes_at, status, closed_at, invited, created_at) VALUES (?, 't1', 's', 1, 3, 4,
          '2026-01-01T00:00:00Z', '2026-01-08T00:00:00Z', 'closed', '2026-01-08T00:00:00Z', ?,
          '2026-01-01T00:00:00Z')`,
      )
      const results = raw.prepare(
        `INSERT INTO round_results VALUES (?, ?, ?, ?, '2026-01-08T10:11:12.000Z')`,
      )
      round.run('shown', 6)
      results.run('shown', 4, 6, JSON.stringify([{ questionId: 'c', body: 'x' }]))
      round.run('few', 6)
      results.run('few', 2, 6, '[]')
      copyFileSync(join(MIGRATIONS_DIR, '0004_releases.sql'), join(dir, '0004_releases.sql'))
      expect(applyMigrations(raw, dir)).toEqual(['0004_releases.sql'])
      const rows = raw
        .prepare('SELECT * FROM releases ORDER BY round_id, audience')
        .all() as Record<string, unknown>[]
      const on = '2026-01-08'
      expect(rows).toEqual([
        ...['admin', 'facilitator', 'share'].map((audience) => ({
          round_id: 'few',
          audience,
          released: 0,
          respondents: null,
          invited: null,
          comments: 0,
          recorded_on: on,
        })),
        ...['admin', 'facilitator'].map((audience) => ({
          round_id: 'shown',
          audience,
          released: 1,
          respondents: 4,
          invited: 6,
          comments: 1,
          recorded_on: on,
        })),
        {
          round_id: 'shown',
          audience: 'share',
          released: 1,
          respondents: 4,
          invited: null,
          comments: 0,
          recorded_on: on,
        },
      ])
      raw.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
