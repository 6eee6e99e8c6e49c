import type { CellStatus, Heatmap, HeatmapCell, Score } from '../domain/heatmap'
import { MESSAGES } from '../messages'
import type { ReportLocale } from './numbers'

/**
 * A campaign's heatmap: one proper table (row headers, column headers with their sort state, a
 * caption), so screen readers get the same numbers as the colours. Withheld cells carry no number
 * anywhere, not even in an attribute: they say why in words and look different from each other.
 */

/** ColorBrewer PuOr, 6 classes: orange below the favourable cut, purple from it (colour-blind safe). */
export const TONE_STEPS = [
  { fill: '#b35806', text: '#fff' },
  { fill: '#f1a340', text: '#1b1f24' },
  { fill: '#fee0b6', text: '#1b1f24' },
  { fill: '#d8daeb', text: '#1b1f24' },
  { fill: '#998ec3', text: '#1b1f24' },
  { fill: '#542788', text: '#fff' },
] as const

export type HeatmapScale = Heatmap['scale']

/**
 * Where a mean counts as favourable: a person's score is favourable when the scale point nearest
 * it (halves up) is at or above `favourableFrom`, so a mean from half a point below it on.
 */
export const favourableCut = (scale: HeatmapScale) =>
  Math.max(scale.min, Math.min(scale.max, scale.favourableFrom - 0.5))

/** The steps' bounds: three equal steps from the minimum to the cut, three from it to the maximum. */
export function toneBounds(scale: HeatmapScale): [number, number][] {
  const cut = favourableCut(scale)
  const below = (cut - scale.min) / 3
  const above = (scale.max - cut) / 3
  return [0, 1, 2, 3, 4, 5].map((i) =>
    i < 3
      ? [scale.min + below * i, scale.min + below * (i + 1)]
      : [cut + above * (i - 3), cut + above * (i - 2)],
  )
}

/** The step (0–5) of a mean: 0–2 below the favourable cut, 3–5 from it on. */
export function toneStep(mean: number, scale: HeatmapScale): number {
  const bounds = toneBounds(scale)
  const cut = favourableCut(scale)
  if (mean < cut) return mean < bounds[1]![0] ? 0 : mean < bounds[2]![0] ? 1 : 2
  return mean < bounds[4]![0] ? 3 : mean < bounds[5]![0] ? 4 : 5
}

/** Columns one can sort by: the name, respondents, response rate, or a dimension's id. */
export type SortColumn = string
export type SortDir = 'asc' | 'desc'

/** Whether `column` names a column of this heatmap. */
export const isSortColumn = (
  column: string | undefined,
  dimensions: readonly { id: string }[],
): column is string =>
  !!column && ['name', 'respondents', 'rate', ...dimensions.map((d) => d.id)].includes(column)

/** The value a cell sorts by in a column; null (withheld, or no score) sorts last either way. Names
 * are shown for withheld cells too, so by name everything sorts alphabetically. */
function sortValue(cell: HeatmapCell, column: SortColumn): number | string | null {
  if (column === 'name') return cell.name.toLocaleLowerCase()
  if (column === 'respondents') return cell.respondents
  if (column === 'rate') return cell.responseRate
  return cell.scores.find((s) => s.dimension === column)?.mean ?? null
}

/**
 * The cells sorted by a column (stable: ties keep the hierarchy order); without a known column,
 * the hierarchy order as the ledger stored it. Withheld cells and missing scores go last.
 */
export function sortCells(
  cells: readonly HeatmapCell[],
  dimensions: readonly { id: string }[],
  column: string | undefined,
  dir: SortDir,
): HeatmapCell[] {
  if (!isSortColumn(column, dimensions)) return [...cells]
  const sign = dir === 'desc' ? -1 : 1
  return cells
    .map((cell, i) => ({ cell, i, v: sortValue(cell, column) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1
      const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0
      return c === 0 ? a.i - b.i : sign * c
    })
    .map((x) => x.cell)
}

/** A number as the page's language writes it: 4.21 or 4,21. */
export const localNumber = (x: number, locale: ReportLocale, digits = 2) =>
  x.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })

/** A percentage: 70% or 70 %. */
export const localPercent = (x: number, locale: ReportLocale) =>
  `${localNumber(x, locale, 0)}${locale === 'de' ? '\u00a0%' : '%'}`

/** One published score: the mean, coloured, linking to the cell's report; interval on hover/focus. */
function ScoreCell(props: {
  score: Score
  scale: HeatmapScale
  href: string
  locale: ReportLocale
}) {
  const { score, locale } = props
  const m = MESSAGES[locale]
  const tip = m.heatmap_tip({
    low: localNumber(score.low, locale),
    high: localNumber(score.high, locale),
    favourable: localPercent(score.favourablePercent, locale),
  })
  return (
    <td class={`score tone-${toneStep(score.mean, props.scale)}`}>
      <a href={props.href}>
        <span class="mean">{localNumber(score.mean, locale)}</span>
        <span class="tip">{tip}</span>
      </a>
    </td>
  )
}

export interface HeatmapTableProps {
  map: Heatmap
  locale: ReportLocale
  sort?: string | undefined
  dir: SortDir
  /** The page's address without sort parameters, e.g. /campaigns/abc. */
  self: string
}

/** The heatmap as a table in its own labelled, focusable scroll region. */
export function HeatmapTable(props: HeatmapTableProps) {
  const { map, locale } = props
  const m = MESSAGES[locale]
  const sorted = sortCells(map.cells, map.dimensions, props.sort, props.dir)
  const lang = locale === 'en' ? '' : `&locale=${locale}`
  const cellHref = (id: string, anchor = '') =>
    `/campaigns/${map.campaign.id}/cells/${id}${locale === 'en' ? '' : `?locale=${locale}`}${anchor}`
  const header = (column: string, title: string, kind: 'num' | 'dim' | undefined) => {
    const active = props.sort === column
    const next: SortDir = active && props.dir === 'asc' ? 'desc' : 'asc'
    return (
      <th
        scope="col"
        class={kind}
        aria-sort={active ? (props.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      >
        <a href={`${props.self}?sort=${encodeURIComponent(column)}&dir=${next}${lang}#heatmap`}>
          {title}
          {active && <span aria-hidden="true">{props.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
        </a>
      </th>
    )
  }
  const isSorted = isSortColumn(props.sort, map.dimensions)
  return (
    <>
      {isSorted && (
        <p>
          <a href={`${props.self}${locale === 'en' ? '' : `?locale=${locale}`}#heatmap`}>
            {m.heatmap_sort_hierarchy({})}
          </a>
        </p>
      )}
      <div
        class="table-wrap heatmap-wrap"
        role="region"
        aria-labelledby="heatmap-caption"
        tabindex={0}
      >
        <table class="heatmap">
          <caption id="heatmap-caption">
            {m.heatmap_caption({ min: map.scale.min, max: map.scale.max })}
          </caption>
          <thead>
            <tr>
              {header('name', m.heatmap_col_cell({}), undefined)}
              {header('respondents', m.heatmap_col_respondents({}), 'num')}
              {header('rate', m.heatmap_col_rate({}), 'num')}
              {map.dimensions.map((d) => header(d.id, d.title, 'dim'))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((cell) => (
              <tr class={cell.kind === 'group' ? 'group' : 'team'}>
                <th scope="row" class={isSorted ? 'depth-0' : `depth-${Math.min(cell.depth, 10)}`}>
                  <a href={cellHref(cell.id)}>{cell.name}</a>
                  <span class="visually-hidden">
                    {` (${cell.kind === 'group' ? m.heatmap_group({}) : m.heatmap_team({})})`}
                  </span>
                </th>
                {cell.status === 'published' ? (
                  <>
                    <td class="num">
                      {cell.respondents === null ? '–' : String(cell.respondents)}
                    </td>
                    <td class="num">
                      {cell.responseRate === null ? '–' : localPercent(cell.responseRate, locale)}
                    </td>
                    {map.dimensions.map((d) => {
                      const score = cell.scores.find((s) => s.dimension === d.id)
                      return score ? (
                        <ScoreCell
                          score={score}
                          scale={map.scale}
                          href={cellHref(cell.id, `#dimensions`)}
                          locale={locale}
                        />
                      ) : (
                        <td class="score none">
                          <span aria-hidden="true">–</span>
                          <span class="visually-hidden">{m.heatmap_no_score({})}</span>
                        </td>
                      )
                    })}
                  </>
                ) : (
                  <WithheldRow
                    status={cell.status}
                    span={map.dimensions.length + 2}
                    locale={locale}
                  />
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

/** A withheld row: one cell across the columns says why, with its mark; none holds a number. */
function WithheldRow(props: {
  status: Exclude<CellStatus, 'published'>
  span: number
  locale: ReportLocale
}) {
  const m = MESSAGES[props.locale]
  const fewer = props.status === 'fewer_than_k'
  return (
    <td colspan={props.span} class={`withheld ${fewer ? 'fewer' : 'protects'}`}>
      <span class="mark" aria-hidden="true">
        {fewer ? m.heatmap_fewer_short({}) : m.heatmap_protects_short({})}
      </span>{' '}
      {fewer ? m.heatmap_fewer_long({}) : m.heatmap_protects_long({})}
    </td>
  )
}

/** What the colours and marks mean, with every step's range. */
export function HeatmapLegend(props: { scale: HeatmapScale; locale: ReportLocale }) {
  const m = MESSAGES[props.locale]
  const n = (x: number) => localNumber(x, props.locale)
  return (
    <section aria-labelledby="heatmap-legend" class="heatmap-legend">
      <h3 id="heatmap-legend">{m.heatmap_legend({})}</h3>
      <ul class="legend">
        {toneBounds(props.scale).map(([from, to], i) => (
          <li>
            <span class={`swatch tone-${i}`} aria-hidden="true"></span>
            {m.heatmap_legend_step({ from: n(from), to: n(to) })}
          </li>
        ))}
      </ul>
      <p class="hint">{m.heatmap_legend_cut({ cut: n(favourableCut(props.scale)) })}</p>
      <ul class="legend">
        <li>
          <span class="swatch withheld fewer" aria-hidden="true"></span>
          {m.heatmap_legend_fewer({})}
        </li>
        <li>
          <span class="swatch withheld protects" aria-hidden="true"></span>
          {m.heatmap_legend_protects({})}
        </li>
        <li>{m.heatmap_legend_none({})}</li>
      </ul>
    </section>
  )
}
