import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM, chromiumAvailable, launchChromium } from '../helpers/browser'
import { contrastRatio } from '../helpers/contrast'
import { signedInAdmin, startServer, type HttpClient, type RunningServer } from '../helpers/server'
import { fillRoster } from '../helpers/roster'

const PASSWORD = 'correct horse battery staple'
const PHONE = { width: 320, height: 700 }

/** Answers every question by clicking the label of its n-th scale point. */
async function answerAll(page: Page, pick: (question: number) => number) {
  const questions = page.locator('fieldset.question')
  const count = await questions.count()
  for (let q = 0; q < count; q++) await questions.nth(q).locator('label').nth(pick(q)).click()
}

/** Where in this tab the code can still be read: address, storage, form fields. */
const leftovers = (page: Page, secret: string) =>
  page.evaluate((secret) => {
    const found: string[] = []
    if (location.href.includes(secret)) found.push('location.href')
    for (const [name, store] of [
      ['sessionStorage', sessionStorage],
      ['localStorage', localStorage],
    ] as const)
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i)!
        if (key.includes(secret) || store.getItem(key)!.includes(secret)) found.push(name)
      }
    document.querySelectorAll('input').forEach((input) => {
      if (input.value.includes(secret)) found.push(`input ${input.name}`)
    })
    return found
  }, secret)

/**
 * Chromium as people have it: Playwright turns the back/forward cache off, but a page restored
 * from it keeps its form as it was, so the code must be dropped from there too.
 */
const launchWithBackForwardCache = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  })

/**
 * Goes back through every entry of the tab's history to the blank page it started on; the paths
 * it passed, and anywhere the code could still be read on the way.
 */
async function walkBack(page: Page, secret: string) {
  const paths: string[] = []
  const found: string[] = []
  for (let step = 0; step < 10; step++) {
    // A page restored from the back/forward cache fires no `load`: wait for the URL only.
    await page.goBack({ waitUntil: 'commit' })
    await page.waitForFunction(() => document.readyState === 'complete')
    if (page.url() === 'about:blank') break
    const url = new URL(page.url())
    paths.push(url.pathname.replace(/^\/s\/[^/]+/, '/s/<round>') + url.search)
    const restored = await page.evaluate(() => 'restored' in window)
    found.push(...(await leftovers(page, secret)).map((where) => `${page.url()}: ${where}`))
    if (restored) paths[paths.length - 1] += ' (from the back/forward cache)'
  }
  return { paths, found }
}

/** The focused element's indicator and the colours it meets, as the browser computes them. */
const focusIndicator = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const style = getComputedStyle(el)
    const opaque = (c: string) => c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)
    let surface = 'rgb(255, 255, 255)'
    for (let up = el.parentElement; up; up = up.parentElement) {
      const bg = getComputedStyle(up).backgroundColor
      if (opaque(bg)) {
        surface = bg
        break
      }
    }
    return {
      kind: el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase(),
      visible: el.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      outlineColor: style.outlineColor,
      boxShadow: style.boxShadow,
      fill: style.backgroundColor,
      surface,
    }
  })

describe.skipIf(!chromiumAvailable())('the respondent keeps their code (Chromium)', () => {
  let server: RunningServer
  let browser: Browser
  let admin: HttpClient
  let teamId: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    admin = await signedInAdmin(server, PASSWORD)
    teamId = (await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })).json.team.id
    await fillRoster(admin, teamId, 60)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.remove()
  })

  async function mintLinks(count: number): Promise<{ url: string; secret: string }[]> {
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
    const res = await admin.call('POST', `/api/teams/${teamId}/rounds`, {
      body: { surveyId: 'psychological-safety', k: 3, closesAt, invitations: count },
    })
    expect(res.status).toBe(201)
    return res.json.links.map((l: { url: string }) => ({ url: l.url, secret: l.url.split('#')[1] }))
  }

  /** The code box as the respondent sees it: hidden and filled, or shown and empty. */
  const codeField = async (page: Page) => ({
    value: await page.locator('input[name=secret]').inputValue(),
    visible: await page.locator('input[name=secret]').isVisible(),
  })

  /** Submits the form and waits for the page it leads to; the status of the form's POST. */
  async function submit(page: Page, button: string) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: button }).click(),
    ])
    await page.waitForLoadState()
    return response.status()
  }

  it('through the language switch, then forgets it once the answers are stored', async () => {
    const [link] = await mintLinks(1)
    const cached = await launchWithBackForwardCache()
    try {
      const context = await cached.newContext({ viewport: PHONE, locale: 'en-GB' })
      await context.addInitScript(() =>
        addEventListener('pageshow', (e) => {
          if (e.persisted) Object.assign(window, { restored: true })
        }),
      )
      const page = await context.newPage()
      const requested: string[] = []
      page.on('request', (r) => requested.push(r.url()))
      await page.goto(link!.url)
      await expect.poll(() => codeField(page)).toEqual({ value: link!.secret, visible: false })
      expect(page.url()).not.toContain('#')

      await page.getByRole('link', { name: 'Sprache: Deutsch' }).click()
      await page.waitForURL('**?lang=de')
      expect(await page.getAttribute('html', 'lang')).toBe('de')
      await expect.poll(() => codeField(page)).toEqual({ value: link!.secret, visible: false })
      await answerAll(page, (q) => q % 5)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      )
      expect(await submit(page, 'Antworten absenden')).toBe(303)
      await expect.poll(() => page.locator('h1').textContent()).toBe('Danke')

      expect(await leftovers(page, link!.secret)).toEqual([])
      expect(await walkBack(page, link!.secret)).toEqual({
        paths: [
          '/s/<round>?lang=de (from the back/forward cache)',
          '/s/<round> (from the back/forward cache)',
        ],
        found: [],
      })
      // The server never saw it in an address, and never logged it.
      for (const url of requested) expect(url).not.toContain(link!.secret)
      expect(server.logs().join('\n')).not.toContain(link!.secret)
    } finally {
      await cached.close()
    }
  })

  it('through a reload; focus is visible at 3:1 or more; the keyboard order holds', async () => {
    const [link] = await mintLinks(1)
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(link!.url)
    await expect.poll(() => codeField(page)).toEqual({ value: link!.secret, visible: false })
    await page.reload()
    await expect.poll(() => codeField(page)).toEqual({ value: link!.secret, visible: false })

    // Keyboard alone: skip link, brand, language switch, privacy details, then the questions
    // (the hidden code field is not in the way).
    const order: string[] = []
    while (order.at(-1) !== 'radio' && order.length < 10) {
      await page.keyboard.press('Tab')
      order.push((await focusIndicator(page)).kind)
    }
    expect(order).toEqual(['a', 'a', 'a', 'summary', 'radio'])
    await page.keyboard.press('ArrowRight') // checks the second point: its label turns pale blue
    const radio = await focusIndicator(page)
    expect(radio.visible).toBe(true)
    expect(radio.outline).toBe('solid 3px')
    expect(radio.outlineColor).toBe('rgb(180, 83, 9)')
    expect(radio.surface).toBe('rgb(238, 243, 255)')
    expect(contrastRatio(radio.outlineColor, radio.surface)).toBeGreaterThanOrEqual(3)
    // Every scale point keeps its label.
    expect(
      await page
        .locator('input[type=radio]')
        .evaluateAll((rs) => rs.every((r) => r.closest('label'))),
    ).toBe(true)

    await answerAll(page, (q) => (q + 2) % 7)
    await page.getByRole('button', { name: 'Submit my answers' }).focus()
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Tab')
    const button = await focusIndicator(page)
    expect(button.kind).toBe('button')
    expect(button.visible).toBe(true)
    expect(contrastRatio(button.outlineColor, button.surface)).toBeGreaterThanOrEqual(3)
    // The white ring between the blue button and the outline keeps the two apart.
    const ring = /rgb\(\d+, \d+, \d+\)/.exec(button.boxShadow)?.[0]
    expect(ring).toBe('rgb(255, 255, 255)')
    expect(contrastRatio(ring!, button.fill)).toBeGreaterThanOrEqual(3)

    expect(await submit(page, 'Submit my answers')).toBe(303)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thank you')
    expect(await leftovers(page, link!.secret)).toEqual([])
    expect(await walkBack(page, link!.secret)).toEqual({ paths: ['/s/<round>'], found: [] })
    await context.close()
  })

  it('forgets a refused code, so the switch then asks for one', async () => {
    const [link] = await mintLinks(1)
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' })
    const first = await context.newPage()
    await first.goto(link!.url)
    await answerAll(first, () => 3)
    expect(await submit(first, 'Submit my answers')).toBe(303)
    await first.close()

    const page = await context.newPage()
    await page.goto(link!.url)
    await answerAll(page, () => 2)
    expect(await submit(page, 'Submit my answers')).toBe(409)
    await expect.poll(() => page.textContent('[role=alert]')).toContain('already been used')
    await page.getByRole('link', { name: 'Sprache: Deutsch' }).click()
    await page.waitForURL('**?lang=de')
    await expect.poll(() => codeField(page)).toEqual({ value: '', visible: true })
    expect(await leftovers(page, link!.secret)).toEqual([])
    await context.close()
  })

  it('without script, the page asks for the code and takes it', async () => {
    const [link] = await mintLinks(1)
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(link!.url)
    expect(await codeField(page)).toEqual({ value: '', visible: true })
    await page.fill('input[name=secret]', link!.secret)
    await answerAll(page, () => 1)
    expect(await submit(page, 'Submit my answers')).toBe(303)
    expect(await page.locator('h1').textContent()).toBe('Thank you')
    await context.close()
  })
})
