import { describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { answersFor, teamWithFacilitator, testApp } from '../helpers/app'

/** Every number anywhere in a JSON value. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (Array.isArray(value)) return value.flatMap(numbersIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn)
  return []
}

describe('a round below k reveals nothing anywhere', () => {
  it('walks every GET route and CSV export and finds no number derived from its answers', async () => {
    const t = await testApp()
    const { admin, facilitator, team } = await teamWithFacilitator(t)
    const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: {
        surveyId: 'psychological-safety',
        k: 5,
        closesAt: '2026-03-20T00:00:00Z',
        invitations: 9,
      },
    })
    const { round, links } = opened.json
    // Four people (one short of k) with answers that make distinctive means.
    const values = [1, 2, 2, 6]
    for (const [i, v] of values.entries()) {
      const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
        body: {
          secret: links[i].url.split('#')[1],
          answers: answersFor('psychological-safety', (_, j) => ((v + j) % 7) + 1),
          comments: { comment: `only-four-secret-comment-${i}` },
        },
      })
      expect(res.status).toBe(201)
    }
    const duringOpen = await t.call('GET', `/api/rounds/${round.id}`, { auth: facilitator.token })
    expect(duringOpen.json.round.responses).toEqual({ reachedK: false, count: null })
    await t.call('POST', `/api/rounds/${round.id}/close`, { auth: facilitator.token })
    await t.call('PUT', `/api/rounds/${round.id}/debrief`, {
      auth: facilitator.token,
      body: { note: 'Talk about it anyway' },
    })
    const share = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: facilitator.token,
    })

    // What an attacker would look for: the count, and any mean, share or rate computed from answers.
    const answers = values.map((v) =>
      answersFor('psychological-safety', (_, j) => ((v + j) % 7) + 1),
    )
    const forbidden = new Set<number>([values.length, 40, 44.4])
    const itemIds = Object.keys(answers[0]!)
    for (const id of itemIds) {
      const mean = answers.reduce((s, a) => s + a[id]!, 0) / answers.length
      forbidden.add(Math.round(mean * 100) / 100)
    }
    forbidden.delete(5) // k itself may be shown
    forbidden.delete(9) // so may the number of links handed out

    const spec = (await t.call('GET', '/openapi.json')).json
    const getPaths = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path)
    // Survey definitions hold scale values (1–7), not results: checked for comments only.
    const definitions = ['/api/surveys/{surveyId}', '/api/public/rounds/{roundId}']
    expect(getPaths.length).toBeGreaterThan(10)
    const fill = (path: string) =>
      path
        .replace('{teamId}', team.id)
        .replace('{roundId}', round.id)
        .replace('{surveyId}', 'psychological-safety')
        .replace('{id}', 'x')
    const seen: string[] = []
    for (const path of getPaths) {
      for (const auth of [facilitator.token, admin.token, share.json.token]) {
        for (const suffix of ['', '?locale=de']) {
          const res = await t.call('GET', fill(path) + suffix, { auth })
          expect(res.status, path).toBeLessThan(500)
          seen.push(path)
          expect(res.text).not.toContain('only-four-secret-comment')
          if (res.headers.get('content-type')?.includes('csv')) {
            const rows = parse(res.text) as string[][]
            for (const cell of rows.flat())
              if (cell !== '' && !Number.isNaN(Number(cell)))
                expect(forbidden.has(Number(cell)), `${path}: ${cell}`).toBe(false)
          } else if (res.json && !definitions.includes(path)) {
            for (const x of numbersIn(res.json))
              expect(forbidden.has(x), `${path} leaks ${x}`).toBe(false)
          }
        }
      }
    }
    expect(seen).toContain('/api/rounds/{roundId}/report.csv')
    expect(seen).toContain('/api/teams/{teamId}/trend.csv')
    expect(seen).toContain('/api/shared/team')

    const report = await t.call('GET', `/api/rounds/${round.id}/report`, {
      auth: facilitator.token,
    })
    expect(report.json.released).toBe(false)
    expect(report.json.message).toMatch(/Fewer than 5 people answered/)
    // No log line carries answers or comments either.
    expect(t.logs.join('\n')).not.toMatch(/only-four-secret-comment|answers/)
  })
})
