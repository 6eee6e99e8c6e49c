import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, launchChromium } from '../helpers/browser'
import {
  answerEveryItem,
  httpClient,
  secretOf,
  signedInAdmin,
  startServer,
  type HttpClient,
  type RunningServer,
  type ServedSurvey,
} from '../helpers/server'
import { fillRoster } from '../helpers/roster'

const PASSWORD = 'correct horse battery staple'
const PHONE = { width: 320, height: 700 }
const DESKTOP = { width: 1280, height: 900 }
/** axe-core from node_modules, evaluated in each page by the test (nothing is served for it). */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

interface Violation {
  id: string
  help: string
  nodes: { target: string[] }[]
}

/**
 * The WCAG 2.2 AA violations axe-core finds on the page as it is now. That axe ran at all is
 * checked too: it must have passed some rules, or an empty list would prove nothing.
 */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG)} } })
      .then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })) }))`,
  )) as { passes: number; violations: Violation[] }
  expect(found.passes).toBeGreaterThan(5)
  return found.violations.map(
    (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

/** Whether anything makes the page scroll sideways. */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

/**
 * Every page a person meets, in the states they meet it, checked in Chromium with axe-core for
 * WCAG 2.2 AA, and at 320 px for sideways scrolling: respondent pages in both languages, the
 * facilitator's and admin's pages, the share page.
 */
describe.skipIf(!chromiumAvailable())('accessibility of every page (Chromium, axe-core)', () => {
  let server: RunningServer
  let browser: Browser
  let admin: HttpClient
  let staff: BrowserContext
  let teamId: string
  let openRound: { id: string; link: string }
  let closedRound: string
  let shareToken: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    admin = await signedInAdmin(server, PASSWORD)
    teamId = (await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })).json.team.id
    await fillRoster(admin, teamId, 12)
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
    const open = (k: number, invitations: number) =>
      admin.call('POST', `/api/teams/${teamId}/rounds`, {
        body: { surveyId: 'psychological-safety', k, closesAt, invitations },
      })
    const released = (await open(3, 4)).json
    const survey = (await admin.call('GET', `/api/public/rounds/${released.round.id}`)).json
      .survey as ServedSurvey
    const respondent = httpClient(server.baseUrl)
    for (const [i, link] of released.links.slice(0, 3).entries())
      await respondent.call('POST', `/api/public/rounds/${released.round.id}/responses`, {
        body: { secret: secretOf(link.url), answers: answerEveryItem(survey, (v) => v[i + 2]!) },
      })
    await admin.call('POST', `/api/rounds/${released.round.id}/close`)
    closedRound = released.round.id
    const current = (await open(3, 4)).json
    openRound = { id: current.round.id, link: current.links[0].url }
    shareToken = (await admin.call('POST', `/api/teams/${teamId}/share-links`)).json.token
    staff = await browser.newContext({ viewport: DESKTOP })
    const page = await staff.newPage()
    await page.goto(`${server.baseUrl}/signin`)
    await page.fill('input[name=email]', 'admin@example.org')
    await page.fill('input[name=password]', PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
    await page.close()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.remove()
  })

  /** Opens `path` in `context` at `viewport`, then checks it; `before` may act on the page. */
  async function check(
    context: BrowserContext,
    path: string,
    before?: (page: Page) => Promise<void>,
  ): Promise<string[]> {
    const problems: string[] = []
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await context.newPage()
      await page.setViewportSize(viewport)
      await page.goto(`${server.baseUrl}${path}`)
      if (before) await before(page)
      if (viewport === DESKTOP) problems.push(...(await violations(page)))
      else if (await scrollsSideways(page)) problems.push(`scrolls sideways at 320 px`)
      await page.close()
    }
    return problems.map((p) => `${path}: ${p}`)
  }

  it('finds no violation on the respondent’s pages, in English and German', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const link = new URL(openRound.link)
    const problems = [
      ...(await check(context, `${link.pathname}${link.hash}`)),
      ...(await check(context, `${link.pathname}?lang=de${link.hash}`)),
      ...(await check(context, link.pathname, async (page) => {
        // A submission with missing answers: the page with its error summary.
        await page.fill('input[name=secret]', secretOf(openRound.link))
        await page.getByRole('button', { name: 'Submit my answers' }).click()
        await page.waitForSelector('.error-summary, [role=alert]')
      })),
      ...(await check(context, `/s/${closedRound}`)),
      ...(await check(context, `/s/${openRound.id}/thanks`)),
      ...(await check(context, '/signin')),
      ...(await check(context, '/facilitate')),
    ]
    await context.close()
    expect(problems).toEqual([])
  }, 120_000)

  it('finds no violation on the facilitator’s and admin’s pages', async () => {
    const paths = [
      '/teams',
      `/teams/${teamId}`,
      `/teams/${teamId}/members`,
      `/teams/${teamId}/schedule`,
      `/teams/${teamId}/trend`,
      `/rounds/${openRound.id}`,
      `/rounds/${closedRound}`,
      `/rounds/${closedRound}/report`,
      '/admin/teams',
      '/admin/users',
      '/admin/surveys',
    ]
    const problems: string[] = []
    for (const path of paths) problems.push(...(await check(staff, path)))
    // The confirmation a round's closing asks for (reached by the close button, without script).
    problems.push(
      ...(await check(staff, `/rounds/${openRound.id}`, async (page) => {
        await page.getByRole('button', { name: /Close the round/ }).click()
        await page.waitForURL(`**/rounds/${openRound.id}/close`)
      })),
    )
    expect(problems).toEqual([])
  }, 180_000)

  it('finds no violation on the team’s shared results', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await page.goto(`${server.baseUrl}/shared#${shareToken}`)
    await page.waitForURL('**/shared/team')
    await page.close()
    const problems = [
      ...(await check(context, '/shared')),
      ...(await check(context, '/shared/team')),
      ...(await check(context, `/shared/rounds/${closedRound}`)),
    ]
    await context.close()
    expect(problems).toEqual([])
  }, 120_000)
})
