import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
import type { PulseRule } from '../../domain/schedule'
import {
  moveNextPulse,
  recurringPulseOf,
  removeRecurringPulse,
  setRecurringPulse,
  skipNextPulse,
} from '../../services/schedules'
import { actorOf, apiRouter, errors, json, jsonBody, security } from '../http'
import { Ok } from './schemas'

const TeamParam = z.object({ teamId: z.string().max(64) })

const Pulse = z
  .object({
    surveyId: z.string(),
    k: z.number().int(),
    cadence: z.enum(['weeks', 'monthly']),
    everyWeeks: z.number().int().optional(),
    weekday: z.number().int().optional().describe('0 Sunday … 6 Saturday (weeks cadence)'),
    dayOfMonth: z.number().int().optional().describe('1–28 (monthly cadence)'),
    openTime: z.string().describe('HH:MM in the team’s time zone'),
    openDays: z.number().int(),
    active: z.boolean(),
    timeZone: z.string(),
    nextAt: z.string().describe('When the next round opens (UTC), moved or not'),
    moved: z.boolean().describe('The next occurrence was moved from its time by the cadence'),
    description: z.string().describe('The schedule in words'),
    nextLocal: z.string().describe('The next opening in the team’s time zone, in words'),
  })
  .openapi('RecurringPulse')

const PulseBody = z.object({
  surveyId: z.string().trim().min(1).max(64),
  k: z.number().int().optional().describe('3 to 1000; DEFAULT_K when left out'),
  cadence: z.enum(['weeks', 'monthly']),
  everyWeeks: z.number().optional().describe('1–12, for the weeks cadence'),
  weekday: z.number().optional().describe('0 Sunday … 6 Saturday, for the weeks cadence'),
  dayOfMonth: z.number().optional().describe('1–28, for the monthly cadence'),
  openTime: z.string().max(5).describe('HH:MM in the team’s time zone, e.g. 09:00'),
  openDays: z
    .number()
    .describe(
      'How many days each round stays open: at least 1, at most 7 × everyWeeks (28 monthly)',
    ),
  active: z.boolean().optional().describe('False pauses the pulse; true by default'),
})

type PulseBody = z.infer<typeof PulseBody>

const ruleOf = (b: PulseBody): PulseRule =>
  b.cadence === 'weeks'
    ? {
        cadence: 'weeks',
        everyWeeks: b.everyWeeks as number,
        weekday: b.weekday as number,
        openTime: b.openTime,
        openDays: b.openDays,
      }
    : {
        cadence: 'monthly',
        dayOfMonth: b.dayOfMonth as number,
        openTime: b.openTime,
        openDays: b.openDays,
      }

const flat = (view: Awaited<ReturnType<typeof setRecurringPulse>>) => {
  const { rule, ...rest } = view
  return { ...rest, ...rule }
}

/** A team's recurring pulse: one schedule per team that opens rounds on its own. */
export function schedulesApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'getTeamSchedule',
      method: 'get',
      path: '/teams/{teamId}/schedule',
      tags: ['Schedules'],
      summary: 'The team’s recurring pulse, or null (facilitators and admins)',
      security,
      request: { params: TeamParam },
      responses: {
        200: json(z.object({ schedule: Pulse.nullable() }), 'The pulse, null when none'),
        ...errors(404),
      },
    }),
    async (c) => {
      const view = await recurringPulseOf(deps, actorOf(c), c.req.valid('param').teamId)
      return c.json({ schedule: view && flat(view) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'setTeamSchedule',
      method: 'put',
      path: '/teams/{teamId}/schedule',
      tags: ['Schedules'],
      summary: 'Set, change or pause the team’s recurring pulse',
      description:
        'Every N weeks on a weekday, or monthly on a day, at a time in the team’s time zone. Each occurrence opens a round of the survey that closes `openDays` later, and mails its links. An unchanged running rule keeps its next occurrence; a new rule or resuming starts from the first one after now.',
      security,
      request: { params: TeamParam, body: jsonBody(PulseBody) },
      responses: { 200: json(z.object({ schedule: Pulse }), 'The pulse as now'), ...errors(404) },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const input = { surveyId: body.surveyId, k: body.k, rule: ruleOf(body), active: body.active }
      const view = await setRecurringPulse(deps, actorOf(c), c.req.valid('param').teamId, input)
      return c.json({ schedule: flat(view) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'deleteTeamSchedule',
      method: 'delete',
      path: '/teams/{teamId}/schedule',
      tags: ['Schedules'],
      summary: 'Remove the team’s recurring pulse (its rounds stay)',
      security,
      request: { params: TeamParam },
      responses: { 200: json(Ok, 'Removed'), ...errors(404) },
    }),
    async (c) => {
      await removeRecurringPulse(deps, actorOf(c), c.req.valid('param').teamId)
      return c.json({ ok: true as const }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'skipNextScheduled',
      method: 'post',
      path: '/teams/{teamId}/schedule/skip',
      tags: ['Schedules'],
      summary: 'Skip the next occurrence of the team’s pulse',
      security,
      request: { params: TeamParam },
      responses: { 200: json(z.object({ schedule: Pulse }), 'The pulse as now'), ...errors(404) },
    }),
    async (c) => {
      const view = await skipNextPulse(deps, actorOf(c), c.req.valid('param').teamId)
      return c.json({ schedule: flat(view) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'moveNextScheduled',
      method: 'post',
      path: '/teams/{teamId}/schedule/move',
      tags: ['Schedules'],
      summary: 'Move the next occurrence of the team’s pulse',
      description: 'To a time after now and before the occurrence after it; the cadence goes on.',
      security,
      request: {
        params: TeamParam,
        body: jsonBody(
          z.object({ at: z.string().max(40).describe('ISO date-time, e.g. 2026-12-15T09:00Z') }),
        ),
      },
      responses: { 200: json(z.object({ schedule: Pulse }), 'The pulse as now'), ...errors(404) },
    }),
    async (c) => {
      const { teamId } = c.req.valid('param')
      const view = await moveNextPulse(deps, actorOf(c), teamId, c.req.valid('json').at)
      return c.json({ schedule: flat(view) }, 200)
    },
  )

  return app
}
