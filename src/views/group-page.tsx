import type { GroupView } from '../services/groups'
import { Done } from './admin'
import { GroupSelect, GroupTreeList, problemIn, type GroupsFrame } from './groups'
import { ErrorSummary, Field, Page } from './layout'
import { CsrfField } from './round-parts'

/** One group: where it sits, what is in it and who leads it; admins' forms to change it. */
export function GroupPage(props: GroupsFrame & { view: GroupView }) {
  const { group, ancestors, children, tree } = props.view
  return (
    <Page title={`Group ${group.name}`} user={props.user} csrf={props.csrf}>
      <nav aria-label="Breadcrumb">
        <p>
          <a href="/groups">Groups</a>
          {ancestors.map((a) => (
            <>
              {' › '}
              <a href={`/groups/${a.id}`}>{a.name}</a>
            </>
          ))}
        </p>
      </nav>
      <h1>{group.name}</h1>
      <Done message={props.done} />
      {props.error && <ErrorSummary message={props.error.message} fields={props.error.fields} />}
      <section aria-labelledby="contents">
        <h2 id="contents">In this group</h2>
        {children.length === 0 && group.teams.length === 0 && <p>Nothing yet.</p>}
        {group.teams.length > 0 && (
          <ul aria-label="Teams">
            {group.teams.map((t) => (
              <li>Team: {t.name}</li>
            ))}
          </ul>
        )}
        <GroupTreeList groups={tree.groups} parentId={group.id} />
      </section>
      <Leads {...props} />
      {props.admin && <AdminForms {...props} />}
    </Page>
  )
}

function Leads(props: GroupsFrame & { view: GroupView }) {
  const { group } = props.view
  return (
    <section aria-labelledby="leads">
      <h2 id="leads">Leads</h2>
      <p class="hint">Leads see this group and everything under it.</p>
      {group.leads.length === 0 && <p>This group has no leads.</p>}
      {group.leads.length > 0 && (
        <ul>
          {group.leads.map((l) => (
            <li>
              {l.name} ({l.email}){' '}
              {props.admin && (
                <form method="post" action={`/groups/${group.id}/leads/remove`} class="inline-form">
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="email" value={l.email} />
                  <button type="submit" class="secondary small">
                    Remove<span class="visually-hidden">{` ${l.email} as a lead`}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.admin && (
        <form method="post" action={`/groups/${group.id}/leads`} class="inline-fields" novalidate>
          <CsrfField token={props.csrf} />
          <Field
            name="email"
            label="Email of the account to make a lead"
            type="email"
            value={props.form === 'lead' ? props.values?.email : undefined}
            error={problemIn(props, 'lead', 'email')}
            required
          />
          <button type="submit">Add lead</button>
        </form>
      )}
    </section>
  )
}

function AdminForms(props: GroupsFrame & { view: GroupView }) {
  const { group, tree, held } = props.view
  const under = new Set([group.id])
  // Where it may move: anywhere but under itself or its own sub-groups (tree order: they follow it).
  for (const g of tree.groups) if (g.parentId !== null && under.has(g.parentId)) under.add(g.id)
  const values = (form: string) => (props.form === form ? (props.values ?? {}) : {})
  const empty = held.groups + held.teams + held.campaigns === 0
  return (
    <>
      <section aria-labelledby="rename">
        <h2 id="rename">Rename</h2>
        <form method="post" action={`/groups/${group.id}/rename`} class="inline-fields" novalidate>
          <CsrfField token={props.csrf} />
          <Field
            name="name"
            label="Name"
            value={values('rename').name ?? group.name}
            error={problemIn(props, 'rename', 'name')}
            required
          />
          <button type="submit">Rename</button>
        </form>
      </section>
      <section aria-labelledby="move">
        <h2 id="move">Move</h2>
        <form method="post" action={`/groups/${group.id}/move`} class="panel" novalidate>
          <CsrfField token={props.csrf} />
          <GroupSelect
            name="parentId"
            label="Put this group, with everything in it, in"
            groups={tree.groups.filter((g) => !under.has(g.id))}
            none="None: make it a top-level group"
            selected={values('move').parentId ?? group.parentId ?? ''}
            error={problemIn(props, 'move', 'parentId')}
          />
          <div class="actions">
            <button type="submit">Move</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete">Delete</h2>
        {empty ? (
          <form method="post" action={`/groups/${group.id}/delete`}>
            <CsrfField token={props.csrf} />
            <button type="submit" class="danger">
              Delete this group
            </button>
          </form>
        ) : (
          <p>
            Only an empty group can be deleted: first move its sub-groups and teams to another group
            (or its teams to none).
            {held.campaigns > 0 && ' It has campaigns, which keep it.'}
          </p>
        )}
      </section>
    </>
  )
}
