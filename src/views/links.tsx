import { linksCsv } from '../formats/csv'
import type { RoundSummary } from '../domain/report'
import type { User } from '../domain/users'
import { Page } from './layout'
import { CsrfField, UtcTime } from './round-parts'

export interface MintedLink {
  secret: string
  url: string
}

/** What a mailing did: how many the mail server took, and who could not be reached and why. */
export interface DeliveryOutcome {
  mode: 'mail' | 'manual'
  sent: number
  failed: { email: string; name: string | null; reason: string }[]
}

/** The links as a CSV file the browser saves without asking the server again. */
export function linksCsvHref(links: MintedLink[]): string {
  return 'data:text/csv;charset=utf-8,' + encodeURIComponent(linksCsv(links))
}

const people = (n: number) => (n === 1 ? '1 member' : `${n} members`)

/**
 * Threat model (c): in the manual mode whoever hands out the links holds every secret. Said
 * plainly wherever links are made by hand without mail, with what does and does not protect.
 */
export function ManualModeWarning(props: { teamSize: number; links?: number | undefined }) {
  const shown =
    props.links === undefined
      ? `“N links for a team of ${props.teamSize}”`
      : `“${props.links} links for a team of ${props.teamSize}”`
  return (
    <div class="notice warn" role="note">
      <p>
        <strong>No mail is configured: every link is handed out by hand.</strong> Whoever hands them
        out holds every secret: they could answer in someone else’s place, or keep a link back so
        that its person cannot answer. The team sees {shown} on the survey page, so extra links
        cannot be added unseen; but nothing can stop a link-holder from answering for someone.
      </p>
      <p>
        Configure mail (SMTP_URL, or MAIL_API_URL, with MAIL_FROM) so that the server delivers each
        link to its person and nobody else ever sees it.
      </p>
    </div>
  )
}

/** Who the mail reached and who not (address and reason), with a button to try again. */
/** The addresses a mail server did not take, each with its reason: never who answered. */
export function FailedDeliveries(props: {
  failed: readonly { email: string; name: string | null; reason: string }[]
}) {
  return (
    <ul class="failed">
      {props.failed.map((f) => (
        <li>
          <strong>{f.email}</strong>
          {f.name ? ` (${f.name})` : ''}: {f.reason}
        </li>
      ))}
    </ul>
  )
}

export function DeliveryReport(props: {
  delivery: DeliveryOutcome
  roundId: string
  csrf: string
  open: boolean
}) {
  const { sent, failed } = props.delivery
  const total = sent + failed.length
  if (total === 0) return null
  return (
    <section aria-labelledby="mailed-heading">
      <h2 id="mailed-heading">Mailed links</h2>
      <p class={failed.length === 0 ? 'notice ok' : 'notice warn'} role="status">
        {`Sent to ${sent} of ${people(total)}.`} Each got their own link; nobody, not even you, sees
        it.
      </p>
      {failed.length > 0 && (
        <>
          <p>These addresses could not be reached:</p>
          <FailedDeliveries failed={failed} />
          {props.open && (
            <form method="post" action={`/rounds/${props.roundId}/deliveries`}>
              <CsrfField token={props.csrf} />
              <p class="hint">
                Sends the same links again, to each member’s current address (an admin can correct
                it on the roster first).
              </p>
              <div class="actions">
                <button type="submit">Try again</button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  )
}

/**
 * After opening a round or making more links: what was mailed, then the links to hand out by
 * hand, shown once (the server keeps only their hashes). Each link is also listed with its code,
 * for respondents whose browser runs no script and must type the code in.
 */
export function LinksPage(props: {
  user: User
  csrf: string
  /** With `timeZone`, times show in the team's zone; in UTC otherwise. */
  team: { id: string; name: string; timeZone?: string | undefined }
  round: RoundSummary
  links: MintedLink[]
  delivery?: DeliveryOutcome | undefined
}) {
  const { round, links, delivery } = props
  const count = links.length === 1 ? '1 link' : `${links.length} links`
  const roundPage = <a href={`/rounds/${round.id}`}>Go to the round page</a>
  return (
    <Page title={`Links for ${round.surveyTitle}`} user={props.user} csrf={props.csrf}>
      <p>
        <a href={`/teams/${props.team.id}`}>{props.team.name}</a>
      </p>
      <h1>{`Links for ${round.surveyTitle}`}</h1>
      {delivery && (
        <DeliveryReport
          delivery={delivery}
          roundId={round.id}
          csrf={props.csrf}
          open={round.status !== 'closed'}
        />
      )}
      {links.length === 0 ? (
        <>
          <p>No links were made to hand out by hand.</p>
          <p>{roundPage}</p>
        </>
      ) : (
        <>
          <h2>{`${count} to hand out by hand`}</h2>
          {delivery?.mode === 'manual' && (
            <ManualModeWarning teamSize={round.teamSize ?? 0} links={round.invited} />
          )}
          <div class="notice warn" role="status">
            <p>
              <strong>
                These links are shown only now. Copy or download them before leaving this page.
              </strong>{' '}
              Quorum keeps only a fingerprint of each link, so nobody can see them again.
            </p>
          </div>
          <p>
            Give each person one link, for example by email or chat. Each link works once. The round
            closes <UtcTime iso={round.closesAt} timeZone={props.team.timeZone} />.
          </p>
          <label for="links">All links, one per line</label>
          <textarea id="links" class="links" readonly wrap="off" rows={Math.min(links.length, 12)}>
            {links.map((l) => l.url).join('\n')}
          </textarea>
          <div class="actions">
            <button type="button" class="js-only" data-copy="links">
              Copy all links
            </button>
            <a
              class="button secondary"
              href={linksCsvHref(links)}
              download={`links-${round.id}.csv`}
            >
              Download as CSV
            </a>
            {roundPage}
          </div>
          {/* app.js says here whether copying worked, for screen readers too. */}
          <p id="copy-status" class="copy-status" role="status" aria-live="polite"></p>
          <h2>Each link with its code</h2>
          <p>
            If someone’s browser does not fill in the code from the link by itself, they can type
            the code (the part after #) into the survey page.
          </p>
          <ol class="codes">
            {links.map((l, i) => (
              <li>
                <span id={`link-${i + 1}`}>
                  <code>{l.url}</code>
                </span>{' '}
                <button type="button" class="secondary small js-only" data-copy={`link-${i + 1}`}>
                  Copy link<span class="visually-hidden">{` ${i + 1}`}</span>
                </button>
                <br />
                Code: <code>{l.secret}</code>
              </li>
            ))}
          </ol>
        </>
      )}
    </Page>
  )
}
