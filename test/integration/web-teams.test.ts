import { describe, expect, it } from 'vitest'
import { submitResponse } from '../../src/services/responses'
import { answersFor, BASE_URL, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'

const COOKIE = '__Host-quorum_session'

/**
 * What Chromium sends with a form post from our own page: with `Referrer-Policy: no-referrer`
 * the Origin is "null", and only Sec-Fetch-Site says the post came from our own origin.
 */
const formHeaders = {
  'content-type': 'application/x-www-form-urlencoded',
  origin: 'null',
  'sec-fetch-site': 'same-origin',
}

/** Signs in through the sign-in form, as a browser does; returns the `cookie` header to send. */
async function signIn(t: TestApp, email: string): Promise<string> {
  const res = await t.app.request('/signin', {
    method: 'POST',
    headers: formHeaders,
    body: new URLSearchParams({ email, password: 'correct horse battery' }).toString(),
  })
  expect(res.status).toBe(303)
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))
  expect(set).toBeDefined()
  return set!.split(';')[0]!
}

/** A signed-in browser: pages as text, forms posted with the page's CSRF token. */
async function browser(t: TestApp, email: string) {
  const cookie = await signIn(t, email)
  const get = async (path: string) => {
    const res = await t.app.request(path, { headers: { cookie } })
    return { status: res.status, text: await res.text(), headers: res.headers }
  }
  const csrf = (await get('/teams')).text.match(/name="_csrf" value="([^"]+)"/)![1]!
  const post = async (path: string, fields: Record<string, string | number> = {}, token = csrf) => {
    const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]))
    if (token) body.set('_csrf', token)
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { ...formHeaders, cookie },
      body: body.toString(),
    })
    return { status: res.status, text: await res.text(), headers: res.headers }
  }
  return { get, post, csrf }
}

const openForm = {
  surveyId: 'psychological-safety',
  k: 3,
  closesAt: '2026-03-20T12:00',
  invitations: 4,
}

/** A team, its facilitator signed in, and a round opened through the form. */
async function openedRound(t: TestApp) {
  const setup = await teamWithFacilitator(t)
  const b = await browser(t, setup.facilitator.email)
  const res = await b.post(`/teams/${setup.team.id}/rounds`, openForm)
  expect(res.status).toBe(201)
  const urls = [...res.text.matchAll(/<code>(http[^<]+)<\/code>/g)].map((m) => m[1]!)
  const roundId = urls[0]!.match(/\/s\/([^#]+)#/)![1]!
  return { ...setup, b, roundId, secrets: urls.map((u) => u.split('#')[1]!) }
}

const responsesCell = (html: string) => html.match(/<dt>Responses<\/dt><dd>([^<]*)<\/dd>/)?.[1]
const answer = (t: TestApp, roundId: string, secret: string) =>
  submitResponse(t.deps, roundId, { secret, answers: answersFor('psychological-safety', 5) })

describe('team pages', () => {
  it('send people who are not signed in to sign in, and back', async () => {
    const t = await testApp()
    const res = await t.app.request('/teams')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/signin?next=%2Fteams')
  })

  it('show a facilitator only their own teams, and an empty state that says what to do', async () => {
    const t = await testApp()
    const { admin, facilitator, team } = await teamWithFacilitator(t, 'Platform')
    await teamWithFacilitator(t, 'Payments')
    const page = await (await browser(t, facilitator.email)).get('/teams')
    expect(page.status).toBe(200)
    expect(page.text).toContain(`href="/teams/${team.id}"`)
    expect(page.text).toContain('Platform')
    expect(page.text).not.toContain('Payments')
    expect(page.text).toContain('No rounds yet')
    expect((await (await browser(t, admin.email)).get('/teams')).text).toContain('Payments')

    const newcomer = await t.user('facilitator')
    const empty = await (await browser(t, newcomer.email)).get('/teams')
    expect(empty.text).toContain('Ask an admin')
    const fresh = await testApp()
    const onlyAdmin = await browser(fresh, (await fresh.user('admin')).email)
    const lonelyAdmin = await onlyAdmin.get('/teams')
    expect(lonelyAdmin.text).toContain('href="/admin/teams"')
  })

  it('open a round from the form and show its links once, with a CSV download', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const b = await browser(t, facilitator.email)
    const form = await b.get(`/teams/${team.id}`)
    expect(form.text).toContain('<option value="psychological-safety"')
    expect(form.text).toMatch(/name="k" type="number" value="5"/)
    // Monday 2 March 09:00: open at least a week, until the next Friday 17:00 in the team's zone.
    expect(form.text).toContain('value="2026-03-13T17:00"')
    expect(form.text).toContain('Closes (UTC)')

    const res = await b.post(`/teams/${team.id}/rounds`, openForm)
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.text).toContain(
      'These links are shown only now. Copy or download them before leaving this page.',
    )
    const textarea = res.text
      .match(/<textarea[^>]*>([^<]*)<\/textarea>/)![1]!
      .trim()
      .split('\n')
    expect(textarea).toHaveLength(4)
    for (const url of textarea) expect(url).toMatch(new RegExp(`^${BASE_URL}/s/[^#]+#.+`))
    const href = res.text.match(/href="(data:text\/csv;charset=utf-8,[^"]+)" download="[^"]+"/)
    expect(href).not.toBeNull()
    const csv = decodeURIComponent(href![1]!.split(',').slice(1).join(','))
    expect(csv.trim().split(/\r?\n/)).toHaveLength(5)
    expect(csv).toContain(textarea[0]!.split('#')[1]!)
    for (const url of textarea) expect(res.text).toContain(`Code: <code>${url.split('#')[1]}`)

    const teamPage = await b.get(`/teams/${team.id}`)
    expect(teamPage.text).toContain('Psychological safety')
    expect(teamPage.text).toContain('Fri 20 Mar 2026, 12:00 (UTC)')
    expect(teamPage.text).toContain('fewer than 3')
    expect(teamPage.text).not.toContain(textarea[0]!.split('#')[1]!)
  })

  it('keep the values and name the fields when the open-round form has errors', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const b = await browser(t, facilitator.email)
    const res = await b.post(`/teams/${team.id}/rounds`, {
      ...openForm,
      k: 2,
      closesAt: '2026-03-01T09:00',
      invitations: 1001,
    })
    expect(res.status).toBe(400)
    expect(res.text).toContain('class="error-summary"')
    expect(res.text).toContain('href="#f-k"')
    expect(res.text).toContain('Quorum (k): Enter at least 3.')
    expect(res.text).toContain('Closes (UTC): Choose a time in the future.')
    expect(res.text).toContain('Number of links: Enter at most 1000.')
    expect(res.text).toMatch(/name="k" type="number" value="2"/)
    expect(res.text).toContain('value="2026-03-01T09:00"')
    expect(res.text).toContain('value="1001"')
    expect(res.text).toMatch(/aria-invalid="true"/)
    const rounds = await t.call('GET', `/api/teams/${team.id}/rounds`, { auth: facilitator.token })
    expect(rounds.json.rounds).toEqual([])
  })

  it('refuse a form without or with a wrong CSRF token, changing nothing', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const b = await browser(t, facilitator.email)
    expect((await b.post(`/teams/${team.id}/rounds`, openForm, '')).status).toBe(403)
    const wrong = await b.post(`/teams/${team.id}/rounds`, openForm, 'x'.repeat(32))
    expect(wrong.status).toBe(403)
    expect(wrong.text).toContain('This form has expired')
    expect((await b.post(`/teams/${team.id}/share-links`, {}, 'nope')).status).toBe(403)
    const rounds = await t.call('GET', `/api/teams/${team.id}/rounds`, { auth: facilitator.token })
    expect(rounds.json.rounds).toEqual([])
    const links = await t.call('GET', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })
    expect(links.json.links).toEqual([])
  })

  it('give 404 for another team, its rounds and their actions', async () => {
    const t = await testApp()
    const { roundId, team } = await openedRound(t)
    const other = await teamWithFacilitator(t, 'Other')
    const b = await browser(t, other.facilitator.email)
    expect((await b.get(`/teams/${team.id}`)).status).toBe(404)
    expect((await b.get(`/rounds/${roundId}`)).status).toBe(404)
    expect((await b.post(`/rounds/${roundId}/close`)).status).toBe(404)
    expect((await b.post(`/rounds/${roundId}/invitations`, { count: 5 })).status).toBe(404)
    expect((await b.post(`/teams/${team.id}/rounds`, openForm)).status).toBe(404)
    expect((await b.get('/rounds/no-such-round')).status).toBe(404)
    const round = await t.call('GET', `/api/rounds/${roundId}`, { auth: other.admin.token })
    expect(round.json.round).toMatchObject({ status: 'open', invited: 4 })
  })
})

describe('the round page', () => {
  it('shows "fewer than k" below k and "k reached" from k on, never a count (P2)', async () => {
    const t = await testApp()
    const { b, roundId, secrets } = await openedRound(t)
    expect(responsesCell((await b.get(`/rounds/${roundId}`)).text)).toBe('fewer than 3')
    await answer(t, roundId, secrets[0]!)
    await answer(t, roundId, secrets[1]!)
    const below = await b.get(`/rounds/${roundId}`)
    expect(responsesCell(below.text)).toBe('fewer than 3')
    expect(below.text).toContain('<dt>Links made</dt><dd>4</dd>')
    await answer(t, roundId, secrets[2]!)
    expect(responsesCell((await b.get(`/rounds/${roundId}`)).text)).toBe('3 reached')
    await answer(t, roundId, secrets[3]!)
    expect(responsesCell((await b.get(`/rounds/${roundId}`)).text)).toBe('3 reached')
  })

  it('mints more links, raises k (never lowers it) and closes to the report', async () => {
    const t = await testApp()
    const { b, roundId, team } = await openedRound(t)
    const more = await b.post(`/rounds/${roundId}/invitations`, { count: 2 })
    expect(more.status).toBe(201)
    expect(
      more.text
        .match(/<textarea[^>]*>([^<]*)<\/textarea>/)![1]!
        .trim()
        .split('\n'),
    ).toHaveLength(2)
    expect(more.text).toContain('data:text/csv;charset=utf-8,')
    const none = await b.post(`/rounds/${roundId}/invitations`, { count: 0 })
    expect(none.status).toBe(400)
    expect(none.text).toContain('Number of new links: Enter at least 1.')
    expect(none.text).toMatch(/name="count" type="number" value="0"/)
    expect((await b.get(`/rounds/${roundId}`)).text).toContain('<dt>Links made</dt><dd>6</dd>')

    const raised = await b.post(`/rounds/${roundId}/k`, { k: 4 })
    expect(raised.status).toBe(303)
    expect(raised.headers.get('location')).toBe(`/rounds/${roundId}?updated=k`)
    expect((await b.get(`/rounds/${roundId}?updated=k`)).text).toContain(
      '<dt>Quorum (k)</dt><dd>4</dd>',
    )
    const lower = await b.post(`/rounds/${roundId}/k`, { k: 3 })
    expect(lower.status).toBe(409)
    expect(lower.text).toContain('k can only go up')
    expect(lower.text).toMatch(/name="k" type="number" value="3"/)
    expect(lower.text).toContain('New k: at least 4')
    expect(lower.text).toContain('<dt>Quorum (k)</dt><dd>4</dd>')

    const closed = await b.post(`/rounds/${roundId}/close`, { confirm: 'yes' })
    expect(closed.status).toBe(303)
    expect(closed.headers.get('location')).toBe(`/rounds/${roundId}/report`)
    const after = await b.get(`/rounds/${roundId}`)
    expect(after.text).toContain(`href="/rounds/${roundId}/report"`)
    expect(after.text).not.toContain(`action="/rounds/${roundId}/close"`)
    expect(responsesCell(after.text)).toBe('fewer than 4 — no results')
    const teamPage = await b.get(`/teams/${team.id}`)
    expect(teamPage.text).toContain('fewer than 4 — no results')
    expect(teamPage.text).toContain(`href="/rounds/${roundId}/report"`)
  })

  it('says "released" with the respondents for a closed round at k', async () => {
    const t = await testApp()
    const { b, roundId, secrets, team } = await openedRound(t)
    for (const secret of secrets.slice(0, 3)) await answer(t, roundId, secret)
    await b.post(`/rounds/${roundId}/close`, { confirm: 'yes' })
    expect((await b.get(`/teams/${team.id}`)).text).toContain('released — 3 respondents')
  })
})

describe('share links', () => {
  it('show a new link once, list it, and revoke it', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const b = await browser(t, facilitator.email)
    const created = await b.post(`/teams/${team.id}/share-links`)
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const url = created.text.match(/id="share-url" type="text" readonly="" value="([^"]+)"/)![1]!
    expect(url).toMatch(new RegExp(`^${BASE_URL}/shared#qsh_`))
    expect(created.text).toContain('data-copy="share-url"')
    expect(created.text).toContain('released results')
    expect(created.text).toContain('revoke')
    const token = url.split('#')[1]!
    expect((await t.call('GET', '/api/shared/team', { auth: token })).status).toBe(200)

    const listed = await b.get(`/teams/${team.id}`)
    expect(listed.text).not.toContain(token)
    expect(listed.text).toContain('Active')
    const id = listed.text.match(/action="\/teams\/[^/]+\/share-links\/([^/]+)\/revoke"/)![1]!
    const revoked = await b.post(`/teams/${team.id}/share-links/${id}/revoke`, { confirm: 'yes' })
    expect(revoked.status).toBe(303)
    expect((await b.get(`/teams/${team.id}`)).text).toContain('Revoked')
    expect((await t.call('GET', '/api/shared/team', { auth: token })).status).toBe(401)
  })
})
