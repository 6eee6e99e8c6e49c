import type { PulseRule } from '../domain/schedule'
import type { Db, SchedulesTable } from './schema'

/** A team's recurring pulse as the services see it. */
export interface Schedule {
  id: string
  teamId: string
  surveyId: string
  k: number
  rule: PulseRule
  /** The next occurrence by the cadence (UTC ISO). */
  nextAt: string
  /** Where that one occurrence was moved to, if it was. */
  movedAt: string | null
  active: boolean
  createdBy: string
  createdAt: string
}

const toSchedule = (row: SchedulesTable): Schedule => {
  const timing = { openTime: row.open_time, openDays: row.open_days }
  const rule: PulseRule =
    row.cadence === 'weeks'
      ? { cadence: 'weeks', everyWeeks: row.every_weeks ?? 1, weekday: row.weekday ?? 1, ...timing }
      : { cadence: 'monthly', dayOfMonth: row.day_of_month ?? 1, ...timing }
  return {
    id: row.id,
    teamId: row.team_id,
    surveyId: row.survey_id,
    k: row.k,
    rule,
    nextAt: row.next_at,
    movedAt: row.moved_at,
    active: row.active === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
  }
}

const toRow = (s: Schedule): SchedulesTable => ({
  id: s.id,
  team_id: s.teamId,
  survey_id: s.surveyId,
  k: s.k,
  cadence: s.rule.cadence,
  every_weeks: s.rule.cadence === 'weeks' ? s.rule.everyWeeks : null,
  weekday: s.rule.cadence === 'weeks' ? s.rule.weekday : null,
  day_of_month: s.rule.cadence === 'monthly' ? s.rule.dayOfMonth : null,
  open_time: s.rule.openTime,
  open_days: s.rule.openDays,
  next_at: s.nextAt,
  moved_at: s.movedAt,
  active: s.active ? 1 : 0,
  created_by: s.createdBy,
  created_at: s.createdAt,
})

/** A team's schedule, if it has one. */
export async function findSchedule(db: Db, teamId: string): Promise<Schedule | undefined> {
  const row = await db
    .selectFrom('schedules')
    .selectAll()
    .where('team_id', '=', teamId)
    .executeTakeFirst()
  return row && toSchedule(row)
}

/** Sets a team's schedule, replacing the one it had (one per team). */
export async function saveSchedule(db: Db, schedule: Schedule): Promise<void> {
  const row = toRow(schedule)
  const { id: _id, team_id: _team, created_at: _at, created_by: _by, ...changes } = row
  await db
    .insertInto('schedules')
    .values(row)
    .onConflict((oc) => oc.column('team_id').doUpdateSet(changes))
    .execute()
}

export async function deleteSchedule(db: Db, teamId: string): Promise<boolean> {
  const result = await db.deleteFrom('schedules').where('team_id', '=', teamId).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Active schedules whose next (or moved) occurrence has come by `now`. */
export async function listDueSchedules(db: Db, now: string): Promise<Schedule[]> {
  const rows = await db
    .selectFrom('schedules')
    .selectAll()
    .where('active', '=', 1)
    .where((eb) => eb(eb.fn.coalesce('moved_at', 'next_at'), '<=', now))
    .execute()
  return rows.map(toSchedule)
}

/**
 * Advances a schedule past the occurrence it was read at, only if nobody did meanwhile: the
 * claim on that occurrence. True for the one caller that moved it; any other (a second timer, a
 * re-run) finds `next_at` changed and gets false.
 */
export async function claimOccurrence(
  db: Db,
  read: Pick<Schedule, 'id' | 'nextAt' | 'movedAt'>,
  nextAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('schedules')
    .set({ next_at: nextAt, moved_at: null })
    .where('id', '=', read.id)
    .where('next_at', '=', read.nextAt)
    .where('moved_at', 'is', read.movedAt)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Moves the next occurrence (null: back to its time by the cadence). */
export async function setMovedAt(db: Db, id: string, movedAt: string | null): Promise<void> {
  await db.updateTable('schedules').set({ moved_at: movedAt }).where('id', '=', id).execute()
}
