import type { User } from '../domain/users'
import { Page } from './layout'
import { localeQuery, type ReportLocale } from './numbers'
import { LocaleSwitch } from './report'
import { SurveyPicker, TrendSection, type TrendView } from './trend'

/** What the trend shows and what it leaves out, in a sentence. */
export const TREND_INTRO =
  'Dimension scores of closed rounds with their 95% intervals. A change is “beyond noise” when it is larger than chance would explain. Rounds where fewer than k people answered show no numbers.'

/** The facilitator's trend of one team and survey. */
export function TrendPage(props: {
  view: TrendView
  teamId: string
  teamName: string
  locale: ReportLocale
  user: User
  csrf: string
}) {
  const { view, teamId, locale } = props
  const survey = view.trend.surveyId ? `?survey=${encodeURIComponent(view.trend.surveyId)}` : ''
  const self = `/teams/${teamId}/trend${survey}`
  return (
    <Page title={`Trend — ${props.teamName}`} user={props.user} csrf={props.csrf}>
      <p>
        <a href={`/teams/${teamId}`}>← {props.teamName}</a>
      </p>
      <h1>
        Trend{view.surveyTitle && ': '}
        <span lang={locale}>{view.surveyTitle}</span>
        <span class="muted"> · {props.teamName}</span>
      </h1>
      <p class="lead">{TREND_INTRO}</p>
      <SurveyPicker view={view} action={`/teams/${teamId}/trend`} locale={locale} />
      {view.trend.surveyId && <LocaleSwitch path={self} locale={locale} />}
      <div class="actions">
        {view.trend.rounds.length > 0 && (
          <a
            class="button secondary"
            href={`/api/teams/${teamId}/trend.csv${survey}${localeQuery(locale, survey ? '&' : '?')}`}
            download
          >
            Download trend (CSV)
          </a>
        )}
        <a href={`/teams/${teamId}`}>Back to the team</a>
      </div>
      <TrendSection view={view} locale={locale} roundHref={(id) => `/rounds/${id}/report`} />
      {view.trend.rounds.length > 0 && (
        <p class="hint">Record or change a debrief note on the round’s report page.</p>
      )}
    </Page>
  )
}
