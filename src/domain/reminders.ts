import { field, invalid } from './errors'

/**
 * When a round's reminders go out. A reminder is written as a share of the round's time (`50%`:
 * halfway) or as hours before it closes (`24h`). None falls on a Saturday or Sunday in the team's
 * time zone: it moves to the Friday before at the same time, or, if that is before the round
 * opens, to the Monday after; one that then misses the round is dropped.
 */

/** Halfway through, and a day before closing. */
export const DEFAULT_REMINDERS = ['50%', '24h'] as const

/** The most reminders a round may have. */
export const MAX_REMINDERS = 5

const SPEC = /^(?:(\d{1,2})%|(\d{1,4})h)$/

/** Checks reminder specs, e.g. ['50%', '24h']; problems are reported under `path`. */
export function checkReminderSpecs(specs: readonly string[], path = 'reminders'): string[] {
  const clean = specs.map((s) => s.trim().toLowerCase())
  const bad = clean.findIndex((s) => !SPEC.test(s) || s === '0%' || s === '0h')
  if (bad >= 0 || clean.length > MAX_REMINDERS)
    throw invalid('reminders', { max: MAX_REMINDERS }, [
      field(bad >= 0 ? `${path}.${bad}` : path, 'reminders', { max: MAX_REMINDERS }),
    ])
  return clean
}

const DAY = 24 * 60 * 60 * 1000

/** The day of the week at `at` in `timeZone`: 0 is Sunday, 6 Saturday. */
export function weekdayIn(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(at)
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name)
}

/** Moves a time off the weekend in `timeZone`, within (opensAt, closesAt); null if it cannot. */
function offWeekend(at: Date, opensAt: Date, closesAt: Date, timeZone: string): Date | null {
  const day = weekdayIn(at, timeZone)
  if (day !== 0 && day !== 6) return at
  const friday = new Date(at.getTime() - (day === 6 ? 1 : 2) * DAY)
  if (friday > opensAt) return friday
  const monday = new Date(at.getTime() + (day === 6 ? 2 : 1) * DAY)
  return monday < closesAt ? monday : null
}

/** The times a round's reminders are due, earliest first, without duplicates. */
export function reminderTimes(
  opensAt: Date,
  closesAt: Date,
  timeZone: string,
  specs: readonly string[],
): Date[] {
  const span = closesAt.getTime() - opensAt.getTime()
  const times = new Set<number>()
  for (const spec of specs) {
    const [, percent, hours] = SPEC.exec(spec) ?? []
    const at = percent
      ? new Date(opensAt.getTime() + (span * Number(percent)) / 100)
      : new Date(closesAt.getTime() - Number(hours) * 60 * 60 * 1000)
    if (at <= opensAt || at >= closesAt) continue
    const moved = offWeekend(at, opensAt, closesAt, timeZone)
    if (moved) times.add(Math.floor(moved.getTime() / 1000) * 1000)
  }
  return [...times].sort((a, b) => a - b).map((t) => new Date(t))
}
