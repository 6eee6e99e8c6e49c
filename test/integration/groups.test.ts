import { describe, expect, it } from 'vitest'
import { asUser, OPERATOR } from '../../src/domain/actor'
import { groupsLedBy, requireGroup } from '../../src/services/groups'
import { testApp, type TestApp } from '../helpers/app'
import { dumpDatabase } from '../helpers/db'

/** An admin, and a helper that makes groups and teams over the API. */
async function organisation() {
  const t = await testApp()
  const admin = await t.user('admin')
  const auth = admin.token
  const group = async (name: string, parentId: string | null = null) => {
    const res = await t.call('POST', '/api/groups', { auth, body: { name, parentId } })
    expect(res.status, res.text).toBe(201)
    return res.json.group.id as string
  }
  const team = async (name: string, groupId: string | null = null) => {
    const id = (await t.call('POST', '/api/teams', { auth, body: { name } })).json.team.id
    if (groupId) await place(t, auth, id, groupId)
    return id as string
  }
  const tree = async (token = auth) => (await t.call('GET', '/api/groups', { auth: token })).json
  return { t, admin, auth, group, team, tree }
}

const place = (t: TestApp, auth: string, teamId: string, groupId: string | null) =>
  t.call('PUT', `/api/teams/${teamId}/group`, { auth, body: { groupId } })

describe('groups over the API', () => {
  it('nest groups, place teams and list the tree depth first', async () => {
    const { t, auth, group, team, tree } = await organisation()
    const acme = await group('Acme')
    const eng = await group('Engineering', acme)
    const platform = await group('Platform', eng)
    await group('Design', acme)
    const api = await team('API', platform)
    await team('Loose')
    const { groups, teams } = await tree()
    expect(groups.map((g: any) => `${g.depth}:${g.name}`)).toEqual([
      '1:Acme',
      '2:Design',
      '2:Engineering',
      '3:Platform',
    ])
    expect(groups[3]).toMatchObject({ id: platform, parentId: eng, teamIds: [api], leads: [] })
    expect(teams.map((x: any) => [x.name, x.groupId])).toEqual([
      ['API', platform],
      ['Loose', null],
    ])
    expect((await place(t, auth, api, null)).status).toBe(200)
    expect((await tree()).groups[3].teamIds).toEqual([])
  })

  it('moves a group with its sub-groups, and refuses a move under itself', async () => {
    const { t, auth, group, tree } = await organisation()
    const a = await group('A')
    const b = await group('B', a)
    const c = await group('C', b)
    const patch = (id: string, body: object) => t.call('PATCH', `/api/groups/${id}`, { auth, body })
    const before = dumpDatabase(t)
    for (const parentId of [a, b, c]) {
      const res = await patch(a, { parentId })
      expect(res.status).toBe(400)
      expect(res.json.error.fields).toEqual([
        {
          path: 'parentId',
          message: 'A group cannot move under itself or under one of its own sub-groups.',
        },
      ])
    }
    expect(dumpDatabase(t)).toBe(before)
    expect((await patch(c, { parentId: null, name: 'C2' })).json.group).toEqual({
      id: c,
      name: 'C2',
      parentId: null,
    })
    expect((await patch(b, { parentId: c })).status).toBe(200)
    expect((await tree()).groups.map((g: any) => `${g.depth}:${g.name}`)).toEqual([
      '1:A',
      '1:C2',
      '2:B',
    ])
    expect((await patch('nope', { name: 'X' })).status).toBe(404)
    expect((await patch(a, { parentId: 'nope' })).status).toBe(404)
    expect((await patch(a, {})).status).toBe(400)
  })

  it('keeps names plain, unique among siblings and at most 10 levels deep', async () => {
    const { t, auth, group } = await organisation()
    const top = await group('Top')
    const post = (name: string, parentId: string | null = top) =>
      t.call('POST', '/api/groups', { auth, body: { name, parentId } })
    for (const name of ['', ' ', 'x'.repeat(101), 'R/D', 'a\nb'])
      expect((await post(name)).json.error.fields[0].path, name).toBe('name')
    expect((await post('Top', null)).json.error.fields[0].message).toBe(
      'There is already a group named "Top" there; choose another name or another place.',
    )
    expect((await post('Top')).status).toBe(201)
    let parent = top
    for (let depth = 2; depth <= 10; depth++) parent = await group(`Level ${depth}`, parent)
    const deep = await post('Level 11', parent)
    expect(deep.status).toBe(400)
    expect(deep.json.error.message).toBe('Groups nest at most 10 levels deep; this would make 11.')
    expect((await post('Child', 'no-such-group')).status).toBe(404)
  })

  it('deletes only an empty group, saying what to move first', async () => {
    const { t, auth, group, team } = await organisation()
    const a = await group('A')
    const b = await group('B', a)
    const x = await team('X', a)
    const del = (id: string) => t.call('DELETE', `/api/groups/${id}`, { auth })
    const refused = await del(a)
    expect(refused.status).toBe(409)
    expect(refused.json.error.code).toBe('group_not_empty')
    expect(refused.json.error.message).toMatch(/^"A" still holds 1 sub-group, 1 team\. Move its/)
    t.raw
      .prepare(
        `INSERT INTO campaigns (id, group_id, name, survey_id, survey_version, k, opens_at,
          closes_at, status, created_by, created_at) VALUES ('c1', ?, 'Q1', 's', 1, 3, 'a', 'b',
          'open', 'x', 'y')`,
      )
      .run(b)
    expect((await del(b)).json.error.message).toMatch(/^"B" still holds 1 campaign\./)
    t.raw.prepare(`DELETE FROM campaigns`).run()
    expect((await del(b)).status).toBe(200)
    expect((await place(t, auth, x, null)).status).toBe(200)
    expect((await del(a)).status).toBe(200)
    expect((await del(a)).status).toBe(404)
  })
})

describe('group leads', () => {
  async function withLead() {
    const o = await organisation()
    const lead = await o.t.user('facilitator', 'lead@example.org')
    const acme = await o.group('Acme')
    const eng = await o.group('Engineering', acme)
    const platform = await o.group('Platform', eng)
    const sales = await o.group('Sales', acme)
    const api = await o.team('API', platform)
    await o.team('Deals', sales)
    const add = await o.t.call('POST', `/api/groups/${eng}/leads`, {
      auth: o.auth,
      body: { email: 'Lead@Example.org' },
    })
    expect(add.status).toBe(200)
    return { ...o, lead, acme, eng, platform, sales, api }
  }

  it('see their group and everything under it, and nothing else', async () => {
    const { t, lead, acme, eng, platform, sales, api, tree } = await withLead()
    const mine = await tree(lead.token)
    expect(mine.groups.map((g: any) => g.name)).toEqual(['Engineering', 'Platform'])
    expect(mine.groups[0].leads).toEqual(['lead@example.org'])
    expect(mine.teams).toEqual([{ id: api, name: 'API', groupId: platform }])
    const other = await t.user('facilitator')
    expect(await tree(other.token)).toEqual({ groups: [], teams: [] })

    // What other services build on: read access to one group, and the set a user leads.
    const as = asUser(lead)
    expect(await groupsLedBy(t.deps, as)).toEqual(new Set([eng, platform]))
    expect(await groupsLedBy(t.deps, asUser(other))).toEqual(new Set())
    expect(await groupsLedBy(t.deps, OPERATOR)).toBe('all')
    expect(await groupsLedBy(t.deps, { kind: 'share', teamId: api })).toEqual(new Set())
    for (const id of [eng, platform]) expect((await requireGroup(t.deps, as, id)).id).toBe(id)
    const missing = await requireGroup(t.deps, as, 'no-such-group').catch((e: unknown) => e)
    expect(missing).toMatchObject({ code: 'not_found', message: 'This group was not found.' })
    for (const id of [acme, sales]) {
      expect(await requireGroup(t.deps, as, id).catch((e: unknown) => e)).toEqual(missing)
      const share = await requireGroup(t.deps, { kind: 'share', teamId: api }, id).catch((e) => e)
      expect(share).toEqual(missing)
    }
    expect((await requireGroup(t.deps, OPERATOR, sales)).name).toBe('Sales')
  })

  it('may change nothing (403), and lose access when the role ends', async () => {
    const { t, auth, lead, eng, platform, api, tree } = await withLead()
    const before = dumpDatabase(t)
    for (const [method, path, body] of [
      ['POST', '/api/groups', { name: 'Mine', parentId: eng }],
      ['PATCH', `/api/groups/${platform}`, { name: 'Renamed' }],
      ['DELETE', `/api/groups/${platform}`, undefined],
      ['PUT', `/api/teams/${api}/group`, { groupId: eng }],
      ['POST', `/api/groups/${eng}/leads`, { email: 'lead@example.org' }],
      ['DELETE', `/api/groups/${eng}/leads`, { email: 'lead@example.org' }],
      ['POST', '/api/groups/import', { csv: 'path\nMine' }],
      ['GET', '/api/groups/export', undefined],
    ] as const) {
      const res = await t.call(method, path, { auth: lead.token, ...(body ? { body } : {}) })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.json.error.code).toBe('admin_only')
    }
    expect(dumpDatabase(t)).toBe(before)
    const remove = (email: string) =>
      t.call('DELETE', `/api/groups/${eng}/leads`, { auth, body: { email } })
    expect((await remove('lead@example.org')).status).toBe(200)
    expect((await remove('lead@example.org')).status).toBe(404)
    expect((await remove('nobody@example.org')).status).toBe(404)
    expect((await tree(lead.token)).groups).toEqual([])
    expect(await groupsLedBy(t.deps, asUser(lead))).toEqual(new Set())
  })

  it('are existing, enabled accounts', async () => {
    const { t, auth, eng, lead } = await withLead()
    const add = (email: string) =>
      t.call('POST', `/api/groups/${eng}/leads`, { auth, body: { email } })
    expect((await add('nobody@example.org')).status).toBe(404)
    expect((await add('not an address')).json.error.fields[0].path).toBe('email')
    await t.call('PATCH', `/api/users/${lead.id}`, { auth, body: { disabled: true } })
    expect((await add('lead@example.org')).json.error.code).toBe('account_disabled')
  })
})
