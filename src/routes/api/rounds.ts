import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import { linksCsv } from '../../csv'
import type { Deps } from '../../deps'
import { RoundReport, RoundSummary } from '../../domain/report'
import { roundReport, roundReportCsv } from '../../services/reports'
import {
  closeRound,
  MAX_INVITATIONS_PER_CALL,
  mintInvitations,
  openRound,
  raiseK,
  summarizeRound,
  summarizeTeamRounds,
  writeDebrief,
} from '../../services/rounds'
import {
  apiRouter,
  commonErrors,
  csvHeaders,
  csvResponse,
  json,
  jsonBody,
  pickLocale,
  requireRound,
  requireTeam,
  requireUser,
  security,
} from '../http'

const RoundParam = z.object({ roundId: z.string().max(64) })
const TeamParam = z.object({ teamId: z.string().max(64) })
const Link = z.object({ secret: z.string(), url: z.string() })
const FormatQuery = z.object({
  format: z.enum(['json', 'csv']).optional().describe('csv: the links as a CSV file to hand out'),
})
const Count = z.number().int().min(1).max(MAX_INVITATIONS_PER_CALL)

/** Links are secrets shown once: never cached anywhere on the way. */
function linksResponse(
  c: Context,
  roundId: string,
  links: z.infer<typeof Link>[],
  status: 200 | 201,
) {
  c.header('cache-control', 'no-store')
  return c.body(linksCsv(links), status, csvHeaders(`links-${roundId}.csv`))
}

/** Rounds: opening, invitations, closing, k, debrief notes and reports. */
export function roundsApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{teamId}/rounds',
      tags: ['Rounds'],
      summary: 'The team’s rounds, newest first, with response counts in coarse form',
      security,
      request: { params: TeamParam },
      responses: {
        200: json(z.object({ rounds: z.array(RoundSummary) }), 'Rounds'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const team = await requireTeam(deps, requireUser(c), c.req.valid('param').teamId)
      const rounds = await summarizeTeamRounds(deps, team.id, pickLocale(c))
      return c.json({ rounds }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{teamId}/rounds',
      tags: ['Rounds'],
      summary: 'Open a round and mint its invitation links',
      description:
        'k (at least 3) is fixed at opening and can only be raised later. The links carry their secret after `#`; they are shown only in this response.',
      security,
      request: {
        params: TeamParam,
        query: FormatQuery,
        body: jsonBody(
          z.object({
            surveyId: z.string().max(64),
            surveyVersion: z.number().int().min(1).optional().describe('Defaults to the newest'),
            k: z.number().int().min(3).max(1000).optional().describe('Defaults to DEFAULT_K (5)'),
            opensAt: z.iso.datetime({ offset: true }).optional().describe('Defaults to now'),
            closesAt: z.iso.datetime({ offset: true }),
            invitations: z.number().int().min(0).max(MAX_INVITATIONS_PER_CALL),
          }),
        ),
      },
      responses: {
        201: {
          ...json(
            z.object({ round: RoundSummary, links: z.array(Link) }),
            'The round and its links',
          ),
          content: {
            ...json(z.object({ round: RoundSummary, links: z.array(Link) }), '').content,
            ...csvResponse('').content,
          },
        },
        ...commonErrors,
      },
    }),
    async (c) => {
      const team = await requireTeam(deps, requireUser(c), c.req.valid('param').teamId)
      const result = await openRound(deps, { ...c.req.valid('json'), teamId: team.id })
      if (c.req.valid('query').format === 'csv')
        return linksResponse(c, result.round.id, result.links, 201)
      c.header('cache-control', 'no-store')
      return c.json(result, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/rounds/{roundId}',
      tags: ['Rounds'],
      summary: 'A round: status, k, invitations and the coarse response count',
      security,
      request: { params: RoundParam },
      responses: { 200: json(z.object({ round: RoundSummary }), 'The round'), ...commonErrors },
    }),
    async (c) => {
      const round = await requireRound(deps, requireUser(c), c.req.valid('param').roundId)
      return c.json({ round: await summarizeRound(deps, round.id, pickLocale(c)) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/rounds/{roundId}',
      tags: ['Rounds'],
      summary: 'Raise k while the round is open (it can never be lowered)',
      security,
      request: {
        params: RoundParam,
        body: jsonBody(z.object({ k: z.number().int().min(3).max(1000) })),
      },
      responses: { 200: json(z.object({ round: RoundSummary }), 'The round'), ...commonErrors },
    }),
    async (c) => {
      const round = await requireRound(deps, requireUser(c), c.req.valid('param').roundId)
      return c.json({ round: await raiseK(deps, round.id, c.req.valid('json').k) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/rounds/{roundId}/invitations',
      tags: ['Rounds'],
      summary: 'Mint more single-use links while the round is open',
      security,
      request: {
        params: RoundParam,
        query: FormatQuery,
        body: jsonBody(z.object({ count: Count })),
      },
      responses: {
        201: {
          description: 'The new links, shown only in this response',
          content: {
            ...json(z.object({ links: z.array(Link) }), '').content,
            ...csvResponse('').content,
          },
        },
        ...commonErrors,
      },
    }),
    async (c) => {
      const round = await requireRound(deps, requireUser(c), c.req.valid('param').roundId)
      const links = await mintInvitations(deps, round.id, c.req.valid('json').count)
      if (c.req.valid('query').format === 'csv') return linksResponse(c, round.id, links, 201)
      c.header('cache-control', 'no-store')
      return c.json({ links }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/rounds/{roundId}/close',
      tags: ['Rounds'],
      summary: 'Close the round now and release its results (frozen from then on)',
      security,
      request: { params: RoundParam },
      responses: {
        200: json(z.object({ round: RoundSummary }), 'The closed round'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const round = await requireRound(deps, requireUser(c), c.req.valid('param').roundId)
      await closeRound(deps, round.id)
      return c.json({ round: await summarizeRound(deps, round.id, pickLocale(c)) }, 200)
    },
  )

  app.openapi(
    createRoute({
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
      responses: { 200: json(z.object({ round: RoundSummary }), 'The round'), ...commonErrors },
    }),
    async (c) => {
      const round = await requireRound(deps, requireUser(c), c.req.valid('param').roundId)
      await writeDebrief(deps, round.id, c.req.valid('json').note)
      return c.json({ round: await summarizeRound(deps, round.id, pickLocale(c)) }, 200)
    },
  )

  const LocaleQuery = z.object({ locale: z.enum(['en', 'de']).optional() })
  app.openapi(
    createRoute({
      method: 'get',
      path: '/rounds/{roundId}/report',
      tags: ['Reports'],
      summary: 'The round’s released results; no numbers while open or below k',
      security,
      request: { params: RoundParam, query: LocaleQuery },
      responses: { 200: json(RoundReport, 'The report'), ...commonErrors },
    }),
    async (c) => {
      const round = await requireRound(deps, requireUser(c), c.req.valid('param').roundId)
      return c.json(await roundReport(deps, round.id, pickLocale(c)), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/rounds/{roundId}/report.csv',
      tags: ['Reports'],
      summary: 'The round’s released aggregates as CSV',
      security,
      request: { params: RoundParam, query: LocaleQuery },
      responses: { 200: csvResponse('Dimensions and items'), ...commonErrors },
    }),
    async (c) => {
      const round = await requireRound(deps, requireUser(c), c.req.valid('param').roundId)
      const report = await roundReport(deps, round.id, pickLocale(c))
      return c.body(roundReportCsv(report), 200, csvHeaders(`report-${round.id}.csv`))
    },
  )

  return app
}
