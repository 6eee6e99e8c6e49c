import { AppError } from './errors'
import type { StatRow } from './scoring'

/**
 * The anonymity gate for one team's rounds. Every number computed from answers passes through
 * here on its way out of the server, and nowhere else decides whether it may.
 *
 * Promises kept here (DESIGN.md):
 * - P2 Nothing moves over time: results exist only for closed rounds; an open round shows only a
 *   coarse count ("fewer than k", or the number once k is reached).
 * - P3 k is fixed: at least 3, set at opening, may be raised and never lowered.
 * - P4 Comments only at or above the comment minimum, which is never below k.
 * - P1 for a single round: no released statistic covers fewer than k respondents.
 */

/** The smallest quorum anyone can choose; anonymity cannot be switched off. */
export const MIN_K = 3

/** P3: validates k for a new round. */
export function checkNewK(k: number): number {
  if (!Number.isInteger(k) || k < MIN_K)
    throw new AppError(400, 'invalid_k', `k must be a whole number of at least ${MIN_K}.`, [
      { path: 'k', message: `at least ${MIN_K}` },
    ])
  return k
}

/** P3: k may be raised while a round is open, never lowered. */
export function checkRaisedK(current: number, next: number, status: 'open' | 'closed'): number {
  if (status !== 'open')
    throw new AppError(409, 'round_closed', 'k cannot change after a round has closed.')
  checkNewK(next)
  if (next < current)
    throw new AppError(
      409,
      'k_lowered',
      `k can only go up: this round needs at least ${current}.`,
      [{ path: 'k', message: `at least ${current}` }],
    )
  return next
}

/** P4: the comment minimum of a round is never below its k. */
export function commentMinimum(k: number, configured: number): number {
  return Math.max(k, configured)
}

/** P2: while a round is open, its count shows only once it has reached k. */
export type CoarseCount = { reachedK: false; count: null } | { reachedK: true; count: number }

export function coarseResponseCount(n: number, k: number): CoarseCount {
  return n >= k ? { reachedK: true, count: n } : { reachedK: false, count: null }
}

declare const releasedBrand: unique symbol
/** Statistics that passed the gate; only `releaseRound` makes values of this type. */
export type Released<T> = T & { readonly [releasedBrand]: true }

export interface RoundOutcome {
  status: 'open' | 'closed'
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
  invited: number
  stats: StatRow[]
  /** Null when the round has fewer respondents than the comment minimum. */
  comments: { questionId: string; body: string }[] | null
  commentMinimum: number
}

export interface WithheldRound {
  released: false
  reason: 'open' | 'fewer_than_k'
  k: number
  invited: number
}

/**
 * P1/P2/P4 for one round: releases its statistics only if it is closed and at least k people
 * answered; each statistic only if it covers at least k; comments only at the comment minimum.
 * Decisions depend on counts alone, never on answer values.
 */
export function releaseRound(outcome: RoundOutcome): Released<ReleasedRound> | WithheldRound {
  const k = Math.max(outcome.k, MIN_K)
  if (outcome.status !== 'closed')
    return { released: false, reason: 'open', k, invited: outcome.invited }
  if (outcome.respondents < k)
    return { released: false, reason: 'fewer_than_k', k, invited: outcome.invited }
  const minimum = commentMinimum(k, outcome.commentMin)
  const release: ReleasedRound = {
    released: true,
    respondents: outcome.respondents,
    invited: outcome.invited,
    stats: outcome.stats.filter((row) => row.n >= k),
    comments: outcome.respondents >= minimum ? outcome.comments : null,
    commentMinimum: minimum,
  }
  return release as Released<ReleasedRound>
}
