/**
 * Wall-clock time in an IANA time zone, with nothing but Intl: what an instant reads as on a
 * clock in that zone, and which instant a clock reading means there. Schedules need both, so a
 * pulse at 09:00 stays at 09:00 local time across daylight-saving changes.
 */

/** A date and clock reading in some zone; `month` is 1–12, `weekday` 0 (Sunday) to 6. */
export interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  weekday: number
}

const formats = new Map<string, Intl.DateTimeFormat>()

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formats.set(timeZone, format)
  }
  return format
}

/** What a clock in `timeZone` reads at `at`. */
export function wallTimeIn(at: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {}
  for (const p of formatIn(timeZone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = parts
  return { year, month, day, hour, minute, weekday: civilWeekday(year, month, day) }
}

/** The day of the week of a calendar date: 0 is Sunday. */
export function civilWeekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay()
}

/** The calendar date `days` after the given one (negative: before). */
export function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** How far `timeZone` is ahead of UTC at `at`, in milliseconds (whole seconds). */
function offsetAt(at: number, timeZone: string): number {
  const seconds = Math.floor(at / 1000) * 1000
  const parts: Record<string, number> = {}
  for (const p of formatIn(timeZone).formatToParts(new Date(seconds)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  )
  return asUtc - seconds
}

/**
 * The instant a clock in `timeZone` reads the given date and time. When the clocks go back the
 * reading happens twice: the first one counts. When they go forward it does not happen at all:
 * the instant is as far after the jump as the reading was after its start (02:30 becomes 03:30
 * on the day Berlin skips from 02:00 to 03:00), as a person whose watch was not yet set would
 * see it.
 */
export function instantOf(
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day, hour, minute)
  // The offset before the reading: early enough that a change on this day comes after it.
  const before = offsetAt(guess - 36 * 3600_000, timeZone)
  const after = offsetAt(guess + 36 * 3600_000, timeZone)
  const first = guess - before
  if (offsetAt(first, timeZone) === before) return new Date(first)
  const second = guess - after
  if (offsetAt(second, timeZone) === after) return new Date(second)
  // In the gap the clocks skipped: the earlier offset carries the reading past the jump.
  return new Date(first)
}
