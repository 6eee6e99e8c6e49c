import type { RoundReport, SharedRoundReport } from '../domain/report'
import type { User } from '../domain/users'
import { DebriefForm, type DebriefState } from './debrief'
import { Page } from './layout'
import { formatDay, formatPercent, localeQuery, type ReportLocale } from './numbers'
import { CommentResults, DimensionResults, ItemResults } from './report-items'
import { linksText } from './round-parts'
import type { GroupBeside } from '../domain/heatmap'
import { GroupBesideSection } from './group-beside'

/** Facilitators get the CSV, the team page and the debrief form; a shared view reads only. */
export type ReportPageProps = {
  teamName: string
  locale: ReportLocale
  user?: User
  csrf?: string
  debrief?: DebriefState
  /** For a campaign's round: its group's scores, where the ledger published both. */
  groupBeside?: GroupBeside | null
} & ({ report: RoundReport; shared?: false } | { report: SharedRoundReport; shared: true })

/** Where a report's links lead, for a facilitator or for the team's shared view. */
function reportLinks(report: RoundReport | SharedRoundReport, shared: boolean) {
  const { id, teamId, surveyId } = report.round
  const survey = `survey=${encodeURIComponent(surveyId)}`
  return shared
    ? { self: `/shared/rounds/${id}`, team: '/shared/team', trend: `/shared/team?${survey}` }
    : {
        self: `/rounds/${id}/report`,
        team: `/teams/${teamId}`,
        trend: `/teams/${teamId}/trend?${survey}`,
        csv: `/api/rounds/${id}/report.csv`,
      }
}

/** One round's report: header, then results only if released, then comments and the debrief. */
export function ReportPage(props: ReportPageProps) {
  const { report, locale, shared = false } = props
  const { round } = report
  const links = reportLinks(report, shared)
  const title = `${round.surveyTitle} — ${props.teamName}`
  return (
    <Page title={title} user={props.user} csrf={props.csrf}>
      <p>
        <a href={links.team}>← {props.teamName}</a>
      </p>
      <h1>
        <span lang={locale}>{round.surveyTitle}</span>
        <span class="muted"> · {props.teamName}</span>
      </h1>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            {round.status === 'closed'
              ? `Closed ${formatDay(round.closedAt)}`
              : round.status === 'open'
                ? `Open until ${formatDay(round.closesAt)}`
                : `Opens ${formatDay(round.opensAt)}`}
          </dd>
        </div>
        <div>
          <dt>k (fewest answers shown)</dt>
          <dd>{round.k}</dd>
        </div>
        {'invited' in round && (
          <div>
            <dt>Links</dt>
            <dd>{linksText(round)}</dd>
          </div>
        )}
        {report.released && (
          <div>
            <dt>Respondents</dt>
            <dd>{report.respondents}</dd>
          </div>
        )}
        {report.released && !props.shared && props.report.responseRate !== null && (
          <div>
            <dt>Response rate</dt>
            <dd>{formatPercent(props.report.responseRate)}</dd>
          </div>
        )}
      </dl>
      <LocaleSwitch path={links.self} locale={locale} />
      <div class="actions">
        {links.csv && report.released && (
          <a class="button secondary" href={links.csv + localeQuery(locale)} download>
            Download report (CSV)
          </a>
        )}
        <a href={links.trend + localeQuery(locale, '&')}>Trend over rounds</a>
        {!shared && <a href={`/rounds/${round.id}`}>Round details</a>}
        {!shared && <a href={links.team}>Back to the team</a>}
      </div>
      {report.released ? (
        <>
          <p>{report.message}</p>
          <DimensionResults report={report} locale={locale} />
          {props.groupBeside && (
            <GroupBesideSection
              beside={props.groupBeside}
              dimensions={report.dimensions}
              locale={locale}
            />
          )}
          <ItemResults report={report} locale={locale} />
          {props.shared ? (
            <p class="hint">
              Comments are shown only to the team’s facilitators: that is what people were told when
              they answered.
            </p>
          ) : (
            <CommentResults report={props.report} locale={locale} />
          )}
        </>
      ) : (
        <p
          class={round.status === 'closed' && !round.releasing ? 'notice warn' : 'notice'}
          role={round.releasing ? 'status' : undefined}
        >
          {report.message}
        </p>
      )}
      {props.shared ? (
        round.debrief && (
          <section aria-labelledby="debrief">
            <h2 id="debrief">What the team will try next</h2>
            <p class="debrief-note">{round.debrief}</p>
          </section>
        )
      ) : (
        <DebriefForm
          report={props.report}
          locale={locale}
          csrf={props.csrf ?? ''}
          state={props.debrief ?? {}}
        />
      )}
    </Page>
  )
}

/** Links to read the survey texts in another language; the page itself stays in English. */
export function LocaleSwitch({ path, locale }: { path: string; locale: ReportLocale }) {
  const sep = path.includes('?') ? '&' : '?'
  return (
    <p class="locale-switch">
      Survey texts in:{' '}
      {locale === 'en' ? (
        <strong aria-current="true">English</strong>
      ) : (
        <a href={path} hreflang="en" lang="en">
          English
        </a>
      )}{' '}
      ·{' '}
      {locale === 'de' ? (
        <strong aria-current="true">Deutsch</strong>
      ) : (
        <a href={`${path}${sep}locale=de`} hreflang="de" lang="de">
          Deutsch
        </a>
      )}
    </p>
  )
}
