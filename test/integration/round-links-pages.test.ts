import { describe, expect, it } from 'vitest'
import { submitResponse } from '../../src/services/responses'
import {
  addRoster,
  answersFor,
  recordingMailer,
  teamWithFacilitator,
  testApp,
  type TestApp,
} from '../helpers/app'
import { signedInBrowser } from '../helpers/web-browser'

const openForm = { surveyId: 'psychological-safety', k: 3, closesAt: '2026-03-20T12:00' }

/** The links a page shows once, and the round they belong to. */
function linksOn(html: string) {
  const urls = [...html.matchAll(/<code>(http[^<]+)<\/code>/g)].map((m) => m[1]!)
  return {
    roundId: urls[0]?.match(/\/s\/([^#]+)#/)?.[1] ?? '',
    secrets: urls.map((u) => u.split('#')[1]!),
  }
}

const responsesCell = (html: string) => html.match(/<dt>Responses<\/dt><dd>([^<]*)<\/dd>/)?.[1]
const answer = (t: TestApp, roundId: string, secret: string) =>
  submitResponse(t.deps, roundId, { secret, answers: answersFor('psychological-safety', 5) })
const roundsOf = async (t: TestApp, teamId: string, token: string) =>
  (await t.call('GET', `/api/teams/${teamId}/rounds`, { auth: token })).json.rounds

describe('the facilitator’s pages keep the ballot box bounded (P6b)', () => {
  it('in the manual mode warn what a link-holder could do, and hand out one link a member', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t, 'Platform', 3)
    const b = await signedInBrowser(t, facilitator.email)
    const form = await b.get(`/teams/${team.id}`)
    expect(form.text).toContain('No mail is configured: every link is handed out by hand.')
    expect(form.text).toContain('they could answer in someone else’s place')
    expect(form.text).toContain('“N links for a team of 3”')
    expect(form.text).toMatch(/name="invitations" type="number" value="3"/)
    expect(form.text).not.toContain('name="reminders"')
    expect(form.text).not.toContain('name="extraLinks"')

    // Left empty, the number of links by hand is one per person on the roster.
    const opened = await b.post(`/teams/${team.id}/rounds`, { ...openForm, invitations: '' })
    expect(opened.status).toBe(201)
    expect(opened.text).toContain('3 links to hand out by hand')
    expect(opened.text).toContain('“3 links for a team of 3”')
    const { roundId, secrets } = linksOn(opened.text)
    expect(secrets).toHaveLength(3)

    const page = await b.get(`/rounds/${roundId}`)
    expect(page.text).toContain('3 links for a team of 3</strong> (limit 3: one per person')
    expect(page.text).toContain('No mail is configured')
    expect(page.text).toContain('The round has as many links as its limit allows.')
    expect(page.text).toContain('<dt>Facilitated by</dt><dd>facilitator</dd>')
  })

  it('refuse links beyond the roster with 409, making nothing', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t, 'Platform', 3)
    const b = await signedInBrowser(t, facilitator.email)
    const res = await b.post(`/teams/${team.id}/rounds`, { ...openForm, invitations: 4 })
    expect(res.status).toBe(409)
    expect(res.text).toContain('class="error-summary"')
    expect(res.text).toContain(
      'This round may have at most 3 links: one for each of the 3 people on the team',
    )
    expect(res.text).toContain('value="4"')
    expect(await roundsOf(t, team.id, facilitator.token)).toEqual([])
  })

  it('let an admin allow extra links, recorded, and the facilitator make exactly those', async () => {
    const t = await testApp()
    const { admin, facilitator, team } = await teamWithFacilitator(t, 'Platform', 3)
    const b = await signedInBrowser(t, facilitator.email)
    const { roundId } = linksOn((await b.post(`/teams/${team.id}/rounds`, openForm)).text)
    const full = await b.post(`/rounds/${roundId}/invitations`, { count: 1 })
    expect(full.status).toBe(409)
    expect(full.text).toContain('It has 3, so 0 more can be made, not 1.')
    expect(full.text).not.toContain('action="/rounds/' + roundId + '/extra-links"')

    const a = await signedInBrowser(t, admin.email)
    expect((await a.get(`/rounds/${roundId}`)).text).toContain(
      `action="/rounds/${roundId}/extra-links"`,
    )
    const allowed = await a.post(`/rounds/${roundId}/extra-links`, {
      extraLinks: 2,
      extraReason: 'Two new colleagues, not on the roster yet',
    })
    expect(allowed.status).toBe(303)
    expect(allowed.headers.get('location')).toBe(`/rounds/${roundId}?updated=extra`)

    const three = await b.post(`/rounds/${roundId}/invitations`, { count: 3 })
    expect(three.status).toBe(409)
    expect(three.text).toContain('plus 2 extra allowed by an admin. It has 3, so 2 more')
    const two = await b.post(`/rounds/${roundId}/invitations`, { count: 2 })
    expect(two.status).toBe(201)
    expect(linksOn(two.text).secrets).toHaveLength(2)

    const page = (await b.get(`/rounds/${roundId}`)).text
    expect(page).toContain('5 links for a team of 3</strong> (limit 5: roster 3 + 2 extra allowed)')
    expect(page).toMatch(
      /2 extra links allowed by admin on <time[^>]*>[^<]+<\/time>: Two new colleagues, not on the roster yet/,
    )
    expect((await b.post(`/rounds/${roundId}/invitations`, { count: 1 })).status).toBe(409)
  })

  it('refuse extra links to a facilitator with 403, recording nothing', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t, 'Platform', 3)
    const b = await signedInBrowser(t, facilitator.email)
    const { roundId } = linksOn((await b.post(`/teams/${team.id}/rounds`, openForm)).text)
    const res = await b.post(`/rounds/${roundId}/extra-links`, {
      extraLinks: 2,
      extraReason: 'Friends of the team',
    })
    expect(res.status).toBe(403)
    expect(res.text).toContain('Only an admin can do this.')
    const links = await t.call('GET', `/api/rounds/${roundId}/links`, { auth: facilitator.token })
    expect(links.json).toMatchObject({ links: 3, limit: 3, extraLinks: 0, allowances: [] })
    // Extra links when opening are refused to facilitators as well.
    const opening = await b.post(`/teams/${team.id}/rounds`, {
      ...openForm,
      extraLinks: 1,
      extraReason: 'Friends',
    })
    expect(opening.status).toBe(403)
    expect(await roundsOf(t, team.id, facilitator.token)).toHaveLength(1)
  })

  it('never show a number of responses while open: "k reached" from k on, the same after', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t, 'Platform', 5)
    const b = await signedInBrowser(t, facilitator.email)
    const opened = await b.post(`/teams/${team.id}/rounds`, openForm)
    const { roundId, secrets } = linksOn(opened.text)
    await answer(t, roundId, secrets[0]!)
    await answer(t, roundId, secrets[1]!)
    expect(responsesCell((await b.get(`/rounds/${roundId}`)).text)).toBe('fewer than 3')
    await answer(t, roundId, secrets[2]!)
    const atK = (await b.get(`/rounds/${roundId}`)).text
    expect(responsesCell(atK)).toBe('3 reached')
    expect(atK).not.toMatch(/\b3 (respondents|responses)|released — /)
    await answer(t, roundId, secrets[3]!)
    const beyond = (await b.get(`/rounds/${roundId}`)).text
    // A fourth answer changes nothing a facilitator can see.
    expect(beyond).toBe(atK)
    expect(beyond).not.toMatch(/\b4 (respondents|responses|people|answers)/)
    const teamPage = (await b.get(`/teams/${team.id}`)).text
    expect(teamPage).toContain('3 reached')
    expect(teamPage).not.toMatch(/\b4 (respondents|responses)/)
  })

  it('show the links against the team on the report and the team’s share page, once closed', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t, 'Platform', 3)
    const b = await signedInBrowser(t, facilitator.email)
    const { roundId, secrets } = linksOn((await b.post(`/teams/${team.id}/rounds`, openForm)).text)
    for (const secret of secrets) await answer(t, roundId, secret)
    const share = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })
    const sharedCookie = async () => {
      const res = await t.app.request('/shared', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: share.json.token }).toString(),
      })
      return res.headers.getSetCookie()[0]!.split(';')[0]!
    }
    const cookie = await sharedCookie()
    const sharedPage = async () =>
      (await t.app.request('/shared/team', { headers: { cookie } })).text()
    expect(await sharedPage()).not.toContain('links for a team')

    await b.post(`/rounds/${roundId}/close`, { confirm: 'yes' })
    const report = (await b.get(`/rounds/${roundId}/report`)).text
    expect(report).toContain('<dt>Links</dt><dd>3 links for a team of 3</dd>')
    expect(await sharedPage()).toContain('— 3 links for a team of 3')
    const sharedReport = await t.app.request(`/shared/rounds/${roundId}`, { headers: { cookie } })
    expect(await sharedReport.text()).toContain('<dt>Links</dt><dd>3 links for a team of 3</dd>')
  })
})

describe('the facilitator’s pages with mail configured', () => {
  it('mail each member their link, say who could not be reached, and try again', async () => {
    const inbox = recordingMailer()
    const t = await testApp({}, { mail: inbox.mailer })
    const { facilitator, team } = await teamWithFacilitator(t, 'Platform', 0)
    await addRoster(t.deps, team.id, 4, { emails: true })
    await addRoster(t.deps, team.id, 1)
    inbox.refuse('member2@example.org')
    const b = await signedInBrowser(t, facilitator.email)
    const form = (await b.get(`/teams/${team.id}`)).text
    expect(form).toContain(
      'Each of the 4 roster members with an address gets their own link by mail; nobody, not even you, sees it.',
    )
    expect(form).toMatch(/name="invitations" type="number" value="1"/)
    expect(form).toContain('name="reminders" type="text" value="50%, 24h"')
    expect(form).not.toContain('No mail is configured')

    // As the browser sends it: with the reminders field's default.
    const opened = await b.post(`/teams/${team.id}/rounds`, { ...openForm, reminders: '50%, 24h' })
    expect(opened.status).toBe(201)
    expect(opened.text).toContain('Sent to 3 of 4 members.')
    expect(opened.text).toMatch(/<strong>member2@example\.org<\/strong> \(Member 2\): 550/)
    expect(opened.text).toContain('Try again</button>')
    expect(opened.text).toContain('1 link to hand out by hand')
    const { roundId, secrets } = linksOn(opened.text)
    expect(secrets).toHaveLength(1)
    // Mailed links are never shown to the facilitator.
    for (const mail of inbox.sent) expect(opened.text).not.toContain(mail.text.match(/#(\S+)/)![1])

    const page = (await b.get(`/rounds/${roundId}`)).text
    expect(page).toContain('5 links for a team of 5')
    expect(page).toContain('By mail: sent to 3 members, 1 could not be reached.')
    expect(page).toContain('1 member has no address on the roster')
    expect(page).toContain('Send to new members / retry failed')
    expect(page).toMatch(/<h3>Reminders<\/h3>/)
    expect(page).toContain('not sent yet')

    const again = await b.post(`/rounds/${roundId}/deliveries`)
    expect(again.status).toBe(200)
    expect(again.text).toContain('Sent 0 invitations. 1 could not be reached; see below.')
    expect(inbox.sent).toHaveLength(3)
  })

  it('answers 409 for "send to new members" without mail', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t, 'Platform', 3)
    const b = await signedInBrowser(t, facilitator.email)
    const { roundId } = linksOn((await b.post(`/teams/${team.id}/rounds`, openForm)).text)
    const res = await b.post(`/rounds/${roundId}/deliveries`)
    expect(res.status).toBe(409)
    expect(res.text).toContain('This server sends no mail')
  })
})
