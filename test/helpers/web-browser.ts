import { expect } from 'vitest'
import type { TestApp } from './app'

const COOKIE = '__Host-quorum_session'

/** What Chromium sends with a form post from our own page (see web-teams.test.ts). */
const formHeaders = {
  'content-type': 'application/x-www-form-urlencoded',
  origin: 'null',
  'sec-fetch-site': 'same-origin',
}

/** A signed-in browser: pages as text, forms posted with the page's CSRF token. */
export async function signedInBrowser(t: TestApp, email: string) {
  const signIn = await t.app.request('/signin', {
    method: 'POST',
    headers: formHeaders,
    body: new URLSearchParams({ email, password: 'correct horse battery' }).toString(),
  })
  expect(signIn.status).toBe(303)
  const cookie = signIn.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${COOKIE}=`))!
    .split(';')[0]!
  const get = async (path: string) => {
    const res = await t.app.request(path, { headers: { cookie } })
    return { status: res.status, text: await res.text(), headers: res.headers }
  }
  const csrf = (await get('/teams')).text.match(/name="_csrf" value="([^"]+)"/)![1]!
  /** Posts a form with the page's CSRF token, another one, or (with '') none. */
  const post = async (path: string, fields: Record<string, string | number> = {}, token = csrf) => {
    const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]))
    if (token) body.set('_csrf', token)
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { ...formHeaders, cookie },
      body: body.toString(),
    })
    const location = res.headers.get('location')
    return { status: res.status, text: await res.text(), headers: res.headers, location }
  }
  return { get, post, csrf }
}
