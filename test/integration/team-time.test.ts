import { describe, expect, it } from 'vitest'
import { teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { signedInBrowser } from '../helpers/web-browser'

const DAY = 24 * 3600_000

/** A team in Berlin, its facilitator signed in. The test clock starts Mon 2 Mar 2026, 09:00Z. */
async function berlinTeam(t: TestApp) {
  const setup = await teamWithFacilitator(t)
  const set = await t.call('PATCH', `/api/teams/${setup.team.id}`, {
    auth: setup.admin.token,
    body: { timeZone: 'Europe/Berlin' },
  })
  expect(set.status, set.text).toBe(200)
  return { ...setup, b: await signedInBrowser(t, setup.facilitator.email) }
}

/** Opens a round through the team page's form; returns the links page and the round's id. */
async function openThroughForm(
  b: Awaited<ReturnType<typeof berlinTeam>>['b'],
  teamId: string,
  closesAt: string,
) {
  const res = await b.post(`/teams/${teamId}/rounds`, {
    surveyId: 'psychological-safety',
    k: 3,
    closesAt,
    invitations: 3,
  })
  expect(res.status, res.text).toBe(201)
  return { page: res.text, roundId: res.text.match(/\/s\/([^#]+)#/)![1]! }
}

describe("times in the team's time zone", () => {
  it('labels the open-round form with the zone and proposes the next Friday 17:00 a week out', async () => {
    const t = await testApp()
    const { team, b } = await berlinTeam(t)
    const page = (await b.get(`/teams/${team.id}`)).text
    expect(page).toContain('Closes (Europe/Berlin)')
    // Monday 2 March, 10:00 in Berlin: at least a week, then the next Friday at 17:00.
    expect(page).toContain('value="2026-03-13T17:00"')
    // The form is one click away, above the history.
    expect(page.indexOf('Open a round')).toBeLessThan(page.indexOf('id="rounds-heading"'))
  })

  it('reads 17:00 in Berlin as 16:00Z in winter and 15:00Z in summer', async () => {
    const t = await testApp()
    const { team, facilitator, b } = await berlinTeam(t)
    const winter = await openThroughForm(b, team.id, '2026-03-13T17:00')
    const summer = await openThroughForm(b, team.id, '2026-04-03T17:00')
    const closes = async (id: string) =>
      (await t.call('GET', `/api/rounds/${id}`, { auth: facilitator.token })).json.round.closesAt
    expect(await closes(winter.roundId)).toBe('2026-03-13T16:00:00.000Z')
    expect(await closes(summer.roundId)).toBe('2026-04-03T15:00:00.000Z')
    // The links page says when, in the team's zone.
    expect(winter.page).toContain('Fri 13 Mar 2026, 17:00 (Europe/Berlin)')
    expect(summer.page).toContain('Fri 3 Apr 2026, 17:00 (Europe/Berlin)')
  })

  it('refuses a closing time that does not exist or has passed, naming the zone', async () => {
    const t = await testApp()
    const { team, b } = await berlinTeam(t)
    const past = await b.post(`/teams/${team.id}/rounds`, {
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: '2026-03-02T09:30', // 08:30Z, before the clock's 09:00Z
    })
    expect(past.status).toBe(400)
    expect(past.text).toContain('Closes (Europe/Berlin): Choose a time in the future.')
    const none = await b.post(`/teams/${team.id}/rounds`, {
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: '2026-02-30T17:00',
    })
    expect(none.status).toBe(400)
    expect(none.text).toContain('Enter a date and time that exists.')
  })

  it('shows times with the zone and countdowns on the team list, team and round pages', async () => {
    const t = await testApp()
    const { team, facilitator, b } = await berlinTeam(t)
    const { roundId } = await openThroughForm(b, team.id, '2026-03-13T17:00')
    const scheduled = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: {
        surveyId: 'psychological-safety',
        k: 3,
        opensAt: '2026-03-02T11:00:00Z',
        closesAt: '2026-03-20T16:00:00Z',
        invitations: 3,
      },
    })
    expect(scheduled.status, scheduled.text).toBe(201)

    const teamPage = (await b.get(`/teams/${team.id}`)).text
    expect(teamPage).toContain('<time datetime="2026-03-13T16:00:00.000Z">')
    expect(teamPage).toContain('Fri 13 Mar 2026, 17:00 (Europe/Berlin)')
    expect(teamPage).toContain('Mon 2 Mar 2026, 12:00 (Europe/Berlin)')
    expect(teamPage).toContain('(closes in 11 days)')
    expect(teamPage).toContain('(opens in 2 hours)')
    expect(teamPage).not.toContain(' UTC')

    const roundPage = (await b.get(`/rounds/${roundId}`)).text
    expect(roundPage).toContain('Fri 13 Mar 2026, 17:00 (Europe/Berlin)')
    expect(roundPage).toContain('(closes in 11 days)')

    const list = (await b.get('/teams')).text
    expect(list).toContain('(Europe/Berlin)')
    expect(list).toMatch(/\(closes in \d+ days\)/)

    t.clock.advance(14 * DAY)
    // Sessions end meanwhile: sign in again.
    const again = await signedInBrowser(t, facilitator.email)
    expect((await again.get(`/rounds/${roundId}`)).text).toContain('(closed 3 days ago)')
    expect((await again.get(`/teams/${team.id}`)).text).toContain('(closed 3 days ago)')
  })
})
