import { describe, expect, it } from 'vitest'
import { answersFor, teamWithFacilitator, testApp } from '../helpers/app'

describe('a team share link', () => {
  it('shows released numbers but never comments, and ignores open rounds', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: {
        surveyId: 'psychological-safety',
        k: 3,
        closesAt: '2026-03-20T00:00:00Z',
        invitations: 10,
      },
    })
    const { round, links } = opened.json
    for (const [i, link] of links.entries())
      await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
        body: {
          secret: link.url.split('#')[1],
          answers: answersFor('psychological-safety', 2 + (i % 5)),
          comments: { comment: `team-comment-${i}` },
        },
      })
    await t.call('POST', `/api/rounds/${round.id}/close`, { auth: facilitator.token })
    // A newer round of another survey is still open.
    await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: 'collaboration', closesAt: '2026-03-25T00:00:00Z', invitations: 3 },
    })

    const own = await t.call('GET', `/api/rounds/${round.id}/report`, { auth: facilitator.token })
    expect(own.json.comments.entries).toHaveLength(10)

    const share = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })
    const shared = await t.call('GET', `/api/shared/rounds/${round.id}/report`, {
      auth: share.json.token,
    })
    expect(shared.status).toBe(200)
    expect(shared.json.dimensions[0].mean).toBe(own.json.dimensions[0].mean)
    expect(shared.json.comments.entries).toEqual([])
    expect(shared.text).not.toContain('team-comment')

    const teamView = await t.call('GET', '/api/shared/team', { auth: share.json.token })
    expect(teamView.json.trend.surveyId).toBe('psychological-safety')
    expect(teamView.json.trend.rounds).toHaveLength(1)
    expect(teamView.json.rounds.map((r: { id: string }) => r.id)).toEqual([round.id])
  })
})
