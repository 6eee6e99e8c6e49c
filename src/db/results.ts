import { sql, type CompiledQuery } from 'kysely'
import type { StatRow } from '../domain/scoring'
import type { Db, RoundStatsTable } from './schema'

export interface StoredResults {
  respondents: number
  invited: number
  comments: { questionId: string; body: string }[]
  stats: StatRow[]
}

/**
 * Statements that write a round's results once: two, whatever the number of statistics (they
 * travel as one JSON array, as D1 allows only 100 bound values per statement). INSERT OR IGNORE
 * makes a release idempotent: if two closers race, the first write wins and later ones change
 * nothing (P2: results never change). The first statement changes one row only for the winner.
 */
export function storeResultsQueries(
  db: Db,
  roundId: string,
  results: StoredResults,
  now: string,
): CompiledQuery[] {
  const queries: CompiledQuery[] = [
    db
      .insertInto('round_results')
      .orIgnore()
      .values({
        round_id: roundId,
        respondents: results.respondents,
        invited: results.invited,
        comments: JSON.stringify(results.comments),
        released_at: now,
      })
      .compile(),
  ]
  if (results.stats.length > 0)
    queries.push(
      sql`INSERT OR IGNORE INTO round_stats
      (round_id, kind, key, n, sum, sum_sq, favourable, histogram)
      SELECT ${roundId}, json_extract(value, '$.kind'), json_extract(value, '$.key'),
        json_extract(value, '$.n'), json_extract(value, '$.sum'), json_extract(value, '$.sumSq'),
        json_extract(value, '$.favourable'), json_extract(value, '$.histogram')
      FROM json_each(${JSON.stringify(results.stats)})`.compile(db),
    )
  return queries
}

export function toStatRow(r: RoundStatsTable): StatRow {
  return {
    kind: r.kind,
    key: r.key,
    n: r.n,
    sum: r.sum,
    sumSq: r.sum_sq,
    favourable: r.favourable,
    histogram: JSON.parse(r.histogram) as number[],
  }
}

export async function findResults(db: Db, roundId: string): Promise<StoredResults | undefined> {
  const head = await db
    .selectFrom('round_results')
    .selectAll()
    .where('round_id', '=', roundId)
    .executeTakeFirst()
  if (!head) return undefined
  const stats = await db
    .selectFrom('round_stats')
    .selectAll()
    .where('round_id', '=', roundId)
    .execute()
  return {
    respondents: head.respondents,
    invited: head.invited,
    comments: JSON.parse(head.comments) as StoredResults['comments'],
    stats: stats.map(toStatRow),
  }
}
