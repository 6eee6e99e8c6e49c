import { describe, expect, it } from 'vitest'
import { teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { dumpDatabase } from '../helpers/db'

const COOKIE = '__Host-quorum_session'

/** What a browser sends with a form post from our own page (see web-teams.test.ts). */
const sameOrigin = { origin: 'null', 'sec-fetch-site': 'same-origin' }

/** A signed-in browser: pages as text, forms posted with the page's CSRF token. */
async function browser(t: TestApp, email: string) {
  const signIn = await t.app.request('/signin', {
    method: 'POST',
    headers: { ...sameOrigin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'correct horse battery' }).toString(),
  })
  expect(signIn.status).toBe(303)
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
  /** Posts fields as a form; a Blob becomes a file upload (multipart, as the import form). */
  const post = async (path: string, fields: Record<string, string | Blob> = {}, token = csrf) => {
    const files = Object.values(fields).some((v) => typeof v !== 'string')
    const body = files ? new FormData() : new URLSearchParams()
    for (const [key, value] of Object.entries({ ...fields, _csrf: token }))
      if (typeof value === 'string') body.append(key, value)
      else (body as FormData).append(key, value, 'roster.csv')
    const headers: Record<string, string> = { ...sameOrigin, cookie }
    if (!files) headers['content-type'] = 'application/x-www-form-urlencoded'
    return answer(await t.app.request(path, { method: 'POST', headers, body }))
  }
  return { get, post }
}

async function rosterPage() {
  const t = await testApp()
  const setup = await teamWithFacilitator(t, 'Platform', 0)
  const page = `/teams/${setup.team.id}/members`
  const admin = await browser(t, setup.admin.email)
  return { t, ...setup, page, admin }
}

/** The rows of the roster table as `name|email|language`. */
const rows = (html: string) =>
  [
    ...html.matchAll(
      /<tr><th scope="row">(.*?)<\/th><td data-label="Email">(.*?)<\/td><td data-label="Language">(.*?)<\/td>/g,
    ),
  ].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, ''), m[3]].join('|'))

describe('the roster page', () => {
  it('is linked from the team page', async () => {
    const { team, admin, page } = await rosterPage()
    expect((await admin.get(`/teams/${team.id}`)).text).toContain(`href="${page}"`)
  })

  it('lets an admin add people by form, showing problems next to the fields', async () => {
    const { t, admin, page } = await rosterPage()
    const empty = await admin.get(page)
    expect(empty.status).toBe(200)
    expect(empty.text).toContain('Nobody is on this roster yet.')
    expect(empty.text).toContain('<label for="f-email">Email</label>')

    const added = await admin.post(page, { email: 'Ada@example.org', name: 'Ada', locale: 'de' })
    expect(added.status).toBe(303)
    expect(added.location).toBe(`${page}?done=added`)
    const shown = await admin.get(added.location!)
    expect(shown.text).toContain('Added to the roster.')
    expect(rows(shown.text)).toEqual(['Ada|ada@example.org|Deutsch'])
    await admin.post(page, { email: '', name: 'Bo', locale: 'en' })
    expect(rows((await admin.get(page)).text)).toEqual([
      'Ada|ada@example.org|Deutsch',
      'Bo|by hand|English',
    ])

    const before = dumpDatabase(t)
    const bad = await admin.post(page, { email: 'nope', name: '', locale: 'en' })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('id="error-summary"')
    expect(bad.text).toContain('<a href="#f-email">&quot;nope&quot; is not an email address.</a>')
    expect(bad.text).toMatch(/<p class="field-error" id="f-email-error">[^<]*not an email/)
    expect(bad.text).toContain('value="nope"')
    const taken = await admin.post(page, { email: 'ada@example.org', name: '', locale: 'en' })
    expect(taken.status).toBe(409)
    expect(taken.text).toMatch(/id="f-email-error">ada@example.org is on this roster already/)
    expect(dumpDatabase(t)).toBe(before)
  })

  it('lets an admin import pasted or uploaded CSV, and replace the roster', async () => {
    const { admin, page } = await rosterPage()
    const pasted = await admin.post(`${page}/import`, {
      csv: 'email;name;language\r\nada@example.org;Ada;de\r\n;Bo;\r\n',
    })
    expect(pasted.status).toBe(303)
    const shown = await admin.get(pasted.location!)
    expect(shown.text).toContain('Imported: added 2, updated 0, removed 0.')
    expect(rows(shown.text)).toEqual(['Ada|ada@example.org|Deutsch', 'Bo|by hand|English'])

    const file = new Blob(['\uFEFFemail,name\ncy@example.org,Cy\n,Bo\n'], { type: 'text/csv' })
    const uploaded = await admin.post(`${page}/import`, { file, csv: '', replace: 'on' })
    expect(uploaded.status).toBe(303)
    const after = await admin.get(uploaded.location!)
    expect(after.text).toContain('Imported: added 1, updated 0, removed 1.')
    expect(rows(after.text)).toEqual(['Bo|by hand|English', 'Cy|cy@example.org|English'])
    // The confirmation shows counts only, never other text from the address.
    expect((await admin.get(`${page}?done=imported&n=<b>`)).text).not.toContain('Imported')
  })

  it('shows import problems by line, keeps the text, and changes nothing', async () => {
    const { t, admin, page } = await rosterPage()
    const before = dumpDatabase(t)
    const text = 'email,name\nok@example.org,Ok\nbroken,\n'
    const bad = await admin.post(`${page}/import`, { csv: text })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain(
      '<a href="#f-csv">Line 3: &quot;broken&quot; is not an email address.</a>',
    )
    expect(bad.text).toMatch(/id="f-csv-error">Line 3/)
    expect(bad.text).toContain('ok@example.org,Ok\nbroken,\n</textarea>')
    const file = new Blob(['email,name\n"unclosed,x\n'])
    const unreadable = await admin.post(`${page}/import`, { file, csv: '' })
    expect(unreadable.status).toBe(400)
    expect(unreadable.text).toContain('This is the text of roster.csv.')
    expect(unreadable.text).toContain('never closed')
    expect(dumpDatabase(t)).toBe(before)
  })

  it('lets an admin remove people and set the time zone and rotation', async () => {
    const { t, admin, page, team } = await rosterPage()
    await admin.post(page, { email: '', name: 'Bo', locale: 'en' })
    const removeAction = (await admin.get(page)).text.match(/action="([^"]+\/remove)"/)![1]!
    // Taking someone off asks first, and changes nothing until confirmed.
    const asked = await admin.post(removeAction)
    expect(asked.status).toBe(200)
    expect(asked.text).toContain('Yes, take them off')
    expect((await admin.post(removeAction, { confirm: 'yes' })).status).toBe(303)
    const removed = await admin.get(`${page}?done=removed`)
    expect(removed.text).toContain('Removed from the roster.')
    expect(removed.text).toContain('Nobody is on this roster yet.')

    const before = dumpDatabase(t)
    const mars = await admin.post(`/teams/${team.id}/settings`, { timeZone: 'Mars/Base' })
    expect(mars.status).toBe(400)
    expect(mars.text).toMatch(/id="f-timeZone-error">&quot;Mars\/Base&quot; is not a time zone/)
    expect(mars.text).toContain('value="Mars/Base"')
    const rotation = await admin.post(`/teams/${team.id}/settings`, {
      timeZone: 'UTC',
      rotation: 'on',
    })
    expect(rotation.status).toBe(409)
    expect(rotation.text).toMatch(/id="f-rotation-error">Rotation hands the facilitator role/)
    expect(dumpDatabase(t)).toBe(before)

    await admin.post(page, { email: 'ada@example.org', name: '', locale: 'en' })
    const saved = await admin.post(`/teams/${team.id}/settings`, {
      timeZone: 'Europe/Berlin',
      rotation: 'on',
    })
    expect(saved.location).toBe(`${page}?done=settings`)
    const shown = await admin.get(saved.location!)
    expect(shown.text).toContain('Saved the time zone and rotation.')
    expect(shown.text).toContain('value="Europe/Berlin"')
    expect(shown.text).toMatch(/name="rotation" value="on" checked=""/)
  })

  it('refuses forms without the page’s CSRF token', async () => {
    const { t, admin, page } = await rosterPage()
    const before = dumpDatabase(t)
    const res = await admin.post(page, { email: 'ada@example.org' }, 'forged')
    expect(res.status).toBe(403)
    expect(res.text).toContain('This form has expired')
    expect(dumpDatabase(t)).toBe(before)
  })
})

describe('the roster page for facilitators', () => {
  it('shows the team’s roster read-only and says why admins keep it', async () => {
    const { t, facilitator, admin, page, team } = await rosterPage()
    await admin.post(page, { email: 'ada@example.org', name: 'Ada', locale: 'en' })
    const b = await browser(t, facilitator.email)
    const res = await b.get(page)
    expect(res.status).toBe(200)
    expect(rows(res.text)).toEqual(['Ada|ada@example.org|English'])
    expect(res.text).toContain('Admins keep this roster, because it sets how many links')
    expect(res.text).not.toContain('<form method="post" action="/teams/')
    expect(res.text).not.toContain('name="csv"')
    expect(res.text).toContain('Time zone: UTC.')

    const before = dumpDatabase(t)
    for (const [path, fields] of [
      [page, { email: 'x@example.org' }],
      [`${page}/import`, { csv: 'email\nx@example.org\n' }],
      [`/teams/${team.id}/settings`, { timeZone: 'Europe/Berlin' }],
    ] as const) {
      const refused = await b.post(path, fields)
      expect(refused.status, path).toBe(403)
      expect(refused.text).toContain('Only an admin can do this.')
    }
    expect(dumpDatabase(t)).toBe(before)
  })

  it('answers 404 for another team’s roster, and sends visitors to sign in', async () => {
    const { t, page } = await rosterPage()
    const stranger = await t.user('facilitator')
    expect((await (await browser(t, stranger.email)).get(page)).status).toBe(404)
    const anonymous = await t.app.request(page)
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(page)}`)
  })
})
