import type { CellStatus, GroupTrend } from '../domain/heatmap'
import type { User } from '../domain/users'
import { MESSAGES } from '../messages'
import { scaleTicks } from './bars'
import { localNumber } from './heatmap'
import { Page } from './layout'
import type { ReportLocale } from './numbers'
import { HatchPattern, ScaleGrid, SeriesLine, SeriesSwatch } from './series'

/** A date in the page's language: "9 Mar 2026" or "9. März 2026". */
export const localDay = (iso: string, locale: ReportLocale) =>
  new Date(iso).toLocaleDateString(locale === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })

/** Why a cell was withheld, in words (no number). */
export const withheldWords = (status: CellStatus, locale: ReportLocale) =>
  status === 'fewer_than_k'
    ? MESSAGES[locale].heatmap_fewer_long({})
    : MESSAGES[locale].heatmap_protects_long({})

const W = 800
const TOP = 16
const LEFT = 40
const RIGHT = 14
const PLOT_H = 220
const H = TOP + PLOT_H + 40

/**
 * A group's dimension scores over campaigns: a line per dimension with 95% interval whiskers; a
 * withheld campaign is a gap, hatched (fewer than k) or outlined with dots (protects a smaller
 * group), as on the heatmap. Decoration for the table below, which has every number.
 */
function GroupTrendChart(props: {
  trend: GroupTrend
  min: number
  max: number
  locale: ReportLocale
}) {
  const { trend, min, max } = props
  const m = MESSAGES[props.locale]
  const n = trend.points.length
  const slot = (W - LEFT - RIGHT) / Math.max(n, 1)
  const bottom = TOP + PLOT_H
  const cx = (i: number) => LEFT + slot * (i + 0.5)
  const y = (v: number) =>
    bottom - ((Math.min(max, Math.max(min, v)) - min) / (max - min || 1)) * PLOT_H
  const dims = trend.dimensions
  const dodge = Math.min(7, (slot * 0.6) / Math.max(dims.length, 1))
  const offset = (j: number) => (j - (dims.length - 1) / 2) * dodge
  const withheld = trend.points.filter((p) => p.status !== 'published').length
  // Dates of the latest campaigns first, every few when they would not fit side by side.
  const every = Math.max(1, Math.ceil(n / Math.floor((W - LEFT - RIGHT) / 100)))
  return (
    <svg
      class="chart group-trend-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby="gt-title gt-desc"
    >
      <title id="gt-title">{m.group_trend_chart({})}</title>
      <desc id="gt-desc">
        {m.group_trend_desc({ dimensions: dims.length, campaigns: n, min, max, withheld })}
      </desc>
      <HatchPattern id="gt-hatch" stroke="#6b7685" />
      <ScaleGrid ticks={scaleTicks(min, max)} min={min} y={y} left={LEFT} right={W - RIGHT} />
      {trend.points.map((p, i) => (
        <>
          {p.status === 'fewer_than_k' && (
            <rect
              x={cx(i) - slot * 0.4}
              y={TOP}
              width={slot * 0.8}
              height={PLOT_H}
              fill="url(#gt-hatch)"
            />
          )}
          {p.status === 'protects_smaller' && (
            <rect
              x={cx(i) - slot * 0.4}
              y={TOP}
              width={slot * 0.8}
              height={PLOT_H}
              fill="#fff"
              stroke="#4a5260"
              stroke-width="2"
              stroke-dasharray="2 4"
            />
          )}
          {(n - 1 - i) % every === 0 && (
            <text x={cx(i)} y={bottom + 22} text-anchor="middle" font-size="13" fill="#1b1f24">
              {localDay(p.closedOn, props.locale)}
            </text>
          )}
        </>
      ))}
      {dims.map((dim, j) => (
        <SeriesLine
          index={j}
          y={y}
          points={trend.points.map((p, i) => {
            const s = p.scores.find((x) => x.dimension === dim.id)
            return s && { x: cx(i) + offset(j), ...s }
          })}
        />
      ))}
    </svg>
  )
}

/** /groups/{id}/trend: the chart, its legend and every number in a table. */
export function GroupTrendPage(props: {
  trend: GroupTrend
  scale: { min: number; max: number } | null
  locale: ReportLocale
  user: User
  csrf: string
}) {
  const { trend, locale } = props
  const m = MESSAGES[locale]
  const n = (x: number) => localNumber(x, locale)
  const title = m.group_trend_title({ group: trend.name })
  return (
    <Page title={title} lang={locale} user={props.user} csrf={props.csrf}>
      <p>
        <a href={`/campaigns${locale === 'en' ? '' : `?locale=${locale}`}`}>
          ← {m.campaign_all({})}
        </a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{m.group_trend_intro({})}</p>
      {trend.points.length === 0 || !props.scale ? (
        <p class="notice">{m.group_trend_empty({})}</p>
      ) : (
        <>
          <ul class="legend" aria-label={m.heatmap_legend({})}>
            {trend.dimensions.map((d, j) => (
              <li>
                <SeriesSwatch index={j} /> {d.title}
              </li>
            ))}
            <li class="muted">{m.group_trend_whiskers({})}</li>
            <li class="muted">
              <span class="swatch withheld fewer" aria-hidden="true"></span>
              {m.heatmap_legend_fewer({})}
            </li>
            <li class="muted">
              <span class="swatch withheld protects" aria-hidden="true"></span>
              {m.heatmap_legend_protects({})}
            </li>
          </ul>
          <div class="chart-wrap">
            <GroupTrendChart
              trend={trend}
              min={props.scale.min}
              max={props.scale.max}
              locale={locale}
            />
          </div>
          <h2 id="group-trend-numbers">{m.group_trend_numbers({})}</h2>
          <p class="hint" id="group-trend-hint">
            {m.group_trend_numbers_hint({})}
          </p>
          <div class="table-wrap" role="region" aria-labelledby="group-trend-numbers" tabindex={0}>
            <table
              class="trend-table"
              aria-labelledby="group-trend-numbers"
              aria-describedby="group-trend-hint"
            >
              <thead>
                <tr>
                  <th scope="col">{m.group_trend_col_campaign({})}</th>
                  <th scope="col">{m.group_trend_col_closed({})}</th>
                  <th scope="col" class="num">
                    {m.heatmap_col_respondents({})}
                  </th>
                  {trend.dimensions.map((d, j) => (
                    <th scope="col">
                      <SeriesSwatch index={j} /> {d.title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {trend.points.map((p) => (
                  <tr>
                    <th scope="row">
                      <a
                        href={`/campaigns/${p.campaignId}${locale === 'en' ? '' : `?locale=${locale}`}`}
                      >
                        {p.campaignName}
                      </a>
                    </th>
                    <td class="nowrap">{localDay(p.closedOn, locale)}</td>
                    {p.status === 'published' ? (
                      <>
                        <td class="num">{p.respondents ?? '–'}</td>
                        {trend.dimensions.map((d) => {
                          const s = p.scores.find((x) => x.dimension === d.id)
                          return s ? (
                            <td class="nowrap">
                              {n(s.mean)} [{n(s.low)}–{n(s.high)}]
                            </td>
                          ) : (
                            <td class="muted">{m.heatmap_no_score({})}</td>
                          )
                        })}
                      </>
                    ) : (
                      <td
                        colspan={trend.dimensions.length + 1}
                        class={`withheld ${p.status === 'fewer_than_k' ? 'fewer' : 'protects'}`}
                      >
                        <span class="mark" aria-hidden="true">
                          {p.status === 'fewer_than_k'
                            ? m.heatmap_fewer_short({})
                            : m.heatmap_protects_short({})}
                        </span>{' '}
                        {withheldWords(p.status, locale)}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  )
}
