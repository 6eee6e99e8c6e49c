import { describe, expect, it } from 'vitest'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'

const secretOf = (url: string) => url.split('#')[1]!

/** A round of `surveyId` that k = 3 of 4 people answered. */
async function answeredRound(t: TestApp, token: string, teamId: string, surveyId: string) {
  const opened = await t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: { surveyId, k: 3, closesAt: '2026-03-09T17:00:00Z', invitations: 4 },
  })
  const { round, links } = opened.json
  for (const [i, link] of links.slice(0, 3).entries()) {
    const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: { secret: secretOf(link.url), answers: answersFor(surveyId, 1 + i) },
    })
    expect(res.status, res.text).toBe(201)
  }
  return round.id as string
}

/** The trips to the database one request makes, each a statement or a batch of statements. */
async function tripsOf(t: TestApp, request: () => Promise<{ status: number; text: string }>) {
  const before = t.trips.length
  const res = await request()
  expect(res.status, res.text).toBe(200)
  const trips = t.trips.slice(before)
  return { trips: trips.length, statements: trips.flat() }
}

describe('statements per request', () => {
  // Every statement counts, the sign-in lookup included. Closing: the token, the round with the
  // access check, marking it closed, its survey version, ballots, comments, and one batch that
  // stores results and statistics, records the release and erases the ballots and comments, and
  // whatever tied members to unused links, with the reminders not sent.
  // Before this count was kept, closing ran 27 statements (40 for the collaboration survey: one
  // per statistic) and read the round six times; a report ran 9 and read the round three times.
  for (const surveyId of ['psychological-safety', 'collaboration', 'squad-health-check'])
    it(`closing a round and reading its report take a handful, whatever the survey (${surveyId})`, async () => {
      const t = await testApp()
      const { facilitator, team } = await teamWithFacilitator(t)
      const roundId = await answeredRound(t, facilitator.token, team.id, surveyId)
      const auth = { auth: facilitator.token }

      const close = await tripsOf(t, () => t.call('POST', `/api/rounds/${roundId}/close`, auth))
      // One of them asks whether the team has a chat to tell of the release.
      expect(close.trips).toBeLessThanOrEqual(8)
      expect(close.statements.length).toBeLessThanOrEqual(14)
      const roundReads = close.statements.filter((s) => /^select .* from "rounds"/i.test(s))
      expect(roundReads).toHaveLength(1)

      const report = await tripsOf(t, () => t.call('GET', `/api/rounds/${roundId}/report`, auth))
      // Five for the round itself, two for the previous released round it is set beside (its
      // release record and dimension statistics, whatever the number of rounds).
      expect(report.statements.length).toBeLessThanOrEqual(7)
      expect(report.trips).toBe(report.statements.length)
      expect(report.statements.filter((s) => /from "rounds"/i.test(s))).toHaveLength(1)
      expect(report.statements.every((s) => /^select /i.test(s))).toBe(true)
    })

  it('reading an open round or its report takes as few, and writes nothing', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const roundId = await answeredRound(t, facilitator.token, team.id, 'psychological-safety')
    const auth = { auth: facilitator.token }
    for (const path of [`/api/rounds/${roundId}`, `/api/rounds/${roundId}/report`]) {
      const read = await tripsOf(t, () => t.call('GET', path, auth))
      expect(read.statements.length, path).toBeLessThanOrEqual(4)
      expect(read.statements.every((s) => /^select /i.test(s))).toBe(true)
    }
  })
})
