import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pkg from '../../package.json'
import {
  answerEveryItem,
  httpClient,
  secretOf,
  type HttpClient,
  type ServedSurvey,
} from '../helpers/server'
import {
  logEvents,
  START_TIMEOUT,
  STOP_TIMEOUT,
  type Runtime,
  type RunningTarget,
} from '../helpers/target'
import { expectedNumbers, parseCsv } from './expected'
import { fillRoster } from '../helpers/roster'

const PASSWORD = 'correct horse battery staple'
const COOKIE = '__Host-quorum_session'
const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString()
/** What a phone would send, to prove neither ends up in the logs. */
const RESPONDENT_HEADERS = {
  'user-agent': 'Mozilla/5.0 (E2E respondent phone)',
  'x-forwarded-for': '203.0.113.77',
}

/**
 * The journey of the README over HTTP, against a real running Quorum: `npm start` on Node, or the
 * Worker in workerd with a local D1. The same cases run on both; the few that depend on how a
 * runtime runs (its exit code, its stderr) say so.
 */
export function describeJourney(runtime: Runtime, start: () => Promise<RunningTarget>): void {
  const what = runtime === 'node' ? 'server (npm start)' : 'Worker (wrangler dev, local D1)'
  describe(`the journey over HTTP against the real ${what}`, () => {
    let target: RunningTarget
    let admin: HttpClient
    let facilitator: HttpClient
    let respondent: HttpClient
    let facilitatorId: string
    let apiToken: string
    let teamId: string
    let survey: ServedSurvey
    const round1 = { id: '', secrets: [] as string[] }
    const round2 = { id: '', secrets: [] as string[] }
    /** Everything respondents sent, to look for in the logs at the end. */
    const sentAnswers: Record<string, number>[] = []
    const sentComments: string[] = []

    beforeAll(async () => {
      target = await start()
      admin = httpClient(target.baseUrl)
      facilitator = httpClient(target.baseUrl)
      respondent = httpClient(target.baseUrl)
    }, START_TIMEOUT)
    afterAll(async () => {
      await target?.remove()
    }, STOP_TIMEOUT)

    /** Person r's answers: different people, different answers. */
    const personAnswers = (r: number) =>
      answerEveryItem(survey, (values, i) => values[(2 * r + i) % values.length]!)

    const submit = (roundId: string, body: unknown) =>
      respondent.call('POST', `/api/public/rounds/${roundId}/responses`, {
        body,
        headers: RESPONDENT_HEADERS,
      })

    it('answers /healthz with the version from package.json', async () => {
      const res = await admin.call('GET', '/healthz')
      expect(res.status).toBe(200)
      expect(res.json).toEqual({ ok: true, version: pkg.version })
    })

    it('creates the first admin with the set-up token, and only once', async () => {
      // Node prints a one-time token on first start; a Worker has the SETUP_TOKEN secret.
      if (runtime === 'node') expect(target.setupToken).toMatch(/^qsu_[\w-]{43}$/)
      const body = { email: 'admin@example.org', name: 'Ada Admin', password: PASSWORD }
      const created = await admin.call('POST', '/api/setup', {
        body: { token: target.setupToken, ...body },
      })
      expect(created.status, created.text).toBe(201)
      expect(created.json.user).toMatchObject({ email: 'admin@example.org', role: 'admin' })

      const again = await admin.call('POST', '/api/setup', {
        body: { token: target.setupToken, ...body, email: 'other@example.org' },
      })
      expect(again.status).toBe(403)
      expect(again.json.error.code).toBe('setup_token_invalid')
    })

    it('signs the admin in with a __Host- session cookie that scripts cannot read', async () => {
      const foreign = await admin.call('POST', '/api/session', {
        body: { email: 'admin@example.org', password: PASSWORD },
        headers: { origin: 'https://evil.example' },
      })
      expect(foreign.status).toBe(403)
      expect(foreign.json.error.code).toBe('cross_origin')
      expect(foreign.setCookies).toEqual([])

      const res = await admin.call('POST', '/api/session', {
        body: { email: 'admin@example.org', password: PASSWORD },
      })
      expect(res.status, res.text).toBe(200)
      expect(res.setCookies).toHaveLength(1)
      const [pair, ...attributes] = res.setCookies[0]!.split(';').map((s) => s.trim())
      expect(pair).toMatch(new RegExp(`^${COOKIE}=qse_[\\w-]{43}$`))
      const lower = attributes.map((a) => a.toLowerCase())
      expect(lower).toContain('httponly')
      expect(lower).toContain('secure')
      expect(lower).toContain('samesite=lax')
      expect(lower).toContain('path=/')
      expect(lower.some((a) => a.startsWith('domain'))).toBe(false)
      expect([...admin.jar.keys()]).toEqual([COOKIE])

      const me = await admin.call('GET', '/api/me')
      expect(me.status, me.text).toBe(200)
      expect(me.json.user.role).toBe('admin')
    })

    it('lets the admin create a facilitator and a team, and assign one to the other', async () => {
      const user = await admin.call('POST', '/api/users', {
        body: { email: 'fran@example.org', name: 'Fran', role: 'facilitator', password: PASSWORD },
      })
      expect(user.status, user.text).toBe(201)
      facilitatorId = user.json.user.id
      const team = await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })
      expect(team.status, team.text).toBe(201)
      teamId = team.json.team.id
      await fillRoster(admin, teamId, 40)
      const assigned = await admin.call('PUT', `/api/teams/${teamId}/facilitators/${facilitatorId}`)
      expect(assigned.status, assigned.text).toBe(200)
    })

    it('signs the facilitator in, who sees the team and creates an API token', async () => {
      const res = await facilitator.call('POST', '/api/session', {
        body: { email: 'fran@example.org', password: PASSWORD },
      })
      expect(res.status, res.text).toBe(200)
      const teams = await facilitator.call('GET', '/api/teams')
      expect(teams.json.teams.map((t: { id: string }) => t.id)).toEqual([teamId])

      const token = await facilitator.call('POST', '/api/tokens', { body: { name: 'ci script' } })
      expect(token.status, token.text).toBe(201)
      apiToken = token.json.token
      expect(apiToken).toMatch(/^qat_/)
      const script = httpClient(target.baseUrl)
      const me = await script.call('GET', '/api/me', { bearer: apiToken })
      expect(me.status).toBe(200)
      expect(me.json.user.id).toBe(facilitatorId)
    })

    it('opens a psychological-safety round with k=5 and 12 single-use links', async () => {
      const res = await facilitator.call('POST', `/api/teams/${teamId}/rounds`, {
        body: { surveyId: 'psychological-safety', k: 5, closesAt: inAWeek(), invitations: 12 },
      })
      expect(res.status, res.text).toBe(201)
      expect(res.headers.get('cache-control')).toBe('no-store')
      round1.id = res.json.round.id
      expect(res.json.round).toMatchObject({ k: 5, status: 'open', invited: 12 })
      expect(res.json.round.responses).toEqual({ reachedK: false, count: null })
      expect(res.json.links).toHaveLength(12)
      for (const link of res.json.links) {
        // The secret travels after `#` only, which browsers never send to the server.
        expect(link.url).toBe(`${target.baseUrl}/s/${round1.id}#${link.secret}`)
        round1.secrets.push(secretOf(link.url))
      }
      expect(new Set(round1.secrets).size).toBe(12)
    })

    it('takes 6 anonymous responses built from the survey the respondents are served', async () => {
      const served = await respondent.call('GET', `/api/public/rounds/${round1.id}`)
      expect(served.status).toBe(200)
      expect(served.json.round).toMatchObject({ status: 'open', k: 5 })
      survey = served.json.survey
      expect(survey.items.length).toBeGreaterThanOrEqual(7)

      for (let r = 0; r < 6; r++) {
        const answers = personAnswers(r)
        const comments =
          r % 2 === 0
            ? { [survey.questions[0]!.id]: `We should pair more often (person ${r})` }
            : {}
        const res = await submit(round1.id, { secret: round1.secrets[r], answers, comments })
        expect(res.status, res.text).toBe(201)
        expect(res.json.ok).toBe(true)
        sentAnswers.push(answers)
        sentComments.push(...Object.values(comments))
        if (r === 3) {
          const early = await facilitator.call('GET', `/api/rounds/${round1.id}`)
          expect(early.json.round.responses).toEqual({ reachedK: false, count: null })
        }
      }
      const counted = await facilitator.call('GET', `/api/rounds/${round1.id}`)
      // While open only "k reached", never a count that ticks (P2).
      expect(counted.json.round.responses).toEqual({ reachedK: true, count: null })
      const report = await facilitator.call('GET', `/api/rounds/${round1.id}/report`)
      expect(report.json).toMatchObject({ released: false, dimensions: [], items: [] })
    })

    it('P6: of 20 concurrent submissions with one fresh link exactly one counts', async () => {
      const answers = personAnswers(6)
      const results = await Promise.all(
        Array.from({ length: 20 }, () => submit(round1.id, { secret: round1.secrets[6], answers })),
      )
      const statuses = results.map((r) => r.status).sort()
      expect(statuses).toEqual([201, ...Array(19).fill(409)])
      for (const r of results.filter((r) => r.status === 409))
        expect(r.json.error.code).toBe('link_used')
      sentAnswers.push(answers)
      // Exactly one stored: 6 + 1. The released report below counts 7 and matches what was sent.
      const counted = await facilitator.call('GET', `/api/rounds/${round1.id}`)
      expect(counted.json.round.responses).toEqual({ reachedK: true, count: null })
    })

    it('refuses a used link, an unknown link and invalid answers, changing nothing', async () => {
      const answers = answerEveryItem(survey, (values) => values[0]!)
      const used = await submit(round1.id, { secret: round1.secrets[0], answers })
      expect(used.status).toBe(409)
      expect(used.json.error.code).toBe('link_used')

      const unknown = await submit(round1.id, { secret: 'A'.repeat(43), answers })
      expect(unknown.status).toBe(404)
      expect(unknown.json.error.code).toBe('unknown_link')

      const [first, second] = survey.items
      const { [first!.id]: _left, ...incomplete } = answers
      const invalid = await submit(round1.id, {
        secret: round1.secrets[7],
        answers: { ...incomplete, [second!.id]: 99, 'no-such-item': 3 },
      })
      expect(invalid.status).toBe(400)
      expect(invalid.json.error.code).toBe('invalid_answers')
      const paths = invalid.json.error.fields.map((f: { path: string }) => f.path)
      expect(paths).toEqual(
        expect.arrayContaining([
          `answers.${first!.id}`,
          `answers.${second!.id}`,
          'answers.no-such-item',
        ]),
      )

      const malformed = await submit(round1.id, { secret: 'short', answers: 'none' })
      expect(malformed.status).toBe(400)
      expect(malformed.json.error.fields.map((f: { path: string }) => f.path)).toEqual(
        expect.arrayContaining(['secret', 'answers']),
      )

      const counted = await facilitator.call('GET', `/api/rounds/${round1.id}`)
      expect(counted.json.round.responses).toEqual({ reachedK: true, count: null })
    })

    it('closes the round and releases a report of 7 respondents with the right numbers', async () => {
      const closed = await facilitator.call('POST', `/api/rounds/${round1.id}/close`)
      expect(closed.status, closed.text).toBe(200)
      expect(closed.json.round.status).toBe('closed')

      const late = await submit(round1.id, {
        secret: round1.secrets[8],
        answers: answerEveryItem(survey, (v) => v[3]!),
      })
      expect(late.status).toBe(410)

      const { json: report } = await facilitator.call('GET', `/api/rounds/${round1.id}/report`)
      expect(report.released).toBe(true)
      expect(report.respondents).toBe(7)
      expect(report.responseRate).toBe(58.3)
      const expected = expectedNumbers(survey, sentAnswers)
      expect(report.items).toHaveLength(survey.items.length)
      for (const want of expected.items) {
        const got = report.items.find((i: { id: string }) => i.id === want.id)
        expect(got.n).toBe(7)
        expect(Math.abs(got.mean - want.mean)).toBeLessThan(0.006)
        expect(Math.abs(got.favourablePercent - want.favourablePercent)).toBeLessThan(0.06)
        const counts = got.distribution.map((d: { count: number }) => d.count)
        expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(7)
      }
      for (const want of expected.dimensions) {
        const got = report.dimensions.find((d: { id: string }) => d.id === want.id)
        expect(got.n).toBe(7)
        expect(Math.abs(got.mean - want.mean)).toBeLessThan(0.006)
        expect(got.low).toBeLessThan(got.mean)
        expect(got.high).toBeGreaterThan(got.mean)
      }
      // 7 respondents is below the comment minimum (10): comments stay hidden (P4).
      expect(report.comments).toMatchObject({ released: false, minimum: 10, entries: [] })
      expect(JSON.stringify(report)).not.toContain('pair more often')
    })

    it('downloads the report and the trend as CSV (with the API token, as a script would)', async () => {
      const script = httpClient(target.baseUrl)
      const report = await script.call('GET', `/api/rounds/${round1.id}/report.csv`, {
        bearer: apiToken,
      })
      expect(report.status).toBe(200)
      expect(report.headers.get('content-type')).toMatch(/^text\/csv/)
      const rows = parseCsv(report.text)
      expect(rows[0]).toEqual(expect.arrayContaining(['type', 'id', 'n', 'mean']))
      expect(rows[1]!.slice(0, 2)).toEqual(['round', round1.id])
      expect(rows[1]![4]).toBe('7')
      expect(rows.filter((r) => r[0] === 'item')).toHaveLength(survey.items.length)

      const trend = await script.call('GET', `/api/teams/${teamId}/trend.csv`, { bearer: apiToken })
      expect(trend.status).toBe(200)
      expect(trend.headers.get('content-type')).toMatch(/^text\/csv/)
      const trendRows = parseCsv(trend.text)
      expect(trendRows[0]![0]).toBe('round_id')
      expect(trendRows.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual(
        survey.dimensions.map(() => [round1.id, 'yes', '7']),
      )
    })

    it('saves the debrief note and shows it on the trend', async () => {
      const note = 'Pair on risky changes; say "I do not know" out loud.'
      const saved = await facilitator.call('PUT', `/api/rounds/${round1.id}/debrief`, {
        body: { note },
      })
      expect(saved.status, saved.text).toBe(200)
      expect(saved.json.round.debrief).toBe(note)
      const trend = await facilitator.call('GET', `/api/teams/${teamId}/trend`)
      expect(trend.json.rounds).toHaveLength(1)
      expect(trend.json.rounds[0]).toMatchObject({
        roundId: round1.id,
        released: true,
        debrief: note,
      })
      expect(trend.json.rounds[0].respondents).toBe(7)
    })

    it('opens a second round with k=5 while the first one is shared', async () => {
      const res = await facilitator.call('POST', `/api/teams/${teamId}/rounds`, {
        body: { surveyId: 'psychological-safety', k: 5, closesAt: inAWeek(), invitations: 6 },
      })
      expect(res.status, res.text).toBe(201)
      round2.id = res.json.round.id
      round2.secrets = res.json.links.map((l: { url: string }) => secretOf(l.url))
      for (const secret of round2.secrets.slice(0, 2)) {
        const answers = answerEveryItem(survey, (values, i) => values[(i + 1) % values.length]!)
        const comment = `Second round remark ${secret.length}`
        const comments = { [survey.questions[0]!.id]: comment }
        const res = await submit(round2.id, { secret, answers, comments })
        expect(res.status, res.text).toBe(201)
        sentAnswers.push(answers)
        sentComments.push(comment)
      }
    })

    it('shares released results read-only, nothing of the open round, until revoked', async () => {
      const created = await facilitator.call('POST', `/api/teams/${teamId}/share-links`)
      expect(created.status, created.text).toBe(201)
      const { id, token, url } = created.json
      expect(url).toBe(`${target.baseUrl}/shared#${token}`)

      const team = httpClient(target.baseUrl)
      const shared = await team.call('GET', '/api/shared/team', { bearer: token })
      expect(shared.status, shared.text).toBe(200)
      expect(shared.json.team).toEqual({ name: 'Platform' })
      expect(shared.json.rounds.map((r: { id: string }) => r.id)).toEqual([round1.id])
      expect(shared.json.trend.rounds.map((r: { roundId: string }) => r.roundId)).toEqual([
        round1.id,
      ])
      expect(shared.json.trend.rounds[0].dimensions[0].n).toBe(7)
      expect(shared.text).not.toContain(round2.id)

      const report = await team.call('GET', `/api/shared/rounds/${round1.id}/report`, {
        bearer: token,
      })
      expect(report.status).toBe(200)
      expect(report.json.respondents).toBe(7)
      const open = await team.call('GET', `/api/shared/rounds/${round2.id}/report`, {
        bearer: token,
      })
      expect(open.status).toBe(404)
      // A share token opens the shared pages only, not the facilitator API.
      const api = await team.call('GET', `/api/rounds/${round1.id}/report`, { bearer: token })
      expect(api.status).toBe(401)

      const revoked = await facilitator.call('DELETE', `/api/teams/${teamId}/share-links/${id}`)
      expect(revoked.status, revoked.text).toBe(200)
      const after = await team.call('GET', '/api/shared/team', { bearer: token })
      expect(after.status).toBe(401)
      expect(after.json.error.code).toBe('share_link_invalid')
    })

    it('withholds every number of a round that only 4 of k=5 answered', async () => {
      for (const secret of round2.secrets.slice(2, 4)) {
        const answers = answerEveryItem(survey, (values) => values[values.length - 1]!)
        const res = await submit(round2.id, { secret, answers })
        expect(res.status, res.text).toBe(201)
        sentAnswers.push(answers)
      }
      const open = await facilitator.call('GET', `/api/rounds/${round2.id}`)
      expect(open.json.round.responses).toEqual({ reachedK: false, count: null })
      const closed = await facilitator.call('POST', `/api/rounds/${round2.id}/close`)
      expect(closed.status, closed.text).toBe(200)
      expect(closed.json.round).toMatchObject({
        status: 'closed',
        responses: { reachedK: false, count: null },
      })

      const report = await facilitator.call('GET', `/api/rounds/${round2.id}/report`)
      expect(report.json).toMatchObject({
        released: false,
        respondents: null,
        responseRate: null,
        dimensions: [],
        items: [],
        comments: { released: false, entries: [] },
      })
      expect(report.json.message).toMatch(/^Fewer than 5 people answered/)
      expect(report.text).not.toMatch(/"(count|n|respondents|mean)":\s*\d/)

      const csv = await facilitator.call('GET', `/api/rounds/${round2.id}/report.csv`)
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
      const rows = parseCsv(csv.text)
      expect(rows).toHaveLength(2)
      const [kind, roundId, text, ...rest] = rows[1]!
      expect([kind, roundId, text]).toEqual(['notice', round2.id, report.json.message])
      expect(rest).toEqual(rest.map(() => ''))

      const trend = await facilitator.call('GET', `/api/teams/${teamId}/trend`)
      const point = trend.json.rounds.find((r: { roundId: string }) => r.roundId === round2.id)
      expect(point).toMatchObject({ released: false, respondents: null, dimensions: [] })
      expect(trend.json.rounds.map((r: { roundId: string }) => r.roundId)).toEqual([
        round1.id,
        round2.id,
      ])

      const trendCsv = await facilitator.call('GET', `/api/teams/${teamId}/trend.csv`)
      const round2Rows = parseCsv(trendCsv.text).filter((r) => r[0] === round2.id)
      expect(round2Rows).toHaveLength(1)
      const [, opensAt, closedAt, released, ...numbers] = round2Rows[0]!
      expect(released).toBe('no')
      expect([opensAt, closedAt].every((t) => !Number.isNaN(Date.parse(t!)))).toBe(true)
      expect(numbers).toEqual(numbers.map(() => ''))
    })

    it('signs out, after which the old session cookie is useless', async () => {
      const cookie = facilitator.jar.get(COOKIE)
      expect(cookie).toBeDefined()
      const out = await facilitator.call('DELETE', '/api/session')
      expect(out.status).toBe(200)
      expect(out.setCookies.some((c) => c.startsWith(`${COOKIE}=;`) && /Max-Age=0/i.test(c))).toBe(
        true,
      )
      expect(facilitator.jar.has(COOKIE)).toBe(false)

      const replay = httpClient(target.baseUrl)
      const me = await replay.call('GET', '/api/me', { headers: { cookie: `${COOKIE}=${cookie}` } })
      expect(me.status).toBe(401)
      const teams = await replay.call('GET', '/api/teams', {
        headers: { cookie: `${COOKIE}=${cookie}` },
      })
      expect(teams.status).toBe(401)
    })

    it('stops on SIGTERM, having logged no secret, answer, user agent or address', async () => {
      const code = await target.stop()
      if (runtime === 'node') {
        expect(code).toBe(0)
        expect(target.logs('stderr')).toEqual([])
      }
      // The banner shows the address, and on Node the set-up token; wrangler's says where it runs.
      const bannerOnly = (line: string) =>
        line.includes(target.baseUrl) || (runtime === 'node' && line.includes(target.setupToken))
      const everything = target.logs()
      const secrets = [...round1.secrets, ...round2.secrets, apiToken]
      // A Worker's set-up token is a secret setting: wrangler must not print it either.
      if (runtime === 'workers') secrets.push(target.setupToken)
      const events = logEvents(target)
      expect(events.some((event) => event.message === 'request')).toBe(true)
      expect(events.filter((event) => event.level === 'error')).toEqual([])

      for (const line of everything) {
        for (const secret of secrets) expect(line).not.toContain(secret)
        for (const item of survey.items) expect(line).not.toContain(item.id)
        for (const comment of sentComments) expect(line).not.toContain(comment)
        for (const answers of sentAnswers) expect(line).not.toContain(JSON.stringify(answers))
        expect(line.toLowerCase()).not.toContain('user-agent')
        expect(line).not.toContain('Mozilla')
        expect(line).not.toContain('203.0.113.77')
        expect(line).not.toContain(PASSWORD)
        if (bannerOnly(line)) continue
        expect(line).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/)
        expect(line).not.toMatch(/::1\b|::ffff:/i)
      }
    })
  })
}
