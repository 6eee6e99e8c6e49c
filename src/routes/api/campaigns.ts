import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { CampaignSummary, CellReport, GroupTrend, Heatmap } from '../../domain/heatmap'
import { heatmapCsv } from '../../formats/campaign-csv'
import { campaignCellReport, campaignHeatmap, groupTrend } from '../../services/campaign-views'
import {
  closeCampaign,
  getCampaign,
  listCampaignsFor,
  openCampaign,
} from '../../services/campaigns'
import {
  actorOf,
  apiRouter,
  csvHeaders,
  csvResponse,
  errors,
  json,
  jsonBody,
  pickLocale,
  security,
} from '../http'

const Id = z.string().trim().min(1, 'give an id').max(64, 'an id has at most 64 characters')
const IdParam = z.object({ id: Id })
const CellParam = z.object({ id: Id, cellId: Id })
const LocaleQuery = z.object({ locale: z.enum(['en', 'de']).optional() })

const Summary = CampaignSummary.clone().openapi('CampaignSummary')
const CampaignBody = z.object({ campaign: Summary })

const OpenCampaignBody = z.object({
  groupId: Id.describe('Every team in this group and the groups under it gets a round'),
  surveyId: z.string().max(64),
  surveyVersion: z.number().int().min(1).optional().describe('Defaults to the newest'),
  name: z
    .string()
    .max(1000)
    .optional()
    .describe('1 to 100 characters; survey and group by default'),
  k: z
    .number()
    .int()
    .min(3)
    .max(1000)
    .optional()
    .describe('One k for every team; DEFAULT_K by default'),
  opensAt: z.iso.datetime({ offset: true }).optional().describe('Defaults to now'),
  closesAt: z.iso.datetime({ offset: true }),
  reminders: z
    .array(z.string().max(8))
    .max(5)
    .optional()
    .describe('As for a round: `50%` of the window or `24h` before it closes; `[]` for none'),
})

const CampaignDelivery = z.object({
  mode: z.enum(['mail', 'manual']).describe('`manual`: no mail configured'),
  sent: z.number().int().describe('Invitations the mail server accepted, over all teams'),
  failed: z.number().int().describe('Addresses refused; each team’s round lists its own'),
})

const RELEASE =
  'At its close one verb decides everything the campaign publishes, and records it once (the release ledger): a cell (a team or a group) shows numbers only when at least k answered and no sum or difference of published numbers isolates fewer than k; otherwise it is withheld and carries no number at all (`fewer_than_k`, `protects_smaller`).'

/** Campaigns across the teams of a group, their heatmap and a group's trend (issue 11). */
export function campaignsApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'openCampaign',
      method: 'post',
      path: '/campaigns',
      tags: ['Campaigns'],
      summary: 'Open a survey for every team under a group: one window, one k (admin or lead)',
      description:
        'Each team gets its own round, which its facilitators see and run as any other; links are mailed from the rosters, and links by hand are made from each round. The rounds close together, with the campaign.',
      security,
      request: { body: jsonBody(OpenCampaignBody) },
      responses: {
        201: json(
          z.object({ campaign: Summary, delivery: CampaignDelivery }),
          'The campaign, and how the mail went',
        ),
        ...errors(403, 404, 409),
      },
    }),
    async (c) => {
      const input = { ...c.req.valid('json'), baseUrl: c.var.baseUrl }
      return c.json(await openCampaign(deps, actorOf(c), input), 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'listCampaigns',
      method: 'get',
      path: '/campaigns',
      tags: ['Campaigns'],
      summary: 'The campaigns you may see, newest first (all for admins, a lead’s part otherwise)',
      security,
      responses: { 200: json(z.object({ campaigns: z.array(Summary) }), 'Campaigns') },
    }),
    async (c) => c.json({ campaigns: await listCampaignsFor(deps, actorOf(c)) }, 200),
  )

  app.openapi(
    createRoute({
      operationId: 'getCampaign',
      method: 'get',
      path: '/campaigns/{id}',
      tags: ['Campaigns'],
      summary: 'A campaign: its group, survey, k, window and status',
      security,
      request: { params: IdParam },
      responses: { 200: json(CampaignBody, 'The campaign'), ...errors(404) },
    }),
    async (c) => {
      const campaign = await getCampaign(deps, actorOf(c), c.req.valid('param').id)
      return c.json({ campaign }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'closeCampaign',
      method: 'post',
      path: '/campaigns/{id}/close',
      tags: ['Campaigns'],
      summary: 'Close the campaign and all its rounds now, and release it (admin or lead)',
      description: `${RELEASE} A campaign left to its closing time is closed by the server within CLOSE_CHECK_SECONDS.`,
      security,
      request: { params: IdParam },
      responses: { 200: json(CampaignBody, 'The released campaign'), ...errors(403, 404, 409) },
    }),
    async (c) => {
      const campaign = await closeCampaign(deps, actorOf(c), c.req.valid('param').id)
      return c.json({ campaign }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getCampaignHeatmap',
      method: 'get',
      path: '/campaigns/{id}/heatmap',
      tags: ['Campaigns'],
      summary: 'Teams and groups × dimensions, as the ledger published them',
      description: `${RELEASE} A lead of a group under the campaign’s group sees the cells of their part only.`,
      security,
      request: { params: IdParam, query: LocaleQuery },
      responses: { 200: json(Heatmap.clone().openapi('Heatmap'), 'The heatmap'), ...errors(404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await campaignHeatmap(deps, actorOf(c), id, pickLocale(c)), 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getCampaignHeatmapCsv',
      method: 'get',
      path: '/campaigns/{id}/heatmap.csv',
      tags: ['Campaigns'],
      summary: 'The heatmap as CSV: a row per cell; withheld cells have no numbers',
      security,
      request: { params: IdParam, query: LocaleQuery },
      responses: {
        200: csvResponse(
          '`path,kind,status,respondents,response_rate_percent`, then mean, 95% interval and favourable % per dimension',
        ),
        ...errors(404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const map = await campaignHeatmap(deps, actorOf(c), id, pickLocale(c))
      return c.body(heatmapCsv(map), 200, csvHeaders(`heatmap-${map.campaign.id}.csv`))
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getCampaignCell',
      method: 'get',
      path: '/campaigns/{id}/cells/{cellId}',
      tags: ['Campaigns'],
      summary: 'One cell (a group’s roll-up or a team) in full, as the ledger published it',
      description: 'Comments never roll up; a withheld cell has no dimensions and no items.',
      security,
      request: { params: CellParam, query: LocaleQuery },
      responses: {
        200: json(CellReport.clone().openapi('CellReport'), 'The cell'),
        ...errors(404),
      },
    }),
    async (c) => {
      const { id, cellId } = c.req.valid('param')
      return c.json(await campaignCellReport(deps, actorOf(c), id, cellId, pickLocale(c)), 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getGroupTrend',
      method: 'get',
      path: '/groups/{id}/trend',
      tags: ['Campaigns'],
      summary: 'A group’s scores over the released campaigns that covered it',
      description:
        'Of the survey of its latest campaign; each point as that campaign’s ledger decided it.',
      security,
      request: { params: IdParam, query: LocaleQuery },
      responses: {
        200: json(GroupTrend.clone().openapi('GroupTrend'), 'The trend'),
        ...errors(404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await groupTrend(deps, actorOf(c), id, pickLocale(c)), 200)
    },
  )

  return app
}
