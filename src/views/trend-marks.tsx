// Marks drawn on the trend chart besides its lines: debrief flags, "fewer than k" labels and
// rings around changes beyond noise. Each is laid out so that nothing collides or is cut off at
// the chart's edges, down to a 320 px wide phone.

/** Roughly how wide a text is in chart units: bold digits and symbols at `size`. */
const textWidth = (text: string, size: number) => text.length * size * 0.62

/** Where a debrief flag goes: its row under the axis and the side its number is written on. */
export interface FlagPlace {
  row: number
  side: 'right' | 'left'
}

/**
 * Places debrief flags (pole at `x`, pennant and number beside it) in rows, greedily: each flag
 * takes the first row where it clears the previous flag in that row, so numbers never overlap
 * however close the rounds; a flag that would run past the chart's right edge turns left.
 */
export function placeFlags(
  flags: readonly { x: number; number: number }[],
  width: number,
): FlagPlace[] {
  const rowEnds: number[] = []
  return flags.map(({ x, number }) => {
    const span = 20 + textWidth(String(number), 12)
    const side = x + span > width - 2 ? 'left' : 'right'
    const [from, to] = side === 'right' ? [x - 2, x + span] : [x - span, x + 2]
    let row = rowEnds.findIndex((end) => end + 3 < from)
    if (row < 0) row = rowEnds.length
    rowEnds[row] = to
    return { row, side }
  })
}

/** Height of one row of debrief flags. */
export const FLAG_ROW = 24

/** A flag on a pole with the debrief note's number beside it; `top` is where the pole starts. */
export function DebriefFlag(props: { x: number; top: number; number: number } & FlagPlace) {
  const { x, top } = props
  const right = props.side === 'right'
  const pennant = right
    ? `M${x} ${top} h14 l-4 5 l4 5 h-14 z`
    : `M${x} ${top} h-14 l4 5 l-4 5 h14 z`
  return (
    <g>
      <line x1={x} x2={x} y1={top} y2={top + 20} stroke="#1b1f24" stroke-width="1.5" />
      <path d={pennant} fill="#8a5a00" />
      <text
        x={right ? x + 17 : x - 17}
        y={top + 19}
        text-anchor={right ? 'start' : 'end'}
        font-size="12"
        font-weight="700"
        fill="#1b1f24"
      >
        {props.number}
      </text>
    </g>
  )
}

/**
 * "< k" over a withheld round's hatched column: across when it fits the column, upright when the
 * column is narrower, left out (the hatching, the legend and the table say it) when even that
 * would spill into the neighbours.
 */
export function WithheldLabel(props: { x: number; top: number; slot: number; k: number }) {
  const text = `< ${props.k}`
  const common = { 'text-anchor': 'middle', 'font-size': '13', 'font-weight': '600' }
  if (textWidth(text, 13) <= props.slot * 0.9)
    return (
      <text x={props.x} y={props.top + 16} fill="#1b1f24" {...common}>
        {text}
      </text>
    )
  if (props.slot < 15) return null
  const y = props.top + 8 + textWidth(text, 13) / 2
  return (
    <text
      x={props.x + 4.5}
      y={y}
      transform={`rotate(-90 ${props.x + 4.5} ${y})`}
      fill="#1b1f24"
      {...common}
    >
      {text}
    </text>
  )
}

/**
 * A ring around a point whose change from the previous released round is beyond noise, with the
 * change as its tooltip; the chart's description and the table say the same in words.
 */
export function BeyondNoiseMark(props: { x: number; y: number; colour: string; label: string }) {
  return (
    <g class="beyond-noise">
      <title>{props.label}</title>
      <circle cx={props.x} cy={props.y} r="10" fill="none" stroke={props.colour} stroke-width="2" />
    </g>
  )
}
