import { describe, expect, it } from 'vitest'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'

const SURVEY = 'psychological-safety'
const ANSWERS = answersFor(SURVEY, 4)
const secretOf = (url: string) => url.split('#')[1]!
const unknownSecret = (i: number) => `not-a-real-secret-${i}-xxxxxxxx`

/** An open round (k 3) in a fresh app, with `invitations` links minted 1,000 at a time. */
async function openRound(invitations: number, env: Record<string, string> = {}) {
  const t = await testApp(env)
  const { facilitator, team } = await teamWithFacilitator(t, 'Platform', Math.max(40, invitations))
  const first = Math.min(invitations, 1000)
  const res = await t.call('POST', `/api/teams/${team.id}/rounds`, {
    auth: facilitator.token,
    body: { surveyId: SURVEY, k: 3, closesAt: '2026-03-09T17:00:00Z', invitations: first },
  })
  expect(res.status, res.text).toBe(201)
  const secrets: string[] = res.json.links.map((l: { url: string }) => secretOf(l.url))
  while (secrets.length < invitations) {
    const more = await t.call('POST', `/api/rounds/${res.json.round.id}/invitations`, {
      auth: facilitator.token,
      body: { count: Math.min(1000, invitations - secrets.length) },
    })
    expect(more.status, more.text).toBe(201)
    secrets.push(...more.json.links.map((l: { url: string }) => secretOf(l.url)))
  }
  return { t, roundId: res.json.round.id as string, secrets }
}

const submit = (
  t: TestApp,
  roundId: string,
  secret: string,
  headers: Record<string, string> = {},
) =>
  t.call('POST', `/api/public/rounds/${roundId}/responses`, {
    body: { secret, answers: ANSWERS },
    headers,
  })

const formPost = (t: TestApp, roundId: string, fields: Record<string, string | number>) =>
  t.app.request(`/s/${roundId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString(),
  })

/** Statuses of `n` submissions with unknown secrets. */
async function flood(
  t: TestApp,
  roundId: string,
  n: number,
  headers?: (i: number) => Record<string, string>,
) {
  const statuses: number[] = []
  for (let i = 0; i < n; i++)
    statuses.push((await submit(t, roundId, unknownSecret(i), headers?.(i))).status)
  return statuses
}

const limitedAfter = (statuses: number[], failures: number) => {
  expect(statuses.slice(0, failures)).toEqual(Array(failures).fill(404))
  expect(statuses.slice(failures)).toEqual(Array(statuses.length - failures).fill(429))
}

describe('submission limits', () => {
  it('2,000 valid submissions from one address within a minute all succeed', async () => {
    // A roster holds at most 1,000 people: two rounds of 1,000 on the same server.
    const { t, roundId, secrets } = await openRound(1000)
    const { facilitator, team } = await teamWithFacilitator(t, 'Second', 1000)
    const second = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: SURVEY, k: 3, closesAt: '2026-03-09T17:00:00Z' },
    })
    const ballots = [
      ...secrets.map((secret) => ({ roundId, secret })),
      ...second.json.links.map((l: { url: string }) => ({
        roundId: second.json.round.id as string,
        secret: secretOf(l.url),
      })),
    ]
    expect(ballots).toHaveLength(2000)
    t.clock.set('2026-03-02T10:00:00.000Z')
    const statuses = new Map<number, number>()
    for (const { roundId, secret } of ballots) {
      const { status } = await submit(t, roundId, secret)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      t.clock.advance(29) // 58 s for all of them
    }
    expect(Object.fromEntries(statuses)).toEqual({ 201: 2000 })
  }, 120_000)

  it('limits a flood of unknown secrets from one address, and only that address', async () => {
    const { t, roundId, secrets } = await openRound(3)
    t.setAddress('192.0.2.10')
    const statuses = await flood(t, roundId, 200)
    limitedAfter(statuses, 60)
    const refused = await submit(t, roundId, secrets[0]!)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.json.error.code).toBe('too_many_requests')
    expect(refused.json.error.message).toMatch(
      /Please wait \d+ seconds, then send your answers again/,
    )

    t.setAddress('192.0.2.11')
    expect((await submit(t, roundId, unknownSecret(1))).status).toBe(404)
    expect((await submit(t, roundId, secrets[0]!)).status).toBe(201)

    // Once the window has passed, the first address may try again.
    t.setAddress('192.0.2.10')
    t.clock.advance(60_000)
    expect((await submit(t, roundId, secrets[1]!)).status).toBe(201)
  })

  it('counts failures of the API and the survey form together; the form keeps what was typed', async () => {
    const { t, roundId, secrets } = await openRound(3)
    t.setAddress('192.0.2.20')
    limitedAfter(await flood(t, roundId, 30), 30)
    const fields = Object.fromEntries(
      Object.entries(ANSWERS).map(([id, v]) => [`answers.${id}`, v]),
    )
    // Invalid answers count as failures too.
    for (let i = 0; i < 15; i++)
      expect((await formPost(t, roundId, { secret: secrets[0]!, 'answers.ps-1': 3 })).status).toBe(
        400,
      )
    for (let i = 0; i < 15; i++)
      expect((await formPost(t, roundId, { secret: unknownSecret(i), ...fields })).status).toBe(404)
    const refused = await formPost(t, roundId, {
      secret: secrets[0]!,
      ...fields,
      'comments.comment': 'Kept text',
    })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    const page = await refused.text()
    expect(page).toContain('Please wait')
    expect(page).toContain('Kept text')
    expect(page).toContain(secrets[0]!)
    expect((await submit(t, roundId, secrets[0]!)).status).toBe(429)
  })

  it('without TRUST_PROXY, X-Forwarded-For is ignored and cannot escape the limit', async () => {
    const { t, roundId } = await openRound(3)
    const statuses = await flood(t, roundId, 200, (i) => ({
      'x-forwarded-for': `198.51.100.${i % 250}`,
    }))
    limitedAfter(statuses, 60)
  })

  describe('with TRUST_PROXY set to the proxy in front of us', () => {
    const PROXY = '10.0.0.1' // the socket address the test app reports
    const OFFICE_A = '198.51.100.7'
    const OFFICE_B = '203.0.113.9'

    it('gives two offices behind the proxy separate buckets', async () => {
      const { t, roundId, secrets } = await openRound(3, { TRUST_PROXY: PROXY })
      const statuses = await flood(t, roundId, 100, () => ({ 'x-forwarded-for': OFFICE_A }))
      limitedAfter(statuses, 60)
      expect(
        (await submit(t, roundId, unknownSecret(0), { 'x-forwarded-for': OFFICE_B })).status,
      ).toBe(404)
      expect((await submit(t, roundId, secrets[0]!, { 'x-forwarded-for': OFFICE_B })).status).toBe(
        201,
      )
      // Not the proxy's own bucket either: a request without the header is the proxy itself.
      expect((await submit(t, roundId, secrets[1]!)).status).toBe(201)
    })

    it('cannot be steered by a forged X-Forwarded-For prefix', async () => {
      const { t, roundId, secrets } = await openRound(3, { TRUST_PROXY: `loopback, ${PROXY}` })
      limitedAfter(await flood(t, roundId, 100, () => ({ 'x-forwarded-for': OFFICE_A })), 60)
      // Office A pretends to be office B, or a trusted proxy, in front of the address the proxy
      // appended: still office A.
      for (const forged of [OFFICE_B, '127.0.0.1', `${OFFICE_B}, ${PROXY}`, 'garbage', ''])
        expect(
          (
            await submit(t, roundId, unknownSecret(1), {
              'x-forwarded-for': `${forged}, ${OFFICE_A}`,
            })
          ).status,
          forged,
        ).toBe(429)
      // Office B forging office A's address does not land in A's full bucket.
      expect(
        (await submit(t, roundId, secrets[0]!, { 'x-forwarded-for': `${OFFICE_A}, ${OFFICE_B}` }))
          .status,
      ).toBe(201)
      // A client that connects directly (not through the proxy) is its own address, whatever it sends.
      t.setAddress(OFFICE_B)
      expect((await submit(t, roundId, secrets[1]!, { 'x-forwarded-for': OFFICE_A })).status).toBe(
        201,
      )
    })

    it('never answers a malformed header with a server error', async () => {
      const { t, roundId } = await openRound(3, { TRUST_PROXY: PROXY })
      for (const header of [
        '',
        ',',
        ' , , ',
        'unknown',
        '[::1',
        '999.1.1.1',
        '::ffff:',
        'a'.repeat(4000),
        '1.2.3.4:99999',
        '%',
        '[]:80',
      ])
        expect(
          (await submit(t, roundId, unknownSecret(2), { 'x-forwarded-for': header })).status,
          header,
        ).toBe(404)
      expect(t.logs.filter((l) => l.includes('"level":"error"'))).toEqual([])
    })
  })
})

describe('the request log and submissions', () => {
  it('writes no line per submission or survey page, only the refused per minute, never the accepted', async () => {
    const { t, roundId, secrets } = await openRound(3)
    t.clock.set('2026-03-02T10:00:00.000Z')
    t.logs.length = 0
    expect((await t.call('GET', `/s/${roundId}`)).status).toBe(200)
    t.clock.advance(7_000)
    expect((await submit(t, roundId, secrets[0]!)).status).toBe(201)
    t.clock.advance(3_000)
    expect((await submit(t, roundId, unknownSecret(0))).status).toBe(404)
    const fields = Object.fromEntries(
      Object.entries(ANSWERS).map(([id, v]) => [`answers.${id}`, v]),
    )
    t.clock.advance(11_000)
    const posted = await formPost(t, roundId, { secret: secrets[1]!, ...fields })
    expect(posted.status).toBe(303)
    expect((await t.call('GET', posted.headers.get('location')!)).status).toBe(200)

    const entries = () => t.logs.map((l) => JSON.parse(l) as Record<string, unknown>)
    // Opening the survey, answering and the confirmation leave no line with a time (P5).
    expect(entries()).toEqual([])

    // The next request in a later minute writes how many were refused in the one before; how
    // many were accepted is never written: summed, it would count an open round's answers (P2).
    t.clock.advance(60_000)
    expect((await submit(t, roundId, secrets[2]!)).status).toBe(201)
    expect(entries()).toEqual([
      {
        level: 'info',
        message: 'submissions refused',
        minute: '2026-03-02T10:00:00.000Z',
        refused: 1,
      },
    ])
    t.clock.advance(60_000)
    expect((await t.call('GET', '/healthz')).status).toBe(200)
    expect(t.logs.join('\n')).not.toMatch(/accepted/)
    expect(t.logs.join('\n')).not.toMatch(/responses|secret|10\.0\.0\.1/)
  })
})
