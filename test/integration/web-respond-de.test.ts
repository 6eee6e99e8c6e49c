import { describe, expect, it } from 'vitest'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'

async function openRound(t: TestApp) {
  const { facilitator, team } = await teamWithFacilitator(t)
  const res = await t.call('POST', `/api/teams/${team.id}/rounds`, {
    auth: facilitator.token,
    body: {
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: '2026-04-01T00:00:00Z',
      invitations: 3,
    },
  })
  const { round, links } = res.json
  const secrets = links.map((l: { url: string }) => l.url.split('#')[1]!) as string[]
  return { round, secrets, facilitator }
}

const answerFields = (value: number) =>
  Object.fromEntries(
    Object.entries(answersFor('psychological-safety', value)).map(([id, v]) => [
      `answers.${id}`,
      v,
    ]),
  )

const post = (t: TestApp, path: string, fields: Record<string, string | number>) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString(),
  })

describe('the German survey page', () => {
  it('says in German that a link was used', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t)
    const fields = { secret: secrets[0]!, ...answerFields(4) }
    expect((await post(t, `/s/${round.id}?lang=de`, fields)).status).toBe(303)
    const again = await post(t, `/s/${round.id}?lang=de`, fields)
    expect(again.status).toBe(409)
    const page = await again.text()
    expect(page).toContain('Mit diesem Link wurde bereits geantwortet.')
    expect(page).not.toContain('already been used')
  })

  it('says in German which answers need attention', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t)
    const [first, second, ...rest] = Object.keys(answerFields(4))
    const fields: Record<string, string | number> = {
      secret: secrets[0]!,
      ...answerFields(4),
      [second!]: 9,
    }
    delete fields[first!]
    expect(rest.length).toBeGreaterThan(0)
    const res = await post(t, `/s/${round.id}?lang=de`, fields)
    expect(res.status).toBe(400)
    const page = await res.text()
    expect(page).toContain('Einige Antworten brauchen noch Aufmerksamkeit.')
    expect(page).toContain('Diese Frage braucht eine Antwort.')
    expect(page).toContain('Wähle einen dieser Werte: 1, 2, 3, 4, 5, 6, 7.')
    expect(page).not.toContain('needs an answer')
    expect(page).not.toContain('Choose one of')
  })

  it('asks in German for the code when it is missing', async () => {
    const t = await testApp()
    const { round } = await openRound(t)
    const res = await post(t, `/s/${round.id}?lang=de`, { secret: '', ...answerFields(4) })
    expect(res.status).toBe(400)
    const page = await res.text()
    expect(page).toContain('Gib den Code aus deinem Link ein.')
    expect(page).not.toContain('Enter the code from your link.')
  })

  it('says in German that the round has closed', async () => {
    const t = await testApp()
    const { round, secrets, facilitator } = await openRound(t)
    await t.call('POST', `/api/rounds/${round.id}/close`, { auth: facilitator.token })
    const res = await post(t, `/s/${round.id}?lang=de`, { secret: secrets[0]!, ...answerFields(4) })
    expect(res.status).toBe(410)
    const page = await res.text()
    expect(page).toContain('Diese Umfrage ist beendet')
    expect(page).not.toContain('has closed')
  })
})
