import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import { asUser, type Actor } from '../domain/actor'
import { AppError, type FieldProblem } from '../domain/errors'
import type { User } from '../domain/users'

export type AppEnv = {
  Variables: {
    user: User | null
    shareTeamId: string | null
    locale: string
    /** Where links handed out by this request point: BASE_URL, or where the request came to. */
    baseUrl: string
  }
}

/** A sub-app whose validation failures become our 400 with field-level messages. */
export function apiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success)
        throw new AppError(
          'invalid_input',
          {
            fields: result.error.issues
              .map((i) => `${i.path.join('.') || 'body'} (${i.message})`)
              .join('; '),
          },
          fieldProblems(result.error.issues),
          'fields_listed',
        )
    },
  })
}

/** The one body of every error the API answers, 4xx and 5xx alike. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable, for programs: `not_found`, `too_many_requests`, …'),
      message: z.string().describe('For people; the wording may change'),
      fields: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('Each invalid input, named by its path in the request'),
    }),
  })
  .openapi('Error')

/**
 * Every error status the API answers, each a named response in the document with the `Error`
 * body; the descriptions list the codes that come with it.
 */
export const ERROR_RESPONSES = {
  400: {
    name: 'BadRequest',
    description:
      'The request is not valid (`invalid_input`, `invalid_json`, `bad_request`, `invalid_answers`, `invalid_survey`, `invalid_k`, `weak_password`, `wrong_password`); `fields` names each problem',
  },
  401: {
    name: 'Unauthorized',
    description:
      'Not signed in, or the token is unknown, expired or revoked (`sign_in_required`, `sign_in_failed`, `share_link_invalid`)',
  },
  403: {
    name: 'Forbidden',
    description:
      'Refused: `admin_only`, `cross_origin` (sent from another site), `read_only_token` (a read token may not change anything) or `setup_token_invalid`',
  },
  404: {
    name: 'NotFound',
    description: 'Not found, or not yours to see (`not_found`, `unknown_link`)',
  },
  409: {
    name: 'Conflict',
    description:
      'Conflicts with the current state (`round_closed`, `round_open`, `round_not_open`, `link_used`, `email_taken`, `last_admin`, `self_disable`, `builtin_survey`, `survey_version_used`, `group_not_empty`, `campaign_round`, `campaign_no_teams`, `campaign_too_large`, `campaign_closed`)',
  },
  410: {
    name: 'Gone',
    description: 'The round has closed and takes no more answers (`round_closed`)',
  },
  413: {
    name: 'TooLarge',
    description: 'The body is larger than 512 KB (`too_large`); the server closes the connection',
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'The body is not sent as `application/json` (`unsupported_media_type`)',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many failed attempts (`too_many_requests`); try again after `Retry-After`',
  },
  500: { name: 'InternalError', description: 'A fault on our side (`internal`)' },
} as const

export type ErrorStatus = keyof typeof ERROR_RESPONSES

/**
 * The error responses an operation's own handler can answer, for its `responses`. The errors of
 * the app-wide middleware and of validation are added by shape in `openapi.ts`.
 */
export function errors<const S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { $ref: `#/components/responses/${ERROR_RESPONSES[s].name}` }]),
  ) as Record<S, { $ref: string }>
}

/** Request body of JSON content, required. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
})

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

export const csvResponse = (description: string) => ({
  content: { 'text/csv': { schema: z.string() } },
  description,
})

/** Signed in: the session cookie or an API token. */
export const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }]

/** No sign-in needed (respondents, signing in itself). */
export const publicAccess: Record<string, string[]>[] = []

/** The signed-in user, or 401. */
export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user')
  if (!user) throw new AppError('sign_in_required')
  return user
}

/** The signed-in user as the actor of a service verb, or 401. */
export const actorOf = (c: Context<AppEnv>): Actor => asUser(requireUser(c))

/**
 * The one mapping of Zod issues to our field-level problems, each named by its path in the
 * request (`body` for the whole of it). With `firstPerPath`, only each field's first problem.
 */
export function fieldProblems(
  issues: readonly z.core.$ZodIssue[],
  options: { firstPerPath?: boolean } = {},
): FieldProblem[] {
  const fields: FieldProblem[] = []
  for (const issue of issues) {
    const path = issue.path.join('.') || 'body'
    if (!options.firstPerPath || !fields.some((f) => f.path === path))
      fields.push({ path, message: issue.message })
  }
  return fields
}

/** The language to answer in: the query parameter, then Accept-Language, then English. */
export function pickLocale(c: Context, param = 'locale'): 'en' | 'de' {
  const asked = c.req.query(param)
  if (asked === 'de' || asked === 'en') return asked
  const header = c.req.header('accept-language') ?? ''
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase()
    if (tag === 'de' || tag === 'en') return tag
  }
  return 'en'
}

export const csvHeaders = (filename: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${filename}"`,
})
