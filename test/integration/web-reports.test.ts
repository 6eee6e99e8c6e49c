import { describe, expect, it } from 'vitest'
import {
  answersFor,
  builtinSurvey,
  teamWithFacilitator,
  testApp,
  type TestApp,
} from '../helpers/app'
import { formatChange, formatInterval, formatMean, formatPercent } from '../../src/views/numbers'

const PASSWORD = 'correct horse battery'
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' }
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

/** Signs in through the page form and returns the session cookie as a browser sends it. */
async function signIn(t: TestApp, email: string): Promise<string> {
  const res = await t.app.request('/signin', {
    method: 'POST',
    headers: formHeaders,
    body: form({ email, password: PASSWORD }),
  })
  expect(res.status).toBe(303)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-quorum_session='))
  expect(cookie).toBeDefined()
  return cookie!.split(';')[0]!
}

const get = (t: TestApp, path: string, cookie?: string) =>
  t.call('GET', path, { headers: cookie ? { cookie } : {} })

const post = (t: TestApp, path: string, fields: Record<string, string>, cookie?: string) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...formHeaders, ...(cookie ? { cookie } : {}) },
    body: form(fields),
  })

const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1]!
const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'))

/** Psychological-safety answers where every person means `value`: reverse items flipped. */
function honest(value: number) {
  const reverse = new Set(
    builtinSurvey('psychological-safety')
      .items.filter((i) => i.reverse)
      .map((i) => i.id),
  )
  return answersFor('psychological-safety', (id) => (reverse.has(id) ? 8 - value : value))
}

interface RoundSpec {
  answers: Record<string, number>[]
  k?: number
  comments?: string[]
  surveyId?: string
  close?: boolean
}

/** Opens a round through the API, collects the answers and (by default) closes it. */
async function runRound(t: TestApp, token: string, teamId: string, spec: RoundSpec) {
  const opened = await t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: {
      surveyId: spec.surveyId ?? 'psychological-safety',
      k: spec.k ?? 3,
      closesAt: new Date(t.deps.now().getTime() + 7 * 86400e3).toISOString(),
      invitations: spec.answers.length + 1,
    },
  })
  expect(opened.status, opened.text).toBe(201)
  const { round, links } = opened.json
  for (const [i, answers] of spec.answers.entries()) {
    const comment = spec.comments?.[i]
    const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: {
        secret: links[i].url.split('#')[1],
        answers,
        ...(comment ? { comments: { comment } } : {}),
      },
    })
    expect(res.status, res.text).toBe(201)
  }
  if (spec.close !== false) {
    const closed = await t.call('POST', `/api/rounds/${round.id}/close`, { auth: token })
    expect(closed.status).toBe(200)
  }
  return round.id as string
}

const report = async (t: TestApp, token: string, roundId: string) =>
  (await t.call('GET', `/api/rounds/${roundId}/report`, { auth: token })).json

describe('the report page', () => {
  it('shows means, intervals and favourable shares as in the JSON report, charts named', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const roundId = await runRound(t, facilitator.token, team.id, {
      answers: [honest(3), honest(5), honest(6), honest(7)],
      comments: ['We should pair more.'],
    })
    const json = await report(t, facilitator.token, roundId)
    expect(json.released).toBe(true)
    const cookie = await signIn(t, facilitator.email)
    const res = await get(t, `/rounds/${roundId}/report`, cookie)
    expect(res.status).toBe(200)
    const main = mainOf(res.text)
    expect(main).toContain('Platform')
    expect(main).toContain('Psychological safety')
    for (const d of json.dimensions) {
      expect(main).toContain(formatMean(d.mean))
      expect(main).toContain(formatInterval(d.low, d.high))
      expect(main).toContain(formatPercent(d.favourablePercent))
    }
    for (const item of json.items) {
      expect(main).toContain(item.text.replace(/'/g, '&#39;'))
      expect(main).toContain(formatMean(item.mean))
    }
    const reverse = json.items.filter((i: { reverse: boolean }) => i.reverse).length
    expect(main.match(/\(reverse-worded: shown flipped, so higher is better\)/g)).toHaveLength(
      reverse,
    )
    expect(main).toContain(formatPercent(json.responseRate))
    // Every chart has a name of its own, or sits beside the numbers it repeats.
    const svgs = main.match(/<svg[^>]*>/g) ?? []
    expect(svgs.length).toBeGreaterThan(json.dimensions.length)
    for (const svg of svgs)
      expect(svg).toMatch(/role="img"[^>]*aria-label(ledby)?="[^"]+"|aria-hidden="true"/)
    const named = svgs.filter((s) => s.includes('role="img"'))
    expect(named[0]).toContain(`mean ${formatMean(json.dimensions[0].mean)}`)
    // Hidden bars sit in a table row with the count as text.
    expect(main).toMatch(/aria-hidden="true"[^]*?<\/svg><\/td><td class="num">\d+<\/td>/)
    // Four people are fewer than the comment minimum (10).
    expect(main).not.toContain('We should pair more.')
    expect(main).toContain('Comments appear only when at least 10 people answered')
    expect(main).toContain(`href="/api/rounds/${roundId}/report.csv"`)
    expect(main).toContain(`href="/teams/${team.id}"`)
    expect(main).toContain(`href="/teams/${team.id}/trend?survey=psychological-safety"`)
    expect(res.text).not.toMatch(/<script(?![^>]*src="\/assets\/app\.js")/)
    expect(res.text).not.toContain('style=')

    const german = await get(t, `/rounds/${roundId}/report?locale=de`, cookie)
    expect(german.text).toContain('Psychologische Sicherheit')
    expect(german.text).toContain('href="/rounds/' + roundId + '/report"')
  })

  it('shows comments only for released rounds at the comment minimum', async () => {
    const t = await testApp({ COMMENT_MIN: '3' })
    const { facilitator, team } = await teamWithFacilitator(t)
    const released = await runRound(t, facilitator.token, team.id, {
      answers: [honest(4), honest(5), honest(6)],
      comments: ['Retros help.', 'More pairing, please.'],
    })
    const withheld = await runRound(t, facilitator.token, team.id, {
      answers: [honest(4), honest(5)],
      comments: ['A secret worry.'],
    })
    const cookie = await signIn(t, facilitator.email)
    const shown = mainOf((await get(t, `/rounds/${released}/report`, cookie)).text)
    expect(shown).toContain('Retros help.')
    expect(shown).toContain('More pairing, please.')
    const hidden = mainOf((await get(t, `/rounds/${withheld}/report`, cookie)).text)
    expect(hidden).not.toContain('A secret worry.')
    expect(hidden).not.toContain('Comments')
  })

  it('shows no number of a withheld round and says why', async () => {
    const t = await testApp()
    // Numbers chosen apart: the page may show k (8), the day (17 Nov 2026) and the debrief limit
    // (4000); a leak would show the count (5), how many are missing (3), a rate of 5 in 6 links
    // (83.3%), shares of 5 (multiples of 20%), means and intervals (4.60, 2.03–7.17). None collide.
    t.clock.set('2026-11-17T09:00:00Z')
    const { facilitator, team } = await teamWithFacilitator(t)
    const answers = [honest(2), honest(6), honest(3), honest(5), honest(7)]
    const withheld = await runRound(t, facilitator.token, team.id, { answers, k: 8 })
    // A twin with the same answers and a lower k is released: its numbers are what a leak of the
    // withheld round would print.
    const twin = await runRound(t, facilitator.token, team.id, { answers, k: 5 })
    const twinJson = await report(t, facilitator.token, twin)
    expect(twinJson.released).toBe(true)
    expect(twinJson.respondents).toBe(5)
    const leaked = new Set<number>([twinJson.respondents, 8 - 5, twinJson.responseRate])
    for (const d of twinJson.dimensions)
      for (const x of [d.mean, d.low, d.high, d.favourablePercent]) leaked.add(x)
    for (const i of twinJson.items) for (const x of [i.mean, i.favourablePercent]) leaked.add(x)
    const cookie = await signIn(t, facilitator.email)
    for (const locale of ['', '?locale=de']) {
      const res = await get(t, `/rounds/${withheld}/report${locale}`, cookie)
      expect(res.status).toBe(200)
      const main = mainOf(res.text)
      expect(main).toContain('Fewer than 8 people answered, so no results are shown.')
      expect(main).not.toContain('<svg')
      expect(main).not.toContain('Respondents')
      expect(main).not.toContain('report.csv')
      expect(main).not.toContain('%')
      const text = main.replace(/<[^>]+>/g, ' ').replace(/&[#\w]+;/g, ' ')
      // The count, in digits or in words, appears nowhere: not even as part of another number.
      expect(text).not.toMatch(/5/)
      expect(text).not.toMatch(/\b(five|fünf)\b/i)
      const numbers = (text.match(/\d+(?:[.,]\d+)?/g) ?? []).map((x) => Number(x.replace(',', '.')))
      for (const x of numbers) expect(leaked.has(x), `leaks ${x}`).toBe(false)
      // What is left: k, the day the round closed, the debrief limit, and the round's links
      // against the team's size (P6b: everyone may check them).
      expect(new Set(numbers)).toEqual(new Set([8, 17, 2026, 4000, 6, 40]))
    }
  })

  it('says an open round has no results yet and takes no debrief', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const open = await runRound(t, facilitator.token, team.id, {
      answers: [honest(3), honest(4), honest(5)],
      close: false,
    })
    const cookie = await signIn(t, facilitator.email)
    const res = await get(t, `/rounds/${open}/report`, cookie)
    const main = mainOf(res.text)
    expect(main).toContain('results appear once it closes')
    expect(main).toContain('Once the round has closed')
    expect(main).not.toContain('<textarea')
    expect(main).not.toMatch(/\d[.,]\d/)
    const refused = await post(
      t,
      `/rounds/${open}/debrief`,
      { _csrf: csrfOf(res.text), note: 'Too early' },
      cookie,
    )
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('still open')
  })

  it('answers 404 for another team’s round or trend, and sends strangers to sign in', async () => {
    const t = await testApp()
    const mine = await teamWithFacilitator(t, 'Mine')
    const theirs = await teamWithFacilitator(t, 'Theirs')
    const round = await runRound(t, theirs.facilitator.token, theirs.team.id, {
      answers: [honest(3), honest(4), honest(5)],
    })
    const cookie = await signIn(t, mine.facilitator.email)
    expect((await get(t, `/rounds/${round}/report`, cookie)).status).toBe(404)
    expect((await get(t, `/teams/${theirs.team.id}/trend`, cookie)).status).toBe(404)
    const own = await get(t, `/teams/${mine.team.id}/trend`, cookie)
    const attempt = await post(
      t,
      `/rounds/${round}/debrief`,
      { _csrf: csrfOf(own.text), note: 'Mine now' },
      cookie,
    )
    expect(attempt.status).toBe(404)
    const stranger = await get(t, `/rounds/${round}/report`)
    expect(stranger.status).toBe(303)
    expect(stranger.headers.get('location')).toContain('/signin')
  })
})

describe('the debrief note', () => {
  it('is saved from the report page with a confirmation and shows on the trend', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const round = await runRound(t, facilitator.token, team.id, {
      answers: [honest(3), honest(4), honest(5)],
    })
    const cookie = await signIn(t, facilitator.email)
    const page = await get(t, `/rounds/${round}/report`, cookie)
    expect(page.text).toContain('What will the team try next?')
    expect(page.text).toContain('maxlength="4000"')
    const csrf = csrfOf(page.text)

    const forged = await post(t, `/rounds/${round}/debrief`, { note: 'x' }, cookie)
    expect(forged.status).toBe(403)
    const tooLong = await post(
      t,
      `/rounds/${round}/debrief`,
      { _csrf: csrf, note: 'a'.repeat(4001) },
      cookie,
    )
    expect(tooLong.status).toBe(400)
    expect(await tooLong.text()).toContain('under 4000 characters')

    const note = 'Rotate who runs the stand-up & say "no" more often.'
    const saved = await post(t, `/rounds/${round}/debrief`, { _csrf: csrf, note }, cookie)
    expect(saved.status).toBe(303)
    const location = saved.headers.get('location')!
    expect(location).toBe(`/rounds/${round}/report?debrief=saved#debrief`)
    const after = await get(t, location, cookie)
    expect(after.text).toContain('Debrief note saved.')
    const escaped = 'Rotate who runs the stand-up &amp; say &quot;no&quot; more often.'
    expect(after.text).toContain(escaped)

    const trend = await get(t, `/teams/${team.id}/trend`, cookie)
    expect(trend.status).toBe(200)
    expect(trend.text).toContain(escaped)
    expect(trend.text).toContain('(debrief 1)')
  })
})

describe('the trend page', () => {
  it('shows a gap for a withheld round and says which changes are beyond noise', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const cookie = await signIn(t, facilitator.email)
    const empty = await get(t, `/teams/${team.id}/trend`, cookie)
    expect(empty.status).toBe(200)
    expect(empty.text).toContain('No round of this survey has closed yet')

    await runRound(t, facilitator.token, team.id, {
      answers: [honest(2), honest(3), honest(2), honest(3)],
    })
    t.clock.set('2026-04-06T09:00:00Z')
    await runRound(t, facilitator.token, team.id, { answers: [honest(4), honest(5)] })
    t.clock.set('2026-05-04T09:00:00Z')
    await runRound(t, facilitator.token, team.id, {
      answers: [honest(6), honest(7), honest(6), honest(7)],
    })
    const json = (await t.call('GET', `/api/teams/${team.id}/trend`, { auth: facilitator.token }))
      .json
    expect(json.rounds.map((r: { released: boolean }) => r.released)).toEqual([true, false, true])
    const last = json.rounds[2].dimensions[0]
    expect(last.beyondNoise).toBe(true)

    // Two months later, the first session has expired.
    const res = await get(t, `/teams/${team.id}/trend`, await signIn(t, facilitator.email))
    expect(res.status).toBe(200)
    const main = mainOf(res.text)
    expect(main).toContain('fewer than 3 answered — not shown')
    expect(main).toContain(`${formatChange(last.change)}, beyond noise`)
    expect(main).toContain(`${formatMean(last.mean)} [${formatInterval(last.low, last.high)}]`)
    expect(main).toContain('first released round')
    expect(main).toContain('&lt; 3')
    expect(main).toMatch(
      /<svg[^>]*class="chart trend-chart wide"[^>]*role="img"[^>]*aria-labelledby/,
    )
    expect(main).toContain(`href="/api/teams/${team.id}/trend.csv?survey=psychological-safety"`)
    expect(main).not.toContain('style=')
  })
})

describe('the shared view', () => {
  async function sharedTeam() {
    const t = await testApp({ COMMENT_MIN: '3' })
    const { facilitator, team } = await teamWithFacilitator(t)
    const closed = await runRound(t, facilitator.token, team.id, {
      answers: [honest(3), honest(5), honest(6)],
      comments: ['A thought for the facilitator.'],
    })
    const open = await runRound(t, facilitator.token, team.id, {
      surveyId: 'collaboration',
      answers: [answersFor('collaboration', 4)],
      close: false,
    })
    const link = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })
    expect(link.status).toBe(201)
    return { t, facilitator, team, closed, open, link: link.json }
  }

  it('opens with the token from the link, shows the trend and released rounds only', async () => {
    const { t, facilitator, team, closed, open, link } = await sharedTeam()
    const start = await get(t, '/shared')
    expect(start.text).toMatch(/<form[^>]*action="\/shared"[^>]*data-autosubmit/)
    expect(start.text).toMatch(/<div data-hide-when-fragment/)
    expect(start.text).toMatch(/<input[^>]*name="token"[^>]*data-fragment-target/)

    const wrong = await post(t, '/shared', { token: 'qsh_not-a-real-token' })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('not valid or was revoked')

    const res = await post(t, '/shared', { token: link.token })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/shared/team')
    const set = res.headers.getSetCookie()
    expect(set).toHaveLength(1)
    const [pair, ...attrs] = set[0]!.split(';').map((s) => s.trim())
    expect(pair).toBe(`__Host-quorum_share=${link.token}`)
    expect(attrs).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']))
    expect(attrs.some((a) => a.startsWith('Domain'))).toBe(false)
    const cookie = pair!

    const page = await get(t, '/shared/team', cookie)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    // The API defaults to the survey used last (the open round's); the shared page to the last
    // closed round's.
    const trendPath = `/api/teams/${team.id}/trend?survey=psychological-safety`
    const trend = (await t.call('GET', trendPath, { auth: facilitator.token })).json
    const d = trend.rounds[0].dimensions[0]
    expect(page.text).toContain(team.name)
    expect(page.text).toContain(`${formatMean(d.mean)} [${formatInterval(d.low, d.high)}]`)
    expect(page.text).toContain(`href="/shared/rounds/${closed}"`)
    expect(page.text).not.toContain(open)
    expect(page.text).not.toContain('Collaboration')
    expect(page.text).not.toContain(facilitator.email)
    expect(page.text).not.toContain('/teams/')

    const shared = await get(t, `/shared/rounds/${closed}`, cookie)
    expect(shared.status).toBe(200)
    const json = await report(t, facilitator.token, closed)
    expect(shared.text).toContain(formatMean(json.dimensions[0].mean))
    expect(shared.text).not.toContain('<textarea')
    expect(shared.text).not.toContain('report.csv')
    expect(shared.text).not.toContain('Response rate')
    // People were told their comments go to the facilitator, not to the whole team.
    expect(json.comments.entries).toHaveLength(1)
    expect(shared.text).not.toContain('A thought for the facilitator.')
    expect(shared.text).toContain('Comments are shown only to the team’s facilitators')
    expect((await get(t, `/shared/rounds/${open}`, cookie)).status).toBe(404)

    // The facilitator picks among every survey the team used; the default is the latest one.
    const own = await signIn(t, facilitator.email)
    const latest = await get(t, `/teams/${team.id}/trend`, own)
    expect(latest.text).toContain('<option value="collaboration" selected="">')
    expect(latest.text).toContain('<option value="psychological-safety">')
    expect(latest.text).toContain('No round of this survey has closed yet')
    const picked = await get(t, `/teams/${team.id}/trend?survey=psychological-safety`, own)
    expect(picked.text).toContain(`${formatMean(d.mean)} [${formatInterval(d.low, d.high)}]`)
    expect((await get(t, `/teams/${team.id}/trend?survey=nope`, own)).status).toBe(404)
  })

  it('answers 404 for another team’s round and refuses a revoked link', async () => {
    const { t, facilitator, team, link } = await sharedTeam()
    const other = await teamWithFacilitator(t, 'Elsewhere')
    const foreign = await runRound(t, other.facilitator.token, other.team.id, {
      answers: [honest(3), honest(4), honest(5)],
    })
    const res = await post(t, '/shared', { token: `https://example.org/shared#${link.token}` })
    expect(res.status).toBe(303)
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!
    expect((await get(t, `/shared/rounds/${foreign}`, cookie)).status).toBe(404)

    const revoked = await t.call('DELETE', `/api/teams/${team.id}/share-links/${link.id}`, {
      auth: facilitator.token,
    })
    expect(revoked.status).toBe(200)
    const after = await get(t, '/shared/team', cookie)
    expect(after.status).toBe(401)
    expect(after.text).toContain('Ask your facilitator for a new one')
    expect(after.text).not.toContain(team.name)
    expect(after.headers.getSetCookie()[0]).toMatch(/^__Host-quorum_share=;/)
    expect((await post(t, '/shared', { token: link.token })).status).toBe(401)
    expect((await get(t, '/shared/team')).status).toBe(401)
  })

  it('names the cookie without the host prefix when cookies are insecure', async () => {
    const t = await testApp({ INSECURE_COOKIES: 'true' })
    const { facilitator, team } = await teamWithFacilitator(t)
    const link = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })
    const res = await post(t, '/shared', { token: link.json.token })
    const set = res.headers.getSetCookie()[0]!
    expect(set).toMatch(/^quorum_share=qsh_/)
    expect(set).not.toContain('Secure')
    const page = await get(t, '/shared/team', set.split(';')[0])
    expect(page.status).toBe(200)
    expect(page.text).toContain('No round has closed yet.')
  })
})
