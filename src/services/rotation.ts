import { hashPassword, hashSecret, randomId, randomSecret } from '../crypto'
import { listMembers } from '../db/members'
import {
  consumeFacilitatorLink,
  findFacilitatorLink,
  findPreviousFacilitatorMember,
  grantQueries,
  handOnQueries,
} from '../db/rotation'
import type { RoundRow } from '../db/rounds'
import { findUserByEmail } from '../db/users'
import type { Deps } from '../deps'
import { localize, type SurveyDefinition } from '../domain/survey'
import type { Member, Team } from '../domain/teams'
import { normaliseEmail } from '../domain/users'
import { MailError } from '../mail/mailer'
import { facilitatorMail } from '../mail/templates'
import { SECRET_PREFIX } from './auth'

/**
 * Rotating facilitators. On a team with rotation on, each new round's facilitator is the next
 * roster member with an address, in roster order after the one who had the team's previous round
 * (wrapping). They get a single-use, expiring sign-in link by mail; using it makes them a
 * facilitator of the team — a temporary grant (`team_facilitators.round_id` set) that ends when
 * the team's next round opens, because `handOn` then deletes it. Permanent facilitators
 * (`round_id` NULL) are never touched. Only the link's SHA-256 hash is stored, and the secret
 * travels after `#`, so it never reaches a server log.
 */

/** Sign-in links for the facilitator whose turn it is say what they are. */
export const FACILITATOR_LINK_PREFIX = 'qfl_'

const LINK_MS = 7 * 24 * 3600_000

/** Whose turn it is, and whether their sign-in link went out by mail. */
export interface Turn {
  memberId: string
  name: string
  mailed: boolean
}

/** What a round's handing-on needs to know. */
export interface TurnAbout {
  round: RoundRow
  team: Team
  survey: SurveyDefinition
}

/**
 * Hands the facilitator role to the next member in turn for a round just opened, ends the team's
 * earlier temporary grants and unused links, and mails the member a sign-in link to
 * `${baseUrl}/facilitate#<token>`. Without mail no link is made (the round page says whose turn
 * it is). Undefined when nobody on the roster has an address.
 */
export async function handOn(
  deps: Deps,
  about: TurnAbout,
  baseUrl: string,
): Promise<Turn | undefined> {
  const { round, team } = about
  const members = await listMembers(deps.db, team.id)
  const previous = await findPreviousFacilitatorMember(deps.db, team.id, round.id)
  const member = nextInTurn(members, previous)
  if (!member?.email) return undefined
  const name = member.name ?? member.email
  const token = deps.mail ? randomSecret(FACILITATOR_LINK_PREFIX) : undefined
  const expiresAt = linkExpiry(deps.now(), round.closes_at)
  const link = token ? { tokenHash: await hashSecret(token), expiresAt } : undefined
  const turn = { teamId: team.id, roundId: round.id, memberId: member.id, name, link }
  await deps.batch(handOnQueries(deps.db, turn))
  const mailed = token
    ? await mailTurn(deps, about, member, `${baseUrl}/facilitate#${token}`, expiresAt)
    : false
  return { memberId: member.id, name, mailed }
}

/**
 * The member whose turn follows `previousId` in roster order, wrapping; members without an
 * address are skipped. From the top when nobody had a turn yet or they left the roster.
 */
export function nextInTurn(
  members: readonly Member[],
  previousId: string | undefined,
): Member | undefined {
  const eligible = [...members].filter((m) => m.email).sort((a, b) => a.position - b.position)
  const previous = members.find((m) => m.id === previousId)
  if (!previous) return eligible[0]
  return eligible.find((m) => m.position > previous.position) ?? eligible[0]
}

/** A sign-in link lasts seven days, or until the round closes if that is later. */
export function linkExpiry(now: Date, closesAt: string): string {
  return new Date(Math.max(now.getTime() + LINK_MS, new Date(closesAt).getTime())).toISOString()
}

/** What using a sign-in link did: a session for the round's page, or why not. */
export type LinkUse =
  | { ok: true; roundId: string; sessionToken: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'disabled' | 'admin' }

/**
 * Uses a facilitator's sign-in link once: makes their account if there is none (a facilitator
 * whose password nobody knows: they sign in through these links, or an admin sets one), grants
 * them the round's team until its next round opens, and starts a session. Unknown, used and
 * expired links change nothing; a disabled account, or an admin's, is refused before its link is
 * spent.
 */
export async function useFacilitatorLink(deps: Deps, token: string): Promise<LinkUse> {
  if (!token.startsWith(FACILITATOR_LINK_PREFIX)) return { ok: false, reason: 'invalid' }
  const tokenHash = await hashSecret(token)
  const now = deps.now()
  const at = now.toISOString()
  const link = await findFacilitatorLink(deps.db, tokenHash, at)
  if (!link?.email) return { ok: false, reason: 'invalid' }
  const email = normaliseEmail(link.email)
  const existing = await findUserByEmail(deps.db, email)
  if (existing?.disabled) return { ok: false, reason: 'disabled' }
  // A mailed link never signs anyone in as an admin: an admin signs in with their password (and
  // may facilitate every team already). The link is left unspent.
  if (existing?.role === 'admin') return { ok: false, reason: 'admin' }
  if (!(await consumeFacilitatorLink(deps.db, tokenHash, at)))
    return { ok: false, reason: 'invalid' }
  const sessionToken = randomSecret(SECRET_PREFIX.session)
  const expiresAt = new Date(now.getTime() + deps.config.SESSION_HOURS * 3600_000)
  const passwordHash = existing
    ? ''
    : await hashPassword(randomSecret(), deps.config.PASSWORD_ITERATIONS)
  const results = await deps.batch(
    grantQueries(deps.db, {
      email,
      newUser: { id: randomId(), name: link.name ?? email, passwordHash, createdAt: at },
      teamId: link.teamId,
      roundId: link.roundId,
      session: {
        tokenHash: await hashSecret(sessionToken),
        createdAt: at,
        expiresAt: expiresAt.toISOString(),
      },
    }),
  )
  if (results.at(-1)?.numChangedRows !== 1) return { ok: false, reason: 'disabled' }
  return { ok: true, roundId: link.roundId, sessionToken, expiresAt }
}

/**
 * What the round page tells its readers on a rotating team without mail: whose turn it is, and
 * that no sign-in link could be sent to them.
 */
export function turnNotice(deps: Deps, team: Team, round: RoundRow): string | undefined {
  if (!team.rotation || deps.mail || !round.facilitator_member || round.status !== 'open')
    return undefined
  return `It is ${round.facilitated_by ?? 'the next member'}’s turn to facilitate this round. Rotation hands the role on with a sign-in link by mail, and this server sends no mail, so no link was made: an admin can make them a facilitator of ${team.name} instead.`
}

async function mailTurn(
  deps: Deps,
  about: TurnAbout,
  member: Member,
  link: string,
  expiresAt: string,
): Promise<boolean> {
  const content = facilitatorMail({
    locale: member.locale,
    teamName: about.team.name,
    surveyTitle: localize(about.survey.title, member.locale),
    link,
    expiresAt,
    closesAt: about.round.closes_at,
    timeZone: about.team.timeZone,
  })
  try {
    await deps.mail!.send({ to: member.email!, ...content })
    return true
  } catch (err) {
    if (!(err instanceof MailError)) throw err
    deps.log.warn('the facilitator’s sign-in link could not be mailed', { roundId: about.round.id })
    return false
  }
}
