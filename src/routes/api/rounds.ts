import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { MAX_INVITATIONS_PER_CALL } from '../../domain/limits'
import { MAX_EXTRA_LINKS } from '../../domain/roster'
import { linksCsv } from '../../formats/csv'
import { roundReportCsv } from '../../formats/report-csv'
import { closeRoundAs } from '../../services/release'
import { roundReport } from '../../services/reports'
import { mintInvitations, openRound, type OpenRoundInput } from '../../services/opening'
import {
  getRoundSummary,
  listTeamRoundsFor,
  raiseK,
  summarizeRound,
  writeDebrief,
} from '../../services/rounds'
import {
  apiRouter,
  csvHeaders,
  csvResponse,
  errors,
  json,
  jsonBody,
  pickLocale,
  actorOf,
  security,
  type AppEnv,
} from '../http'
import { DeliverySchema, InvitationLink, RoundReportSchema, RoundSummarySchema } from './schemas'

const RoundParam = z.object({ roundId: z.string().max(64) })
const TeamParam = z.object({ teamId: z.string().max(64) })
const RoundBody = z.object({ round: RoundSummarySchema })
const Links = z.array(InvitationLink)

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

const MintRequest = {
  params: RoundParam,
  body: jsonBody(z.object({ count: z.number().int().min(1).max(MAX_INVITATIONS_PER_CALL) })),
}

/**
 * Scripts written before the `.csv` operations asked for CSV with `?format=csv`, and still get it.
 * The document leaves that parameter out, so that each response has one media type.
 */
const wantsLegacyCsv = (c: Context) => c.req.query('format') === 'csv'

/** Links are secrets shown once: never cached anywhere on the way. */
function linksCsvResponse(c: Context, roundId: string, links: z.infer<typeof Links>) {
  c.header('cache-control', 'no-store')
  return c.body(linksCsv(links), 201, csvHeaders(`links-${roundId}.csv`))
}

const RELEASING =
  'Reading never closes a round. A round past its closing time is closed and released by the server within CLOSE_CHECK_SECONDS (30 seconds by default on Node, 5 minutes on Workers); until then it shows as `closed` with `releasing: true` and no results.'

/** Rounds: opening, invitations, closing, k, debrief notes and reports. */
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

  async function mintFor(c: Context<AppEnv>, roundId: string, count: number) {
    return {
      roundId,
      links: await mintInvitations(deps, actorOf(c), roundId, count, c.var.baseUrl),
    }
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
          z.object({ round: RoundSummarySchema, links: Links, delivery: DeliverySchema }),
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
      operationId: 'mintInvitations',
      method: 'post',
      path: '/rounds/{roundId}/invitations',
      tags: ['Rounds'],
      summary: 'Mint more single-use links while the round is open',
      description: 'The links as a CSV file: `POST /api/rounds/{roundId}/invitations.csv`.',
      security,
      request: MintRequest,
      responses: {
        201: json(z.object({ links: Links }), 'The new links, shown only in this response'),
        ...errors(404, 409),
      },
    }),
    async (c) => {
      const { roundId, links } = await mintFor(
        c,
        c.req.valid('param').roundId,
        c.req.valid('json').count,
      )
      if (wantsLegacyCsv(c)) return linksCsvResponse(c, roundId, links)
      c.header('cache-control', 'no-store')
      return c.json({ links }, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'mintInvitationsCsv',
      method: 'post',
      path: '/rounds/{roundId}/invitations.csv',
      tags: ['Rounds'],
      summary: 'Mint more single-use links while the round is open, answered as a CSV file',
      security,
      request: MintRequest,
      responses: {
        201: csvResponse('The new links: `link,code`, a row each, shown only in this response'),
        ...errors(404, 409),
      },
    }),
    async (c) => {
      const { roundId, links } = await mintFor(
        c,
        c.req.valid('param').roundId,
        c.req.valid('json').count,
      )
      return linksCsvResponse(c, roundId, links)
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
        ...errors(404),
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

  const LocaleQuery = z.object({ locale: z.enum(['en', 'de']).optional() })
  app.openapi(
    createRoute({
      operationId: 'getRoundReport',
      method: 'get',
      path: '/rounds/{roundId}/report',
      tags: ['Reports'],
      summary: 'The round’s released results; no numbers while open or below k',
      description: RELEASING,
      security,
      request: { params: RoundParam, query: LocaleQuery },
      responses: { 200: json(RoundReportSchema, 'The report'), ...errors(404) },
    }),
    async (c) => {
      const { roundId } = c.req.valid('param')
      return c.json(await roundReport(deps, actorOf(c), roundId, pickLocale(c)), 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getRoundReportCsv',
      method: 'get',
      path: '/rounds/{roundId}/report.csv',
      tags: ['Reports'],
      summary: 'The round’s released aggregates as CSV',
      security,
      request: { params: RoundParam, query: LocaleQuery },
      responses: { 200: csvResponse('Dimensions and items'), ...errors(404) },
    }),
    async (c) => {
      const { roundId } = c.req.valid('param')
      const report = await roundReport(deps, actorOf(c), roundId, pickLocale(c))
      return c.body(roundReportCsv(report), 200, csvHeaders(`report-${report.round.id}.csv`))
    },
  )

  return app
}
