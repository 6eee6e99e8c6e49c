import type { RoundSummary } from '../domain/report'
import { relativeTime } from '../domain/time'

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

const zoneFormats = new Map<string, Intl.DateTimeFormat>()

/** "Fri 11 Dec 2026, 17:00 (Europe/Berlin)": an instant as the team's clock shows it. */
export function teamTimeText(iso: string, timeZone: string): string {
  let format = zoneFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    zoneFormats.set(timeZone, format)
  }
  // en-GB writes "Fri 11 Dec 2026 at 17:00" or "Fri, 11 Dec 2026, 17:00" by engine: one shape.
  const parts = format.formatToParts(new Date(iso))
  const [w, d, m, y, h, min] = ['weekday', 'day', 'month', 'year', 'hour', 'minute'].map(
    (t) => parts.find((p) => p.type === t)?.value ?? '',
  )
  return `${w} ${d} ${m} ${y}, ${h}:${min} (${timeZone})`
}

/** An instant in a team's time zone, naming the zone: "Fri 11 Dec 2026, 17:00 (Europe/Berlin)". */
export function TeamTime({ iso, timeZone }: { iso: string; timeZone: string }) {
  return <time datetime={iso}>{teamTimeText(iso, timeZone)}</time>
}

/**
 * An instant as people read it: in UTC and saying so ("9 Mar 2026, 09:00 UTC"), or, given a
 * team's `timeZone`, in that zone as TeamTime shows it.
 */
export function UtcTime({ iso, timeZone }: { iso: string; timeZone?: string | undefined }) {
  if (timeZone) return <TeamTime iso={iso} timeZone={timeZone} />
  return <time datetime={iso}>{`${UTC_FORMAT.format(new Date(iso))} UTC`}</time>
}

/**
 * How far a time is from now, for facilitators, after the time it belongs to: "closes in 6 days",
 * "opened 2 hours ago". `future` and `past` are the verbs ("closes", "closed").
 */
export function Countdown(props: { iso: string; now: Date; future: string; past: string }) {
  const when = new Date(props.iso)
  const verb = when.getTime() > props.now.getTime() ? props.future : props.past
  return <span class="muted countdown">{` (${verb} ${relativeTime(when, props.now)})`}</span>
}

/** When a round stopped or will stop taking answers: an early close counts, a late timer not. */
export const closingTime = (round: RoundSummary) =>
  round.closedAt && round.closedAt < round.closesAt ? round.closedAt : round.closesAt

const STATUS_TEXT = { open: 'Open', scheduled: 'Scheduled', closed: 'Closed' } as const

/** The round's status in words (colour only repeats it). */
export function StatusBadge({ status }: { status: RoundSummary['status'] }) {
  return <span class={`badge ${status}`}>{STATUS_TEXT[status]}</span>
}

/**
 * The response count in the only form the gate allows (P2): "fewer than k" or "k reached" until
 * the results are released, never a number that ticks; then the count, if it reached k.
 */
export function responsesText(round: RoundSummary): string {
  const { responses, k, status } = round
  const coarse = responses.reachedK ? `${k} reached` : `fewer than ${k}`
  if (status !== 'closed') return coarse
  if (round.releasing) return responses.reachedK ? `${coarse} — results being released` : coarse
  return responses.count !== null
    ? `released — ${responses.count} respondents`
    : `fewer than ${k} — no results`
}

/** "9 links for a team of 8": what everyone may check about a round's ballot box (P6b). */
export function linksText(round: Pick<RoundSummary, 'invited' | 'teamSize'>): string {
  const links = round.invited === 1 ? '1 link' : `${round.invited} links`
  if (round.teamSize === null) return links
  return `${links} for a team of ${round.teamSize}`
}

/** The hidden CSRF field every signed-in form carries. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}
