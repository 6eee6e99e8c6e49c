import type { FieldProblem } from '../domain/errors'
import { MAX_ROSTER } from '../domain/roster'
import type { Member, Team } from '../domain/teams'
import type { User } from '../domain/users'
import { Field, fieldId } from './layout'
import { CsrfField } from './round-parts'

/** The admins' forms of a team's roster page: add one member, import a CSV, team settings. */

/** The forms of the roster page; a failed one is shown again with what was entered. */
export type RosterForm = 'add' | 'import' | 'settings'

export interface RosterPageProps {
  user: User
  csrf: string
  team: Team
  members: Member[]
  done?: string | undefined
  error?: { message: string; fields: FieldProblem[] } | undefined
  /** Which form `values` and the error belong to. */
  form?: RosterForm | undefined
  values?: Record<string, string> | undefined
  /** The name of the uploaded file whose text the import form shows again. */
  fromFile?: string | undefined
}

export const LANGUAGES = { en: 'English', de: 'Deutsch' } as const

/** The message for a field of one form, if that form failed. */
const problemIn = (props: RosterPageProps, form: RosterForm, path: string) =>
  props.form === form ? props.error?.fields.find((f) => f.path === path)?.message : undefined

export function AddMemberForm(props: RosterPageProps) {
  const values = props.form === 'add' ? (props.values ?? {}) : {}
  const localeError = problemIn(props, 'add', 'locale')
  const localeId = fieldId('locale')
  return (
    <section aria-labelledby="add-member">
      <h2 id="add-member">Add a person</h2>
      <form method="post" action={`/teams/${props.team.id}/members`} class="panel" novalidate>
        <CsrfField token={props.csrf} />
        <Field
          name="email"
          label="Email"
          type="email"
          value={values.email}
          hint="Leave empty for someone who gets their link by hand; then give a name."
          error={problemIn(props, 'add', 'email')}
        />
        <Field
          name="name"
          label="Name (optional with an email)"
          value={values.name}
          error={problemIn(props, 'add', 'name')}
        />
        <div>
          <label for={localeId}>Language of their mails and survey</label>
          {localeError && (
            <p class="field-error" id={`${localeId}-error`}>
              {localeError}
            </p>
          )}
          <select
            id={localeId}
            name="locale"
            aria-invalid={localeError ? 'true' : undefined}
            aria-describedby={localeError ? `${localeId}-error` : undefined}
          >
            {Object.entries(LANGUAGES).map(([code, label]) => (
              <option value={code} selected={(values.locale ?? 'en') === code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit">Add to roster</button>
        </div>
      </form>
    </section>
  )
}

export function ImportForm(props: RosterPageProps) {
  const error = props.form === 'import' ? props.error : undefined
  const csvId = fieldId('csv')
  const fileId = fieldId('file')
  const csvError = !error
    ? undefined
    : error.fields.length === 1
      ? error.fields[0]!.message
      : error.fields.length > 1
        ? `Fix the ${error.fields.length} problems listed above and import again.`
        : error.message
  const described = [`${csvId}-hint`, csvError && `${csvId}-error`].filter(Boolean).join(' ')
  return (
    <section aria-labelledby="import-members">
      <h2 id="import-members">Import from CSV</h2>
      <p id={`${csvId}-hint`}>
        The first line names the columns <code>email,name,language</code>; then one person a line,
        at most {MAX_ROSTER}. Commas, semicolons (as Excel writes in German) or tabs; language{' '}
        <code>en</code> or <code>de</code>, English when empty. People whose email is on the roster
        already get the new name and language, the others are added. Nothing changes if any line has
        a problem.
      </p>
      <form
        method="post"
        action={`/teams/${props.team.id}/members/import`}
        enctype="multipart/form-data"
        class="panel"
        novalidate
      >
        <CsrfField token={props.csrf} />
        <label for={fileId}>CSV file</label>
        <input id={fileId} name="file" type="file" accept=".csv,.txt,text/csv" />
        <label for={csvId}>Or paste the CSV</label>
        <p class="hint">
          {props.fromFile
            ? `This is the text of ${props.fromFile}. Fix it here and import, or upload a corrected file.`
            : 'Used only when no file is chosen. Cells copied from a spreadsheet work too.'}
        </p>
        {csvError && (
          <p class="field-error" id={`${csvId}-error`}>
            {csvError}
          </p>
        )}
        <textarea
          id={csvId}
          name="csv"
          class="code"
          rows={8}
          spellcheck={false}
          aria-invalid={csvError ? 'true' : undefined}
          aria-describedby={described}
        >
          {props.form === 'import' ? (props.values?.csv ?? '') : ''}
        </textarea>
        <label class="check">
          <input
            type="checkbox"
            name="replace"
            value="on"
            checked={props.form === 'import' && props.values?.replace === 'on'}
          />{' '}
          Replace the roster: remove everyone who is not in the CSV
        </label>
        <div class="actions">
          <button type="submit">Import</button>
        </div>
      </form>
    </section>
  )
}

export function SettingsForm(props: RosterPageProps) {
  const { team } = props
  const values = props.form === 'settings' ? props.values : undefined
  const rotationError = problemIn(props, 'settings', 'rotation')
  const rotation = values ? values.rotation === 'on' : team.rotation
  return (
    <section aria-labelledby="team-settings">
      <h2 id="team-settings">Time zone and rotation</h2>
      <form method="post" action={`/teams/${team.id}/settings`} class="panel" novalidate>
        <CsrfField token={props.csrf} />
        <Field
          name="timeZone"
          label="Time zone"
          value={values?.timeZone ?? team.timeZone}
          hint="A name such as Europe/Berlin or America/New_York. Mails show dates in it, and reminders skip its weekend."
          error={problemIn(props, 'settings', 'timeZone')}
        />
        {rotationError && (
          <p class="field-error" id={`${fieldId('rotation')}-error`}>
            {rotationError}
          </p>
        )}
        <label class="check">
          <input
            id={fieldId('rotation')}
            type="checkbox"
            name="rotation"
            value="on"
            checked={rotation}
            aria-invalid={rotationError ? 'true' : undefined}
            aria-describedby={rotationError ? `${fieldId('rotation')}-error` : undefined}
          />{' '}
          Rotate the facilitator role: each new round’s facilitator is the next person on the roster
          with an email address
        </label>
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
    </section>
  )
}
