import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { setDebrief } from '../../src/db/rounds'
import { answersFor, teamWithFacilitator, testApp, type TestApp } from '../helpers/app'

const NOTES = [
  '=HYPERLINK("http://evil","x")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\tled by a tab',
  '\rled by a carriage return',
]

/** Opens a round, has everyone answer `value` on every item (none: nobody answers), closes it. */
async function closedRound(t: TestApp, token: string, teamId: string, values: number[]) {
  const opened = await t.call('POST', `/api/teams/${teamId}/rounds`, {
    auth: token,
    body: {
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: new Date(t.deps.now().getTime() + 7 * 86400e3).toISOString(),
      invitations: Math.max(values.length, 1),
    },
  })
  expect(opened.status, opened.text).toBe(201)
  const { round, links } = opened.json
  for (const [i, value] of values.entries()) {
    const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: {
        secret: links[i].url.split('#')[1],
        answers: answersFor('psychological-safety', value),
      },
    })
    expect(res.status, res.text).toBe(201)
  }
  expect((await t.call('POST', `/api/rounds/${round.id}/close`, { auth: token })).status).toBe(200)
  t.clock.advance(86400e3)
  return round.id as string
}

describe('CSV exports and spreadsheet formulas', () => {
  it('the trend CSV shows debrief notes as text, and a fall in the mean as a negative number', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const token = facilitator.token
    const high = await closedRound(t, token, team.id, [7, 7, 6])
    const low = await closedRound(t, token, team.id, [2, 3, 2])
    const withheld = [
      await closedRound(t, token, team.id, []),
      await closedRound(t, token, team.id, []),
      await closedRound(t, token, team.id, []),
      await closedRound(t, token, team.id, []),
    ]
    const rounds = [high, low, ...withheld]
    // The API takes notes as typed (trimmed); the last two cannot come through it, so they are
    // written as a note stored some other way would be.
    for (const [i, note] of NOTES.entries()) {
      if (i < 4) {
        const res = await t.call('PUT', `/api/rounds/${rounds[i]}/debrief`, {
          auth: token,
          body: { note },
        })
        expect(res.status, res.text).toBe(200)
      } else await setDebrief(t.deps.db, rounds[i]!, note, t.deps.now().toISOString())
    }

    const csv = await t.call('GET', `/api/teams/${team.id}/trend.csv`, { auth: token })
    expect(csv.status).toBe(200)
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`)
    const [header, ...rows] = parse(csv.text) as string[][]
    const column = (name: string) => header!.indexOf(name)
    const noteOf = (roundId: string) => rows.find((r) => r[0] === roundId)![column('debrief')]
    expect(rounds.map(noteOf)).toEqual(NOTES.map((note) => `'${note}`))

    const changes = rows.filter((r) => r[0] === low).map((r) => r[column('change')]!)
    expect(changes.length).toBeGreaterThan(0)
    for (const change of changes) {
      expect(change).toMatch(/^-\d+(\.\d+)?$/)
      expect(Number(change)).toBeLessThan(0)
    }
    // The JSON trend says the same numbers.
    const trend = await t.call('GET', `/api/teams/${team.id}/trend`, { auth: token })
    const point = trend.json.rounds.find((r: { roundId: string }) => r.roundId === low)
    expect(changes).toEqual(point.dimensions.map((d: { change: number }) => String(d.change)))

    for (const row of rows)
      for (const cell of row) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^-\d+(\.\d+)?$/)
  })

  it('the report CSV keeps its numbers as numbers', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const roundId = await closedRound(t, facilitator.token, team.id, [5, 6, 7])
    const csv = await t.call('GET', `/api/rounds/${roundId}/report.csv`, {
      auth: facilitator.token,
    })
    expect(csv.status).toBe(200)
    const [header, ...rows] = parse(csv.text) as string[][]
    const means = rows.filter((r) => r[0] === 'item').map((r) => r[header!.indexOf('mean')]!)
    expect(means.length).toBeGreaterThan(0)
    for (const mean of means) expect(mean).toMatch(/^\d+(\.\d+)?$/)
    for (const row of rows) for (const cell of row) expect(cell.startsWith("'"), cell).toBe(false)
  })
})
