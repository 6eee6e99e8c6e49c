import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, launchChromium } from '../helpers/browser'
import { fillRoster } from '../helpers/roster'
import { signedInAdmin, startServer, type HttpClient, type RunningServer } from '../helpers/server'

const PASSWORD = 'correct horse battery staple'
const PHONE = { width: 320, height: 700 }

describe.skipIf(!chromiumAvailable())('after an error and when copying links (Chromium)', () => {
  let server: RunningServer
  let browser: Browser
  let admin: HttpClient
  let teamId: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    admin = await signedInAdmin(server, PASSWORD)
    teamId = (await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })).json.team.id
    await fillRoster(admin, teamId, 20)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.remove()
  })

  it('moves focus to the error summary; a code from the link stays hidden', async () => {
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
    const res = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
      body: { surveyId: 'psychological-safety', k: 3, closesAt, invitations: 1 },
    })
    const url: string = res.json.links[0].url
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(url)
    await page.locator('fieldset.question').first().locator('label').nth(2).click()
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400),
      page.getByRole('button', { name: 'Submit my answers' }).click(),
    ])
    await page.waitForLoadState()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary')
    const secret = page.locator('input[name=secret]')
    expect(await secret.isVisible()).toBe(false)
    expect(await secret.inputValue()).toBe(url.split('#')[1])
    // After the language switch too.
    await page.getByRole('link', { name: 'Sprache: Deutsch' }).click()
    await page.waitForURL('**?lang=de')
    expect(await secret.isVisible()).toBe(false)
    await context.close()
  })

  /** A facilitator's links page, made through the form, in a browser signed in as the admin. */
  async function linksPage(options: { clipboard: boolean }): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' })
    if (options.clipboard)
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: server.baseUrl,
      })
    else
      // As on a plain-HTTP installation: no async clipboard. Records what execCommand copied.
      await context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })
        document.addEventListener('copy', () => {
          const el = document.activeElement as HTMLTextAreaElement
          Object.assign(window, {
            copied: el.value.slice(el.selectionStart, el.selectionEnd),
          })
        })
      })
    const page = await context.newPage()
    page.setDefaultTimeout(8_000)
    await page.goto(`${server.baseUrl}/signin`)
    await page.fill('input[name=email]', 'admin@example.org')
    await page.fill('input[name=password]', PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'))
    // More links for an open round, through the round page's form.
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
    const round = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
      body: { surveyId: 'psychological-safety', k: 3, closesAt, invitations: 1 },
    })
    await page.goto(`${server.baseUrl}/rounds/${round.json.round.id}`)
    await page.fill('input[name=count]', '2')
    await page.getByRole('button', { name: 'Make links' }).click()
    await page.waitForSelector('ol.codes', { timeout: 10_000 }).catch(async (err: unknown) => {
      throw new Error(`${page.url()}: ${(await page.textContent('main'))?.slice(0, 600)}`, {
        cause: err,
      })
    })
    return page
  }

  it('copies one link with its own button, and says so', async () => {
    const page = await linksPage({ clipboard: true })
    const second = (await page.locator('#link-2').textContent())!.trim()
    await page.getByRole('button', { name: 'Copy link 2' }).click()
    await expect.poll(() => page.textContent('#copy-status')).toBe('Copied.')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(second)
    // Long links wrap at 320 px instead of widening the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    )
    await page.context().close()
  })

  it('copies without navigator.clipboard, as on plain HTTP', async () => {
    const page = await linksPage({ clipboard: false })
    const first = (await page.locator('#link-1').textContent())!.trim()
    await page.getByRole('button', { name: 'Copy link 1' }).click()
    await expect.poll(() => page.textContent('#copy-status')).toBe('Copied.')
    expect(await page.evaluate(() => (window as unknown as { copied: string }).copied)).toBe(first)
    await page.context().close()
  })
})
