import type { Child } from 'hono/jsx'
import type { FieldProblem } from '../domain/errors'
import { releaseDelayText, type RoundSummary } from '../domain/report'
import type { User } from '../domain/users'
import { ErrorSummary, Field, Page } from './layout'
import { LINK_LABELS, LinksSection, type RoundLinksView } from './round-links'
import {
  closingTime,
  Countdown,
  CsrfField,
  responsesText,
  StatusBadge,
  UtcTime,
} from './round-parts'

const LABELS: Record<string, string> = { ...LINK_LABELS, k: 'New k' }

export interface RoundPageProps {
  user: User
  csrf: string
  /** With `timeZone`, times show in the team's zone (UTC otherwise). */
  team: { id: string; name: string; timeZone?: string | undefined }
  round: RoundSummary
  /** For countdowns next to the times ("closes in 6 days"); none without it. */
  now?: Date | undefined
  /** How the round's links stand: against the limit, by mail, allowances, reminders. */
  links: RoundLinksView
  /** How often the server closes rounds past their closing time, in seconds. */
  releaseDelay: number
  notice?: string | undefined
  /** The notice reports something to act on (e.g. mail that failed). */
  noticeWarn?: boolean | undefined
  values?: Record<string, string> | undefined
  error?: { message: string; fields: FieldProblem[] } | undefined
}

/**
 * One round: its facts in coarse form (P2: "fewer than k" / "k reached" while open, never a
 * count), its links (P6b), and while open, more links, a higher k, closing.
 */
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
        <div class={props.noticeWarn ? 'notice warn' : 'notice ok'} role="status">
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
          <UtcTime iso={round.opensAt} timeZone={team.timeZone} />
          {props.now && round.status === 'scheduled' && (
            <Countdown iso={round.opensAt} now={props.now} future="opens" past="opened" />
          )}
        </Fact>
        <Fact term={open ? 'Closes' : 'Closed'}>
          <UtcTime iso={closingTime(round)} timeZone={team.timeZone} />
          {props.now && (
            <Countdown iso={closingTime(round)} now={props.now} future="closes" past="closed" />
          )}
        </Fact>
        <Fact term="Links made">{round.invited}</Fact>
        <Fact term="Responses">{responsesText(round)}</Fact>
        {round.facilitatedBy && <Fact term="Facilitated by">{round.facilitatedBy}</Fact>}
      </dl>
      <p class="muted">
        Results appear only if at least k people answered; comments only if at least the comment
        minimum did.{' '}
        {open &&
          'While the round is open, it shows only whether k people answered, never how many. '}
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
      <LinksSection
        timeZone={team.timeZone}
        round={round}
        view={props.links}
        admin={props.user.role === 'admin'}
        csrf={props.csrf}
        values={props.values}
        problem={problem}
      />
      {open && (
        <>
          <h2>Raise k</h2>
          {round.responses.reachedK ? (
            <p>
              {`At least ${round.k} people have answered, so k can no longer change: raising it a step at a time would tell how many answered.`}
            </p>
          ) : (
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
          )}
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
