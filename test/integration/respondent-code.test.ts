import { describe, expect, it } from 'vitest'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'

/** An open round with two links; the secrets as a respondent's browser would read them. */
async function openRound(t: TestApp) {
  const { facilitator, team } = await teamWithFacilitator(t)
  const res = await t.call('POST', `/api/teams/${team.id}/rounds`, {
    auth: facilitator.token,
    body: {
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: '2026-04-01T00:00:00Z',
      invitations: 2,
    },
  })
  const secrets = res.json.links.map((l: { url: string }) => l.url.split('#')[1]!) as string[]
  return { round: res.json.round as { id: string }, secrets, facilitator }
}

const answers = Object.fromEntries(
  Object.entries(answersFor('psychological-safety', 4)).map(([id, v]) => [`answers.${id}`, v]),
)

const post = (t: TestApp, path: string, fields: Record<string, string | number>) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString(),
  })

/** What app.js reads on a respondent page: the code box, and the round whose code to forget. */
const codeBox = (html: string) => /<div data-respondent-code="([^"]+)"([^>]*)>/.exec(html)
const forgets = (html: string) => /data-forget-code="([^"]+)"/.exec(html)?.[1]

describe('the respondent code in the browser (kept by app.js, never in a URL)', () => {
  it('marks the code box with its round; the language switch carries only the language', async () => {
    const t = await testApp()
    const { round } = await openRound(t)
    const page = (await t.call('GET', `/s/${round.id}`)).text
    expect(codeBox(page)?.[1]).toBe(round.id)
    expect(codeBox(page)?.[2]).not.toContain('data-code-refused')
    expect(page).toContain(`href="/s/${round.id}?lang=de"`)
    expect(forgets(page)).toBeUndefined()
  })

  it('the thanks page makes the browser forget the code; the redirect does not carry it', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t)
    const res = await post(t, `/s/${round.id}?lang=de`, { secret: secrets[0]!, ...answers })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${round.id}/thanks?lang=de`)
    const thanks = (await t.call('GET', res.headers.get('location')!)).text
    expect(forgets(thanks)).toBe(round.id)
    expect(thanks).not.toContain(secrets[0]!)
  })

  it('a refused code is marked to be forgotten; one kept after a missing answer is not', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t)
    await post(t, `/s/${round.id}`, { secret: secrets[0]!, ...answers })
    const used = await post(t, `/s/${round.id}`, { secret: secrets[0]!, ...answers })
    expect(used.status).toBe(409)
    expect(codeBox(await used.text())?.[2]).toContain('data-code-refused')
    const unknown = await post(t, `/s/${round.id}`, { secret: 'A'.repeat(43), ...answers })
    expect(unknown.status).toBe(404)
    expect(codeBox(await unknown.text())?.[2]).toContain('data-code-refused')
    const [first] = Object.keys(answers)
    const partial = await post(t, `/s/${round.id}`, { secret: secrets[1]!, [first!]: '' })
    expect(partial.status).toBe(400)
    const html = await partial.text()
    expect(codeBox(html)?.[2]).not.toContain('data-code-refused')
    expect(html).toContain(`value="${secrets[1]}"`)
  })

  it('a closed round makes the browser forget the code', async () => {
    const t = await testApp()
    const { round, facilitator } = await openRound(t)
    await t.call('POST', `/api/rounds/${round.id}/close`, { auth: facilitator.token })
    const closed = await t.call('GET', `/s/${round.id}`)
    expect(closed.status).toBe(410)
    expect(forgets(closed.text)).toBe(round.id)
  })
})
