import { eraseBallotsQueries, readCommentPools, readFilledBallots } from '../db/ballots'
import { recordReleasesQuery } from '../db/releases'
import { storeResultsQueries } from '../db/results'
import {
  findLoadedRound,
  listDueRounds,
  listUnreleasedClosedRounds,
  markRoundClosed,
  type LoadedRound,
} from '../db/rounds'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AUDIENCES, recordOf, releaseFor } from '../domain/anonymity'
import { decodeAnswers, decodeComments, shuffled } from '../domain/ballot'
import { AppError, notFound } from '../domain/errors'
import { computeRoundStats } from '../domain/scoring'
import type { SurveyDefinition } from '../domain/survey'
import { requireRound } from './access'
import { commentsContext } from './ballot-box'
import { findCampaign } from '../db/campaigns'
import { releaseCampaign } from './campaign-release'
import { announce } from './chat'
import { getSurvey } from './surveys'

/*
 * Closing and releasing, the only writes a round's results ever get (P2). Three things close a
 * round: the Node timer and the Workers cron (closeDueRounds), a facilitator's explicit close
 * (closeRound), and a write that meets a round past its closing time (closeIfOverdue). Reads never
 * close anything: they show such a round as closed, its results being released.
 */

/** A round once closed and released, with the survey version it used. */
export interface ClosedRound {
  round: LoadedRound
  survey: SurveyDefinition
}

/** A round past its closing time that nothing has closed yet (compared as SQL compares it). */
const isOverdue = (round: LoadedRound, now: Date) =>
  round.status === 'open' && round.closes_at <= now.toISOString()

/**
 * Closes a round now, if still open, and releases its results once. The round is marked closed
 * first, in a statement of its own, so no submission can land after its answers are read. A round
 * closed after its closing time is recorded as closed at that time.
 */
export async function closeRound(deps: Deps, round: LoadedRound): Promise<ClosedRound> {
  // A campaign's round closes with all the campaign's rounds, released by its ledger (P1).
  if (round.campaign_id) {
    if (round.status === 'open' || round.respondents === null)
      await releaseCampaign(deps, round.campaign_id)
    const after = await reload(deps, round.id)
    return { round: after, survey: await getSurvey(deps, after.survey_id, after.survey_version) }
  }
  let closed = round
  if (round.status === 'open') {
    const now = deps.now()
    const closedAt = (isOverdue(round, now) ? new Date(round.closes_at) : now).toISOString()
    const row = await markRoundClosed(deps.db, round.id, closedAt)
    // Read back as closed: k or the number of links may have changed since the caller read it.
    closed = row ? { ...row, respondents: null } : await reload(deps, round.id) // closed meanwhile
  }
  return releaseRound(deps, closed)
}

/** A facilitator's (or admin's, or the operator's) explicit close of a round they may see. */
export async function closeRoundAs(
  deps: Deps,
  actor: Actor,
  roundId: string,
): Promise<ClosedRound> {
  const round = await requireRound(deps, actor, roundId)
  if (round.campaign_id && round.status === 'open') {
    const campaign = await findCampaign(deps.db, round.campaign_id)
    throw new AppError('campaign_round', { campaign: campaign?.name ?? '' })
  }
  return closeRound(deps, round)
}

/**
 * The one step at which a write (minting links, raising k, a debrief) meets a round past its
 * closing time that the timer or cron has not closed yet: it closes and releases the round first,
 * so that the write sees it closed. Only write paths call it.
 */
export async function closeIfOverdue(deps: Deps, round: LoadedRound): Promise<LoadedRound> {
  return isOverdue(round, deps.now()) ? (await closeRound(deps, round)).round : round
}

/**
 * Computes and stores a closed round's results unless already stored, and in the same atomic
 * batch records what each audience is shown (the gate's decision, once) and erases its ballots
 * and comment list (P5): afterwards the round is statistics only. A round below k keeps only its
 * counts, and comments are kept only at or above the comment minimum, shuffled (P4): nothing is
 * kept that could never be shown.
 */
export async function releaseRound(deps: Deps, round: LoadedRound): Promise<ClosedRound> {
  const survey = await getSurvey(deps, round.survey_id, round.survey_version)
  if (round.respondents !== null || round.status !== 'closed') return { round, survey }
  // Never alone: a campaign's ledger releases all its rounds at once (campaign-release.ts).
  if (round.campaign_id) return { round, survey }
  const { answers, comments } = await openBallots(deps, round.id, survey)
  const n = answers.length
  const outcome = {
    status: 'closed' as const,
    k: round.k,
    commentMin: round.comment_min,
    respondents: n,
    invited: round.invited,
    stats: n >= round.k ? computeRoundStats(survey, answers) : [],
    comments: n >= round.comment_min ? shuffled(comments) : [],
  }
  const records = AUDIENCES.map((audience) => recordOf(audience, releaseFor(audience, outcome)))
  const now = deps.now().toISOString()
  const [stored] = await deps.batch([
    ...storeResultsQueries(deps.db, round.id, outcome, now),
    recordReleasesQuery(deps.db, round.id, records, now),
    ...eraseBallotsQueries(deps.db, round.id),
  ])
  // Another closer won the race: its results stand, and this one's changed nothing.
  if (stored?.numChangedRows !== 1) return { round: await reload(deps, round.id), survey }
  deps.log.info('round released', { round: round.id })
  await announce(deps, round.team_id, { kind: 'released', round, records })
  return { round: { ...round, respondents: n }, survey }
}

/** A closed round's answers and comments, opened with the ballot key. */
async function openBallots(deps: Deps, roundId: string, survey: SurveyDefinition) {
  const sealed = await readFilledBallots(deps.db, roundId)
  const pools = await readCommentPools(deps.db, roundId)
  try {
    const answers = await Promise.all(
      sealed.map(async (b) => decodeAnswers(survey, await deps.seal.open(b, roundId))),
    )
    const comments = (
      await Promise.all(
        pools.map(async (p) => decodeComments(await deps.seal.open(p, commentsContext(roundId)))),
      )
    ).flat()
    return { answers, comments }
  } catch {
    throw new Error(
      `round ${roundId}: its ballots do not open with this ballot key; was BALLOT_KEY changed?`,
    )
  }
}

async function reload(deps: Deps, roundId: string): Promise<LoadedRound> {
  const found = await findLoadedRound(deps.db, roundId)
  if (!found) throw notFound('This round')
  return found.round
}

/**
 * Closes and releases every round past its closing time, and finishes any release that was
 * interrupted: run by the Node timer every CLOSE_CHECK_SECONDS and the Workers cron every 5
 * minutes. Returns how many rounds it closed.
 */
export async function closeDueRounds(deps: Deps): Promise<number> {
  const due = await listDueRounds(deps.db, deps.now().toISOString())
  for (const id of due) await closeRound(deps, await reload(deps, id))
  for (const id of await listUnreleasedClosedRounds(deps.db))
    await releaseRound(deps, await reload(deps, id))
  return due.length
}
