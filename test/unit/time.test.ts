import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  defaultClosingTime,
  parseLocalInput,
  relativeTime,
  toLocalInput,
} from '../../src/domain/time'
import { instantOf, wallTimeIn } from '../../src/domain/zoned-time'
import { stamp } from '../../src/cli/output'

const ZONES = ['Europe/Berlin', 'America/New_York'] as const
const HOUR = 3600_000
// 2020–2035, whole minutes (what forms and schedules use): many DST changes in both zones.
const instant = fc
  .integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 11, 31) / 60_000 })
  .map((m) => new Date(m * 60_000))
// Instants within two hours of a DST change, where mistakes live.
const TRANSITIONS = [
  '2026-03-29T01:00:00Z', // Berlin forward
  '2026-10-25T01:00:00Z', // Berlin back
  '2026-03-08T07:00:00Z', // New York forward
  '2026-11-01T06:00:00Z', // New York back
].map((iso) => new Date(iso).getTime())
const nearTransition = fc
  .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -120, max: 120 }))
  .map(([t, m]) => new Date(t + m * 60_000))

describe('wall time in a zone', () => {
  for (const zone of ZONES)
    it(`UTC → local parts → UTC is the identity in ${zone}, except the repeated hour's second pass`, () => {
      fc.assert(
        fc.property(fc.oneof(instant, nearTransition), (t) => {
          const wall = wallTimeIn(t, zone)
          const back = instantOf(wall, wall.hour, wall.minute, zone)
          // The same wall time always, and the same instant unless the clock showed it twice.
          expect(wallTimeIn(back, zone)).toEqual(wall)
          if (back.getTime() !== t.getTime()) {
            expect(t.getTime() - back.getTime()).toBe(HOUR)
            expect(wallTimeIn(new Date(t.getTime() - HOUR), zone)).toEqual(wall)
          }
        }),
        { numRuns: 2000 },
      )
    })

  it('maps 17:00 in Berlin to 16:00Z in winter and 15:00Z in summer', () => {
    expect(parseLocalInput('2026-12-11T17:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-12-11T16:00:00.000Z',
    )
    expect(parseLocalInput('2026-07-10T17:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-07-10T15:00:00.000Z',
    )
    expect(parseLocalInput('2026-07-10T17:00', 'America/New_York')?.toISOString()).toBe(
      '2026-07-10T21:00:00.000Z',
    )
  })

  it('reads the repeated hour as its first pass and moves the skipped hour forward', () => {
    expect(parseLocalInput('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    )
    expect(parseLocalInput('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    )
  })

  it('refuses dates that do not exist', () => {
    expect(parseLocalInput('2026-02-31T10:00', 'UTC')).toBeUndefined()
    expect(parseLocalInput('2026-02-01T24:00', 'UTC')).toBeUndefined()
    expect(parseLocalInput('tomorrow', 'UTC')).toBeUndefined()
  })

  it('round-trips what a datetime-local field shows', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, zone) => {
        const text = toLocalInput(t, zone)
        expect(toLocalInput(parseLocalInput(text, zone)!, zone)).toBe(text)
      }),
    )
  })
})

describe('defaultClosingTime', () => {
  it('is a Friday 17:00 in the zone, 7 to 14 days away', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES, 'UTC'), (now, zone) => {
        const close = defaultClosingTime(now, zone)
        const wall = wallTimeIn(close, zone)
        expect([wall.weekday, wall.hour, wall.minute]).toEqual([5, 17, 0])
        const days = (close.getTime() - now.getTime()) / (24 * HOUR)
        expect(days).toBeGreaterThanOrEqual(7)
        expect(days).toBeLessThan(14.05) // a week plus a DST hour at most
      }),
    )
  })

  it('closes a round opened on a Wednesday morning in Berlin on the Friday of the next week', () => {
    const close = defaultClosingTime(new Date('2026-12-02T09:00:00Z'), 'Europe/Berlin')
    expect(close.toISOString()).toBe('2026-12-11T16:00:00.000Z')
  })
})

describe('relativeTime', () => {
  const now = new Date('2026-03-02T09:00:00Z')
  const at = (ms: number) => relativeTime(new Date(now.getTime() + ms), now)
  it('says how far in words', () => {
    expect(at(6 * 24 * HOUR)).toBe('in 6 days')
    expect(at(2 * HOUR)).toBe('in 2 hours')
    expect(at(-3 * 24 * HOUR)).toBe('3 days ago')
    expect(at(-HOUR)).toBe('1 hour ago')
    expect(at(5 * 60_000)).toBe('in 5 minutes')
    expect(at(10_000)).toBe('in less than a minute')
    expect(at(47 * HOUR)).toBe('in 47 hours')
    expect(at(59.7 * 60_000)).toBe('in 1 hour')
  })
})

describe('the command line’s stamp', () => {
  it('writes UTC by default and a team’s zone when given one', () => {
    expect(stamp('2026-05-01T17:00:00.000Z')).toBe('2026-05-01 17:00 UTC')
    expect(stamp('2026-05-01T17:00:00.000Z', 'Europe/Berlin')).toBe(
      '2026-05-01 19:00 Europe/Berlin',
    )
  })
})
