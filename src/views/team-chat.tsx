import type { FieldProblem } from '../domain/errors'
import type { User } from '../domain/users'
import { ErrorSummary, Field, Page } from './layout'
import { CsrfField } from './round-parts'

/**
 * The team's chat webhook: set, replace, remove, try. Only its hint is ever shown: the address is
 * a secret that lets anyone post into the team's channel.
 */
export function TeamChatSection(props: {
  teamId: string
  csrf: string
  hint: string | null
  error?: string | undefined
}) {
  const base = `/teams/${props.teamId}/chat`
  return (
    <section aria-labelledby="team-chat">
      <h2 id="team-chat">Team chat</h2>
      <p>
        Quorum can tell the team’s channel when a round opens, when it reaches its quorum, when its
        results are released and what the team decided to try next. It never posts names or answers.
      </p>
      <p>
        {props.hint ? (
          <>
            Posting to the webhook <code>{props.hint}</code>.
          </>
        ) : (
          'No chat webhook is set.'
        )}
      </p>
      <form method="post" action={base}>
        <CsrfField token={props.csrf} />
        <Field
          name="url"
          label={props.hint ? 'Replace the webhook address' : 'Incoming webhook address'}
          type="url"
          hint="An https address from Slack, Mattermost or a Microsoft Teams workflow. It is shown only as a hint once saved."
          autocomplete="off"
          error={props.error}
          required
        />
        <div class="actions">
          <button type="submit">Save webhook</button>
        </div>
      </form>
      {props.hint && (
        <div class="actions">
          <form method="post" action={`${base}/test`} class="inline-form">
            <CsrfField token={props.csrf} />
            <button type="submit" class="secondary">
              Send a test message
            </button>
          </form>
          <form method="post" action={`${base}/remove`} class="inline-form">
            <CsrfField token={props.csrf} />
            <button type="submit" class="secondary">
              Remove webhook
            </button>
          </form>
        </div>
      )}
    </section>
  )
}

/** The chat settings on their own, after an action: what happened, or what went wrong. */
export function TeamChatPage(props: {
  user: User
  csrf: string
  team: { id: string; name: string; chatHint: string | null }
  notice?: string | undefined
  error?: { message: string; fields: FieldProblem[] } | undefined
}) {
  const { team } = props
  const urlProblem = props.error?.fields.find((f) => f.path === 'url')?.message
  return (
    <Page title={`Team chat · ${team.name}`} user={props.user} csrf={props.csrf} narrow>
      <p>
        <a href={`/teams/${team.id}`}>{team.name}</a>
      </p>
      <h1>Team chat of {team.name}</h1>
      {props.error && (
        <ErrorSummary
          message={props.error.message}
          fields={props.error.fields.map((f) => ({ ...f, label: 'Webhook address' }))}
        />
      )}
      {props.notice && (
        <div class="notice ok" role="status">
          <p>{props.notice}</p>
        </div>
      )}
      <TeamChatSection teamId={team.id} csrf={props.csrf} hint={team.chatHint} error={urlProblem} />
    </Page>
  )
}
