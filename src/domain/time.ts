/**
 * Times as facilitators type and read them: wall time in their team's IANA zone (the zone
 * arithmetic is zoned-time.ts'), defaults for a new round, and distances in words. The database
 * keeps UTC.
 */
import { addDays, civilWeekday, instantOf, wallTimeIn } from './zoned-time'

const DAY_MS = 24 * 3600_000

/** `YYYY-MM-DDTHH:MM`, what `<input type="datetime-local">` shows for an instant in a zone. */
export function toLocalInput(instant: Date, timeZone: string): string {
  const w = wallTimeIn(instant, timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`
}

/**
 * Parses `YYYY-MM-DDTHH:MM[:SS]` as wall time in a zone; undefined if it is not a calendar date
 * and time (31 February, 24:00). A time the clock shows twice means the first; one it skips
 * moves forward by the gap (zoned-time.ts `instantOf`).
 */
export function parseLocalInput(value: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  const valid =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  if (!valid) return undefined
  // Zones change at whole minutes, so seconds simply add.
  return new Date(instantOf({ year, month, day }, hour, minute, timeZone).getTime() + second * 1000)
}

const WEEK_MS = 7 * DAY_MS
/** Default closing hour and weekday (5 = Friday) in the team's zone. */
const CLOSE_HOUR = 17
const CLOSE_WEEKDAY = 5

/**
 * The default closing time of a round opened now: open at least a week, then close at the next
 * Friday 17:00 in the team's zone (a week-long round ends on a working afternoon, so a round
 * opened on a Friday before 17:00 runs exactly a week plus the afternoon; one opened later on
 * Friday, or on the weekend, until the Friday after: 7 to 14 days).
 */
export function defaultClosingTime(now: Date, timeZone: string): Date {
  const earliest = new Date(now.getTime() + WEEK_MS)
  const wall = wallTimeIn(earliest, timeZone)
  const weekday = civilWeekday(wall.year, wall.month, wall.day)
  for (let days = (CLOSE_WEEKDAY - weekday + 7) % 7; ; days += 7) {
    const close = instantOf(addDays(wall, days), CLOSE_HOUR, 0, timeZone)
    if (close.getTime() >= earliest.getTime()) return close
  }
}

/**
 * How far an instant is from now, in words a facilitator reads next to a time: "in 6 days",
 * "3 days ago", "in 2 hours", "in 5 minutes". Rounded to the nearest unit: minutes below an hour,
 * hours below two days, days from there.
 */
export function relativeTime(instant: Date, now: Date): string {
  const diff = instant.getTime() - now.getTime()
  const abs = Math.abs(diff)
  const minutes = Math.round(abs / 60_000)
  let words: string
  if (minutes < 1) return diff >= 0 ? 'in less than a minute' : 'less than a minute ago'
  if (minutes < 60) words = minutes === 1 ? '1 minute' : `${minutes} minutes`
  else if (abs < 2 * DAY_MS) {
    const hours = Math.round(abs / 3600_000)
    words = hours === 1 ? '1 hour' : `${hours} hours`
  } else words = `${Math.round(abs / DAY_MS)} days`
  return diff >= 0 ? `in ${words}` : `${words} ago`
}
