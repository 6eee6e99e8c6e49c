import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import { findTeam, isFacilitatorOf } from '../db/teams'
import type { Deps } from '../deps'
import { AppError, notFound } from '../domain/errors'
import type { User } from '../services/auth'
import { findRound, type RoundRow } from '../db/rounds'
import { loadRound } from '../services/rounds'

export type AppEnv = {
  Variables: {
    user: User | null
    shareTeamId: string | null
    locale: string
  }
}

/** A sub-app whose validation failures become our 400 with field-level messages. */
export function apiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success)
        throw new AppError(
          400,
          'invalid_input',
          'Some fields need attention: ' +
            result.error.issues
              .map((i) => `${i.path.join('.') || 'body'} (${i.message})`)
              .join('; '),
          result.error.issues.map((i) => ({
            path: i.path.join('.') || 'body',
            message: i.message,
          })),
        )
    },
  })
}

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
})

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

const error = (description: string) => json(ErrorBody, description)

/** The error responses most routes share, for the OpenAPI document. */
export const commonErrors = {
  400: error('Invalid input; `fields` names each problem'),
  401: error('Not signed in'),
  404: error('Not found, or not yours to see'),
  409: error('Conflicts with the current state'),
} as const

export const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }]

/** The signed-in user, or 401. */
export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user')
  if (!user)
    throw new AppError(
      401,
      'sign_in_required',
      'Sign in first, or send an API token as a Bearer token.',
    )
  return user
}

/** The signed-in admin, or 403 for other users. */
export function requireAdmin(c: Context<AppEnv>): User {
  const user = requireUser(c)
  if (user.role !== 'admin') throw new AppError(403, 'admin_only', 'Only an admin can do this.')
  return user
}

/**
 * The team if this user may see it. Anyone else's team answers 404 exactly as a missing one does,
 * so ids cannot be probed (no IDOR).
 */
export async function requireTeam(deps: Deps, user: User, teamId: string) {
  const team = await findTeam(deps.db, teamId)
  if (!team || (user.role !== 'admin' && !(await isFacilitatorOf(deps.db, teamId, user.id))))
    throw notFound('This team')
  return team
}

/** The round if this user may see its team; 404 otherwise, as for a missing round. */
export async function requireRound(deps: Deps, user: User, roundId: string): Promise<RoundRow> {
  // Access first: someone else's round is not even closed on their behalf.
  const found = await findRound(deps.db, roundId)
  if (!found) throw notFound('This round')
  try {
    await requireTeam(deps, user, found.team_id)
  } catch {
    throw notFound('This round')
  }
  return loadRound(deps, roundId)
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
