import { describe, expect, it } from 'vitest'
import {
  builtinSurvey,
  answersFor,
  teamWithFacilitator,
  testApp,
  type TestApp,
} from '../helpers/app'

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' }

/** An open round of a team in Berlin, closing 6 days and 7 hours after the test clock's now. */
async function berlinRound(t: TestApp) {
  const { admin, facilitator, team } = await teamWithFacilitator(t)
  const zoned = await t.call('PATCH', `/api/teams/${team.id}`, {
    auth: admin.token,
    body: { timeZone: 'Europe/Berlin' },
  })
  expect(zoned.status).toBe(200)
  // The clock starts 2026-03-02 09:00 UTC; 16:00 UTC is 17:00 in Berlin (CET).
  const res = await t.call('POST', `/api/teams/${team.id}/rounds`, {
    auth: facilitator.token,
    body: {
      surveyId: 'psychological-safety',
      k: 4,
      closesAt: '2026-03-08T16:00:00Z',
      invitations: 3,
    },
  })
  expect(res.status).toBe(201)
  const roundId: string = res.json.round.id
  const secrets: string[] = res.json.links.map((l: { url: string }) => l.url.split('#')[1]!)
  return { roundId, secrets }
}

const post = (t: TestApp, path: string, fields: Record<string, string | number>) =>
  t.app.request(path, {
    method: 'POST',
    headers: formHeaders,
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString(),
  })

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')

/** The error summary's list items, as read. */
const summaryItems = (html: string) => {
  const summary = html.match(/<div class="error-summary"[^>]*>(.*?)<\/div>/s)
  expect(summary, 'an error summary').toBeTruthy()
  return [...summary![1]!.matchAll(/<li>(.*?)<\/li>/gs)].map((m) => text(m[1]!).trim())
}

const ITEMS = builtinSurvey('psychological-safety').items

describe('the survey page says what happens', () => {
  it('when it closes, in the team’s zone and named, with a countdown and the k rule', async () => {
    const t = await testApp()
    const { roundId } = await berlinRound(t)
    const en = text((await t.call('GET', `/s/${roundId}?lang=en`)).text)
    expect(en).toContain('You can answer until Sunday, 8 March 2026 at 17:00 (Europe/Berlin time).')
    expect(en).toContain('The survey closes in 6 days.')
    expect(en).toContain('your team sees the results only if at least 4 people answered')
    const de = text((await t.call('GET', `/s/${roundId}?lang=de`)).text)
    expect(de).toContain('Du kannst bis Sonntag, 8. März 2026 um 17:00 (Zeit in Europe/Berlin)')
    expect(de).toContain('Die Umfrage schließt in 6 Tagen.')
    expect(de).toContain('wenn mindestens 4 Personen geantwortet haben')
  })

  it('counts down in hours and minutes near the end', async () => {
    const t = await testApp()
    const { roundId } = await berlinRound(t)
    t.clock.set('2026-03-08T11:30:00Z')
    expect((await t.call('GET', `/s/${roundId}?lang=en`)).text).toContain('closes in 4 hours.')
    t.clock.set('2026-03-08T15:59:00Z')
    expect((await t.call('GET', `/s/${roundId}?lang=de`)).text).toContain(
      'schließt in einer Minute.',
    )
  })

  it('says each link counts once, on a page the same whether a link was used or not', async () => {
    const t = await testApp()
    const { roundId, secrets } = await berlinRound(t)
    const before = (await t.call('GET', `/s/${roundId}`)).text
    expect(text(before)).toContain('Each link counts once.')
    const answers = Object.fromEntries(
      Object.entries(answersFor('psychological-safety', 3)).map(([id, v]) => [`answers.${id}`, v]),
    )
    expect((await post(t, `/s/${roundId}`, { secret: secrets[0]!, ...answers })).status).toBe(303)
    expect((await t.call('GET', `/s/${roundId}`)).text).toBe(before)
  })

  it('the thanks page says when and where results appear', async () => {
    const t = await testApp()
    const { roundId } = await berlinRound(t)
    const en = text((await t.call('GET', `/s/${roundId}/thanks?lang=en`)).text)
    expect(en).toContain('after the survey closes (Sunday, 8 March 2026 at 17:00 (Europe/Berlin')
    expect(en).toContain('only if at least 4 people answered')
    expect(en).toContain('share link')
    const de = text((await t.call('GET', `/s/${roundId}/thanks?lang=de`)).text)
    expect(de).toContain('(Sonntag, 8. März 2026 um 17:00 (Zeit in Europe/Berlin))')
    expect(de).toContain('Freigabe-Link')
  })
})

describe('a failed submit', () => {
  it('has a focusable alert summary whose problems each read as one sentence', async () => {
    const t = await testApp()
    const { roundId, secrets } = await berlinRound(t)
    const first = ITEMS[0]!
    for (const [lang, sentence] of [
      ['en', `This question needs an answer: “${first.text.en}”`],
      ['de', `Diese Frage braucht eine Antwort: „${first.text.de}“`],
    ] as const) {
      const res = await post(t, `/s/${roundId}?lang=${lang}`, { secret: secrets[1]! })
      expect(res.status).toBe(400)
      const html = await res.text()
      expect(html).toMatch(/<div class="error-summary" role="alert" tabindex="-1"/)
      const items = summaryItems(html)
      expect(items).toHaveLength(ITEMS.length)
      expect(items[0]).toBe(sentence)
      for (const item of items) expect(item).not.toMatch(/[.?!]\s*[:.]\s/)
    }
  })

  it('words a missing code as one sentence about the code', async () => {
    const t = await testApp()
    const { roundId } = await berlinRound(t)
    const res = await post(t, `/s/${roundId}`, { secret: '' })
    expect(summaryItems(await res.text())).toEqual(['Enter the code from your link.'])
  })
})
