import { field, invalid, type FieldProblem } from './errors'
import { addDays, civilWeekday, instantOf, wallTimeIn } from './zoned-time'

/**
 * When a team's recurring pulse opens its rounds: every N weeks on a weekday, or monthly on a
 * day, at a wall-clock time in the team's time zone, each round open for some days. Pure: the
 * service stores `next_at` and asks here for the one after.
 */

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const

/** How a pulse repeats. */
export type Cadence =
  | { cadence: 'weeks'; everyWeeks: number; weekday: number }
  | { cadence: 'monthly'; dayOfMonth: number }

/** A pulse's rule: its cadence, the local opening time ('HH:MM') and how many days it stays open. */
export type PulseRule = Cadence & { openTime: string; openDays: number }

/** A schedule as pages, the API and the CLI show it, in the team's time zone. */
export interface PulseView {
  surveyId: string
  k: number
  rule: PulseRule
  active: boolean
  timeZone: string
  /** The next round's opening time (UTC ISO), moved or not. */
  nextAt: string
  moved: boolean
  /** "Every 2 weeks on Monday at 09:00 (Europe/Berlin), open 5 days" */
  description: string
  /** "Mon 14 Dec 2026 09:00", in the team's time zone. */
  nextLocal: string
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const DAY_MS = 24 * 3600_000

/** The most days a round may stay open: it closes before the next one opens. */
export function maxOpenDays(rule: Cadence): number {
  return rule.cadence === 'weeks' ? Math.min(28, 7 * rule.everyWeeks) : 28
}

const whole = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

/** Checks a rule; every problem is reported at once, by field, as one 400. */
export function checkPulseRule(rule: PulseRule): PulseRule {
  const problems: FieldProblem[] = []
  if (rule.cadence === 'weeks') {
    if (!whole(rule.everyWeeks, 1, 12)) problems.push(field('everyWeeks', 'schedule_every_weeks'))
    if (!whole(rule.weekday, 0, 6)) problems.push(field('weekday', 'schedule_weekday'))
  } else if (!whole(rule.dayOfMonth, 1, 28))
    problems.push(field('dayOfMonth', 'schedule_day_of_month'))
  if (!TIME.test(rule.openTime)) problems.push(field('openTime', 'schedule_open_time'))
  // The longest a round may stay open follows from the cadence, when that is readable.
  const readable = rule.cadence === 'monthly' || whole(rule.everyWeeks, 1, 12)
  const max = readable ? maxOpenDays(rule) : 28
  if (!whole(rule.openDays, 1, max)) problems.push(field('openDays', 'schedule_open_days', { max }))
  if (problems.length) throw invalid('schedule_invalid', {}, problems)
  return rule
}

function clock(rule: PulseRule): [number, number] {
  const [, h, m] = TIME.exec(rule.openTime) ?? []
  return [Number(h), Number(m)]
}

/**
 * The first occurrence strictly after `now` that the rule's weekday (or day of the month) and
 * time give, in `timeZone`. For a new schedule: the weeks cadence counts its weeks from here.
 */
export function firstOccurrence(rule: PulseRule, now: Date, timeZone: string): Date {
  const [hour, minute] = clock(rule)
  const today = wallTimeIn(now, timeZone)
  if (rule.cadence === 'weeks') {
    for (let d = 0; d <= 7; d++) {
      const date = addDays(today, d)
      if (civilWeekday(date.year, date.month, date.day) !== rule.weekday) continue
      const at = instantOf(date, hour, minute, timeZone)
      if (at > now) return at
    }
  } else {
    for (let m = 0; m <= 1; m++) {
      const month = (today.month - 1 + m) % 12
      const year = today.year + Math.floor((today.month - 1 + m) / 12)
      const date = { year, month: month + 1, day: rule.dayOfMonth }
      const at = instantOf(date, hour, minute, timeZone)
      if (at > now) return at
    }
  }
  throw new Error('no occurrence found') // unreachable for a checked rule
}

/** The occurrence after `occurrence` (itself one): N weeks, or one month, later, same local time. */
export function followingOccurrence(rule: PulseRule, occurrence: Date, timeZone: string): Date {
  const [hour, minute] = clock(rule)
  const local = wallTimeIn(occurrence, timeZone)
  // A time the clocks skipped reads an hour late; its date is still the occurrence's date.
  if (rule.cadence === 'weeks')
    return instantOf(addDays(local, 7 * rule.everyWeeks), hour, minute, timeZone)
  const next =
    local.month === 12 ? { year: local.year + 1, month: 1 } : { ...local, month: local.month + 1 }
  return instantOf(
    { year: next.year, month: next.month, day: rule.dayOfMonth },
    hour,
    minute,
    timeZone,
  )
}

/**
 * What to do about a schedule that is due at `now`: its occurrences from `due` on that have come
 * (`due`, then every one after `nextAt` up to `now`), of which only the latest may open a round,
 * and only if it would still be open (a round that would already have closed is pointless);
 * and the next occurrence after `now`, which the schedule advances to.
 */
export function catchUp(
  rule: PulseRule,
  occurrence: { nextAt: Date; due: Date },
  now: Date,
  timeZone: string,
): { open: { opensAt: Date; closesAt: Date } | null; nextAt: Date } {
  let latest = occurrence.due
  let next = occurrence.nextAt
  // With `due` moved, `nextAt` itself is replaced by it; the cadence carries on after `nextAt`.
  for (;;) {
    next = followingOccurrence(rule, next, timeZone)
    if (next > now) break
    latest = next
  }
  const closesAt = new Date(latest.getTime() + rule.openDays * DAY_MS)
  return { open: closesAt > now ? { opensAt: latest, closesAt } : null, nextAt: next }
}

/** "Every 2 weeks on Monday at 09:00 (Europe/Berlin), open 5 days". */
export function describePulse(rule: PulseRule, timeZone: string): string {
  const when =
    rule.cadence === 'weeks'
      ? `Every ${rule.everyWeeks === 1 ? 'week' : `${rule.everyWeeks} weeks`} on ${WEEKDAYS[rule.weekday]}`
      : `Monthly on day ${rule.dayOfMonth}`
  const days = rule.openDays === 1 ? '1 day' : `${rule.openDays} days`
  return `${when} at ${rule.openTime} (${timeZone}), open ${days}`
}

/** An instant as the team reads it: "Mon 14 Dec 2026 09:00". */
export function localDateTime(at: Date, timeZone: string): string {
  const w = wallTimeIn(at, timeZone)
  const month = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(w.year, w.month - 1, 1)),
  )
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = WEEKDAYS[w.weekday]!.slice(0, 3)
  return `${day} ${w.day} ${month} ${w.year} ${pad(w.hour)}:${pad(w.minute)}`
}

export { DAY_MS }
