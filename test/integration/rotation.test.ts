import { describe, expect, it } from 'vitest'
import { OPERATOR } from '../../src/domain/actor'
import { setUserDisabled } from '../../src/services/auth'
import { addMembers, setTeamSchedule } from '../../src/services/rosters'
import { nextInTurn } from '../../src/services/rotation'
import { BASE_URL, recordingMailer, testApp, type TestApp } from '../helpers/app'
import { linkIn } from '../helpers/inbox'

const COOKIE = '__Host-quorum_session'
const formHeaders = {
  'content-type': 'application/x-www-form-urlencoded',
  origin: 'null',
  'sec-fetch-site': 'same-origin',
}
const DAY = 24 * 3600_000
const ROSTER = [1, 2, 3].map((i) => ({
  email: `member${i}@example.org`,
  name: `Member ${i}`,
  locale: 'en' as const,
}))

/** An app with a mailbox, an admin, and a team of three that rotates its facilitator. */
async function rotatingTeam(options: { mail?: boolean } = {}) {
  const outbox = recordingMailer()
  const t = await testApp({}, options.mail === false ? {} : { mail: outbox.mailer })
  const admin = await t.user('admin')
  const team = (await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'Crew' } }))
    .json.team
  await addMembers(t.deps, OPERATOR, team.id, ROSTER)
  await setTeamSchedule(t.deps, OPERATOR, team.id, { rotation: true })
  return { t, outbox, admin, team }
}

/** Opens a round as the admin; the round's id. */
async function openRound(t: TestApp, token: string, teamId: string, days = 6) {
  const closesAt = new Date(t.clock.now().getTime() + days * DAY).toISOString()
  const res = await t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: { surveyId: 'psychological-safety', k: 3, closesAt },
  })
  expect(res.status).toBe(201)
  return res.json.round as { id: string; facilitatedBy: string }
}

/** The sign-in code from the newest "your turn" mail to `email`. */
function turnMail(outbox: ReturnType<typeof recordingMailer>, email: string) {
  const mails = outbox.to(email).filter((m) => m.subject.startsWith('Your turn to facilitate'))
  expect(mails.length).toBeGreaterThan(0)
  const link = linkIn(mails.at(-1)!)
  expect(link.startsWith(`${BASE_URL}/facilitate#qfl_`)).toBe(true)
  return link.split('#')[1]!
}

/** Posts the sign-in form of /facilitate as a browser without a session does. */
async function useCode(t: TestApp, token: string) {
  const res = await t.app.request('/facilitate', {
    method: 'POST',
    headers: formHeaders,
    body: new URLSearchParams({ token }).toString(),
  })
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))
  return {
    status: res.status,
    location: res.headers.get('location'),
    text: await res.text(),
    cookie: set?.split(';')[0],
  }
}

/** A signed-in browser from a session cookie: GET pages, POST forms with the CSRF token. */
function browser(t: TestApp, cookie: string) {
  const get = async (path: string) => {
    const res = await t.app.request(path, { headers: { cookie } })
    return { status: res.status, text: await res.text(), location: res.headers.get('location') }
  }
  const post = async (path: string, csrfFrom: string, fields: Record<string, string> = {}) => {
    const page = await get(csrfFrom)
    const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)![1]!
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { ...formHeaders, cookie },
      body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    })
    return { status: res.status, text: await res.text(), location: res.headers.get('location') }
  }
  return { get, post }
}

const count = (t: TestApp, sql: string, ...params: unknown[]) =>
  (t.raw.prepare(sql).get(...params) as { n: number }).n

describe('rotating facilitators', () => {
  it('hand the role round by round through the roster, wrapping', async () => {
    const { t, outbox, admin, team } = await rotatingTeam()

    // Round 1: member 1's turn; their link signs them in and opens the round's page.
    const round1 = await openRound(t, admin.token, team.id)
    expect(round1.facilitatedBy).toBe('Member 1')
    expect(outbox.to('member2@example.org').some((m) => m.subject.startsWith('Your turn'))).toBe(
      false,
    )
    const code1 = turnMail(outbox, 'member1@example.org')
    expect((await t.app.request('/facilitate')).status).toBe(200)
    const used1 = await useCode(t, code1)
    expect(used1.status).toBe(303)
    expect(used1.location).toBe(`/rounds/${round1.id}`)
    const m1 = browser(t, used1.cookie!)
    const page1 = await m1.get(`/rounds/${round1.id}`)
    expect(page1.status).toBe(200)
    // They may close the round and record the debrief.
    const closed = await m1.post(`/rounds/${round1.id}/close`, `/rounds/${round1.id}`, {
      confirm: 'yes',
    })
    expect(closed.status).toBe(303)
    const noted = await m1.post(`/rounds/${round1.id}/debrief`, `/rounds/${round1.id}/report`, {
      note: 'Rotate the retro host too',
    })
    expect(noted.status).toBe(303)
    expect((await m1.get(`/teams/${team.id}`)).status).toBe(200)

    // Round 2: member 2's turn; member 1's grant has ended with it (their session has not).
    t.clock.advance(3600_000)
    const round2 = await openRound(t, admin.token, team.id)
    expect(round2.facilitatedBy).toBe('Member 2')
    expect((await m1.get(`/rounds/${round2.id}`)).status).toBe(404)
    expect((await m1.get(`/teams/${team.id}`)).status).toBe(404)
    expect((await m1.get(`/rounds/${round1.id}`)).status).toBe(404)
    const used2 = await useCode(t, turnMail(outbox, 'member2@example.org'))
    expect(used2.location).toBe(`/rounds/${round2.id}`)
    expect((await browser(t, used2.cookie!).get(`/rounds/${round2.id}`)).status).toBe(200)

    // Round 3: member 3; then round 4 wraps to member 1, whose account exists already.
    t.clock.advance(3600_000)
    const round3 = await openRound(t, admin.token, team.id)
    expect(round3.facilitatedBy).toBe('Member 3')
    expect((await browser(t, used2.cookie!).get(`/teams/${team.id}`)).status).toBe(404)
    t.clock.advance(7 * DAY)
    const round4 = await openRound(t, admin.token, team.id)
    expect(round4.facilitatedBy).toBe('Member 1')
    // Member 3 never used their link: it was replaced when round 4 opened.
    const late = await useCode(t, turnMail(outbox, 'member3@example.org'))
    expect(late.status).toBe(400)
    const used4 = await useCode(t, turnMail(outbox, 'member1@example.org'))
    expect(used4.location).toBe(`/rounds/${round4.id}`)
    expect(count(t, "SELECT count(*) AS n FROM users WHERE email = 'member1@example.org'")).toBe(1)

    // The team page says who facilitated each round; permanent facilitators were never touched.
    const adminPage = await t.call('GET', `/api/teams/${team.id}/rounds`, { auth: admin.token })
    expect(adminPage.json.rounds.map((r: { facilitatedBy: string }) => r.facilitatedBy)).toEqual([
      'Member 1',
      'Member 3',
      'Member 2',
      'Member 1',
    ])
    const teamPage = await browser(t, used4.cookie!).get(`/teams/${team.id}`)
    for (const name of ['Member 1', 'Member 2', 'Member 3'])
      expect(teamPage.text).toContain(`<td data-label="Facilitated by">${name}</td>`)
    const trend = await browser(t, used4.cookie!).get(`/teams/${team.id}/trend`)
    expect(trend.text).toContain('facilitated by Member 1')
  })

  it('uses a link once, refuses expired links and disabled accounts, and changes nothing then', async () => {
    const { t, outbox, admin, team } = await rotatingTeam()
    await openRound(t, admin.token, team.id, 2)
    const code = turnMail(outbox, 'member1@example.org')
    expect(code.startsWith('qfl_')).toBe(true)
    const users = () => count(t, 'SELECT count(*) AS n FROM users')
    const before = users()

    // Expired (seven days, the round closing earlier): refused, the link stays, nobody was made.
    t.clock.advance(7 * DAY + 1000)
    const expired = await useCode(t, code)
    expect(expired.status).toBe(400)
    expect(expired.text).toContain('This sign-in link is not valid')
    expect(expired.cookie).toBeUndefined()
    expect(users()).toBe(before)
    expect(count(t, 'SELECT count(*) AS n FROM facilitator_links')).toBe(1)

    // A fresh round's link: used once, then refused.
    const round = await openRound(t, admin.token, team.id)
    const fresh = turnMail(outbox, 'member2@example.org')
    expect((await useCode(t, fresh)).status).toBe(303)
    const again = await useCode(t, fresh)
    expect(again.status).toBe(400)
    expect(again.cookie).toBeUndefined()
    expect(count(t, 'SELECT count(*) AS n FROM facilitator_links')).toBe(0)
    expect(round.facilitatedBy).toBe('Member 2')

    // Unknown and malformed codes, the whole link pasted works as well as the code.
    expect((await useCode(t, 'qfl_unknown')).status).toBe(400)
    expect((await useCode(t, '')).status).toBe(400)

    // A disabled account is refused before its link is spent.
    const member2 = t.raw
      .prepare("SELECT id, role, name FROM users WHERE email = 'member2@example.org'")
      .get() as { id: string; role: string; name: string }
    expect(member2).toMatchObject({ role: 'facilitator', name: 'Member 2' })
    t.clock.advance(DAY)
    await openRound(t, admin.token, team.id) // member 3
    t.clock.advance(DAY)
    await openRound(t, admin.token, team.id) // member 1
    t.clock.advance(DAY)
    await openRound(t, admin.token, team.id) // member 2 again
    await setUserDisabled(t.deps, OPERATOR, member2.id, true)
    const link = `${BASE_URL}/facilitate#${turnMail(outbox, 'member2@example.org')}`
    const refused = await useCode(t, link)
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('Your Quorum account is disabled')
    expect(count(t, 'SELECT count(*) AS n FROM facilitator_links')).toBe(1)
    await setUserDisabled(t.deps, OPERATOR, member2.id, false)
    expect((await useCode(t, link)).status).toBe(303)
  })

  it('starts exactly one session when a link is used twice at once', async () => {
    const { t, outbox, admin, team } = await rotatingTeam()
    const round = await openRound(t, admin.token, team.id)
    const code = turnMail(outbox, 'member1@example.org')
    const results = await Promise.all([useCode(t, code), useCode(t, code), useCode(t, code)])
    expect(results.map((r) => r.status).sort()).toEqual([303, 400, 400])
    expect(results.filter((r) => r.cookie)).toHaveLength(1)
    const sessions = count(
      t,
      `SELECT count(*) AS n FROM sessions JOIN users ON users.id = sessions.user_id
        WHERE users.email = 'member1@example.org'`,
    )
    expect(sessions).toBe(1)
    const grants = count(
      t,
      'SELECT count(*) AS n FROM team_facilitators WHERE round_id = ?',
      round.id,
    )
    expect(grants).toBe(1)
  })

  it('without mail, names whose turn it is on the round page and makes no link', async () => {
    const { t, admin, team } = await rotatingTeam({ mail: false })
    const round = await openRound(t, admin.token, team.id)
    expect(round.facilitatedBy).toBe('Member 1')
    expect(count(t, 'SELECT count(*) AS n FROM facilitator_links')).toBe(0)
    const signIn = await t.app.request('/signin', {
      method: 'POST',
      headers: formHeaders,
      body: new URLSearchParams({ email: admin.email, password: 'correct horse battery' }),
    })
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!
    const page = await browser(t, cookie).get(`/rounds/${round.id}`)
    expect(page.text).toContain('It is Member 1’s turn to facilitate this round.')
    expect(page.text).toContain('this server sends no mail, so no link was made')
  })

  it('picks the next member with an address after the previous one, wrapping', () => {
    const m = (id: string, position: number, email: string | null) => ({
      id,
      email,
      name: id,
      locale: 'en' as const,
      position,
    })
    const roster = [m('a', 1, 'a@x'), m('b', 2, null), m('c', 3, 'c@x'), m('d', 4, null)]
    expect(nextInTurn(roster, undefined)?.id).toBe('a')
    expect(nextInTurn(roster, 'a')?.id).toBe('c')
    expect(nextInTurn(roster, 'b')?.id).toBe('c')
    expect(nextInTurn(roster, 'c')?.id).toBe('a')
    expect(nextInTurn(roster, 'gone')?.id).toBe('a')
    expect(nextInTurn([m('b', 1, null)], undefined)).toBeUndefined()
  })
})
