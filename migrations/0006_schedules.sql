-- Recurring pulses: a team's schedule opens rounds of one survey on its own (issue 10).
--
-- One schedule per team. Times are wall-clock times in the team's time zone (`teams.time_zone`),
-- so a pulse "every 2 weeks on Monday at 09:00" stays at 09:00 across daylight-saving changes;
-- `next_at` is that occurrence in UTC, worked out by src/domain/schedule.ts.
--
-- `next_at` is also the claim: the server opens an occurrence only by an UPDATE that advances
-- `next_at` from exactly the value it read, so two timers, a re-run or a Worker retry never open
-- the same occurrence twice.
--
-- The columns (comments stay outside the statement: D1 stores its text without them, and both
-- runtimes must record the same schema):
-- - every_weeks, weekday: the weeks cadence, every `every_weeks` weeks on `weekday` (0 Sunday …
--   6 Saturday);
-- - day_of_month: the monthly cadence, on this day of each month (at most 28, which every month has);
-- - open_days: how long each round stays open, in days;
-- - next_at: the next occurrence, ISO 8601 in UTC; the weeks cadence counts its weeks from here;
-- - moved_at: facilitators may move one occurrence; it replaces the occurrence `next_at` for that
--   time only (it opens then, and the cadence carries on from `next_at`). NULL when not moved.
CREATE TABLE schedules (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL UNIQUE REFERENCES teams (id) ON DELETE CASCADE,
  survey_id TEXT NOT NULL,
  k INTEGER NOT NULL CHECK (k >= 3),
  cadence TEXT NOT NULL CHECK (cadence IN ('weeks', 'monthly')),
  every_weeks INTEGER CHECK (every_weeks BETWEEN 1 AND 12),
  weekday INTEGER CHECK (weekday BETWEEN 0 AND 6),
  day_of_month INTEGER CHECK (day_of_month BETWEEN 1 AND 28),
  open_time TEXT NOT NULL CHECK (open_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  open_days INTEGER NOT NULL CHECK (open_days BETWEEN 1 AND 28),
  next_at TEXT NOT NULL,
  moved_at TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK (
    (cadence = 'weeks' AND every_weeks IS NOT NULL AND weekday IS NOT NULL)
    OR (cadence = 'monthly' AND day_of_month IS NOT NULL)
  )
);
-- The timer looks for active schedules that are due.
CREATE INDEX schedules_due ON schedules (active, next_at);
