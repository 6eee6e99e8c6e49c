import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { MAX_INVITATIONS_PER_CALL } from '../../domain/limits'
import { MAX_EXTRA_LINKS } from '../../domain/roster'
import { closeRoundAs } from '../../services/release'
import { openRound, type OpenRoundInput } from '../../services/opening'
import {
  getRoundSummary,
  listTeamRoundsFor,
  raiseK,
  summarizeRound,
  writeDebrief,
} from '../../services/rounds'
import {
  apiRouter,
  csvResponse,
  errors,
  json,
  jsonBody,
  pickLocale,
  actorOf,
  security,
  type AppEnv,
} from '../http'
import { RELEASING } from './reports'
import { InvitationLinks, linksCsvResponse, wantsLegacyCsv } from './links'
import { DeliverySchema, RoundSummarySchema } from './schemas'

const RoundParam = z.object({ roundId: z.string().max(64) })
const TeamParam = z.object({ teamId: z.string().max(64) })
const RoundBody = z.object({ round: RoundSummarySchema })

const OpenRoundRequest = {
  params: TeamParam,
  body: jsonBody(
    z.object({
      surveyId: z.string().max(64),
      surveyVersion: z.number().int().min(1).optional().describe('Defaults to the newest'),
      k: z.number().int().min(3).max(1000).optional().describe('Defaults to DEFAULT_K (5)'),
      opensAt: z.iso.datetime({ offset: true }).optional().describe('Defaults to now'),
      closesAt: z.iso.datetime({ offset: true }),
      invitations: z
        .number()
        .int()
        .min(0)
        .max(MAX_INVITATIONS_PER_CALL)
        .optional()
        .describe(
          'Links to hand out by hand now. Defaults to one for each roster member the server does not mail: everyone when no mail is configured, members without an address otherwise',
        ),
      extraLinks: z
        .number()
        .int()
        .min(0)
        .max(MAX_EXTRA_LINKS)
        .optional()
        .describe('Admins only: links beyond the roster, recorded with extraReason'),
      extraReason: z.string().max(200).optional().describe('Why extra links are needed'),
      reminders: z
        .array(z.string().max(8))
        .max(5)
        .optional()
        .describe(
          'When members whose link is unused are reminded: shares of the round (`50%`) or hours before it closes (`24h`); REMINDERS by default; `[]` for none',
        ),
    }),
  ),
}
const OPENING =
  'k (at least 3) is fixed at opening and can only be raised later. With mail configured, each roster member with an address gets their own link by mail and no one else ever sees it; `delivery` says how many were sent and which addresses failed. Links to hand out by hand carry their secret after `#` and are shown only in this response. A round never has more links than its roster plus extra links an admin allowed (409 `link_limit`).'

/** Rounds: opening, closing, k and debrief notes. */
export function roundsApi(deps: Deps) {
  const app = apiRouter()

  /** Opens a round for the JSON and the CSV operation alike; links point where the request came. */
  async function openFor(
    c: Context<AppEnv>,
    teamId: string,
    input: Omit<OpenRoundInput, 'teamId' | 'baseUrl'>,
  ) {
    return openRound(deps, actorOf(c), { ...input, teamId, baseUrl: c.var.baseUrl })
  }

  app.openapi(
    createRoute({
      operationId: 'listRounds',
      method: 'get',
      path: '/teams/{teamId}/rounds',
      tags: ['Rounds'],
      summary: 'The team’s rounds, newest first, with response counts in coarse form',
      security,
      request: { params: TeamParam },
      responses: {
        200: json(z.object({ rounds: z.array(RoundSummarySchema) }), 'Rounds'),
        ...errors(404),
      },
    }),
    async (c) => {
      const { teamId } = c.req.valid('param')
      const rounds = await listTeamRoundsFor(deps, actorOf(c), teamId, pickLocale(c))
      return c.json({ rounds }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'openRound',
      method: 'post',
      path: '/teams/{teamId}/rounds',
      tags: ['Rounds'],
      summary: 'Open a round and mint its invitation links',
      description: `${OPENING} The links as a CSV file: \`POST /api/teams/{teamId}/rounds.csv\`.`,
      security,
      request: OpenRoundRequest,
      responses: {
        201: json(
          z.object({ round: RoundSummarySchema, links: InvitationLinks, delivery: DeliverySchema }),
          'The round, its links to hand out by hand, and how the mail went',
        ),
        ...errors(403, 404, 409),
      },
    }),
    async (c) => {
      const result = await openFor(c, c.req.valid('param').teamId, c.req.valid('json'))
      if (wantsLegacyCsv(c)) return linksCsvResponse(c, result.round.id, result.links)
      c.header('cache-control', 'no-store')
      return c.json(result, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'openRoundCsv',
      method: 'post',
      path: '/teams/{teamId}/rounds.csv',
      tags: ['Rounds'],
      summary: 'Open a round and mint its invitation links, answered as a CSV file of the links',
      description: `${OPENING} The round itself is then listed by \`GET /api/teams/{teamId}/rounds\`.`,
      security,
      request: OpenRoundRequest,
      responses: {
        201: csvResponse('The links to hand out by hand: `link,code`, a row each'),
        ...errors(403, 404, 409),
      },
    }),
    async (c) => {
      const result = await openFor(c, c.req.valid('param').teamId, c.req.valid('json'))
      return linksCsvResponse(c, result.round.id, result.links)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getRound',
      method: 'get',
      path: '/rounds/{roundId}',
      tags: ['Rounds'],
      summary: 'A round: status, k, invitations and the coarse response count',
      description: RELEASING,
      security,
      request: { params: RoundParam },
      responses: { 200: json(RoundBody, 'The round'), ...errors(404) },
    }),
    async (c) => {
      const { roundId } = c.req.valid('param')
      return c.json({ round: await getRoundSummary(deps, actorOf(c), roundId, pickLocale(c)) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'raiseK',
      method: 'patch',
      path: '/rounds/{roundId}',
      tags: ['Rounds'],
      summary: 'Raise k while the round is open (it can never be lowered)',
      security,
      request: {
        params: RoundParam,
        body: jsonBody(z.object({ k: z.number().int().min(3).max(1000) })),
      },
      responses: { 200: json(RoundBody, 'The round'), ...errors(404, 409) },
    }),
    async (c) => {
      const { roundId } = c.req.valid('param')
      return c.json({ round: await raiseK(deps, actorOf(c), roundId, c.req.valid('json').k) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'closeRound',
      method: 'post',
      path: '/rounds/{roundId}/close',
      tags: ['Rounds'],
      summary: 'Close the round now and release its results (frozen from then on)',
      description:
        'Releases at once. A round left to its closing time is closed and released by the server within CLOSE_CHECK_SECONDS of it (30 seconds by default on Node, 5 minutes on Workers).',
      security,
      request: { params: RoundParam },
      responses: {
        200: json(RoundBody, 'The closed round'),
        ...errors(404, 409),
      },
    }),
    async (c) => {
      const closed = await closeRoundAs(deps, actorOf(c), c.req.valid('param').roundId)
      const summary = await summarizeRound(deps, closed.round, pickLocale(c), closed.survey)
      return c.json({ round: summary }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'writeDebrief',
      method: 'put',
      path: '/rounds/{roundId}/debrief',
      tags: ['Rounds'],
      summary: 'Record what the team will try next, after the round has closed',
      security,
      request: {
        params: RoundParam,
        body: jsonBody(
          z.object({ note: z.string().trim().max(4000, 'keep it under 4000 characters') }),
        ),
      },
      responses: { 200: json(RoundBody, 'The round'), ...errors(404, 409) },
    }),
    async (c) => {
      const { roundId } = c.req.valid('param')
      const noted = await writeDebrief(deps, actorOf(c), roundId, c.req.valid('json').note)
      return c.json({ round: await summarizeRound(deps, noted, pickLocale(c)) }, 200)
    },
  )

  return app
}
