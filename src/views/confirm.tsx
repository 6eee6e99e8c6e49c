import type { RoundSummary } from '../domain/report'
import type { User } from '../domain/users'
import { Page } from './layout'
import { CsrfField, responsesText } from './round-parts'

/** The field a confirmed form carries; without it, an irreversible action only asks. */
export const CONFIRM_FIELD = 'confirm'

/** Whether a posted form is the confirmed second step of an irreversible action. */
export const isConfirmed = (form: Record<string, string>) => form[CONFIRM_FIELD] === 'yes'

export interface ConfirmProps {
  user: User
  csrf: string
  /** The question, as the page's heading: "Close this round?" */
  title: string
  /** What will happen, one sentence a line; the last one says it cannot be undone. */
  lines: string[]
  /** Where the confirmed form posts: the same address as the first post. */
  action: string
  /** The button's words, saying the action: "Yes, close it". */
  yes: string
  /** Where "Cancel" leads back to; nothing has changed there. */
  cancelHref: string
}

/**
 * The second step of an irreversible action, without script: the first post (or a link) shows
 * this page, saying what will happen; only the form here, posting `confirm=yes`, acts.
 */
export function ConfirmPage(props: ConfirmProps) {
  return (
    <Page title={props.title} user={props.user} csrf={props.csrf} narrow>
      <h1>{props.title}</h1>
      <div class="notice warn" data-testid="confirm-what">
        {props.lines.map((line) => (
          <p>{line}</p>
        ))}
      </div>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name={CONFIRM_FIELD} value="yes" />
        <div class="actions">
          <button type="submit" class="danger">
            {props.yes}
          </button>
          <a href={props.cancelHref}>Cancel</a>
        </div>
      </form>
    </Page>
  )
}

/**
 * Asks before closing a round, with how many answered only as the gate allows while open (P2:
 * "fewer than k" / "k reached", never a count) and what closing below k means.
 */
export function CloseRoundConfirm(props: { user: User; csrf: string; round: RoundSummary }) {
  const { round } = props
  const below = !round.responses.reachedK
  return (
    <ConfirmPage
      user={props.user}
      csrf={props.csrf}
      title={`Close “${round.surveyTitle}” now?`}
      lines={[
        `Responses so far: ${responsesText(round)}.`,
        below
          ? `Fewer than ${round.k} people have answered. If you close the round now, it will never show results: a round below k stays without results for good.`
          : `At least ${round.k} people have answered, so the results are released once it has closed.`,
        'Nobody can answer afterwards, and a closed round cannot be opened again.',
      ]}
      action={`/rounds/${round.id}/close`}
      yes="Yes, close it"
      cancelHref={`/rounds/${round.id}`}
    />
  )
}
