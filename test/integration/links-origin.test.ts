import { describe, expect, it } from 'vitest'
import { createApp, type AppOptions } from '../../src/app'
import { parseConfig } from '../../src/config'
import { teamWithFacilitator, testApp } from '../helpers/app'

const ORIGIN = 'https://surveys.acme.test'
const open = { surveyId: 'psychological-safety', k: 3, closesAt: '2026-03-20T12:00:00Z' }

/**
 * The app on a fresh database with these settings (no BASE_URL unless given), as the Worker
 * builds it (`linksFromRequest`) or as Node does; requests go to ORIGIN.
 */
async function appWith(env: Record<string, string>, options: AppOptions) {
  const t = await testApp()
  const deps = { ...t.deps, config: parseConfig({ PASSWORD_ITERATIONS: '10000', ...env }) }
  const app = createApp(deps, options)
  const { admin, facilitator, team } = await teamWithFacilitator(t)
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(`${ORIGIN}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${facilitator.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, text, json: text.startsWith('{') ? JSON.parse(text) : undefined }
  }

  /** Every link the API and the pages hand out for this team, by where they were made. */
  async function links() {
    const opened = await call('POST', `/api/teams/${team.id}/rounds`, { ...open, invitations: 1 })
    expect(opened.status, opened.text).toBe(201)
    const roundId = opened.json.round.id
    const minted = await call('POST', `/api/rounds/${roundId}/invitations`, { count: 1 })
    const csv = await call('POST', `/api/rounds/${roundId}/invitations.csv`, { count: 1 })
    const share = await call('POST', `/api/teams/${team.id}/share-links`)
    return {
      opened: opened.json.links[0].url as string,
      minted: minted.json.links[0].url as string,
      csv: csv.text.split('\n')[1]!.split(',')[0]!,
      share: share.json.url as string,
      page: await pageLinks(),
    }
  }

  /** The links the "open a round" form shows, posted as a signed-in browser does. */
  async function pageLinks() {
    const form = {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'null',
      'sec-fetch-site': 'same-origin',
    }
    const signIn = await app.request(`${ORIGIN}/signin`, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ email: admin.email, password: 'correct horse battery' }),
    })
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!
    const teamPage = await (await app.request(`${ORIGIN}/teams`, { headers: { cookie } })).text()
    const csrf = teamPage.match(/name="_csrf" value="([^"]+)"/)![1]!
    const res = await app.request(`${ORIGIN}/teams/${team.id}/rounds`, {
      method: 'POST',
      headers: { ...form, cookie },
      body: new URLSearchParams({
        surveyId: open.surveyId,
        k: '3',
        closesAt: '2026-03-20T12:00',
        invitations: '1',
        _csrf: csrf,
      }),
    })
    const page = await res.text()
    expect(res.status, page).toBe(201)
    return page.match(/<textarea[^>]*>([^<]*)<\/textarea>/)![1]!.trim()
  }

  const servers = async () =>
    JSON.parse(await (await app.request(`${ORIGIN}/openapi.json`)).text()).servers
  return { links, servers }
}

describe('where links point', () => {
  it('on Workers without BASE_URL: to the address the request came to', async () => {
    const { links, servers } = await appWith({}, { linksFromRequest: true })
    const made = await links()
    for (const url of [made.opened, made.minted, made.csv, made.page])
      expect(url).toMatch(new RegExp(`^${ORIGIN}/s/\\w+#`))
    expect(made.share).toMatch(new RegExp(`^${ORIGIN}/shared#qsh_`))
    expect(await servers()).toEqual([{ url: '/' }])
  })

  it('with BASE_URL: there, wherever the request came to', async () => {
    const base = 'https://quorum.acme.test'
    const { links, servers } = await appWith({ BASE_URL: base }, { linksFromRequest: true })
    for (const url of Object.values(await links())) expect(url.startsWith(`${base}/`)).toBe(true)
    expect(await servers()).toEqual([{ url: base }])
  })

  it('on Node without BASE_URL: to HOST:PORT, whatever Host the client sent', async () => {
    const { links, servers } = await appWith({ HOST: '0.0.0.0', PORT: '9000' }, {})
    for (const url of Object.values(await links()))
      expect(url.startsWith('http://0.0.0.0:9000/')).toBe(true)
    expect(await servers()).toEqual([{ url: 'http://0.0.0.0:9000' }])
  })
})
