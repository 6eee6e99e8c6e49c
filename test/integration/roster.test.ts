import { describe, expect, it } from 'vitest'
import { MAX_ROSTER } from '../../src/domain/roster'
import { teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { dumpDatabase } from '../helpers/db'
import { checkedCalls, documentChecker, fetchDocument } from '../helpers/openapi'

/** A team with an empty roster, its admin and its facilitator; helpers to call as the admin. */
async function rosterTeam() {
  const t = await testApp()
  const setup = await teamWithFacilitator(t, 'Platform', 0)
  const base = `/api/teams/${setup.team.id}`
  const asAdmin = (method: string, path: string, body?: unknown) =>
    t.call(method, `${base}${path}`, { auth: setup.admin.token, body })
  const csv = (text: string, query = '', auth = setup.admin.token) =>
    t.call('POST', `${base}/members.csv${query}`, {
      auth,
      body: text,
      headers: { 'content-type': 'text/csv' },
    })
  const roster = async () =>
    (await asAdmin('GET', '/members')).json.members.map(
      (m: { email: string | null; name: string | null; locale: string }) =>
        [m.email, m.name, m.locale].join('|'),
    )
  return { t, ...setup, base, asAdmin, csv, roster }
}

/** Expects `request` to be refused with `status` and to leave every table as it was. */
async function refusedUnchanged<R extends { status: number }>(
  t: TestApp,
  status: number,
  request: () => Promise<R>,
): Promise<R> {
  const before = dumpDatabase(t)
  const res = await request()
  expect(res.status).toBe(status)
  expect(dumpDatabase(t)).toBe(before)
  return res
}

describe('the roster API', () => {
  it('adds, lists, changes and removes members', async () => {
    const { t, team, facilitator, base, asAdmin } = await rosterTeam()
    const ada = await asAdmin('POST', '/members', { email: ' Ada@Example.org ', name: 'Ada' })
    expect(ada.status).toBe(201)
    expect(ada.json.member).toMatchObject({ email: 'ada@example.org', name: 'Ada', locale: 'en' })
    const byHand = await asAdmin('POST', '/members', { name: 'Bo', locale: 'de' })
    expect(byHand.json.member).toMatchObject({ email: null, name: 'Bo', locale: 'de', position: 2 })

    const list = await t.call('GET', `${base}/members`, { auth: facilitator.token })
    expect(list.status).toBe(200)
    expect(list.json.team).toMatchObject({ id: team.id, timeZone: 'UTC', rotation: false })
    expect(list.json.members.map((m: { name: string }) => m.name)).toEqual(['Ada', 'Bo'])

    // Left-out fields keep their value; null clears.
    const id = ada.json.member.id
    const renamed = await asAdmin('PATCH', `/members/${id}`, { name: 'Ada L.' })
    expect(renamed.status).toBe(200)
    expect(renamed.json.member).toMatchObject({ email: 'ada@example.org', name: 'Ada L.' })
    const cleared = await asAdmin('PATCH', `/members/${id}`, { email: null, locale: 'DE' })
    expect(cleared.json.member).toMatchObject({ email: null, name: 'Ada L.', locale: 'de' })
    const nobody = await asAdmin('PATCH', `/members/${id}`, { name: null })
    expect(nobody.status).toBe(400)
    expect(nobody.json.error.fields).toEqual([
      {
        path: 'email',
        message: 'Give an email address, or a name for someone who gets their link by hand.',
      },
    ])

    expect((await asAdmin('DELETE', `/members/${id}`)).json).toEqual({ ok: true })
    expect((await asAdmin('DELETE', `/members/${id}`)).status).toBe(404)
    expect((await asAdmin('PATCH', `/members/${id}`, { name: 'X' })).status).toBe(404)
    expect((await asAdmin('GET', '/members')).json.members).toHaveLength(1)
  })

  it('refuses bad members with a message per field, changing nothing', async () => {
    const { t, asAdmin } = await rosterTeam()
    await asAdmin('POST', '/members', { email: 'ada@example.org' })
    const bad = await refusedUnchanged(t, 400, () =>
      asAdmin('POST', '/members', { email: 'not-an-address', name: 'x'.repeat(101), locale: 'fr' }),
    )
    expect(bad.json.error.code).toBe('invalid_input')
    expect(bad.json.error.fields).toEqual([
      { path: 'email', message: '"not-an-address" is not an email address.' },
      { path: 'name', message: 'Keep the name to 100 characters.' },
      { path: 'locale', message: '"fr" is not a language we speak; choose en, de.' },
    ])
    const lineBreak = await refusedUnchanged(t, 400, () =>
      asAdmin('POST', '/members', { name: 'Ada\nLovelace' }),
    )
    expect(lineBreak.json.error.fields[0].path).toBe('name')
    const empty = await refusedUnchanged(t, 400, () => asAdmin('POST', '/members', {}))
    expect(empty.json.error.fields[0].message).toMatch(/email address, or a name/)
    const taken = await refusedUnchanged(t, 409, () =>
      asAdmin('POST', '/members', { email: 'ADA@example.org' }),
    )
    expect(taken.json.error).toMatchObject({
      code: 'email_taken',
      message: 'ada@example.org is on this roster already.',
    })
    await refusedUnchanged(t, 400, () => asAdmin('POST', '/members', { email: 42 }))
    await refusedUnchanged(t, 400, () =>
      t.call('POST', '/api/teams/x/members', { body: '{"email":', auth: 'x' }),
    )
  })

  it('imports JSON: updates by address, adds the rest, and replaces on request', async () => {
    const { asAdmin, roster } = await rosterTeam()
    await asAdmin('POST', '/members', { email: 'ada@example.org', name: 'Ada' })
    await asAdmin('POST', '/members', { email: 'old@example.org' })
    await asAdmin('POST', '/members', { name: 'Bo' })
    const first = await asAdmin('POST', '/members/import', {
      members: [
        { email: 'ada@example.org', name: 'Ada Lovelace', locale: 'de' },
        { email: 'cy@example.org' },
        { name: 'Bo' },
      ],
    })
    expect(first.status).toBe(200)
    expect(first.json).toMatchObject({ added: 1, updated: 1, removed: 0 })
    expect(await roster()).toEqual([
      'ada@example.org|Ada Lovelace|de',
      'old@example.org||en',
      '|Bo|en',
      'cy@example.org||en',
    ])
    const replaced = await asAdmin('POST', '/members/import', {
      members: [{ email: 'cy@example.org' }, { name: 'Bo' }, { name: 'Di' }],
      replace: true,
    })
    expect(replaced.json).toMatchObject({ added: 1, updated: 0, removed: 2 })
    expect(await roster()).toEqual(['|Bo|en', 'cy@example.org||en', '|Di|en'])
  })

  it('refuses a whole import for one bad or repeated row, naming it', async () => {
    const { t, asAdmin } = await rosterTeam()
    await asAdmin('POST', '/members', { email: 'ada@example.org' })
    const bad = await refusedUnchanged(t, 400, () =>
      asAdmin('POST', '/members/import', {
        members: [{ email: 'new@example.org' }, { email: 'broken' }, { locale: 'en' }],
        replace: true,
      }),
    )
    expect(bad.json.error.fields).toEqual([
      { path: 'members.1.email', message: '"broken" is not an email address.' },
      {
        path: 'members.2.email',
        message: 'Give an email address, or a name for someone who gets their link by hand.',
      },
    ])
    const twice = await refusedUnchanged(t, 409, () =>
      asAdmin('POST', '/members/import', {
        members: [{ email: 'b@example.org' }, { email: 'B@example.org' }],
      }),
    )
    expect(twice.json.error.code).toBe('email_taken')
    expect(twice.json.error.fields).toEqual([
      {
        path: 'members.1.email',
        message:
          'b@example.org is listed more than once; list each person once, so nobody gets two links.',
      },
    ])
  })

  it(`refuses more than ${MAX_ROSTER} members, by JSON, by CSV and in total`, async () => {
    const { t, asAdmin, csv } = await rosterTeam()
    const people = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({ email: `p${from + i}@example.org` }))
    const json = await refusedUnchanged(t, 400, () =>
      asAdmin('POST', '/members/import', { members: people(MAX_ROSTER + 1) }),
    )
    expect(json.json.error.message).toContain(`at most ${MAX_ROSTER} people`)
    const lines = ['email', ...people(MAX_ROSTER + 1).map((p) => p.email)].join('\n')
    const file = await refusedUnchanged(t, 400, () => csv(lines))
    expect(file.json.error.message).toBe(
      `A roster holds at most ${MAX_ROSTER} people (this would make ${MAX_ROSTER + 1}).`,
    )
    expect((await asAdmin('POST', '/members/import', { members: people(MAX_ROSTER) })).status).toBe(
      200,
    )
    await refusedUnchanged(t, 400, () => asAdmin('POST', '/members', { email: 'one@example.org' }))
    await refusedUnchanged(t, 400, () =>
      asAdmin('POST', '/members/import', { members: people(1, MAX_ROSTER) }),
    )
  })
})

describe('importing a roster CSV', () => {
  it('reads semicolons, a BOM, CRLF, quoted separators, odd titles and neutralised cells', async () => {
    const { csv, roster } = await rosterTeam()
    const text =
      '\uFEFFE-Mail;Name;Sprache;LANGUAGE\r\n' +
      'ada@example.org;"Lovelace; Ada";x;de\r\n' +
      ';;;\r\n' +
      '\r\n' +
      ';\'=HYPERLINK("x");;en\r\n' +
      "'-x@example.org;'@Bo;;\r\n"
    const res = await csv(text)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ added: 3, updated: 0, removed: 0 })
    expect(await roster()).toEqual([
      'ada@example.org|Lovelace; Ada|de',
      '|=HYPERLINK("x")|en',
      '-x@example.org|@Bo|en',
    ])
    const comma = await csv('name,email,locale\n"Doe, Jane",jane@example.org,DE\n')
    expect(comma.json.added).toBe(1)
    expect((await roster()).at(-1)).toBe('jane@example.org|Doe, Jane|de')
    const tabs = await csv('email\tname\n\tCy\n')
    expect(tabs.json.added).toBe(1)
  })

  it('takes the CSV as JSON too, and replaces the roster with ?replace=true', async () => {
    const { t, base, admin, csv, roster } = await rosterTeam()
    await csv('email,name\nada@example.org,Ada\nbo@example.org,Bo\n')
    const res = await t.call('POST', `${base}/members.csv?replace=true`, {
      auth: admin.token,
      body: { csv: 'email,name\nbo@example.org,Bo B.\ncy@example.org,\n' },
    })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ added: 1, updated: 1, removed: 1 })
    expect(await roster()).toEqual(['bo@example.org|Bo B.|en', 'cy@example.org||en'])
    const bad = await csv('email\nx@example.org\n', '?replace=yes')
    expect(bad.status).toBe(400)
    expect(bad.json.error.fields[0].path).toBe('replace')
  })

  it('names the CSV line and field of each problem, changing nothing', async () => {
    const { t, csv } = await rosterTeam()
    const res = await refusedUnchanged(t, 400, () =>
      csv('email,name,language\n\nok@example.org,Ok,en\nbroken,,en\n,"Two\nlines",fr\n'),
    )
    expect(res.json.error.fields).toEqual([
      { path: 'members.4.email', message: 'Line 4: "broken" is not an email address.' },
      {
        path: 'members.5.name',
        message:
          'Line 5: Write the name on one line, without line breaks, tabs or other control characters.',
      },
      {
        path: 'members.5.locale',
        message: 'Line 5: "fr" is not a language we speak; choose en, de.',
      },
    ])
    const twice = await refusedUnchanged(t, 409, () =>
      csv('email\na@example.org\nb@example.org\nA@example.org\n'),
    )
    expect(twice.json.error.fields).toEqual([
      {
        path: 'members.4.email',
        message:
          'Line 4: a@example.org is listed more than once; list each person once, so nobody gets two links.',
      },
    ])
  })

  it('refuses what it cannot read, saying why and where', async () => {
    const { t, csv, base, admin } = await rosterTeam()
    const reason = async (text: string) =>
      (await refusedUnchanged(t, 400, () => csv(text))).json.error.message as string
    expect(await reason('')).toMatch(/empty.*email,name,language/)
    expect(await reason('ada@example.org,Ada\n')).toMatch(/line 1 must name the columns/)
    expect(await reason('email,name\n')).toMatch(/no members/)
    expect(await reason('email,Email\nx@example.org,y\n')).toMatch(/more than one email column/)
    expect(await reason('email,name\na@example.org,"Ada\nb@example.org,Bo\n')).toMatch(
      /never closed.*line 2/,
    )
    expect(await reason('email,name\na@example.org,"Ada"x\n')).toMatch(/line 2 has text/)
    // Windows-1252, as Excel writes a "CSV" without UTF-8: refused, not garbled.
    const latin1 = await refusedUnchanged(t, 400, async () => {
      const res = await t.app.request(`${base}/members.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
        body: new Uint8Array([...Buffer.from('name\nJ'), 0xfc, ...Buffer.from('rgen\n')]),
      })
      return { status: res.status, json: await res.json() }
    })
    expect(latin1.json.error.message).toContain('UTF-8')
    const media = await refusedUnchanged(t, 415, () =>
      t.call('POST', `${base}/members.csv`, {
        auth: admin.token,
        body: 'email\na@example.org',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    )
    expect(media.json.error.message).toContain('text/csv')
    const noCsv = await refusedUnchanged(t, 400, () =>
      t.call('POST', `${base}/members.csv`, { auth: admin.token, body: { text: 'x' } }),
    )
    expect(noCsv.json.error.fields[0].path).toBe('csv')
    await refusedUnchanged(t, 400, () =>
      t.call('POST', `${base}/members.csv`, {
        auth: admin.token,
        body: '{"csv":',
        headers: { 'content-type': 'application/json' },
      }),
    )
  })

  it('exports CSV that imports back to the same roster, formulas neutralised', async () => {
    const { t, base, facilitator, asAdmin, csv, roster } = await rosterTeam()
    await asAdmin('POST', '/members/import', {
      members: [
        { email: 'ada@example.org', name: '=HYPERLINK("http://evil")', locale: 'de' },
        { name: "'=already quoted" },
        { name: 'Doe, "Jane"' },
        { email: 'bo@example.org', name: '-5' },
        { name: '@Cy' },
      ],
    })
    const before = await roster()
    const exported = await t.call('GET', `${base}/members.csv`, { auth: facilitator.token })
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(exported.headers.get('cache-control')).toBe('no-store')
    expect(exported.text).toBe(
      'email,name,language\n' +
        'ada@example.org,"\'=HYPERLINK(""http://evil"")",de\n' +
        ",''=already quoted,en\n" +
        ',"Doe, ""Jane""",en\n' +
        'bo@example.org,-5,en\n' +
        ",'@Cy,en\n",
    )
    // Into the same team: nothing changes, not even with replace.
    const again = await csv(exported.text, '?replace=true')
    expect(again.json).toMatchObject({ added: 0, updated: 0, removed: 0 })
    expect(await roster()).toEqual(before)
    // Into another team: the same roster.
    const other = (
      await t.call('POST', '/api/teams', {
        auth: (await t.user('admin')).token,
        body: { name: 'B' },
      })
    ).json.team
    const copy = await rosterTeamImport(t, other.id, exported.text)
    expect(copy).toEqual(before)
  })
})

/** Imports CSV into a team as a new admin; the roster as `email|name|locale` rows. */
async function rosterTeamImport(t: TestApp, teamId: string, text: string) {
  const admin = await t.user('admin')
  const res = await t.call('POST', `/api/teams/${teamId}/members.csv`, {
    auth: admin.token,
    body: text,
    headers: { 'content-type': 'text/csv' },
  })
  expect(res.status).toBe(200)
  return res.json.members.map((m: { email: string | null; name: string | null; locale: string }) =>
    [m.email, m.name, m.locale].join('|'),
  )
}

describe('who may see and change a roster', () => {
  it('lets the team’s facilitators read it, and refuses every change with 403 admin_only', async () => {
    const { t, facilitator, base, asAdmin, csv } = await rosterTeam()
    const id = (await asAdmin('POST', '/members', { email: 'ada@example.org' })).json.member.id
    const as = (method: string, path: string, body?: unknown) =>
      t.call(method, `${base}${path}`, { auth: facilitator.token, body })
    expect((await as('GET', '/members')).status).toBe(200)
    expect((await as('GET', '/members.csv')).status).toBe(200)
    const changes = [
      () => as('POST', '/members', { email: 'new@example.org' }),
      () => as('POST', '/members/import', { members: [{ email: 'new@example.org' }] }),
      () => csv('email\nnew@example.org\n', '', facilitator.token),
      () => as('PATCH', `/members/${id}`, { name: 'X' }),
      () => as('DELETE', `/members/${id}`),
      () => t.call('PATCH', base, { auth: facilitator.token, body: { timeZone: 'Europe/Berlin' } }),
    ]
    for (const change of changes) {
      const res = await refusedUnchanged(t, 403, change)
      expect(res.json.error).toEqual({ code: 'admin_only', message: 'Only an admin can do this.' })
    }
  })

  it('answers another team’s facilitator as for a missing team, and 401 without sign-in or with a share link', async () => {
    const { t, base, admin, asAdmin } = await rosterTeam()
    const id = (await asAdmin('POST', '/members', { email: 'ada@example.org' })).json.member.id
    const stranger = await t.user('facilitator')
    const share = (await t.call('POST', `${base}/share-links`, { auth: admin.token })).json.token
    const requests: [string, string, unknown?][] = [
      ['GET', '/members'],
      ['GET', '/members.csv'],
      ['POST', '/members', { email: 'new@example.org' }],
      ['POST', '/members/import', { members: [] }],
      ['POST', '/members.csv', { csv: 'email\nnew@example.org' }],
      ['PATCH', `/members/${id}`, { name: 'X' }],
      ['DELETE', `/members/${id}`],
    ]
    for (const [method, path, body] of requests) {
      const call = (auth?: string) => t.call(method, `${base}${path}`, { auth, body })
      const key = `${method} ${path}`
      // Reading another team's roster looks like reading a missing one; changing any roster is
      // for admins only, whatever the team, so neither answer tells whether the team exists.
      const read = method === 'GET'
      const other = await refusedUnchanged(t, read ? 404 : 403, () => call(stranger.token))
      expect(other.json.error.code, key).toBe(read ? 'not_found' : 'admin_only')
      const missing = await t.call(method, `/api/teams/nope${path}`, {
        auth: stranger.token,
        body,
      })
      expect(missing.json.error, key).toEqual(other.json.error)
      if (read) expect((await call(admin.token)).status, key).toBe(200)
      for (const auth of [undefined, share, 'qat_not-a-token']) {
        const res = await refusedUnchanged(t, 401, () => call(auth))
        expect(res.json.error.code, key).toEqual(
          auth === share ? 'sign_in_required' : expect.any(String),
        )
      }
    }
  })
})

describe('team settings', () => {
  it('sets the time zone and rotation, refusing unknown zones and rotation without addresses', async () => {
    const { t, team, base, admin, asAdmin } = await rosterTeam()
    const patch = (body: unknown) => t.call('PATCH', base, { auth: admin.token, body })
    const mars = await refusedUnchanged(t, 400, () => patch({ timeZone: 'Mars/Base' }))
    expect(mars.json.error.message).toBe(
      '"Mars/Base" is not a time zone; use a name such as Europe/Berlin or America/New_York.',
    )
    expect(mars.json.error.fields).toEqual([{ path: 'timeZone', message: mars.json.error.message }])
    await refusedUnchanged(t, 400, () => patch({}))
    await refusedUnchanged(t, 400, () => patch({ rotation: 'on' }))

    await asAdmin('POST', '/members', { name: 'By hand' })
    const rotation = await refusedUnchanged(t, 409, () =>
      patch({ rotation: true, timeZone: 'Europe/Berlin', name: 'Renamed' }),
    )
    expect(rotation.json.error.code).toBe('rotation_needs_roster')

    const zone = await patch({ timeZone: ' Europe/Berlin ' })
    expect(zone.status).toBe(200)
    expect(zone.json).toMatchObject({
      ok: true,
      team: { timeZone: 'Europe/Berlin', rotation: false },
    })
    await asAdmin('POST', '/members', { email: 'ada@example.org' })
    const both = await patch({ rotation: true, name: 'Platform 2' })
    expect(both.json.team).toMatchObject({
      id: team.id,
      name: 'Platform 2',
      timeZone: 'Europe/Berlin',
      rotation: true,
      chatHint: null,
    })
    expect((await patch({ name: 'Only renamed' })).json).toEqual({
      ok: true,
      team: { ...both.json.team, name: 'Only renamed' },
    })
    const listed = (await t.call('GET', '/api/teams', { auth: admin.token })).json.teams
    expect(listed[0]).toMatchObject({ timeZone: 'Europe/Berlin', rotation: true })
  })
})

describe('the roster operations against /openapi.json', () => {
  it('answer only declared statuses with declared bodies', async () => {
    const { t, base, admin, facilitator } = await rosterTeam()
    const doc = await fetchDocument(t)
    const checker = documentChecker(doc)
    const call = checkedCalls(t, checker)
    const as = (auth: string, method: string, path: string, body?: unknown) =>
      call(method, `${base}${path}`, { auth, body })
    const added = await as(admin.token, 'POST', '/members', { email: 'ada@example.org' })
    const id = added.json.member.id
    await as(admin.token, 'POST', '/members', { email: 'ada@example.org' })
    await as(admin.token, 'POST', '/members', { email: 'x' })
    await as(facilitator.token, 'POST', '/members', { name: 'X' })
    await as(admin.token, 'GET', '/members')
    await as(admin.token, 'GET', '/members.csv')
    await as(admin.token, 'POST', '/members/import', { members: [{ name: 'Bo' }] })
    await as(admin.token, 'POST', '/members.csv', { csv: 'email\ncy@example.org\n' })
    await call('POST', `${base}/members.csv?replace=true`, {
      auth: admin.token,
      body: 'email\ncy@example.org\nada@example.org\n',
      headers: { 'content-type': 'text/csv' },
    })
    await call('POST', `${base}/members.csv`, {
      auth: admin.token,
      body: 'x',
      headers: { 'content-type': 'text/html' },
    })
    await as(admin.token, 'PATCH', `/members/${id}`, { name: 'Ada' })
    await as(admin.token, 'PATCH', '/members/nope', { name: 'Ada' })
    await as(admin.token, 'PATCH', '', { timeZone: 'Europe/Berlin', rotation: true })
    await as(admin.token, 'DELETE', `/members/${id}`)
    await as(admin.token, 'GET', '/members.csv')
    const operations = [
      'listMembers',
      'getMembersCsv',
      'addMember',
      'importMembers',
      'importMembersCsv',
      'updateMember',
      'removeMember',
      'renameTeam',
    ]
    for (const id of operations)
      expect(
        [...(checker.seen.get(id) ?? [])].some((s) => s < 300),
        id,
      ).toBe(true)
    expect([...checker.seen.get('addMember')!].sort()).toEqual([201, 400, 403, 409])
    expect(checker.seen.get('importMembersCsv')).toContain(415)
  })
})

describe('names that could pass for others', () => {
  it('refuses control characters and direction overrides in team and member names', async () => {
    const t = await testApp()
    const { admin, team } = await teamWithFacilitator(t, 'Platform', 0)
    for (const name of ['A\u0000B', 'Line\nbreak', 'Ev\u202Eil', 'x\u2066y']) {
      const renamed = await t.call('PATCH', `/api/teams/${team.id}`, {
        auth: admin.token,
        body: { name },
      })
      expect(renamed.status, JSON.stringify(name)).toBe(400)
      const member = await t.call('POST', `/api/teams/${team.id}/members`, {
        auth: admin.token,
        body: { name },
      })
      expect(member.status, JSON.stringify(name)).toBe(400)
    }
    const kept = await t.call('GET', `/api/teams/${team.id}`, { auth: admin.token })
    expect(kept.json.team.name).toBe('Platform')
  })
})
