import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { OPERATOR } from '../../src/domain/actor'
import type { Heatmap, HeatmapCell } from '../../src/domain/heatmap'
import { addGroupLead } from '../../src/services/groups'
import { buildOrg, runCampaign, type OrgSpec } from '../helpers/campaign'
import { testApp, type TestApp } from '../helpers/app'

/**
 * An organisation whose ledger shows every case: a team below k (Tiny, Web with nobody), teams
 * withheld to protect them (Mobile, Desk), the groups over them published, as their withheld
 * teams' links leave room (Engineering, Ops), and published teams (Platform, East).
 */
const ORG: OrgSpec = {
  Acme: {
    Engineering: { Platform: 8, Mobile: 5, Tiny: 2 },
    Sales: { East: 6, West: 7 },
    Ops: { Desk: 6, Web: 0 },
  },
}

const WEEK = 7 * 86_400_000

async function organisation(spec: OrgSpec = ORG, env: Record<string, string> = {}) {
  const t = await testApp(env)
  const org = await buildOrg(t, spec)
  const admin = await t.user('admin')
  const lead = await t.user('facilitator')
  const salesLead = await t.user('facilitator')
  const stranger = await t.user('facilitator')
  await addGroupLead(t.deps, OPERATOR, org.rootId, { id: lead.id })
  await addGroupLead(t.deps, OPERATOR, org.groups.get('Sales')!, { id: salesLead.id })
  const closesAt = new Date(t.clock.now().getTime() + WEEK).toISOString()
  return { t, org, admin, lead, salesLead, stranger, closesAt }
}

/** Makes `user` a facilitator of a team of the org. */
const facilitate = (t: TestApp, admin: { token: string }, teamId: string, userId: string) =>
  t.call('PUT', `/api/teams/${teamId}/facilitators/${userId}`, { auth: admin.token })

/** A campaign of the org run and closed over HTTP by an admin; its heatmap as the admin sees it. */
async function released(spec: OrgSpec = ORG, k = 3) {
  const o = await organisation(spec)
  const run = await runCampaign(o.t, o.org, { k })
  const closed = await o.t.call('POST', `/api/campaigns/${run.campaignId}/close`, {
    auth: o.admin.token,
  })
  expect(closed.status, closed.text).toBe(200)
  expect(closed.json.campaign.status).toBe('released')
  const map = await o.t.call('GET', `/api/campaigns/${run.campaignId}/heatmap`, {
    auth: o.admin.token,
  })
  expect(map.status).toBe(200)
  return { ...o, ...run, map: map.json as Heatmap }
}

const byName = (map: Heatmap) => new Map(map.cells.map((c) => [c.name, c]))

describe('opening a campaign over HTTP', () => {
  it('is for admins and the group’s leads; to anyone else the group does not exist', async () => {
    const { t, org, admin, lead, salesLead, stranger, closesAt } = await organisation()
    const body = { groupId: org.rootId, surveyId: 'psychological-safety', k: 3, closesAt }
    const open = (token: string, extra: object = {}) =>
      t.call('POST', '/api/campaigns', { auth: token, body: { ...body, ...extra } })

    const byAdmin = await open(admin.token)
    expect(byAdmin.status, byAdmin.text).toBe(201)
    expect(byAdmin.json.campaign).toMatchObject({
      groupId: org.rootId,
      groupName: 'Acme',
      k: 3,
      status: 'open',
      teams: 7,
      releasedOn: null,
    })
    expect(byAdmin.json.delivery).toEqual({ mode: 'manual', sent: 0, failed: 0 })
    const byLead = await open(lead.token, { name: 'Lead’s pulse' })
    expect(byLead.status, byLead.text).toBe(201)
    expect(byLead.json.campaign.name).toBe('Lead’s pulse')
    const sales = await open(salesLead.token, { groupId: org.groups.get('Sales') })
    expect(sales.status).toBe(201)
    expect(sales.json.campaign.teams).toBe(2)

    // A lead of a group below, and a facilitator who leads nothing: as for a missing group.
    const missing = await open(stranger.token, { groupId: 'no-such-group' })
    for (const token of [stranger.token, salesLead.token]) {
      const refused = await open(token)
      expect(refused.status).toBe(404)
      expect(refused.text).toBe(missing.text)
    }

    const ids = async (token: string) =>
      (await t.call('GET', '/api/campaigns', { auth: token })).json.campaigns
        .map((c: { id: string }) => c.id)
        .sort()
    const all = [byAdmin, byLead, sales].map((r) => r.json.campaign.id as string).sort()
    expect(await ids(admin.token)).toEqual(all)
    expect(await ids(lead.token)).toEqual(all)
    // The Sales lead reads the campaigns over Acme too, for their part of them.
    expect(await ids(salesLead.token)).toEqual(all)
    expect(await ids(stranger.token)).toEqual([])

    const id = byAdmin.json.campaign.id
    const get = (token: string) => t.call('GET', `/api/campaigns/${id}`, { auth: token })
    expect((await get(lead.token)).json.campaign.id).toBe(id)
    expect((await get(stranger.token)).status).toBe(404)
    // Only a lead of its group (or above) closes it.
    const close = (token: string) => t.call('POST', `/api/campaigns/${id}/close`, { auth: token })
    expect((await close(salesLead.token)).json.error.code).toBe('admin_only')
    expect((await close(stranger.token)).status).toBe(404)
    expect((await close(lead.token)).status).toBe(200)
    expect((await close(lead.token)).json.error.code).toBe('campaign_closed')
  })

  it('refuses bad input with a 4xx that names the field, never a 500', async () => {
    const { t, org, admin, closesAt } = await organisation()
    const body = { groupId: org.rootId, surveyId: 'psychological-safety', closesAt }
    const open = (patch: object) =>
      t.call('POST', '/api/campaigns', { auth: admin.token, body: { ...body, ...patch } })
    const fieldOf = async (patch: object) => {
      const res = await open(patch)
      expect(res.status, res.text).toBe(400)
      return res.json.error.fields.map((f: { path: string }) => f.path)
    }
    expect(await fieldOf({ closesAt: undefined })).toEqual(['closesAt'])
    expect(await fieldOf({ closesAt: 'next friday' })).toEqual(['closesAt'])
    expect(await fieldOf({ closesAt: '2020-01-01T00:00:00Z' })).toEqual(['closesAt'])
    expect(await fieldOf({ k: 2 })).toEqual(['k'])
    expect(await fieldOf({ k: 3.5 })).toEqual(['k'])
    expect(await fieldOf({ groupId: '' })).toEqual(['groupId'])
    expect(await fieldOf({ name: 'x'.repeat(101) })).toEqual(['name'])
    expect(await fieldOf({ name: 'tab\tin it' })).toEqual(['name'])
    expect(await fieldOf({ reminders: ['soon'] })).toEqual(['reminders.0'])
    expect(await fieldOf({ surveyVersion: 0 })).toEqual(['surveyVersion'])
    expect((await t.call('POST', '/api/campaigns', { auth: admin.token, body: '{' })).status).toBe(
      400,
    )
    expect((await open({ surveyId: 'no-such-survey' })).status).toBe(404)
    const empty = await t.call('POST', '/api/groups', {
      auth: admin.token,
      body: { name: 'Empty', parentId: org.rootId },
    })
    const none = await open({ groupId: empty.json.group.id })
    expect(none.status).toBe(409)
    expect(none.json.error.code).toBe('campaign_no_teams')
    const capped = await organisation(ORG, { CAMPAIGN_MAX_TEAMS: '6' })
    const large = await capped.t.call('POST', '/api/campaigns', {
      auth: capped.admin.token,
      body: { ...body, groupId: capped.org.rootId },
    })
    expect(large.status).toBe(409)
    expect(large.json.error.code).toBe('campaign_too_large')
    const listed = await capped.t.call('GET', '/api/campaigns', { auth: capped.admin.token })
    expect(listed.json.campaigns).toEqual([])
    const long = 'x'.repeat(65)
    for (const path of [`/api/campaigns/${long}`, `/api/groups/${long}/trend`])
      expect((await t.call('GET', path, { auth: admin.token })).status).toBe(400)
  })
})

describe('a campaign’s rounds', () => {
  it('are run by each team’s facilitators but close only with the campaign, with its one k', async () => {
    const { t, org, admin, stranger } = await organisation()
    const platform = org.teams.get('Platform')!.id
    await facilitate(t, admin, platform, stranger.id)
    const { roundOf } = await runCampaign(t, org)
    const round = roundOf.get(platform)!
    const read = await t.call('GET', `/api/rounds/${round}`, { auth: stranger.token })
    expect(read.json.round).toMatchObject({ status: 'open', k: 3 })
    const close = await t.call('POST', `/api/rounds/${round}/close`, { auth: stranger.token })
    expect(close.status).toBe(409)
    expect(close.json.error.code).toBe('campaign_round')
    const raise = await t.call('PATCH', `/api/rounds/${round}`, {
      auth: stranger.token,
      body: { k: 5 },
    })
    expect(raise.status).toBe(409)
    expect(raise.json.error.code).toBe('campaign_round')
    expect(
      (await t.call('GET', `/api/rounds/${round}`, { auth: stranger.token })).json.round.k,
    ).toBe(3)
  })
})

/** Every value of a withheld cell but its place in the hierarchy (ids and depth). */
const withheldValues = ({ id: _, parentId: __, depth: ___, ...rest }: HeatmapCell) => rest

describe('a released campaign', () => {
  it('publishes by its ledger: a withheld cell carries no number, in JSON or CSV', async () => {
    const { t, admin, campaignId, map } = await released()
    const status = Object.fromEntries(map.cells.map((c) => [c.name, c.status]))
    expect(status).toEqual({
      Acme: 'published',
      Engineering: 'published',
      Mobile: 'protects_smaller',
      Platform: 'published',
      Tiny: 'fewer_than_k',
      Ops: 'published',
      Desk: 'protects_smaller',
      Web: 'fewer_than_k',
      Sales: 'published',
      East: 'published',
      West: 'published',
    })
    for (const cell of map.cells) {
      if (cell.status === 'published') {
        expect(cell.respondents).toBeGreaterThanOrEqual(3)
        expect(cell.scores).toHaveLength(1)
        continue
      }
      expect(cell).toMatchObject({ respondents: null, responseRate: null, scores: [] })
      expect(JSON.stringify(withheldValues(cell))).not.toMatch(/\d/)
    }

    const csv = await t.call('GET', `/api/campaigns/${campaignId}/heatmap.csv`, {
      auth: admin.token,
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const [header, ...rows] = parse(csv.text, { bom: true }) as string[][]
    expect(header!.slice(0, 5)).toEqual([
      'path',
      'kind',
      'status',
      'respondents',
      'response_rate_percent',
    ])
    expect(rows.map((r) => r[0])).toContain('Acme / Engineering / Platform')
    const withheld = rows.filter((r) => r[2] !== 'published')
    expect(withheld.map((r) => r[2]).sort()).toEqual([
      ...Array(2).fill('fewer than k'),
      ...Array(2).fill('withheld to protect a smaller group'),
    ])
    for (const row of withheld) expect(row.slice(3).join('')).toBe('')
    for (const row of rows.filter((r) => r[2] === 'published'))
      expect(row.slice(3).every((v) => /^-?[\d.]+$/.test(v))).toBe(true)

    const cell = (name: string) =>
      t.call('GET', `/api/campaigns/${campaignId}/cells/${byName(map).get(name)!.id}`, {
        auth: admin.token,
      })
    const mobile = (await cell('Mobile')).json
    expect(mobile).toMatchObject({ dimensions: [], items: [], cell: { respondents: null } })
    expect(JSON.stringify(withheldValues({ ...mobile.cell, scores: [] }))).not.toMatch(/\d/)
    const sales = (await cell('Sales')).json
    expect(sales.cell.respondents).toBe(13)
    expect(sales.dimensions).toHaveLength(1)
    expect(sales.children.map((c: { name: string }) => c.name)).toEqual(['East', 'West'])
    expect(JSON.stringify(sales)).not.toContain('comment')
    const missing = await t.call('GET', `/api/campaigns/${campaignId}/cells/nope`, {
      auth: admin.token,
    })
    expect(missing.status).toBe(404)
  })

  it('shows a lead of a group under its group that part only', async () => {
    const { t, org, salesLead, stranger, campaignId, map } = await released()
    const get = (path: string, token = salesLead.token) => t.call('GET', path, { auth: token })
    const theirs = (await get(`/api/campaigns/${campaignId}/heatmap`)).json as Heatmap
    expect(theirs.cells.map((c) => [c.name, c.depth])).toEqual([
      ['Sales', 0],
      ['East', 1],
      ['West', 1],
    ])
    const csv = await get(`/api/campaigns/${campaignId}/heatmap.csv`)
    const paths = (parse(csv.text, { bom: true }) as string[][]).slice(1).map((r) => r[0])
    expect(paths).toEqual(['Sales', 'Sales / East', 'Sales / West'])
    const platform = byName(map).get('Platform')!.id
    expect((await get(`/api/campaigns/${campaignId}/cells/${platform}`)).status).toBe(404)
    expect((await get(`/api/groups/${org.groups.get('Sales')}/trend`)).status).toBe(200)
    expect((await get(`/api/groups/${org.rootId}/trend`)).status).toBe(404)
    for (const path of ['', '/heatmap', '/heatmap.csv', `/cells/${platform}`]) {
      const theirs = await get(`/api/campaigns/${campaignId}${path}`, stranger.token)
      const missing = await get(`/api/campaigns/no-such-campaign${path}`, stranger.token)
      expect(theirs.status).toBe(404)
      expect(theirs.text).toBe(missing.text)
    }
  })

  it('gives a group’s trend as each campaign’s ledger decided it', async () => {
    const { t, org, admin } = await released()
    const trend = async (group: string) =>
      (await t.call('GET', `/api/groups/${org.groups.get(group)}/trend`, { auth: admin.token }))
        .json
    const sales = await trend('Sales')
    expect(sales).toMatchObject({ name: 'Sales', surveyId: 'psychological-safety' })
    expect(sales.points).toEqual([
      expect.objectContaining({ status: 'published', respondents: 13 }),
    ])
    expect(sales.points[0].scores).toHaveLength(1)
    // Closed early, a week before its time: the point says when it actually closed.
    expect(sales.points[0].closedOn).toBe(t.clock.now().toISOString().slice(0, 10))
    expect(sales.points[0].closesAt.slice(0, 10)).not.toBe(sales.points[0].closedOn)
    // Engineering's withheld teams (5 and 2 of 7 and 4 links) leave its total no give-away.
    const engineering = await trend('Engineering')
    expect(engineering.points).toEqual([
      expect.objectContaining({ status: 'published', respondents: 15 }),
    ])
  })

  it('shows a team’s group beside its report only where the ledger published both', async () => {
    const { t, org, admin, stranger, roundOf } = await released()
    const facilitator = await t.user('facilitator')
    for (const name of ['East', 'Platform', 'Mobile'])
      await facilitate(t, admin, org.teams.get(name)!.id, facilitator.id)
    const report = async (name: string) =>
      (
        await t.call('GET', `/api/rounds/${roundOf.get(org.teams.get(name)!.id)}/report`, {
          auth: facilitator.token,
        })
      ).json
    const east = await report('East')
    expect(east.released).toBe(true)
    expect(east.group).toMatchObject({ groupName: 'Sales', campaignName: 'Spring pulse' })
    expect(east.group.scores).toHaveLength(1)
    const platform = await report('Platform')
    expect(platform.released).toBe(true)
    expect(platform.group).toMatchObject({ groupName: 'Engineering' })
    const mobile = await report('Mobile')
    expect(mobile.released).toBe(false)
    expect(mobile.group ?? null).toBeNull()
    expect(JSON.stringify(mobile)).not.toContain('Engineering')

    // Through the team's share link too.
    const eastTeam = org.teams.get('East')!.id
    const link = await t.call('POST', `/api/teams/${eastTeam}/share-links`, {
      auth: facilitator.token,
    })
    const shared = await t.call('GET', `/api/shared/rounds/${roundOf.get(eastTeam)}/report`, {
      auth: link.json.token,
    })
    expect(shared.json.group).toMatchObject({ groupName: 'Sales' })

    // A round of no campaign has no `group` at all.
    const alone = (await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'Z' } }))
      .json.team
    await facilitate(t, admin, alone.id, stranger.id)
    const opened = await t.call('POST', `/api/teams/${alone.id}/rounds`, {
      auth: stranger.token,
      body: { surveyId: 'psychological-safety', closesAt: '2026-03-20T17:00:00Z', invitations: 0 },
    })
    await t.call('POST', `/api/rounds/${opened.json.round.id}/close`, { auth: stranger.token })
    const plain = await t.call('GET', `/api/rounds/${opened.json.round.id}/report`, {
      auth: stranger.token,
    })
    expect(plain.status).toBe(200)
    expect(plain.json).not.toHaveProperty('group')
  })
})

/** Every set of pairwise disjoint cells among `cells` (none inside another), the empty one too. */
function disjointSets(cells: readonly HeatmapCell[], inside: (a: string, b: string) => boolean) {
  const sets: HeatmapCell[][] = [[]]
  for (const cell of cells)
    for (const set of [...sets])
      if (set.every((c) => !inside(c.id, cell.id) && !inside(cell.id, c.id)))
        sets.push([...set, cell])
  return sets
}

describe('an adversary with the published heatmap', () => {
  const orgs: [OrgSpec, number][] = [
    [ORG, 3],
    [ORG, 5],
    [
      {
        Acme: {
          Engineering: { Platform: 8, Mobile: 5, Tiny: 2, Web: 0 },
          Sales: { East: 6, West: 7, North: { A: 3, B: 3, C: 1 } },
          Solo: 4,
        },
      },
      3,
    ],
  ]
  it.each(orgs)(
    'isolates no group of 1 to k−1 by any published cell minus published cells inside it (%#)',
    async (spec, k) => {
      const { map } = await released(spec, k)
      const parent = new Map(map.cells.map((c) => [c.id, c.parentId]))
      const inside = (a: string, b: string) => {
        for (let at = parent.get(a) ?? null; at; at = parent.get(at) ?? null)
          if (at === b) return true
        return false
      }
      const within = (a: string, b: string) => a === b || inside(a, b)
      const published = map.cells.filter((c) => c.status === 'published')
      const teams = map.cells.filter((c) => c.kind === 'team')
      let tried = 0
      for (const whole of published) {
        const parts = published.filter((c) => inside(c.id, whole.id))
        for (const set of disjointSets(parts, inside)) {
          const rest = whole.respondents! - set.reduce((s, c) => s + c.respondents!, 0)
          // The teams left in the difference: if any, it must not be 0 (they had nobody) either.
          const left = teams.filter(
            (t) => within(t.id, whole.id) && !set.some((c) => within(t.id, c.id)),
          )
          const what = `${whole.name} − ${set.map((c) => c.name).join(' − ')} = ${rest}`
          if (left.length === 0) expect(rest, what).toBe(0)
          else expect(rest >= k, what).toBe(true)
          tried += 1
        }
      }
      expect(tried).toBeGreaterThan(published.length)
    },
  )
})
