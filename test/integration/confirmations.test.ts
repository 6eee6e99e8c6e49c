import { describe, expect, it } from 'vitest'
import { submitResponse } from '../../src/services/responses'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { signedInBrowser } from '../helpers/web-browser'

/** The confirmation form on a page: where it posts and the fields it sends. */
function confirmForm(html: string) {
  const form = html.match(
    /<form method="post" action="([^"]+)">((?:(?!<\/form>).)*confirm(?:(?!<\/form>).)*)<\/form>/s,
  )
  expect(form, 'a confirmation form').toBeTruthy()
  const fields = Object.fromEntries(
    [...form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  )
  return { action: form![1]!, fields }
}

/** The text of the "what will happen" notice, tags stripped. */
const whatHappens = (html: string) =>
  html
    .match(/data-testid="confirm-what">(.*?)<\/div>/s)![1]!
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')

async function openedRound(t: TestApp) {
  const setup = await teamWithFacilitator(t)
  const b = await signedInBrowser(t, setup.facilitator.email)
  const closesAt = new Date(t.deps.now().getTime() + 7 * 86_400_000).toISOString()
  const res = await t.call('POST', `/api/teams/${setup.team.id}/rounds`, {
    auth: setup.facilitator.token,
    body: { surveyId: 'psychological-safety', k: 3, closesAt, invitations: 6 },
  })
  expect(res.status).toBe(201)
  const roundId: string = res.json.round.id
  const secrets: string[] = res.json.links.map((l: { url: string }) => l.url.split('#')[1]!)
  const answer = (secret: string) =>
    submitResponse(t.deps, roundId, { secret, answers: answersFor('psychological-safety', 4) })
  const status = async () =>
    (await t.call('GET', `/api/rounds/${roundId}`, { auth: setup.facilitator.token })).json.round
      .status
  return { ...setup, b, roundId, secrets, answer, status }
}

describe('closing a round asks first', () => {
  it('the first post only asks, in coarse words; the confirmed post closes', async () => {
    const t = await testApp()
    const { b, roundId, secrets, answer, status } = await openedRound(t)
    await answer(secrets[0]!)
    await answer(secrets[1]!)

    const asked = await b.post(`/rounds/${roundId}/close`)
    expect(asked.status).toBe(200)
    expect(await status()).toBe('open')
    const what = whatHappens(asked.text)
    expect(what).toContain('fewer than 3')
    expect(what).toContain('never show results')
    // No count: two answered, and no "2" appears anywhere on the page's notice.
    expect(what).not.toMatch(/\b2\b/)
    expect(asked.text).toContain('Yes, close it')
    expect(asked.text).toContain(`href="/rounds/${roundId}">Cancel</a>`)
    const form = confirmForm(asked.text)
    expect(form).toEqual({
      action: `/rounds/${roundId}/close`,
      fields: { _csrf: b.csrf, confirm: 'yes' },
    })

    // Confirming without the CSRF token does nothing either.
    expect((await b.post(form.action, { confirm: 'yes' }, '')).status).toBe(403)
    expect(await status()).toBe('open')

    const closed = await b.post(form.action, { confirm: 'yes' })
    expect(closed.status).toBe(303)
    expect(closed.location).toBe(`/rounds/${roundId}/report`)
    expect(await status()).toBe('closed')
  })

  it('says "k reached" once k answered, still without a count', async () => {
    const t = await testApp()
    const { b, roundId, secrets, answer, status } = await openedRound(t)
    for (const secret of secrets.slice(0, 4)) await answer(secret)
    const asked = await b.post(`/rounds/${roundId}/close`)
    const what = whatHappens(asked.text)
    expect(what).toContain('3 reached')
    expect(what).not.toMatch(/\b4\b/)
    expect(what).not.toContain('never show results')
    expect(await status()).toBe('open')
  })

  it('the round page’s close form leads to the question, and the JSON API closes at once', async () => {
    const t = await testApp()
    const { b, roundId, facilitator, status } = await openedRound(t)
    const page = await b.get(`/rounds/${roundId}`)
    expect(page.text).toContain(`action="/rounds/${roundId}/close"`)
    expect(page.text).not.toMatch(/name="confirm"/)
    const api = await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    expect(api.status).toBe(200)
    expect(await status()).toBe('closed')
  })
})

describe('revoking a share link asks first', () => {
  it('keeps the link working until confirmed', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const b = await signedInBrowser(t, facilitator.email)
    const created = await b.post(`/teams/${team.id}/share-links`)
    const token = created.text.match(/value="[^"]+#([^"]+)"/)![1]!
    const id = (await b.get(`/teams/${team.id}`)).text.match(/share-links\/([^/]+)\/revoke"/)![1]!
    const shared = async () => (await t.call('GET', '/api/shared/team', { auth: token })).status

    const asked = await b.post(`/teams/${team.id}/share-links/${id}/revoke`)
    expect(asked.status).toBe(200)
    expect(whatHappens(asked.text)).toContain('stops working at once')
    expect(asked.text).toContain(`href="/teams/${team.id}#share-links">Cancel</a>`)
    expect(await shared()).toBe(200)

    const form = confirmForm(asked.text)
    expect(form.action).toBe(`/teams/${team.id}/share-links/${id}/revoke`)
    const revoked = await b.post(form.action, { confirm: 'yes' })
    expect(revoked.status).toBe(303)
    expect(await shared()).toBe(401)
  })
})

describe('disabling an account asks first', () => {
  it('keeps the account until confirmed; your own row offers no "disable"', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const hana = await t.user('facilitator', 'hana@example.org')
    const b = await signedInBrowser(t, admin.email)
    const hanaCanRead = async () => (await t.call('GET', '/api/teams', { auth: hana.token })).status

    const list = await b.get('/admin/users')
    expect(list.text).toContain(`action="/admin/users/${hana.id}/disable"`)
    expect(list.text).not.toContain(`action="/admin/users/${admin.id}/disable"`)

    const asked = await b.post(`/admin/users/${hana.id}/disable`)
    expect(asked.status).toBe(200)
    expect(whatHappens(asked.text)).toContain('signed out everywhere')
    expect(asked.text).toContain('href="/admin/users">Cancel</a>')
    expect(await hanaCanRead()).toBe(200)

    const form = confirmForm(asked.text)
    const done = await b.post(form.action, { confirm: 'yes' })
    expect(done.status).toBe(303)
    expect(await hanaCanRead()).toBe(401)

    // Enabling again is not irreversible: one click.
    expect((await b.post(`/admin/users/${hana.id}/enable`)).status).toBe(303)
  })

  it('refuses disabling yourself at once, without asking', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await signedInBrowser(t, admin.email)
    const self = await b.post(`/admin/users/${admin.id}/disable`)
    expect(self.status).toBe(409)
    expect(self.text).toContain('You cannot disable your own account.')
    expect(self.text).not.toContain('Yes, disable it')
  })
})
