import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { OPERATOR } from '../../src/domain/actor'
import { figuresOf } from '../../src/domain/report'
import { computeRoundStats } from '../../src/domain/scoring'
import type { SurveyDefinition } from '../../src/domain/survey'
import { closeCampaign } from '../../src/services/campaigns'
import { addGroupLead } from '../../src/services/groups'
import { answersFor, testApp } from '../helpers/app'
import { buildOrg, runCampaign } from '../helpers/campaign'
import { cookieFrom, getRoutes, isPage, numbersIn, numbersOnPage } from '../helpers/leaks'

const SURVEY = 'psychological-safety'
const PASSWORD = 'correct horse battery'
const K = 11
// Tiny (8) is below k; Mobile (13) is withheld to protect it: Engineering minus Platform would
// otherwise be Tiny. Their answers make means no other cell has.
const SIZES: Record<string, number> = { Mobile: 13, Tiny: 8 }
/** Respondent i of a team: each item a different value, so means are fractions no other has. */
const row = (team: string, i: number) => (_: string, item: number) =>
  ((i * (team === 'Tiny' ? 3 : 5) + item * 2 + (team === 'Tiny' ? 1 : 4)) % 7) + 1
const value = (team: string, i: number) => (team in SIZES ? row(team, i) : 3 + (i % 3))

/** Every figure the withheld teams' answers would give: what an attacker hopes to find. */
function withheldFigures(survey: SurveyDefinition): Set<number> {
  const forbidden = new Set<number>()
  for (const [team, size] of Object.entries(SIZES)) {
    const answers = Array.from({ length: size }, (_, i) => answersFor(SURVEY, row(team, i)))
    const stats = computeRoundStats(survey, answers)
    const { dimensions, items } = figuresOf(survey, stats)
    for (const d of dimensions) for (const x of [d.mean, d.low, d.high]) forbidden.add(x)
    for (const i of items) for (const x of [i.mean, i.scoredMean]) forbidden.add(x)
  }
  // Whole numbers turn up everywhere (dates, sizes, scale points): fractions only.
  return new Set([...forbidden].filter((x) => !Number.isInteger(x)))
}

describe('a campaign reveals no withheld cell anywhere', () => {
  it('walks every route and page as admin, lead, facilitator and share link, and finds no figure of a withheld team', async () => {
    const t = await testApp()
    const org = await buildOrg(t, {
      Acme: {
        Engineering: { Platform: 23, Mobile: 13, Tiny: 8 },
        Sales: { East: 12, West: 15 },
      },
    })
    const { campaignId, roundOf } = await runCampaign(t, org, { k: K, value })
    await closeCampaign(t.deps, OPERATOR, campaignId)

    const admin = await t.user('admin')
    const facilitator = await t.user('facilitator')
    const lead = await t.user('facilitator')
    const mobile = org.teams.get('Mobile')!.id
    const tiny = org.teams.get('Tiny')!.id
    await t.call('PUT', `/api/teams/${mobile}/facilitators/${facilitator.id}`, {
      auth: admin.token,
    })
    await addGroupLead(t.deps, OPERATOR, org.groups.get('Engineering')!, { email: lead.email })
    const share = await t.call('POST', `/api/teams/${mobile}/share-links`, {
      auth: facilitator.token,
    })
    expect(share.status, share.text).toBe(201)

    const forbidden = withheldFigures(t.deps.builtinSurveys.find((s) => s.id === SURVEY)!)
    expect(forbidden.size).toBeGreaterThan(3)
    // Published figures that happen to equal a withheld one prove nothing either way.
    const published = await t.call('GET', `/api/campaigns/${campaignId}/heatmap`, {
      auth: admin.token,
    })
    for (const cell of published.json.cells.filter(
      (c: { status: string }) => c.status === 'published',
    ))
      for (const x of numbersIn(cell)) forbidden.delete(x)

    const candidates: Record<string, string[]> = {
      id: [campaignId, ...org.groups.values()],
      campaignId: [campaignId],
      cellId: [mobile, tiny, org.groups.get('Engineering')!],
      groupId: [...org.groups.values()],
      roundId: [roundOf.get(mobile)!, roundOf.get(tiny)!],
      teamId: [mobile, tiny],
      surveyId: [SURVEY],
    }
    const fill = (path: string): string[] => {
      const param = /[{:](\w+)}?/.exec(path)
      if (!param) return [path]
      const values = candidates[param[1]!] ?? ['x']
      return values.flatMap((v) => fill(path.replace(param[0], v)))
    }
    const definitions = [
      '/api/teams/{teamId}/members',
      '/api/surveys/{surveyId}',
      '/api/public/rounds/{roundId}',
      '/api/survey-schema.json',
      '/openapi.json',
    ]
    const spec = (await t.call('GET', '/openapi.json')).json
    const documented = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path)
    const routed = getRoutes(t)
      .filter((path) => !isPage(path) && !path.startsWith('/assets/'))
      .map((path) => path.replace(/:(\w+)/g, '{$1}'))
    const seen = new Set<string>()
    for (const path of new Set([...documented, ...routed])) {
      if (definitions.includes(path)) continue
      for (const url of fill(path))
        for (const auth of [admin.token, lead.token, facilitator.token, share.json.token]) {
          const res = await t.call('GET', url, { auth })
          expect(res.status, url).toBeLessThan(500)
          if (res.status === 200) seen.add(path)
          if (res.headers.get('content-type')?.includes('csv')) {
            for (const cell of (parse(res.text) as string[][]).flat())
              expect(forbidden.has(Number(cell)), `${url}: ${cell}`).toBe(false)
          } else if (res.json)
            for (const x of numbersIn(res.json))
              expect(forbidden.has(x), `${url} leaks ${x}`).toBe(false)
        }
    }
    for (const path of [
      '/api/campaigns/{id}/heatmap',
      '/api/campaigns/{id}/heatmap.csv',
      '/api/campaigns/{id}/cells/{cellId}',
      '/api/groups/{id}/trend',
      '/api/rounds/{roundId}/report',
    ])
      expect(seen, path).toContain(path)

    const as = {
      admin: await cookieFrom(t, '/signin', { email: admin.email, password: PASSWORD }),
      lead: await cookieFrom(t, '/signin', { email: lead.email, password: PASSWORD }),
      facilitator: await cookieFrom(t, '/signin', {
        email: facilitator.email,
        password: PASSWORD,
      }),
      share: await cookieFrom(t, '/shared', { token: share.json.token }),
    }
    const shown = new Set<string>()
    for (const path of getRoutes(t).filter(isPage))
      for (const url of fill(path))
        for (const [role, cookie] of Object.entries(as)) {
          const res = await t.app.request(url, { headers: { cookie } })
          expect(res.status, `${role} ${url}`).toBeLessThan(500)
          if (res.status === 200) shown.add(`${role} ${path}`)
          const html = await res.text()
          for (const x of numbersOnPage(html, [admin.email, lead.email, facilitator.email]))
            expect(forbidden.has(x), `${role} on ${url} shows ${x}`).toBe(false)
        }
    expect(shown).toContain('admin /campaigns/:id')
    expect(shown).toContain('lead /campaigns/:id')
  }, 120_000)
})
