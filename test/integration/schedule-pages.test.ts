import { describe, expect, it } from 'vitest'
import { teamWithFacilitator, testApp } from '../helpers/app'
import { signedInBrowser } from '../helpers/web-browser'

const form = {
  surveyId: 'psychological-safety',
  cadence: 'weeks',
  everyWeeks: 2,
  weekday: 1,
  dayOfMonth: '',
  openTime: '09:00',
  openDays: 5,
  k: 5,
}

describe('the recurring pulse on the team page', () => {
  it('is set, paused, resumed, skipped, moved and removed with plain forms', async () => {
    const t = await testApp()
    const { team, facilitator, admin } = await teamWithFacilitator(t)
    await t.call('PATCH', `/api/teams/${team.id}`, {
      auth: admin.token,
      body: { timeZone: 'Europe/Berlin' },
    })
    const b = await signedInBrowser(t, facilitator.email)
    const base = `/teams/${team.id}/schedule`
    expect((await b.get(`/teams/${team.id}`)).text).toContain('No recurring pulse')

    const saved = await b.post(base, form)
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe(`${base}?done=saved`)
    // Monday 2 March 2026 is today, 10:00 in Berlin: the first is a fortnight on.
    const page = (await b.get(`/teams/${team.id}`)).text
    expect(page).toContain(
      'Every 2 weeks on Monday at 09:00 (Europe/Berlin), open 5 days; next: <strong>Mon 9 Mar 2026 09:00</strong>',
    )

    // A double click on "Skip" skips the round it showed, once.
    const next = (await b.get(base)).text.match(/name="next" value="([^"]+)"/)![1]!
    expect((await b.post(`${base}/skip`, { next })).status).toBe(303)
    expect((await b.post(`${base}/skip`, { next })).status).toBe(303)
    expect((await b.get(base)).text).toContain('Mon 23 Mar 2026 09:00')
    // A time that does not exist is refused, not read as another one.
    for (const at of ['2026-03-24T10:60', '2026-03-24T24:00', '2026-02-30T10:00'])
      expect((await b.post(`${base}/move`, { at })).status, at).toBe(400)
    expect((await b.post(`${base}/move`, { at: '2026-03-24T14:30' })).status).toBe(303)
    expect((await b.get(base)).text).toContain('Tue 24 Mar 2026 14:30</strong> (moved)')
    expect((await b.post(`${base}/pause`)).status).toBe(303)
    expect((await b.get(base)).text).toContain('Paused')
    expect((await b.post(`${base}/resume`)).status).toBe(303)
    expect((await b.get(base)).text).toContain('Mon 9 Mar 2026 09:00')
    expect((await b.post(`${base}/remove`)).text).toContain('Yes, remove it')
    expect((await b.get(base)).text).not.toContain('No recurring pulse')
    expect((await b.post(`${base}/remove`, { confirm: 'yes' })).status).toBe(303)
    expect((await b.get(base)).text).toContain('No recurring pulse')
  })

  it('shows what needs fixing, keeps what was typed, and refuses without the CSRF token', async () => {
    const t = await testApp()
    const { team, facilitator } = await teamWithFacilitator(t)
    const b = await signedInBrowser(t, facilitator.email)
    const base = `/teams/${team.id}/schedule`
    const bad = await b.post(base, { ...form, openDays: 20, openTime: '9 am' })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('There is a problem')
    expect(bad.text).toContain('Give the opening time as HH:MM')
    expect(bad.text).toContain('so it closes before the next one opens')
    expect(bad.text).toContain('value="9 am"')
    const forged = await b.post(base, form, '')
    expect(forged.status).toBe(403)
    expect((await b.get(base)).text).toContain('No recurring pulse')
    const other = await teamWithFacilitator(t, 'Other')
    const stranger = await signedInBrowser(t, other.facilitator.email)
    expect((await stranger.get(base)).status).toBe(404)
    expect((await stranger.post(base, form)).status).toBe(404)
  })
})
