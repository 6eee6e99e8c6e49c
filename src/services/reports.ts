import { toCsv } from '../csv'
import { findTeamDimensionResults } from '../db/results'
import { listTeamRounds } from '../db/rounds'
import type { Deps } from '../deps'
import { releaseRound, type RoundOutcome } from '../domain/anonymity'
import { buildRoundReport, buildTrend, type RoundReport, type Trend } from '../domain/report'
import { getSurvey } from './surveys'
import { loadRoundWithResults, toRoundSummary } from './rounds'
import { localize } from '../domain/survey'

/**
 * A round's report: every number in it came through the anonymity gate. Comments go to
 * facilitators only — respondents are told so on the survey page — never to a team share link.
 */
export async function roundReport(
  deps: Deps,
  roundId: string,
  locale = 'en',
  audience: 'facilitator' | 'team' = 'facilitator',
): Promise<RoundReport> {
  const { round, survey, results, summary } = await loadRoundWithResults(deps, roundId, locale)
  const outcome: RoundOutcome = {
    status: results ? 'closed' : 'open',
    k: round.k,
    commentMin: round.comment_min,
    respondents: results?.respondents ?? 0,
    invited: round.invited,
    stats: results?.stats ?? [],
    comments: results?.comments ?? [],
  }
  const report = buildRoundReport(summary, survey, releaseRound(outcome), locale)
  if (audience === 'team') report.comments = { ...report.comments, released: false, entries: [] }
  return report
}

/**
 * A team's trend for one survey (by default the one it used last), from stored sufficient
 * statistics of its closed rounds; each round passes the gate on its own.
 */
export async function teamTrend(
  deps: Deps,
  teamId: string,
  surveyId?: string,
  locale = 'en',
): Promise<Trend> {
  const rounds = await listTeamRounds(deps.db, teamId)
  // By default the survey of the latest closed round: a trend shows closed rounds only, and an
  // open round of a new survey must not empty it (nor reveal that the round exists).
  const chosen = surveyId ?? (rounds.find((r) => r.status === 'closed') ?? rounds[0])?.survey_id
  if (!chosen) return buildTrend(teamId, null, [], locale)
  const survey = await getSurvey(deps, chosen)
  const results = await findTeamDimensionResults(deps.db, teamId, chosen)
  const closed = rounds
    .filter((r) => r.survey_id === chosen && r.status === 'closed' && results.has(r.id))
    .reverse()
  const title = localize(survey.title, locale)
  const now = deps.now()
  const inputs = closed.map((round) => {
    const stored = results.get(round.id)!
    const release = releaseRound({
      status: 'closed',
      k: round.k,
      commentMin: round.comment_min,
      respondents: stored.respondents,
      invited: stored.invited,
      stats: stored.stats,
      comments: [],
    })
    return { summary: toRoundSummary(round, title, stored.respondents, now), release }
  })
  return buildTrend(teamId, survey, inputs, locale)
}

const csv = (rows: unknown[][]) => toCsv(rows)

/** The released aggregates of a round as CSV; a withheld round has a notice row and no numbers. */
export function roundReportCsv(report: RoundReport): string {
  const header = [
    'type',
    'id',
    'text',
    'dimension',
    'n',
    'mean',
    'ci_low',
    'ci_high',
    'favourable_percent',
    'distribution',
  ]
  if (!report.released)
    return csv([
      header,
      ['notice', report.round.id, report.message, ...header.slice(3).map(() => '')],
    ])
  const dist = (d: { value: number; count: number }[]) =>
    d.map((e) => `${e.value}=${e.count}`).join(' ')
  return csv([
    header,
    [
      'round',
      report.round.id,
      report.round.surveyTitle,
      '',
      report.respondents,
      '',
      '',
      '',
      '',
      '',
    ],
    ...report.dimensions.map((d) => [
      'dimension',
      d.id,
      d.title,
      d.id,
      d.n,
      d.mean,
      d.low,
      d.high,
      d.favourablePercent,
      dist(d.distribution),
    ]),
    ...report.items.map((i) => [
      'item',
      i.id,
      i.text,
      i.dimension ?? '',
      i.n,
      i.mean,
      '',
      '',
      i.favourablePercent,
      dist(i.distribution),
    ]),
  ])
}

/** A trend as CSV, one row per round and dimension; withheld rounds are rows without numbers. */
export function trendCsv(trend: Trend): string {
  const rows: unknown[][] = [
    [
      'round_id',
      'opens_at',
      'closed_at',
      'released',
      'respondents',
      'dimension',
      'mean',
      'ci_low',
      'ci_high',
      'change',
      'beyond_noise',
      'debrief',
    ],
  ]
  for (const r of trend.rounds) {
    if (!r.released) {
      rows.push([
        r.roundId,
        r.opensAt,
        r.closedAt,
        'no',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        r.debrief ?? '',
      ])
      continue
    }
    for (const d of r.dimensions)
      rows.push([
        r.roundId,
        r.opensAt,
        r.closedAt,
        'yes',
        r.respondents,
        d.id,
        d.mean,
        d.low,
        d.high,
        d.change ?? '',
        d.beyondNoise === null ? '' : d.beyondNoise ? 'yes' : 'no',
        r.debrief ?? '',
      ])
  }
  return csv(rows)
}
