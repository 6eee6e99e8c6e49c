import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import {
  answersFor,
  builtinSurvey,
  teamWithFacilitator,
  testApp,
  type TestApp,
} from '../helpers/app'
import { formatChange, formatMean, formatPercent } from '../../src/views/numbers'

const PASSWORD = 'correct horse battery'
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' }
const ps = builtinSurvey('psychological-safety')
const reverseIds = new Set(ps.items.filter((i) => i.reverse).map((i) => i.id))

/** Psychological-safety answers where every person means `value`: reverse items flipped. */
const honest = (value: number) =>
  answersFor('psychological-safety', (id) => (reverseIds.has(id) ? 8 - value : value))

async function signIn(t: TestApp, email: string): Promise<string> {
  const res = await t.app.request('/signin', {
    method: 'POST',
    headers: formHeaders,
    body: new URLSearchParams({ email, password: PASSWORD }).toString(),
  })
  expect(res.status).toBe(303)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-quorum_session='))
  return cookie!.split(';')[0]!
}

const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'))

/** Opens a round through the API, collects the answers and, unless told otherwise, closes it. */
async function runRound(
  t: TestApp,
  token: string,
  teamId: string,
  answers: Record<string, number>[],
  k = 3,
) {
  const opened = await t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: {
      surveyId: 'psychological-safety',
      k,
      closesAt: new Date(t.deps.now().getTime() + 7 * 86400e3).toISOString(),
      invitations: answers.length + 1,
    },
  })
  expect(opened.status, opened.text).toBe(201)
  const { round, links } = opened.json
  for (const [i, a] of answers.entries()) {
    const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: { secret: links[i].url.split('#')[1], answers: a },
    })
    expect(res.status, res.text).toBe(201)
  }
  expect((await t.call('POST', `/api/rounds/${round.id}/close`, { auth: token })).status).toBe(200)
  return round.id as string
}

/** The raw bytes of a response, as a spreadsheet reads the downloaded file. */
async function bytesOf(t: TestApp, path: string, token: string, init: RequestInit = {}) {
  const headers = { authorization: `Bearer ${token}`, ...(init.headers as object) }
  const res = await t.app.request(path, { ...init, headers }, {})
  expect(res.status, path).toBeLessThan(300)
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  return new Uint8Array(await res.arrayBuffer())
}

/** Starts with the UTF-8 BOM, and still reads as plain RFC 4180 with umlauts intact. */
function expectSpreadsheetCsv(bytes: Uint8Array): string[][] {
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  expect(text.startsWith('\uFEFF')).toBe(true)
  const rows = parse(text, { bom: true }) as string[][]
  expect(rows[0]![0]).not.toMatch(/^\uFEFF/)
  return rows
}

describe('CSV exports open in a spreadsheet by double-click', () => {
  it('report, trend, links and roster start with a BOM and parse, umlauts intact', async () => {
    const t = await testApp()
    const { admin, facilitator, team } = await teamWithFacilitator(t)
    const round = await runRound(t, facilitator.token, team.id, [honest(3), honest(5), honest(6)])
    const report = expectSpreadsheetCsv(
      await bytesOf(t, `/api/rounds/${round}/report.csv?locale=de`, facilitator.token),
    )
    expect(report[0]!.slice(0, 3)).toEqual(['type', 'id', 'text'])
    expect(report.flat().join(' ')).toContain('Fähigkeiten')
    const trend = expectSpreadsheetCsv(
      await bytesOf(t, `/api/teams/${team.id}/trend.csv`, facilitator.token),
    )
    expect(trend.length).toBeGreaterThan(1)

    const links = expectSpreadsheetCsv(
      await bytesOf(t, `/api/teams/${team.id}/rounds.csv`, facilitator.token, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          surveyId: 'psychological-safety',
          k: 3,
          closesAt: new Date(t.deps.now().getTime() + 86400e3).toISOString(),
          invitations: 2,
        }),
      }),
    )
    expect(links[0]).toEqual(['link', 'code'])
    expect(links).toHaveLength(3)

    const imported = await t.call('POST', `/api/teams/${team.id}/members.csv`, {
      auth: admin.token,
      body: 'email,name\njuergen@example.org,Jürgen Größe\n',
      headers: { 'content-type': 'text/csv' },
    })
    expect(imported.status, imported.text).toBe(200)
    const roster = expectSpreadsheetCsv(
      await bytesOf(t, `/api/teams/${team.id}/members.csv`, admin.token),
    )
    expect(roster[0]).toEqual(['email', 'name', 'language'])
    expect(roster).toContainEqual(['juergen@example.org', 'Jürgen Größe', 'en'])
  })
})

describe('a report that reads itself', () => {
  it('colours answers by tone with a legend, bars agreeing with the favourable share', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const round = await runRound(t, facilitator.token, team.id, [
      honest(2),
      honest(4),
      honest(6),
      answersFor('psychological-safety', (_, i) => (i < 4 ? 5 : 4)),
    ])
    const json = (await t.call('GET', `/api/rounds/${round}/report`, { auth: facilitator.token }))
      .json
    for (const d of [...json.dimensions, ...json.items]) {
      const n = d.distribution.reduce((s: number, x: { count: number }) => s + x.count, 0)
      const favourable = d.distribution
        .filter((x: { tone: string }) => x.tone === 'favourable')
        .reduce((s: number, x: { count: number }) => s + x.count, 0)
      expect(d.favourablePercent).toBeCloseTo((100 * favourable) / n, 1)
    }
    const main = mainOf(
      (
        await t.call('GET', `/rounds/${round}/report`, {
          headers: { cookie: await signIn(t, facilitator.email) },
        })
      ).text,
    )
    expect(main).toMatch(/<ul class="legend tone-legend"[^>]*>/)
    for (const word of ['Unfavourable', 'Neutral', 'Favourable']) expect(main).toContain(word)
    for (const tone of ['unfavourable', 'neutral', 'favourable'])
      expect(main).toContain(`<tr class="tone-${tone}">`)
    // Each bar keeps its number beside it, and says its tone in words for screen readers.
    expect(main).toMatch(
      /<tr class="tone-favourable"><th scope="row">[^]*?— favourable<\/span><\/th><td class="bar"><svg[^>]*aria-hidden="true"[^]*?<\/svg><\/td><td class="num">\d+<\/td>/,
    )
    // The dimension's own distribution is drawn, beside its favourable share.
    expect(main).toContain('How many people’s scores lie nearest each answer in:')
    expect(main).toContain(formatPercent(json.dimensions[0].favourablePercent))
  })

  it('shows reverse-worded items flipped, with the wording and mean as asked', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    // Everyone fairly safe: they disagree with the negatively worded items.
    const round = await runRound(t, facilitator.token, team.id, [honest(6), honest(6), honest(7)])
    const json = (await t.call('GET', `/api/rounds/${round}/report`, { auth: facilitator.token }))
      .json
    const item = json.items.find((i: { id: string }) => i.id === 'mistakes-held-against-me')
    expect(item.reverse).toBe(true)
    expect(item.mean).toBe(1.67)
    expect(item.scoredMean).toBe(6.33)
    expect(item.favourablePercent).toBe(100)
    const main = mainOf(
      (
        await t.call('GET', `/rounds/${round}/report`, {
          headers: { cookie: await signIn(t, facilitator.email) },
        })
      ).text,
    )
    const at = main.indexOf(item.text.replace(/'/g, '&#39;'))
    const panel = main.slice(at, main.indexOf('</div>', main.indexOf('<details', at)))
    expect(panel).toContain('(reverse-worded: shown flipped, so higher is better)')
    expect(panel).toContain(
      `title="As asked: ${formatMean(item.mean)}">${formatMean(item.scoredMean)}`,
    )
    expect(panel).toContain(`Mean on the wording as asked: ${formatMean(item.mean)}`)
    // Rows run worst to best as scored: "Strongly agree" with "mistakes are held against you"
    // comes first, and the favourable rows hold everyone.
    const rows = [...panel.matchAll(/<tr class="tone-(\w+)"><th scope="row">([^<]+)/g)]
    expect(rows[0]![2]!.trim()).toBe('Strongly agree')
    expect(rows.at(-1)![2]!.trim()).toBe('Strongly disagree')
    expect(rows.at(-1)![1]).toBe('favourable')
    expect(panel).toContain('(1, scored 7)')
  })

  it('sets each dimension beside the previous released round, as the trend compares', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const first = await runRound(t, facilitator.token, team.id, [
      honest(2),
      honest(3),
      honest(2),
      honest(3),
    ])
    t.clock.set('2026-04-06T09:00:00Z')
    await runRound(t, facilitator.token, team.id, [honest(4), honest(5)]) // withheld: 2 < k
    t.clock.set('2026-05-04T09:00:00Z')
    const last = await runRound(t, facilitator.token, team.id, [
      honest(6),
      honest(7),
      honest(6),
      honest(7),
    ])
    const auth = { auth: facilitator.token }
    const json = (await t.call('GET', `/api/rounds/${last}/report`, auth)).json
    const trend = (await t.call('GET', `/api/teams/${team.id}/trend`, auth)).json
    const before = trend.rounds[0].dimensions[0]
    const now = trend.rounds[2].dimensions[0]
    expect(json.previous.roundId).toBe(first)
    expect(json.previous.dimensions).toEqual([
      { id: now.id, mean: before.mean, change: now.change, beyondNoise: true },
    ])
    expect((await t.call('GET', `/api/rounds/${first}/report`, auth)).json.previous).toBeNull()

    const cookie = await signIn(t, facilitator.email)
    const main = mainOf(
      (await t.call('GET', `/rounds/${last}/report`, { headers: { cookie } })).text,
    )
    expect(main).toContain('<dt>Previous round</dt>')
    expect(main).toContain(`<dd>${formatMean(before.mean)}</dd>`)
    expect(main).toContain(`${formatChange(now.change)}, <strong>beyond noise</strong>`)
    const firstPage = mainOf(
      (await t.call('GET', `/rounds/${first}/report`, { headers: { cookie } })).text,
    )
    expect(firstPage).not.toContain('Previous round')

    // The team's share link sees the same comparison, from the rounds released to it.
    const link = await t.call('POST', `/api/teams/${team.id}/share-links`, auth)
    const shareCookie = (
      await t.app.request('/shared', {
        method: 'POST',
        headers: formHeaders,
        body: new URLSearchParams({ token: link.json.token }).toString(),
      })
    ).headers
      .getSetCookie()[0]!
      .split(';')[0]!
    const shared = mainOf(
      (await t.call('GET', `/shared/rounds/${last}`, { headers: { cookie: shareCookie } })).text,
    )
    expect(shared).toContain(`${formatChange(now.change)}, <strong>beyond noise</strong>`)

    // The trend marks the same change on the chart itself, in words too, beside its table.
    const trendPage = mainOf(
      (await t.call('GET', `/teams/${team.id}/trend`, { headers: { cookie } })).text,
    )
    for (const width of ['wide', 'compact']) {
      const svg = trendPage.match(
        new RegExp(`<svg[^>]*class="chart trend-chart ${width}"[^]*?</svg>`),
      )![0]
      expect(svg.match(/<g class="beyond-noise"><title>/g)).toHaveLength(1)
      expect(svg).toContain(`Psychological safety: ${formatChange(now.change)}, beyond noise`)
      expect(svg).toMatch(/<desc[^>]*>[^<]*Ringed, the changes beyond noise: Psychological safety/)
    }
    expect(trendPage).toContain('Ring: change beyond noise')
    expect(trendPage).toContain('<table class="trend-table"')
  })
})
