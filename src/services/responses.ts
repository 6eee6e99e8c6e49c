import { findRound, type RoundRow } from '../db/rounds'
import type { CastOutcome, Deps } from '../deps'
import { commentBuckets, encodeAnswers, pickBucket, unusedTagText } from '../domain/ballot'
import { AppError, notFound } from '../domain/errors'
import { validateSubmission } from '../domain/scoring'
import type { SurveyDefinition } from '../domain/survey'
import { getSurvey } from './surveys'

export interface SubmitInput {
  secret: string
  answers: Record<string, unknown>
  comments?: Record<string, unknown> | undefined
}

/**
 * Stores one response for one link (P6) in that link's sealed ballot (P5). The answers are
 * checked before the link is looked at, so what a wrong answer gets back never depends on whether
 * the link was used. Every failure changes nothing and says what happened in words a respondent
 * understands. This is a read of the round and one cast: it never closes or releases a round.
 */
export async function submitResponse(
  deps: Deps,
  roundId: string,
  input: SubmitInput,
): Promise<void> {
  const { round, survey } = await submissionTarget(deps, roundId)
  const now = deps.now().toISOString()
  checkAcceptsResponses(round, now)
  const valid = validateSubmission(survey, input.answers, input.comments)
  const outcome = await deps.ballots.cast({
    roundId,
    place: await deps.seal.place(input.secret),
    tag: await deps.seal.place(unusedTagText(input.secret)),
    sealed: await deps.seal.seal(encodeAnswers(survey, valid.answers), roundId),
    comments: valid.comments,
    bucket: pickBucket(commentBuckets(round.invited)),
    now,
  })
  if (outcome !== 'stored') throw refused(outcome, round)
}

/** Per app: what submissions need of a round, which never changes while it takes answers. */
const targets = new WeakMap<Deps, Map<string, { round: RoundRow; survey: SurveyDefinition }>>()

/**
 * The round and its survey version, read once per round rather than once per submission. A round
 * seen open here may have closed since: that is safe, because the fill itself checks in SQL that
 * the round is open (src/db/ballots.ts), and a survey version a round uses never changes.
 */
async function submissionTarget(deps: Deps, roundId: string) {
  let known = targets.get(deps)
  if (!known) targets.set(deps, (known = new Map()))
  const hit = known.get(roundId)
  if (hit) return hit
  const round = await findRound(deps.db, roundId)
  if (!round) throw notFound('This round')
  const target = { round, survey: await getSurvey(deps, round.survey_id, round.survey_version) }
  if (known.size >= 1000) known.clear()
  known.set(roundId, target)
  return target
}

function refused(outcome: Exclude<CastOutcome, 'stored'>, round: RoundRow): AppError {
  switch (outcome) {
    case 'unknown':
      return new AppError('unknown_link')
    case 'used':
      return new AppError('link_used')
    case 'closed':
      return closed()
    case 'not_open':
      return notOpen(round)
  }
}

const closed = () => new AppError('round_gone')
const notOpen = (round: RoundRow) => new AppError('round_not_open', { opensAt: round.opens_at })

function checkAcceptsResponses(round: RoundRow, now: string): void {
  if (round.status === 'closed' || round.closes_at <= now) throw closed()
  if (round.opens_at > now) throw notOpen(round)
}
