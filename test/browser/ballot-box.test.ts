import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, launchChromium } from '../helpers/browser'
import { contrastRatio } from '../helpers/contrast'
import { signedInAdmin, startServer, type HttpClient, type RunningServer } from '../helpers/server'

const PASSWORD = 'correct horse battery staple'
const PHONE = { width: 320, height: 700 }

/**
 * How an element reads as the browser renders it: shown at all, its size and colour, and the
 * colour of the first opaque surface behind it.
 */
const looks = (element: Locator) =>
  element.evaluate((el) => {
    const style = getComputedStyle(el)
    const opaque = (c: string) => c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)
    let surface = 'rgb(255, 255, 255)'
    for (let up: Element | null = el; up; up = up.parentElement) {
      const bg = getComputedStyle(up).backgroundColor
      if (opaque(bg)) {
        surface = bg
        break
      }
    }
    const box = el.getBoundingClientRect()
    let hidden = false
    for (let up: Element | null = el; up; up = up.parentElement) {
      const s = getComputedStyle(up)
      if (s.display === 'none' || s.visibility !== 'visible' || Number(s.opacity) < 1) hidden = true
    }
    return {
      text: (el as HTMLElement).innerText,
      hidden,
      width: box.width,
      height: box.height,
      right: box.right,
      fontSize: parseFloat(style.fontSize),
      color: style.color,
      surface,
      clipped: el.scrollWidth > el.clientWidth + 1,
      ariaHidden: el.closest('[aria-hidden=true]') !== null,
    }
  })

describe.skipIf(!chromiumAvailable())('the ballot box on the survey page (Chromium)', () => {
  let server: RunningServer
  let browser: Browser
  let admin: HttpClient
  let link: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    admin = await signedInAdmin(server, PASSWORD)
    const teamId = (await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })).json
      .team.id
    for (const name of ['Ana', 'Ben', 'Cem']) {
      const added = await admin.call('POST', `/api/teams/${teamId}/members`, { body: { name } })
      expect(added.status, added.text).toBe(201)
    }
    // No mail on this server: one link per member, all handed out by hand.
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
    const opened = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
      body: { surveyId: 'psychological-safety', k: 3, closesAt },
    })
    expect(opened.status, opened.text).toBe(201)
    expect(opened.json.links).toHaveLength(3)
    link = opened.json.links[0].url
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.remove()
  })

  /** The survey page as a respondent opens it, with `query` (e.g. `?lang=de`) before the `#`. */
  async function open(query = '') {
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    const [address, secret] = link.split('#')
    await page.goto(`${address}${query}#${secret}`)
    return { page, context }
  }

  it('tells every respondent how many links exist for how large a team, readably', async () => {
    const { page, context } = await open()
    const box = page.getByTestId('ballot-box')
    await expect.poll(() => box.isVisible()).toBe(true)
    const shown = await looks(box)
    expect(shown.text).toContain('This round has 3 links for a team of 3')
    expect(shown).toMatchObject({ hidden: false, clipped: false, ariaHidden: false })
    expect(shown.width).toBeGreaterThan(100)
    expect(shown.height).toBeGreaterThan(0)
    expect(shown.right).toBeLessThanOrEqual(PHONE.width)
    // As readable as the intro above it: no smaller, and at least WCAG AA contrast.
    const intro = await looks(page.locator('main p', { hasText: 'about two minutes' }))
    expect(shown.fontSize).toBeGreaterThanOrEqual(Math.min(intro.fontSize, 16))
    const ratio = contrastRatio(shown.color, shown.surface)
    expect(ratio).toBeGreaterThanOrEqual(4.5)
    expect(ratio).toBeGreaterThanOrEqual(Math.min(contrastRatio(intro.color, intro.surface), 7))
    // A screen reader reads it as text, before the questions.
    const order = await page.evaluate(() => {
      const box = document.querySelector('[data-testid=ballot-box]')!
      const first = document.querySelector('fieldset.question')!
      return box.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING
    })
    expect(order).toBeTruthy()
    await context.close()
  })

  it('says the same in German with ?lang=de', async () => {
    const { page, context } = await open('?lang=de')
    expect(await page.getAttribute('html', 'lang')).toBe('de')
    const box = page.getByTestId('ballot-box')
    await expect.poll(() => box.isVisible()).toBe(true)
    const shown = await looks(box)
    expect(shown.text).toContain('3 Links für ein Team von 3')
    expect(shown.hidden).toBe(false)
    expect(contrastRatio(shown.color, shown.surface)).toBeGreaterThanOrEqual(4.5)
    await context.close()
  })
})
