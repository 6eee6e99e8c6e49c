import { randomId } from '../crypto'
import { countDeliveries, insertAllowanceQuery, insertRemindersQuery } from '../db/links'
import { listMembers } from '../db/members'
import { insertRoundQuery, type RoundRow } from '../db/rounds'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { checkNewK, commentMinimum } from '../domain/anonymity'
import { AppError, field, invalid } from '../domain/errors'
import { MAX_INVITATIONS_PER_CALL } from '../domain/limits'
import { checkReminderSpecs, DEFAULT_REMINDERS, reminderTimes } from '../domain/reminders'
import { checkByHandRoom, MAX_EXTRA_LINKS } from '../domain/roster'
import type { Member, Team } from '../domain/teams'
import { baseUrlOf } from '../config'
import { requireAdmin, requireRound, requireTeam } from './access'
import { mailLinks, newLinks, roomOf, writeLinks, type Delivery, type Link } from './links'
import { announce } from './chat'
import { closeIfOverdue } from './release'
import { handOn } from './rotation'
import { summarizeRound } from './rounds'
import { getSurvey } from './surveys'
import type { SurveyDefinition } from '../domain/survey'

/**
 * Opening rounds and handing out their links (DESIGN.md P6b). With mail configured, every roster
 * member with an address gets their own link by mail and nobody else ever sees it; links for
 * members without an address, and extra links an admin allowed, are handed out by hand. A round
 * never has more links than its roster plus the extra links allowed, and says so publicly.
 */

/** The longest a round may stay open, and the furthest ahead it may open. */
const MAX_OPEN_DAYS = 366
const MAX_OPEN_MS = MAX_OPEN_DAYS * 24 * 3600_000

export interface OpenRoundInput {
  teamId: string
  surveyId: string
  surveyVersion?: number | undefined
  k?: number | undefined
  opensAt?: string | undefined
  closesAt: string
  /**
   * Links to hand out by hand now. By default one for each member the server does not mail: all
   * of them without mail, those without an address with it.
   */
  invitations?: number | undefined
  /** Extra links beyond the roster (admins only), and why. */
  extraLinks?: number | undefined
  extraReason?: string | undefined
  /** When reminders go out, e.g. ['50%', '24h']; REMINDERS (or those two) by default. */
  reminders?: readonly string[] | undefined
  /** Where the links point; BASE_URL (or http://HOST:PORT) unless the request says otherwise. */
  baseUrl?: string | undefined
}

/** What opening or adding links did: links to hand out by hand, and what was mailed. */
export interface LinksOutcome {
  links: Link[]
  delivery: Delivery & { mode: 'mail' | 'manual' }
}

/** Opens a round for a team (P3: k fixed now, at least 3) and makes and delivers its links. */
export async function openRound(deps: Deps, actor: Actor, input: OpenRoundInput) {
  const team = await requireTeam(deps, actor, input.teamId)
  const survey = await getSurvey(deps, input.surveyId, input.surveyVersion)
  return openTeamRound(deps, actor, { team, survey, window: checkWindow(deps, input) }, input)
}

/** When a round (or a campaign's rounds) may open and close, and its k: checked once. */
export interface RoundWindow {
  k: number
  opensAt: Date
  closesAt: Date
}

/** Checks k (P3) and the opening and closing times of a new round or campaign. */
export function checkWindow(
  deps: Deps,
  input: { k?: number | undefined; opensAt?: string | undefined; closesAt: string },
): RoundWindow {
  const k = checkNewK(input.k ?? deps.config.DEFAULT_K)
  const now = deps.now()
  const opensAt = input.opensAt ? new Date(input.opensAt) : now
  const closesAt = new Date(input.closesAt)
  if (closesAt.getTime() <= Math.max(now.getTime(), opensAt.getTime()))
    throw invalid('closing_time', {}, [
      { path: 'closesAt', message: 'must be later than now and than opensAt' },
    ])
  // A round open for years would never release; a pulse is weeks, a long survey months.
  if (closesAt.getTime() - Math.max(now.getTime(), opensAt.getTime()) > MAX_OPEN_MS)
    throw invalid('closing_time_far', { days: MAX_OPEN_DAYS }, [
      field('closesAt', 'closing_time_far', { days: MAX_OPEN_DAYS }),
    ])
  if (opensAt.getTime() - now.getTime() > MAX_OPEN_MS)
    throw invalid('closing_time_far', { days: MAX_OPEN_DAYS }, [
      field('opensAt', 'closing_time_far', { days: MAX_OPEN_DAYS }),
    ])
  return { k, opensAt, closesAt }
}

/**
 * Opens one team's round in a window already checked: on its own (openRound) or as part of a
 * campaign (`campaignId`), whose rounds mail their links and leave links by hand to the team's
 * facilitators.
 */
export async function openTeamRound(
  deps: Deps,
  actor: Actor,
  target: { team: Team; survey: SurveyDefinition; window: RoundWindow; campaignId?: string },
  input: Omit<OpenRoundInput, 'teamId' | 'surveyId' | 'closesAt'>,
) {
  const { team, survey } = target
  const { k, opensAt, closesAt } = target.window
  const now = deps.now()
  const extra = checkExtra(actor, input.extraLinks ?? 0, input.extraReason)
  const specs = checkReminderSpecs(input.reminders ?? deps.config.REMINDERS ?? DEFAULT_REMINDERS)
  const members = await listMembers(deps.db, team.id)
  const { mailTo, byHand } = split(deps, members)
  const manual = input.invitations ?? byHand
  checkCount(manual, 0)
  const round: RoundRow = {
    id: randomId(),
    team_id: team.id,
    survey_id: survey.id,
    survey_version: survey.version,
    k,
    comment_min: commentMinimum(k, deps.config.COMMENT_MIN),
    opens_at: opensAt.toISOString(),
    closes_at: closesAt.toISOString(),
    status: 'open',
    closed_at: null,
    invited: 0,
    debrief: null,
    debrief_updated_at: null,
    created_at: now.toISOString(),
    team_size: members.length,
    extra_links: extra,
    facilitated_by: actorName(actor),
    facilitator_member: null,
    quorum_announced: 0,
    campaign_id: target.campaignId ?? null,
  }
  const base = input.baseUrl ?? baseUrlOf(deps.config)
  // With mail, links by hand only for members without an address and extra links (P6b).
  if (deps.mail) checkByHandRoom({ byHand: 0, extraLinks: extra }, byHand, manual)
  const plan = { mailTo, manual, limit: { teamSize: members.length } }
  const links = await newLinks(deps, round.id, plan, base)
  const due = mailTo.length > 0 ? reminderTimes(opensAt, closesAt, team.timeZone, specs) : []
  // The round, its links, its reminders and any allowance stand or fall together.
  await writeLinks(deps, { invited: 0, extraLinks: extra }, members.length, links, [
    insertRoundQuery(deps.db, round),
    ...optional(
      insertRemindersQuery(
        deps.db,
        round.id,
        due.map((d) => d.toISOString()),
      ),
    ),
    ...(extra > 0 ? [allowanceQuery(deps, actor, round.id, extra, input.extraReason!)] : []),
  ])
  const opened = { ...round, invited: mailTo.length + manual }
  const delivery = await mailLinks(deps, { round: opened, team, survey }, links.mailed)
  const turn = team.rotation ? await handOn(deps, { round: opened, team, survey }, base) : undefined
  await announce(deps, team.id, { kind: 'opened', round: opened })
  const facilitatedBy = turn?.name ?? opened.facilitated_by
  return {
    round: await summarizeRound(
      deps,
      { ...opened, facilitated_by: facilitatedBy, respondents: null },
      'en',
      survey,
    ),
    ...outcome(deps, links.manual, delivery),
  }
}

/**
 * More links by hand for an open round, within its limit: for members without an address, for
 * everyone in the manual mode, or extra links an admin allowed.
 */
export async function mintInvitations(
  deps: Deps,
  actor: Actor,
  roundId: string,
  count: number,
  baseUrl = baseUrlOf(deps.config),
): Promise<Link[]> {
  const loaded = await requireRound(deps, actor, roundId)
  checkCount(count, 1)
  const round = await closeIfOverdue(deps, loaded)
  if (round.status !== 'open') throw new AppError('round_closed')
  const members = await listMembers(deps.db, round.team_id)
  const limit = { teamSize: members.length, ...byHandLimit(deps, members) }
  if (limit.withoutAddress !== undefined) {
    const byHand = round.invited - (await countDeliveries(deps.db, round.id))
    checkByHandRoom({ byHand, extraLinks: round.extra_links }, limit.withoutAddress, count)
  }
  const links = await newLinks(deps, round.id, { mailTo: [], manual: count, limit }, baseUrl)
  await writeLinks(deps, roomOf(round), members.length, links)
  return links.manual
}

/**
 * With mail, how many members have no address: links by hand are for them (and extra links)
 * only; members with an address get theirs by mail. Without mail, no such limit.
 */
function byHandLimit(deps: Deps, members: readonly Member[]): { withoutAddress?: number } {
  return deps.mail ? { withoutAddress: members.filter((m) => !m.email).length } : {}
}

function split(deps: Deps, members: readonly Member[]) {
  const mailTo = deps.mail ? members.filter((m) => m.email) : []
  return { mailTo, byHand: members.length - mailTo.length }
}

function outcome(deps: Deps, links: Link[], delivery: Delivery): LinksOutcome {
  return { links, delivery: { mode: deps.mail ? 'mail' : 'manual', ...delivery } }
}

function checkCount(count: number, min: number): void {
  if (!Number.isInteger(count) || count < min || count > MAX_INVITATIONS_PER_CALL)
    throw invalid('link_count', { max: MAX_INVITATIONS_PER_CALL }, [
      {
        path: min === 0 ? 'invitations' : 'count',
        message: `${min} to ${MAX_INVITATIONS_PER_CALL}`,
      },
    ])
}

/** Extra links: only admins allow them, up to MAX_EXTRA_LINKS at once, with a reason. */
export function checkExtra(actor: Actor, count: number, reason: string | undefined): number {
  if (count === 0) return 0
  requireAdmin(actor)
  if (!Number.isInteger(count) || count < 1 || count > MAX_EXTRA_LINKS || !reason?.trim())
    throw invalid('extra_links', { max: MAX_EXTRA_LINKS }, [
      field(!reason?.trim() ? 'extraReason' : 'extraLinks', 'extra_links', {
        max: MAX_EXTRA_LINKS,
      }),
    ])
  return count
}

export function allowanceQuery(
  deps: Deps,
  actor: Actor,
  roundId: string,
  count: number,
  reason: string,
) {
  return insertAllowanceQuery(deps.db, {
    id: randomId(),
    round_id: roundId,
    count,
    reason: reason.trim().slice(0, 200),
    allowed_by: actorName(actor),
    created_at: deps.now().toISOString(),
  })
}

/** Who acted, by name, as rounds and allowances record it. */
function actorName(actor: Actor): string {
  if (actor.kind === 'operator' && actor.as) return actor.as
  return actor.kind === 'user' ? actor.user.name : 'the operator (command line)'
}

const optional = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value])

export type { Team }
