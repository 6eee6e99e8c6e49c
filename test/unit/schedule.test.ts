import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/domain/errors'
import {
  catchUp,
  checkPulseRule,
  describePulse,
  firstOccurrence,
  followingOccurrence,
  localDateTime,
  type PulseRule,
} from '../../src/domain/schedule'
import { instantOf, wallTimeIn } from '../../src/domain/zoned-time'

const ZONES = ['Europe/Berlin', 'America/New_York', 'UTC', 'Australia/Sydney']
const DAY = 24 * 3600_000
const pad = (n: number) => String(n).padStart(2, '0')

const openTime = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${pad(h)}:${pad(m)}`)
const rule: fc.Arbitrary<PulseRule> = fc.oneof(
  fc.record({
    cadence: fc.constant('weeks' as const),
    everyWeeks: fc.integer({ min: 1, max: 12 }),
    weekday: fc.integer({ min: 0, max: 6 }),
    openTime,
    openDays: fc.constant(1),
  }),
  fc.record({
    cadence: fc.constant('monthly' as const),
    dayOfMonth: fc.integer({ min: 1, max: 28 }),
    openTime,
    openDays: fc.constant(1),
  }),
)
// 2025–2028: several daylight-saving changes each way in every zone above.
const instant = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) })
  .map((t) => new Date(t))
const zone = fc.constantFrom(...ZONES)

/** The local reading is the rule's, or (only when the clocks skipped it) an hour later. */
function expectLocalTime(at: Date, r: PulseRule, timeZone: string) {
  const w = wallTimeIn(at, timeZone)
  const reads = `${pad(w.hour)}:${pad(w.minute)}`
  if (reads === r.openTime) return
  const [h, m] = r.openTime.split(':').map(Number) as [number, number]
  expect(reads).toBe(`${pad(h + 1)}:${pad(m)}`)
  // …and the rule's reading does not exist that day: it maps past itself.
  expect(wallTimeIn(instantOf(w, h, m, timeZone), timeZone).hour).toBe(h + 1)
}

function expectOnDay(at: Date, r: PulseRule, timeZone: string) {
  const w = wallTimeIn(at, timeZone)
  if (r.cadence === 'weeks') expect(w.weekday).toBe(r.weekday)
  else expect(w.day).toBe(r.dayOfMonth)
}

describe('pulse occurrences', () => {
  it('the first is strictly after now, within a week or a month, on its day at its local time', () => {
    fc.assert(
      fc.property(rule, instant, zone, (r, now, tz) => {
        const at = firstOccurrence(r, now, tz)
        expect(at.getTime()).toBeGreaterThan(now.getTime())
        const limit = r.cadence === 'weeks' ? 7 * DAY + 2 * 3600_000 : 32 * DAY
        expect(at.getTime() - now.getTime()).toBeLessThanOrEqual(limit)
        expectOnDay(at, r, tz)
        expectLocalTime(at, r, tz)
      }),
      { numRuns: 500 },
    )
  })

  it('follow each other N weeks (or a month) apart, never skipping or repeating, across DST', () => {
    fc.assert(
      fc.property(rule, instant, zone, (r, now, tz) => {
        let at = firstOccurrence(r, now, tz)
        let previous = wallTimeIn(at, tz)
        for (let i = 0; i < 30; i++) {
          const next = followingOccurrence(r, at, tz)
          expect(next.getTime()).toBeGreaterThan(at.getTime())
          expectOnDay(next, r, tz)
          expectLocalTime(next, r, tz)
          const w = wallTimeIn(next, tz)
          const days =
            (Date.UTC(w.year, w.month - 1, w.day) -
              Date.UTC(previous.year, previous.month - 1, previous.day)) /
            DAY
          if (r.cadence === 'weeks') expect(days).toBe(7 * r.everyWeeks)
          else expect(w.year * 12 + w.month - (previous.year * 12 + previous.month)).toBe(1)
          // Nothing in between: the first occurrence after the previous one is this one, for
          // weekly rules (every N weeks counts from the schedule's own start, not from `now`).
          if (r.cadence === 'monthly' || r.everyWeeks === 1)
            expect(firstOccurrence(r, at, tz).getTime()).toBe(next.getTime())
          at = next
          previous = w
        }
      }),
      { numRuns: 200 },
    )
  })

  it('keeps 09:00 local across the changes in Berlin and New York', () => {
    const weekly: PulseRule = {
      cadence: 'weeks',
      everyWeeks: 1,
      weekday: 0,
      openTime: '09:00',
      openDays: 1,
    }
    // Sunday 29 March 2026 (Berlin springs forward), 1 November 2026 (New York falls back).
    const berlin = firstOccurrence(weekly, new Date('2026-03-23T00:00:00Z'), 'Europe/Berlin')
    expect(berlin.toISOString()).toBe('2026-03-29T07:00:00.000Z')
    expect(followingOccurrence(weekly, berlin, 'Europe/Berlin').toISOString()).toBe(
      '2026-04-05T07:00:00.000Z',
    )
    const before = firstOccurrence(weekly, new Date('2026-10-20T00:00:00Z'), 'America/New_York')
    expect(before.toISOString()).toBe('2026-10-25T13:00:00.000Z')
    expect(followingOccurrence(weekly, before, 'America/New_York').toISOString()).toBe(
      '2026-11-01T14:00:00.000Z',
    )
  })

  it('opens an hour late only on the day the clocks skip its time, then goes back to it', () => {
    const night: PulseRule = {
      cadence: 'weeks',
      everyWeeks: 1,
      weekday: 0,
      openTime: '02:30',
      openDays: 1,
    }
    const tz = 'Europe/Berlin'
    const a = firstOccurrence(night, new Date('2026-03-23T00:00:00Z'), tz)
    expect(localDateTime(a, tz)).toBe('Sun 29 Mar 2026 03:30')
    const b = followingOccurrence(night, a, tz)
    expect(localDateTime(b, tz)).toBe('Sun 5 Apr 2026 02:30')
    const autumn = firstOccurrence(night, new Date('2026-10-19T00:00:00Z'), tz)
    expect(autumn.toISOString()).toBe('2026-10-25T00:30:00.000Z') // the first 02:30 of two
  })

  it('moves a skipped clock reading past the jump, and takes the first of a repeated one', () => {
    const spring = { year: 2026, month: 3, day: 29 }
    expect(instantOf(spring, 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z')
    const autumn = { year: 2026, month: 10, day: 25 }
    expect(instantOf(autumn, 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z')
  })
})

describe('catching up', () => {
  const weekly: PulseRule = {
    cadence: 'weeks',
    everyWeeks: 1,
    weekday: 1,
    openTime: '09:00',
    openDays: 3,
  }
  const tz = 'UTC'
  const monday = new Date('2026-03-02T09:00:00Z')

  it('opens only the latest missed occurrence while it would still be open', () => {
    const now = new Date('2026-03-10T10:00:00Z') // a day after the second Monday
    const { open, nextAt } = catchUp(weekly, { nextAt: monday, due: monday }, now, tz)
    expect(open?.opensAt.toISOString()).toBe('2026-03-09T09:00:00.000Z')
    expect(open?.closesAt.toISOString()).toBe('2026-03-12T09:00:00.000Z')
    expect(nextAt.toISOString()).toBe('2026-03-16T09:00:00.000Z')
  })

  it('opens nothing when the latest would already have closed, and advances past now', () => {
    const now = new Date('2026-03-13T10:00:00Z')
    const { open, nextAt } = catchUp(weekly, { nextAt: monday, due: monday }, now, tz)
    expect(open).toBeNull()
    expect(nextAt.toISOString()).toBe('2026-03-16T09:00:00.000Z')
  })

  it('always advances strictly past now', () => {
    fc.assert(
      fc.property(rule, instant, zone, fc.integer({ min: 0, max: 400 * DAY }), (r, t, tz, late) => {
        const first = firstOccurrence(r, t, tz)
        const now = new Date(first.getTime() + late)
        const { open, nextAt } = catchUp(r, { nextAt: first, due: first }, now, tz)
        expect(nextAt.getTime()).toBeGreaterThan(now.getTime())
        if (open) expect(open.opensAt.getTime()).toBeLessThanOrEqual(now.getTime())
      }),
    )
  })
})

describe('pulse rules', () => {
  it('refuse what cannot be scheduled, naming each field', () => {
    const bad = () =>
      checkPulseRule({
        cadence: 'weeks',
        everyWeeks: 13,
        weekday: 7,
        openTime: '24:00',
        openDays: 0,
      })
    expect(bad).toThrow(AppError)
    try {
      bad()
    } catch (err) {
      expect((err as AppError).fields.map((f) => f.path)).toEqual([
        'everyWeeks',
        'weekday',
        'openTime',
        'openDays',
      ])
    }
    const tooLong = { cadence: 'weeks', everyWeeks: 1, weekday: 1, openTime: '09:00', openDays: 8 }
    expect(() => checkPulseRule(tooLong as PulseRule)).toThrow(
      expect.objectContaining({
        fields: [
          expect.objectContaining({
            path: 'openDays',
            message: expect.stringMatching(/1 to 7 days/),
          }),
        ],
      }),
    )
    expect(() =>
      checkPulseRule({ cadence: 'monthly', dayOfMonth: 31, openTime: '09:00', openDays: 5 }),
    ).toThrow(AppError)
  })

  it('read as words in the team’s zone', () => {
    const r: PulseRule = {
      cadence: 'weeks',
      everyWeeks: 2,
      weekday: 1,
      openTime: '09:00',
      openDays: 5,
    }
    expect(describePulse(r, 'Europe/Berlin')).toBe(
      'Every 2 weeks on Monday at 09:00 (Europe/Berlin), open 5 days',
    )
    expect(localDateTime(new Date('2026-12-14T08:00:00Z'), 'Europe/Berlin')).toBe(
      'Mon 14 Dec 2026 09:00',
    )
  })
})
