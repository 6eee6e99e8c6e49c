import { describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app'
import { dumpDatabase } from '../helpers/db'

async function withTeams(...names: string[]) {
  const t = await testApp()
  const admin = await t.user('admin')
  const auth = admin.token
  for (const name of names) await t.call('POST', '/api/teams', { auth, body: { name } })
  const upload = (csv: string) =>
    t.call('POST', '/api/groups/import', {
      auth,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    })
  const exported = async () => (await t.call('GET', '/api/groups/export', { auth })).text
  const paths = async () =>
    (await t.call('GET', '/api/groups', { auth })).json.groups.map(
      (g: { depth: number; name: string }) => `${'  '.repeat(g.depth - 1)}${g.name}`,
    )
  return { t, auth, upload, exported, paths }
}

describe('importing groups from CSV', () => {
  it('creates the groups of each path, places teams, and round-trips through the export', async () => {
    const { upload, exported, paths } = await withTeams('API', 'Web', 'Deals')
    const csv = [
      '\uFEFFPath;Team',
      'Acme / Engineering / Platform;API',
      'Acme / Engineering / Platform;Web',
      '',
      'Acme/Sales;Deals',
      'Acme / Design;',
    ].join('\r\n')
    const res = await upload(csv)
    expect(res.status, res.text).toBe(200)
    expect(res.json).toEqual({ created: 5, placed: 3 })
    expect(await paths()).toEqual(['Acme', '  Design', '  Engineering', '    Platform', '  Sales'])
    const file = await exported()
    expect(file).toBe(
      'path,team\nAcme,\nAcme / Design,\nAcme / Engineering,\nAcme / Engineering / Platform,\n' +
        'Acme / Engineering / Platform,API\nAcme / Engineering / Platform,Web\nAcme / Sales,\n' +
        'Acme / Sales,Deals\n',
    )
    expect((await upload(file)).json).toEqual({ created: 0, placed: 0 })
    expect(await exported()).toBe(file)
  })

  it('finds existing groups by name under the same parent', async () => {
    const { upload, paths } = await withTeams('API')
    await upload('path\nAcme / Engineering')
    const res = await upload('path,team\nAcme / Engineering / Platform,API\nOther / Engineering,')
    expect(res.json).toEqual({ created: 3, placed: 1 })
    expect(await paths()).toEqual([
      'Acme',
      '  Engineering',
      '    Platform',
      'Other',
      '  Engineering',
    ])
  })

  it('changes nothing when a line has a problem, and names every such line', async () => {
    const { t, upload } = await withTeams('API', 'Twin', 'Twin')
    const before = dumpDatabase(t)
    const res = await upload(
      [
        'path,team',
        'Acme / Engineering,API',
        'Acme / Sales,Nobody',
        'Acme / Sales,Twin',
        'Acme / Ops,API',
        ',API',
        'Acme /  / Gap,',
        Array.from({ length: 11 }, (_, i) => `L${i}`).join(' / '),
      ].join('\n'),
    )
    expect(res.status).toBe(400)
    expect(res.json.error.message).toBe(
      'Nothing was imported: lines 3, 4, 5, 6, 7, 8 of the CSV need attention.',
    )
    expect(res.json.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'csv.3.team',
      'csv.4.team',
      'csv.5.team',
      'csv.6.path',
      'csv.7.path',
      'csv.8.path',
    ])
    expect(res.json.error.fields[0].message).toBe(
      'Line 3: there is no team named "Nobody"; create it first, or write its name exactly as it is.',
    )
    expect(res.json.error.fields[2].message).toBe(
      'Line 5: "API" is put in another group on line 2; a team is in one group only.',
    )
    expect(dumpDatabase(t)).toBe(before)
  })

  it('says what is wrong with the file itself', async () => {
    const { t, auth, upload } = await withTeams()
    const reason = async (csv: string) => (await upload(csv)).json.error.message
    expect(await reason('')).toMatch(/it is empty/)
    expect(await reason('name,team\nAcme,')).toMatch(/must name the columns, e.g. path,team/)
    expect(await reason('path\n')).toMatch(/lists no groups/)
    expect(await reason('path\n"Acme')).toMatch(/quoted value is never closed/)
    const json = await t.call('POST', '/api/groups/import', { auth, body: { csv: 'path\nAcme' } })
    expect(json.json).toEqual({ created: 1, placed: 0 })
    const xml = await t.call('POST', '/api/groups/import', {
      auth,
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    })
    expect(xml.status).toBe(415)
  })

  it('neutralises formulas in the export and reads them back as written', async () => {
    const { upload, exported, paths } = await withTeams()
    await upload('path\n"=cmd()"')
    expect(await exported()).toBe("path,team\n'=cmd(),\n")
    expect((await upload(await exported())).json).toEqual({ created: 0, placed: 0 })
    expect(await paths()).toEqual(['=cmd()'])
  })
})
