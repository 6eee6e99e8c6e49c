import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { surveyJsonSchema } from '../../domain/survey'
import { getSurvey, listSurveys, parseSurvey, saveSurveyVersion } from '../../services/surveys'
import { requireAdmin } from '../../services/access'
import {
  actorOf,
  apiRouter,
  errors,
  json,
  jsonBody,
  publicAccess,
  requireUser,
  security,
} from '../http'
import { SurveyDefinitionSchema } from './schemas'

const SurveyVersion = z
  .object({
    id: z.string(),
    version: z.number().int(),
    source: z.enum(['builtin', 'custom']),
    title: z.string(),
    createdAt: z.string(),
  })
  .openapi('SurveyVersion')

/** Survey definitions: the built-ins and custom ones, each version frozen once a round used it. */
export function surveysApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'getSurveyJsonSchema',
      method: 'get',
      path: '/survey-schema.json',
      tags: ['Surveys'],
      summary: 'The JSON Schema (2020-12) of a survey definition, for editors and checks',
      security: publicAccess,
      responses: {
        200: json(z.record(z.string(), z.unknown()), 'A JSON Schema document'),
      },
    }),
    (c) => c.json(surveyJsonSchema(), 200),
  )

  app.openapi(
    createRoute({
      operationId: 'listSurveys',
      method: 'get',
      path: '/surveys',
      tags: ['Surveys'],
      summary: 'Every survey version',
      security,
      responses: {
        200: json(z.object({ surveys: z.array(SurveyVersion) }), 'Surveys'),
      },
    }),
    async (c) => {
      requireUser(c)
      return c.json({ surveys: await listSurveys(deps) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getSurvey',
      method: 'get',
      path: '/surveys/{surveyId}',
      tags: ['Surveys'],
      summary: 'A survey definition (newest version unless ?version= is given)',
      security,
      request: {
        params: z.object({ surveyId: z.string().max(64) }),
        query: z.object({ version: z.coerce.number().int().min(1).optional() }),
      },
      responses: {
        200: json(z.object({ survey: SurveyDefinitionSchema }), 'The definition'),
        ...errors(404),
      },
    }),
    async (c) => {
      requireUser(c)
      const survey = await getSurvey(
        deps,
        c.req.valid('param').surveyId,
        c.req.valid('query').version,
      )
      return c.json({ survey }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'saveSurvey',
      method: 'post',
      path: '/surveys',
      tags: ['Surveys'],
      summary: 'Add a custom survey, or a new version of one (admin)',
      description:
        'Validated like the built-ins; see /api/survey-schema.json. A version already used by a round cannot change: save it under a higher version.',
      security,
      request: {
        body: jsonBody(z.unknown().describe('A survey definition (see SurveyDefinition)')),
      },
      responses: {
        201: json(
          z.object({ survey: SurveyVersion, outcome: z.enum(['created', 'updated', 'unchanged']) }),
          'Saved',
        ),
        ...errors(403, 409),
      },
    }),
    async (c) => {
      const actor = actorOf(c)
      requireAdmin(actor)
      const survey = parseSurvey(c.req.valid('json'))
      const outcome = await saveSurveyVersion(deps, actor, survey, 'custom')
      const summary = {
        id: survey.id,
        version: survey.version,
        source: 'custom' as const,
        title: survey.title.en,
        createdAt: deps.now().toISOString(),
      }
      return c.json({ survey: summary, outcome }, 201)
    },
  )

  return app
}
