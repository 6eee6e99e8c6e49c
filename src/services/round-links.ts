import { listAllowances, listDeliveries, listReminders } from '../db/links'
import { listMembers } from '../db/members'
import { allowExtraLinksQuery } from '../db/rounds'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError } from '../domain/errors'
import { linkLimit, linksLeftByHand } from '../domain/roster'
import { baseUrlOf } from '../config'
import { requireAdmin, requireRound, requireTeam } from './access'
import { mailLinks, newLinks, resendFailed, roomOf, writeLinks, type Delivery } from './links'
import { allowanceQuery, checkExtra } from './opening'
import { closeIfOverdue } from './release'
import { getSurvey } from './surveys'

/**
 * A round's links after it opened (DESIGN.md P6b): how they stand against the limit and how
 * their mail went, mailing members added since and retrying failed mail, and extra links an
 * admin allows. Never who answered.
 */

/**
 * Mails links to roster members with an address who have none yet on this open round (added to
 * the roster since it opened), and sends again those whose mail failed.
 */
export async function sendInvitations(
  deps: Deps,
  actor: Actor,
  roundId: string,
  baseUrl = baseUrlOf(deps.config),
): Promise<Delivery> {
  const loaded = await requireRound(deps, actor, roundId)
  if (!deps.mail) throw new AppError('mail_off')
  const round = await closeIfOverdue(deps, loaded)
  if (round.status !== 'open') throw new AppError('round_closed')
  const team = await requireTeam(deps, actor, round.team_id)
  const survey = await getSurvey(deps, round.survey_id, round.survey_version)
  const members = await listMembers(deps.db, team.id)
  const known = new Set((await listDeliveries(deps.db, round.id)).map((d) => d.memberId))
  const mailTo = members.filter((m) => m.email && !known.has(m.id))
  const links = await newLinks(
    deps,
    round.id,
    { mailTo, manual: 0, limit: { teamSize: members.length } },
    baseUrl,
  )
  await writeLinks(deps, roomOf(round), members.length, links)
  const updated = { ...round, invited: round.invited + mailTo.length, team_size: members.length }
  const about = { round: updated, team, survey }
  const fresh = await mailLinks(deps, about, links.mailed)
  const again = await resendFailed(deps, about, members)
  return { sent: fresh.sent + again.sent, failed: [...fresh.failed, ...again.failed] }
}

/**
 * Allows extra links beyond the roster on an open round (admins only), recorded with who allowed
 * how many and why; everyone sees the round's links and team size, so extras are visible.
 */
export async function allowExtraLinks(
  deps: Deps,
  actor: Actor,
  roundId: string,
  count: number,
  reason: string,
) {
  requireAdmin(actor)
  const round = await closeIfOverdue(deps, await requireRound(deps, actor, roundId))
  if (round.status !== 'open') throw new AppError('round_closed')
  const extra = checkExtra(actor, count, reason)
  const [, changed] = await deps.batch([
    allowanceQuery(deps, actor, round.id, extra, reason),
    allowExtraLinksQuery(deps.db, round.id, extra),
  ])
  if (changed?.numChangedRows !== 1) throw new AppError('round_closed')
  return roundLinks(deps, actor, round.id)
}

/**
 * How a round's links stand, for its facilitators and admins: how many exist against the limit,
 * how the mail went (who could not be reached — never who answered), the allowances, and when
 * reminders go out.
 */
export async function roundLinks(deps: Deps, actor: Actor, roundId: string) {
  const round = await requireRound(deps, actor, roundId)
  const members = await listMembers(deps.db, round.team_id)
  const [deliveries, allowances, reminders] = await Promise.all([
    listDeliveries(deps.db, round.id),
    listAllowances(deps.db, round.id),
    listReminders(deps.db, round.id),
  ])
  const teamSize = round.status === 'open' ? members.length : (round.team_size ?? members.length)
  const withoutAddress = members.filter((m) => !m.email).length
  return {
    mode: deps.mail ? ('mail' as const) : ('manual' as const),
    links: round.invited,
    teamSize,
    extraLinks: round.extra_links,
    limit: linkLimit(teamSize, round.extra_links),
    sent: deliveries.filter((d) => d.status === 'sent').length,
    failed: deliveries
      .filter((d) => d.status === 'failed')
      .map((d) => ({
        memberId: d.memberId,
        email: d.email ?? '',
        name: d.name,
        reason: d.detail ?? '',
      })),
    withoutAddress,
    leftByHand: linksLeftByHand({
      links: round.invited,
      byHand: round.invited - deliveries.length,
      teamSize,
      extraLinks: round.extra_links,
      withoutAddress,
      mail: deps.mail !== undefined,
    }),
    allowances,
    reminders,
  }
}
