import { MIN_PASSWORD_LENGTH } from '../domain/limits'
import type { User } from '../domain/users'
import { Done, problemAt, type AdminFrame } from './admin'
import { ConfirmPage } from './confirm'
import { ErrorSummary, Field, fieldId, Page } from './layout'
import { CsrfField } from './round-parts'

export interface AccountRow {
  id: string
  name: string
  email: string
  role: 'admin' | 'facilitator'
  disabled: boolean
}

const ROLE = { admin: 'Admin', facilitator: 'Facilitator' } as const

/** Accounts with their state, the create form, and the generated password shown once. */
export function AdminAccountsPage(
  props: AdminFrame & {
    accounts: AccountRow[]
    created?: { name: string; email: string; password: string } | undefined
  },
) {
  return (
    <Page title="Accounts" user={props.user} csrf={props.csrf}>
      <h1>Accounts</h1>
      <Done message={props.done} />
      {props.created && <CreatedWithPassword {...props.created} />}
      {props.error && <ErrorSummary message={props.error.message} fields={props.error.fields} />}
      <p>
        <a href="#create-account">Create an account</a>
      </p>
      <div class="table-wrap" role="region" aria-labelledby="accounts-caption" tabindex={0}>
        <table>
          <caption id="accounts-caption">All accounts ({props.accounts.length})</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {props.accounts.map((a) => (
              <AccountRowView account={a} csrf={props.csrf} self={a.id === props.user.id} />
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">
        Disabling an account signs the person out everywhere and stops their API tokens; their teams
        keep their rounds and reports. You cannot disable yourself or the last active admin.
      </p>
      <CreateAccountForm {...props} />
    </Page>
  )
}

function AccountRowView(props: { account: AccountRow; csrf: string; self: boolean }) {
  const a = props.account
  const action = a.disabled ? 'enable' : 'disable'
  return (
    <tr>
      <th scope="row">
        {a.name}
        {props.self && <span class="muted"> (you)</span>}
      </th>
      <td>{a.email}</td>
      <td>{ROLE[a.role]}</td>
      <td>
        {a.disabled ? (
          <span class="badge closed">Disabled</span>
        ) : (
          <span class="badge open">Active</span>
        )}
      </td>
      <td>
        {/* Nobody can disable their own account: the service refuses it, so it is not offered. */}
        {props.self && !a.disabled ? (
          <span class="muted">—</span>
        ) : (
          <form method="post" action={`/admin/users/${a.id}/${action}`} class="inline-form">
            <CsrfField token={props.csrf} />
            <button type="submit" class={a.disabled ? 'secondary small' : 'danger small'}>
              {a.disabled ? 'Enable' : 'Disable…'}
              <span class="visually-hidden">{` ${a.name}’s account`}</span>
            </button>
          </form>
        )}
      </td>
    </tr>
  )
}

function CreatedWithPassword(props: { name: string; email: string; password: string }) {
  return (
    <div class="notice ok" role="status">
      <p>
        Account created for {props.name} ({props.email}). Their password is shown only this once:
      </p>
      <p>
        <code class="secret" id="new-password">
          {props.password}
        </code>{' '}
        <button type="button" class="secondary small js-only" data-copy="new-password">
          Copy password
        </button>
      </p>
      <p>Pass it on privately, not in a shared channel.</p>
    </div>
  )
}

function CreateAccountForm(props: AdminFrame) {
  const role = props.values?.role ?? 'facilitator'
  const roleError = problemAt(props, 'role')
  return (
    <section aria-labelledby="create-account">
      <h2 id="create-account">Create an account</h2>
      <form method="post" action="/admin/users" novalidate>
        <CsrfField token={props.csrf} />
        <Field
          name="name"
          label="Name"
          autocomplete="off"
          value={props.values?.name}
          error={problemAt(props, 'name')}
          required
        />
        <Field
          name="email"
          label="Email"
          type="email"
          autocomplete="off"
          value={props.values?.email}
          error={problemAt(props, 'email')}
          required
        />
        <fieldset class="choices">
          <legend>Role</legend>
          {roleError && <p class="field-error">{roleError}</p>}
          <label>
            <input
              type="radio"
              name="role"
              value="facilitator"
              id={fieldId('role')}
              checked={role !== 'admin'}
            />{' '}
            Facilitator — runs rounds and reads reports for the teams they are assigned to
          </label>
          <label>
            <input type="radio" name="role" value="admin" checked={role === 'admin'} /> Admin — also
            manages teams, accounts and surveys
          </label>
        </fieldset>
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Or tick “Generate a password” below.`}
          error={problemAt(props, 'password')}
        />
        <label class="check">
          <input
            type="checkbox"
            name="generate"
            value="on"
            checked={Boolean(props.values?.generate)}
          />{' '}
          Generate a password and show it to me once
        </label>
        <div class="actions">
          <button type="submit">Create account</button>
        </div>
      </form>
    </section>
  )
}

/** Asks before disabling an account: its owner is signed out everywhere and their tokens stop. */
export function DisableAccountConfirm(props: {
  user: User
  csrf: string
  account: Pick<AccountRow, 'id' | 'name' | 'email'>
}) {
  const { account } = props
  return (
    <ConfirmPage
      user={props.user}
      csrf={props.csrf}
      title={`Disable ${account.name}’s account?`}
      lines={[
        `${account.name} (${account.email}) is signed out everywhere at once, cannot sign in, and their API tokens stop working.`,
        'Their teams keep their rounds and reports. You can enable the account again later; their old sessions and tokens stay ended.',
      ]}
      action={`/admin/users/${account.id}/disable`}
      yes="Yes, disable it"
      cancelHref="/admin/users"
    />
  )
}
