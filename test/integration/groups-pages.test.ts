import { describe, expect, it } from 'vitest'
import { testApp, type TestApp } from '../helpers/app'
import { dumpDatabase } from '../helpers/db'

const COOKIE = '__Host-quorum_session'
const sameOrigin = { origin: 'null', 'sec-fetch-site': 'same-origin' }

/** A signed-in browser: pages as text, forms posted with the page's CSRF token. */
async function browser(t: TestApp, email: string) {
  const signIn = await t.app.request('/signin', {
    method: 'POST',
    headers: { ...sameOrigin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'correct horse battery' }).toString(),
  })
  const cookie = signIn.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${COOKIE}=`))!
    .split(';')[0]!
  const answer = async (res: Response) => ({
    status: res.status,
    text: await res.text(),
    location: res.headers.get('location'),
  })
  const get = async (path: string) => answer(await t.app.request(path, { headers: { cookie } }))
  const csrf = (await get('/teams')).text.match(/name="_csrf" value="([^"]+)"/)![1]!
  const post = async (path: string, fields: Record<string, string | Blob> = {}) => {
    const files = Object.values(fields).some((v) => typeof v !== 'string')
    const body = files ? new FormData() : new URLSearchParams()
    for (const [key, value] of Object.entries({ ...fields, _csrf: csrf }))
      if (typeof value === 'string') body.append(key, value)
      else (body as FormData).append(key, value, 'groups.csv')
    const headers: Record<string, string> = { ...sameOrigin, cookie }
    if (!files) headers['content-type'] = 'application/x-www-form-urlencoded'
    return answer(await t.app.request(path, { method: 'POST', headers, body }))
  }
  return { get, post }
}

async function signedInAdmin() {
  const t = await testApp()
  const admin = await t.user('admin')
  const page = await browser(t, admin.email)
  const create = async (name: string, parentId = '') => {
    const res = await page.post('/groups', { name, parentId })
    expect(res.status).toBe(303)
    return /^\/groups\/([\w-]+)\?done=created$/.exec(res.location!)![1]!
  }
  return { t, admin, page, create }
}

describe('the groups pages', () => {
  it('let an admin add, nest, rename and move groups, with problems by the fields', async () => {
    const { page, create } = await signedInAdmin()
    const empty = await page.get('/groups')
    expect(empty.text).toContain('href="/groups">Groups</a>')
    expect(empty.text).toContain('There are no groups yet.')
    expect(empty.text).toContain('<label for="f-name">Name</label>')
    const acme = await create('Acme')
    expect((await page.get(`/groups/${acme}?done=created`)).text).toContain('Created the group.')
    const eng = await create('Engineering', acme)
    const tree = (await page.get('/groups')).text
    expect(tree).toMatch(
      new RegExp(
        `<a href="/groups/${acme}">Acme</a><ul class="tree"><li><a href="/groups/${eng}">`,
      ),
    )
    const bad = await page.post('/groups', { name: 'R/D', parentId: acme })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('without “/”')
    expect(bad.text).toContain('value="R/D"')

    const loop = await page.post(`/groups/${acme}/move`, { parentId: eng })
    expect(loop.status).toBe(400)
    expect(loop.text).toContain(
      'A group cannot move under itself or under one of its own sub-groups.',
    )
    const moved = await page.post(`/groups/${eng}/move`, { parentId: '' })
    expect(moved.location).toBe(`/groups/${eng}?done=moved`)
    const renamed = await page.post(`/groups/${eng}/rename`, { name: 'Eng' })
    expect((await page.get(renamed.location!)).text).toContain('<h1>Eng</h1>')
    // The move select leaves out the group itself and everything under it.
    const acmePage = (await page.get(`/groups/${acme}`)).text
    expect(acmePage).not.toContain(`<option value="${acme}"`)
    expect(acmePage).toContain(`<option value="${eng}"`)
  })

  it('put teams in groups, add leads and delete an empty group after asking', async () => {
    const { t, admin, page, create } = await signedInAdmin()
    const team = (await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'API' } }))
      .json.team
    await t.user('facilitator', 'lead@example.org')
    const acme = await create('Acme')
    const placed = await page.post('/groups/teams', { teamId: team.id, groupId: acme })
    expect(placed.location).toBe('/groups?done=team')
    expect((await page.get(`/groups/${acme}`)).text).toContain('Only an empty group can be deleted')
    const lead = await page.post(`/groups/${acme}/leads`, { email: 'lead@example.org' })
    expect(lead.location).toBe(`/groups/${acme}?done=lead-added`)
    expect((await page.get('/groups')).text).toContain('led by facilitator')
    expect((await page.post(`/groups/${acme}/leads`, { email: 'x@example.org' })).status).toBe(404)
    await page.post('/groups/teams', { teamId: team.id, groupId: '' })

    const asked = await page.post(`/groups/${acme}/delete`)
    expect(asked.status).toBe(200)
    expect(asked.text).toContain('Delete the group Acme?')
    expect(asked.text).toContain('Its leads (lead@example.org) lose their role with it.')
    expect((await page.get(`/groups/${acme}`)).status).toBe(200)
    const deleted = await page.post(`/groups/${acme}/delete`, { confirm: 'yes' })
    expect(deleted.location).toBe('/groups?done=deleted')
    expect((await page.get(`/groups/${acme}`)).status).toBe(404)
  })

  it('import a CSV, naming the lines with problems, and link the export', async () => {
    const { t, admin, page } = await signedInAdmin()
    await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'API' } })
    const before = dumpDatabase(t)
    const bad = await page.post('/groups/import', { csv: 'path,team\nAcme,API\nAcme,Nobody' })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('Line 3: there is no team named')
    expect(bad.text).toContain('Acme,Nobody</textarea>')
    expect(dumpDatabase(t)).toBe(before)
    const file = new Blob(['path;team\nAcme / Engineering;API\n'], { type: 'text/csv' })
    const done = await page.post('/groups/import', { file, csv: '' })
    expect(done.location).toBe('/groups?done=imported&n=2,1')
    const shown = (await page.get(done.location!)).text
    expect(shown).toContain('Imported: 2 groups created, 1 team moved.')
    expect(shown).toContain('href="/api/groups/export"')
  })

  it('show a lead their part, read-only, and nothing else', async () => {
    const { t, admin, create } = await signedInAdmin()
    const lead = await t.user('facilitator', 'lead@example.org')
    const acme = await create('Acme')
    const eng = await create('Engineering', acme)
    const sales = await create('Sales', acme)
    await t.call('POST', `/api/groups/${eng}/leads`, {
      auth: admin.token,
      body: { email: lead.email },
    })
    const theirs = await browser(t, lead.email)
    const tree = await theirs.get('/groups')
    expect(tree.status).toBe(200)
    expect(tree.text).toContain('Engineering')
    expect(tree.text).not.toContain('Sales')
    expect(tree.text).not.toContain('Add a group')
    const own = await theirs.get(`/groups/${eng}`)
    expect(own.status).toBe(200)
    expect(own.text).not.toContain('Rename')
    expect(own.text).not.toContain(`href="/groups/${acme}"`)
    expect((await theirs.get(`/groups/${sales}`)).status).toBe(404)
    expect((await theirs.get(`/groups/${acme}`)).status).toBe(404)
    expect((await theirs.post(`/groups/${eng}/rename`, { name: 'Mine' })).status).toBe(403)
    expect((await theirs.post(`/groups/${eng}/delete`)).status).toBe(403)
    const other = await browser(t, (await t.user('facilitator')).email)
    expect((await other.get('/groups')).text).toContain('You lead no groups.')
  })
})
