import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { PROJECT_ROOT } from '../src/node/runtime'
import { CHROMIUM, launchChromium } from '../test/helpers/browser'
import { httpClient, startServer, type RunningServer } from '../test/helpers/server'

/**
 * Writes the README's pictures (docs/survey.png, docs/report.png, docs/trend.png and
 * docs/heatmap.png): starts the real server as `npm start` does on a fresh database, fills it with
 * a year of demo data and the demo organisation through the CLI and photographs the pages in
 * Debian's Chromium. Run it when a page's look changes (`npm run screenshots`); the tests never
 * write these files.
 */

const DOCS = join(PROJECT_ROOT, 'docs')
const PASSWORD = 'correct horse battery staple'
const PHONE = { width: 320, height: 700 }
const LAPTOP = { width: 1200, height: 900 }

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

/** Answers every question on the survey page by clicking the label of the n-th scale point. */
async function answerAll(page: Page, pick: (question: number) => number) {
  const questions = page.locator('fieldset.question')
  const count = await questions.count()
  for (let q = 0; q < count; q++) await questions.nth(q).locator('label').nth(pick(q)).click()
}

/** The first admin, a team and an open round with one link: what the survey picture shows. */
async function invitationLink(server: RunningServer): Promise<string> {
  const admin = httpClient(server.baseUrl)
  const body = {
    token: server.setupToken,
    email: 'admin@example.org',
    name: 'Ada',
    password: PASSWORD,
  }
  check((await admin.call('POST', '/api/setup', { body })).status === 201, 'setup failed')
  await admin.call('POST', '/api/session', { body: { email: body.email, password: PASSWORD } })
  const team = await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })
  // A round has at most one link per person on the roster (P6b).
  await admin.call('POST', `/api/teams/${team.json.team.id}/members`, { body: { name: 'Ana' } })
  const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
  const round = await admin.call('POST', `/api/teams/${team.json.team.id}/rounds`, {
    body: { surveyId: 'psychological-safety', k: 3, closesAt, invitations: 1 },
  })
  check(round.status === 201, `opening a round failed: ${round.text}`)
  return round.json.links[0].url
}

/** A year of demo data in the server's database, through the CLI as `npm run demo` makes it. */
function runDemo(server: RunningServer) {
  const out = execFileSync(
    join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
    ['src/cli/main.ts', 'demo', '--rounds', '10'],
    {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_PATH: server.databasePath,
        BALLOT_KEY: server.ballotKey,
        PASSWORD_ITERATIONS: '10000',
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
    },
  )
  const teamId = /Team id: (\S+)/.exec(out)?.[1]
  const password = /shown only now\):\s+(\S+)/.exec(out)?.[1]
  const round = /report --round (\S+)/.exec(out)?.[1]
  // The demo organisation's latest campaign, which the demo facilitator leads.
  const campaign = /\/campaigns\/(\S+)/.exec(out)?.[1]
  if (!teamId || !password || !round || !campaign)
    throw new Error(`unexpected demo output:\n${out}`)
  return { teamId, password, round, campaign }
}

/** The survey page on a phone, answered and with a comment, scrolled to the top. */
async function surveyPicture(browser: Browser, link: string) {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' })
  const page = await context.newPage()
  await page.goto(link)
  await answerAll(page, (q) => (q * 2) % 7)
  await page.fill('textarea', 'Retros feel safer since we rotate facilitation.')
  await page.locator('textarea').blur()
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: join(DOCS, 'survey.png'), fullPage: false })
  await context.close()
}

/** The demo team's latest report and its year-long trend, signed in as the demo facilitator. */
async function reportPictures(browser: Browser, baseUrl: string, demo: ReturnType<typeof runDemo>) {
  const context = await browser.newContext({ viewport: LAPTOP })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/signin`)
  await page.fill('input[name=email]', 'demo@example.org')
  await page.fill('input[name=password]', demo.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
  await page.goto(`${baseUrl}/rounds/${demo.round}/report`)
  const title = (await page.locator('h1').textContent()) ?? ''
  check(title.includes('Psychological safety'), `not the report page: ${title}`)
  await page.screenshot({ path: join(DOCS, 'report.png'), fullPage: true })
  await page.goto(`${baseUrl}/teams/${demo.teamId}/trend`)
  // Ten rounds, one of them withheld: a gap in the chart and a row without numbers.
  const main = (await page.textContent('main')) ?? ''
  check(/fewer than \d+ answered/.test(main), 'the demo trend has no withheld round')
  await page.screenshot({ path: join(DOCS, 'trend.png'), fullPage: true })
  // The demo organisation's heatmap: both kinds of withheld cell, each looking its own way.
  await page.goto(`${baseUrl}/campaigns/${demo.campaign}`)
  for (const kind of ['fewer', 'protects'])
    check((await page.locator(`td.withheld.${kind}`).count()) > 0, `no ${kind} cell on the heatmap`)
  await page.screenshot({ path: join(DOCS, 'heatmap.png'), fullPage: true })
  await context.close()
}

async function main() {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Screenshots need Debian's Chromium at ${CHROMIUM}: sudo apt-get install -y chromium`,
    )
  mkdirSync(DOCS, { recursive: true })
  const server = await startServer()
  let browser: Browser | undefined
  try {
    browser = await launchChromium()
    await surveyPicture(browser, await invitationLink(server))
    await reportPictures(browser, server.baseUrl, runDemo(server))
    for (const name of ['survey.png', 'report.png', 'trend.png', 'heatmap.png'])
      console.log(`wrote docs/${name}`)
  } finally {
    await browser?.close()
    await server.remove()
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
