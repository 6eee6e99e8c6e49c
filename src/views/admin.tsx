import type { FieldProblem } from '../domain/errors'
import type { User } from '../domain/users'
import { ErrorSummary, Field, fieldId, Page } from './layout'
import { CsrfField } from './round-parts'

/** What every admin page shows around its content. */
export interface AdminFrame {
  user: User
  csrf: string
  /** A confirmation of what just happened. */
  done?: string | undefined
  error?: { message: string; fields: (FieldProblem & { label?: string })[] } | undefined
  values?: Record<string, string> | undefined
}

export const problemAt = (props: AdminFrame, path: string) =>
  props.error?.fields.find((f) => f.path === path)?.message

/** The confirmation after a change, announced to screen readers. */
export function Done({ message }: { message?: string | undefined }) {
  if (!message) return null
  return (
    <div class="notice ok" role="status">
      <p>{message}</p>
    </div>
  )
}

export interface AdminTeam {
  id: string
  name: string
  facilitators: { id: string; name: string; email: string; disabled: boolean }[]
}

export interface AssignableAccount {
  id: string
  name: string
  email: string
  role: User['role']
}

/** All teams with their facilitators: create, rename, assign and remove facilitators. */
export function AdminTeamsPage(
  props: AdminFrame & { teams: AdminTeam[]; accounts: AssignableAccount[] },
) {
  return (
    <Page title="Manage teams" user={props.user} csrf={props.csrf}>
      <h1>Manage teams</h1>
      <Done message={props.done} />
      {props.error && <ErrorSummary message={props.error.message} fields={props.error.fields} />}
      <section aria-labelledby="create-team">
        <h2 id="create-team">Create a team</h2>
        <form method="post" action="/admin/teams" class="inline-fields">
          <CsrfField token={props.csrf} />
          <Field
            name="name"
            label="Team name"
            value={props.values?.name}
            error={problemAt(props, 'name')}
            required
          />
          <button type="submit">Create team</button>
        </form>
      </section>
      <h2>Teams ({props.teams.length})</h2>
      <p class="hint">
        To hand the facilitator role to the next person, assign the new facilitator first, then
        remove the previous one. Admins see every team without being assigned.
      </p>
      {props.teams.length === 0 && <p>There are no teams yet.</p>}
      {props.teams.map((team) => (
        <TeamPanel {...props} team={team} />
      ))}
    </Page>
  )
}

function TeamPanel(props: AdminFrame & { team: AdminTeam; accounts: AssignableAccount[] }) {
  const { team } = props
  const assignPath = `assign.${team.id}`
  const renamePath = `rename.${team.id}`
  const assigned = new Set(team.facilitators.map((f) => f.id))
  const available = props.accounts.filter((a) => !assigned.has(a.id))
  const assignError = problemAt(props, assignPath)
  const renameError = problemAt(props, renamePath)
  const headingId = `team-${team.id}`
  return (
    <section class="panel team" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <a href={`/teams/${team.id}`}>{team.name}</a>
      </h3>
      {team.facilitators.length === 0 ? (
        <p>No facilitator yet.</p>
      ) : (
        <ul class="people" aria-label={`Facilitators of ${team.name}`}>
          {team.facilitators.map((f) => (
            <li>
              <span>
                {f.name} <span class="muted">{f.email}</span>
                {f.disabled && ' (disabled)'}
              </span>
              <form
                method="post"
                action={`/admin/teams/${team.id}/facilitators/${f.id}/remove`}
                class="inline-form"
              >
                <CsrfField token={props.csrf} />
                <button type="submit" class="secondary small">
                  Remove<span class="visually-hidden">{` ${f.name} from ${team.name}`}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`/admin/teams/${team.id}/facilitators`}>
        <CsrfField token={props.csrf} />
        <label for={fieldId(assignPath)}>
          Assign a facilitator<span class="visually-hidden">{` to ${team.name}`}</span>
        </label>
        {assignError && (
          <p class="field-error" id={`${fieldId(assignPath)}-error`}>
            {assignError}
          </p>
        )}
        <div class="inline-fields">
          <select
            id={fieldId(assignPath)}
            name="userId"
            aria-invalid={assignError ? 'true' : undefined}
            aria-describedby={assignError ? `${fieldId(assignPath)}-error` : undefined}
          >
            <option value="">Choose an account</option>
            {available.map((a) => (
              <option value={a.id} selected={props.values?.[assignPath] === a.id}>
                {`${a.name} (${a.email})${a.role === 'admin' ? ', admin' : ''}`}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary">
            Assign<span class="visually-hidden">{` to ${team.name}`}</span>
          </button>
        </div>
      </form>
      <details open={renameError !== undefined}>
        <summary>Rename {team.name}</summary>
        <form method="post" action={`/admin/teams/${team.id}/name`} class="inline-fields">
          <CsrfField token={props.csrf} />
          <Field
            name={renamePath}
            label={`New name for ${team.name}`}
            value={props.values?.[renamePath] ?? team.name}
            error={renameError}
            required
          />
          <button type="submit" class="secondary">
            Rename team
          </button>
        </form>
      </details>
    </section>
  )
}
