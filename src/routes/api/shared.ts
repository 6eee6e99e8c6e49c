import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import type { Actor } from '../../domain/actor'
import { sharedRoundReport, teamTrend } from '../../services/reports'
import { openShareLink, sharedView } from '../../services/sharing'
import { apiRouter, errors, json, pickLocale } from '../http'
import { SharedRoundReportSchema, TrendSchema } from './schemas'

/** The share link's actor; the token travels in a header, never in a URL. */
function sharedActor(deps: Deps, c: Context): Promise<Actor> {
  const header = c.req.header('authorization') ?? ''
  return openShareLink(deps, header.startsWith('Bearer ') ? header.slice(7).trim() : '')
}

const shareSecurity: Record<string, string[]>[] = [{ share: [] }]

/** Read-only access for a team's share link: released reports and nothing else. */
export function sharedApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'getSharedTeam',
      method: 'get',
      path: '/shared/team',
      tags: ['Sharing'],
      summary: 'The shared team’s name, its closed rounds and its trend',
      security: shareSecurity,
      request: { query: z.object({ survey: z.string().max(64).optional() }) },
      responses: {
        200: json(
          z.object({
            team: z.object({ name: z.string() }),
            rounds: z.array(
              z.object({
                id: z.string(),
                surveyId: z.string(),
                closedAt: z.string().nullable(),
                invited: z.number().int().describe('How many links the round had (P6b)'),
                teamSize: z.number().int().nullable().describe('People on the roster then'),
              }),
            ),
            trend: TrendSchema,
          }),
          'Released results',
        ),
        ...errors(404),
      },
    }),
    async (c) => {
      const { team, rounds } = await sharedView(deps, await sharedActor(deps, c))
      const { survey } = c.req.valid('query')
      const trend = await teamTrend(deps, team.id, 'share', survey, pickLocale(c))
      return c.json({ team: { name: team.name }, rounds, trend }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getSharedRoundReport',
      method: 'get',
      path: '/shared/rounds/{roundId}/report',
      tags: ['Sharing'],
      summary: 'A closed round’s released report for the shared team',
      description:
        'What the whole team may see: no comments, no number of links and no response rate.',
      security: shareSecurity,
      request: { params: z.object({ roundId: z.string().max(64) }) },
      responses: { 200: json(SharedRoundReportSchema, 'The report'), ...errors(404) },
    }),
    async (c) => {
      const actor = await sharedActor(deps, c)
      const { roundId } = c.req.valid('param')
      return c.json(await sharedRoundReport(deps, actor, roundId, pickLocale(c)), 200)
    },
  )

  return app
}
