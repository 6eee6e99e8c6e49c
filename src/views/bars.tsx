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

/** A distribution bar's tone: where its answer sits against the favourable cut-off. */
export type Tone = 'unfavourable' | 'neutral' | 'favourable'

/**
 * Colour-blind safe (orange / grey / blue, told apart without red–green) and apart in greyscale
 * too: blue darkest, grey lightest, orange between and striped; the numbers stand beside them.
 */
const TONES: Record<Tone, { fill: string; word: string }> = {
  unfavourable: { fill: '#c2410c', word: 'Unfavourable' },
  neutral: { fill: '#b8c0ca', word: 'Neutral' },
  favourable: { fill: '#1d4ed8', word: 'Favourable' },
}

/** A bar `width` wide (of 100) in its tone; unfavourable ones striped, to read in greyscale. */
function ToneBar({ tone, width, height }: { tone: Tone; width: number; height: number }) {
  const stripes: number[] = []
  if (tone === 'unfavourable') for (let x = 2; x < width - 1; x += 5) stripes.push(x)
  return (
    <>
      <rect x="0" y="0" width={width} height={height} fill={TONES[tone].fill} class={tone} />
      {stripes.map((x) => (
        <rect x={x} y="0" width="1.5" height={height} fill="#fff" fill-opacity="0.55" />
      ))}
    </>
  )
}

/** What the bar colours mean, once above the charts that use them. */
export function ToneLegend() {
  return (
    <ul class="legend tone-legend" aria-label="Bar colours">
      {(Object.keys(TONES) as Tone[]).map((tone) => (
        <li>
          <svg viewBox="0 0 24 12" width="24" height="12" aria-hidden="true" focusable="false">
            <ToneBar tone={tone} width={24} height={12} />
          </svg>
          {TONES[tone].word}
          {tone === 'favourable' && <span class="muted"> (what the favourable % counts)</span>}
        </li>
      ))}
    </ul>
  )
}

/**
 * How many people chose each point of a scale, as horizontal bars coloured by tone with the
 * counts beside them as text. The bars are decoration for the numbers in the same row, so screen
 * readers skip them and hear the tone as a word. Rows go from worst to best as scored: a
 * reverse-worded item's answers are shown flipped, each with the answer as given.
 */
export function DistributionTable(props: {
  caption: string
  n: number
  distribution: { value: number; label: string; count: number; scored: number; tone: Tone }[]
  reverse?: boolean
}) {
  const rows = [...props.distribution].sort((a, b) => a.scored - b.scored)
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
        {rows.map((d) => (
          <tr class={`tone-${d.tone}`}>
            <th scope="row">
              {d.label}{' '}
              <span class="muted">
                {props.reverse ? `(${d.value}, scored ${d.scored})` : `(${d.value})`}
              </span>
              <span class="visually-hidden"> — {TONES[d.tone].word.toLowerCase()}</span>
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
                <ToneBar
                  tone={d.tone}
                  width={props.n > 0 ? (100 * d.count) / props.n : 0}
                  height={12}
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
