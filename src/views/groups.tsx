import type { FieldProblem } from '../domain/errors'
import type { User } from '../domain/users'
import type { GroupNode, GroupTree } from '../services/groups'
import { Done } from './admin'
import { ErrorSummary, Field, fieldId, Page, SelectField } from './layout'
import { CsrfField } from './round-parts'

/** The organisation's groups as a tree: admins keep it here, group leads read their part. */

export interface GroupsFrame {
  user: User
  csrf: string
  /** Whether the forms are shown (admins); leads read only. */
  admin: boolean
  done?: string | undefined
  error?: { message: string; fields: FieldProblem[] } | undefined
  /** Which form `values` and the error belong to. */
  form?: string | undefined
  values?: Record<string, string> | undefined
}

/** The message for a field of one form, if that form failed. */
export const problemIn = (props: GroupsFrame, form: string, path: string) =>
  props.form === form ? props.error?.fields.find((f) => f.path === path)?.message : undefined

/** Groups nested as lists, each with its teams and leads; names link to the group's page. */
export function GroupTreeList(props: { groups: GroupNode[]; parentId?: string | null }) {
  const ids = new Set(props.groups.map((g) => g.id))
  const level = props.groups.filter((g) =>
    props.parentId === undefined
      ? g.parentId === null || !ids.has(g.parentId)
      : g.parentId === props.parentId,
  )
  if (level.length === 0) return null
  return (
    <ul class="tree">
      {level.map((g) => (
        <li>
          <a href={`/groups/${g.id}`}>{g.name}</a>
          {g.leads.length > 0 && (
            <span class="muted">{` — led by ${g.leads.map((l) => l.name || l.email).join(', ')}`}</span>
          )}
          {g.teams.length > 0 && (
            <ul aria-label={`Teams in ${g.name}`}>
              {g.teams.map((t) => (
                <li>Team: {t.name}</li>
              ))}
            </ul>
          )}
          <GroupTreeList groups={props.groups} parentId={g.id} />
        </li>
      ))}
    </ul>
  )
}

/** A labelled select of groups, indented by depth, with a first choice such as "Top level". */
export function GroupSelect(props: {
  name: string
  label: string
  groups: GroupNode[]
  none: string
  selected?: string | undefined
  error?: string | undefined
}) {
  return (
    <SelectField
      name={props.name}
      label={props.label}
      error={props.error}
      selected={props.selected ?? ''}
      options={[
        { value: '', text: props.none },
        ...props.groups.map((g) => ({
          value: g.id,
          text: `${'\u00a0\u00a0'.repeat(g.depth - 1)}${g.name}`,
        })),
      ]}
    />
  )
}

/** /groups: the tree, and for admins the forms to add groups, place teams and import. */
export function GroupsPage(
  props: GroupsFrame & { tree: GroupTree; fromFile?: string | undefined },
) {
  const { groups, teams } = props.tree
  const loose = teams.filter((t) => t.groupId === null)
  return (
    <Page title="Groups" user={props.user} csrf={props.csrf}>
      <h1>Groups</h1>
      <Done message={props.done} />
      {props.error && <ErrorSummary message={props.error.message} fields={props.error.fields} />}
      <p>
        Groups arrange teams as the organisation is built: organisation, division, department and so
        on, at most 10 levels deep. A team is in one group or none. A group’s leads see it and
        everything under it.
      </p>
      {!props.admin && (
        <p class="notice">
          {groups.length === 0
            ? 'You lead no groups. Admins of Quorum keep the groups and their leads.'
            : 'You see the groups you lead and everything under them. Admins of Quorum change them.'}
        </p>
      )}
      <section aria-labelledby="tree">
        <h2 id="tree">{props.admin ? 'All groups' : 'Your groups'}</h2>
        {groups.length === 0 && props.admin && <p>There are no groups yet. Add one below.</p>}
        <GroupTreeList groups={groups} />
        {props.admin && loose.length > 0 && (
          <>
            <h3>Teams in no group</h3>
            <ul>
              {loose.map((t) => (
                <li>{t.name}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      {props.admin && <AdminForms {...props} />}
    </Page>
  )
}

function AdminForms(props: GroupsFrame & { tree: GroupTree; fromFile?: string | undefined }) {
  const { groups, teams } = props.tree
  const values = (form: string) => (props.form === form ? (props.values ?? {}) : {})
  return (
    <>
      <section aria-labelledby="add-group">
        <h2 id="add-group">Add a group</h2>
        <form method="post" action="/groups" class="panel" novalidate>
          <CsrfField token={props.csrf} />
          <Field
            name="name"
            label="Name"
            value={values('create').name}
            hint="1 to 100 characters, without “/”."
            error={problemIn(props, 'create', 'name')}
            required
          />
          <GroupSelect
            name="parentId"
            label="In group"
            groups={groups}
            none="None: a top-level group"
            selected={values('create').parentId}
            error={problemIn(props, 'create', 'parentId')}
          />
          <div class="actions">
            <button type="submit">Add group</button>
          </div>
        </form>
      </section>
      {teams.length > 0 && (
        <section aria-labelledby="place-team">
          <h2 id="place-team">Put a team in a group</h2>
          <form method="post" action="/groups/teams" class="panel" novalidate>
            <CsrfField token={props.csrf} />
            <div>
              <label for={fieldId('teamId')}>Team</label>
              <select id={fieldId('teamId')} name="teamId">
                {teams.map((t) => (
                  <option value={t.id} selected={values('team').teamId === t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            <GroupSelect
              name="groupId"
              label="Group"
              groups={groups}
              none="No group"
              selected={values('team').groupId}
              error={problemIn(props, 'team', 'groupId')}
            />
            <div class="actions">
              <button type="submit">Move team</button>
            </div>
          </form>
        </section>
      )}
      <ImportForm {...props} />
    </>
  )
}

function ImportForm(props: GroupsFrame & { fromFile?: string | undefined }) {
  const error = props.form === 'import' ? props.error : undefined
  const csvId = fieldId('csv')
  const csvError = !error
    ? undefined
    : error.fields.length === 1
      ? error.fields[0]!.message
      : error.fields.length > 1
        ? `Fix the ${error.fields.length} problems listed above and import again.`
        : error.message
  const described = [`${csvId}-hint`, csvError && `${csvId}-error`].filter(Boolean).join(' ')
  return (
    <section aria-labelledby="import-groups">
      <h2 id="import-groups">Import and export</h2>
      <p>
        <a href="/api/groups/export" download>
          Groups as CSV
        </a>
      </p>
      <p id={`${csvId}-hint`}>
        The first line names the columns <code>path,team</code>. A path names groups from the top
        down, separated by <code> / </code>, e.g. <code>Acme / Engineering / Platform</code>;
        missing groups are created. A line with a team puts that existing team in the path’s last
        group. Nothing changes if any line has a problem.
      </p>
      <form
        method="post"
        action="/groups/import"
        enctype="multipart/form-data"
        class="panel"
        novalidate
      >
        <CsrfField token={props.csrf} />
        <label for={fieldId('file')}>CSV file</label>
        <input id={fieldId('file')} name="file" type="file" accept=".csv,.txt,text/csv" />
        <label for={csvId}>Or paste the CSV</label>
        <p class="hint">
          {props.fromFile
            ? `This is the text of ${props.fromFile}. Fix it here and import, or upload a corrected file.`
            : 'Used only when no file is chosen.'}
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
        <div class="actions">
          <button type="submit">Import</button>
        </div>
      </form>
    </section>
  )
}
