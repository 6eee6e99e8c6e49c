import { linksCsv } from '../formats/csv'
import type { RoundSummary } from '../domain/report'
import type { User } from '../domain/users'
import { Page } from './layout'
import { UtcTime } from './round-parts'

export interface MintedLink {
  secret: string
  url: string
}

/** The links as a CSV file the browser saves without asking the server again. */
export function linksCsvHref(links: MintedLink[]): string {
  return 'data:text/csv;charset=utf-8,' + encodeURIComponent(linksCsv(links))
}

/**
 * New invitation links, shown once: the server keeps only their hashes. Each link is also listed
 * with its code, for respondents whose browser runs no script and must type the code in.
 */
export function LinksPage(props: {
  user: User
  csrf: string
  team: { id: string; name: string }
  round: RoundSummary
  links: MintedLink[]
}) {
  const { round, links } = props
  const count = links.length === 1 ? '1 new link' : `${links.length} new links`
  return (
    <Page title={`Links for ${round.surveyTitle}`} user={props.user} csrf={props.csrf}>
      <p>
        <a href={`/teams/${props.team.id}`}>{props.team.name}</a>
      </p>
      <h1>{`${count} for ${round.surveyTitle}`}</h1>
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
        closes <UtcTime iso={round.closesAt} />.
      </p>
      <label for="links">All links, one per line</label>
      <textarea id="links" class="links" readonly wrap="off" rows={Math.min(links.length, 12)}>
        {links.map((l) => l.url).join('\n')}
      </textarea>
      <div class="actions">
        <button type="button" class="js-only" data-copy="links">
          Copy all links
        </button>
        <a class="button secondary" href={linksCsvHref(links)} download={`links-${round.id}.csv`}>
          Download as CSV
        </a>
        <a href={`/rounds/${round.id}`}>Go to the round page</a>
      </div>
      <h2>Each link with its code</h2>
      <p>
        If someone’s browser does not fill in the code from the link by itself, they can type the
        code (the part after #) into the survey page.
      </p>
      <ol class="codes">
        {links.map((l) => (
          <li>
            <code>{l.url}</code>
            <br />
            Code: <code>{l.secret}</code>
          </li>
        ))}
      </ol>
    </Page>
  )
}
