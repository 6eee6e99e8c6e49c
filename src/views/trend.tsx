import type { Trend } from '../domain/report'
import {
  formatChange,
  formatDay,
  formatInterval,
  formatMean,
  localeQuery,
  type ReportLocale,
} from './numbers'
import { SeriesSwatch } from './series'
import { TrendChart } from './trend-chart'

/** Everything a trend needs besides the trend itself; assembled by the routes. */
export interface TrendView {
  trend: Trend
  surveyTitle: string
  /** The survey's scale range, the chart's y axis. */
  min: number
  max: number
  /** Surveys the team used that can be picked; the chosen one is `trend.surveyId`. */
  surveys: { id: string; title: string }[]
}

type Change = Trend['rounds'][number]['dimensions'][number]

/** A change in words, not only as an arrow or a colour: "▲ +0.80, beyond noise". */
function ChangeText({ d }: { d: Change }) {
  if (d.change === null) return <span class="muted">first released round</span>
  const arrow = d.change > 0 ? '▲' : d.change < 0 ? '▼' : '■'
  const words = `${formatChange(d.change)}, ${d.beyondNoise ? 'beyond noise' : 'within noise'}`
  return d.beyondNoise ? (
    <strong>
      <span aria-hidden="true">{arrow} </span>
      {words}
    </strong>
  ) : (
    <span>
      <span aria-hidden="true">{arrow} </span>
      {words}
    </span>
  )
}

/** The chart, its legend, the debrief notes and a table with every number of the chart. */
export function TrendSection(props: {
  view: TrendView
  locale: ReportLocale
  roundHref: (roundId: string) => string
}) {
  const { trend } = props.view
  if (trend.rounds.length === 0)
    return (
      <p class="notice">
        No round of this survey has closed yet. The trend appears once the first round has closed.
      </p>
    )
  const notes = trend.rounds.filter((r) => r.debrief)
  const numbers = new Map(notes.map((r, i) => [r.roundId, i + 1]))
  const day = (r: Trend['rounds'][number]) => formatDay(r.closedAt ?? r.opensAt)
  const href = (roundId: string) => props.roundHref(roundId) + localeQuery(props.locale)
  return (
    <>
      <ul class="legend" aria-label="Legend">
        {trend.dimensions.map((d, j) => (
          <li>
            <SeriesSwatch index={j} /> <span lang={props.locale}>{d.title}</span>
          </li>
        ))}
        <li class="muted">Whiskers: 95% interval</li>
        {trend.rounds.some((r) => r.dimensions.some((d) => d.beyondNoise)) && (
          <li class="muted">Ring: change beyond noise</li>
        )}
        <li class="muted">Hatched: fewer than k answered, not shown</li>
        {notes.length > 0 && <li class="muted">Flag: debrief note, listed below</li>}
      </ul>
      <div class="chart-wrap">
        {[800, 360].map((width) => (
          <TrendChart
            trend={trend}
            min={props.view.min}
            max={props.view.max}
            debriefNumbers={numbers}
            width={width}
            idPrefix={`trend-${width}`}
          />
        ))}
      </div>
      {notes.length > 0 && (
        <section aria-labelledby="debrief-notes">
          <h3 id="debrief-notes">What the team decided to try</h3>
          <ol class="debrief-notes">
            {notes.map((r) => (
              <li>
                <a href={href(r.roundId)}>After the round of {day(r)}</a>:{' '}
                <span class="debrief-note">{r.debrief}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      <h3 id="trend-numbers">Numbers per round</h3>
      <p class="hint" id="trend-numbers-hint">
        Each dimension: mean [95% interval], and the change from the previous round that showed
        results.
      </p>
      <div class="table-wrap">
        <table
          class="trend-table"
          aria-labelledby="trend-numbers"
          aria-describedby="trend-numbers-hint"
        >
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col" class="num">
                Respondents
              </th>
              {trend.dimensions.map((d, j) => (
                <th scope="col">
                  <SeriesSwatch index={j} /> <span lang={props.locale}>{d.title}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trend.rounds.map((r) => (
              <tr class={r.released ? undefined : 'withheld'}>
                <th scope="row">
                  <a class="nowrap" href={href(r.roundId)}>
                    {day(r)}
                  </a>
                  {numbers.has(r.roundId) && (
                    <span class="muted"> (debrief {numbers.get(r.roundId)})</span>
                  )}
                  {r.facilitatedBy && (
                    <span class="muted"> · facilitated by {r.facilitatedBy}</span>
                  )}
                </th>
                {r.released ? (
                  <>
                    <td class="num">{r.respondents}</td>
                    {trend.dimensions.map((dim) => {
                      const d = r.dimensions.find((x) => x.id === dim.id)
                      return d ? (
                        <td>
                          <span class="nowrap">
                            {formatMean(d.mean)} [{formatInterval(d.low, d.high)}]
                          </span>
                          <br />
                          <ChangeText d={d} />
                        </td>
                      ) : (
                        <td class="muted">not shown</td>
                      )
                    })}
                  </>
                ) : (
                  <td colspan={trend.dimensions.length + 1}>
                    fewer than {r.k} answered — not shown
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

/** Picks which of the team's surveys the trend shows; a plain GET form that works without script. */
export function SurveyPicker(props: { view: TrendView; action: string; locale: ReportLocale }) {
  if (props.view.surveys.length < 2) return null
  return (
    <form method="get" action={props.action} class="actions">
      {props.locale !== 'en' && <input type="hidden" name="locale" value={props.locale} />}
      <label for="f-survey">Survey</label>
      <select id="f-survey" name="survey">
        {props.view.surveys.map((s) => (
          <option value={s.id} selected={s.id === props.view.trend.surveyId}>
            {s.title}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary">
        Show
      </button>
    </form>
  )
}
