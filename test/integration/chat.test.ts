import { afterEach, describe, expect, it } from 'vitest'
import { runDueWork } from '../../src/services/schedule'
import { submitResponse } from '../../src/services/responses'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'
import { startHttpSink, type HttpSink } from '../helpers/http-sink'

const SURVEY = 'psychological-safety'
const COOKIE = '__Host-quorum_session'
const formHeaders = {
  'content-type': 'application/x-www-form-urlencoded',
  origin: 'null',
  'sec-fetch-site': 'same-origin',
}

let sinks: HttpSink[] = []
afterEach(async () => {
  await Promise.all(sinks.map((s) => s.close().catch(() => {})))
  sinks = []
})

async function sink() {
  const started = await startHttpSink()
  sinks.push(started)
  return started
}

/** A team with its facilitator, and a webhook on a local sink whose path is the secret. */
async function teamWithChat(t: TestApp) {
  const setup = await teamWithFacilitator(t)
  const hook = await sink()
  const secret = 'T0AAA/B0BBB/xSecretWebhookPart9Qz'
  const url = `${hook.url}/services/${secret}`
  const set = await t.call('PUT', `/api/teams/${setup.team.id}/chat`, {
    auth: setup.facilitator.token,
    body: { url },
  })
  expect(set.status).toBe(200)
  expect(set.json.chatHint).toBe(`${new URL(hook.url).host} …t9Qz`)
  return { ...setup, hook, url, secret }
}

async function openRound(t: TestApp, token: string, teamId: string, k = 3, invitations = 5) {
  const res = await t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: { surveyId: SURVEY, k, closesAt: '2026-03-09T17:00:00Z', invitations },
  })
  expect(res.status).toBe(201)
  return { roundId: res.json.round.id as string, secrets: res.json.links.map((l: any) => l.secret) }
}

const answer = (t: TestApp, roundId: string, secret: string) =>
  submitResponse(t.deps, roundId, { secret, answers: answersFor(SURVEY, 6) })

const texts = (hook: HttpSink) => hook.requests.map((r) => String(r.json?.text ?? ''))

/** Signs in through the form; the cookie and the CSRF token of the team page. */
async function browser(t: TestApp, email: string, teamId: string) {
  const res = await t.app.request('/signin', {
    method: 'POST',
    headers: formHeaders,
    body: new URLSearchParams({ email, password: 'correct horse battery' }).toString(),
  })
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${COOKIE}=`))!
    .split(';')[0]!
  const get = async (path: string) => {
    const page = await t.app.request(path, { headers: { cookie } })
    return { status: page.status, text: await page.text() }
  }
  const csrf = (await get(`/teams/${teamId}`)).text.match(/name="_csrf" value="([^"]+)"/)![1]!
  const post = async (path: string, fields: Record<string, string> = {}) => {
    const body = new URLSearchParams({ ...fields, _csrf: csrf })
    const page = await t.app.request(path, {
      method: 'POST',
      headers: { ...formHeaders, cookie },
      body: body.toString(),
    })
    return { status: page.status, text: await page.text(), location: page.headers.get('location') }
  }
  return { get, post }
}

describe('team chat', () => {
  it('is told a round opened, its quorum (only from the scheduled run), its release and its debrief', async () => {
    const t = await testApp({ CHAT_LOCAL_WEBHOOKS: 'true' })
    const { facilitator, team, hook, url, secret } = await teamWithChat(t)
    const shared = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })
    expect(shared.status).toBe(201)

    const { roundId, secrets } = await openRound(t, facilitator.token, team.id)
    expect(hook.requests).toHaveLength(1)
    expect(hook.requests[0]!.method).toBe('POST')
    expect(hook.requests[0]!.path).toBe(`/services/${secret}`)
    expect(texts(hook)[0]).toContain('Platform: a new round of “Psychological safety')
    expect(texts(hook)[0]).toContain('5 links for a team of 40.')

    // Below k, the scheduled run says nothing; reaching k says nothing until it runs.
    await answer(t, roundId, secrets[0])
    await answer(t, roundId, secrets[1])
    await runDueWork(t.deps)
    expect(hook.requests).toHaveLength(1)
    await answer(t, roundId, secrets[2])
    await answer(t, roundId, secrets[3])
    expect(hook.requests).toHaveLength(1)
    await runDueWork(t.deps)
    expect(hook.requests).toHaveLength(2)
    const quorum = texts(hook)[1]!
    expect(quorum).toContain('has reached its quorum of 3 answers')
    expect(quorum).not.toMatch(/\b4\b/) // never the exact count
    await runDueWork(t.deps)
    await Promise.all([runDueWork(t.deps), runDueWork(t.deps)])
    expect(hook.requests).toHaveLength(2)

    const closed = await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    expect(closed.status).toBe(200)
    expect(hook.requests).toHaveLength(3)
    expect(texts(hook)[2]).toContain('are released: 4 people answered.')
    expect(texts(hook)[2]).toContain(`<${shared.json.url}|Read them with the team’s share link>`)
    // Closing again releases nothing new and posts nothing.
    await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    await runDueWork(t.deps)
    expect(hook.requests).toHaveLength(3)

    const note = 'Pair on risky changes & say <why> in the retro.'
    const debrief = await t.call('PUT', `/api/rounds/${roundId}/debrief`, {
      auth: facilitator.token,
      body: { note },
    })
    expect(debrief.status).toBe(200)
    expect(hook.requests).toHaveLength(4)
    expect(texts(hook)[3]).toContain('> Pair on risky changes &amp; say &lt;why&gt; in the retro.')
    // An emptied note posts nothing.
    await t.call('PUT', `/api/rounds/${roundId}/debrief`, {
      auth: facilitator.token,
      body: { note: '' },
    })
    expect(hook.requests).toHaveLength(4)

    // The address is never shown again: not by the API, not on pages, not in the log.
    const team2 = await t.call('GET', `/api/teams/${team.id}`, { auth: facilitator.token })
    const rounds = await t.call('GET', `/api/teams/${team.id}/rounds`, { auth: facilitator.token })
    const b = await browser(t, facilitator.email, team.id)
    const page = await b.get(`/teams/${team.id}`)
    expect(page.text).toContain('…t9Qz')
    const chatPage = await b.get(`/teams/${team.id}/chat`)
    for (const text of [team2.text, rounds.text, page.text, chatPage.text, t.logs.join('\n')]) {
      expect(text).not.toContain(url)
      expect(text).not.toContain(secret)
      expect(text).not.toContain('SecretWebhook')
    }
    // Nor is it in the database in clear.
    const row = t.raw
      .prepare('SELECT chat_webhook, chat_hint FROM teams WHERE id = ?')
      .get(team.id) as {
      chat_webhook: Buffer
      chat_hint: string
    }
    expect(Buffer.from(row.chat_webhook).toString('latin1')).not.toContain('SecretWebhook')
  })

  it('says "fewer than k" for a round released below k, with no count', async () => {
    const t = await testApp({ CHAT_LOCAL_WEBHOOKS: 'true' })
    const { facilitator, team, hook } = await teamWithChat(t)
    const { roundId, secrets } = await openRound(t, facilitator.token, team.id, 5)
    await answer(t, roundId, secrets[0])
    await answer(t, roundId, secrets[1])
    await runDueWork(t.deps)
    t.clock.set('2026-03-10T00:00:00Z')
    await runDueWork(t.deps) // the timer closes and releases it
    expect(hook.requests).toHaveLength(2)
    const released = texts(hook)[1]!
    expect(released).toContain('Fewer than 5 people answered, so no results are shown')
    expect(released).not.toMatch(/\b2\b/)
  })

  it('never posts into the server’s own network unless the operator allows it (SSRF)', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    for (const url of [
      'http://127.0.0.1:2019/load',
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://[::1]/hook',
      'https://10.0.0.5/hook',
      'https://192.168.1.1/hook',
      'https://172.20.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:127.0.0.1]/hook',
      'https://metadata.localhost/hook',
    ]) {
      const res = await t.call('PUT', `/api/teams/${team.id}/chat`, {
        auth: facilitator.token,
        body: { url },
      })
      expect(res.status, url).toBe(400)
      expect(res.json.error.message).toContain('CHAT_LOCAL_WEBHOOKS')
    }
    const stored = t.raw.prepare('SELECT chat_webhook FROM teams WHERE id = ?').get(team.id)
    expect(stored).toEqual({ chat_webhook: null })
  })

  it('refuses addresses that are not https, and keeps the hint only', async () => {
    const t = await testApp({ CHAT_LOCAL_WEBHOOKS: 'true' })
    const { facilitator, team } = await teamWithFacilitator(t)
    const put = (url: unknown) =>
      t.call('PUT', `/api/teams/${team.id}/chat`, { auth: facilitator.token, body: { url } })
    for (const url of [
      'http://hooks.slack.com/services/T/B/x',
      'ftp://hooks.example.org/x',
      'javascript:alert(1)',
      'hooks.slack.com/services/T/B/x',
      '',
      `https://hooks.slack.com/${'a'.repeat(480)}`,
      'https://user:pass@hooks.slack.com/services/x',
    ]) {
      const res = await put(url)
      expect(res.status, url).toBe(400)
      expect(res.json.error.message).toContain('Give the https address of an incoming webhook')
      expect(res.json.error.fields[0].path).toBe('url')
    }
    const ok = await put('https://hooks.slack.com/services/T0/B0/abcdx9Qz')
    expect(ok.json).toEqual({ chatHint: 'hooks.slack.com …x9Qz' })
    const removed = await put(null)
    expect(removed.json).toEqual({ chatHint: null })
    const test = await t.call('POST', `/api/teams/${team.id}/chat/test`, {
      auth: facilitator.token,
    })
    expect(test.status).toBe(400)
    expect(test.json.error.message).toBe('This team has no chat webhook yet.')
  })

  it('never fails the action when the chat server fails or is gone', async () => {
    const t = await testApp({ CHAT_LOCAL_WEBHOOKS: 'true' })
    const { facilitator, team, hook, url } = await teamWithChat(t)
    hook.respond(() => 500)
    const test = await t.call('POST', `/api/teams/${team.id}/chat/test`, {
      auth: facilitator.token,
    })
    expect(test.status).toBe(400)
    expect(test.json.error.message).toBe(
      'The chat server did not take the test message: the chat server answered 500.',
    )
    const { roundId } = await openRound(t, facilitator.token, team.id)
    expect(hook.requests).toHaveLength(2)
    await hook.close()
    const closed = await t.call('POST', `/api/rounds/${roundId}/close`, { auth: facilitator.token })
    expect(closed.status).toBe(200)
    const debrief = await t.call('PUT', `/api/rounds/${roundId}/debrief`, {
      auth: facilitator.token,
      body: { note: 'Keep going' },
    })
    expect(debrief.status).toBe(200)
    const warnings = t.logs.filter((l) => l.includes('chat message not delivered'))
    expect(warnings).toHaveLength(3)
    expect(warnings[0]).toContain('the chat server answered 500')
    expect(warnings[1]).toContain('could not connect')
    expect(t.logs.join('\n')).not.toContain(url)
    expect(t.logs.join('\n')).not.toContain(new URL(url).pathname)
  })

  it('answers 404 to facilitators of other teams, and sets the webhook from the team page', async () => {
    const t = await testApp({ CHAT_LOCAL_WEBHOOKS: 'true' })
    const { facilitator, team, hook } = await teamWithChat(t)
    const other = await teamWithFacilitator(t, 'Other')
    for (const [method, path, body] of [
      ['PUT', `/api/teams/${team.id}/chat`, { url: 'https://hooks.slack.com/x' }],
      ['PUT', `/api/teams/${team.id}/chat`, { url: null }],
      ['POST', `/api/teams/${team.id}/chat/test`, undefined],
    ] as const) {
      const res = await t.call(method, path, { auth: other.facilitator.token, body })
      expect(res.status).toBe(404)
    }
    expect(hook.requests).toHaveLength(0)

    const b = await browser(t, facilitator.email, team.id)
    const refused = await b.post(`/teams/${team.id}/chat`, { url: 'http://example.org/hook' })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('Give the https address of an incoming webhook')
    const saved = await b.post(`/teams/${team.id}/chat`, {
      url: 'https://hooks.slack.com/services/T1/B1/zzzzAb12',
    })
    expect(saved.status).toBe(303)
    expect(saved.location).toBe(`/teams/${team.id}/chat?done=saved`)
    expect((await b.get(saved.location!)).text).toContain('hooks.slack.com …Ab12')
    const asked = await b.post(`/teams/${team.id}/chat/remove`)
    expect(asked.text).toContain('Yes, remove it')
    expect((await b.get(`/teams/${team.id}`)).text).not.toContain('No chat webhook is set.')
    const removed = await b.post(`/teams/${team.id}/chat/remove`, { confirm: 'yes' })
    expect(removed.status).toBe(303)
    expect((await b.get(`/teams/${team.id}`)).text).toContain('No chat webhook is set.')
    const foreign = await browser(t, other.facilitator.email, other.team.id)
    expect((await foreign.get(`/teams/${team.id}/chat`)).status).toBe(404)
  })
})
