import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, launchChromium } from '../helpers/browser'
import { contrastRatio } from '../helpers/contrast'
import { fillRoster } from '../helpers/roster'
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

const PASSWORD = 'correct horse battery staple'
const PHONE = { width: 320, height: 700 }
const DESKTOP = { width: 1280, height: 900 }
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** Groups, each with its teams and how many of each team answer (k = 3). */
const ORG = {
  Engineering: { Platform: 8, Mobile: 5, Tiny: 2 },
  Sales: { East: 6, West: 7 },
} as const

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG)} } })
      .then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => v.id + ': ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', ')) }))`,
  )) as { passes: number; violations: string[] }
  expect(found.passes).toBeGreaterThan(5)
  return found.violations
}

const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

/**
 * The campaign pages in Chromium: a campaign opened through its form, answered, closed through
 * its confirmation; then the heatmap and the list checked with axe-core (WCAG 2.2 AA) and at
 * 320 px, and a score's interval revealed by hover and by keyboard focus.
 */
describe.skipIf(!chromiumAvailable())('the campaign pages (Chromium, axe-core)', () => {
  let server: RunningServer
  let browser: Browser
  let admin: HttpClient
  let staff: BrowserContext
  let campaignPath: string
  let rootId: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    admin = await signedInAdmin(server, PASSWORD)
    rootId = (await admin.call('POST', '/api/groups', { body: { name: 'Acme' } })).json.group.id
    const teams: { id: string; answers: number }[] = []
    for (const [groupName, members] of Object.entries(ORG)) {
      const body = { name: groupName, parentId: rootId }
      const groupId = (await admin.call('POST', '/api/groups', { body })).json.group.id
      for (const [name, answers] of Object.entries(members)) {
        const id = (await admin.call('POST', '/api/teams', { body: { name } })).json.team.id
        await fillRoster(admin, id, 10)
        await admin.call('PUT', `/api/teams/${id}/group`, { body: { groupId } })
        teams.push({ id, answers })
      }
    }
    staff = await browser.newContext({ viewport: DESKTOP })
    const page = await staff.newPage()
    await page.goto(`${server.baseUrl}/signin`)
    await page.fill('input[name=email]', 'admin@example.org')
    await page.fill('input[name=password]', PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
    // Open the campaign through its form.
    await page.goto(`${server.baseUrl}/campaigns`)
    await page.selectOption('select[name=groupId]', { label: 'Acme' })
    await page.fill('input[name=name]', 'Spring pulse')
    await page.getByRole('button', { name: 'Open the campaign' }).click()
    await page.waitForURL(/\/campaigns\/[^/?]+\?done=opened/)
    campaignPath = new URL(page.url()).pathname
    // Every team's members answer through their links.
    const respondent = httpClient(server.baseUrl)
    for (const [t, team] of teams.entries()) {
      const round = (await admin.call('GET', `/api/teams/${team.id}/rounds`)).json.rounds[0]
      if (team.answers === 0) continue
      const minted = await admin.call('POST', `/api/rounds/${round.id}/invitations`, {
        body: { count: team.answers + 2 },
      })
      const survey = (await admin.call('GET', `/api/public/rounds/${round.id}`)).json
        .survey as ServedSurvey
      // Not everyone with a link answers: a link count fully used would bound the count.
      for (const [i, link] of minted.json.links.slice(0, team.answers).entries()) {
        const res = await respondent.call('POST', `/api/public/rounds/${round.id}/responses`, {
          body: {
            secret: secretOf(link.url),
            answers: answerEveryItem(survey, (v) => v[(i + t) % v.length]!),
          },
        })
        expect(res.status, res.text).toBe(201)
      }
    }
    // Close it through the button and its confirmation.
    await page.getByRole('button', { name: 'Close the campaign now' }).click()
    await page.getByRole('button', { name: 'Yes, close and release it' }).click()
    await page.waitForURL(/done=closed/)
    await page.close()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.remove()
  })

  it('finds no violation on the heatmap, the list, a cell and a group’s trend, nor at 320 px', async () => {
    const problems: string[] = []
    const paths = [
      '/campaigns',
      campaignPath,
      `${campaignPath}?sort=respondents&dir=desc`,
      `${campaignPath}?locale=de`,
      `${campaignPath}/cells/${rootId}`,
      `/groups/${rootId}/trend`,
    ]
    for (const path of paths)
      for (const viewport of [DESKTOP, PHONE]) {
        const page = await staff.newPage()
        await page.setViewportSize(viewport)
        await page.goto(`${server.baseUrl}${path}`)
        if (viewport === DESKTOP)
          problems.push(...(await violations(page)).map((v) => `${path}: ${v}`))
        else if (await scrollsSideways(page)) problems.push(`${path}: scrolls sideways at 320 px`)
        await page.close()
      }
    expect(problems).toEqual([])
  }, 120_000)

  it('shows both kinds of withheld cell, and every score’s text in AA contrast', async () => {
    const page = await staff.newPage()
    await page.goto(`${server.baseUrl}${campaignPath}`)
    expect(await page.locator('td.withheld.fewer').count()).toBe(1)
    expect(await page.locator('td.withheld.protects').count()).toBe(1)
    const looks = await page.evaluate(() =>
      ['td.withheld.fewer', 'td.withheld.protects'].map((s) => {
        const style = getComputedStyle(document.querySelector(s)!)
        return `${style.backgroundImage} ${style.outlineStyle}`
      }),
    )
    expect(looks[0]).toContain('repeating-linear-gradient')
    expect(looks[1]).toContain('dotted')
    const pairs = await page.evaluate(() =>
      [...document.querySelectorAll('td.score:not(.none)')].map((td) => [
        getComputedStyle(td.querySelector('a')!).color,
        getComputedStyle(td).backgroundColor,
      ]),
    )
    expect(pairs.length).toBeGreaterThan(10)
    for (const [fg, bg] of pairs) expect(contrastRatio(fg!, bg!)).toBeGreaterThanOrEqual(4.5)
    const region = page.getByRole('region', { name: /Mean dimension scores/ })
    expect(await region.getAttribute('tabindex')).toBe('0')
    await page.close()
  })

  it('reveals a score’s interval on hover and on keyboard focus, and Escape hides it', async () => {
    const page = await staff.newPage()
    await page.goto(`${server.baseUrl}${campaignPath}`)
    const score = page.locator('td.score a').first()
    const tip = score.locator('.tip')
    const width = () => tip.evaluate((el) => el.getBoundingClientRect().width)
    expect(await width()).toBeLessThan(2)
    expect(await tip.textContent()).toMatch(/95% interval \d\.\d\d–\d\.\d\d, \d+% favourable/)
    await score.hover()
    expect(await width()).toBeGreaterThan(100)
    await page.mouse.move(0, 0)
    expect(await width()).toBeLessThan(2)
    await score.focus()
    expect(await width()).toBeGreaterThan(100)
    // Escape hides it again without moving focus (WCAG 1.4.13).
    await page.keyboard.press('Escape')
    expect(await width()).toBeLessThan(2)
    expect(await score.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.close()
  })
})
