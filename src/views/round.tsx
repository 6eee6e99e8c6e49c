import type { Child } from 'hono/jsx'
import type { FieldProblem } from '../domain/errors'
import { releaseDelayText, type RoundSummary } from '../domain/report'
import { MAX_INVITATIONS_PER_CALL } from '../domain/limits'
import type { User } from '../domain/users'
import { ErrorSummary, Field, Page } from './layout'
import { closingTime, CsrfField, responsesText, StatusBadge, UtcTime } from './round-parts'

const LABELS: Record<string, string> = { count: 'Number of new links', k: 'New k' }

export interface RoundPageProps {
  user: User
  csrf: string
  team: { id: string; name: string }
  round: RoundSummary
  /** How often the server closes rounds past their closing time, in seconds. */
  releaseDelay: number
  notice?: string | undefined
  values?: Record<string, string> | undefined
  error?: { message: string; fields: FieldProblem[] } | undefined
}

/** One round: its facts in coarse form, and while open, more links, a higher k, closing. */
export function RoundPage(props: RoundPageProps) {
  const { round, team } = props
  const open = round.status !== 'closed'
  const problem = (path: string) => props.error?.fields.find((f) => f.path === path)?.message
  return (
    <Page title={`${round.surveyTitle} · ${team.name}`} user={props.user} csrf={props.csrf}>
      <p>
        <a href={`/teams/${team.id}`}>{team.name}</a>
      </p>
      <h1>{round.surveyTitle}</h1>
      {props.error && (
        <ErrorSummary
          message={props.error.message}
          fields={props.error.fields.map((f) => ({ ...f, label: LABELS[f.path] }))}
        />
      )}
      {props.notice && (
        <div class="notice ok" role="status">
          <p>{props.notice}</p>
        </div>
      )}
      <dl class="facts">
        <Fact term="Status">
          <StatusBadge status={round.status} />
        </Fact>
        <Fact term="Survey">{`${round.surveyTitle} (version ${round.surveyVersion})`}</Fact>
        <Fact term="Quorum (k)">{round.k}</Fact>
        <Fact term="Comment minimum">{round.commentMinimum}</Fact>
        <Fact term="Opens">
          <UtcTime iso={round.opensAt} />
        </Fact>
        <Fact term={open ? 'Closes' : 'Closed'}>
          <UtcTime iso={closingTime(round)} />
        </Fact>
        <Fact term="Links made">{round.invited}</Fact>
        <Fact term="Responses">{responsesText(round)}</Fact>
      </dl>
      <p class="muted">
        Results appear only if at least k people answered; comments only if at least the comment
        minimum did.{' '}
        {open &&
          'While the round is open, the number of responses shows only once k people answered. '}
        {open &&
          `At its closing time the round closes by itself, and its results appear within ${releaseDelayText(props.releaseDelay)}.`}
      </p>
      {round.releasing && (
        <p class="notice" role="status">
          The round has closed; its results are being released and appear within{' '}
          {releaseDelayText(props.releaseDelay)} of its closing time.
        </p>
      )}
      {!open && (
        <p>
          <a href={`/rounds/${round.id}/report`}>Read the report</a>
        </p>
      )}
      {open && (
        <>
          <h2>More links</h2>
          <form method="post" action={`/rounds/${round.id}/invitations`} novalidate>
            <CsrfField token={props.csrf} />
            <Field
              name="count"
              label={LABELS.count!}
              type="number"
              min={1}
              max={MAX_INVITATIONS_PER_CALL}
              value={props.values?.count ?? '1'}
              hint={`1 to ${MAX_INVITATIONS_PER_CALL}; they are shown once, on the next page.`}
              error={problem('count')}
              required
            />
            <div class="actions">
              <button type="submit">Make links</button>
            </div>
          </form>
          <h2>Raise k</h2>
          <form method="post" action={`/rounds/${round.id}/k`} novalidate>
            <CsrfField token={props.csrf} />
            <Field
              name="k"
              label={LABELS.k!}
              type="number"
              min={round.k}
              value={props.values?.k ?? String(round.k)}
              hint={`At least ${round.k}, the current k. k can only go up, never down.`}
              error={problem('k')}
              required
            />
            <div class="actions">
              <button type="submit">Raise k</button>
            </div>
          </form>
          <h2>Close the round</h2>
          <form method="post" action={`/rounds/${round.id}/close`}>
            <CsrfField token={props.csrf} />
            <div class="notice warn">
              <p>
                Closing is final: nobody can answer afterwards and the round cannot be opened again.
                If at least {round.k} people answered, the results are released to you at once;
                otherwise no results will ever be shown for this round.
              </p>
            </div>
            <div class="actions">
              <button type="submit" class="danger">
                Close the round now
              </button>
            </div>
          </form>
        </>
      )}
    </Page>
  )
}

function Fact(props: { term: string; children?: Child }) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}
