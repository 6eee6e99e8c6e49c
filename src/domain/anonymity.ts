import { AppError } from './errors'
import type { StatRow } from './scoring'

/**
 * The anonymity gate for one team's rounds. Every number computed from answers passes through
 * here on its way out of the server, and nowhere else decides whether it may, nor who may see it
 * (the audiences below).
 *
 * Promises kept here (DESIGN.md):
 * - P2 Nothing moves over time: results exist only for closed rounds; an open round shows only
 *   "fewer than k" or "k reached", never a number.
 * - P3 k is fixed: at least 3, set at opening, may be raised and never lowered.
 * - P4 Comments only at or above the comment minimum, which is never below k, and only to
 *   facilitators and admins.
 * - P1 for a single round: no released statistic covers fewer than k respondents.
 */

/** The smallest quorum anyone can choose; anonymity cannot be switched off. */
export const MIN_K = 3

/** P3: validates k for a new round. */
export function checkNewK(k: number): number {
  if (!Number.isInteger(k) || k < MIN_K || k > MAX_K)
    throw new AppError('invalid_k', { min: MIN_K, max: MAX_K }, [
      { path: 'k', message: `${MIN_K} to ${MAX_K}` },
    ])
  return k
}

/** The largest k: a round needing more answers than any roster holds could never release. */
export const MAX_K = 1000

/**
 * P3: k may be raised while a round is open, never lowered; and only until k people answered
 * (checked where k is written, src/db/rounds.ts): after that, "k reached" for a k raised one at a
 * time would say how many answered, answer by answer (P2).
 */
export function checkRaisedK(current: number, next: number, status: 'open' | 'closed'): number {
  if (status !== 'open') throw new AppError('round_closed', {}, [], 'k_after_close')
  checkNewK(next)
  if (next < current)
    throw new AppError('k_lowered', { current }, [{ path: 'k', message: `at least ${current}` }])
  return next
}

/** P4: the comment minimum of a round is never below its k. */
export function commentMinimum(k: number, configured: number): number {
  return Math.max(k, configured)
}

/**
 * P2: until a round's results are released, everyone sees only whether k was reached, never a
 * count that ticks with each answer; once released, the count shows if it reached k.
 */
export type CoarseCount = { reachedK: boolean; count: number | null }

export function coarseResponseCount(n: number, k: number, released: boolean): CoarseCount {
  return { reachedK: n >= k, count: released && n >= k ? n : null }
}

/**
 * Who reads a round. Every rule on who sees what is stated here, next to the gate:
 * - `facilitator`: a facilitator of the round's team, signed in.
 * - `admin`: an admin (and the operator at the command line); sees what facilitators see.
 * - `share`: whoever holds the team's read-only share link, i.e. the whole team.
 */
export type Audience = 'facilitator' | 'admin' | 'share'
export const AUDIENCES = ['facilitator', 'admin', 'share'] as const satisfies readonly Audience[]

/** The audience a signed-in user reads as: their role. */
export function audienceOf(user: { role: 'admin' | 'facilitator' }): 'admin' | 'facilitator' {
  return user.role
}

/**
 * P2 for share links: they show closed rounds only. An open or scheduled round (that it exists,
 * its survey, its coarse count) stays with facilitators and admins, who see every round of their
 * teams.
 */
export function roundVisibleTo(
  audience: Audience,
  status: 'scheduled' | 'open' | 'closed',
): boolean {
  return audience !== 'share' || status === 'closed'
}

/**
 * P4: comments go to facilitators and admins only, and only when at least the comment minimum of
 * people answered; never to a share link: respondents are told so on the survey page.
 */
export function commentsShownTo(audience: Audience, respondents: number, minimum: number): boolean {
  return audience !== 'share' && respondents >= minimum
}

declare const releasedBrand: unique symbol
/** Statistics that passed the gate; only `releaseFor` and `releasedFromRecord` make them. */
export type Released<T> = T & { readonly [releasedBrand]: true }

/**
 * Where a round is: taking answers (or not yet open), closed but its results not yet stored (the
 * timer or cron releases it within CLOSE_CHECK_SECONDS of its closing time), or closed and
 * released.
 */
export type RoundState = 'open' | 'releasing' | 'closed'

export interface RoundOutcome {
  status: RoundState
  k: number
  commentMin: number
  respondents: number
  invited: number
  stats: StatRow[]
  comments: { questionId: string; body: string }[]
}

export interface ReleasedRound {
  released: true
  respondents: number
  /** The number of links the response rate is shown against; null when no rate is shown. */
  invited: number | null
  stats: StatRow[]
  /** Null when this audience sees no comments (below the comment minimum, or a share link). */
  comments: { questionId: string; body: string }[] | null
  commentMinimum: number
}

export interface WithheldRound {
  released: false
  /** `protects_smaller`: a campaign's ledger withheld it so no smaller group is revealed (P1). */
  reason: 'open' | 'releasing' | 'fewer_than_k' | 'protects_smaller'
  k: number
}

/**
 * The anonymity gate. P1/P2/P4 for one round and one audience: releases its statistics only if
 * it is closed and released and at least k people answered; each statistic only if it covers at
 * least k; comments and the response rate only to the audiences above. Decisions depend on counts
 * alone, never on answer values.
 */
export function releaseFor(
  audience: Audience,
  outcome: RoundOutcome,
): Released<ReleasedRound> | WithheldRound {
  const k = Math.max(outcome.k, MIN_K)
  if (outcome.status !== 'closed') return { released: false, reason: outcome.status, k }
  if (outcome.respondents < k) return { released: false, reason: 'fewer_than_k', k }
  const minimum = commentMinimum(k, outcome.commentMin)
  const release: ReleasedRound = {
    released: true,
    respondents: outcome.respondents,
    // P6b: the number of links is public (every respondent sees it), so every audience gets it.
    invited: outcome.invited > 0 ? outcome.invited : null,
    stats: outcome.stats.filter((row) => row.n >= k),
    comments: commentsShownTo(audience, outcome.respondents, minimum) ? outcome.comments : null,
    commentMinimum: minimum,
  }
  return release as Released<ReleasedRound>
}

/**
 * What the gate decided for one audience, recorded once when the round is released and never
 * changed (migrations/0004_releases.sql). Counts only: nothing per respondent.
 */
export interface ReleaseRecord {
  audience: Audience
  released: boolean
  respondents: number | null
  invited: number | null
  comments: number
  /** Withheld by a campaign's ledger to protect a smaller group (P1), not for being below k. */
  protects: boolean
}

/** The record of a gate decision, as the release writes it. */
export function recordOf(
  audience: Audience,
  release: Released<ReleasedRound> | WithheldRound,
): ReleaseRecord {
  if (!release.released)
    return {
      audience,
      released: false,
      respondents: null,
      invited: null,
      comments: 0,
      protects: release.reason === 'protects_smaller',
    }
  return {
    audience,
    released: true,
    respondents: release.respondents,
    invited: release.invited,
    comments: release.comments?.length ?? 0,
    protects: false,
  }
}

/**
 * A released round as its record says an audience sees it: the decision made at release is read,
 * not made again, so what an audience was shown never changes (P1, P2). Statistics below k are
 * still dropped: rounds released before the record existed stored such rows.
 */
export function releasedFromRecord(
  record: ReleaseRecord,
  round: { k: number; commentMin: number },
  stored: Pick<RoundOutcome, 'stats' | 'comments'>,
): Released<ReleasedRound> | WithheldRound {
  const k = Math.max(round.k, MIN_K)
  if (!record.released || record.respondents === null || record.respondents < k)
    return { released: false, reason: record.protects ? 'protects_smaller' : 'fewer_than_k', k }
  const release: ReleasedRound = {
    released: true,
    respondents: record.respondents,
    invited: record.invited,
    stats: stored.stats.filter((row) => row.n >= k),
    comments: record.comments > 0 ? stored.comments : null,
    commentMinimum: commentMinimum(k, round.commentMin),
  }
  return release as Released<ReleasedRound>
}

/**
 * P1 across teams: a cell of a campaign's release ledger (a team or a group) as it was decided
 * once at the campaign's release (src/domain/ledger.ts). Only published cells carry numbers, and
 * never comments: comments do not roll up.
 */
export function releasedFromLedger(
  cell: {
    decision: 'published' | 'fewer_than_k' | 'protects_smaller'
    respondents: number | null
    invited: number | null
    stats: readonly StatRow[] | null
  },
  k: number,
): Released<ReleasedRound> | WithheldRound {
  const least = Math.max(k, MIN_K)
  if (cell.decision !== 'published' || cell.respondents === null || cell.respondents < least)
    return {
      released: false,
      reason: cell.decision === 'protects_smaller' ? 'protects_smaller' : 'fewer_than_k',
      k: least,
    }
  const release: ReleasedRound = {
    released: true,
    respondents: cell.respondents,
    invited: cell.invited,
    stats: (cell.stats ?? []).filter((row) => row.n >= least),
    comments: null,
    commentMinimum: least,
  }
  return release as Released<ReleasedRound>
}
