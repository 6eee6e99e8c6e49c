import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/domain/errors'
import {
  checkReminderSpecs,
  DEFAULT_REMINDERS,
  reminderTimes,
  weekdayIn,
} from '../../src/domain/reminders'

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
]
const HOUR = 3_600_000
const spec = fc.oneof(
  fc.integer({ min: 1, max: 99 }).map((p) => `${p}%`),
  fc.integer({ min: 1, max: 500 }).map((h) => `${h}h`),
)

describe('reminder times', () => {
  it('fall inside the round, never on its team’s weekend, in order and without repeats', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 60 * 24 }).map((h) => h * HOUR),
        fc.constantFrom(...ZONES),
        fc.array(spec, { maxLength: 5 }),
        (opensAt, span, zone, specs) => {
          const closesAt = new Date(opensAt.getTime() + span)
          const times = reminderTimes(opensAt, closesAt, zone, specs)
          expect(times.length).toBeLessThanOrEqual(specs.length)
          for (const [i, at] of times.entries()) {
            expect(at.getTime()).toBeGreaterThan(opensAt.getTime())
            expect(at.getTime()).toBeLessThan(closesAt.getTime())
            expect([0, 6]).not.toContain(weekdayIn(at, zone))
            if (i > 0) expect(at.getTime()).toBeGreaterThan(times[i - 1]!.getTime())
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('by default, halfway and a day before closing, off the weekend', () => {
    // Monday 09:00 to the Thursday after next, 09:00 in Berlin: halfway falls on Saturday 09:00
    // and moves to Friday 09:00; a day before closing is Wednesday 09:00.
    const times = reminderTimes(
      new Date('2026-03-02T08:00:00Z'),
      new Date('2026-03-12T08:00:00Z'),
      'Europe/Berlin',
      DEFAULT_REMINDERS,
    )
    expect(times.map((t) => t.toISOString())).toEqual([
      '2026-03-06T08:00:00.000Z',
      '2026-03-11T08:00:00.000Z',
    ])
  })

  it('move a Saturday to the Friday before, or to the Monday after a weekend opening', () => {
    // Opens Friday 12:00 UTC, closes Tuesday 12:00: halfway is Sunday 12:00; the Friday before
    // is the opening itself, so Monday 12:00.
    const [moved] = reminderTimes(
      new Date('2026-03-06T12:00:00Z'),
      new Date('2026-03-10T12:00:00Z'),
      'UTC',
      ['50%'],
    )
    expect(moved!.toISOString()).toBe('2026-03-09T12:00:00.000Z')
  })

  it('accept only shares and hours, at most five, with errors a person can act on', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 7 }), (specs) => {
        try {
          const checked = checkReminderSpecs(specs)
          for (const s of checked) expect(s).toMatch(/^(\d{1,2}%|\d{1,4}h)$/)
        } catch (err) {
          expect(err).toBeInstanceOf(AppError)
          expect((err as AppError).code).toBe('invalid_input')
        }
      }),
    )
    expect(checkReminderSpecs([' 50% ', '24H'])).toEqual(['50%', '24h'])
  })
})

describe('the REMINDERS setting', () => {
  it('takes a list, or none, and names itself when wrong', async () => {
    const { parseConfig } = await import('../../src/config')
    expect(parseConfig({ REMINDERS: '50%, 24h' }).REMINDERS).toEqual(['50%', '24h'])
    expect(parseConfig({ REMINDERS: 'none' }).REMINDERS).toEqual([])
    expect(() => parseConfig({ REMINDERS: 'tomorrow' })).toThrow(/REMINDERS="tomorrow"/)
  })
})
