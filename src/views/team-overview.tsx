import type { TrendPoint } from '../domain/report'
import { formatChange, formatDay, formatInterval, formatMean, formatPercent } from './numbers'

/** A team at a glance (services/trend-view.ts `loadTeamOverview`): numbers from its trend only. */
export interface TeamOverview {
  surveyTitle: string
  /** The survey's scale range: the sparklines' y axis. */
  min: number
  max: number
  /** Closed rounds of the survey, oldest first; a withheld one had fewer than its k. */
  rounds: { roundId: string; closedAt: string; released: boolean; k: number }[]
  /** The latest released round; null while every closed round is withheld. */
  latest: {
    roundId: string
    closedAt: string
    respondents: number | null
    /** Percent of the round's links answered. */
    responseRate: number | null
  } | null
  dimensions: {
    id: string
    title: string
    /** In the latest released round; null if the gate held this dimension back there. */
    latest: TrendPoint['dimensions'][number] | null
    /** Mean per round in `rounds`' order; null where withheld. */
    series: (number | null)[]
  }[]
}

type Score = TrendPoint['dimensions'][number]

/** "4.20 (95% interval 3.80–4.60)". */
export function ScoreText({ d }: { d: Score }) {
  return (
    <>
      <strong>{formatMean(d.mean)}</strong>{' '}
      <span class="muted">{`(95% interval ${formatInterval(d.low, d.high)})`}</span>
    </>
  )
}

/** The change since the previous released round, in words and not only as an arrow. */
export function ChangeMark({ d }: { d: Score }) {
  if (d.change === null) return <span class="muted">first released round</span>
  const arrow = d.change > 0 ? '▲' : d.change < 0 ? '▼' : '■'
  const words = `${formatChange(d.change)}, ${d.beyondNoise ? 'beyond noise' : 'within noise'}`
  const body = (
    <>
      <span aria-hidden="true">{`${arrow} `}</span>
      {words}
    </>
  )
  return d.beyondNoise ? <strong class="beyond-noise">{body}</strong> : <span>{body}</span>
}

const SPARK_W = 96
const SPARK_H = 24

/**
 * A dimension's scores over rounds as a small line, gaps where a round was withheld; the
 * aria-label says the same in words ("4.20, withheld, 4.60").
 */
export function Sparkline(props: {
  title: string
  series: (number | null)[]
  min: number
  max: number
}) {
  const { series, min, max } = props
  const step = series.length > 1 ? (SPARK_W - 4) / (series.length - 1) : 0
  const x = (i: number) => 2 + (series.length > 1 ? i * step : (SPARK_W - 4) / 2)
  const y = (v: number) => 2 + (SPARK_H - 4) * (1 - (v - min) / (max - min || 1))
  // Runs of consecutive released rounds become one polyline each.
  const runs: { i: number; v: number }[][] = [[]]
  series.forEach((v, i) => {
    if (v === null) runs.push([])
    else runs[runs.length - 1]!.push({ i, v })
  })
  const words = series.map((v) => (v === null ? 'withheld' : formatMean(v))).join(', ')
  return (
    <svg
      class="sparkline"
      width={SPARK_W}
      height={SPARK_H}
      viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
      role="img"
      aria-label={`${props.title} over rounds, oldest first: ${words}`}
    >
      {runs
        .filter((run) => run.length > 1)
        .map((run) => (
          <polyline
            fill="none"
            stroke="currentColor"
            stroke-width="1.5"
            points={run.map((p) => `${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}
          />
        ))}
      {series.map((v, i) =>
        v === null ? (
          <line x1={x(i)} x2={x(i)} y1={SPARK_H - 6} y2={SPARK_H - 2} stroke="currentColor" />
        ) : (
          <circle cx={x(i).toFixed(1)} cy={y(v).toFixed(1)} r="2" fill="currentColor" />
        ),
      )}
    </svg>
  )
}

/** "fewer than 5 — withheld" for each withheld round after the latest released one. */
function withheldSince(o: TeamOverview) {
  const from = o.latest ? o.rounds.findIndex((r) => r.roundId === o.latest!.roundId) + 1 : 0
  return o.rounds.slice(from)
}

/** What the latest rounds gave, in one line: respondents and response rate, or withheld. */
export function LatestRoundText({ o }: { o: TeamOverview }) {
  return (
    <>
      {o.latest && (
        <span>
          {`Latest released round (closed ${formatDay(o.latest.closedAt)}): `}
          {o.latest.respondents !== null && `${o.latest.respondents} respondents`}
          {o.latest.responseRate !== null &&
            `, response rate ${formatPercent(o.latest.responseRate)}`}
          .{' '}
        </span>
      )}
      {withheldSince(o).map((r) => (
        <span>{`Round closed ${formatDay(r.closedAt)}: fewer than ${r.k} — withheld. `}</span>
      ))}
    </>
  )
}

/** The team page's overview: one row per dimension of the survey the team used last. */
export function TeamOverviewSection({ o }: { o: TeamOverview | null }) {
  return (
    <section aria-labelledby="overview-heading">
      <h2 id="overview-heading">Overview{o && `: ${o.surveyTitle}`}</h2>
      {!o ? (
        <p>No round has closed yet; scores appear here once the first round has closed.</p>
      ) : (
        <>
          <p>
            <LatestRoundText o={o} />
          </p>
          <div class="table-wrap" role="region" aria-labelledby="overview-heading" tabindex={0}>
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">Dimension</th>
                  <th scope="col">Latest score</th>
                  <th scope="col">Change since the previous released round</th>
                  <th scope="col">Over rounds</th>
                </tr>
              </thead>
              <tbody>
                {o.dimensions.map((d) => (
                  <tr>
                    <th scope="row">{d.title}</th>
                    <td data-label="Latest score">
                      {d.latest ? <ScoreText d={d.latest} /> : 'withheld'}
                    </td>
                    <td data-label="Change">{d.latest ? <ChangeMark d={d.latest} /> : '—'}</td>
                    <td data-label="Over rounds">
                      <Sparkline title={d.title} series={d.series} min={o.min} max={o.max} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}

/** The teams list's cell: each dimension in one line, then the latest round's response rate. */
export function TeamOverviewCell({ o }: { o: TeamOverview | null }) {
  if (!o) return <span class="muted">No closed round yet</span>
  return (
    <>
      <ul class="overview">
        {o.dimensions.map((d) => (
          <li>
            {`${d.title}: `}
            {d.latest ? (
              <>
                <ScoreText d={d.latest} />, <ChangeMark d={d.latest} />{' '}
              </>
            ) : (
              'withheld '
            )}
            <Sparkline title={d.title} series={d.series} min={o.min} max={o.max} />
          </li>
        ))}
      </ul>
      <p class="hint">
        <LatestRoundText o={o} />
      </p>
    </>
  )
}
