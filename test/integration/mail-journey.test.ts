import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { smtpMailer, type SmtpMailer } from '../../src/node/smtp-mailer'
import { runDueWork } from '../../src/services/schedule'
import { addRoster, answersFor, teamWithFacilitator, testApp } from '../helpers/app'
import { linkIn, startInbox, type Inbox } from '../helpers/inbox'

/**
 * Server-delivered links with a real SMTP server, read like an inbox: each member opens the link
 * from their own mail and answers; the facilitator never sees a secret; reminders reach exactly
 * the members whose link is unused, with that link again, and nothing about anyone else.
 */

const SURVEY = 'psychological-safety'

let inbox: Inbox
let mailer: SmtpMailer
beforeAll(async () => {
  inbox = await startInbox()
  mailer = await smtpMailer({ url: inbox.url, from: 'Quorum <quorum@example.org>' })
})
afterAll(async () => {
  mailer.close()
  await inbox.close()
})

const formPost = (app: { request: Function }, path: string, fields: Record<string, string>) =>
  (app.request as (p: string, i: RequestInit) => Promise<Response>)(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'http://localhost:8787',
    },
    body: new URLSearchParams(fields).toString(),
  })

describe('links by mail, end to end with an SMTP server', () => {
  it('mails, answers from the mail, reminds the rest, and never shows a secret', async () => {
    inbox.messages.length = 0
    const t = await testApp({}, { mail: mailer })
    const { facilitator, team } = await teamWithFacilitator(t, 'Platform', 0)
    await addRoster(t.deps, team.id, 4, { emails: true })
    // Two more in German, with their own addresses.
    await t.call('POST', `/api/teams/${team.id}/members/import`, {
      auth: (await t.user('admin')).token,
      body: {
        members: [
          { email: 'ada@example.de', name: 'Ada', locale: 'de' },
          { email: 'bo@example.de', name: 'Bo', locale: 'de' },
        ],
      },
    })
    t.clock.set('2026-03-02T09:00:00.000Z')
    const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: SURVEY, k: 3, closesAt: '2026-03-09T09:00:00.000Z' },
    })
    expect(opened.status, opened.text).toBe(201)
    expect(opened.json.delivery).toEqual({ mode: 'mail', sent: 6, failed: [] })
    expect(opened.json.links).toEqual([])
    const invitations = await inbox.waitFor(6)
    const byAddress = new Map(invitations.map((m) => [m.to[0]!, m]))
    expect([...byAddress.keys()].sort()).toEqual(
      [
        'ada@example.de',
        'bo@example.de',
        'member1@example.org',
        'member2@example.org',
        'member3@example.org',
        'member4@example.org',
      ].sort(),
    )
    expect(byAddress.get('ada@example.de')!.text).toMatch(/dein|Dein/)
    const links = new Map([...byAddress].map(([to, mail]) => [to, linkIn(mail)]))
    expect(new Set(links.values()).size).toBe(6)
    const roundId = opened.json.round.id as string

    // The facilitator's views hold no secret of anyone's.
    const views = [
      opened.text,
      (await t.call('GET', `/api/rounds/${roundId}/links`, { auth: facilitator.token })).text,
      (await t.call('GET', `/api/rounds/${roundId}`, { auth: facilitator.token })).text,
      (
        await t.call('GET', `/rounds/${roundId}`, {
          headers: { authorization: `Bearer ${facilitator.token}` },
        })
      ).text,
    ]
    for (const link of links.values())
      for (const view of views) expect(view).not.toContain(link.split('#')[1])

    // Three members open the link from their mail and answer on the survey page.
    for (const who of ['member1@example.org', 'member3@example.org', 'ada@example.de']) {
      const link = new URL(links.get(who)!)
      const page = await t.app.request(link.pathname)
      expect(await page.text()).toMatch(/6 links for a team of 6|6 Links für ein Team von 6/)
      const answers = answersFor(SURVEY, 5)
      const res = await formPost(t.app, link.pathname, {
        secret: link.hash.slice(1),
        ...Object.fromEntries(Object.entries(answers).map(([k, v]) => [`answers.${k}`, String(v)])),
      })
      expect(res.status).toBe(303)
    }

    // Halfway: reminders go to the other three, each with their own link, and nothing else.
    inbox.messages.length = 0
    t.clock.set('2026-03-05T21:00:01.000Z')
    await runDueWork(t.deps)
    const reminders = await inbox.waitFor(3)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(inbox.messages).toHaveLength(3)
    expect(reminders.map((m) => m.to[0]).sort()).toEqual([
      'bo@example.de',
      'member2@example.org',
      'member4@example.org',
    ])
    for (const mail of reminders) {
      expect(linkIn(mail)).toBe(links.get(mail.to[0]!))
      // The mail's own words, without its link (a random secret may hold any letters).
      const words = mail.text.replace(linkIn(mail), '')
      for (const who of ['member1', 'member3', 'Ada', 'ada@']) expect(words).not.toContain(who)
      expect(words).not.toMatch(/\b\d+ (of|von) \d+\b|answered so far|haben (schon|bereits)/i)
    }

    // Closing erases who still had an unused link; the report says how many links there were.
    const closed = await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    expect(closed.json.round).toMatchObject({ invited: 6, teamSize: 6 })
    expect(t.raw.prepare('SELECT count(*) AS n FROM unused_links').get()).toEqual({ n: 0 })
    const report = await t.call('GET', `/api/rounds/${roundId}/report`, {
      auth: facilitator.token,
    })
    expect(report.json).toMatchObject({ released: true, respondents: 3, responseRate: 50 })
  })
})
