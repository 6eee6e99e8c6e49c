import { DEBRIEF_MAX } from '../domain/limits'
import type { RoundReport } from '../domain/report'
import { ErrorSummary } from './layout'
import { localeQuery, type ReportLocale } from './numbers'

export { DEBRIEF_MAX }

export interface DebriefState {
  value?: string
  error?: string
  saved?: 'saved' | 'cleared'
}

/** The team's agreed next step after a closed round; shown on the trend. */
export function DebriefForm(props: {
  report: RoundReport
  locale: ReportLocale
  csrf: string
  state: DebriefState
}) {
  const { round } = props.report
  const { state } = props
  if (round.status !== 'closed')
    return (
      <section aria-labelledby="debrief">
        <h2 id="debrief">Debrief</h2>
        <p>
          Once the round has closed and the team has talked about its results, record here what the
          team will try next. It then appears on the trend.
        </p>
      </section>
    )
  const value = state.value ?? round.debrief ?? ''
  return (
    <section aria-labelledby="debrief">
      <h2 id="debrief">Debrief</h2>
      {state.saved && (
        <p class="notice ok" role="status">
          {state.saved === 'saved' ? 'Debrief note saved.' : 'Debrief note removed.'} It shows on
          the trend.
        </p>
      )}
      {state.error && (
        <ErrorSummary
          message="The debrief note was not saved."
          fields={[{ path: 'note', message: state.error }]}
        />
      )}
      <form method="post" action={`/rounds/${round.id}/debrief${localeQuery(props.locale)}`}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label for="f-note">What will the team try next?</label>
        <p class="hint" id="f-note-hint">
          Shown on the trend beside this round, and to the team through a share link. Up to{' '}
          {DEBRIEF_MAX} characters; leave empty to remove it.
        </p>
        {state.error && (
          <p class="field-error" id="f-note-error">
            {state.error}
          </p>
        )}
        <textarea
          id="f-note"
          name="note"
          maxlength={DEBRIEF_MAX}
          rows={4}
          aria-describedby={state.error ? 'f-note-hint f-note-error' : 'f-note-hint'}
          aria-invalid={state.error ? 'true' : undefined}
        >
          {value}
        </textarea>
        <div class="actions">
          <button type="submit">Save debrief note</button>
        </div>
      </form>
    </section>
  )
}
