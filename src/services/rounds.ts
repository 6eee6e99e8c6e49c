import type { CompiledQuery } from 'kysely'
import { randomId, randomSecret } from '../crypto'
import {
  countFilledBallots,
  eraseBallotsQueries,
  insertBallotsQuery,
  readCommentPools,
  readFilledBallots,
} from '../db/ballots'
import { findResults, storeResultsQueries } from '../db/results'
import {
  countInvitedQuery,
  findRound,
  insertRoundQuery,
  listDueRounds,
  listTeamRounds,
  listUnreleasedClosedRounds,
  markRoundClosed,
  raiseRoundK,
  setDebrief,
  teamRespondentCounts,
  type RoundRow,
} from '../db/rounds'
import { findTeam } from '../db/teams'
import type { Deps } from '../deps'
import { checkNewK, checkRaisedK, coarseResponseCount, commentMinimum } from '../domain/anonymity'
import { AppError, invalid, notFound } from '../domain/errors'
import type { RoundSummary } from '../domain/report'
import { BALLOT_BYTES, decodeAnswers, decodeComments, shuffled } from '../domain/ballot'
import { computeRoundStats } from '../domain/scoring'
import { localize } from '../domain/survey'
import { baseUrlOf } from '../config'
import { SEAL_OVERHEAD } from '../seal'
import { commentsContext } from './ballot-box'
import { getSurvey } from './surveys'

export const MAX_INVITATIONS_PER_CALL = 1000

export interface OpenRoundInput {
  teamId: string
  surveyId: string
  surveyVersion?: number | undefined
  k?: number | undefined
  opensAt?: string | undefined
  closesAt: string
  invitations: number
  /** Where the links point; BASE_URL (or http://HOST:PORT) unless the request says otherwise. */
  baseUrl?: string | undefined
}

/** Opens a round for a team (P3: k fixed now, at least 3) and mints its first invitations. */
export async function openRound(deps: Deps, input: OpenRoundInput) {
  if (!(await findTeam(deps.db, input.teamId))) throw notFound('This team')
  const survey = await getSurvey(deps, input.surveyId, input.surveyVersion)
  const k = checkNewK(input.k ?? deps.config.DEFAULT_K)
  const now = deps.now()
  const opensAt = input.opensAt ? new Date(input.opensAt) : now
  const closesAt = new Date(input.closesAt)
  if (closesAt.getTime() <= Math.max(now.getTime(), opensAt.getTime()))
    throw invalid('The closing time must lie after the opening time and in the future.', [
      { path: 'closesAt', message: 'must be later than now and than opensAt' },
    ])
  const round: RoundRow = {
    id: randomId(),
    team_id: input.teamId,
    survey_id: survey.id,
    survey_version: survey.version,
    k,
    comment_min: commentMinimum(k, deps.config.COMMENT_MIN),
    opens_at: opensAt.toISOString(),
    closes_at: closesAt.toISOString(),
    status: 'open',
    closed_at: null,
    invited: 0,
    debrief: null,
    debrief_updated_at: null,
    created_at: now.toISOString(),
  }
  // The round and its links stand or fall together: no round is left without its links.
  const base = input.baseUrl ?? baseUrlOf(deps.config)
  const minted = await newLinks(deps, round.id, input.invitations, base)
  await deps.batch([insertRoundQuery(deps.db, round), ...minted.queries])
  return { round: await summarizeRound(deps, round.id), links: minted.links }
}

/** The link a respondent opens. The secret sits after `#`, so it never reaches a server log. */
export function invitationLink(baseUrl: string, roundId: string, secret: string): string {
  return `${baseUrl}/s/${roundId}#${secret}`
}

/**
 * Mints single-use invitations; the secrets are returned once and never stored. The links point
 * to `baseUrl`: BASE_URL (or http://HOST:PORT) unless the caller knows better.
 */
export async function mintInvitations(
  deps: Deps,
  roundId: string,
  count: number,
  baseUrl = baseUrlOf(deps.config),
) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_INVITATIONS_PER_CALL)
    throw invalid(`Mint between 1 and ${MAX_INVITATIONS_PER_CALL} links at a time.`, [
      { path: 'count', message: `1 to ${MAX_INVITATIONS_PER_CALL}` },
    ])
  const round = await loadRound(deps, roundId)
  if (round.status !== 'open')
    throw new AppError(
      409,
      'round_closed',
      'This round is closed; open a new round to invite more people.',
    )
  const minted = await newLinks(deps, roundId, count, baseUrl)
  const results = await deps.batch(minted.queries)
  if (results.at(-1)?.numChangedRows !== 1)
    throw new AppError(409, 'round_closed', 'This round closed meanwhile; no links were added.')
  return minted.links
}

/**
 * Secrets for `count` new links and the statements that make their empty ballots, in shuffled
 * order so the file's layout says nothing about which link went to whom (P5).
 */
async function newLinks(deps: Deps, roundId: string, count: number, baseUrl: string) {
  const secrets = Array.from({ length: count }, () => randomSecret())
  const places = await Promise.all(secrets.map((s) => deps.seal.place(s)))
  const queries: CompiledQuery[] =
    count > 0
      ? [
          insertBallotsQuery(deps.db, roundId, shuffled(places), BALLOT_BYTES + SEAL_OVERHEAD),
          countInvitedQuery(deps.db, roundId, count),
        ]
      : []
  const links = secrets.map((secret) => ({ secret, url: invitationLink(baseUrl, roundId, secret) }))
  return { queries, links }
}

/**
 * A round, closing it first if its closing time has passed (checked on every request touching
 * a round, besides the timer), and finishing any release that was interrupted.
 */
export async function loadRound(deps: Deps, roundId: string): Promise<RoundRow> {
  let round = await findRound(deps.db, roundId)
  if (!round) throw notFound('This round')
  if (round.status === 'open' && round.closes_at <= deps.now().toISOString()) {
    await closeRound(deps, roundId)
    round = (await findRound(deps.db, roundId))!
  }
  return round
}

/**
 * Closes a round and releases its results once (P2). The round is marked closed first, so no
 * submission can land after its answers are read; the results are then written idempotently.
 */
export async function closeRound(deps: Deps, roundId: string): Promise<void> {
  const round = await findRound(deps.db, roundId)
  if (!round) throw notFound('This round')
  const now = deps.now().toISOString()
  if (round.status === 'open') await markRoundClosed(deps.db, roundId, now)
  await releaseRound(deps, roundId)
}

/**
 * Computes and stores a closed round's results unless already stored, and in the same atomic
 * write erases its ballots and comment list (P5): afterwards the round is statistics only. A round
 * below k keeps only its counts, and comments are kept only at or above the comment minimum,
 * shuffled (P4): nothing is kept that could never be shown.
 */
export async function releaseRound(deps: Deps, roundId: string): Promise<void> {
  if (await findResults(deps.db, roundId)) return
  const round = await findRound(deps.db, roundId)
  if (!round || round.status !== 'closed') return
  const survey = await getSurvey(deps, round.survey_id, round.survey_version)
  const sealed = await readFilledBallots(deps.db, roundId)
  const pools = await readCommentPools(deps.db, roundId)
  let answers, comments
  try {
    answers = await Promise.all(
      sealed.map(async (b) => decodeAnswers(survey, await deps.seal.open(b, roundId))),
    )
    comments = (
      await Promise.all(
        pools.map(async (p) => decodeComments(await deps.seal.open(p, commentsContext(roundId)))),
      )
    ).flat()
  } catch {
    throw new Error(
      `round ${roundId}: its ballots do not open with this ballot key; was BALLOT_KEY changed?`,
    )
  }
  const n = answers.length
  const results = {
    respondents: n,
    invited: round.invited,
    stats: n >= round.k ? computeRoundStats(survey, answers) : [],
    comments: n >= round.comment_min ? shuffled(comments) : [],
  }
  await deps.batch([
    ...storeResultsQueries(deps.db, roundId, results, deps.now().toISOString()),
    ...eraseBallotsQueries(deps.db, roundId),
  ])
  deps.log.info('round released', { round: roundId })
}

/** Closes every round past its closing time; run by the Node timer and the Workers cron. */
export async function closeDueRounds(deps: Deps): Promise<number> {
  const due = await listDueRounds(deps.db, deps.now().toISOString())
  for (const id of due) await closeRound(deps, id)
  for (const id of await listUnreleasedClosedRounds(deps.db)) await releaseRound(deps, id)
  return due.length
}

/** P3: raises k of an open round. */
export async function raiseK(deps: Deps, roundId: string, k: number) {
  const round = await loadRound(deps, roundId)
  checkRaisedK(round.k, k, round.status)
  const ok = await raiseRoundK(deps.db, roundId, k, commentMinimum(k, round.comment_min))
  if (!ok)
    throw new AppError(409, 'round_closed', 'This round closed meanwhile; k was not changed.')
  return summarizeRound(deps, roundId)
}

/** Records what the team will try next; only after the round closed. An empty note removes it. */
export async function writeDebrief(deps: Deps, roundId: string, note: string): Promise<void> {
  const round = await loadRound(deps, roundId)
  if (round.status !== 'closed')
    throw new AppError(409, 'round_open', 'Write the debrief after the round has closed.')
  await setDebrief(deps.db, round.id, note.trim() || null, deps.now().toISOString())
}

/** What anyone allowed to see a round may know about it: no numbers below k (P2). */
export async function summarizeRound(
  deps: Deps,
  roundId: string,
  locale = 'en',
): Promise<RoundSummary> {
  return (await loadRoundWithResults(deps, roundId, locale)).summary
}

/** A round with its survey, its stored results once released, and its summary. */
export async function loadRoundWithResults(deps: Deps, roundId: string, locale = 'en') {
  const round = await loadRound(deps, roundId)
  const survey = await getSurvey(deps, round.survey_id, round.survey_version)
  const results = round.status === 'closed' ? await findResults(deps.db, roundId) : undefined
  const n = results ? results.respondents : await countFilledBallots(deps.db, roundId)
  const summary = toRoundSummary(round, localize(survey.title, locale), n, deps.now())
  return { round, survey, results, summary }
}

/**
 * A team's rounds, newest first, summarized as summarizeRound does (rounds past their closing
 * time are closed first) with a fixed number of queries, for the lists on pages, API and CLI.
 */
export async function summarizeTeamRounds(
  deps: Deps,
  teamId: string,
  locale = 'en',
): Promise<RoundSummary[]> {
  const now = deps.now()
  let rows = await listTeamRounds(deps.db, teamId)
  const due = rows.filter((r) => r.status === 'open' && r.closes_at <= now.toISOString())
  for (const round of due) await closeRound(deps, round.id)
  if (due.length > 0) rows = await listTeamRounds(deps.db, teamId)
  const counts = await teamRespondentCounts(deps.db, teamId)
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
      counts.get(r.id) ?? 0,
      now,
    ),
  )
}

/** Scheduled (opening later), open, or closed, as people see it at `now`. */
export function roundStatus(round: RoundRow, now: Date): RoundSummary['status'] {
  if (round.status === 'closed') return 'closed'
  return round.opens_at > now.toISOString() ? 'scheduled' : 'open'
}

/** A round's summary from its row and its respondent count, shown in coarse form. */
export function toRoundSummary(
  round: RoundRow,
  surveyTitle: string,
  n: number,
  now: Date,
): RoundSummary {
  return {
    id: round.id,
    teamId: round.team_id,
    surveyId: round.survey_id,
    surveyVersion: round.survey_version,
    surveyTitle,
    k: round.k,
    commentMinimum: round.comment_min,
    status: roundStatus(round, now),
    opensAt: round.opens_at,
    closesAt: round.closes_at,
    closedAt: round.closed_at,
    invited: round.invited,
    responses: coarseResponseCount(n, round.k),
    debrief: round.debrief,
  }
}
