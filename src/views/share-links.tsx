import type { User } from '../domain/users'
import { ConfirmPage } from './confirm'
import { Page } from './layout'
import { CsrfField, UtcTime } from './round-parts'

export interface ShareLinkRow {
  id: string
  createdAt: string
  revokedAt: string | null
}

/** The team's read-only share links, each revocable, and a button to make a new one. */
export function ShareLinksSection(props: {
  teamId: string
  csrf: string
  links: ShareLinkRow[]
  /** The team's time zone, in which dates are shown. */
  timeZone?: string | undefined
}) {
  const base = `/teams/${props.teamId}/share-links`
  return (
    <section aria-labelledby="share-links">
      <h2 id="share-links">Share links</h2>
      <p>
        A share link lets the whole team read the released results of its closed rounds without
        signing in. It never shows open rounds or rounds with fewer than k respondents.
      </p>
      {props.links.length === 0 ? (
        <p>No share links yet.</p>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="share-links" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {props.links.map((link) => (
                <tr>
                  <th scope="row">
                    <UtcTime iso={link.createdAt} timeZone={props.timeZone} />
                  </th>
                  <td>
                    {link.revokedAt ? (
                      <>
                        Revoked <UtcTime iso={link.revokedAt} timeZone={props.timeZone} />
                      </>
                    ) : (
                      'Active'
                    )}
                  </td>
                  <td>
                    {!link.revokedAt && (
                      <form method="post" action={`${base}/${link.id}/revoke`} class="inline-form">
                        <CsrfField token={props.csrf} />
                        <button type="submit" class="secondary">
                          Revoke
                          <span class="visually-hidden">
                            {` the link created ${link.createdAt.slice(0, 16).replace('T', ' ')} UTC`}
                          </span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action={base}>
        <CsrfField token={props.csrf} />
        <button type="submit">Create share link</button>
      </form>
    </section>
  )
}

/** Shows a new share link once: only its hash is stored, so it cannot be shown again. */
export function ShareLinkCreatedPage(props: {
  user: User
  csrf: string
  team: { id: string; name: string }
  url: string
}) {
  return (
    <Page title={`Share link for ${props.team.name}`} user={props.user} csrf={props.csrf} narrow>
      <p>
        <a href={`/teams/${props.team.id}`}>{props.team.name}</a>
      </p>
      <h1>Share link created</h1>
      <div class="notice warn" role="status">
        <p>
          This link is shown only now. Copy it before leaving this page; Quorum keeps only a
          fingerprint of it and cannot show it again.
        </p>
      </div>
      <label for="share-url">Share link for {props.team.name}</label>
      <input id="share-url" type="text" readonly value={props.url} class="wide" />
      <div class="actions">
        <button type="button" class="secondary js-only" data-copy="share-url">
          Copy link
        </button>
      </div>
      <p>
        Anyone with this link can read the released results of {props.team.name}’s closed rounds:
        only rounds where at least k people answered, never open rounds, never single answers. Share
        it with the team, for example in its chat channel.
      </p>
      <p>You can revoke it at any time on the team page; it then stops working at once.</p>
      <p>
        <a href={`/teams/${props.team.id}#share-links`}>Back to {props.team.name}</a>
      </p>
    </Page>
  )
}

/** Asks before revoking a share link: whoever holds it loses access at once, for good. */
export function RevokeShareLinkConfirm(props: {
  user: User
  csrf: string
  team: { id: string; name: string }
  link: ShareLinkRow
}) {
  const { team, link } = props
  const created = `${link.createdAt.slice(0, 16).replace('T', ' ')} UTC`
  return (
    <ConfirmPage
      user={props.user}
      csrf={props.csrf}
      title="Revoke this share link?"
      lines={[
        `The share link for ${team.name} created ${created} stops working at once: anyone who opens it, or has a page of it open, can no longer read ${team.name}’s results.`,
        'This cannot be undone. You can create a new share link and hand it out again.',
      ]}
      action={`/teams/${team.id}/share-links/${link.id}/revoke`}
      yes="Yes, revoke it"
      cancelHref={`/teams/${team.id}#share-links`}
    />
  )
}
