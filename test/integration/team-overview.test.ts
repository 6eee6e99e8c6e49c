import { describe, expect, it } from 'vitest'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { signedInBrowser } from '../helpers/web-browser'

const SURVEY = 'psychological-safety'
const REVERSED = new Set([
  'mistakes-held-against-me',
  'different-pushed-aside',
  'hard-to-ask-for-help',
])
const DAY = 24 * 3600_000
// The withheld round, as test/integration/below-k.test.ts has it: 8 people answer with k = 11 and
// 13 links; 8 is no scale point, k, link count or part of a date, and its means are fractions.
const BELOW_K = [
  [2, 7, 2, 5, 2, 5, 5],
  [3, 6, 3, 6, 3, 5, 6],
  [4, 3, 5, 3, 5, 4, 2],
  [3, 7, 1, 7, 1, 6, 5],
  [2, 5, 2, 6, 1, 6, 5],
  [6, 2, 6, 1, 6, 1, 2],
  [4, 4, 4, 4, 4, 4, 4],
  [5, 4, 5, 3, 4, 3, 2],
]

/** Answers around `level` (positively worded; reverse items mirrored), varying by person. */
const around = (level: number, person: number) =>
  answersFor(SURVEY, (id) => {
    const v = level + (person % 2)
    return REVERSED.has(id) ? 8 - v : v
  })

/** Opens a round with k and links, takes the answers, closes it (releasing its results). */
async function round(
  t: TestApp,
  token: string,
  teamId: string,
  k: number,
  links: number,
  answers: Record<string, number>[],
) {
  const opened = await t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: { surveyId: SURVEY, k, closesAt: '2026-06-30T00:00:00Z', invitations: links },
  })
  expect(opened.status, opened.text).toBe(201)
  const { round, links: minted } = opened.json
  for (const [i, a] of answers.entries()) {
    const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: { secret: minted[i].url.split('#')[1], answers: a },
    })
    expect(res.status).toBe(201)
  }
  expect((await t.call('POST', `/api/rounds/${round.id}/close`, { auth: token })).status).toBe(200)
  t.clock.advance(DAY)
  return round.id as string
}

/** Every number the withheld round's answers would give if released: a twin round with k = 3. */
async function belowKNumbers() {
  const twin = await testApp()
  const { facilitator, team } = await teamWithFacilitator(twin)
  const rows = BELOW_K.map((row) => answersFor(SURVEY, (_, j) => row[j]!))
  const id = await round(twin, facilitator.token, team.id, 3, 13, rows)
  const report = (await twin.call('GET', `/api/rounds/${id}/report`, { auth: facilitator.token }))
    .json
  expect(report.released).toBe(true)
  const numbers = new Set<number>([report.respondents, report.responseRate])
  for (const d of report.dimensions) for (const x of [d.mean, d.low, d.high]) numbers.add(x)
  return numbers
}

/** The numbers a person reads on a page: text and labels, not markup (as below-k.test.ts). */
function numbersOnPage(html: string): number[] {
  const body = html.replace(/<(script|style)\b[^]*?<\/\1>/gi, ' ')
  const labels = [...body.matchAll(/\s(?:aria-label|title|alt)="([^"]*)"/g)].map((m) => m[1]!)
  const text = [body.replace(/<[^>]+>/g, ' '), ...labels].join(' ').replace(/&#?\w+;/g, ' ')
  return (text.match(/(?<!\w)\d+(?:[.,]\d+)?(?!\w)/g) ?? []).map((x) => Number(x.replace(',', '.')))
}

/** A team with a low round, a high one (5 of 8 answered), then one withheld below k. */
async function teamWithHistory() {
  const t = await testApp()
  const setup = await teamWithFacilitator(t)
  const { facilitator, team } = setup
  const low = [0, 1, 2, 3].map((p) => around(2, p))
  const high = [0, 1, 2, 3, 4].map((p) => around(5, p))
  const rows = BELOW_K.map((row) => answersFor(SURVEY, (_, j) => row[j]!))
  const first = await round(t, facilitator.token, team.id, 3, 6, low)
  const second = await round(t, facilitator.token, team.id, 3, 8, high)
  const withheld = await round(t, facilitator.token, team.id, 11, 13, rows)
  const trend = (await t.call('GET', `/api/teams/${team.id}/trend`, { auth: facilitator.token }))
    .json
  return { t, ...setup, first, second, withheld, trend }
}

describe('the team overview', () => {
  it('shows the latest released score, its change, the response rate and the withheld round', async () => {
    const { t, facilitator, team, second, trend } = await teamWithHistory()
    const point = trend.rounds.find((r: { roundId: string }) => r.roundId === second)
    const d = point.dimensions[0]
    expect(d.beyondNoise).toBe(true)
    const b = await signedInBrowser(t, facilitator.email)
    for (const path of [`/teams/${team.id}`, '/teams']) {
      const page = (await b.get(path)).text
      expect(page, path).toContain(`${d.mean.toFixed(2)}</strong>`)
      expect(page, path).toContain(`(95% interval ${d.low.toFixed(2)}–${d.high.toFixed(2)})`)
      expect(page, path).toContain(`+${d.change.toFixed(2)}, beyond noise`)
      expect(page, path).toContain('5 respondents, response rate 62.5%')
      expect(page, path).toContain('fewer than 11 — withheld')
      // The sparkline, and the same in words for those who cannot see it.
      expect(page, path).toMatch(/<svg class="sparkline"[^>]*role="img"/)
      const first = trend.rounds[0].dimensions[0].mean.toFixed(2)
      expect(page, path).toContain(
        `Psychological safety over rounds, oldest first: ${first}, ${d.mean.toFixed(2)}, withheld`,
      )
    }
  })

  it('shows no number derived from the round below k on either page', async () => {
    const forbidden = await belowKNumbers()
    expect(forbidden.size).toBeGreaterThanOrEqual(4)
    const { t, facilitator, admin, team } = await teamWithHistory()
    for (const who of [facilitator, admin]) {
      const b = await signedInBrowser(t, who.email)
      for (const path of [`/teams/${team.id}`, '/teams']) {
        const page = (await b.get(path)).text
        for (const x of numbersOnPage(page.replaceAll(who.email, ' ')))
          expect(forbidden.has(x), `${path} shows ${x}`).toBe(false)
      }
    }
  })

  it('says so when the only closed round is withheld, and when none has closed', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const before = await signedInBrowser(t, facilitator.email)
    expect((await before.get(`/teams/${team.id}`)).text).toContain('No round has closed yet')
    await round(t, facilitator.token, team.id, 11, 13, [around(3, 0), around(3, 1)])
    const b = await signedInBrowser(t, facilitator.email)
    for (const path of [`/teams/${team.id}`, '/teams']) {
      const page = (await b.get(path)).text
      expect(page, path).toContain('fewer than 11 — withheld')
      expect(page, path).not.toMatch(/\d+ respondents/)
    }
  })

  it('reads the database a fixed number of times per team on the teams list, whatever its history', async () => {
    const trips = async (t: TestApp, email: string) => {
      const b = await signedInBrowser(t, email)
      const before = t.trips.length
      expect((await b.get('/teams')).status).toBe(200)
      return t.trips.length - before
    }
    const long = await teamWithHistory()
    const short = await testApp()
    const { facilitator, team } = await teamWithFacilitator(short)
    await round(
      short,
      facilitator.token,
      team.id,
      3,
      6,
      [0, 1, 2].map((p) => around(4, p)),
    )
    // Three rounds cost what one does: no query per round or per dimension.
    expect(await trips(long.t, long.facilitator.email)).toBe(await trips(short, facilitator.email))
  })
})
