import { beforeAll, describe, expect, it } from 'vitest'
import { prepareFirstAdminSetup } from '../../src/services/auth'
import {
  answersFor,
  BASE_URL,
  builtinSurvey,
  recordingMailer,
  testApp,
  type TestApp,
} from '../helpers/app'
import { buildOrg, runCampaign } from '../helpers/campaign'
import { startHttpSink } from '../helpers/http-sink'
import {
  checkedCalls,
  documentChecker,
  fetchDocument,
  operationsOf,
  type OpenApiDocument,
} from '../helpers/openapi'

const SURVEY = 'psychological-safety'
const PASSWORD = 'correct horse battery'

let doc: OpenApiDocument
let checker: ReturnType<typeof documentChecker>

/** The app, with every answer checked against the document (see test/helpers/openapi.ts). */
async function checkedApp(env: Record<string, string> = {}) {
  const t = await testApp(env)
  return { t, call: checkedCalls(t, checker) }
}

/** Fails `request` against its limit from one address until it is refused; the refusal. */
async function untilRefused<R extends { status: number }>(t: TestApp, request: () => Promise<R>) {
  t.setAddress('10.9.9.9')
  for (let i = 0; i < 100; i++) {
    const res = await request()
    if (res.status === 429) return res
  }
  throw new Error('never refused')
}

describe('real answers against /openapi.json', () => {
  beforeAll(async () => {
    doc = await fetchDocument(await testApp())
    checker = documentChecker(doc)
  })

  it('the checker refuses bodies that do not match', () => {
    const error = checker.validatorOf(doc.components.schemas.Error!)
    expect(error.safeParse({ error: { code: 'x', message: 'y' } }).success).toBe(true)
    expect(error.safeParse({}).success).toBe(false)
    expect(error.safeParse({ error: { message: 'no code' } }).success).toBe(false)
    const round = checker.validatorOf(doc.components.schemas.RoundSummary!)
    expect(round.safeParse({ id: 'r' }).success).toBe(false)
  })

  it('accounts, sessions and API tokens', async () => {
    const { t, call } = await checkedApp()
    const first = { email: 'first@example.org', name: 'First', password: PASSWORD }
    const token = await prepareFirstAdminSetup(t.deps)
    expect((await call('POST', '/api/setup', { body: { ...first, token: 'qsu_x' } })).status).toBe(
      403,
    )
    expect((await call('POST', '/api/setup', { body: { ...first, token } })).status).toBe(201)
    const signIn = (password: string) =>
      call('POST', '/api/session', { body: { email: first.email, password } })
    expect((await signIn(PASSWORD)).status).toBe(200)
    expect((await signIn('wrong password!')).status).toBe(401)
    expect(
      (await untilRefused(t, () => signIn('wrong password!'))).headers.get('retry-after'),
    ).toMatch(/^\d+$/)
    expect((await call('DELETE', '/api/session')).status).toBe(200)

    const admin = await t.user('admin')
    const facilitator = await t.user('facilitator')
    expect((await call('GET', '/api/me', { auth: admin.token })).status).toBe(200)
    expect((await call('GET', '/api/me')).status).toBe(401)

    const created = await call('POST', '/api/tokens', {
      auth: admin.token,
      body: { name: 'report script', scope: 'read', expiresInDays: 30 },
    })
    expect(created.status).toBe(201)
    expect((await call('GET', '/api/tokens', { auth: admin.token })).status).toBe(200)
    const readOnly = await call('POST', '/api/teams', { auth: created.json.token, body: {} })
    expect(readOnly.json.error.code).toBe('read_only_token')
    const revoke = () => call('DELETE', `/api/tokens/${created.json.id}`, { auth: admin.token })
    expect((await revoke()).status).toBe(200)
    expect((await revoke()).status).toBe(404)

    expect((await call('GET', '/api/users', { auth: admin.token })).status).toBe(200)
    expect((await call('GET', '/api/users', { auth: facilitator.token })).status).toBe(403)
    const account = {
      email: 'new@example.org',
      name: 'New',
      role: 'facilitator',
      password: PASSWORD,
    }
    const user = await call('POST', '/api/users', { auth: admin.token, body: account })
    expect(user.status).toBe(201)
    expect((await call('POST', '/api/users', { auth: admin.token, body: account })).status).toBe(
      409,
    )
    const patch = (id: string, body: object) =>
      call('PATCH', `/api/users/${id}`, { auth: admin.token, body })
    expect((await patch(user.json.user.id, { name: 'Renamed' })).status).toBe(200)
    expect((await patch('nobody', { name: 'Renamed' })).status).toBe(404)
    expect((await patch(admin.id, { disabled: true })).status).toBe(409)

    const password = (currentPassword: string) =>
      call('PUT', '/api/me/password', {
        auth: facilitator.token,
        body: { currentPassword, newPassword: 'another good passphrase' },
      })
    expect((await password('not my password')).status).toBe(400)
    expect((await password(PASSWORD)).status).toBe(200)
  })

  it('teams, facilitators, share links and the errors any request can meet', async () => {
    const { t, call } = await checkedApp()
    const admin = await t.user('admin')
    const facilitator = await t.user('facilitator')
    const created = await call('POST', '/api/teams', { auth: admin.token, body: { name: 'Ops' } })
    expect(created.status).toBe(201)
    const team = created.json.team
    expect((await call('GET', '/api/teams', { auth: admin.token })).status).toBe(200)
    expect((await call('GET', `/api/teams/${team.id}`, { auth: admin.token })).status).toBe(200)
    expect((await call('GET', '/api/teams/nope', { auth: admin.token })).status).toBe(404)
    const rename = (auth: string) =>
      call('PATCH', `/api/teams/${team.id}`, { auth, body: { name: 'Operations' } })
    expect((await rename(admin.token)).status).toBe(200)
    expect((await rename(facilitator.token)).status).toBe(403)
    const assignment = `/api/teams/${team.id}/facilitators/${facilitator.id}`
    expect((await call('PUT', assignment, { auth: admin.token })).status).toBe(200)
    expect((await call('DELETE', assignment, { auth: admin.token })).status).toBe(200)
    expect((await call('DELETE', assignment, { auth: admin.token })).status).toBe(404)

    const links = `/api/teams/${team.id}/share-links`
    const share = await call('POST', links, { auth: admin.token })
    expect(share.status).toBe(201)
    expect(share.json.url).toBe(`${BASE_URL}/shared#${share.json.token}`)
    expect((await call('GET', links, { auth: admin.token })).status).toBe(200)
    expect((await call('DELETE', `${links}/${share.json.id}`, { auth: admin.token })).status).toBe(
      200,
    )

    const post = (headers: Record<string, string>, body: unknown) =>
      call('POST', '/api/teams', { auth: admin.token, headers, body })
    const crossSite = await post({ origin: 'https://elsewhere.example' }, { name: 'X' })
    expect(crossSite.json.error.code).toBe('cross_origin')
    expect((await post({ 'content-type': 'text/plain' }, 'name=X')).status).toBe(415)
    expect((await post({}, '{"name":')).json.error.code).toBe('invalid_json')
    expect((await post({}, { name: '' })).json.error.fields).toHaveLength(1)
    const tooLarge = await post({}, JSON.stringify({ name: 'x'.repeat(600 * 1024) }))
    expect(tooLarge.status).toBe(413)
    expect(tooLarge.headers.get('connection')).toBe('close')
  })

  it('rounds from opening to report, answering, CSV and the shared view', async () => {
    const { t, call } = await checkedApp()
    const admin = await t.user('admin')
    const team = (await call('POST', '/api/teams', { auth: admin.token, body: { name: 'A' } })).json
      .team
    const auth = admin.token
    const roster = Array.from({ length: 12 }, (_, i) => ({ name: `Member ${i + 1}` }))
    const imported = await call('POST', `/api/teams/${team.id}/members/import`, {
      auth,
      body: { members: roster },
    })
    expect(imported.status).toBe(200)
    const open = { surveyId: SURVEY, k: 3, closesAt: '2026-03-09T17:00:00Z', invitations: 5 }
    const opened = await call('POST', `/api/teams/${team.id}/rounds`, { auth, body: open })
    expect(opened.status).toBe(201)
    const { round, links } = opened.json
    const csv = await call('POST', `/api/teams/${team.id}/rounds.csv`, { auth, body: open })
    expect(csv.text).toMatch(new RegExp(`^link,code\n${BASE_URL}/s/`))
    const other = await call('GET', `/api/teams/${team.id}/rounds`, { auth })
    const csvRound = other.json.rounds.find((r: { id: string }) => r.id !== round.id)
    expect(
      (await call('PATCH', `/api/rounds/${csvRound.id}`, { auth, body: { k: 4 } })).status,
    ).toBe(200)
    expect((await call('GET', `/api/rounds/${round.id}`, { auth })).status).toBe(200)
    expect((await call('GET', '/api/rounds/nope', { auth })).status).toBe(404)
    const mint = (suffix = '') =>
      call('POST', `/api/rounds/${round.id}/invitations${suffix}`, { auth, body: { count: 1 } })
    expect((await mint()).status).toBe(201)
    expect((await mint('.csv')).text).toMatch(/^link,code\n/)

    const publicRound = `/api/public/rounds/${round.id}`
    expect((await call('GET', publicRound)).status).toBe(200)
    expect((await call('GET', '/api/public/rounds/nope')).status).toBe(404)
    const answer = (url: string, answers = answersFor(SURVEY, 4)) =>
      call('POST', `${publicRound}/responses`, {
        body: { secret: url.split('#')[1], answers, comments: { comment: 'Fine.' } },
      })
    for (const link of links.slice(0, 3)) expect((await answer(link.url)).status).toBe(201)
    expect((await answer(links[0].url)).json.error.code).toBe('link_used')
    expect((await answer(links[3].url, { nope: 9 })).status).toBe(400)
    expect((await answer(`${BASE_URL}/s/x#not-a-link-at-all`)).status).toBe(404)
    expect((await call('GET', `/api/rounds/${round.id}/report`, { auth })).status).toBe(200)
    const debrief = () =>
      call('PUT', `/api/rounds/${round.id}/debrief`, { auth, body: { note: 'Retro on Friday' } })
    expect((await debrief()).status).toBe(409)

    expect((await call('POST', `/api/rounds/${round.id}/close`, { auth })).status).toBe(200)
    expect((await answer(links[4].url)).status).toBe(410)
    expect((await call('PATCH', `/api/rounds/${round.id}`, { auth, body: { k: 5 } })).status).toBe(
      409,
    )
    expect((await mint()).status).toBe(409)
    expect((await debrief()).status).toBe(200)
    const report = await call('GET', `/api/rounds/${round.id}/report`, { auth })
    expect(report.json.released).toBe(true)
    expect((await call('GET', `/api/rounds/${round.id}/report.csv`, { auth })).status).toBe(200)
    expect((await call('GET', `/api/teams/${team.id}/trend`, { auth })).status).toBe(200)
    expect((await call('GET', `/api/teams/${team.id}/trend.csv`, { auth })).status).toBe(200)

    const share = await call('POST', `/api/teams/${team.id}/share-links`, { auth })
    const shared = (path: string, token: string) => call('GET', path, { auth: token })
    expect((await shared('/api/shared/team', share.json.token)).status).toBe(200)
    expect((await shared('/api/shared/team', 'qsh_unknown')).status).toBe(401)
    const sharedReport = `/api/shared/rounds/${round.id}/report`
    expect((await shared(sharedReport, share.json.token)).status).toBe(200)
    expect(
      (await shared(`/api/shared/rounds/${csvRound.id}/report`, share.json.token)).status,
    ).toBe(404)

    const guess = await untilRefused(t, () => answer(`${BASE_URL}/s/x#not-a-link-at-all`))
    expect(guess.json.error.code).toBe('too_many_requests')
  })

  it('rosters, a round’s links, extra links, mail and the team chat', async () => {
    const { t, call } = await checkedApp({ CHAT_LOCAL_WEBHOOKS: 'true' })
    const admin = await t.user('admin')
    const facilitator = await t.user('facilitator')
    const auth = admin.token
    const team = (await call('POST', '/api/teams', { auth, body: { name: 'A' } })).json.team
    await call('PUT', `/api/teams/${team.id}/facilitators/${facilitator.id}`, { auth })
    const members = `/api/teams/${team.id}/members`
    const added = await call('POST', members, { auth, body: { email: 'a@example.org' } })
    expect(added.status).toBe(201)
    expect((await call('POST', members, { auth, body: { email: 'a@example.org' } })).status).toBe(
      409,
    )
    expect((await call('POST', members, { auth, body: { email: 'nope' } })).status).toBe(400)
    const facilitatorAdds = await call('POST', members, {
      auth: facilitator.token,
      body: { name: 'X' },
    })
    expect(facilitatorAdds.status).toBe(403)
    expect((await call('GET', members, { auth: facilitator.token })).status).toBe(200)
    expect((await call('GET', `${members}.csv`, { auth })).status).toBe(200)
    const csv = await call('POST', `${members}.csv`, {
      auth,
      headers: { 'content-type': 'text/csv' },
      body: 'email,name\nb@example.org,B\n,C',
    })
    expect(csv.status).toBe(200)
    expect(
      (await call('POST', `${members}/import`, { auth, body: { members: [{ email: 'x' }] } }))
        .status,
    ).toBe(400)
    const id = added.json.member.id
    expect((await call('PATCH', `${members}/${id}`, { auth, body: { name: 'Ada' } })).status).toBe(
      200,
    )
    expect((await call('DELETE', `${members}/${id}`, { auth })).status).toBe(200)
    expect((await call('DELETE', `${members}/${id}`, { auth })).status).toBe(404)
    const zone = (timeZone: string) =>
      call('PATCH', `/api/teams/${team.id}`, { auth, body: { timeZone } })
    expect((await zone('Europe/Berlin')).status).toBe(200)
    expect((await zone('Mars/Base')).status).toBe(400)

    const opened = await call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: SURVEY, k: 3, closesAt: '2026-03-09T17:00:00Z', invitations: 1 },
    })
    expect(opened.status).toBe(201)
    const round = opened.json.round.id
    const tooMany = await call('POST', `/api/rounds/${round}/invitations`, {
      auth: facilitator.token,
      body: { count: 5 },
    })
    expect(tooMany.status).toBe(409)
    expect((await call('GET', `/api/rounds/${round}/links`, { auth })).status).toBe(200)
    const extra = (token: string) =>
      call('POST', `/api/rounds/${round}/extra-links`, {
        auth: token,
        body: { count: 2, reason: 'new joiners' },
      })
    expect((await extra(auth)).status).toBe(200)
    expect((await extra(facilitator.token)).status).toBe(403)
    const deliveries = await call('POST', `/api/rounds/${round}/deliveries`, { auth })
    expect(deliveries.json.error.code).toBe('mail_off')
    const outbox = recordingMailer()
    t.deps.mail = outbox.mailer
    expect((await call('POST', `/api/rounds/${round}/deliveries`, { auth })).status).toBe(200)
    t.deps.mail = undefined

    const sink = await startHttpSink()
    try {
      const chat = (url: string | null) =>
        call('PUT', `/api/teams/${team.id}/chat`, { auth: facilitator.token, body: { url } })
      expect((await chat('ftp://example.org/hook')).status).toBe(400)
      expect((await chat(`${sink.url}/hook`)).status).toBe(200)
      expect(
        (await call('POST', `/api/teams/${team.id}/chat/test`, { auth: facilitator.token })).status,
      ).toBe(200)
      expect((await chat(null)).status).toBe(200)
    } finally {
      await sink.close()
    }
  })

  it('surveys, the survey schema and health', async () => {
    const { t, call } = await checkedApp()
    const admin = await t.user('admin')
    const facilitator = await t.user('facilitator')
    const auth = admin.token
    expect((await call('GET', '/api/surveys', { auth })).status).toBe(200)
    expect((await call('GET', `/api/surveys/${SURVEY}`, { auth })).status).toBe(200)
    expect((await call('GET', `/api/surveys/${SURVEY}?version=99`, { auth })).status).toBe(404)
    const custom = { ...builtinSurvey('collaboration'), id: 'retro-pulse' }
    const save = (body: unknown, token = auth) =>
      call('POST', '/api/surveys', { auth: token, body })
    expect((await save(custom)).status).toBe(201)
    expect((await save({ ...custom, id: SURVEY })).status).toBe(409)
    expect((await save({ id: 'broken' })).status).toBe(400)
    expect((await save(custom, facilitator.token)).status).toBe(403)
    expect((await call('GET', '/api/survey-schema.json')).status).toBe(200)
    expect((await call('GET', '/healthz')).status).toBe(200)
  })

  it('a team’s recurring pulse: set, read, skip, move, remove', async () => {
    const { t, call } = await checkedApp()
    const admin = await t.user('admin')
    const team = (await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'P' } }))
      .json.team
    const path = `/api/teams/${team.id}/schedule`
    const auth = admin.token
    expect((await call('GET', path, { auth })).status).toBe(200)
    const rule = { surveyId: SURVEY, cadence: 'monthly', dayOfMonth: 15, openTime: '09:00' }
    expect((await call('PUT', path, { auth, body: { ...rule, openDays: 5 } })).status).toBe(200)
    expect((await call('PUT', path, { auth, body: { ...rule, openDays: 50 } })).status).toBe(400)
    expect((await call('GET', path, { auth })).status).toBe(200)
    expect((await call('POST', `${path}/skip`, { auth })).status).toBe(200)
    const at = new Date(t.clock.now().getTime() + 36 * 24 * 3600_000).toISOString()
    expect((await call('POST', `${path}/move`, { auth, body: { at } })).status).toBe(200)
    expect((await call('DELETE', path, { auth })).status).toBe(200)
    expect((await call('DELETE', path, { auth })).status).toBe(404)
  })

  it('groups: the tree, moves, leads, teams and CSV', async () => {
    const { t, call } = await checkedApp()
    const admin = await t.user('admin')
    const lead = await t.user('facilitator')
    const auth = admin.token
    const team = (await call('POST', '/api/teams', { auth, body: { name: 'A' } })).json.team
    const create = (name: string, parentId?: string) =>
      call('POST', '/api/groups', { auth, body: { name, parentId } })
    const top = (await create('Acme')).json.group
    const sub = await create('Engineering', top.id)
    expect(sub.status).toBe(201)
    expect((await create('R/D')).status).toBe(400)
    const patch = (body: object) => call('PATCH', `/api/groups/${top.id}`, { auth, body })
    expect((await patch({ parentId: sub.json.group.id })).status).toBe(400)
    expect((await patch({ name: 'Acme Inc' })).status).toBe(200)
    const place = await call('PUT', `/api/teams/${team.id}/group`, {
      auth,
      body: { groupId: top.id },
    })
    expect(place.status).toBe(200)
    const leads = `/api/groups/${top.id}/leads`
    expect((await call('POST', leads, { auth, body: { email: lead.email } })).status).toBe(200)
    expect((await call('GET', '/api/groups', { auth: lead.token })).status).toBe(200)
    expect((await call('DELETE', leads, { auth, body: { email: lead.email } })).status).toBe(200)
    expect((await call('DELETE', `/api/groups/${top.id}`, { auth })).status).toBe(409)
    const exported = await call('GET', '/api/groups/export', { auth })
    expect(exported.status).toBe(200)
    const imported = await call('POST', '/api/groups/import', {
      auth,
      headers: { 'content-type': 'text/csv' },
      body: exported.text,
    })
    expect(imported.json).toEqual({ created: 0, placed: 0 })
    expect((await call('DELETE', `/api/groups/${sub.json.group.id}`, { auth })).status).toBe(200)
  })

  it('campaigns: opening, closing, the heatmap, a cell, a group’s trend, a team beside its group', async () => {
    const { t, call } = await checkedApp()
    const admin = await t.user('admin')
    const auth = admin.token
    const org = await buildOrg(t, {
      Acme: { Eng: { Platform: 8, Mobile: 5, Tiny: 2 }, Sales: { East: 6, West: 7 } },
    })
    const closesAt = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString()
    const body = { groupId: org.rootId, surveyId: SURVEY, k: 3, closesAt }
    expect((await call('POST', '/api/campaigns', { auth, body })).status).toBe(201)
    const tooSmall = { ...body, k: 2 }
    expect((await call('POST', '/api/campaigns', { auth, body: tooSmall })).status).toBe(400)
    const { campaignId, roundOf } = await runCampaign(t, org)
    expect((await call('GET', '/api/campaigns', { auth })).status).toBe(200)
    expect((await call('GET', `/api/campaigns/${campaignId}`, { auth })).status).toBe(200)
    expect((await call('GET', '/api/campaigns/nope', { auth })).status).toBe(404)
    expect((await call('POST', `/api/campaigns/${campaignId}/close`, { auth })).status).toBe(200)
    expect((await call('POST', `/api/campaigns/${campaignId}/close`, { auth })).status).toBe(409)
    const map = await call('GET', `/api/campaigns/${campaignId}/heatmap`, { auth })
    expect(map.status).toBe(200)
    const campaign = `/api/campaigns/${campaignId}`
    expect((await call('GET', `${campaign}/heatmap.csv`, { auth })).status).toBe(200)
    for (const cell of map.json.cells.slice(0, 3))
      expect((await call('GET', `${campaign}/cells/${cell.id}`, { auth })).status).toBe(200)
    expect((await call('GET', `/api/groups/${org.rootId}/trend`, { auth })).status).toBe(200)
    const east = org.teams.get('East')!.id
    const report = await call('GET', `/api/rounds/${roundOf.get(east)}/report`, { auth })
    expect(report.json.group.groupName).toBe('Sales')
    const share = await call('POST', `/api/teams/${east}/share-links`, { auth })
    const shared = await call('GET', `/api/shared/rounds/${roundOf.get(east)}/report`, {
      auth: share.json.token,
    })
    expect(shared.json.group.groupName).toBe('Sales')
  })

  it('saw every operation succeed, and every error status but 500', () => {
    for (const { key, op } of operationsOf(doc)) {
      const statuses = [...(checker.seen.get(op.operationId) ?? [])]
      expect(
        statuses.some((s) => s < 300),
        `${key} (${op.operationId}) answered ${statuses}`,
      ).toBe(true)
    }
    const errors = new Set(
      [...checker.seen.values()].flatMap((s) => [...s].filter((x) => x >= 400)),
    )
    expect([...errors].sort()).toEqual([400, 401, 403, 404, 409, 410, 413, 415, 429])
  })
})
