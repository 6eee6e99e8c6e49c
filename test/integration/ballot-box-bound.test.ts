import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OPERATOR } from '../../src/domain/actor'
import { MailError, shortReason } from '../../src/mail/mailer'
import { runDueWork } from '../../src/services/schedule'
import { mintInvitations, openRound } from '../../src/services/opening'
import { allowExtraLinks } from '../../src/services/round-links'
import {
  addRoster,
  answersFor,
  recordingMailer,
  testApp,
  teamWithFacilitator,
  type TestApp,
} from '../helpers/app'

/**
 * P6b, attacked the way the review did: a facilitator who mints links beyond the roster to fill k
 * themselves, who probes whether someone answered, who watches the count tick; and reminders that
 * must reach only unused links without telling anyone who answered.
 */

const SURVEY = 'psychological-safety'
const DAY = 86_400_000
const closesIn = (t: TestApp, ms = 7 * DAY) => new Date(t.clock.now().getTime() + ms).toISOString()
const LINK = /(https?:\/\/\S+\/s\/(\w+)#([\w-]+))/

async function manualTeam(rosterSize: number) {
  const t = await testApp()
  const { admin, facilitator, team } = await teamWithFacilitator(t, 'Platform', rosterSize)
  return { t, admin, facilitator, team }
}

function open(t: TestApp, token: string, teamId: string, body: Record<string, unknown> = {}) {
  return t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: { surveyId: SURVEY, k: 5, closesAt: closesIn(t), ...body },
  })
}

describe('the number of links is bounded by the roster (P6b)', () => {
  it('refuses the review’s attack: one link to the victim, four more to answer oneself', async () => {
    // A team of 1 on the roster: the facilitator cannot make the 4 links needed to fill k = 5.
    const { t, facilitator, team } = await manualTeam(1)
    const opened = await open(t, facilitator.token, team.id)
    expect(opened.status).toBe(201)
    expect(opened.json.links).toHaveLength(1)
    const more = await t.call('POST', `/api/rounds/${opened.json.round.id}/invitations`, {
      auth: facilitator.token,
      body: { count: 4 },
    })
    expect(more.status).toBe(409)
    expect(more.json.error.code).toBe('link_limit')
    expect(more.json.error.message).toContain('at most 1 links')
    const round = await t.call('GET', `/api/rounds/${opened.json.round.id}`, {
      auth: facilitator.token,
    })
    expect(round.json.round.invited).toBe(1)
    expect(round.json.round.teamSize).toBe(1)
  })

  it('refuses a round opened with more links than the roster, and makes nothing', async () => {
    const { t, facilitator, team } = await manualTeam(8)
    const res = await open(t, facilitator.token, team.id, { invitations: 1000 })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('link_limit')
    const rounds = await t.call('GET', `/api/teams/${team.id}/rounds`, { auth: facilitator.token })
    expect(rounds.json.rounds).toEqual([])
    const ballots = t.raw.prepare('SELECT count(*) AS n FROM ballots').get() as { n: number }
    expect(ballots.n).toBe(0)
  })

  it('lets two racing calls together make no more links than the limit', async () => {
    const { t, facilitator, team } = await manualTeam(10)
    const opened = await open(t, facilitator.token, team.id, { invitations: 4 })
    const roundId = opened.json.round.id
    const results = await Promise.all(
      [6, 6, 6].map((count) =>
        t.call('POST', `/api/rounds/${roundId}/invitations`, {
          auth: facilitator.token,
          body: { count },
        }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409])
    const { n } = t.raw
      .prepare('SELECT count(*) AS n FROM ballots WHERE round_id = ?')
      .get(roundId) as { n: number }
    expect(n).toBe(10)
  })

  it('takes extra links only from an admin, recorded and shown to everyone', async () => {
    const { t, admin, facilitator, team } = await manualTeam(3)
    const opened = await open(t, facilitator.token, team.id)
    const roundId = opened.json.round.id
    const byFacilitator = await t.call('POST', `/api/rounds/${roundId}/extra-links`, {
      auth: facilitator.token,
      body: { count: 2, reason: 'new joiners' },
    })
    expect(byFacilitator.status).toBe(403)
    const byAdmin = await t.call('POST', `/api/rounds/${roundId}/extra-links`, {
      auth: admin.token,
      body: { count: 2, reason: 'new joiners' },
    })
    expect(byAdmin.status).toBe(200)
    expect(byAdmin.json.limit).toBe(5)
    expect(byAdmin.json.allowances).toEqual([
      expect.objectContaining({ count: 2, reason: 'new joiners', allowedBy: 'admin' }),
    ])
    const two = await t.call('POST', `/api/rounds/${roundId}/invitations`, {
      auth: facilitator.token,
      body: { count: 2 },
    })
    expect(two.status).toBe(201)
    const page = await t.call('GET', `/s/${roundId}`)
    expect(page.text).toContain('This round has 5 links for a team of 3')
    const publicRound = await t.call('GET', `/api/public/rounds/${roundId}`)
    expect(publicRound.json.round).toMatchObject({ links: 5, teamSize: 3 })
  })

  it('never lets any sequence of requests exceed roster plus extras (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 6 }),
        async (rosterSize, extra, mints) => {
          const t = await testApp()
          const team = (
            await t.call('POST', '/api/teams', {
              auth: (await t.user('admin')).token,
              body: { name: 'T' },
            })
          ).json.team
          await addRoster(t.deps, team.id, rosterSize)
          const { round } = await openRound(t.deps, OPERATOR, {
            teamId: team.id,
            surveyId: SURVEY,
            closesAt: closesIn(t),
            invitations: 0,
          })
          if (extra > 0) await allowExtraLinks(t.deps, OPERATOR, round.id, extra, 'test')
          let made = 0
          for (const count of mints) {
            const before = made
            try {
              made += (await mintInvitations(t.deps, OPERATOR, round.id, count)).length
            } catch {
              expect(made).toBe(before)
            }
            expect(made).toBeLessThanOrEqual(rosterSize + extra)
          }
          const { n } = t.raw
            .prepare('SELECT count(*) AS n FROM ballots WHERE round_id = ?')
            .get(round.id) as { n: number }
          expect(n).toBe(made)
        },
      ),
      { numRuns: 25 },
    )
  })
})

describe('server-delivered links', () => {
  async function mailedTeam(size: number) {
    const outbox = recordingMailer()
    const t = await testApp({}, { mail: outbox.mailer })
    const { admin, facilitator, team } = await teamWithFacilitator(t, 'Platform', 0)
    await addRoster(t.deps, team.id, size, { emails: true })
    return { t, outbox, admin, facilitator, team }
  }

  const linkOf = (text: string) => {
    const match = LINK.exec(text)
    if (!match) throw new Error(`no link in ${text}`)
    return { url: match[1]!, roundId: match[2]!, secret: match[3]! }
  }

  it('mails each member their own link; the facilitator sees no secret at all', async () => {
    const { t, outbox, facilitator, team } = await mailedTeam(8)
    const opened = await open(t, facilitator.token, team.id)
    expect(opened.status).toBe(201)
    expect(opened.json.links).toEqual([])
    expect(opened.json.delivery).toEqual({ mode: 'mail', sent: 8, failed: [] })
    const secrets = outbox.sent.map((m) => linkOf(m.text).secret)
    expect(new Set(secrets).size).toBe(8)
    for (const secret of secrets) {
      expect(opened.text).not.toContain(secret)
      const links = await t.call('GET', `/api/rounds/${opened.json.round.id}/links`, {
        auth: facilitator.token,
      })
      expect(links.text).not.toContain(secret)
    }
    // No room is left for links by hand: the roster is covered.
    const more = await t.call('POST', `/api/rounds/${opened.json.round.id}/invitations`, {
      auth: facilitator.token,
      body: { count: 1 },
    })
    expect(more.json.error.code).toBe('link_limit')
  })

  it('keeps links by hand for members without an address: a new member’s link is mailed, not taken', async () => {
    // The audit's attack: an admin adds a member with an address to an open round; before the
    // invitations go out, the facilitator mints a link by hand for that slot.
    const { t, outbox, admin, facilitator, team } = await mailedTeam(3)
    await addRoster(t.deps, team.id, 1) // one without an address
    const opened = await open(t, facilitator.token, team.id, { k: 3 })
    expect(opened.json.delivery.sent).toBe(3)
    expect(opened.json.links).toHaveLength(1)
    await t.call('POST', `/api/teams/${team.id}/members`, {
      auth: admin.token,
      body: { email: 'new@example.org', name: 'New' },
    })
    const taken = await t.call('POST', `/api/rounds/${opened.json.round.id}/invitations`, {
      auth: facilitator.token,
      body: { count: 1 },
    })
    expect(taken.status).toBe(409)
    expect(taken.json.error.message).toContain('links by hand are only for the 1 roster members')
    const sent = await t.call('POST', `/api/rounds/${opened.json.round.id}/deliveries`, {
      auth: facilitator.token,
    })
    expect(sent.json).toMatchObject({ sent: 1, failed: [] })
    expect(outbox.to('new@example.org')).toHaveLength(1)
    // Opening asks for too many by hand as well.
    const greedy = await open(t, facilitator.token, team.id, { invitations: 3 })
    expect(greedy.status).toBe(409)
    expect(greedy.json.error.code).toBe('link_limit')
  })

  it('reports refused addresses, and sends the same link again to a corrected address', async () => {
    const { t, outbox, admin, facilitator, team } = await mailedTeam(3)
    outbox.refuse('member2@example.org')
    const opened = await open(t, facilitator.token, team.id)
    expect(opened.json.delivery.sent).toBe(2)
    expect(opened.json.delivery.failed).toEqual([
      expect.objectContaining({ email: 'member2@example.org', reason: '550 mailbox unavailable' }),
    ])
    const roster = await t.call('GET', `/api/teams/${team.id}/members`, { auth: admin.token })
    const member2 = roster.json.members.find((m: any) => m.email === 'member2@example.org')
    await t.call('PATCH', `/api/teams/${team.id}/members/${member2.id}`, {
      auth: admin.token,
      body: { email: 'member2@example.net', name: 'Member 2' },
    })
    const again = await t.call('POST', `/api/rounds/${opened.json.round.id}/deliveries`, {
      auth: facilitator.token,
    })
    expect(again.status).toBe(200)
    expect(again.json).toMatchObject({ sent: 1, failed: [] })
    expect(outbox.to('member2@example.net')).toHaveLength(1)
    const links = await t.call('GET', `/api/rounds/${opened.json.round.id}/links`, {
      auth: facilitator.token,
    })
    expect(links.json).toMatchObject({ links: 3, teamSize: 3, sent: 3, failed: [] })
  })

  it('never shows or stores a secret that a refusing mail server quoted back', async () => {
    const { t, outbox, facilitator, team } = await mailedTeam(2)
    outbox.mailer.send = async (mail) => {
      const url = LINK.exec(mail.text)![1]!
      const secret = url.split('#')[1]!
      if (mail.to === 'member1@example.org')
        throw new MailError(`refused (422: Blocked URL: ${url}) ${secret}`, true)
      throw new MailError(`the mail API refused this message (422: ${shortReason(url)})`, true)
    }
    const opened = await open(t, facilitator.token, team.id, { k: 3 })
    expect(opened.json.delivery.failed).toHaveLength(2)
    const links = await t.call('GET', `/api/rounds/${opened.json.round.id}/links`, {
      auth: facilitator.token,
    })
    const stored = JSON.stringify(t.raw.prepare('SELECT detail FROM deliveries').all())
    for (const text of [opened.text, links.text, stored]) {
      expect(text).not.toMatch(/\/s\/\w+#/)
      expect(text).not.toMatch(/[A-Za-z0-9_-]{43}/)
    }
  })

  it('answers a retry the same whether a failed mail’s link was used meanwhile or not', async () => {
    // A mail server may time out after taking a message: the member got the link and answered,
    // though the mail counts as failed. Retrying must not tell the facilitator that.
    const { t, outbox, facilitator, team } = await mailedTeam(2)
    let flaky = true
    const real = outbox.mailer.send
    outbox.mailer.send = async (mail) => {
      await real(mail)
      if (flaky) throw new MailError('no answer within 10 s', false)
    }
    const opened = await open(t, facilitator.token, team.id, { k: 3 })
    expect(opened.json.delivery.failed).toHaveLength(2)
    flaky = false
    // member1 answers with the link that did arrive; member2 does not.
    const member1 = linkOf(outbox.to('member1@example.org')[0]!.text)
    await t.call('POST', `/api/public/rounds/${opened.json.round.id}/responses`, {
      body: { secret: member1.secret, answers: answersFor(SURVEY, 4) },
    })
    const retry = await t.call('POST', `/api/rounds/${opened.json.round.id}/deliveries`, {
      auth: facilitator.token,
    })
    expect(retry.json).toEqual({ mode: 'mail', sent: 2, failed: [] })
    const links = await t.call('GET', `/api/rounds/${opened.json.round.id}/links`, {
      auth: facilitator.token,
    })
    expect(links.json).toMatchObject({ sent: 2, failed: [] })
  })

  it('reminds only unused links, with the same link, and says nothing about anyone else', async () => {
    const { t, outbox, facilitator, team } = await mailedTeam(4)
    // Opens on a Monday, closes the next Monday: halfway is a Thursday, 24 h before is a Sunday,
    // which moves to the Friday before.
    t.clock.set('2026-03-02T09:00:00.000Z')
    const opened = await open(t, facilitator.token, team.id, {
      k: 3,
      closesAt: '2026-03-09T09:00:00.000Z',
    })
    const roundId = opened.json.round.id
    const links = await t.call('GET', `/api/rounds/${roundId}/links`, { auth: facilitator.token })
    expect(links.json.reminders).toEqual([
      { dueAt: '2026-03-05T21:00:00.000Z', sentAt: null },
      { dueAt: '2026-03-06T09:00:00.000Z', sentAt: null },
    ])
    const invitations = new Map(outbox.sent.map((m) => [m.to, linkOf(m.text)]))
    for (const who of ['member1@example.org', 'member3@example.org']) {
      const res = await t.call('POST', `/api/public/rounds/${roundId}/responses`, {
        body: { secret: invitations.get(who)!.secret, answers: answersFor(SURVEY, 5) },
      })
      expect(res.status).toBe(201)
    }
    const unused = () =>
      (
        t.raw.prepare('SELECT count(*) AS n FROM unused_links WHERE round_id = ?').get(roundId) as {
          n: number
        }
      ).n
    expect(unused()).toBe(2)
    outbox.sent.length = 0
    t.clock.set('2026-03-05T21:00:01.000Z')
    await runDueWork(t.deps)
    expect(outbox.sent.map((m) => m.to).sort()).toEqual([
      'member2@example.org',
      'member4@example.org',
    ])
    for (const mail of outbox.sent) {
      expect(linkOf(mail.text).url).toBe(invitations.get(mail.to)!.url)
      // Nothing about others: no counts, no names of who answered.
      const words = mail.text.replace(linkOf(mail.text).url, '')
      expect(words).not.toMatch(/member[13]|Member [13]|answered so far|\b2 of\b/i)
    }
    // Run twice: nothing is sent twice.
    await runDueWork(t.deps)
    expect(outbox.sent).toHaveLength(2)
    // Nothing in the logs says who, or how many, were reminded.
    expect(t.logs.join('\n')).not.toMatch(/member[24]@/)
    // Closing erases whatever tied members to unused links, and later reminders never go out.
    await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    expect(unused()).toBe(0)
    outbox.sent.length = 0
    t.clock.set('2026-03-06T10:00:00.000Z')
    await runDueWork(t.deps)
    expect(outbox.sent).toEqual([])
  })

  it('keeps no file link from a member to a ballot: tags are not places', async () => {
    const { t, outbox, facilitator, team } = await mailedTeam(3)
    const opened = await open(t, facilitator.token, team.id, { k: 3 })
    const places = new Set(
      (t.raw.prepare('SELECT place FROM ballots').all() as { place: string }[]).map((r) => r.place),
    )
    const tags = t.raw.prepare('SELECT tag, sealed_link FROM unused_links').all() as {
      tag: string
      sealed_link: string
    }[]
    expect(tags).toHaveLength(3)
    for (const { tag, sealed_link } of tags) {
      expect(places.has(tag)).toBe(false)
      for (const mail of outbox.sent) expect(sealed_link).not.toContain(linkOf(mail.text).secret)
    }
    const { secret } = linkOf(outbox.sent[0]!.text)
    await t.call('POST', `/api/public/rounds/${opened.json.round.id}/responses`, {
      body: { secret, answers: answersFor(SURVEY, 4) },
    })
    expect(t.raw.prepare('SELECT count(*) AS n FROM unused_links').get()).toEqual({ n: 2 })
  })
})

describe('no participation oracle, no ticking count (P6b, P2)', () => {
  it('answers an invalid submission the same whether the link is unknown, unused or used', async () => {
    const { t, facilitator, team } = await manualTeam(3)
    const opened = await open(t, facilitator.token, team.id, { k: 3 })
    const roundId = opened.json.round.id
    const [victim, other] = opened.json.links.map((l: any) => l.secret)
    const probe = (secret: string) =>
      t.call('POST', `/api/public/rounds/${roundId}/responses`, {
        body: { secret, answers: { 'ps-1': 99 } },
      })
    const unknown = await probe('x'.repeat(43))
    const before = await probe(victim)
    // The probe did not spend the link: its owner can still answer.
    const answered = await t.call('POST', `/api/public/rounds/${roundId}/responses`, {
      body: { secret: victim, answers: answersFor(SURVEY, 6) },
    })
    expect(answered.status).toBe(201)
    const after = await probe(victim)
    expect(before.status).toBe(400)
    for (const res of [unknown, after]) {
      expect(res.status).toBe(before.status)
      expect(res.text).toBe(before.text)
    }
    expect(other).toBeDefined()
  })

  it('shows "k reached", never a number, until the round is released', async () => {
    const { t, facilitator, team } = await manualTeam(6)
    const opened = await open(t, facilitator.token, team.id, { k: 3 })
    const roundId = opened.json.round.id
    const seen: string[] = []
    for (const [i, link] of opened.json.links.entries()) {
      await t.call('POST', `/api/public/rounds/${roundId}/responses`, {
        body: { secret: link.secret, answers: answersFor(SURVEY, 3 + (i % 3)) },
      })
      const api = await t.call('GET', `/api/rounds/${roundId}`, { auth: facilitator.token })
      const list = await t.call('GET', `/api/teams/${team.id}/rounds`, { auth: facilitator.token })
      const page = await t.call('GET', `/rounds/${roundId}`, {
        headers: { authorization: `Bearer ${facilitator.token}` },
      })
      expect(api.json.round.responses.count).toBeNull()
      expect(list.json.rounds[0].responses.count).toBeNull()
      seen.push(JSON.stringify(api.json.round.responses))
      if (page.status === 200) expect(page.text).not.toMatch(/\b[4-6] respondents|\b[4-6] so far/)
    }
    // Two states only: before the k-th answer and after it.
    expect(new Set(seen)).toEqual(
      new Set([
        JSON.stringify({ reachedK: false, count: null }),
        JSON.stringify({ reachedK: true, count: null }),
      ]),
    )
    expect(seen.slice(2)).toEqual(Array(4).fill(JSON.stringify({ reachedK: true, count: null })))
    // Raising k one step at a time would turn "k reached" into a counter: refused once reached.
    const raise = await t.call('PATCH', `/api/rounds/${roundId}`, {
      auth: facilitator.token,
      body: { k: 4 },
    })
    expect(raise.status).toBe(409)
    expect(raise.json.error.code).toBe('k_reached')
    const closed = await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    expect(closed.json.round.responses).toEqual({ reachedK: true, count: 6 })
    expect(closed.json.round.k).toBe(3)
  })
})
