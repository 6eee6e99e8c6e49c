import { FragmentCodeField } from './code-field'
import { ErrorSummary, Page } from './layout'

/**
 * Where a rotating facilitator's sign-in link leads. The page script copies the code from the
 * link's fragment (never sent to the server) into the form and hides the paste field; without
 * script, the code is pasted. Nothing is sent until they press the button: a mail scanner that
 * opens the link must not spend it.
 */
export function FacilitatePage(props: { error?: string | undefined; csrf?: string | undefined }) {
  return (
    <Page title="Your turn to facilitate" narrow>
      <h1>Your turn to facilitate</h1>
      <p class="lead">
        Your team’s facilitator role has come to you for this round. Sign in with the link from your
        mail to open the round’s page.
      </p>
      {props.error && <ErrorSummary message={props.error} fields={[]} />}
      <form method="post" action="/facilitate">
        {props.csrf && <input type="hidden" name="_csrf" value={props.csrf} />}
        <div data-hide-when-fragment>
          <FragmentCodeField
            label="Sign-in code"
            hint="The part of the link in your mail after the # sign, starting with qfl_. Or paste the whole link."
            invalid={Boolean(props.error)}
          />
        </div>
        <div class="actions">
          <button type="submit">Sign in and open the round</button>
        </div>
      </form>
      <p class="muted">
        The link works once. Afterwards, you facilitate the team until its next round opens, when
        the role passes to the next person on the roster.
      </p>
    </Page>
  )
}
