import { formatInterval, formatMean } from './numbers'

/** Tick values for a scale axis: every point of a short scale, about six on a long one. */
export function scaleTicks(min: number, max: number): number[] {
  const span = max - min
  const step = span <= 10 ? 1 : Math.ceil(span / 6)
  const ticks: number[] = []
  for (let v = min; v <= max; v += step) ticks.push(v)
  if (ticks.at(-1) !== max) ticks.push(max)
  return ticks
}

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x))

/**
 * A mean with its 95% interval on the scale's own axis (min..max): a point and a whisker.
 * Whiskers that reach past the scale are cut at its end and drawn open there.
 */
export function IntervalChart(props: {
  mean: number
  low: number
  high: number
  min: number
  max: number
  label: string
}) {
  const { min, max } = props
  const width = 320
  const left = 14
  const right = width - 14
  const x = (v: number) => left + ((clamp(v, min, max) - min) / (max - min || 1)) * (right - left)
  const y = 16
  const lowCut = props.low < min
  const highCut = props.high > max
  return (
    <svg
      class="interval"
      viewBox={`0 0 ${width} 44`}
      width="100%"
      role="img"
      aria-label={`${props.label}: mean ${formatMean(props.mean)}, 95% interval ${formatInterval(props.low, props.high)}, on a scale from ${min} to ${max}`}
    >
      <line x1={left} x2={right} y1={y} y2={y} stroke="#c9d0d8" stroke-width="2" />
      {scaleTicks(min, max).map((v) => (
        <>
          <line x1={x(v)} x2={x(v)} y1={y - 5} y2={y + 5} stroke="#6b7685" stroke-width="1" />
          <text x={x(v)} y="40" text-anchor="middle" font-size="12" fill="#4a5260">
            {v}
          </text>
        </>
      ))}
      <line x1={x(props.low)} x2={x(props.high)} y1={y} y2={y} stroke="#1d4ed8" stroke-width="3" />
      {!lowCut && (
        <line
          x1={x(props.low)}
          x2={x(props.low)}
          y1={y - 7}
          y2={y + 7}
          stroke="#1d4ed8"
          stroke-width="3"
        />
      )}
      {!highCut && (
        <line
          x1={x(props.high)}
          x2={x(props.high)}
          y1={y - 7}
          y2={y + 7}
          stroke="#1d4ed8"
          stroke-width="3"
        />
      )}
      <circle cx={x(props.mean)} cy={y} r="6" fill="#1d4ed8" stroke="#fff" stroke-width="2" />
    </svg>
  )
}

/**
 * How many people chose each point of a scale, as horizontal bars with the counts beside them
 * as text. The bars are decoration for the numbers in the same row, so screen readers skip them.
 */
export function DistributionTable(props: {
  caption: string
  n: number
  distribution: { value: number; label: string; count: number }[]
}) {
  return (
    <table class="dist">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead class="visually-hidden">
        <tr>
          <th scope="col">Answer</th>
          <th scope="col">Share</th>
          <th scope="col">People</th>
        </tr>
      </thead>
      <tbody>
        {props.distribution.map((d) => (
          <tr>
            <th scope="row">
              {d.label} <span class="muted">({d.value})</span>
            </th>
            <td class="bar">
              <svg
                viewBox="0 0 100 12"
                preserveAspectRatio="none"
                width="100%"
                height="12"
                aria-hidden="true"
                focusable="false"
              >
                <rect x="0" y="0" width="100" height="12" fill="#eef1f4" />
                <rect
                  x="0"
                  y="0"
                  width={props.n > 0 ? (100 * d.count) / props.n : 0}
                  height="12"
                  fill="#1d4ed8"
                />
              </svg>
            </td>
            <td class="num">{d.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
