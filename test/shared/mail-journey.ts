import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { weekdayIn } from '../../src/domain/reminders'
import { answerEveryItem, httpClient, type HttpClient, type ServedSurvey } from '../helpers/server'
import { START_TIMEOUT, STOP_TIMEOUT, type Runtime, type RunningTarget } from '../helpers/target'

const PASSWORD = 'correct horse battery staple'
const LINK = /(https?:\/\/\S+\/s\/\w+#[\w-]+)/

/** A delivered message as a member's mailbox has it. */
export interface Delivered {
  to: string
  subject: string
  text: string
}

/** Where the server's mail ends up: an SMTP inbox on Node, an HTTP mail API's sink on Workers. */
export interface Mailbox {
  messages(): Delivered[]
  waitFor(count: number, timeoutMs?: number): Promise<Delivered[]>
  close(): Promise<void>
}

const linkOf = (mail: Delivered) => {
  const match = LINK.exec(mail.text)
  if (!match) throw new Error(`no link in the mail to ${mail.to}: ${mail.text}`)
  return match[1]!
}

/**
 * The server delivers the links, over HTTP against a real running Quorum: a roster of four, the
 * round mailed to each, members answering from the link in their own mail, the facilitator never
 * seeing a secret, and a reminder reaching exactly the members whose link is unused. `runDue`
 * makes the server do its scheduled work (the Worker's cron; the Node timer runs by itself).
 */
export function describeMailJourney(
  runtime: Runtime,
  start: () => Promise<{ target: RunningTarget; mailbox: Mailbox; runDue: () => Promise<void> }>,
): void {
  describe(`links by mail against the real ${runtime === 'node' ? 'server' : 'Worker'}`, () => {
    let target: RunningTarget
    let mailbox: Mailbox
    let runDue: () => Promise<void>
    let admin: HttpClient
    let facilitator: HttpClient

    beforeAll(async () => {
      ;({ target, mailbox, runDue } = await start())
      admin = httpClient(target.baseUrl)
      facilitator = httpClient(target.baseUrl)
      const credentials = { email: 'admin@example.org', password: PASSWORD }
      await admin.call('POST', '/api/setup', {
        body: { token: target.setupToken, name: 'Ada', ...credentials },
      })
      expect((await admin.call('POST', '/api/session', { body: credentials })).status).toBe(200)
    }, START_TIMEOUT)
    afterAll(async () => {
      await target?.remove()
      await mailbox?.close()
    }, STOP_TIMEOUT)

    it('mails each member their link, takes answers from them, and reminds only the rest', async () => {
      const user = await admin.call('POST', '/api/users', {
        body: { email: 'fran@example.org', name: 'Fran', role: 'facilitator', password: PASSWORD },
      })
      const team = (await admin.call('POST', '/api/teams', { body: { name: 'Platform' } })).json
        .team
      await admin.call('PUT', `/api/teams/${team.id}/facilitators/${user.json.user.id}`)
      const roster = await admin.call('POST', `/api/teams/${team.id}/members.csv`, {
        headers: { 'content-type': 'text/csv' },
        body: 'email;name;language\nann@example.org;Ann;en\nbo@example.org;Bo;de\ncy@example.org;Cy;en\ndee@example.org;Dee;en\n',
      })
      expect(roster.status, roster.text).toBe(200)
      await facilitator.call('POST', '/api/session', {
        body: { email: 'fran@example.org', password: PASSWORD },
      })

      // A round of ten minutes with a reminder after 1% of it (6 seconds).
      const closesAt = new Date(Date.now() + 10 * 60_000).toISOString()
      const opened = await facilitator.call('POST', `/api/teams/${team.id}/rounds`, {
        body: { surveyId: 'psychological-safety', k: 3, closesAt, reminders: ['1%'] },
      })
      expect(opened.status, opened.text).toBe(201)
      expect(opened.json.delivery).toEqual({ mode: 'mail', sent: 4, failed: [] })
      expect(opened.json.links).toEqual([])
      const roundId = opened.json.round.id as string
      const invitations = await mailbox.waitFor(4)
      const links = new Map(invitations.map((m) => [m.to, linkOf(m)]))
      expect([...links.keys()].sort()).toEqual([
        'ann@example.org',
        'bo@example.org',
        'cy@example.org',
        'dee@example.org',
      ])
      expect(new Set(links.values()).size).toBe(4)

      const status = await facilitator.call('GET', `/api/rounds/${roundId}/links`)
      expect(status.json).toMatchObject({ links: 4, teamSize: 4, sent: 4, failed: [] })
      for (const link of links.values())
        for (const view of [opened.text, status.text])
          expect(view).not.toContain(link.split('#')[1])

      // Ann and Cy open the link from their mail and answer.
      const respondent = httpClient(target.baseUrl)
      for (const who of ['ann@example.org', 'cy@example.org']) {
        const url = new URL(links.get(who)!)
        const page = await respondent.call('GET', url.pathname)
        expect(page.text).toContain('4 links for a team of 4')
        const publicRound = await respondent.call('GET', `/api/public/rounds/${roundId}`)
        const survey = publicRound.json.survey as ServedSurvey
        const res = await respondent.call('POST', `/api/public/rounds/${roundId}/responses`, {
          body: { secret: url.hash.slice(1), answers: answerEveryItem(survey, (v) => v[2]!) },
        })
        expect(res.status, res.text).toBe(201)
      }

      const reminders = status.json.reminders as { dueAt: string }[]
      if (reminders.length === 0) {
        // Reminders never fall on the team's weekend (UTC here): this one would have.
        const { opensAt } = opened.json.round as { opensAt: string }
        const due = Date.parse(opensAt) + (Date.parse(closesAt) - Date.parse(opensAt)) / 100
        expect([0, 6]).toContain(weekdayIn(new Date(due), 'UTC'))
        return
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Date.parse(reminders[0]!.dueAt) - Date.now()) + 500),
      )
      await runDue()
      const all = await mailbox.waitFor(6, 15_000)
      const reminded = all.slice(4)
      expect(reminded.map((m) => m.to).sort()).toEqual(['bo@example.org', 'dee@example.org'])
      for (const mail of reminded) {
        expect(linkOf(mail)).toBe(links.get(mail.to))
        // The mail's own words, without its link (a random secret may hold any letters).
        const words = mail.text.replace(linkOf(mail), '')
        expect(words).not.toMatch(/\b(Ann|Cy)\b|ann@|cy@/)
      }
      const later = await facilitator.call('GET', `/api/rounds/${roundId}/links`)
      expect(later.json.reminders[0].sentAt).not.toBeNull()
      expect(later.text).not.toMatch(/bo@example.org|dee@example.org/)
    }, 90_000)
  })
}
