import { hashSecret, randomId } from '../crypto'
import { submissionQueries } from '../db/responses'
import { findInvitation, findRound, type RoundRow } from '../db/rounds'
import type { Deps } from '../deps'
import { AppError } from '../domain/errors'
import { validateSubmission } from '../domain/scoring'
import { loadRound } from './rounds'
import { getSurvey } from './surveys'

export interface SubmitInput {
  secret: string
  answers: Record<string, unknown>
  comments?: Record<string, unknown> | undefined
}

/**
 * Stores one response for one invitation (P6) with nothing linking the two (P5). Every failure
 * changes nothing and says what happened in words a respondent understands.
 */
export async function submitResponse(
  deps: Deps,
  roundId: string,
  input: SubmitInput,
): Promise<void> {
  const round = await loadRound(deps, roundId)
  const now = deps.now().toISOString()
  const secretHash = await hashSecret(input.secret)
  const invitation = await findInvitation(deps.db, roundId, secretHash)
  if (!invitation) throw unknownLink()
  checkAcceptsResponses(round, now)
  if (invitation.claimed) throw usedLink()
  const survey = await getSurvey(deps, round.survey_id, round.survey_version)
  const valid = validateSubmission(survey, input.answers, input.comments)
  const results = await deps.batch(
    submissionQueries(deps.db, {
      roundId,
      secretHash,
      responseId: randomId(),
      answers: JSON.stringify(valid.answers),
      comments: valid.comments.map((c) => ({ id: randomId(), ...c })),
      now,
    }),
  )
  if (results.at(-1)?.numChangedRows === 1) return
  // Lost a race: someone used the link, or the round closed, between the checks and the write.
  const again = await findRound(deps.db, roundId)
  if (again) checkAcceptsResponses(again, deps.now().toISOString())
  throw usedLink()
}

const unknownLink = () =>
  new AppError(
    404,
    'unknown_link',
    'This link is not valid for this survey. Check that you copied the whole link, or ask your facilitator for a new one.',
  )
const usedLink = () =>
  new AppError(
    409,
    'link_used',
    'This link has already been used to answer. Each link counts once, so your team’s answers stay anonymous.',
  )

function checkAcceptsResponses(round: RoundRow, now: string): void {
  if (round.status === 'closed' || round.closes_at <= now)
    throw new AppError(410, 'round_closed', 'This survey has closed and no longer takes answers.')
  if (round.opens_at > now)
    throw new AppError(
      409,
      'round_not_open',
      `This survey opens at ${round.opens_at}. Please come back then.`,
    )
}
