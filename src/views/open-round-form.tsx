import type { FieldProblem } from '../domain/errors'
import { MIN_K } from '../domain/anonymity'
import { MAX_INVITATIONS_PER_CALL } from '../domain/limits'
import { MAX_EXTRA_LINKS } from '../domain/roster'
import { Field, fieldId } from './layout'
import { ManualModeWarning } from './links'
import { CsrfField } from './round-parts'

export interface SurveyChoice {
  id: string
  version: number
  title: string
}

/** The open-round form's field names, as the error summary names them; times in `timeZone`. */
export const openRoundLabels = (timeZone: string): Record<string, string> => ({
  surveyId: 'Survey',
  k: 'Quorum (k)',
  closesAt: `Closes (${timeZone})`,
  invitations: 'Number of links',
  extraLinks: 'Extra links beyond the roster',
  extraReason: 'Why the roster is not enough',
  reminders: 'Reminders',
})

/** The labels for a team in UTC. */
export const OPEN_ROUND_LABELS = openRoundLabels('UTC')

/** What the form starts with, and how links will reach people for this team. */
export interface OpenRoundDefaults {
  surveyId?: string | undefined
  k: number
  /** Wall time in `timeZone`, as `datetime-local` shows it. */
  closesAt: string
  /** The team's IANA time zone: the closing time is typed and read in it. */
  timeZone: string
  /** Links by hand: one per roster member the server does not mail. */
  invitations: number
  /** Reminder specs, comma-separated, e.g. "50%, 24h". */
  reminders: string
  /** `mail`: members with an address get their link by mail; `manual`: everyone by hand. */
  mode: 'mail' | 'manual'
  /** People on the team's roster. */
  teamSize: number
  /** Roster members the server will mail (with an address, in the mail mode). */
  mailed: number
}

type Named = 'surveyId' | 'k' | 'closesAt' | 'invitations' | 'reminders'

/**
 * Opens a round now: survey, k, closing time in the team's time zone, and how links reach people
 * (P6b): by mail to
 * every roster member with an address, by hand for the rest; admins may allow extra links.
 */
export function OpenRoundForm(props: {
  teamId: string
  csrf: string
  surveys: SurveyChoice[]
  defaults: OpenRoundDefaults
  /** Admins see the extra-links fields. */
  admin?: boolean | undefined
  values?: Record<string, string> | undefined
  fields: FieldProblem[]
}) {
  const { defaults } = props
  const labels = openRoundLabels(defaults.timeZone)
  const value = (name: Named) => props.values?.[name] ?? String(defaults[name] ?? '')
  // Reminder problems name the spec (`reminders.1`); the field is one.
  const problem = (path: string) =>
    props.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message
  const surveyError = problem('surveyId')
  const selected = value('surveyId')
  return (
    <section id="open-round" aria-labelledby="open-round-heading">
      <h2 id="open-round-heading">Open a round</h2>
      <form method="post" action={`/teams/${props.teamId}/rounds`} class="panel" novalidate>
        <CsrfField token={props.csrf} />
        <div>
          <label for={fieldId('surveyId')}>{labels.surveyId}</label>
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
          label={labels.k!}
          type="number"
          min={MIN_K}
          value={value('k')}
          hint={`Results appear only if at least k people answer; at least ${MIN_K}. You can raise k later while the round is open, but never lower it.`}
          error={problem('k')}
          required
        />
        <Field
          name="closesAt"
          label={labels.closesAt!}
          type="datetime-local"
          value={value('closesAt')}
          hint={`The round opens now. Date and time in the team’s time zone, ${defaults.timeZone}; by default a week or more from now, the next Friday at 17:00. The round closes then by itself and releases its results; you can also close it earlier.`}
          error={problem('closesAt')}
          required
        />
        {defaults.mode === 'mail' ? (
          <p class="notice">
            {defaults.mailed === 0
              ? 'Nobody on the roster has an email address yet, so no link goes by mail. Ask an admin to add addresses to the roster.'
              : `Each of the ${defaults.mailed} roster members with an address gets their own link by mail; nobody, not even you, sees it.`}
            {defaults.mailed > 0 &&
              defaults.invitations > 0 &&
              ` The other ${defaults.invitations} have no address: their links are shown to you once, to hand out by hand.`}
          </p>
        ) : (
          <ManualModeWarning teamSize={defaults.teamSize} />
        )}
        <Field
          name="invitations"
          label={labels.invitations!}
          type="number"
          min={0}
          max={MAX_INVITATIONS_PER_CALL}
          value={value('invitations')}
          hint={`Links to hand out by hand, shown to you once. ${defaults.invitations} by default: one for each ${defaults.mode === 'mail' ? 'roster member without an address' : 'person on the roster'}. A round has at most one link per person on the roster (${defaults.teamSize}) plus the extra links an admin allows; you can make more later, within that limit.`}
          error={problem('invitations')}
        />
        {props.admin && (
          <>
            <Field
              name="extraLinks"
              label={labels.extraLinks!}
              type="number"
              min={0}
              max={MAX_EXTRA_LINKS}
              value={props.values?.extraLinks ?? '0'}
              hint={`Admins only, 0 to ${MAX_EXTRA_LINKS}: links for people not on the roster; count them in the number of links above to make them now. Recorded with your name and the reason; the team sees the number of links against its size.`}
              error={problem('extraLinks')}
            />
            <Field
              name="extraReason"
              label={labels.extraReason!}
              value={props.values?.extraReason ?? ''}
              hint="Needed with extra links; up to 200 characters."
              error={problem('extraReason')}
            />
          </>
        )}
        {defaults.mode === 'mail' && (
          <Field
            name="reminders"
            label={labels.reminders!}
            value={value('reminders')}
            hint="Mailed to members whose link is still unused: a share of the round’s time (50%) or hours before it closes (24h), separated by commas. Leave empty for none."
            error={problem('reminders')}
          />
        )}
        <div class="actions">
          <button type="submit">Open round and make links</button>
        </div>
      </form>
    </section>
  )
}
