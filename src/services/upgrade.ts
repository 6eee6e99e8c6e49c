import { sql } from 'kysely'
import { insertBallotsQuery } from '../db/ballots'
import type { Deps } from '../deps'
import { BALLOT_BYTES, encodeAnswers, encodeComments, shuffled } from '../domain/ballot'
import type { Answers } from '../domain/scoring'
import { SEAL_OVERHEAD } from '../seal'
import { commentsContext } from './ballot-box'
import { getSurvey } from './surveys'

/**
 * Moves rounds that were open when migrations/0002_ballots.sql ran from the old tables into
 * ballots, so links already handed out keep working. Each invitation becomes a ballot at the place
 * its secret's hash maps to; the old responses, which nothing tied to an invitation, are sealed
 * into the claimed ballots in shuffled order; comments become the round's sealed list. Runs at
 * every start (Node) and cron (Workers) and does nothing once the old tables are empty.
 */
export async function upgradeLegacyBallots(deps: Deps): Promise<number> {
  const rounds = await deps.db.selectFrom('invitations').select('round_id').distinct().execute()
  for (const { round_id: roundId } of rounds) {
    const round = await deps.db
      .selectFrom('rounds')
      .select(['survey_id', 'survey_version'])
      .where('id', '=', roundId)
      .executeTakeFirstOrThrow()
    const survey = await getSurvey(deps, round.survey_id, round.survey_version)
    const invitations = await deps.db
      .selectFrom('invitations')
      .select(['secret_hash', 'claimed'])
      .where('round_id', '=', roundId)
      .execute()
    const answers = shuffled(
      await deps.db
        .selectFrom('responses')
        .select('answers')
        .where('round_id', '=', roundId)
        .execute(),
    )
    const comments = await deps.db
      .selectFrom('comments')
      .select(['question_id', 'body'])
      .where('round_id', '=', roundId)
      .execute()
    const places = await Promise.all(invitations.map((i) => deps.seal.placeOfHash(i.secret_hash)))
    const claimed = places.filter((_, i) => invitations[i]!.claimed === 1)
    const fills = await Promise.all(
      claimed.slice(0, answers.length).map(async (place, i) => {
        const plain = encodeAnswers(survey, JSON.parse(answers[i]!.answers) as Answers)
        const sealed = await deps.seal.seal(plain, roundId)
        return sql`UPDATE ballots SET filled = 1, sealed = ${sealed}
          WHERE round_id = ${roundId} AND place = ${place}`.compile(deps.db)
      }),
    )
    const pool =
      comments.length > 0
        ? await deps.seal.seal(
            encodeComments(
              shuffled(comments.map((c) => ({ questionId: c.question_id, body: c.body }))),
            ),
            commentsContext(roundId),
          )
        : undefined
    await deps.batch([
      insertBallotsQuery(deps.db, roundId, shuffled(places), BALLOT_BYTES + SEAL_OVERHEAD),
      ...fills,
      ...(pool
        ? [
            deps.db
              .insertInto('comment_pools')
              .values({ round_id: roundId, bucket: 0, version: 1, sealed: pool })
              .compile(),
          ]
        : []),
      deps.db.deleteFrom('responses').where('round_id', '=', roundId).compile(),
      deps.db.deleteFrom('comments').where('round_id', '=', roundId).compile(),
      deps.db.deleteFrom('invitations').where('round_id', '=', roundId).compile(),
    ])
    deps.log.info('round moved to sealed ballots', { round: roundId })
  }
  return rounds.length
}
