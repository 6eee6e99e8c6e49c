import { describe, expect, it } from 'vitest'
import { addRoster, BASE_URL, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { dumpDatabase } from '../helpers/db'

const openBody = {
  surveyId: 'psychological-safety',
  k: 3,
  closesAt: '2026-03-20T17:00:00Z',
  invitations: 2,
}

const customSurvey = {
  id: 'retro-pulse',
  version: 1,
  locales: ['en'],
  title: { en: 'Retro pulse' },
  scales: [
    {
      id: 'agree',
      points: [
        { value: 1, label: { en: 'No' } },
        { value: 2, label: { en: 'Somewhat' } },
        { value: 3, label: { en: 'Yes' } },
      ],
      favourableFrom: 3,
    },
  ],
  items: [{ id: 'useful', text: { en: 'Our retros are useful.' } }],
}

/** Two teams, each with its own facilitator; team B has an open and a closed round and a link. */
async function twoTeams() {
  const t = await testApp()
  const { admin, facilitator: f1, team: teamA } = await teamWithFacilitator(t, 'Alpha')
  const f2 = await t.user('facilitator')
  const teamB = (await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'Beta' } }))
    .json.team
  await t.call('PUT', `/api/teams/${teamB.id}/facilitators/${f2.id}`, { auth: admin.token })
  await addRoster(t.deps, teamB.id, 10)
  const open = async () =>
    (await t.call('POST', `/api/teams/${teamB.id}/rounds`, { auth: f2.token, body: openBody })).json
      .round.id as string
  const openRound = await open()
  const closedRound = await open()
  await t.call('POST', `/api/rounds/${closedRound}/close`, { auth: f2.token })
  const link = await t.call('POST', `/api/teams/${teamB.id}/share-links`, { auth: f2.token })
  return { t, admin, f1, f2, teamA, teamB, openRound, closedRound, linkId: link.json.id as string }
}

interface Route {
  method: string
  path: string
  body?: unknown
}

const teamRoutes = (teamId: string, linkId: string): Route[] => [
  { method: 'GET', path: `/api/teams/${teamId}` },
  { method: 'GET', path: `/api/teams/${teamId}/rounds` },
  { method: 'POST', path: `/api/teams/${teamId}/rounds`, body: openBody },
  { method: 'GET', path: `/api/teams/${teamId}/trend` },
  { method: 'GET', path: `/api/teams/${teamId}/trend.csv` },
  { method: 'GET', path: `/api/teams/${teamId}/share-links` },
  { method: 'POST', path: `/api/teams/${teamId}/share-links` },
  { method: 'DELETE', path: `/api/teams/${teamId}/share-links/${linkId}` },
]

const roundRoutes = (roundId: string): Route[] => [
  { method: 'GET', path: `/api/rounds/${roundId}` },
  { method: 'PATCH', path: `/api/rounds/${roundId}`, body: { k: 7 } },
  { method: 'POST', path: `/api/rounds/${roundId}/invitations`, body: { count: 3 } },
  { method: 'POST', path: `/api/rounds/${roundId}/close` },
  { method: 'PUT', path: `/api/rounds/${roundId}/debrief`, body: { note: 'we will try pairing' } },
  { method: 'GET', path: `/api/rounds/${roundId}/report` },
  { method: 'GET', path: `/api/rounds/${roundId}/report.csv` },
]

const call = (t: TestApp, route: Route, options: { auth?: string; headers?: object } = {}) =>
  t.call(route.method, route.path, {
    ...(route.body === undefined ? {} : { body: route.body }),
    ...options,
  } as Parameters<TestApp['call']>[2])

describe('a facilitator sees only the teams they facilitate', () => {
  it('lists only assigned teams; admins see all', async () => {
    const { t, admin, f1, f2, teamA, teamB } = await twoTeams()
    const names = async (token: string) =>
      (await t.call('GET', '/api/teams', { auth: token })).json.teams.map(
        (x: { id: string }) => x.id,
      )
    expect(await names(f1.token)).toEqual([teamA.id])
    expect(await names(f2.token)).toEqual([teamB.id])
    expect((await names(admin.token)).sort()).toEqual([teamA.id, teamB.id].sort())
  })

  it("answers another team's ids exactly like missing ones and changes nothing", async () => {
    const { t, f1, f2, teamB, openRound, closedRound, linkId } = await twoTeams()

    // The owner reaches every read route, so a 404 below is about access, not the path.
    for (const route of [...teamRoutes(teamB.id, linkId), ...roundRoutes(closedRound)])
      if (route.method === 'GET')
        expect((await call(t, route, { auth: f2.token })).status).toBe(200)

    const before = dumpDatabase(t)
    const probes: [Route, Route][] = [
      ...teamRoutes(teamB.id, linkId).map((r, i): [Route, Route] => [
        r,
        teamRoutes('no-such-team', linkId)[i]!,
      ]),
      ...[openRound, closedRound].flatMap((id) =>
        roundRoutes(id).map((r, i): [Route, Route] => [r, roundRoutes('no-such-round')[i]!]),
      ),
    ]
    expect(probes).toHaveLength(8 + 2 * 7)
    for (const [theirs, missing] of probes) {
      const a = await call(t, theirs, { auth: f1.token })
      const b = await call(t, missing, { auth: f1.token })
      expect(a.status, `${theirs.method} ${theirs.path}`).toBe(404)
      expect(a.text, `${theirs.method} ${theirs.path}`).toBe(b.text)
      expect(a.text).not.toContain(teamB.name)
    }
    expect(dumpDatabase(t)).toBe(before)

    const round = (await t.call('GET', `/api/rounds/${openRound}`, { auth: f2.token })).json.round
    expect(round).toMatchObject({ status: 'open', k: 3, invited: 2 })
    const links = await t.call('GET', `/api/teams/${teamB.id}/share-links`, { auth: f2.token })
    expect(links.json.links).toEqual([expect.objectContaining({ id: linkId, revokedAt: null })])
  })

  it('loses access to a team once removed as its facilitator', async () => {
    const { t, admin, f1, teamA } = await twoTeams()
    expect((await t.call('GET', `/api/teams/${teamA.id}`, { auth: f1.token })).status).toBe(200)
    const removed = await t.call('DELETE', `/api/teams/${teamA.id}/facilitators/${f1.id}`, {
      auth: admin.token,
    })
    expect(removed.status).toBe(200)
    expect((await t.call('GET', `/api/teams/${teamA.id}`, { auth: f1.token })).status).toBe(404)
    expect((await t.call('GET', '/api/teams', { auth: f1.token })).json.teams).toEqual([])
  })
})

describe('admin-only routes', () => {
  it('refuse a facilitator with 403 and change nothing', async () => {
    const { t, f1, f2, teamA } = await twoTeams()
    const routes: Route[] = [
      { method: 'POST', path: '/api/teams', body: { name: 'Gamma' } },
      { method: 'PATCH', path: `/api/teams/${teamA.id}`, body: { name: 'Renamed' } },
      {
        method: 'POST',
        path: '/api/users',
        body: { email: 'new@example.org', name: 'New', role: 'admin', password: 'long password!' },
      },
      { method: 'GET', path: '/api/users' },
      { method: 'PATCH', path: `/api/users/${f2.id}`, body: { disabled: true } },
      { method: 'PATCH', path: `/api/users/${f1.id}`, body: { role: 'admin' } },
      { method: 'PUT', path: `/api/teams/${teamA.id}/facilitators/${f2.id}` },
      { method: 'DELETE', path: `/api/teams/${teamA.id}/facilitators/${f1.id}` },
      { method: 'POST', path: '/api/surveys', body: customSurvey },
    ]
    const before = dumpDatabase(t)
    for (const route of routes) {
      const res = await call(t, route, { auth: f1.token })
      expect(res.status, `${route.method} ${route.path}`).toBe(403)
      expect(res.json.error).toEqual({ code: 'admin_only', message: 'Only an admin can do this.' })
    }
    expect(dumpDatabase(t)).toBe(before)
  })
})

describe('without credentials', () => {
  it('every authenticated route in the OpenAPI document answers 401 and changes nothing', async () => {
    const { t, f1, teamA } = await twoTeams()
    const round = (
      await t.call('POST', `/api/teams/${teamA.id}/rounds`, { auth: f1.token, body: openBody })
    ).json.round.id
    const tokenId = (await t.call('GET', '/api/tokens', { auth: f1.token })).json.tokens[0].id
    const params: Record<string, string> = {
      teamId: teamA.id,
      roundId: round,
      userId: f1.id,
      id: tokenId,
      surveyId: 'psychological-safety',
      cellId: 'cell',
      memberId: (await t.call('GET', `/api/teams/${teamA.id}/members`, { auth: f1.token })).json
        .members[0].id,
    }
    // Valid bodies, so that it is the missing sign-in that is refused and not the input.
    const bodies: Record<string, unknown> = {
      'PUT /api/me/password': { currentPassword: 'x', newPassword: 'a long new password' },
      'POST /api/tokens': { name: 'x' },
      'POST /api/users': {
        email: 'n@example.org',
        name: 'N',
        role: 'admin',
        password: 'long password!',
      },
      'PATCH /api/users/{id}': { disabled: true },
      'POST /api/teams': { name: 'X' },
      'PATCH /api/teams/{teamId}': { name: 'X' },
      'POST /api/teams/{teamId}/rounds': openBody,
      'POST /api/teams/{teamId}/rounds.csv': openBody,
      'PATCH /api/rounds/{roundId}': { k: 9 },
      'POST /api/rounds/{roundId}/invitations': { count: 1 },
      'POST /api/rounds/{roundId}/invitations.csv': { count: 1 },
      'POST /api/rounds/{roundId}/extra-links': { count: 1, reason: 'x' },
      'POST /api/teams/{teamId}/members': { email: 'n@example.org' },
      'POST /api/teams/{teamId}/members/import': { members: [] },
      'POST /api/teams/{teamId}/members.csv': { csv: 'email\nn@example.org' },
      'POST /api/groups': { name: 'X' },
      'PATCH /api/groups/{id}': { name: 'X' },
      'PUT /api/teams/{teamId}/group': { groupId: null },
      'POST /api/groups/{id}/leads': { email: 'n@example.org' },
      'DELETE /api/groups/{id}/leads': { email: 'n@example.org' },
      'POST /api/groups/import': { csv: 'path\nX' },
      'PATCH /api/teams/{teamId}/members/{memberId}': { name: 'X' },
      'PUT /api/rounds/{roundId}/debrief': { note: 'x' },
      'PUT /api/teams/{teamId}/chat': { url: null },
      'PUT /api/teams/{teamId}/schedule': {
        surveyId: 'psychological-safety',
        cadence: 'weeks',
        everyWeeks: 1,
        weekday: 1,
        openTime: '09:00',
        openDays: 3,
      },
      'POST /api/teams/{teamId}/schedule/move': { at: '2026-12-14T09:00:00Z' },
      'POST /api/surveys': customSurvey,
      'POST /api/campaigns': {
        groupId: 'g',
        surveyId: 'psychological-safety',
        closesAt: '2026-03-20T17:00:00Z',
      },
    }
    const doc = (await t.call('GET', '/openapi.json')).json
    const before = dumpDatabase(t)
    const checked: string[] = []
    for (const [template, operations] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries(operations)) {
        const schemes = (op.security ?? []).flatMap((s: object) => Object.keys(s))
        if (!schemes.includes('session')) continue
        const key = `${method.toUpperCase()} ${template}`
        if (op.requestBody) expect(bodies, `a body for ${key}`).toHaveProperty([key])
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!)
        for (const headers of [
          {} as Record<string, string>,
          { authorization: 'Bearer qat_not-a-real-token' },
          { cookie: '__Host-quorum_session=qse_not-a-real-session' },
        ]) {
          const res = await t.call(method.toUpperCase(), path, {
            ...(op.requestBody ? { body: bodies[key] } : {}),
            headers,
          })
          expect(res.status, key).toBe(401)
          expect(res.json.error.code).toBe('sign_in_required')
        }
        checked.push(key)
      }
    expect(checked.length).toBeGreaterThanOrEqual(30)
    expect(checked).toEqual(expect.arrayContaining(Object.keys(bodies)))
    expect(dumpDatabase(t)).toBe(before)
  })

  it('public and shared routes do not accept a session in place of their own secret', async () => {
    const { t, f2, closedRound } = await twoTeams()
    const res = await t.call('GET', `/api/shared/rounds/${closedRound}/report`, { auth: f2.token })
    expect(res.status).toBe(401)
    expect(res.json.error.code).toBe('share_link_invalid')
  })
})

describe('cross-site requests (CSRF)', () => {
  async function signedIn() {
    const { t, f1, teamA } = await twoTeams()
    const res = await t.call('POST', '/api/session', {
      body: { email: f1.email, password: 'correct horse battery' },
    })
    const value = res.headers.getSetCookie()[0]!.split(';')[0]!
    return { t, f1, teamA, cookie: value }
  }

  it('refuses state changes sent from another site with a session cookie', async () => {
    const { t, teamA, cookie } = await signedIn()
    const route = { method: 'POST', path: `/api/teams/${teamA.id}/share-links` }
    const before = dumpDatabase(t)
    for (const foreign of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'http://localhost:8787.evil.example' },
    ]) {
      const res = await call(t, route, { headers: { cookie, ...foreign } })
      expect(res.status, JSON.stringify(foreign)).toBe(403)
      expect(res.json.error.code).toBe('cross_origin')
      expect(res.json.error.message).toMatch(/another site/)
    }
    const password = await t.call('PUT', '/api/me/password', {
      headers: { cookie, origin: 'https://evil.example' },
      body: { currentPassword: 'correct horse battery', newPassword: 'attacker chosen pass' },
    })
    expect(password.status).toBe(403)
    const signOut = await t.call('DELETE', '/api/session', {
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    })
    expect(signOut.status).toBe(403)
    expect(dumpDatabase(t)).toBe(before)
    expect((await t.call('GET', '/api/me', { headers: { cookie } })).status).toBe(200)

    const same = await call(t, route, {
      headers: { cookie, origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
    })
    expect(same.status).toBe(201)
  })

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const { t, f1 } = await signedIn()
    const res = await t.call('POST', '/api/session', {
      headers: { origin: 'https://evil.example' },
      body: { email: f1.email, password: 'correct horse battery' },
    })
    expect(res.status).toBe(403)
    expect(res.headers.getSetCookie()).toEqual([])
  })
})

describe('security headers', () => {
  it('are on every API response, successes and errors alike', async () => {
    const t = await testApp()
    const user = await t.user('facilitator')
    const responses = [
      await t.call('GET', '/api/me', { auth: user.token }),
      await t.call('GET', '/api/me'),
      await t.call('GET', '/api/nothing-here'),
      await t.call('POST', '/api/teams', { auth: user.token, body: '{' }),
      await t.call('GET', '/openapi.json'),
    ]
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 400, 200])
    for (const res of responses) {
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("default-src 'none'")
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('invitation links, API tokens and share links (shown once) are never cached', async () => {
    const { t, f1, teamA } = await twoTeams()
    const opened = await t.call('POST', `/api/teams/${teamA.id}/rounds`, {
      auth: f1.token,
      body: openBody,
    })
    expect(opened.headers.get('cache-control')).toBe('no-store')
    const csv = await t.call('POST', `/api/rounds/${opened.json.round.id}/invitations?format=csv`, {
      auth: f1.token,
      body: { count: 2 },
    })
    expect(csv.status).toBe(201)
    expect(csv.headers.get('cache-control')).toBe('no-store')
    expect(csv.text.trim().split('\n')).toHaveLength(3)
    const token = await t.call('POST', '/api/tokens', { auth: f1.token, body: { name: 'ci' } })
    expect(token.status).toBe(201)
    expect(token.headers.get('cache-control')).toBe('no-store')
    const share = await t.call('POST', `/api/teams/${teamA.id}/share-links`, { auth: f1.token })
    expect(share.status).toBe(201)
    expect(share.headers.get('cache-control')).toBe('no-store')
  })
})

describe('another team’s overdue round', () => {
  it('is not closed by someone who may not see it', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const stranger = await t.user('facilitator')
    const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: 'psychological-safety', closesAt: '2026-03-03T09:00:00Z', invitations: 1 },
    })
    const roundId = opened.json.round.id
    t.clock.advance(2 * 86_400_000) // past its closing time; the timer has not run
    const res = await t.call('GET', `/api/rounds/${roundId}/report`, { auth: stranger.token })
    expect(res.status).toBe(404)
    expect(t.raw.prepare('SELECT status FROM rounds WHERE id = ?').get(roundId)).toEqual({
      status: 'open',
    })
    // Its own facilitator sees it closed, its results being released; reading closes nothing.
    const own = await t.call('GET', `/api/rounds/${roundId}`, { auth: facilitator.token })
    expect(own.json.round).toMatchObject({ status: 'closed', releasing: true })
    expect(t.raw.prepare('SELECT status FROM rounds WHERE id = ?').get(roundId)).toEqual({
      status: 'open',
    })
  })
})
