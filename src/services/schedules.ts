import { randomId } from '../crypto'
import {
  claimOccurrence,
  deleteSchedule,
  findSchedule,
  listDueSchedules,
  saveSchedule,
  setMovedAt,
  type Schedule,
} from '../db/schedules'
import { listMembers } from '../db/members'
import { findTeam } from '../db/teams'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { checkNewK } from '../domain/anonymity'
import { AppError, field, invalid } from '../domain/errors'
import {
  catchUp,
  checkPulseRule,
  describePulse,
  firstOccurrence,
  followingOccurrence,
  localDateTime,
  type PulseRule,
  type PulseView,
} from '../domain/schedule'
import type { Team } from '../domain/teams'
import { requireSignedIn, requireTeam } from './access'
import { openRound } from './opening'
import { getSurvey } from './surveys'

export type { PulseView }

/**
 * A team's recurring pulse: a schedule that opens rounds of one survey on its own, delivers
 * their links by mail and lets them close at their time. Facilitators of the team and admins
 * set, pause, remove it, and skip or move its next occurrence; the timer opens what is due.
 */

export interface PulseInput {
  surveyId: string
  k?: number | undefined
  rule: PulseRule
  /** False pauses the pulse; true (the default) runs it. */
  active?: boolean | undefined
}

/** Who rounds opened by a schedule say facilitated them. */
const PULSE_ACTOR: Actor = { kind: 'operator', as: 'recurring pulse' }

const viewOf = (s: Schedule, team: Team): PulseView => {
  const nextAt = s.movedAt ?? s.nextAt
  return {
    surveyId: s.surveyId,
    k: s.k,
    rule: s.rule,
    active: s.active,
    timeZone: team.timeZone,
    nextAt,
    moved: s.movedAt !== null,
    description: describePulse(s.rule, team.timeZone),
    nextLocal: localDateTime(new Date(nextAt), team.timeZone),
  }
}

/** The team if the actor manages it: its facilitators, admins, the operator; never share links. */
async function manageTeam(deps: Deps, actor: Actor, teamId: string): Promise<Team> {
  if (actor.kind !== 'operator') requireSignedIn(actor)
  return requireTeam(deps, actor, teamId)
}

async function requirePulse(deps: Deps, team: Team): Promise<Schedule> {
  const schedule = await findSchedule(deps.db, team.id)
  if (!schedule) throw new AppError('not_found', {}, [], 'schedule_missing')
  return schedule
}

/** The team's recurring pulse, or null when it has none. */
export async function recurringPulseOf(
  deps: Deps,
  actor: Actor,
  teamId: string,
): Promise<PulseView | null> {
  const team = await manageTeam(deps, actor, teamId)
  const schedule = await findSchedule(deps.db, team.id)
  return schedule ? viewOf(schedule, team) : null
}

/**
 * Sets (or replaces, or pauses) the team's pulse. An unchanged running rule keeps its next
 * occurrence, moved or not; a new rule, or resuming, starts from the first occurrence after now
 * (so a pause never makes up for the rounds it left out).
 */
export async function setRecurringPulse(
  deps: Deps,
  actor: Actor,
  teamId: string,
  input: PulseInput,
): Promise<PulseView> {
  const team = await manageTeam(deps, actor, teamId)
  const rule = checkPulseRule(input.rule)
  const k = checkNewK(input.k ?? deps.config.DEFAULT_K)
  await getSurvey(deps, input.surveyId).catch(() => {
    throw invalid('schedule_invalid', {}, [
      field('surveyId', 'schedule_survey', { id: input.surveyId.slice(0, 64) }),
    ])
  })
  const active = input.active ?? true
  const old = await findSchedule(deps.db, team.id)
  const keep = old && old.active && active && JSON.stringify(old.rule) === JSON.stringify(rule)
  const now = deps.now()
  const schedule: Schedule = {
    id: old?.id ?? randomId(),
    teamId: team.id,
    surveyId: input.surveyId,
    k,
    rule,
    nextAt: keep ? old.nextAt : firstOccurrence(rule, now, team.timeZone).toISOString(),
    movedAt: keep ? old.movedAt : null,
    active,
    createdBy: old?.createdBy ?? (actor.kind === 'user' ? actor.user.name : 'the operator'),
    createdAt: old?.createdAt ?? now.toISOString(),
  }
  await saveSchedule(deps.db, schedule)
  return viewOf(schedule, team)
}

/** Removes the team's pulse; rounds it opened stay as they are. */
export async function removeRecurringPulse(deps: Deps, actor: Actor, teamId: string) {
  const team = await manageTeam(deps, actor, teamId)
  if (!(await deleteSchedule(deps.db, team.id)))
    throw new AppError('not_found', {}, [], 'schedule_missing')
}

/** Skips the next occurrence (moved or not): the pulse carries on with the one after. */
export async function skipNextPulse(
  deps: Deps,
  actor: Actor,
  teamId: string,
  /** The occurrence the person saw; when another is next by now, nothing is skipped again. */
  seen?: string,
) {
  const team = await manageTeam(deps, actor, teamId)
  const schedule = await requirePulse(deps, team)
  if (seen !== undefined && seen !== (schedule.movedAt ?? schedule.nextAt))
    return viewOf(schedule, team)
  const after = followingOccurrence(schedule.rule, new Date(schedule.nextAt), team.timeZone)
  // Guarded like the timer's claim: if the timer took this occurrence meanwhile, that stands.
  await claimOccurrence(deps.db, schedule, after.toISOString())
  return viewOf(await requirePulse(deps, team), team)
}

/**
 * Moves the next occurrence to `at`: later than now and before the occurrence after it, so
 * rounds keep their order. The cadence carries on as before.
 */
export async function moveNextPulse(deps: Deps, actor: Actor, teamId: string, at: string) {
  const team = await manageTeam(deps, actor, teamId)
  const schedule = await requirePulse(deps, team)
  // An ISO date-time whose fields exist: Date would read 24:00 as the next day's midnight.
  const parts =
    /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/.exec(at)
  const exists = parts && +parts[1]! < 24 && +parts[2]! < 60 && +(parts[3] ?? 0) < 60
  const moved = new Date(exists ? at : NaN)
  const after = followingOccurrence(schedule.rule, new Date(schedule.nextAt), team.timeZone)
  if (Number.isNaN(moved.getTime()) || moved <= deps.now() || moved >= after)
    throw invalid('schedule_move', {}, [field('at', 'schedule_move')])
  await setMovedAt(deps.db, schedule.id, moved.toISOString())
  return viewOf({ ...schedule, movedAt: moved.toISOString() }, team)
}

/**
 * Opens the rounds whose time has come, once each. Each due schedule is claimed by advancing
 * `next_at` past now only if it still holds the value read, so a second timer or a re-run opens
 * nothing. After missed ticks only the latest missed occurrence opens, and only while its round
 * would still be open. Links go by mail; members without an address get theirs from the
 * facilitator, on the round's page (nobody would see links made by hand here). A round that cannot
 * open (an empty roster, a survey gone) is logged, without personal data, and the rest go on.
 */
export async function openDueScheduled(deps: Deps): Promise<number> {
  const now = deps.now()
  let opened = 0
  for (const schedule of await listDueSchedules(deps.db, now.toISOString())) {
    try {
      const team = await findTeam(deps.db, schedule.teamId)
      if (!team) continue
      const due = new Date(schedule.movedAt ?? schedule.nextAt)
      const plan = catchUp(
        schedule.rule,
        { nextAt: new Date(schedule.nextAt), due },
        now,
        team.timeZone,
      )
      if (!(await claimOccurrence(deps.db, schedule, plan.nextAt.toISOString()))) continue
      if (!plan.open) {
        deps.log.info('recurring pulse missed', { schedule: schedule.id })
        continue
      }
      // A round for nobody would only confuse the team's trend.
      if ((await listMembers(deps.db, team.id)).length === 0) {
        deps.log.warn('recurring pulse did not open a round', {
          schedule: schedule.id,
          code: 'empty_roster',
        })
        continue
      }
      await openRound(deps, PULSE_ACTOR, {
        teamId: team.id,
        surveyId: schedule.surveyId,
        k: schedule.k,
        closesAt: plan.open.closesAt.toISOString(),
        invitations: 0,
      })
      opened++
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'internal'
      deps.log.warn('recurring pulse did not open a round', { schedule: schedule.id, code })
    }
  }
  return opened
}
