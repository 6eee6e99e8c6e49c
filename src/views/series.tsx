export type Shape =
  'circle' | 'square' | 'triangle' | 'diamond' | 'down' | 'star' | 'hexagon' | 'bar'

/**
 * One look per dimension: colour, dash pattern and point shape all differ, so lines stay apart
 * in greyscale and for colour-blind readers. Colours keep 3:1 contrast against white.
 */
export const SERIES: { colour: string; dash?: string; shape: Shape }[] = [
  { colour: '#0b5fa5', shape: 'circle' },
  { colour: '#c2410c', dash: '8 4', shape: 'square' },
  { colour: '#047857', dash: '2 4', shape: 'triangle' },
  { colour: '#a21caf', dash: '12 4 3 4', shape: 'diamond' },
  { colour: '#7c5e00', dash: '4 3', shape: 'down' },
  { colour: '#1b1f24', dash: '14 5', shape: 'star' },
  { colour: '#4f46e5', dash: '1 3', shape: 'hexagon' },
  { colour: '#6b7280', dash: '6 2 1 2', shape: 'bar' },
]
export const seriesOf = (index: number) => SERIES[index % SERIES.length]!

function polygon(cx: number, cy: number, r: number, corners: number, turn: number, inner = 1) {
  const points: string[] = []
  const steps = inner === 1 ? corners : corners * 2
  for (let i = 0; i < steps; i++) {
    const radius = inner !== 1 && i % 2 === 1 ? r * inner : r
    const angle = turn + (i * 2 * Math.PI) / steps
    points.push(
      `${(cx + radius * Math.sin(angle)).toFixed(1)},${(cy - radius * Math.cos(angle)).toFixed(1)}`,
    )
  }
  return points.join(' ')
}

/** A data point in the series' shape, with a white rim so it stands out over lines. */
export function Marker(props: { shape: Shape; x: number; y: number; colour: string; r?: number }) {
  const { x, y, colour } = props
  const r = props.r ?? 5
  const common = { fill: colour, stroke: '#fff', 'stroke-width': 1.5 }
  switch (props.shape) {
    case 'circle':
      return <circle cx={x} cy={y} r={r} {...common} />
    case 'square':
      return <rect x={x - r * 0.85} y={y - r * 0.85} width={r * 1.7} height={r * 1.7} {...common} />
    case 'triangle':
      return <polygon points={polygon(x, y + 1, r * 1.2, 3, 0)} {...common} />
    case 'down':
      return <polygon points={polygon(x, y - 1, r * 1.2, 3, Math.PI)} {...common} />
    case 'diamond':
      return <polygon points={polygon(x, y, r * 1.2, 4, 0)} {...common} />
    case 'star':
      return <polygon points={polygon(x, y, r * 1.35, 5, 0, 0.5)} {...common} />
    case 'hexagon':
      return <polygon points={polygon(x, y, r * 1.1, 6, Math.PI / 6)} {...common} />
    case 'bar':
      return <rect x={x - r * 1.2} y={y - r * 0.55} width={r * 2.4} height={r * 1.1} {...common} />
  }
}

/** A small picture of a series' line and point, for the legend and table headers. */
export function SeriesSwatch({ index }: { index: number }) {
  const look = seriesOf(index)
  return (
    <svg
      class="swatch"
      viewBox="0 0 36 14"
      width="36"
      height="14"
      aria-hidden="true"
      focusable="false"
    >
      <line
        x1="1"
        x2="35"
        y1="7"
        y2="7"
        stroke={look.colour}
        stroke-width="2.5"
        stroke-dasharray={look.dash}
      />
      <Marker shape={look.shape} x={18} y={7} colour={look.colour} r={4.5} />
    </svg>
  )
}

/** A point of a dimension's line: where it is drawn, and the mean with its 95% interval. */
export interface SeriesPoint {
  x: number
  mean: number
  low: number
  high: number
}

/**
 * One dimension's line over rounds or campaigns in its series' look: the line through runs of
 * points (a missing point, withheld, breaks it), each point's 95% interval as a capped whisker,
 * and its marker; `mark` adds a sign of its own beside a point.
 */
export function SeriesLine<P extends SeriesPoint>(props: {
  index: number
  points: readonly (P | undefined)[]
  y: (value: number) => number
  mark?: (point: P) => unknown
}) {
  const look = seriesOf(props.index)
  const { y } = props
  const segments: P[][] = [[]]
  for (const p of props.points) {
    if (p) segments.at(-1)!.push(p)
    else if (segments.at(-1)!.length) segments.push([])
  }
  const whisker = (x1: number, x2: number, y1: number, y2: number) => (
    <line x1={x1} x2={x2} y1={y1} y2={y2} stroke={look.colour} stroke-width="1.5" />
  )
  return (
    <g>
      {segments
        .filter((s) => s.length > 1)
        .map((s) => (
          <polyline
            points={s.map((p) => `${p.x.toFixed(1)},${y(p.mean).toFixed(1)}`).join(' ')}
            fill="none"
            stroke={look.colour}
            stroke-width="2.5"
            stroke-dasharray={look.dash}
          />
        ))}
      {props.points.map(
        (p) =>
          p && (
            <>
              {whisker(p.x, p.x, y(p.low), y(p.high))}
              {whisker(p.x - 3, p.x + 3, y(p.low), y(p.low))}
              {whisker(p.x - 3, p.x + 3, y(p.high), y(p.high))}
              <Marker shape={look.shape} x={p.x} y={y(p.mean)} colour={look.colour} />
              {props.mark?.(p)}
            </>
          ),
      )}
    </g>
  )
}

/** The hatching of a withheld stretch of a chart, as `url(#id)`. */
export function HatchPattern(props: { id: string; stroke: string }) {
  return (
    <defs>
      <pattern
        id={props.id}
        width="8"
        height="8"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="8" height="8" fill="#f4f6f8" />
        <line x1="0" y1="0" x2="0" y2="8" stroke={props.stroke} stroke-width="3" />
      </pattern>
    </defs>
  )
}

/** A chart's horizontal scale lines, labelled on the left, from `min` to `max`. */
export function ScaleGrid(props: {
  ticks: readonly number[]
  min: number
  y: (value: number) => number
  left: number
  right: number
}) {
  return (
    <>
      {props.ticks.map((v) => (
        <>
          <line
            x1={props.left}
            x2={props.right}
            y1={props.y(v)}
            y2={props.y(v)}
            stroke={v === props.min ? '#6b7685' : '#e2e6ea'}
            stroke-width="1"
          />
          <text
            x={props.left - 8}
            y={props.y(v) + 4}
            text-anchor="end"
            font-size="13"
            fill="#4a5260"
          >
            {v}
          </text>
        </>
      ))}
    </>
  )
}
