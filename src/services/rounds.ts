import { countFilledBallots } from '../db/ballots'
import {
  findLoadedRound,
  listTeamRounds,
  raiseRoundK,
  setDebrief,
  teamLiveCounts,
  type LoadedRound,
  type RoundRow,
} from '../db/rounds'
import { findTeam } from '../db/teams'
import type { Deps } from '../deps'
import {
  checkRaisedK,
  coarseResponseCount,
  commentMinimum,
  type RoundState,
} from '../domain/anonymity'
import { AppError, field, invalid, notFound } from '../domain/errors'
import { DEBRIEF_MAX } from '../domain/limits'
import type { Actor } from '../domain/actor'
import type { Team } from '../domain/teams'
import { requireRound, requireTeam } from './access'
import type { RoundSummary } from '../domain/report'
import { localize, type SurveyDefinition } from '../domain/survey'
import { announce } from './chat'
import { closeIfOverdue } from './release'
import { getSurvey } from './surveys'

export type { LoadedRound }

/**
 * A round the actor may see (404 otherwise, as for a missing one) with its team. Only reads: a
 * round past its closing time stays as it is.
 */
export async function roundWithTeam(
  deps: Deps,
  actor: Actor,
  roundId: string,
): Promise<{ round: LoadedRound; team: Team }> {
  const round = await requireRound(deps, actor, roundId)
  const team = await findTeam(deps.db, round.team_id)
  if (!team) throw notFound('This round')
  return { round, team }
}

/** A round and where it stands. Only reads: a round past its closing time stays as it is. */
export async function loadRound(deps: Deps, roundId: string): Promise<LoadedRound> {
  const found = await findLoadedRound(deps.db, roundId)
  if (!found) throw notFound('This round')
  return found.round
}

/**
 * The time zone a round's respondents read its times in: its team's. Only the zone, so the public
 * survey page learns nothing else about the team.
 */
export async function respondentTimeZone(deps: Deps, round: LoadedRound): Promise<string> {
  return (await findTeam(deps.db, round.team_id))?.timeZone ?? 'UTC'
}

/** P3: raises k of an open round; the round as it is now. */
export async function raiseK(deps: Deps, actor: Actor, roundId: string, k: number) {
  const round = await closeIfOverdue(deps, await requireRound(deps, actor, roundId))
  // A campaign has one k for all its teams: a team's differing k would change what its ledger may publish.
  if (round.campaign_id && round.status === 'open')
    throw new AppError('campaign_round', { k: round.k }, [], 'campaign_round_k')
  checkRaisedK(round.k, k, round.status)
  const commentMin = commentMinimum(k, round.comment_min)
  if (!(await raiseRoundK(deps.db, round.id, k, commentMin))) {
    const now = await findLoadedRound(deps.db, round.id)
    if (now?.round.status === 'open') throw new AppError('k_reached', { k: round.k })
    throw new AppError('round_closed', {}, [], 'round_closed_k_kept')
  }
  return summarizeRound(deps, { ...round, k, comment_min: commentMin })
}

/**
 * Records what the team will try next; only after the round closed (a round past its closing
 * time is closed and released first). An empty note removes it. Returns the round with its note.
 */
export async function writeDebrief(
  deps: Deps,
  actor: Actor,
  roundId: string,
  note: string,
): Promise<LoadedRound> {
  const round = await closeIfOverdue(deps, await requireRound(deps, actor, roundId))
  if (round.status !== 'closed') throw new AppError('round_open')
  const text = note.replace(/\r\n/g, '\n').trim()
  if (text.length > DEBRIEF_MAX) {
    const params = { max: DEBRIEF_MAX, length: text.length }
    throw invalid('debrief_too_long', params, [field('note', 'debrief_too_long', params)])
  }
  const now = deps.now().toISOString()
  const debrief = text || null
  await setDebrief(deps.db, round.id, debrief, now)
  if (debrief) await announce(deps, round.team_id, { kind: 'debrief', round, note: debrief })
  return { ...round, debrief, debrief_updated_at: now }
}

/**
 * What anyone allowed to see a round may know about it: no numbers below k (P2). `survey`, when
 * the caller has it already, saves reading it again.
 */
export async function summarizeRound(
  deps: Deps,
  round: LoadedRound,
  locale = 'en',
  survey?: SurveyDefinition,
): Promise<RoundSummary> {
  const version = survey ?? (await getSurvey(deps, round.survey_id, round.survey_version))
  const n = round.respondents ?? (await countFilledBallots(deps.db, round.id))
  return toRoundSummary(round, localize(version.title, locale), n, deps.now())
}

/** A round the actor may see, summarized (404 otherwise). */
export async function getRoundSummary(
  deps: Deps,
  actor: Actor,
  roundId: string,
  locale = 'en',
): Promise<RoundSummary> {
  return summarizeRound(deps, await requireRound(deps, actor, roundId), locale)
}

/** The rounds of a team the actor may see, newest first (404 for anyone else's team). */
export async function listTeamRoundsFor(
  deps: Deps,
  actor: Actor,
  teamId: string,
  locale = 'en',
): Promise<RoundSummary[]> {
  const team = await requireTeam(deps, actor, teamId)
  return summarizeTeamRounds(deps, team.id, locale)
}

/**
 * A team's rounds, newest first, summarized as summarizeRound does, with a fixed number of
 * queries, for the lists on pages, API and CLI.
 */
export async function summarizeTeamRounds(
  deps: Deps,
  teamId: string,
  locale = 'en',
): Promise<RoundSummary[]> {
  const now = deps.now()
  const rows = await listTeamRounds(deps.db, teamId)
  const live = await teamLiveCounts(deps.db, teamId)
  const titles = new Map<string, string>()
  for (const r of rows) {
    const key = `${r.survey_id}@${r.survey_version}`
    if (!titles.has(key))
      titles.set(
        key,
        localize((await getSurvey(deps, r.survey_id, r.survey_version)).title, locale),
      )
  }
  return rows.map((r) =>
    toRoundSummary(
      r,
      titles.get(`${r.survey_id}@${r.survey_version}`)!,
      r.respondents ?? live.get(r.id) ?? 0,
      now,
    ),
  )
}

/**
 * Scheduled (opening later), open, or closed, as people see it at `now`: a round past its closing
 * time is closed, whether or not the timer has closed it yet (submissions are refused either way).
 */
export function roundStatus(round: RoundRow, now: Date): RoundSummary['status'] {
  const at = now.toISOString()
  if (round.status === 'closed' || round.closes_at <= at) return 'closed'
  return round.opens_at > at ? 'scheduled' : 'open'
}

/**
 * Where a round stands for the gate: taking answers, closed with its results being released
 * (until the timer or cron stores them), or closed and released.
 */
export function roundState(round: LoadedRound, now: Date): RoundState {
  if (round.respondents !== null) return 'closed'
  return roundStatus(round, now) === 'closed' ? 'releasing' : 'open'
}

/**
 * A round's summary from its row and its respondent count, shown in coarse form. A round closed
 * by its closing time but not yet released shows that time as its closing.
 */
export function toRoundSummary(
  round: LoadedRound,
  surveyTitle: string,
  n: number,
  now: Date,
): RoundSummary {
  const status = roundStatus(round, now)
  return {
    id: round.id,
    teamId: round.team_id,
    surveyId: round.survey_id,
    surveyVersion: round.survey_version,
    surveyTitle,
    k: round.k,
    commentMinimum: round.comment_min,
    status,
    opensAt: round.opens_at,
    closesAt: round.closes_at,
    closedAt: round.closed_at ?? (status === 'closed' ? round.closes_at : null),
    releasing: roundState(round, now) === 'releasing',
    invited: round.invited,
    teamSize: round.team_size,
    extraLinks: round.extra_links,
    // Released to its readers: stored, and not withheld by a campaign's ledger (P1).
    responses: coarseResponseCount(n, round.k, round.respondents !== null && !round.protects),
    facilitatedBy: round.facilitated_by,
    debrief: round.debrief,
  }
}
