import { countFilledBallots } from '../db/ballots'
import { findReleasedResults, findTeamReleases } from '../db/releases'
import { findLoadedRound, listTeamRounds, type LoadedRound } from '../db/rounds'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import {
  audienceOf,
  releaseFor,
  releasedFromRecord,
  roundVisibleTo,
  type Audience,
  type Released,
  type ReleasedRound,
  type WithheldRound,
} from '../domain/anonymity'
import { notFound } from '../domain/errors'
import {
  buildRoundReport,
  buildTrend,
  compareWithPrevious,
  type PreviousRound,
  type RoundReport,
  type SharedRoundReport,
  type Trend,
} from '../domain/report'
import { localize } from '../domain/survey'
import { requireRound } from './access'
import { groupBeside } from './campaign-views'
import { getSurvey } from './surveys'
import { roundState, roundStatus, toRoundSummary } from './rounds'

/**
 * A round's report for a facilitator or an admin: every number in it came through the anonymity
 * gate. Reads only: a round past its closing time that the timer has not released yet says so and
 * shows no numbers.
 */
export async function roundReport(
  deps: Deps,
  actor: Actor,
  roundId: string,
  locale = 'en',
): Promise<RoundReport> {
  const round = await requireRound(deps, actor, roundId)
  const audience = actor.kind === 'user' ? audienceOf(actor.user) : 'admin'
  return reportFor(deps, round, audience, locale)
}

/**
 * A round's report through a team's share link: only a closed round of that team (404 for any
 * other, as for a missing one), without comments, number of links or response rate.
 */
export async function sharedRoundReport(
  deps: Deps,
  actor: Actor,
  roundId: string,
  locale = 'en',
): Promise<SharedRoundReport> {
  const round = (await findLoadedRound(deps.db, roundId))?.round
  if (
    !round ||
    actor.kind !== 'share' ||
    round.team_id !== actor.teamId ||
    !roundVisibleTo('share', roundStatus(round, deps.now()))
  )
    throw notFound('This round')
  return reportFor(deps, round, 'share', locale)
}

/** A team's rounds that its share link shows (closed ones), newest first. */
export async function sharedRounds(deps: Deps, teamId: string) {
  const now = deps.now()
  return (await listTeamRounds(deps.db, teamId))
    .filter((r) => roundVisibleTo('share', roundStatus(r, now)))
    .map((r) => ({
      id: r.id,
      surveyId: r.survey_id,
      closedAt: r.closed_at ?? r.closes_at,
      // P6b: how many links the round had, as every respondent saw it.
      invited: r.invited,
      teamSize: r.team_size,
    }))
}

/**
 * The gate's answer for one audience: once released, the decision recorded at release with the
 * stored statistics; before, what may be said of an open or releasing round (no numbers).
 */
async function releaseOf(
  deps: Deps,
  round: LoadedRound,
  audience: Audience,
): Promise<{ release: Released<ReleasedRound> | WithheldRound; respondents: number }> {
  const bounds = { k: round.k, commentMin: round.comment_min }
  const state = roundState(round, deps.now())
  const stored =
    state === 'closed' ? await findReleasedResults(deps.db, round.id, audience) : undefined
  if (stored)
    return {
      release: releasedFromRecord(stored.record, bounds, stored),
      respondents: round.respondents ?? 0,
    }
  // Nothing to show yet: the round is open, or closed and being released (its record is written
  // with its results, in one batch).
  const status = state === 'open' ? ('open' as const) : ('releasing' as const)
  const nothing = { respondents: 0, invited: 0, stats: [], comments: [] }
  return {
    release: releaseFor(audience, { ...bounds, ...nothing, status }),
    respondents: round.respondents ?? (await countFilledBallots(deps.db, round.id)),
  }
}

async function reportFor(
  deps: Deps,
  round: LoadedRound,
  audience: Audience,
  locale: string,
): Promise<RoundReport> {
  const survey = await getSurvey(deps, round.survey_id, round.survey_version)
  const { release, respondents } = await releaseOf(deps, round, audience)
  const summary = toRoundSummary(round, localize(survey.title, locale), respondents, deps.now())
  const report = buildRoundReport(summary, survey, release, locale, deps.config.CLOSE_CHECK_SECONDS)
  if (!release.released) return report
  const previous = await previousRelease(deps, round, audience, release)
  // A campaign's round shows its group beside it where the ledger published both (issue 11).
  if (!round.campaign_id) return { ...report, previous }
  return { ...report, previous, group: await groupBeside(deps, round) }
}

/**
 * This round beside the team's previous round of the same survey that was released to the same
 * audience, in the trend's order (opening, then creation). Its numbers come from its own release
 * record through the gate (`releasedFromRecord`), as the trend reads them; two queries, however
 * many rounds the team has had.
 */
async function previousRelease(
  deps: Deps,
  round: LoadedRound,
  audience: Audience,
  current: Released<ReleasedRound>,
): Promise<PreviousRound | null> {
  const releases = await findTeamReleases(deps.db, round.team_id, round.survey_id, audience)
  const order = (r: { opensAt: string; createdAt: string }) => `${r.opensAt} ${r.createdAt}`
  const here = order({ opensAt: round.opens_at, createdAt: round.created_at })
  let best: { roundId: string; closedAt: string | null; release: Released<ReleasedRound> } | null =
    null
  let bestOrder = ''
  for (const [roundId, { record, stats, round: key }] of releases) {
    if (roundId === round.id || order(key) >= here || order(key) <= bestOrder) continue
    const bounds = { k: key.k, commentMin: key.commentMin }
    const release = releasedFromRecord(record, bounds, { stats, comments: [] })
    if (!release.released) continue
    best = { roundId, closedAt: key.closedAt, release }
    bestOrder = order(key)
  }
  return best && compareWithPrevious(best, current)
}

/**
 * A team's trend for one survey (by default the one it used last) as an audience sees it: its
 * released rounds, each with the decision recorded at its release and its stored sufficient
 * statistics.
 */
export async function teamTrend(
  deps: Deps,
  teamId: string,
  audience: Audience,
  surveyId?: string,
  locale = 'en',
): Promise<Trend> {
  const rounds = await listTeamRounds(deps.db, teamId)
  const now = deps.now()
  // By default the survey of the latest closed round: a trend shows released rounds only, and an
  // open round of a new survey must not empty it (nor, for a share link, reveal that it exists).
  const visible = rounds.filter((r) => roundVisibleTo(audience, roundStatus(r, now)))
  const chosen = surveyId ?? (visible.find((r) => r.respondents !== null) ?? visible[0])?.survey_id
  if (!chosen) return buildTrend(teamId, null, [], locale)
  const survey = await getSurvey(deps, chosen)
  const released = await findTeamReleases(deps.db, teamId, chosen, audience)
  const title = localize(survey.title, locale)
  const inputs = rounds
    .filter((r) => r.survey_id === chosen && released.has(r.id))
    .reverse()
    .map((round) => {
      const { record, stats } = released.get(round.id)!
      const bounds = { k: round.k, commentMin: round.comment_min }
      const release = releasedFromRecord(record, bounds, { stats, comments: [] })
      const summary = toRoundSummary(round, title, round.respondents ?? 0, now)
      // A share link shows the team its results, not who ran each round.
      if (audience === 'share') summary.facilitatedBy = null
      return { summary, release }
    })
  return buildTrend(teamId, survey, inputs, locale)
}
