import type { RoundReport, Trend } from '../domain/report'
import { toCsv } from './csv'

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
