import { describe, expect, it } from 'vitest'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'

async function openRound(t: TestApp, body: Record<string, unknown> = {}) {
  const { facilitator, team } = await teamWithFacilitator(t)
  const res = await t.call('POST', `/api/teams/${team.id}/rounds`, {
    auth: facilitator.token,
    body: {
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: '2026-04-01T00:00:00Z',
      invitations: 3,
      ...body,
    },
  })
  const { round, links } = res.json
  return {
    round,
    secrets: links.map((l: { url: string }) => l.url.split('#')[1]!) as string[],
    facilitator,
  }
}

function form(fields: Record<string, string | number>) {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString()
}

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' }

describe('the survey page', () => {
  it('shows every question with its scale, the privacy statement and a code field', async () => {
    const t = await testApp()
    const { round } = await openRound(t)
    const res = await t.call('GET', `/s/${round.id}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.text).toContain('<html lang="en">')
    expect(res.text.match(/<fieldset/g)).toHaveLength(7)
    expect(res.text).toContain('at least 3 people answered')
    expect(res.text).toContain('name="secret"')
    expect(res.text).not.toMatch(/<script(?![^>]*src="\/assets\/app\.js")/)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('speaks German when the browser asks for it, with a switch back', async () => {
    const t = await testApp()
    const { round } = await openRound(t)
    const res = await t.call('GET', `/s/${round.id}`, {
      headers: { 'accept-language': 'de-CH,de;q=0.9' },
    })
    expect(res.text).toContain('<html lang="de">')
    expect(res.text).toContain('Antworten absenden')
    expect(res.text).toContain('Language: English')
  })

  it('stores a form submission and confirms it; the same link then shows the used-link message', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t)
    const answers = Object.fromEntries(
      Object.entries(answersFor('psychological-safety', 4)).map(([id, v]) => [`answers.${id}`, v]),
    )
    const body = form({ secret: secrets[0]!, ...answers, 'comments.comment': 'Fine' })
    const res = await t.app.request(`/s/${round.id}`, {
      method: 'POST',
      headers: formHeaders,
      body,
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${round.id}/thanks?lang=en`)
    const thanks = await t.call('GET', res.headers.get('location')!)
    expect(thanks.text).toContain('Your answers were saved')
    const again = await t.app.request(`/s/${round.id}`, {
      method: 'POST',
      headers: formHeaders,
      body,
    })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('already been used')
  })

  it('keeps the answers given and names what is missing', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t)
    const all = answersFor('psychological-safety', 6)
    const [firstId] = Object.keys(all)
    const partial = Object.fromEntries(
      Object.entries(all)
        .filter(([id]) => id !== firstId)
        .map(([id, v]) => [`answers.${id}`, v]),
    )
    const res = await t.app.request(`/s/${round.id}`, {
      method: 'POST',
      headers: formHeaders,
      body: form({ secret: secrets[1]!, ...partial, 'comments.comment': 'kept text' }),
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('There is a problem')
    expect(html).toContain(`href="#f-answers-${firstId}"`)
    expect(html.match(/value="6" checked=""/g)).toHaveLength(6)
    expect(html).toContain('kept text')
    // Nothing was stored and the link still works.
    expect(t.raw.prepare('SELECT SUM(filled) AS n FROM ballots').get()).toEqual({ n: 0 })
  })

  it('explains a closed survey and one not open yet', async () => {
    const t = await testApp()
    const later = await openRound(t, { opensAt: '2026-03-10T00:00:00Z' })
    expect((await t.call('GET', `/s/${later.round.id}`)).text).toContain('not open yet')
    const { round, facilitator } = await openRound(t)
    await t.call('POST', `/api/rounds/${round.id}/close`, { auth: facilitator.token })
    const closed = await t.call('GET', `/s/${round.id}`)
    expect(closed.status).toBe(410)
    expect(closed.text).toContain('This survey has closed')
    expect((await t.call('GET', '/s/nope')).status).toBe(404)
  })
})
