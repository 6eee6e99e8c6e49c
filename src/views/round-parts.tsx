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
 * The response count in the only form the gate allows (P2): "fewer than k" until k people
 * answered; for a closed round, whether its results were released.
 */
export function responsesText(round: RoundSummary): string {
  const { responses, k, status } = round
  if (status !== 'closed') return responses.reachedK ? String(responses.count) : `fewer than ${k}`
  if (round.releasing)
    return responses.reachedK ? `${responses.count} — results being released` : `fewer than ${k}`
  return responses.reachedK
    ? `released — ${responses.count} respondents`
    : `fewer than ${k} — no results`
}

/** The hidden CSRF field every signed-in form carries. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}
