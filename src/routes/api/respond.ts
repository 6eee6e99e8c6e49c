import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { submitResponse } from '../../services/responses'
import { loadRound, roundStatus } from '../../services/rounds'
import { getSurvey } from '../../services/surveys'
import { apiRouter, errors, json, jsonBody, publicAccess } from '../http'
import { SurveyDefinitionSchema } from './schemas'
import { SUBMIT_LIMIT } from '../../domain/limits'
import type { RateLimiter } from '../../middleware/limiter'
import { failureLimit } from '../../middleware/rate-limit'

const RoundParam = z.object({ roundId: z.string().max(64) })

/**
 * A JSON object whose own key `__proto__` would vanish while parsing (assigning it sets the
 * prototype): refused by name, as any other unknown question is, rather than dropped in silence.
 */
const withoutProtoKey = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value, ctx) => {
    if (value && typeof value === 'object' && Object.hasOwn(value, '__proto__'))
      ctx.addIssue({
        code: 'custom',
        message: 'this survey has no such question',
        path: ['__proto__'],
      })
    return value
  }, schema)

export const SubmitBody = z.object({
  secret: z.string().min(10, 'paste the whole code from your link').max(200),
  answers: withoutProtoKey(
    z
      .record(z.string().max(64), z.union([z.number(), z.string().max(10), z.null()]))
      .describe('Item id → value on its scale'),
  ),
  comments: withoutProtoKey(
    z
      .record(z.string().max(64), z.string().max(5000))
      .optional()
      .describe('Free-text question id → text'),
  ),
})

/** What respondents use: no sign-in, the secret from their link in the body. */
export function respondApi(deps: Deps, limiter: RateLimiter) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'getPublicRound',
      method: 'get',
      path: '/public/rounds/{roundId}',
      tags: ['Answering'],
      summary: 'The survey a respondent answers, and whether the round takes answers',
      security: publicAccess,
      request: { params: RoundParam },
      responses: {
        200: json(
          z.object({
            round: z.object({
              id: z.string(),
              status: z.enum(['scheduled', 'open', 'closed']),
              opensAt: z.string(),
              closesAt: z.string(),
              k: z.number().int(),
              commentMinimum: z.number().int(),
              links: z
                .number()
                .int()
                .describe('How many links this round has: every respondent may check it (P6b)'),
              teamSize: z
                .number()
                .int()
                .nullable()
                .describe('People on the team’s roster; null for rounds from before rosters'),
            }),
            survey: SurveyDefinitionSchema,
          }),
          'The survey',
        ),
        ...errors(404),
      },
    }),
    async (c) => {
      const round = await loadRound(deps, c.req.valid('param').roundId)
      const survey = await getSurvey(deps, round.survey_id, round.survey_version)
      const status = roundStatus(round, deps.now())
      return c.json(
        {
          round: {
            id: round.id,
            status,
            opensAt: round.opens_at,
            closesAt: round.closes_at,
            k: round.k,
            commentMinimum: round.comment_min,
            links: round.invited,
            teamSize: round.team_size,
          },
          survey,
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      operationId: 'submitResponse',
      method: 'post',
      path: '/public/rounds/{roundId}/responses',
      tags: ['Answering'],
      summary: 'Submit answers with the secret from the invitation link (once per link)',
      // Before validation, so that invalid bodies count as failures too.
      middleware: failureLimit({ limiter, ...SUBMIT_LIMIT }),
      security: publicAccess,
      request: { params: RoundParam, body: jsonBody(SubmitBody) },
      responses: {
        201: json(z.object({ ok: z.literal(true), message: z.string() }), 'Stored anonymously'),
        ...errors(404, 409, 410, 429),
      },
    }),
    async (c) => {
      await submitResponse(deps, c.req.valid('param').roundId, c.req.valid('json'))
      return c.json(
        {
          ok: true as const,
          message: 'Thank you. Your answers were stored without any link to you.',
        },
        201,
      )
    },
  )

  return app
}
