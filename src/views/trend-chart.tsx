import type { Trend } from '../domain/report'
import { scaleTicks } from './bars'
import { formatChange, formatDay } from './numbers'
import { HatchPattern, ScaleGrid, SeriesLine, seriesOf } from './series'
import { BeyondNoiseMark, DebriefFlag, FLAG_ROW, placeFlags, WithheldLabel } from './trend-marks'

export interface TrendChartProps {
  trend: Trend
  /** The survey's scale range, the y axis. */
  min: number
  max: number
  /** Numbers of rounds with a debrief note, listed under the chart. */
  debriefNumbers: Map<string, number>
  idPrefix?: string
  /** Width in chart units: 800 for wide screens; a narrow one keeps text legible on phones. */
  width?: number
}

const TOP = 18
const LEFT = 40
const RIGHT = 14
const PLOT_H = 220
/** Under the plot: dates, years, then the first row of debrief flags. */
const BELOW = 78

/** Each change beyond noise in words, for the chart's description and its rings' tooltips. */
function beyondNoiseChanges(trend: Trend) {
  const titles = new Map(trend.dimensions.map((d) => [d.id, d.title]))
  return trend.rounds.flatMap((round) =>
    round.dimensions
      .filter((d) => d.beyondNoise && d.change !== null)
      .map(
        (d) =>
          `${titles.get(d.id) ?? d.id}, ${formatDay(round.closedAt ?? round.opensAt)}: ${formatChange(d.change!)}, beyond noise`,
      ),
  )
}

/**
 * Dimension scores over closed rounds: a line per dimension with points and 95% interval
 * whiskers, rings around changes beyond noise, gaps where a round was withheld, flags under
 * rounds with a debrief note.
 */
export function TrendChart(props: TrendChartProps) {
  const { trend, min, max } = props
  const id = props.idPrefix ?? 'trend'
  const W = props.width ?? 800
  const n = trend.rounds.length
  const plotW = W - LEFT - RIGHT
  const slot = plotW / Math.max(n, 1)
  const bottom = TOP + PLOT_H
  const cx = (i: number) => LEFT + slot * (i + 0.5)
  const y = (v: number) =>
    bottom - ((Math.min(max, Math.max(min, v)) - min) / (max - min || 1)) * PLOT_H
  const dims = trend.dimensions
  const dodge = Math.min(7, (slot * 0.6) / Math.max(dims.length, 1))
  const offset = (j: number) => (j - (dims.length - 1) / 2) * dodge
  const every = Math.max(1, Math.ceil(n / Math.floor(plotW / 64)))
  const labelled = trend.rounds.map((_, i) => (n - 1 - i) % every === 0)
  let lastYear = ''
  const flagged = trend.rounds.flatMap((round, i) => {
    const number = props.debriefNumbers.get(round.roundId)
    return number === undefined ? [] : [{ roundId: round.roundId, x: cx(i), number }]
  })
  const places = placeFlags(flagged, W)
  const flagRows = Math.max(1, ...places.map((p) => p.row + 1))
  const H = TOP + PLOT_H + BELOW + (flagRows - 1) * FLAG_ROW
  const changes = beyondNoiseChanges(trend)
  return (
    <svg
      class={`chart trend-chart ${W < 480 ? 'compact' : 'wide'}`}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>Dimension scores over rounds</title>
      <desc id={`${id}-desc`}>
        {`${dims.length} dimensions over ${n} closed rounds, on a scale from ${min} to ${max}. ${
          changes.length
            ? `Ringed, the changes beyond noise: ${changes.join('; ')}.`
            : 'No change is beyond noise.'
        } The table below gives every number.`}
      </desc>
      <HatchPattern id={`${id}-hatch`} stroke="#9aa4b1" />
      <ScaleGrid ticks={scaleTicks(min, max)} min={min} y={y} left={LEFT} right={W - RIGHT} />
      {trend.rounds.map((round, i) => {
        const day = formatDay(round.closedAt ?? round.opensAt)
        const [d = '', m = '', year = ''] = day.split(' ')
        const showYear = labelled[i] && year !== lastYear
        if (labelled[i]) lastYear = year
        // Kept inside the chart: the last round's date would hang past the right edge on a phone.
        const lx = (text: string, size: number) =>
          Math.min(cx(i), W - 2 - text.length * size * 0.31)
        return (
          <>
            {!round.released && (
              <>
                <rect
                  x={cx(i) - slot * 0.4}
                  y={TOP}
                  width={slot * 0.8}
                  height={PLOT_H}
                  fill={`url(#${id}-hatch)`}
                />
                <WithheldLabel x={cx(i)} top={TOP} slot={slot} k={round.k} />
              </>
            )}
            <line x1={cx(i)} x2={cx(i)} y1={bottom} y2={bottom + 5} stroke="#6b7685" />
            {labelled[i] && (
              <text
                x={lx(`${d} ${m}`, 13)}
                y={bottom + 20}
                text-anchor="middle"
                font-size="13"
                fill="#1b1f24"
              >
                {`${d} ${m}`}
              </text>
            )}
            {showYear && (
              <text
                x={lx(year, 12)}
                y={bottom + 36}
                text-anchor="middle"
                font-size="12"
                fill="#4a5260"
              >
                {year}
              </text>
            )}
          </>
        )
      })}
      {flagged.map((flag, f) => (
        <DebriefFlag
          x={flag.x}
          top={bottom + 46 + places[f]!.row * FLAG_ROW}
          number={flag.number}
          {...places[f]!}
        />
      ))}
      {dims.map((dim, j) => (
        <SeriesLine
          index={j}
          y={y}
          points={trend.rounds.map((round, i) => {
            const value = round.dimensions.find((d) => d.id === dim.id)
            return value && { x: cx(i) + offset(j), ...value }
          })}
          mark={(p) =>
            p.beyondNoise &&
            p.change !== null && (
              <BeyondNoiseMark
                x={p.x}
                y={y(p.mean)}
                colour={seriesOf(j).colour}
                label={`${dim.title}: ${formatChange(p.change)}, beyond noise`}
              />
            )
          }
        />
      ))}
    </svg>
  )
}
