import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, launchChromium } from '../helpers/browser'
import { signedInAdmin, startServer, type HttpClient, type RunningServer } from '../helpers/server'
import { fillRoster } from '../helpers/roster'

const PASSWORD = 'correct horse battery staple'
const PHONE = { width: 320, height: 700 }
const LAPTOP = { width: 1200, height: 900 }

/** Answers every question on the survey page by clicking the label of the n-th scale point. */
async function answerAll(page: Page, pick: (question: number) => number) {
  const questions = page.locator('fieldset.question')
  const count = await questions.count()
  for (let q = 0; q < count; q++) await questions.nth(q).locator('label').nth(pick(q)).click()
  return count
}

describe.skipIf(!chromiumAvailable())('in a real browser (Chromium)', () => {
  let server: RunningServer
  let browser: Browser
  let admin: HttpClient
  let teamId: string
  const facilitator = { email: 'fay@example.org', name: 'Fay Facilitator' }

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    admin = await signedInAdmin(server, PASSWORD)
    const user = await admin.call('POST', '/api/users', {
      body: { ...facilitator, role: 'facilitator', password: PASSWORD },
    })
    teamId = (await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })).json.team.id
    await fillRoster(admin, teamId, 60)
    await admin.call('PUT', `/api/teams/${teamId}/facilitators/${user.json.user.id}`)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.remove()
  })

  async function mintedLinks(count: number, k = 3): Promise<{ roundId: string; links: string[] }> {
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
    const res = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
      body: { surveyId: 'psychological-safety', k, closesAt, invitations: count },
    })
    expect(res.status).toBe(201)
    return { roundId: res.json.round.id, links: res.json.links.map((l: { url: string }) => l.url) }
  }

  it('a respondent answers on a phone from a minted link and sees the confirmation', async () => {
    const { links } = await mintedLinks(2)
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' })
    const page = await context.newPage()
    const requested: string[] = []
    page.on('request', (r) => requested.push(r.url()))
    await page.goto(links[0]!)
    // The secret moved from the fragment into the form and out of the address bar.
    expect(page.url()).not.toContain('#')
    await expect
      .poll(() => page.locator('input[name=secret]').inputValue())
      .toBe(links[0]!.split('#')[1])
    expect(await page.locator('input[name=secret]').isVisible()).toBe(false)
    const questions = await answerAll(page, (q) => (q * 2) % 7)
    expect(questions).toBe(7)
    await page.fill('textarea', 'Retros feel safer since we rotate facilitation.')
    const wide = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(wide).toBeLessThanOrEqual(PHONE.width)
    await page.getByRole('button', { name: 'Submit my answers' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thank you')
    await expect.poll(() => page.textContent('main')).toContain('stored without any link to you')
    // Nothing but our own origin: no CDN, font, analytics or any other third party.
    expect(requested.length).toBeGreaterThan(2)
    for (const url of requested) expect(url.startsWith(server.baseUrl + '/'), url).toBe(true)

    // The same link again: the form shows the used-link message, in words.
    await page.goto(links[0]!)
    await answerAll(page, () => 3)
    await page.getByRole('button', { name: 'Submit my answers' }).click()
    await expect.poll(() => page.textContent('[role=alert]')).toContain('already been used')
    await context.close()
  })

  it('keeps answers and names what is missing; works with the keyboard alone', async () => {
    const { links } = await mintedLinks(1)
    const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE' })
    const page = await context.newPage()
    await page.goto(links[0]!)
    expect(await page.getAttribute('html', 'lang')).toBe('de')
    // Answer the first question with the keyboard only: Tab to it, arrow to a value.
    await page.keyboard.press('Tab') // skip link
    let focused = ''
    for (let i = 0; i < 20 && focused !== 'radio'; i++) {
      await page.keyboard.press('Tab')
      focused = await page.evaluate(() => (document.activeElement as HTMLInputElement).type)
    }
    expect(focused).toBe('radio')
    await page.keyboard.press('ArrowRight')
    await page.getByRole('button', { name: 'Antworten absenden' }).click()
    await expect
      .poll(() => page.textContent('[role=alert]'))
      .toContain('Diese Frage braucht eine Antwort')
    expect(await page.locator('input[type=radio]:checked').count()).toBe(1)
    await context.close()
  })

  it('a facilitator signs in, opens a round, closes it and reads the report and the trend', async () => {
    const context = await browser.newContext({ viewport: LAPTOP })
    const page = await context.newPage()
    await page.goto(`${server.baseUrl}/teams`)
    expect(page.url()).toContain('/signin')
    await page.fill('input[name=email]', facilitator.email)
    await page.fill('input[name=password]', PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('link', { name: 'Platform' }).click()

    // Open a round from the form at the top of the team page: k = 3, five links.
    const form = page.locator('details.open-round')
    if ((await form.getAttribute('open')) === null) await form.locator('summary').click()
    await page.selectOption('select[name=surveyId]', 'psychological-safety')
    await page.fill('input[name=k]', '3')
    await page.fill('input[name=invitations]', '5')
    await page.getByRole('button', { name: /Open round/ }).click()
    const text = await page.locator('textarea').first().inputValue()
    const links = text.split('\n').filter((l) => l.includes('/s/'))
    expect(links).toHaveLength(5)

    // Four people answer in their own browsers.
    for (const [i, link] of links.slice(0, 4).entries()) {
      const respondent = await browser.newPage({ viewport: PHONE })
      await respondent.goto(link)
      await answerAll(respondent, (q) => (i + q) % 7)
      await respondent.getByRole('button', { name: 'Submit my answers' }).click()
      await expect.poll(() => respondent.locator('h1').textContent()).toBe('Thank you')
      await respondent.close()
    }

    const roundId = new URL(links[0]!).pathname.split('/')[2]!
    await page.goto(`${server.baseUrl}/rounds/${roundId}`)
    // While open, only whether k was reached: never the 4 (P2).
    const open = await page.textContent('main')
    expect(open).toContain('Responses3 reached')
    expect(open).not.toMatch(/\b4 (respondents|answered)/)
    await page.getByRole('button', { name: /Close/ }).click()
    // Closing asks first, without script, and says only "k reached" (P2).
    await page.waitForURL(`**/rounds/${roundId}/close`)
    expect(await page.textContent('main')).toContain('3 reached')
    await page.getByRole('button', { name: 'Yes, close it' }).click()
    await page.waitForURL(`**/rounds/${roundId}/report`)
    const report = await page.textContent('main')
    expect(report).toContain('Psychological safety')
    expect(report).toMatch(/95% interval/)

    await page.goto(`${server.baseUrl}/teams/${teamId}/trend`)
    expect(await page.locator('svg.chart, svg[role=img]').count()).toBeGreaterThan(0)
    expect(await page.locator('table').count()).toBeGreaterThan(0)
    expect(await page.textContent('main')).toContain('4.')
    await context.close()
  })

  it('the share link shows only released results', async () => {
    // An open round with answers must not appear on the shared page.
    const { links } = await mintedLinks(3)
    const share = await admin.call('POST', `/api/teams/${teamId}/share-links`)
    expect(share.status).toBe(201)
    const context = await browser.newContext({ viewport: LAPTOP })
    const page = await context.newPage()
    await page.goto(share.json.url)
    await page.waitForURL('**/shared/team')
    const main = (await page.textContent('main')) ?? ''
    expect(main).toContain('Platform')
    expect(main).not.toContain('fay@example.org')
    const hrefs = await page
      .locator('a[href^="/shared/rounds/"]')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname))
    expect(new Set(hrefs).size).toBe(1) // the one closed round, not the open one
    expect(main).not.toContain(new URL(links[0]!).pathname.split('/')[2]!)
    await context.close()
  })
})
