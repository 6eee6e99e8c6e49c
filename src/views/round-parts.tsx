import type { RoundSummary } from '../domain/report'

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** An instant as people read it, always in UTC and saying so: "9 Mar 2026, 09:00 UTC". */
export function UtcTime({ iso }: { iso: string }) {
  return <time datetime={iso}>{`${UTC_FORMAT.format(new Date(iso))} UTC`}</time>
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
