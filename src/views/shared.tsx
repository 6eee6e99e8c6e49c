import { FragmentCodeField } from './code-field'
import { ErrorSummary, Page } from './layout'
import { formatDay, localeQuery, type ReportLocale } from './numbers'
import { LocaleSwitch } from './report'
import { linksText } from './round-parts'
import { SurveyPicker, TrendSection, type TrendView } from './trend'
import { TREND_INTRO } from './trend-page'

/**
 * Opens a team's shared results. The link carries its token after `#`, so it never reaches a
 * server log; app.js puts it into the form and posts it. Without script, people paste it.
 */
export function SharedOpenPage(props: { error?: string; csrf?: string }) {
  return (
    <Page title="Your team’s results" narrow>
      <h1>Your team’s results</h1>
      <p class="lead">
        A read-only view of the survey results your facilitator shared with the team. It shows only
        closed rounds where enough people answered.
      </p>
      {props.error && <ErrorSummary message={props.error} fields={[]} />}
      <form method="post" action="/shared" data-autosubmit>
        {props.csrf && <input type="hidden" name="_csrf" value={props.csrf} />}
        <div data-hide-when-fragment>
          <FragmentCodeField
            label="Share code"
            hint="The part of the link after the # sign, starting with qsh_. Or paste the whole link."
            invalid={Boolean(props.error)}
            required
          />
          <div class="actions">
            <button type="submit">Show the results</button>
          </div>
        </div>
      </form>
    </Page>
  )
}

export interface SharedRound {
  id: string
  closedAt: string | null
  surveyTitle: string
  /** How many links the round had and the team's size then: public (P6b). */
  invited: number
  teamSize: number | null
}

/** The team's trend and its closed rounds, for everyone holding the share link. */
export function SharedTeamPage(props: {
  teamName: string
  view: TrendView
  rounds: SharedRound[]
  locale: ReportLocale
}) {
  const { view, locale } = props
  const survey = view.trend.surveyId ? `?survey=${encodeURIComponent(view.trend.surveyId)}` : ''
  return (
    <Page title={`Results — ${props.teamName}`}>
      <h1>
        {props.teamName}
        <span class="muted"> · shared results</span>
      </h1>
      <p class="lead">{TREND_INTRO}</p>
      {view.trend.surveyId && (
        <>
          <h2>
            Trend: <span lang={locale}>{view.surveyTitle}</span>
          </h2>
          <SurveyPicker view={view} action="/shared/team" locale={locale} />
          <LocaleSwitch path={`/shared/team${survey}`} locale={locale} />
          <TrendSection view={view} locale={locale} roundHref={(id) => `/shared/rounds/${id}`} />
        </>
      )}
      <h2>Closed rounds</h2>
      {props.rounds.length === 0 ? (
        <p>No round has closed yet.</p>
      ) : (
        <ul>
          {props.rounds.map((r) => (
            <li>
              <a href={`/shared/rounds/${r.id}${localeQuery(locale)}`}>
                <span lang={locale}>{r.surveyTitle}</span>, closed {formatDay(r.closedAt)}
              </a>
              {` — ${linksText(r)}`}
            </li>
          ))}
        </ul>
      )}
    </Page>
  )
}
