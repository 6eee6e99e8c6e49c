import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import { WEEKDAYS, type PulseRule, type PulseView } from '../domain/schedule'
import { recurringPulseOf, setRecurringPulse, skipNextPulse } from '../services/schedules'
import { defineCommand, opt } from './command'
import type { Output } from './output'

/** A team's recurring pulse from the command line; the same as /api/teams/{id}/schedule. */

const EVERY = /^(?:(\d{1,2})w|monthly)$/
const DAYS = WEEKDAYS.map((d) => d.toLowerCase())

const SetSchedule = z
  .object({
    team: opt.team(),
    survey: opt.id('--survey psychological-safety'),
    every: z
      .string({ error: 'is required, e.g. --every 2w or --every monthly' })
      .trim()
      .toLowerCase()
      .regex(EVERY, 'must be a number of weeks like 2w, or monthly'),
    on: z
      .string({ error: 'is required, e.g. --on monday (weeks) or --on 15 (monthly)' })
      .trim()
      .toLowerCase(),
    at: z.string({ error: 'is required, e.g. --at 09:00' }).trim(),
    'open-days': opt.int(1, 28, '--open-days 5'),
    k: opt.int(3, 1000, '--k 5').optional(),
    paused: opt.flag(),
  })
  .superRefine((input, ctx) => {
    const weeks = input.every !== 'monthly'
    const ok = weeks ? DAYS.includes(input.on) : /^\d{1,2}$/.test(input.on)
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: ['on'],
        message: weeks
          ? 'must be a day of the week with --every Nw, e.g. --on monday'
          : 'must be a day of the month from 1 to 28 with --every monthly, e.g. --on 15',
      })
  })

function ruleOf(input: z.output<typeof SetSchedule>): PulseRule {
  const timing = { openTime: input.at, openDays: input['open-days'] }
  const weeks = EVERY.exec(input.every)?.[1]
  return weeks
    ? { cadence: 'weeks', everyWeeks: Number(weeks), weekday: DAYS.indexOf(input.on), ...timing }
    : { cadence: 'monthly', dayOfMonth: Number(input.on), ...timing }
}

function show(out: Output, pulse: PulseView) {
  out.print(`${pulse.description}; survey ${pulse.surveyId}, k ${pulse.k}.`)
  out.print(
    pulse.active
      ? `Next: ${pulse.nextLocal} (${pulse.nextAt})${pulse.moved ? ', moved' : ''}.`
      : 'Paused.',
  )
}

const setScheduleCommand = defineCommand({
  name: 'set-schedule',
  summary: 'Set, change or pause a team’s recurring pulse',
  usage:
    '--team ID --survey ID --every 2w|monthly --on monday|15 --at 09:00 --open-days 5 [--k 5] [--paused]',
  details: [
    '',
    'Each occurrence opens a round of the survey at that time in the team’s time zone, mails its',
    'links, and closes it --open-days later. The weeks count from the first occurrence after now.',
  ],
  options: {
    team: { type: 'string' },
    survey: { type: 'string' },
    every: { type: 'string' },
    on: { type: 'string' },
    at: { type: 'string' },
    'open-days': { type: 'string' },
    k: { type: 'string' },
    paused: { type: 'boolean' },
  },
  schema: SetSchedule,
  async run(ctx, input) {
    const deps = await ctx.open()
    const pulse = await setRecurringPulse(deps, OPERATOR, input.team, {
      surveyId: input.survey,
      k: input.k,
      rule: ruleOf(input),
      active: !input.paused,
    })
    show(ctx.out, pulse)
  },
})

const showScheduleCommand = defineCommand({
  name: 'show-schedule',
  summary: 'Show a team’s recurring pulse',
  usage: '--team ID',
  options: { team: { type: 'string' } },
  schema: z.object({ team: opt.team() }),
  async run(ctx, input) {
    const pulse = await recurringPulseOf(await ctx.open(), OPERATOR, input.team)
    if (!pulse)
      return ctx.out.print('No recurring pulse. Set one with `npm run cli -- set-schedule`.')
    show(ctx.out, pulse)
  },
})

const skipNextCommand = defineCommand({
  name: 'skip-next',
  summary: 'Skip the next round of a team’s recurring pulse',
  usage: '--team ID',
  options: { team: { type: 'string' } },
  schema: z.object({ team: opt.team() }),
  async run(ctx, input) {
    const pulse = await skipNextPulse(await ctx.open(), OPERATOR, input.team)
    ctx.out.note('Skipped the next round.')
    show(ctx.out, pulse)
  },
})

export const scheduleCommands = [setScheduleCommand, showScheduleCommand, skipNextCommand]
