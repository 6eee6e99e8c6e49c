import { describe, expect, it } from 'vitest'
import { answersFor, teamWithFacilitator, testApp } from '../helpers/app'

const secretOf = (url: string) => url.split('#')[1]!

describe('a round from opening to report', () => {
  it('collects answers, closes, releases at k and shows the trend', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: {
        surveyId: 'psychological-safety',
        k: 3,
        closesAt: '2026-03-09T17:00:00Z',
        invitations: 4,
      },
    })
    expect(opened.status).toBe(201)
    const { round, links } = opened.json
    expect(links).toHaveLength(4)
    expect(links[0].url).toMatch(new RegExp(`^http://localhost:8787/s/${round.id}#.{43}$`))

    for (const [i, link] of links.slice(0, 3).entries()) {
      const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
        body: { secret: secretOf(link.url), answers: answersFor('psychological-safety', 3 + i) },
      })
      expect(res.status, res.text).toBe(201)
    }
    const open = await t.call('GET', `/api/rounds/${round.id}`, { auth: facilitator.token })
    expect(open.json.round.responses).toEqual({ reachedK: true, count: null })
    const early = await t.call('GET', `/api/rounds/${round.id}/report`, { auth: facilitator.token })
    expect(early.json.released).toBe(false)
    expect(early.json.dimensions).toEqual([])

    const closed = await t.call('POST', `/api/rounds/${round.id}/close`, {
      auth: facilitator.token,
    })
    expect(closed.json.round.status).toBe('closed')
    const report = await t.call('GET', `/api/rounds/${round.id}/report`, {
      auth: facilitator.token,
    })
    expect(report.status).toBe(200)
    expect(report.json.released).toBe(true)
    expect(report.json.respondents).toBe(3)
    expect(report.json.responseRate).toBe(75)
    const dim = report.json.dimensions[0]
    expect(dim.id).toBe('psychological-safety')
    expect(dim.n).toBe(3)
    // 3 respondents answering 3, 4, 5 on every item: reverse items flip 3↔5, so each person's
    // score mixes straight and flipped values; the team's mean is 4 on a 1–7 scale either way.
    expect(dim.mean).toBe(4)
    expect(dim.low).toBeLessThan(4)
    expect(dim.high).toBeGreaterThan(4)

    const late = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: { secret: secretOf(links[3].url), answers: answersFor('psychological-safety', 4) },
    })
    expect(late.status).toBe(410)
    expect(late.json.error.code).toBe('round_closed')

    const trend = await t.call('GET', `/api/teams/${team.id}/trend`, { auth: facilitator.token })
    expect(trend.status).toBe(200)
    expect(trend.json.rounds).toHaveLength(1)
    expect(trend.json.rounds[0].dimensions[0].mean).toBe(4)
  })
})
