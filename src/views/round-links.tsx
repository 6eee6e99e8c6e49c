import type { RoundSummary } from '../domain/report'
import { MAX_INVITATIONS_PER_CALL } from '../domain/limits'
import { MAX_EXTRA_LINKS } from '../domain/roster'
import { Field } from './layout'
import { FailedDeliveries, ManualModeWarning } from './links'
import { CsrfField, linksText, UtcTime } from './round-parts'

/** How a round's links stand (services/opening.ts `roundLinks`): never who answered. */
export interface RoundLinksView {
  mode: 'mail' | 'manual'
  links: number
  teamSize: number
  extraLinks: number
  limit: number
  sent: number
  failed: { email: string; name: string | null; reason: string }[]
  withoutAddress: number
  /** How many more links may be made by hand now (domain/roster.ts linksLeftByHand). */
  leftByHand: number
  allowances: { count: number; reason: string; allowedBy: string; createdAt: string }[]
  reminders: { dueAt: string; sentAt: string | null }[]
}

/** The links section's field names, as the error summary names them. */
export const LINK_LABELS: Record<string, string> = {
  count: 'Number of new links',
  extraLinks: 'Extra links',
  extraReason: 'Why the roster is not enough',
}

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`)

/** "(limit 10: roster 8 + 2 extra allowed)": where the round's limit comes from. */
export function limitText(view: RoundLinksView): string {
  return view.extraLinks > 0
    ? `limit ${view.limit}: roster ${view.teamSize} + ${view.extraLinks} extra allowed`
    : `limit ${view.limit}: one per person on the roster`
}

/**
 * A round's ballot box as its facilitators and admins see it (P6b): links against the limit, how
 * the mail went, who allowed extra links and why, when reminders go out (never to whom), and
 * while open the ways to make more links.
 */
export function LinksSection(props: {
  /** The team's zone for the times shown; UTC without it. */
  timeZone?: string | undefined
  round: RoundSummary
  view: RoundLinksView
  admin: boolean
  csrf: string
  values?: Record<string, string> | undefined
  problem: (path: string) => string | undefined
}) {
  const { round, view } = props
  const open = round.status !== 'closed'
  const left = view.leftByHand
  return (
    <section aria-labelledby="links-heading">
      <h2 id="links-heading">Links</h2>
      <p>
        <strong>{linksText(round)}</strong> {`(${limitText(view)}).`} Everyone who answers sees how
        many links exist and how large the team is.
      </p>
      {view.mode === 'mail' ? (
        <MailStatus view={view} open={open} roundId={round.id} csrf={props.csrf} />
      ) : (
        open && <ManualModeWarning teamSize={round.teamSize ?? view.teamSize} links={view.links} />
      )}
      {view.allowances.length > 0 && (
        <>
          <h3>Extra links allowed</h3>
          <ul>
            {view.allowances.map((a) => (
              <li>
                {`${plural(a.count, 'extra link', 'extra links')} allowed by ${a.allowedBy} on `}
                <UtcTime iso={a.createdAt} timeZone={props.timeZone} />: {a.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.reminders.length > 0 && (
        <>
          <h3>Reminders</h3>
          <p class="hint">
            Go by mail to members whose link is still unused. Nobody is told who that is.
          </p>
          <ul>
            {view.reminders.map((r) => (
              <li>
                <UtcTime iso={r.dueAt} timeZone={props.timeZone} />
                {r.sentAt ? ' — sent' : ' — not sent yet'}
              </li>
            ))}
          </ul>
        </>
      )}
      {open && (
        <>
          <h3>More links</h3>
          <p>
            {left > 0
              ? `${plural(left, 'more link', 'more links')} can be made within the limit, to hand out by hand.`
              : view.mode === 'mail'
                ? 'No more links by hand: members with an address get theirs by mail (send invitations above). An admin can allow extra links.'
                : 'The round has as many links as its limit allows. An admin can add people to the roster or allow extra links.'}
          </p>
          {left > 0 && (
            <form method="post" action={`/rounds/${round.id}/invitations`} novalidate>
              <CsrfField token={props.csrf} />
              <Field
                name="count"
                label={LINK_LABELS.count!}
                type="number"
                min={1}
                max={Math.min(Math.max(left, 1), MAX_INVITATIONS_PER_CALL)}
                value={props.values?.count ?? '1'}
                hint={`1 to ${Math.max(left, 1)}; they are shown once, on the next page.`}
                error={props.problem('count')}
                required
              />
              <div class="actions">
                <button type="submit">Make links</button>
              </div>
            </form>
          )}
          {props.admin && <AllowExtraForm {...props} />}
        </>
      )}
    </section>
  )
}

function MailStatus(props: { view: RoundLinksView; open: boolean; roundId: string; csrf: string }) {
  const { view } = props
  return (
    <>
      <p>
        {`By mail: sent to ${plural(view.sent, 'member', 'members')}`}
        {view.failed.length > 0 ? `, ${view.failed.length} could not be reached` : ''}. Each mailed
        link reaches only its member; nobody, not even you, sees it.
        {view.withoutAddress === 1 &&
          ' 1 member has no address on the roster and gets their link by hand.'}
        {view.withoutAddress > 1 &&
          ` ${view.withoutAddress} members have no address on the roster and get their links by hand.`}
      </p>
      {view.failed.length > 0 && <FailedDeliveries failed={view.failed} />}
      {props.open && (
        <form method="post" action={`/rounds/${props.roundId}/deliveries`}>
          <CsrfField token={props.csrf} />
          <p class="hint">
            Mails a link to members added to the roster since the round opened, and sends failed
            invitations again to each member’s current address (the same link).
          </p>
          <div class="actions">
            <button type="submit" class="secondary">
              Send to new members / retry failed
            </button>
          </div>
        </form>
      )}
    </>
  )
}

function AllowExtraForm(props: {
  round: RoundSummary
  csrf: string
  values?: Record<string, string> | undefined
  problem: (path: string) => string | undefined
}) {
  return (
    <>
      <h3>Allow extra links</h3>
      <p>
        Only admins can allow links beyond the roster, for example for a new colleague not yet on
        it. Who allowed how many and why is recorded and shown here; the team sees the number of
        links against its size.
      </p>
      <form method="post" action={`/rounds/${props.round.id}/extra-links`} novalidate>
        <CsrfField token={props.csrf} />
        <Field
          name="extraLinks"
          label={LINK_LABELS.extraLinks!}
          type="number"
          min={1}
          max={MAX_EXTRA_LINKS}
          value={props.values?.extraLinks ?? '1'}
          hint={`1 to ${MAX_EXTRA_LINKS}. They are added to the limit; make them with “More links”.`}
          error={props.problem('extraLinks')}
          required
        />
        <Field
          name="extraReason"
          label={LINK_LABELS.extraReason!}
          value={props.values?.extraReason ?? ''}
          hint="Up to 200 characters, kept with the allowance."
          error={props.problem('extraReason')}
          required
        />
        <div class="actions">
          <button type="submit">Allow extra links</button>
        </div>
      </form>
    </>
  )
}
