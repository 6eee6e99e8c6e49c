import { describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { cookieFrom, getRoutes, isPage, numbersIn, numbersOnPage } from '../helpers/leaks'

const SURVEY = 'psychological-safety'
const PASSWORD = 'correct horse battery'
const SECRET = 'below-k-secret-comment'
// Eight people answer a round with k = 11 and 13 links. The count, 8, is no scale point (1–7), k,
// comment minimum, link count or part of a date, so a leak of it cannot pass for one of them; and
// every mean their answers make is a fraction, every share strictly between 0 and 100%.
const K = 11
const INVITATIONS = 13
const ROWS = [
  [2, 7, 2, 5, 2, 5, 5],
  [3, 6, 3, 6, 3, 5, 6],
  [4, 3, 5, 3, 5, 4, 2],
  [3, 7, 1, 7, 1, 6, 5],
  [2, 5, 2, 6, 1, 6, 5],
  [6, 2, 6, 1, 6, 1, 2],
  [4, 4, 4, 4, 4, 4, 4],
  [5, 4, 5, 3, 4, 3, 2],
]

/** Opens a round with k, lets everyone in ROWS answer (with a comment) and closes it. */
async function closedRound(t: TestApp, token: string, teamId: string, k: number) {
  const opened = await t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: { surveyId: SURVEY, k, closesAt: '2026-03-20T00:00:00Z', invitations: INVITATIONS },
  })
  expect(opened.status, opened.text).toBe(201)
  const { round, links } = opened.json
  for (const [i, row] of ROWS.entries()) {
    const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: {
        secret: links[i].url.split('#')[1],
        answers: answersFor(SURVEY, (_, j) => row[j]!),
        comments: { comment: `${SECRET}-${i}` },
      },
    })
    expect(res.status).toBe(201)
  }
  const duringOpen = await t.call('GET', `/api/rounds/${round.id}`, { auth: token })
  if (k > ROWS.length)
    expect(duringOpen.json.round.responses).toEqual({ reachedK: false, count: null })
  await t.call('POST', `/api/rounds/${round.id}/close`, { auth: token })
  return round.id as string
}

/**
 * A team with one closed round below k, a debrief and a share link; and what an attacker would
 * look for: every number the same answers give once released (a twin round with k = 3 in an app
 * of its own): the count, the response rate, means, intervals and favourable shares.
 */
async function roundBelowK() {
  const twinApp = await testApp()
  const other = await teamWithFacilitator(twinApp)
  const twin = await closedRound(twinApp, other.facilitator.token, other.team.id, 3)
  const released = (
    await twinApp.call('GET', `/api/rounds/${twin}/report`, { auth: other.facilitator.token })
  ).json
  expect(released.released).toBe(true)
  expect(released.respondents).toBe(ROWS.length)
  const forbidden = new Set<number>([released.respondents, released.responseRate])
  for (const d of released.dimensions)
    for (const x of [d.mean, d.low, d.high, d.favourablePercent]) forbidden.add(x)
  for (const i of released.items) for (const x of [i.mean, i.favourablePercent]) forbidden.add(x)

  const t = await testApp()
  const { admin, facilitator, team } = await teamWithFacilitator(t)
  const round = await closedRound(t, facilitator.token, team.id, K)
  await t.call('PUT', `/api/rounds/${round}/debrief`, {
    auth: facilitator.token,
    body: { note: 'Talk about it anyway' },
  })
  const share = await t.call('POST', `/api/teams/${team.id}/share-links`, {
    auth: facilitator.token,
  })
  expect(share.status).toBe(201)
  const fill = (path: string) =>
    path
      .replace(/[{:]teamId}?/, team.id)
      .replace(/[{:]roundId}?/, round)
      .replace(/[{:]surveyId}?/, SURVEY)
      // Campaigns, groups and cells of none: this team is in no group.
      .replaceAll(/[{:](?:id|cellId|groupId|campaignId)}?/g, 'x')
  return {
    t,
    admin,
    facilitator,
    team,
    round,
    shareToken: share.json.token as string,
    forbidden,
    fill,
  }
}

describe('a round below k reveals nothing anywhere', () => {
  it('walks every JSON route and CSV export and finds no number derived from its answers', async () => {
    const { t, admin, facilitator, round, shareToken, forbidden, fill } = await roundBelowK()
    // Every JSON and CSV route: those the OpenAPI document names and those the app routes.
    const spec = (await t.call('GET', '/openapi.json')).json
    const documented = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path)
    const routed = getRoutes(t)
      .filter((path) => !isPage(path) && !path.startsWith('/assets/'))
      .map((path) => path.replace(/:(\w+)/g, '{$1}'))
    const getPaths = [...new Set([...documented, ...routed])]
    // Survey definitions and schemas hold scale values and limits, not results: comments only.
    // A roster holds its members' places in turn (1, 2, …), set by admins, not by answers.
    const definitions = [
      '/api/teams/{teamId}/members',
      '/api/surveys/{surveyId}',
      '/api/public/rounds/{roundId}',
      '/api/survey-schema.json',
      '/openapi.json',
    ]
    expect(getPaths.length).toBeGreaterThan(10)
    const seen: string[] = []
    for (const path of getPaths) {
      for (const auth of [facilitator.token, admin.token, shareToken]) {
        for (const suffix of ['', '?locale=de']) {
          const res = await t.call('GET', fill(path) + suffix, { auth })
          expect(res.status, path).toBeLessThan(500)
          seen.push(path)
          expect(res.text).not.toContain(SECRET)
          if (res.headers.get('content-type')?.includes('csv')) {
            const rows = parse(res.text) as string[][]
            for (const cell of rows.flat())
              if (cell !== '' && !Number.isNaN(Number(cell)))
                expect(forbidden.has(Number(cell)), `${path}: ${cell}`).toBe(false)
          } else if (res.json && !definitions.includes(path)) {
            for (const x of numbersIn(res.json))
              expect(forbidden.has(x), `${path} leaks ${x}`).toBe(false)
          }
        }
      }
    }
    expect(seen).toContain('/api/rounds/{roundId}/report.csv')
    expect(seen).toContain('/api/teams/{teamId}/trend.csv')
    expect(seen).toContain('/api/shared/team')

    const report = await t.call('GET', `/api/rounds/${round}/report`, {
      auth: facilitator.token,
    })
    expect(report.json.released).toBe(false)
    expect(report.json.message).toMatch(/Fewer than 11 people answered/)
    // No log line carries answers or comments either.
    expect(t.logs.join('\n')).not.toMatch(new RegExp(`${SECRET}|answers`))
  })

  it('walks every page as facilitator, admin, share-link holder and stranger, and finds none either', async () => {
    const { t, admin, facilitator, shareToken, forbidden, fill } = await roundBelowK()
    const as = {
      facilitator: await cookieFrom(t, '/signin', { email: facilitator.email, password: PASSWORD }),
      admin: await cookieFrom(t, '/signin', { email: admin.email, password: PASSWORD }),
      'share-link holder': await cookieFrom(t, '/shared', { token: shareToken }),
      stranger: '',
    }
    // Every page the app serves, from its own routing table.
    const pages = getRoutes(t).filter(isPage)
    expect(pages.length).toBeGreaterThan(10)
    const shown = new Set<string>()
    for (const path of pages) {
      const url = fill(path)
      expect(url, `a page with an unknown parameter: ${path}`).not.toContain(':')
      for (const [role, cookie] of Object.entries(as)) {
        for (const suffix of ['', '?locale=de']) {
          const res = await t.app.request(url + suffix, { headers: cookie ? { cookie } : {} })
          const where = `${role} on ${path}${suffix}`
          expect(res.status, where).toBeLessThan(500)
          if (res.status === 200) shown.add(`${role} ${path}`)
          const html = await res.text()
          expect(html, where).not.toContain(SECRET)
          // The roster page numbers its members' places in turn: set by admins, not by answers.
          if (path === '/teams/:teamId/members') continue
          for (const x of numbersOnPage(html, [admin.email, facilitator.email]))
            expect(forbidden.has(x), `${where} shows ${x}`).toBe(false)
        }
      }
    }
    // The walk reached the pages that show a round, as each role that may read them.
    for (const role of ['facilitator', 'admin'])
      for (const path of ['/teams/:teamId', '/rounds/:roundId', '/rounds/:roundId/report'])
        expect(shown).toContain(`${role} ${path}`)
    expect(shown).toContain('facilitator /teams/:teamId/trend')
    expect(shown).toContain('admin /admin/teams')
    expect(shown).toContain('share-link holder /shared/team')
    expect(shown).toContain('share-link holder /shared/rounds/:roundId')
  })
})
