import type { CompiledQuery } from 'kysely'
import type { StatRow } from '../domain/scoring'
import type { Db, RoundStatsTable } from './schema'

export interface StoredResults {
  respondents: number
  invited: number
  comments: { questionId: string; body: string }[]
  stats: StatRow[]
}

/**
 * Statements that write a round's results once. INSERT OR IGNORE makes a release idempotent: if
 * two closers race, the first write wins and later ones change nothing (P2: results never change).
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
  for (const row of results.stats)
    queries.push(
      db
        .insertInto('round_stats')
        .orIgnore()
        .values({
          round_id: roundId,
          kind: row.kind,
          key: row.key,
          n: row.n,
          sum: row.sum,
          sum_sq: row.sumSq,
          favourable: row.favourable,
          histogram: JSON.stringify(row.histogram),
        })
        .compile(),
    )
  return queries
}

function toStatRow(r: RoundStatsTable): StatRow {
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

/**
 * Results of a team's closed rounds of one survey, keyed by round, from the sufficient statistics
 * only (never raw answers). Dimension rows only: that is what a trend draws.
 */
export async function findTeamDimensionResults(
  db: Db,
  teamId: string,
  surveyId: string,
): Promise<Map<string, { respondents: number; invited: number; stats: StatRow[] }>> {
  const heads = await db
    .selectFrom('round_results')
    .innerJoin('rounds', 'rounds.id', 'round_results.round_id')
    .select(['round_results.round_id', 'round_results.respondents', 'round_results.invited'])
    .where('rounds.team_id', '=', teamId)
    .where('rounds.survey_id', '=', surveyId)
    .execute()
  const stats = await db
    .selectFrom('round_stats')
    .innerJoin('rounds', 'rounds.id', 'round_stats.round_id')
    .selectAll('round_stats')
    .where('rounds.team_id', '=', teamId)
    .where('rounds.survey_id', '=', surveyId)
    .where('round_stats.kind', '=', 'dimension')
    .execute()
  const byRound = new Map(
    heads.map((h) => [
      h.round_id,
      { respondents: h.respondents, invited: h.invited, stats: [] as StatRow[] },
    ]),
  )
  for (const row of stats) byRound.get(row.round_id)?.stats.push(toStatRow(row))
  return byRound
}
