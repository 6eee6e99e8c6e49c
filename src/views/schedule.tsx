import type { FieldProblem } from '../domain/errors'
import { WEEKDAYS } from '../domain/schedule'
import type { User } from '../domain/users'
import type { PulseView } from '../domain/schedule'
import { ErrorSummary, Field, Page, SelectField } from './layout'
import type { SurveyChoice } from './open-round-form'
import { CsrfField } from './round-parts'

/** The pulse form's fields, as the error summary names them. */
export const PULSE_LABELS: Record<string, string> = {
  surveyId: 'Survey',
  k: 'k',
  cadence: 'Repeats',
  everyWeeks: 'Every how many weeks',
  weekday: 'Day of the week',
  dayOfMonth: 'Day of the month',
  openTime: 'Opens at',
  openDays: 'Open for days',
  at: 'Move the next pulse to',
}

interface SectionProps {
  teamId: string
  csrf: string
  pulse: PulseView | null
  surveys: SurveyChoice[]
  defaultK: number
  values?: Record<string, string> | undefined
  fields?: FieldProblem[] | undefined
}

/**
 * The team's recurring pulse on its page: the schedule in words, in the team's time zone, a form
 * to set or change it, and buttons to pause it, skip or move its next round. Plain forms.
 */
export function RecurringPulseSection(props: SectionProps) {
  const { pulse } = props
  const base = `/teams/${props.teamId}/schedule`
  const rule = pulse?.rule
  const v = (name: string, fallback: string) => props.values?.[name] ?? fallback
  const problem = (name: string) => props.fields?.find((f) => f.path === name)?.message
  return (
    <section aria-labelledby="recurring-pulse" id="pulse">
      <h2 id="recurring-pulse">Recurring pulse</h2>
      {pulse ? (
        <p>
          {pulse.description}
          {pulse.active ? (
            <>
              ; next: <strong>{pulse.nextLocal}</strong>
              {pulse.moved ? ' (moved)' : ''}.
            </>
          ) : (
            '. Paused: no rounds open until it is resumed.'
          )}
        </p>
      ) : (
        <p>
          No recurring pulse. Set one and Quorum opens a round of the survey on its own, mails the
          links, reminds and closes it at its time.
        </p>
      )}
      <form method="post" action={base}>
        <CsrfField token={props.csrf} />
        <SelectField
          name="surveyId"
          label="Survey"
          selected={v('surveyId', pulse?.surveyId ?? props.surveys[0]?.id ?? '')}
          options={props.surveys.map((s) => ({ value: s.id, text: s.title }))}
          error={problem('surveyId')}
        />
        <SelectField
          name="cadence"
          label="Repeats"
          selected={v('cadence', rule?.cadence ?? 'weeks')}
          options={[
            { value: 'weeks', text: 'Every few weeks, on a day of the week' },
            { value: 'monthly', text: 'Monthly, on a day of the month' },
          ]}
          error={problem('cadence')}
        />
        <Field
          name="everyWeeks"
          label="Every how many weeks (1–12)"
          type="number"
          min={1}
          max={12}
          value={v('everyWeeks', String(rule?.cadence === 'weeks' ? rule.everyWeeks : 2))}
          error={problem('everyWeeks')}
        />
        <SelectField
          name="weekday"
          label="Day of the week (for every few weeks)"
          selected={v('weekday', String(rule?.cadence === 'weeks' ? rule.weekday : 1))}
          options={WEEKDAYS.map((d, i) => ({ value: String(i), text: d }))}
          error={problem('weekday')}
        />
        <Field
          name="dayOfMonth"
          label="Day of the month (for monthly, 1–28)"
          type="number"
          min={1}
          max={28}
          value={v('dayOfMonth', String(rule?.cadence === 'monthly' ? rule.dayOfMonth : 1))}
          error={problem('dayOfMonth')}
        />
        <Field
          name="openTime"
          label="Opens at (the team’s time zone)"
          type="time"
          value={v('openTime', rule?.openTime ?? '09:00')}
          error={problem('openTime')}
          required
        />
        <Field
          name="openDays"
          label="Open for how many days"
          type="number"
          min={1}
          max={28}
          value={v('openDays', String(rule?.openDays ?? 5))}
          error={problem('openDays')}
          required
        />
        <Field
          name="k"
          label="k, the fewest answers shown"
          type="number"
          min={3}
          value={v('k', String(pulse?.k ?? props.defaultK))}
          error={problem('k')}
          required
        />
        <div class="actions">
          <button type="submit">{pulse ? 'Save the pulse' : 'Start the pulse'}</button>
        </div>
      </form>
      {pulse && (
        <div class="actions">
          <form
            method="post"
            action={`${base}/${pulse.active ? 'pause' : 'resume'}`}
            class="inline-form"
          >
            <CsrfField token={props.csrf} />
            <button type="submit" class="secondary">
              {pulse.active ? 'Pause' : 'Resume'}
            </button>
          </form>
          {pulse.active && (
            <form method="post" action={`${base}/skip`} class="inline-form">
              <CsrfField token={props.csrf} />
              <input type="hidden" name="next" value={pulse.nextAt} />
              <button type="submit" class="secondary">
                Skip the next round
              </button>
            </form>
          )}
          <form method="post" action={`${base}/remove`} class="inline-form">
            <CsrfField token={props.csrf} />
            <button type="submit" class="secondary">
              Remove the pulse
            </button>
          </form>
        </div>
      )}
      {pulse?.active && (
        <form method="post" action={`${base}/move`}>
          <CsrfField token={props.csrf} />
          <Field
            name="at"
            label={`Move the next round to (${pulse.timeZone})`}
            type="datetime-local"
            hint="Before the round after it; the pulse carries on as before."
            value={props.values?.at}
            error={problem('at')}
            required
          />
          <div class="actions">
            <button type="submit" class="secondary">
              Move the next round
            </button>
          </div>
        </form>
      )}
    </section>
  )
}

/** The pulse on its own page, after an action: what happened, or what went wrong. */
export function RecurringPulsePage(
  props: SectionProps & {
    user: User
    team: { id: string; name: string }
    notice?: string | undefined
    error?: { message: string; fields: FieldProblem[] } | undefined
  },
) {
  const { team } = props
  return (
    <Page title={`Recurring pulse · ${team.name}`} user={props.user} csrf={props.csrf} narrow>
      <p>
        <a href={`/teams/${team.id}`}>{team.name}</a>
      </p>
      <h1>Recurring pulse of {team.name}</h1>
      {props.error && (
        <ErrorSummary
          message={props.error.message}
          fields={props.error.fields.map((f) => ({ ...f, label: PULSE_LABELS[f.path] }))}
        />
      )}
      {props.notice && (
        <div class="notice ok" role="status">
          <p>{props.notice}</p>
        </div>
      )}
      <RecurringPulseSection {...props} fields={props.error?.fields} />
    </Page>
  )
}
