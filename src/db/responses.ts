import { sql, type CompiledQuery } from 'kysely'
import type { Db } from './schema'

export interface Submission {
  roundId: string
  secretHash: string
  responseId: string
  answers: string
  comments: { id: string; questionId: string; body: string }[]
  now: string
}

/**
 * The statements that claim an invitation and store its response, for the batch helper (P6).
 * Every insert carries the same condition as the claim — the invitation is unclaimed and the
 * round is open — and the claim runs last, so in one atomic batch either all happen or none.
 * Nothing written links the response to the invitation (P5).
 */
export function submissionQueries(db: Db, s: Submission): CompiledQuery[] {
  const claimable = sql`EXISTS (SELECT 1 FROM invitations WHERE secret_hash = ${s.secretHash}
      AND round_id = ${s.roundId} AND claimed = 0)
    AND EXISTS (SELECT 1 FROM rounds WHERE id = ${s.roundId} AND status = 'open'
      AND opens_at <= ${s.now} AND closes_at > ${s.now})`
  const queries: CompiledQuery[] = [
    sql`INSERT INTO responses (id, round_id, answers)
      SELECT ${s.responseId}, ${s.roundId}, ${s.answers} WHERE ${claimable}`.compile(db),
  ]
  for (const c of s.comments)
    queries.push(
      sql`INSERT INTO comments (id, round_id, question_id, body)
        SELECT ${c.id}, ${s.roundId}, ${c.questionId}, ${c.body} WHERE ${claimable}`.compile(db),
    )
  queries.push(
    sql`UPDATE invitations SET claimed = 1 WHERE secret_hash = ${s.secretHash}
      AND round_id = ${s.roundId} AND claimed = 0 AND ${claimable}`.compile(db),
  )
  return queries
}

export async function readRoundAnswers(db: Db, roundId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('responses')
    .select('answers')
    .where('round_id', '=', roundId)
    .execute()
  return rows.map((r) => r.answers)
}

export async function readRoundComments(db: Db, roundId: string) {
  return db
    .selectFrom('comments')
    .select(['question_id', 'body'])
    .where('round_id', '=', roundId)
    .execute()
}
