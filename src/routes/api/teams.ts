import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { createShareLink } from '../../services/sharing'
import {
  assignFacilitator,
  createTeam,
  getTeam,
  listTeamsFor,
  renameTeam,
  revokeShareLink,
  teamShareLinks,
  teamWithFacilitators,
  unassignFacilitator,
} from '../../services/teams'
import { trendCsv } from '../../formats/report-csv'
import { audienceOf } from '../../domain/anonymity'
import { teamTrend } from '../../services/reports'
import { setTeamSchedule } from '../../services/rosters'
import {
  apiRouter,
  csvHeaders,
  csvResponse,
  errors,
  json,
  jsonBody,
  actorOf,
  pickLocale,
  requireUser,
  security,
} from '../http'
import { Ok, Team, TrendSchema } from './schemas'

const TeamParam = z.object({ teamId: z.string().max(64) })
const TrendQuery = z.object({
  survey: z.string().max(64).optional().describe('Survey id; defaults to the one used last'),
  locale: z.enum(['en', 'de']).optional(),
})

/** Teams, their facilitators, trends and read-only share links. */
export function teamsApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'listTeams',
      method: 'get',
      path: '/teams',
      tags: ['Teams'],
      summary: 'Teams you facilitate (all teams for admins)',
      security,
      responses: { 200: json(z.object({ teams: z.array(Team) }), 'Teams') },
    }),
    async (c) => {
      return c.json({ teams: await listTeamsFor(deps, actorOf(c)) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'createTeam',
      method: 'post',
      path: '/teams',
      tags: ['Teams'],
      summary: 'Create a team (admin)',
      security,
      request: {
        body: jsonBody(z.object({ name: z.string().trim().min(1, 'enter a name').max(100) })),
      },
      responses: { 201: json(z.object({ team: Team }), 'Created'), ...errors(403) },
    }),
    async (c) => {
      const team = await createTeam(deps, actorOf(c), c.req.valid('json').name)
      return c.json({ team }, 201)
    },
  )

  const Facilitator = z
    .object({ id: z.string(), email: z.string(), name: z.string() })
    .openapi('Facilitator')
  app.openapi(
    createRoute({
      operationId: 'getTeam',
      method: 'get',
      path: '/teams/{teamId}',
      tags: ['Teams'],
      summary: 'A team with its facilitators',
      security,
      request: { params: TeamParam },
      responses: {
        200: json(z.object({ team: Team, facilitators: z.array(Facilitator) }), 'The team'),
        ...errors(404),
      },
    }),
    async (c) => {
      return c.json(await teamWithFacilitators(deps, actorOf(c), c.req.valid('param').teamId), 200)
    },
  )

  app.openapi(
    createRoute({
      // Named when renaming was all it did; kept so that generated clients keep working.
      operationId: 'renameTeam',
      method: 'patch',
      path: '/teams/{teamId}',
      tags: ['Teams'],
      summary: 'Rename a team, or set its time zone and facilitator rotation (admin)',
      description:
        'Fields left out keep their value. Rotation hands the facilitator role to the next roster member with an address at each new round, so it needs one (409 `rotation_needs_roster`).',
      security,
      request: {
        params: TeamParam,
        body: jsonBody(
          z
            .object({
              name: z.string().trim().min(1).max(100).optional(),
              timeZone: z
                .string()
                .max(100)
                .optional()
                .describe('IANA name such as Europe/Berlin: mails show dates in it'),
              rotation: z.boolean().optional().describe('Rotate the facilitator role'),
            })
            .refine((b) => Object.values(b).some((v) => v !== undefined), {
              message: 'Give at least one of name, timeZone, rotation.',
            }),
        ),
      },
      responses: {
        200: json(Ok.extend({ team: Team }), 'The team as now'),
        ...errors(403, 404, 409),
      },
    }),
    async (c) => {
      const actor = actorOf(c)
      const { teamId } = c.req.valid('param')
      const { name, timeZone, rotation } = c.req.valid('json')
      // The schedule first: it is what may be refused, and then the name stays as it was too.
      const scheduled =
        timeZone !== undefined || rotation !== undefined
          ? await setTeamSchedule(deps, actor, teamId, { timeZone, rotation })
          : undefined
      // One of the two ran: the body names at least one field.
      const team = name === undefined ? scheduled! : await renameTeam(deps, actor, teamId, name)
      return c.json({ ok: true as const, team }, 200)
    },
  )

  const FacilitatorParam = TeamParam.extend({ userId: z.string().max(64) })
  app.openapi(
    createRoute({
      operationId: 'addFacilitator',
      method: 'put',
      path: '/teams/{teamId}/facilitators/{userId}',
      tags: ['Teams'],
      summary: 'Make an account a facilitator of the team (admin); hands the role on with DELETE',
      security,
      request: { params: FacilitatorParam },
      responses: { 200: json(Ok, 'Assigned'), ...errors(403, 404) },
    }),
    async (c) => {
      const { teamId, userId } = c.req.valid('param')
      await assignFacilitator(deps, actorOf(c), teamId, { id: userId })
      return c.json({ ok: true as const }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'removeFacilitator',
      method: 'delete',
      path: '/teams/{teamId}/facilitators/{userId}',
      tags: ['Teams'],
      summary: 'Remove a facilitator from the team (admin)',
      security,
      request: { params: FacilitatorParam },
      responses: { 200: json(Ok, 'Removed'), ...errors(403, 404) },
    }),
    async (c) => {
      const { teamId, userId } = c.req.valid('param')
      await unassignFacilitator(deps, actorOf(c), teamId, { id: userId })
      return c.json({ ok: true as const }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getTeamTrend',
      method: 'get',
      path: '/teams/{teamId}/trend',
      tags: ['Reports'],
      summary: 'Dimension scores over the team’s closed rounds, with intervals and debrief notes',
      security,
      request: { params: TeamParam, query: TrendQuery },
      responses: {
        200: json(TrendSchema, 'The trend; withheld rounds are gaps'),
        ...errors(404),
      },
    }),
    async (c) => {
      const user = requireUser(c)
      const team = await getTeam(deps, actorOf(c), c.req.valid('param').teamId)
      const { survey } = c.req.valid('query')
      return c.json(await teamTrend(deps, team.id, audienceOf(user), survey, pickLocale(c)), 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getTeamTrendCsv',
      method: 'get',
      path: '/teams/{teamId}/trend.csv',
      tags: ['Reports'],
      summary: 'The trend as CSV (released aggregates only)',
      security,
      request: { params: TeamParam, query: TrendQuery },
      responses: { 200: csvResponse('One row per round and dimension'), ...errors(404) },
    }),
    async (c) => {
      const user = requireUser(c)
      const team = await getTeam(deps, actorOf(c), c.req.valid('param').teamId)
      const { survey } = c.req.valid('query')
      const trend = await teamTrend(deps, team.id, audienceOf(user), survey, pickLocale(c))
      return c.body(trendCsv(trend), 200, csvHeaders(`trend-${team.id}.csv`))
    },
  )

  const ShareLink = z
    .object({
      id: z.string(),
      createdAt: z.string(),
      revokedAt: z.string().nullable(),
    })
    .openapi('ShareLink')
  app.openapi(
    createRoute({
      operationId: 'listShareLinks',
      method: 'get',
      path: '/teams/{teamId}/share-links',
      tags: ['Sharing'],
      summary: 'The team’s read-only share links',
      security,
      request: { params: TeamParam },
      responses: { 200: json(z.object({ links: z.array(ShareLink) }), 'Links'), ...errors(404) },
    }),
    async (c) => {
      const links = await teamShareLinks(deps, actorOf(c), c.req.valid('param').teamId)
      return c.json({ links }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'createShareLink',
      method: 'post',
      path: '/teams/{teamId}/share-links',
      tags: ['Sharing'],
      summary: 'Create a read-only link to the team’s released reports (shown once)',
      security,
      request: { params: TeamParam },
      responses: {
        201: json(ShareLink.extend({ token: z.string(), url: z.string() }), 'The link'),
        ...errors(404),
      },
    }),
    async (c) => {
      const { teamId } = c.req.valid('param')
      const link = await createShareLink(deps, actorOf(c), teamId, c.var.baseUrl)
      c.header('cache-control', 'no-store')
      const { id, createdAt, token, url } = link
      return c.json({ id, createdAt, revokedAt: null, token, url }, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'revokeShareLink',
      method: 'delete',
      path: '/teams/{teamId}/share-links/{id}',
      tags: ['Sharing'],
      summary: 'Revoke a share link',
      security,
      request: { params: TeamParam.extend({ id: z.string().max(64) }) },
      responses: { 200: json(Ok, 'Revoked'), ...errors(404) },
    }),
    async (c) => {
      const { teamId, id } = c.req.valid('param')
      await revokeShareLink(deps, actorOf(c), teamId, id)
      return c.json({ ok: true as const }, 200)
    },
  )

  return app
}
