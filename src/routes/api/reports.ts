import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { roundReportCsv } from '../../formats/report-csv'
import { roundReport } from '../../services/reports'
import {
  actorOf,
  apiRouter,
  csvHeaders,
  csvResponse,
  errors,
  json,
  pickLocale,
  security,
} from '../http'
import { RoundReportSchema } from './schemas'

/** What reading a round that has passed its closing time does (and does not do). */
export const RELEASING =
  'Reading never closes a round. A round past its closing time is closed and released by the server within CLOSE_CHECK_SECONDS (30 seconds by default on Node, 5 minutes on Workers); until then it shows as `closed` with `releasing: true` and no results.'

const RoundParam = z.object({ roundId: z.string().max(64) })

/** A round's released report, as JSON and as CSV. */
export function reportsApi(deps: Deps) {
  const app = apiRouter()

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
