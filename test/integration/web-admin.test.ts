import { describe, expect, it } from 'vitest'
import { EXAMPLE_SURVEY } from '../../src/views/admin-surveys'
import { addRoster, testApp, type TestApp } from '../helpers/app'

const PASSWORD = 'correct horse battery'

/** Signs in through the page, as a browser does; returns the cookie to send back. */
async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const res = await t.app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  })
  const setCookie = res.headers.get('set-cookie') ?? ''
  return { status: res.status, cookie: setCookie.split(';')[0]! }
}

/** A signed-in browser: GETs pages, posts forms with the page's CSRF token. */
async function browser(t: TestApp, email: string, password = PASSWORD) {
  const { cookie } = await signIn(t, email, password)
  expect(cookie).toMatch(/^__Host-quorum_session=qse_/)
  const get = async (path: string) => {
    const res = await t.app.request(path, { headers: { cookie } })
    return { status: res.status, text: await res.text(), headers: res.headers }
  }
  const csrf = async () => {
    const token = (await get('/teams')).text.match(/name="_csrf" value="([^"]+)"/)?.[1]
    expect(token).toBeTruthy()
    return token!
  }
  const token = await csrf()
  const post = async (path: string, fields: Record<string, string> | FormData, withCsrf = true) => {
    let body: string | FormData
    const headers: Record<string, string> = { cookie }
    if (fields instanceof FormData) {
      if (withCsrf) fields.set('_csrf', token)
      body = fields
    } else {
      body = new URLSearchParams({ ...(withCsrf ? { _csrf: token } : {}), ...fields }).toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    const res = await t.app.request(path, { method: 'POST', headers, body })
    return { status: res.status, text: await res.text(), location: res.headers.get('location') }
  }
  /** Follows a 303 the way a browser does. */
  const follow = async (res: { status: number; location: string | null }) => {
    expect(res.status).toBe(303)
    return get(res.location!)
  }
  return { cookie, get, post, follow, token }
}

async function teamsOf(t: TestApp) {
  return t.raw.prepare('SELECT id, name FROM teams ORDER BY name').all() as {
    id: string
    name: string
  }[]
}

describe('admin pages: who may use them', () => {
  it('answers 403 to a facilitator on every admin page and form, and sends strangers to sign in', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const facilitator = await t.user('facilitator')
    const fac = await browser(t, facilitator.email)
    for (const path of [
      '/admin/teams',
      '/admin/users',
      '/admin/surveys',
      '/admin/surveys/psychological-safety',
      '/admin',
    ]) {
      const res = await fac.get(path)
      expect(res.status, path).toBe(403)
      expect(res.text).toContain('Only an admin')
      const anonymous = await t.app.request(path)
      expect(anonymous.status).toBe(303)
      expect(anonymous.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(path)}`)
    }
    const posts: [string, Record<string, string>][] = [
      ['/admin/teams', { name: 'Sneaky' }],
      ['/admin/teams/x/name', { name: 'Sneaky' }],
      ['/admin/teams/x/facilitators', { userId: facilitator.id }],
      ['/admin/teams/x/facilitators/y/remove', {}],
      ['/admin/users', { name: 'Me', email: 'me@example.org', role: 'admin', generate: 'on' }],
      [`/admin/users/${admin.id}/disable`, {}],
      ['/admin/surveys', { json: JSON.stringify(EXAMPLE_SURVEY) }],
    ]
    for (const [path, fields] of posts) {
      const res = await fac.post(path, fields)
      expect(res.status, path).toBe(403)
    }
    expect(await teamsOf(t)).toEqual([])
    expect(t.raw.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").get()).toEqual({
      n: 1,
    })
    expect((await t.call('GET', '/api/surveys', { auth: admin.token })).json.surveys).toHaveLength(
      3,
    )
  })

  it('refuses a form without the right _csrf and changes nothing', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const other = await t.user('facilitator')
    const b = await browser(t, admin.email)
    const missing = await b.post('/admin/teams', { name: 'No token' }, false)
    expect(missing.status).toBe(403)
    expect(missing.text).toContain('This form has expired')
    const wrong = await b.post('/admin/teams', { _csrf: 'a'.repeat(32), name: 'Wrong' }, false)
    expect(wrong.status).toBe(403)
    const disable = await b.post(`/admin/users/${other.id}/disable`, {}, false)
    expect(disable.status).toBe(403)
    const form = new FormData()
    form.set('json', JSON.stringify(EXAMPLE_SURVEY))
    expect((await b.post('/admin/surveys', form, false)).status).toBe(403)
    expect(await teamsOf(t)).toEqual([])
    expect((await signIn(t, other.email)).status).toBe(303)
    const surveys = (await t.call('GET', '/api/surveys', { auth: admin.token })).json.surveys
    expect(surveys.map((s: { id: string }) => s.id)).not.toContain('retro-pulse')
  })
})

describe('admin pages: teams and accounts', () => {
  it('creates a team, renames it, assigns and removes facilitators', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const fay = await t.user('facilitator', 'fay@example.org')
    const gus = await t.user('facilitator', 'gus@example.org')
    const b = await browser(t, admin.email)

    const empty = await b.post('/admin/teams', { name: '   ' })
    expect(empty.status).toBe(400)
    expect(empty.text).toContain('Enter a name for the team.')
    expect(empty.text).toContain('href="#f-name"')

    const created = await b.follow(await b.post('/admin/teams', { name: 'Platform' }))
    expect(created.text).toContain('Team “Platform” created.')
    const [team] = await teamsOf(t)
    expect(team?.name).toBe('Platform')
    expect(created.text).toContain(`href="/teams/${team!.id}"`)
    expect(created.text).toContain('assign the new facilitator first, then')
    expect(created.text.match(/<h1[ >]/g)).toHaveLength(1)

    const renamed = await b.follow(
      await b.post(`/admin/teams/${team!.id}/name`, { [`rename.${team!.id}`]: 'Platform Core' }),
    )
    expect(renamed.text).toContain('The team is now called “Platform Core”.')

    const blank = await b.post(`/admin/teams/${team!.id}/facilitators`, { userId: '' })
    expect(blank.status).toBe(400)
    expect(blank.text).toContain('Choose an account from the list.')

    for (const who of [fay, gus]) {
      const assigned = await b.follow(
        await b.post(`/admin/teams/${team!.id}/facilitators`, { userId: who.id }),
      )
      expect(assigned.text).toContain('Facilitator assigned to “Platform Core”.')
    }
    const both = await t.call('GET', `/api/teams/${team!.id}`, { auth: fay.token })
    expect(both.json.facilitators.map((f: { email: string }) => f.email).sort()).toEqual([
      'fay@example.org',
      'gus@example.org',
    ])

    // Fay hands the role to Gus.
    const remove = `/admin/teams/${team!.id}/facilitators/${fay.id}/remove`
    const asked = await b.post(remove, {})
    expect(asked.text).toContain('Remove')
    expect((await t.call('GET', `/api/teams/${team!.id}`, { auth: fay.token })).status).toBe(200)
    const removed = await b.follow(await b.post(remove, { confirm: 'yes' }))
    expect(removed.text).toContain('Facilitator removed from “Platform Core”.')
    expect((await t.call('GET', `/api/teams/${team!.id}`, { auth: fay.token })).status).toBe(404)
    expect((await t.call('GET', `/api/teams/${team!.id}`, { auth: gus.token })).status).toBe(200)
  })

  it('creates accounts with a chosen or a generated password, and disables one', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await browser(t, admin.email)

    const bad = await b.post('/admin/users', {
      name: '',
      email: 'not-an-email',
      role: 'facilitator',
      password: 'short',
    })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('Enter the person’s name.')
    expect(bad.text).toContain('Enter an email address like name@example.org.')
    expect(bad.text).toContain('Use at least 12 characters')
    expect(bad.text).toContain('value="not-an-email"')
    expect(bad.text).not.toContain('value="short"')

    const made = await b.follow(
      await b.post('/admin/users', {
        name: 'Hana',
        email: 'Hana@Example.org',
        role: 'facilitator',
        password: 'a long enough secret',
      }),
    )
    expect(made.text).toContain('Account created for Hana.')
    expect(made.text).toContain('hana@example.org')
    expect((await signIn(t, 'hana@example.org', 'a long enough secret')).status).toBe(303)

    const taken = await b.post('/admin/users', {
      name: 'Hana again',
      email: 'hana@example.org',
      role: 'admin',
      password: 'a long enough secret',
    })
    expect(taken.status).toBe(409)
    expect(taken.text).toContain('There is already an account for hana@example.org.')

    const generated = await b.post('/admin/users', {
      name: 'Ivo',
      email: 'ivo@example.org',
      role: 'admin',
      password: '',
      generate: 'on',
    })
    expect(generated.status).toBe(201)
    const password = generated.text.match(/id="new-password">([^<]+)</)?.[1]
    expect(password).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/)
    expect(t.logs.join('\n')).not.toContain(password!)
    const ivo = await signIn(t, 'ivo@example.org', password)
    expect(ivo.status).toBe(303)
    expect((await b.get('/admin/users')).text).not.toContain(password!)

    const hana = t.raw.prepare("SELECT id FROM users WHERE email = 'hana@example.org'").get() as {
      id: string
    }
    const hanaPage = await browser(t, 'hana@example.org', 'a long enough secret')
    const disabled = await b.follow(
      await b.post(`/admin/users/${hana.id}/disable`, { confirm: 'yes' }),
    )
    expect(disabled.text).toContain('Hana’s account is disabled and signed out everywhere.')
    expect((await signIn(t, 'hana@example.org', 'a long enough secret')).status).toBe(401)
    expect((await hanaPage.get('/teams')).status).toBe(303)

    const enabled = await b.follow(await b.post(`/admin/users/${hana.id}/enable`, {}))
    expect(enabled.text).toContain('Hana’s account is enabled again.')
    expect((await signIn(t, 'hana@example.org', 'a long enough secret')).status).toBe(303)
  })

  it('shows the service’s message when you try to disable yourself', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await browser(t, admin.email)
    const self = await b.post(`/admin/users/${admin.id}/disable`, {})
    expect(self.status).toBe(409)
    expect(self.text).toContain('You cannot disable your own account.')
    expect(self.text).toContain('class="error-summary"')

    // Another admin may disable this one (the last-admin rule needs no page: an admin acting is
    // always a second active admin, so only the self rule can trigger here).
    const other = await t.user('admin')
    const ob = await browser(t, other.email)
    const done = await ob.follow(
      await ob.post(`/admin/users/${admin.id}/disable`, { confirm: 'yes' }),
    )
    expect(done.text).toContain('account is disabled and signed out everywhere.')
    expect((await b.get('/admin/teams')).status).toBe(303)
  })

  it('shows only fixed confirmations, never text from the query', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await browser(t, admin.email)
    for (const path of [
      '/admin/teams?done=<b>pwned</b>&team=x',
      '/admin/users?done=constructor&user=' + admin.id,
      '/admin/surveys?done=toString&survey=psychological-safety&version=1',
      '/admin/surveys?done=created&survey=<i>x</i>&version=1',
    ]) {
      const res = await b.get(path)
      expect(res.status).toBe(200)
      expect(res.text).not.toContain('pwned')
      expect(res.text).not.toContain('notice ok')
    }
  })
})

describe('admin pages: surveys', () => {
  it('lists every version with a link to the schema and a preview in English and German', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await browser(t, admin.email)
    const list = await b.get('/admin/surveys')
    expect(list.text).toContain('href="/api/survey-schema.json"')
    expect(list.text).toContain(
      '&quot;$schema&quot;: &quot;http://localhost:8787/api/survey-schema.json&quot;',
    )
    expect(list.text).toContain('href="/admin/surveys/psychological-safety?version=1"')
    expect(list.text).toContain('Built-in')
    expect(list.text).toContain('enctype="multipart/form-data"')
    expect(list.text).toContain('favourableFrom')

    const preview = await b.get('/admin/surveys/psychological-safety?version=1')
    expect(preview.status).toBe(200)
    expect(preview.text).toContain('<td lang="de">Psychologische Sicherheit</td>')
    expect(preview.text).toContain('<th scope="col" lang="en">English</th>')
    expect(preview.text.match(/Reverse-scored \(R\)<\/strong>/g)).toHaveLength(3)
    expect((await b.get('/admin/surveys/nope')).status).toBe(404)
    expect((await b.get('/admin/surveys/psychological-safety?version=abc')).status).toBe(404)
  })

  it('lists each schema problem by path and keeps the pasted text', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await browser(t, admin.email)
    const broken = structuredClone(EXAMPLE_SURVEY) as Record<string, any>
    delete broken.items[1].text.de
    broken.scales[0].favourableFrom = 9
    const json = JSON.stringify(broken, null, 2)
    const res = await b.post('/admin/surveys', { json })
    expect(res.status).toBe(400)
    expect(res.text).toContain('items.1.text.de: missing &quot;de&quot; text')
    expect(res.text).toContain('scales.0.favourableFrom: must lie on the scale')
    expect(res.text).toContain('Fix the 2 problems listed above')
    expect(res.text).toContain('&quot;favourableFrom&quot;: 9')

    const syntax = await b.post('/admin/surveys', { json: '{ "id": "x", }' })
    expect(syntax.status).toBe(400)
    expect(syntax.text).toContain('This is not valid JSON:')
    expect(syntax.text).toContain('{ &quot;id&quot;: &quot;x&quot;, }')

    const huge = await b.post('/admin/surveys', { json: 'x'.repeat(300 * 1024) })
    expect(huge.status).toBe(413)
    expect(huge.text).toContain('at most 256 KB')

    const nothing = await b.post('/admin/surveys', { json: '  ' })
    expect(nothing.status).toBe(400)
    expect(nothing.text).toContain('Choose a .json file or paste the survey’s JSON.')
  })

  it('saves an uploaded custom survey; it is listed and can be chosen for a round', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await browser(t, admin.email)
    const form = new FormData()
    form.set(
      'file',
      new File([JSON.stringify(EXAMPLE_SURVEY)], 'retro.json', { type: 'application/json' }),
    )
    form.set('json', '')
    const saved = await b.follow(await b.post('/admin/surveys', form))
    expect(saved.text).toContain('Added survey “retro-pulse” version 1.')
    expect(saved.text).toContain('href="/admin/surveys/retro-pulse?version=1"')
    expect(saved.text).toContain('Custom')
    const api = await t.call('GET', '/api/surveys', { auth: admin.token })
    expect(api.json.surveys).toContainEqual(
      expect.objectContaining({ id: 'retro-pulse', version: 1, source: 'custom' }),
    )
    const again = await b.follow(
      await b.post('/admin/surveys', { json: JSON.stringify(EXAMPLE_SURVEY) }),
    )
    expect(again.text).toContain('was already stored exactly like this; nothing changed.')

    const preview = await b.get('/admin/surveys/retro-pulse')
    expect(preview.text).toContain('Jedes Mal kommen dieselben Probleme auf.')
    expect(preview.text).toContain('No, so it can still be replaced')
  })

  it('replaces an unused version but refuses to change one a round has used', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await browser(t, admin.email)
    await b.follow(await b.post('/admin/surveys', { json: JSON.stringify(EXAMPLE_SURVEY) }))
    const edited = structuredClone(EXAMPLE_SURVEY)
    edited.title.en = 'Retro pulse (edited)'
    const updated = await b.follow(await b.post('/admin/surveys', { json: JSON.stringify(edited) }))
    expect(updated.text).toContain('Replaced survey “retro-pulse” version 1')

    const team = (await t.call('POST', '/api/teams', { auth: admin.token, body: { name: 'A' } }))
      .json.team
    await addRoster(t.deps, team.id, 3)
    const round = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: admin.token,
      body: {
        surveyId: 'retro-pulse',
        surveyVersion: 1,
        k: 3,
        closesAt: '2026-04-01T00:00:00Z',
        invitations: 3,
      },
    })
    expect(round.status).toBe(201)

    edited.title.en = 'Retro pulse (edited twice)'
    const json = JSON.stringify(edited)
    const refused = await b.post('/admin/surveys', { json })
    expect(refused.status).toBe(409)
    expect(refused.text).toContain('can no longer change. Save it as version 2.')
    expect(refused.text).toContain('Retro pulse (edited twice)')
    const stored = await t.call('GET', '/api/surveys/retro-pulse?version=1', { auth: admin.token })
    expect(stored.json.survey.title.en).toBe('Retro pulse (edited)')
    expect((await b.get('/admin/surveys/retro-pulse')).text).toContain(
      'Yes, so it can no longer change',
    )

    const v2 = await b.follow(
      await b.post('/admin/surveys', { json: JSON.stringify({ ...edited, version: 2 }) }),
    )
    expect(v2.text).toContain('Added survey “retro-pulse” version 2.')
  })

  it('refuses a custom survey that takes a built-in id', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const b = await browser(t, admin.email)
    const clash = { ...EXAMPLE_SURVEY, id: 'psychological-safety', version: 9 }
    const res = await b.post('/admin/surveys', { json: JSON.stringify(clash) })
    expect(res.status).toBe(409)
    expect(res.text).toContain('is a built-in survey; choose another id.')
  })
})
