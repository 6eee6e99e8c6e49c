import type { CompiledQuery } from 'kysely'
import type { Audience, ReleaseRecord } from '../domain/anonymity'
import type { StatRow } from '../domain/scoring'
import { toStatRow, type StoredResults } from './results'
import type { Db, ReleasesTable } from './schema'

/**
 * The record of what a round released to each audience (migrations/0004_releases.sql), written in
 * the release's batch. INSERT OR IGNORE: the first release's record stands and is never changed.
 * Time is kept to the day.
 */
export function recordReleasesQuery(
  db: Db,
  roundId: string,
  records: readonly ReleaseRecord[],
  now: string,
): CompiledQuery {
  return db
    .insertInto('releases')
    .orIgnore()
    .values(
      records.map((r) => ({
        round_id: roundId,
        audience: r.audience,
        released: r.released ? 1 : 0,
        respondents: r.respondents,
        invited: r.invited,
        comments: r.comments,
        protects: r.protects ? 1 : 0,
        recorded_on: now.slice(0, 10),
      })),
    )
    .compile()
}

function toRecord(row: Omit<ReleasesTable, 'round_id' | 'recorded_on'>): ReleaseRecord {
  return {
    audience: row.audience,
    released: row.released === 1,
    respondents: row.respondents,
    invited: row.invited,
    comments: row.comments,
    protects: row.protects === 1,
  }
}

const RECORD = [
  'releases.audience',
  'releases.released',
  'releases.respondents',
  'releases.invited',
  'releases.comments',
  'releases.protects',
] as const

/**
 * A released round as one audience sees it: the recorded decision with the stored results it
 * refers to, in two queries. Undefined while the round is not released.
 */
export async function findReleasedResults(
  db: Db,
  roundId: string,
  audience: Audience,
): Promise<
  { record: ReleaseRecord; comments: StoredResults['comments']; stats: StatRow[] } | undefined
> {
  const head = await db
    .selectFrom('releases')
    .innerJoin('round_results', 'round_results.round_id', 'releases.round_id')
    .select([...RECORD, 'round_results.comments as stored_comments'])
    .where('releases.round_id', '=', roundId)
    .where('releases.audience', '=', audience)
    .executeTakeFirst()
  if (!head) return undefined
  const record = toRecord(head)
  const stats = record.released
    ? await db.selectFrom('round_stats').selectAll().where('round_id', '=', roundId).execute()
    : []
  return {
    record,
    comments:
      record.comments > 0 ? (JSON.parse(head.stored_comments) as StoredResults['comments']) : [],
    stats: stats.map(toStatRow),
  }
}

/** What the gate needs of a released round (its k), and where it stands in the team's order. */
export interface ReleasedRoundKey {
  k: number
  commentMin: number
  opensAt: string
  createdAt: string
  closedAt: string | null
}
const ROUND_KEY = [
  'rounds.k',
  'rounds.comment_min',
  'rounds.opens_at',
  'rounds.created_at',
  'rounds.closed_at',
] as const

/**
 * What one audience was shown of a team's released rounds of one survey, keyed by round: the
 * recorded decisions and the dimension statistics (what a trend draws), never raw answers.
 */
export async function findTeamReleases(
  db: Db,
  teamId: string,
  surveyId: string,
  audience: Audience,
): Promise<Map<string, { record: ReleaseRecord; stats: StatRow[]; round: ReleasedRoundKey }>> {
  const records = await db
    .selectFrom('releases')
    .innerJoin('rounds', 'rounds.id', 'releases.round_id')
    .select(['releases.round_id', ...RECORD, ...ROUND_KEY])
    .where('rounds.team_id', '=', teamId)
    .where('rounds.survey_id', '=', surveyId)
    .where('releases.audience', '=', audience)
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
    records.map((r) => [
      r.round_id,
      {
        record: toRecord(r),
        stats: [] as StatRow[],
        round: {
          k: r.k,
          commentMin: r.comment_min,
          opensAt: r.opens_at,
          createdAt: r.created_at,
          closedAt: r.closed_at,
        },
      },
    ]),
  )
  for (const row of stats) byRound.get(row.round_id)?.stats.push(toStatRow(row))
  return byRound
}
