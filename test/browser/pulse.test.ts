import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, launchChromium } from '../helpers/browser'
import { fillRoster } from '../helpers/roster'
import { signedInAdmin, startServer, type HttpClient, type RunningServer } from '../helpers/server'

const PASSWORD = 'correct horse battery staple'

/**
 * A facilitator's pulse in Chromium, against the real server (its timer checks every second): the
 * schedule is set on the page, its next occurrence moved a few seconds ahead, and the round opens
 * by itself; every time on the pages names the team's zone; closing asks first and changes
 * nothing until confirmed.
 */
describe.skipIf(!chromiumAvailable())('a recurring pulse in the browser (Chromium)', () => {
  let server: RunningServer
  let browser: Browser
  let admin: HttpClient
  let teamId: string

  beforeAll(async () => {
    server = await startServer({ CLOSE_CHECK_SECONDS: '1' })
    browser = await launchChromium()
    admin = await signedInAdmin(server, PASSWORD)
    teamId = (await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })).json.team.id
    await admin.call('PATCH', `/api/teams/${teamId}`, { body: { timeZone: 'Europe/Berlin' } })
    await fillRoster(admin, teamId, 5)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.remove()
  })

  async function signIn(page: Page) {
    await page.goto(`${server.baseUrl}/signin`)
    await page.fill('input[name=email]', 'admin@example.org')
    await page.fill('input[name=password]', PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
  }

  it('opens a round by itself, shows the team’s zone, and asks before closing', async () => {
    const page = await browser.newPage()
    await signIn(page)
    await page.goto(`${server.baseUrl}/teams/${teamId}/schedule`)
    await page.selectOption('select[name=surveyId]', 'psychological-safety')
    await page.getByRole('button', { name: /Start the pulse/ }).click()
    await page.waitForURL(`**/teams/${teamId}/schedule**`)
    expect(await page.textContent('main')).toContain('Europe/Berlin')

    // The next occurrence, moved to a few seconds from now: the server's timer opens it.
    const at = new Date(Date.now() + 4_000).toISOString()
    const moved = await admin.call('POST', `/api/teams/${teamId}/schedule/move`, { body: { at } })
    expect(moved.status, moved.text).toBe(200)
    let roundId: string | undefined
    for (let i = 0; i < 40 && !roundId; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const rounds = await admin.call('GET', `/api/teams/${teamId}/rounds`)
      roundId = rounds.json.rounds[0]?.id
    }
    expect(roundId, 'the pulse opened no round').toBeDefined()

    await page.goto(`${server.baseUrl}/teams/${teamId}`)
    const team = await page.textContent('main')
    expect(team).toContain('(Europe/Berlin)')
    expect(team).toMatch(/closes in \d+ days?/)

    // Closing asks first; leaving the question changes nothing.
    await page.goto(`${server.baseUrl}/rounds/${roundId}`)
    expect(await page.textContent('main')).toContain('(Europe/Berlin)')
    await page.getByRole('button', { name: /Close the round/ }).click()
    await page.waitForURL(`**/rounds/${roundId}/close`)
    expect(await page.textContent('main')).toContain('fewer than')
    await page.getByRole('link', { name: 'Cancel' }).click()
    const still = await admin.call('GET', `/api/rounds/${roundId}`)
    expect(still.json.round.status).toBe('open')
    await page.getByRole('button', { name: /Close the round/ }).click()
    await page.getByRole('button', { name: 'Yes, close it' }).click()
    await page.waitForURL(`**/rounds/${roundId}/report`)
    const closed = await admin.call('GET', `/api/rounds/${roundId}`)
    expect(closed.json.round.status).toBe('closed')
    await page.close()
  }, 90_000)
})
