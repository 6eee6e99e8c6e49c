import type { CellReport, CellStatus } from '../domain/heatmap'
import { MESSAGES } from '../messages'
import { withheldWords } from './group-trend'
import { localPercent } from './heatmap'
import { Page } from './layout'
import type { ReportLocale } from './numbers'
import { DimensionResults, ItemResults } from './report-items'
import type { User } from '../domain/users'

/** `?locale=de` for the German page; nothing for English. */
const lq = (locale: ReportLocale) => (locale === 'en' ? '' : `?locale=${locale}`)

const cellStatusWord = (status: CellStatus, locale: ReportLocale) =>
  status === 'published' ? MESSAGES[locale].cell_published({}) : withheldWords(status, locale)

/** /campaigns/{id}/cells/{cellId}: one group's or team's report in a campaign, and its children. */
export function CellPage(props: {
  user: User
  csrf: string
  locale: ReportLocale
  report: CellReport
  parentName?: string | undefined
}) {
  const { report, locale } = props
  const { campaign: c, cell } = report
  const m = MESSAGES[locale]
  const title = `${cell.name} · ${c.name}`
  const trendOf = cell.kind === 'group' ? cell.id : cell.parentId
  return (
    <Page title={title} lang={locale} user={props.user} csrf={props.csrf}>
      <p>
        <a href={`/campaigns/${c.id}${lq(locale)}#heatmap`}>← {m.cell_back({})}</a>
      </p>
      <h1>
        {cell.name}
        <span class="muted"> · {c.name}</span>
      </h1>
      <dl class="facts">
        <div>
          <dt>{m.cell_kind({})}</dt>
          <dd>{cell.kind === 'group' ? m.heatmap_group({}) : m.heatmap_team({})}</dd>
        </div>
        <div>
          <dt>{m.cell_status({})}</dt>
          <dd>{cellStatusWord(cell.status, locale)}</dd>
        </div>
        {cell.status === 'published' && cell.respondents !== null && (
          <div>
            <dt>{m.heatmap_col_respondents({})}</dt>
            <dd>{cell.respondents}</dd>
          </div>
        )}
        {cell.status === 'published' && cell.responseRate !== null && (
          <div>
            <dt>{m.heatmap_col_rate({})}</dt>
            <dd>{localPercent(cell.responseRate, locale)}</dd>
          </div>
        )}
      </dl>
      <div class="actions">
        {props.parentName && cell.parentId && (
          <a href={`/campaigns/${c.id}/cells/${cell.parentId}${lq(locale)}`}>
            {m.cell_parent({ name: props.parentName })}
          </a>
        )}
        {trendOf && (
          <a href={`/groups/${trendOf}/trend${lq(locale)}`}>
            {m.campaign_group_trend({
              group: cell.kind === 'group' ? cell.name : (props.parentName ?? ''),
            })}
          </a>
        )}
      </div>
      {cell.status === 'published' ? (
        <div lang="en">
          <DimensionResults report={report} locale={locale} />
          <ItemResults report={report} locale={locale} />
        </div>
      ) : (
        <p class="notice warn">
          {cell.status === 'fewer_than_k'
            ? MESSAGES[locale].round_withheld({ k: 'k' })
            : MESSAGES[locale].round_protects_smaller({ k: 'k' })}
        </p>
      )}
      {report.children.length > 0 && (
        <section aria-labelledby="children">
          <h2 id="children">{m.cell_children({})}</h2>
          <ul>
            {report.children.map((child) => (
              <li>
                <a href={`/campaigns/${c.id}/cells/${child.id}${lq(locale)}`}>{child.name}</a>{' '}
                <span class="muted">
                  ({child.kind === 'group' ? m.heatmap_group({}) : m.heatmap_team({})}) —{' '}
                  {cellStatusWord(child.status, locale)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  )
}
