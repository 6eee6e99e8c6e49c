import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  checkNewK,
  checkRaisedK,
  coarseResponseCount,
  commentMinimum,
  MIN_K,
  AUDIENCES,
  recordOf,
  releasedFromRecord,
  releaseFor,
  roundVisibleTo,
  type RoundOutcome,
} from '../../src/domain/anonymity'
import { computeRoundStats } from '../../src/domain/scoring'
import { buildRoundReport, buildTrend, type RoundSummary } from '../../src/domain/report'
import { builtinSurvey } from '../helpers/app'

const ps = builtinSurvey('psychological-safety')
const answersArb = fc
  .tuple(...ps.items.map(() => fc.integer({ min: 1, max: 7 })))
  .map((v) => Object.fromEntries(ps.items.map((item, i) => [item.id, v[i]!])))

function outcome(
  responses: Record<string, number>[],
  k: number,
  extra: Partial<RoundOutcome> = {},
) {
  return {
    status: 'closed' as const,
    k,
    commentMin: Math.max(k, 10),
    respondents: responses.length,
    invited: responses.length + 2,
    stats: computeRoundStats(ps, responses),
    comments: responses.map((_, i) => ({ questionId: 'comment', body: `comment ${i}` })),
    ...extra,
  }
}

/** The gate as a facilitator meets it. */
const gate = (o: RoundOutcome) => releaseFor('facilitator', o)

const summary = (k: number): RoundSummary => ({
  id: 'r1',
  teamId: 't1',
  surveyId: ps.id,
  surveyVersion: 1,
  surveyTitle: 'PS',
  k,
  commentMinimum: Math.max(k, 10),
  status: 'closed',
  opensAt: '2026-01-01T00:00:00.000Z',
  closesAt: '2026-01-08T00:00:00.000Z',
  closedAt: '2026-01-08T00:00:00.000Z',
  releasing: false,
  invited: 0,
  teamSize: 8,
  extraLinks: 0,
  responses: { reachedK: false, count: null },
  facilitatedBy: null,
  debrief: null,
})

/** Every number that appears anywhere in a JSON value. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (Array.isArray(value)) return value.flatMap(numbersIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn)
  return []
}

describe('P3: k', () => {
  it(`is at least ${MIN_K}`, () => {
    expect(() => checkNewK(2)).toThrow(/from 3 to 1000/)
    expect(() => checkNewK(3.5)).toThrow()
    expect(checkNewK(3)).toBe(3)
  })

  it('can be raised while open, never lowered, never changed after close', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 50 }), fc.integer({ min: -5, max: 60 }), (k, next) => {
        if (next >= k && next >= MIN_K) expect(checkRaisedK(k, next, 'open')).toBe(next)
        else expect(() => checkRaisedK(k, next, 'open')).toThrow()
        expect(() => checkRaisedK(k, next, 'closed')).toThrow(/closed/)
      }),
    )
  })

  it('keeps the comment minimum at or above k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 100 }), fc.integer({ min: 0, max: 100 }), (k, c) => {
        expect(commentMinimum(k, c)).toBeGreaterThanOrEqual(k)
        expect(commentMinimum(k, c)).toBeGreaterThanOrEqual(c)
      }),
    )
  })
})

describe('P2: open rounds', () => {
  it('show only whether k was reached until released, never a count that ticks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 30 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (k, n, released) => {
          const count = coarseResponseCount(n, k, released)
          expect(count.reachedK).toBe(n >= k)
          expect(count.count).toBe(released && n >= k ? n : null)
          // While open, one more answer never changes what is shown unless it is the k-th.
          if (!released && n + 1 !== k) expect(coarseResponseCount(n + 1, k, false)).toEqual(count)
        },
      ),
    )
  })

  it('release nothing while open, however many answered', () => {
    fc.assert(
      fc.property(fc.array(answersArb, { maxLength: 30 }), (responses) => {
        const release = gate(outcome(responses, 3, { status: 'open' }))
        expect(release).toEqual({ released: false, reason: 'open', k: 3 })
      }),
    )
  })
})

describe('P1 for one round: the k boundary', () => {
  it('withholds every number derived from answers below k and releases at k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: -3, max: 3 }),
        fc.array(answersArb, { minLength: 15, maxLength: 15 }),
        (k, offset, pool) => {
          const n = Math.max(0, k + offset)
          const responses = pool.slice(0, n)
          const release = gate(outcome(responses, k))
          const report = buildRoundReport(summary(k), ps, release)
          if (n < k) {
            expect(report.released).toBe(false)
            expect(report.respondents).toBeNull()
            expect(report.dimensions).toEqual([])
            expect(report.items).toEqual([])
            expect(report.comments.entries).toEqual([])
            // Only k, the comment minimum, the invitation count and the team's size (set by people,
            // not answers) remain.
            const allowed = new Set([k, Math.max(k, 10), 0, 1, 8, n + 2])
            for (const x of numbersIn(report)) expect(allowed.has(x)).toBe(true)
          } else {
            expect(report.released).toBe(true)
            expect(report.respondents).toBe(n)
            for (const d of report.dimensions) expect(d.n).toBeGreaterThanOrEqual(k)
            for (const i of report.items) expect(i.n).toBeGreaterThanOrEqual(k)
          }
        },
      ),
    )
  })

  it('does not depend on the answer values, only on counts', () => {
    // Each round's scores (reverse-worded items flipped) lie in a range of its own, so that rounds
    // with very low and very high means meet: uniform answers all average about 4.
    const roundOf = (n: number) =>
      fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 })).chain(([x, y]) => {
        const value = fc.integer({ min: Math.min(x, y), max: Math.max(x, y) })
        const answers = fc
          .tuple(...ps.items.map(() => value))
          .map((v) =>
            Object.fromEntries(
              ps.items.map((item, i) => [item.id, item.reverse ? 8 - v[i]! : v[i]!]),
            ),
          )
        return fc.array(answers, { minLength: n, maxLength: n })
      })
    // Two rounds of the same size drawn directly (no fc.pre: filtering equal lengths out of
    // independent arrays threw away nine cases in ten), sizes on both sides of every k.
    const sameSize = fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(roundOf(n), roundOf(n)))
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), sameSize, (k, [a, b]) => {
        expect(gate(outcome(a, k)).released).toBe(gate(outcome(b, k)).released)
      }),
    )
  })

  it('never uses a k below 3, even if a stored round claims one', () => {
    const withheld = gate(
      outcome(
        [{}, {}].map(() => ({})),
        1,
        { respondents: 2 },
      ),
    )
    expect(withheld.released).toBe(false)
  })
})

describe('P4: comments', () => {
  it('are released only at or above the comment minimum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 0, max: 16 }), (k, n) => {
        const responses = Array.from({ length: n }, () =>
          Object.fromEntries(ps.items.map((i) => [i.id, 4])),
        )
        const release = gate(outcome(responses, k))
        const minimum = Math.max(k, 10)
        if (!release.released) expect(n).toBeLessThan(k)
        else if (n < minimum) expect(release.comments).toBeNull()
        else expect(release.comments).toHaveLength(n)
      }),
    )
  })
})

describe('trend', () => {
  it('keeps withheld rounds as gaps and compares with the previous released round', () => {
    const high = Array.from({ length: 8 }, (_, i) =>
      Object.fromEntries(
        ps.items.map((item) => [item.id, item.reverse ? 1 + (i % 2) : 7 - (i % 2)]),
      ),
    )
    const low = Array.from({ length: 8 }, (_, i) =>
      Object.fromEntries(
        ps.items.map((item) => [item.id, item.reverse ? 6 + (i % 2) : 2 - (i % 2)]),
      ),
    )
    const rounds = [
      { summary: { ...summary(5), id: 'a' }, release: gate(outcome(low, 5)) },
      { summary: { ...summary(5), id: 'b' }, release: gate(outcome(high.slice(0, 4), 5)) },
      { summary: { ...summary(5), id: 'c' }, release: gate(outcome(high, 5)) },
    ]
    const trend = buildTrend('t1', ps, rounds)
    expect(trend.rounds.map((r) => r.released)).toEqual([true, false, true])
    expect(trend.rounds[1]!.dimensions).toEqual([])
    expect(trend.rounds[1]!.respondents).toBeNull()
    const [first, , last] = trend.rounds
    expect(first!.dimensions[0]!.change).toBeNull()
    expect(last!.dimensions[0]!.change).toBeGreaterThan(4)
    expect(last!.dimensions[0]!.beyondNoise).toBe(true)
  })
})

describe('trend over many rounds', () => {
  it('shows numbers exactly for rounds at or above k and compares each with the last shown', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.array(fc.array(answersArb, { maxLength: 9 }), { minLength: 1, maxLength: 12 }),
        (k, rounds) => {
          const inputs = rounds.map((responses, i) => ({
            summary: { ...summary(k), id: `r${i}` },
            release: gate(outcome(responses, k)),
          }))
          const trend = buildTrend('t1', ps, inputs)
          expect(trend.rounds).toHaveLength(rounds.length)
          let previousShown = false
          trend.rounds.forEach((point, i) => {
            const n = rounds[i]!.length
            if (n < k) {
              expect(point.released).toBe(false)
              expect(point.respondents).toBeNull()
              expect(point.dimensions).toEqual([])
              return
            }
            expect(point.respondents).toBe(n)
            const dim = point.dimensions[0]!
            expect(dim.low).toBeLessThanOrEqual(dim.mean)
            expect(dim.high).toBeGreaterThanOrEqual(dim.mean)
            // The first shown round has nothing to compare with; later ones always do.
            expect(dim.change === null).toBe(!previousShown)
            previousShown = true
          })
        },
      ),
    )
  })
})

describe('audiences', () => {
  const closedRound = fc
    .tuple(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 0, max: 14 }))
    .map(([k, n]) =>
      outcome(
        Array.from({ length: n }, (_, i) => answersFor(i)),
        k,
      ),
    )
  const answersFor = (i: number) =>
    Object.fromEntries(ps.items.map((item) => [item.id, 1 + (i % 7)]))

  it('give share links no comments, but the number of links everyone may see (P6b)', () => {
    fc.assert(
      fc.property(closedRound, (o) => {
        const shared = releaseFor('share', o)
        const own = releaseFor('facilitator', o)
        expect(shared.released).toBe(own.released)
        if (!shared.released || !own.released) return
        expect(shared.comments).toBeNull()
        expect(shared.invited).toBe(own.invited)
        expect(shared.stats).toEqual(own.stats)
        expect(own.invited).toBe(o.invited)
        const report = buildRoundReport(summary(o.k), ps, shared)
        expect(report.comments.entries).toEqual([])
      }),
    )
  })

  it('let admins see what facilitators see', () => {
    fc.assert(
      fc.property(closedRound, (o) => {
        expect(releaseFor('admin', o)).toEqual(releaseFor('facilitator', o))
      }),
    )
  })

  it('show share links closed rounds only', () => {
    for (const audience of AUDIENCES)
      for (const status of ['scheduled', 'open', 'closed'] as const)
        expect(roundVisibleTo(audience, status)).toBe(audience !== 'share' || status === 'closed')
  })

  it('see nothing of a round being released, whoever they are', () => {
    for (const audience of AUDIENCES)
      expect(releaseFor(audience, outcome([], 3, { status: 'releasing', respondents: 9 }))).toEqual(
        { released: false, reason: 'releasing', k: 3 },
      )
  })
})

describe('the release record', () => {
  it('gives back exactly what the gate released, for every audience', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 8 }),
        fc.array(answersArb, { maxLength: 14 }),
        fc.constantFrom(...AUDIENCES),
        (k, responses, audience) => {
          const o = outcome(responses, k)
          const decided = releaseFor(audience, o)
          const record = recordOf(audience, decided)
          expect(record.released).toBe(decided.released)
          const read = releasedFromRecord(record, { k, commentMin: o.commentMin }, o)
          expect(read).toEqual(decided)
        },
      ),
    )
  })

  it('records no count of a withheld round', () => {
    const record = recordOf('facilitator', releaseFor('facilitator', outcome([{}, {}], 3)))
    expect(record).toEqual({
      audience: 'facilitator',
      released: false,
      respondents: null,
      invited: null,
      comments: 0,
      protects: false,
    })
  })
})
