import { Done } from './admin'
import {
  AddMemberForm,
  ImportForm,
  LANGUAGES,
  SettingsForm,
  type RosterPageProps,
} from './roster-forms'
import { ErrorSummary, Page } from './layout'
import { CsrfField } from './round-parts'

export type { RosterForm, RosterPageProps } from './roster-forms'

/**
 * A team's roster: everyone who gets a link when a round opens. Admins add, import and remove
 * people and set the team's time zone and rotation; facilitators read it.
 */
export function RosterPage(props: RosterPageProps) {
  const { team, members } = props
  const admin = props.user.role === 'admin'
  return (
    <Page title={`Roster of ${team.name}`} user={props.user} csrf={props.csrf}>
      <p>
        <a href={`/teams/${team.id}`}>{team.name}</a>
      </p>
      <h1>Roster of {team.name}</h1>
      <Done message={props.done} />
      {props.error && <ErrorSummary message={props.error.message} fields={props.error.fields} />}
      <p>
        Everyone on the roster gets their own survey link when a round opens. A round may have at
        most one link per person on the roster, plus extra links an admin allows, so nobody can
        answer in others’ place unseen.
      </p>
      {!admin && (
        <p class="notice">
          Admins keep this roster, because it sets how many links a round may have: ask an admin of
          Quorum to add or remove people.
        </p>
      )}
      <MembersTable {...props} admin={admin} />
      {members.length > 0 && (
        <p class="actions">
          <a href={`/api/teams/${team.id}/members.csv`} download>
            Roster as CSV
          </a>
        </p>
      )}
      {admin ? (
        <>
          <AddMemberForm {...props} />
          <ImportForm {...props} />
          <SettingsForm {...props} />
        </>
      ) : (
        <p>
          Time zone: {team.timeZone}.{' '}
          {team.rotation
            ? 'The facilitator role rotates: each new round’s facilitator is the next person on the roster.'
            : 'The facilitator role does not rotate.'}
        </p>
      )}
    </Page>
  )
}

function MembersTable(props: RosterPageProps & { admin: boolean }) {
  const { team, members } = props
  if (members.length === 0)
    return (
      <p>
        Nobody is on this roster yet.
        {props.admin ? ' Add people below, one by one or from a CSV file.' : ''}
      </p>
    )
  const count = members.length === 1 ? '1 person' : `${members.length} people`
  return (
    <div class="table-wrap" role="region" aria-labelledby="roster-caption" tabindex={0}>
      <table class="stack">
        <caption id="roster-caption">{`${team.name}: ${count}`}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Language</th>
            {props.admin && <th scope="col">Change</th>}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr>
              <th scope="row">{m.name ?? '—'}</th>
              <td data-label="Email">{m.email ?? <span class="muted">by hand</span>}</td>
              <td data-label="Language">{LANGUAGES[m.locale]}</td>
              {props.admin && (
                <td data-label="Change">
                  <form
                    method="post"
                    action={`/teams/${team.id}/members/${m.id}/remove`}
                    class="inline-form"
                  >
                    <CsrfField token={props.csrf} />
                    <button type="submit" class="secondary small">
                      Remove<span class="visually-hidden">{` ${m.name ?? m.email}`}</span>
                    </button>
                  </form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
