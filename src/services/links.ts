import type { CompiledQuery } from 'kysely'
import { base64url, fromBase64url, randomSecret } from '../crypto'
import { insertBallotsQuery, type LinkLimit } from '../db/ballots'
import {
  findUnusedLinkOf,
  insertUnusedLinksQuery,
  listDeliveries,
  recordDeliveriesQuery,
  type UnusedLink,
} from '../db/links'
import { addLinksQuery, type LoadedRound, type RoundRow } from '../db/rounds'
import type { DeliveriesTable } from '../db/schema'
import type { Deps } from '../deps'
import { BALLOT_BYTES, shuffled, unusedTagText } from '../domain/ballot'
import { AppError } from '../domain/errors'
import { checkLinkRoom } from '../domain/roster'
import { localize, type SurveyDefinition } from '../domain/survey'
import type { Member, Team } from '../domain/teams'
import { MailError, shortReason } from '../mail/mailer'
import { invitationMail } from '../mail/templates'
import { SEAL_OVERHEAD } from '../seal'

/**
 * Making links and getting them to people (DESIGN.md P6b, threat model (c)). Every link is made
 * here, within its round's limit (the roster plus the extra links an admin allowed), checked in
 * the same atomic write that makes it. A delivered link is mailed to its member and never shown
 * to anyone else; until it is used, its member is kept beside it, sealed, only for reminders.
 */

/** The link a respondent opens. The secret sits after `#`, so it never reaches a server log. */
export function invitationLink(baseUrl: string, roundId: string, secret: string): string {
  return `${baseUrl}/s/${roundId}#${secret}`
}

export interface Link {
  secret: string
  url: string
}

/** Links for a round: some to be mailed to members, the rest handed out by hand. */
export interface NewLinks {
  queries: CompiledQuery[]
  mailed: { member: Member; url: string }[]
  manual: Link[]
}

/**
 * Secrets and statements for `manual` links plus one link per member in `mailTo`: empty ballots in
 * shuffled order (the file's layout says nothing about which link went to whom, P5), the count on
 * the round guarded by its limit, and for mailed links the sealed entry reminders use.
 */
export async function newLinks(
  deps: Deps,
  roundId: string,
  plan: { mailTo: readonly Member[]; manual: number; limit: LinkLimit },
  baseUrl: string,
): Promise<NewLinks> {
  const total = plan.mailTo.length + plan.manual
  if (total === 0) return { queries: [], mailed: [], manual: [] }
  const secrets = Array.from({ length: total }, () => randomSecret())
  const places = await Promise.all(secrets.map((s) => deps.seal.place(s)))
  const { limit } = plan
  const mailedSecrets = secrets.slice(0, plan.mailTo.length)
  const unused: UnusedLink[] = await Promise.all(
    plan.mailTo.map(async (member, i) => ({
      tag: await deps.seal.place(unusedTagText(mailedSecrets[i]!)),
      memberId: member.id,
      sealedLink: await sealLink(
        deps,
        roundId,
        invitationLink(baseUrl, roundId, mailedSecrets[i]!),
      ),
    })),
  )
  const queries = [
    insertBallotsQuery(deps.db, roundId, shuffled(places), BALLOT_BYTES + SEAL_OVERHEAD, limit),
    ...(unused.length > 0 ? [insertUnusedLinksQuery(deps.db, roundId, unused, total, limit)] : []),
    addLinksQuery(deps.db, roundId, total, limit),
  ]
  return {
    queries,
    mailed: plan.mailTo.map((member, i) => ({
      member,
      url: invitationLink(baseUrl, roundId, mailedSecrets[i]!),
    })),
    manual: secrets
      .slice(plan.mailTo.length)
      .map((secret) => ({ secret, url: invitationLink(baseUrl, roundId, secret) })),
  }
}

/**
 * Runs the statements of `newLinks` (with any others that must stand or fall with them); when the
 * round closed or reached its limit meanwhile, nothing is made and the error says which.
 */
export async function writeLinks(
  deps: Deps,
  round: { invited: number; extraLinks: number },
  teamSize: number,
  links: NewLinks,
  before: CompiledQuery[] = [],
): Promise<void> {
  const adding = links.mailed.length + links.manual.length
  checkLinkRoom(round, teamSize, adding)
  if (adding === 0 && before.length === 0) return
  const results = await deps.batch([...before, ...links.queries])
  if (adding > 0 && results.at(-1)?.numChangedRows !== 1)
    throw new AppError('round_closed', {}, [], 'round_closed_no_links')
}

const linkContext = (roundId: string) => `${roundId}/link`

/** A delivered link sealed whole, so a reminder carries the very link the invitation did. */
async function sealLink(deps: Deps, roundId: string, url: string): Promise<string> {
  const sealed = await deps.seal.seal(new TextEncoder().encode(url), linkContext(roundId))
  return base64url(sealed)
}

/** A delivered link still unused, from its sealed entry. */
export async function openLink(deps: Deps, roundId: string, sealed: string): Promise<string> {
  const plain = await deps.seal.open(fromBase64url(sealed), linkContext(roundId))
  return new TextDecoder().decode(plain)
}

/** What a mailing did: how many were accepted, and who could not be reached and why. */
export interface Delivery {
  sent: number
  failed: { memberId: string; email: string; name: string | null; reason: string }[]
}

/** What an invitation says about its round, whoever it goes to. */
export interface Invitation {
  round: RoundRow
  team: Team
  survey: SurveyDefinition
}

/**
 * Mails each member their link and records whether the mail server took it. Bounces the server
 * reports at once (a refused address) show as failed; the others can be sent again.
 */
export async function mailLinks(
  deps: Deps,
  about: Invitation,
  targets: readonly { member: Member; url: string }[],
): Promise<Delivery> {
  const mail = deps.mail
  if (!mail || targets.length === 0) return { sent: 0, failed: [] }
  const outcomes = await inTurn(targets, 4, async ({ member, url }) => {
    try {
      await mail.send({ to: member.email!, ...invitationFor(about, member, url, deps.now()) })
      return null
    } catch (err) {
      if (!(err instanceof MailError)) throw err
      // Never the link, whatever the server quoted of the message (shortReason cuts addresses;
      // this catches a secret quoted on its own).
      return shortReason(err.message.split(url.split('#')[1]!).join('…'))
    }
  })
  const rows: DeliveriesTable[] = targets.map(({ member }, i) => ({
    round_id: about.round.id,
    member_id: member.id,
    status: outcomes[i] === null ? 'sent' : 'failed',
    detail: outcomes[i] ?? null,
  }))
  const record = recordDeliveriesQuery(deps.db, rows)
  if (record) await deps.batch([record])
  const failed = targets.flatMap(({ member }, i) =>
    outcomes[i] === null
      ? []
      : [{ memberId: member.id, email: member.email!, name: member.name, reason: outcomes[i]! }],
  )
  if (failed.length > 0)
    deps.log.warn('some invitations could not be delivered', {
      roundId: about.round.id,
      failed: failed.length,
    })
  return { sent: targets.length - failed.length, failed }
}

function invitationFor(about: Invitation, member: Member, url: string, now: Date) {
  return invitationMail(
    {
      locale: member.locale,
      teamName: about.team.name,
      surveyTitle: localize(about.survey.title, member.locale),
      link: url,
      opensAt: about.round.opens_at,
      closesAt: about.round.closes_at,
      timeZone: about.team.timeZone,
      links: about.round.invited,
      teamSize: about.round.team_size,
      k: about.round.k,
      memberName: member.name,
    },
    now,
  )
}

/**
 * Sends again the links whose mail failed, to each member's current address (an admin may have
 * corrected it), from their sealed entries: the same link, so no new link is made.
 *
 * A mail reported as failed may have arrived all the same (a time-out after the server took it),
 * and its link may have been used since: its entry is gone. That member then counts as sent, as
 * if mailed again; otherwise the answer would tell the facilitator that they had answered.
 */
export async function resendFailed(
  deps: Deps,
  about: Invitation,
  members: readonly Member[],
): Promise<Delivery> {
  const failed = (await listDeliveries(deps.db, about.round.id)).filter(
    (d) => d.status === 'failed',
  )
  const targets: { member: Member; url: string }[] = []
  const used: Member[] = []
  for (const d of failed) {
    const member = members.find((m) => m.id === d.memberId)
    if (!member?.email) continue
    const sealed = await findUnusedLinkOf(deps.db, about.round.id, d.memberId)
    if (sealed) targets.push({ member, url: await openLink(deps, about.round.id, sealed) })
    else used.push(member)
  }
  const delivery = await mailLinks(deps, about, targets)
  const record = recordDeliveriesQuery(
    deps.db,
    used.map((m) => ({ round_id: about.round.id, member_id: m.id, status: 'sent', detail: null })),
  )
  if (record) await deps.batch([record])
  return { sent: delivery.sent + used.length, failed: delivery.failed }
}

/** Runs `work` over `items` with at most `width` at a time; results in the items' order. */
export async function inTurn<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane))
  return results
}

/** A loaded round's limit as checkLinkRoom reads it. */
export const roomOf = (round: LoadedRound | RoundRow) => ({
  invited: round.invited,
  extraLinks: round.extra_links,
})
