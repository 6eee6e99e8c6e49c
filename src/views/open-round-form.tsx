import type { FieldProblem } from '../domain/errors'
import { MIN_K } from '../domain/anonymity'
import { MAX_INVITATIONS_PER_CALL } from '../domain/limits'
import { Field, fieldId } from './layout'
import { CsrfField } from './round-parts'

export interface SurveyChoice {
  id: string
  version: number
  title: string
}

/** The open-round form's field names, as the error summary names them. */
export const OPEN_ROUND_LABELS: Record<string, string> = {
  surveyId: 'Survey',
  k: 'Quorum (k)',
  closesAt: 'Closes (UTC)',
  invitations: 'Number of links',
}

/** Opens a round: survey, k, closing time in UTC and how many links to make now. */
export function OpenRoundForm(props: {
  teamId: string
  csrf: string
  surveys: SurveyChoice[]
  defaults: { surveyId?: string | undefined; k: number; closesAt: string; invitations: number }
  values?: Record<string, string> | undefined
  fields: FieldProblem[]
}) {
  const value = (name: 'surveyId' | 'k' | 'closesAt' | 'invitations') =>
    props.values?.[name] ?? String(props.defaults[name] ?? '')
  const problem = (path: string) => props.fields.find((f) => f.path === path)?.message
  const surveyError = problem('surveyId')
  const selected = value('surveyId')
  return (
    <section aria-labelledby="open-round-heading">
      <h2 id="open-round-heading">Open a round</h2>
      <form method="post" action={`/teams/${props.teamId}/rounds`} class="panel" novalidate>
        <CsrfField token={props.csrf} />
        <div>
          <label for={fieldId('surveyId')}>{OPEN_ROUND_LABELS.surveyId}</label>
          {surveyError && (
            <p class="field-error" id={`${fieldId('surveyId')}-error`}>
              {surveyError}
            </p>
          )}
          <select
            id={fieldId('surveyId')}
            name="surveyId"
            aria-invalid={surveyError ? 'true' : undefined}
            aria-describedby={surveyError ? `${fieldId('surveyId')}-error` : undefined}
          >
            {props.surveys.map((s) => (
              <option value={s.id} selected={s.id === selected}>
                {`${s.title} (version ${s.version})`}
              </option>
            ))}
          </select>
        </div>
        <Field
          name="k"
          label={OPEN_ROUND_LABELS.k!}
          type="number"
          min={MIN_K}
          value={value('k')}
          hint={`Results appear only if at least k people answer; at least ${MIN_K}. You can raise k later while the round is open, but never lower it.`}
          error={problem('k')}
          required
        />
        <Field
          name="closesAt"
          label={OPEN_ROUND_LABELS.closesAt!}
          type="datetime-local"
          value={value('closesAt')}
          hint="Date and time in UTC (not your local time). The round closes then by itself and releases its results; you can also close it earlier."
          error={problem('closesAt')}
          required
        />
        <Field
          name="invitations"
          label={OPEN_ROUND_LABELS.invitations!}
          type="number"
          min={1}
          max={MAX_INVITATIONS_PER_CALL}
          value={value('invitations')}
          hint={`One personal link per person you invite, 1 to ${MAX_INVITATIONS_PER_CALL}. You can make more later.`}
          error={problem('invitations')}
          required
        />
        <div class="actions">
          <button type="submit">Open round and make links</button>
        </div>
      </form>
    </section>
  )
}
