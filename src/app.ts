import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { z } from 'zod'
import { version } from '../package.json'
import { baseUrlOf } from './config'
import type { Deps } from './deps'
import { AppError } from './domain/errors'
import { fieldMessageOf, MESSAGES, messageOf } from './messages'
import { safeNextPath } from './domain/next-path'
import { authenticate } from './middleware/authenticate'
import { bodyLimit } from './middleware/body-limit'
import { clientAddressOf } from './middleware/client-address'
import { csrf } from './middleware/csrf'
import { RateLimiter } from './middleware/limiter'
import { requestLog, type LogAs } from './middleware/request-log'
import { authApi } from './routes/api/auth'
import { respondApi } from './routes/api/respond'
import { linksApi } from './routes/api/links'
import { reportsApi } from './routes/api/reports'
import { roundsApi } from './routes/api/rounds'
import { sharedApi } from './routes/api/shared'
import { surveysApi } from './routes/api/surveys'
import { teamSettingsApi } from './routes/api/team-settings'
import { teamsApi } from './routes/api/teams'
import { schedulesApi } from './routes/api/schedules'
import { membersApi } from './routes/api/members'
import { groupsApi } from './routes/api/groups'
import { campaignsApi } from './routes/api/campaigns'
import { apiCode, statusOf } from './routes/error-status'
import { json, publicAccess, type AppEnv } from './routes/http'
import { serveOpenApi } from './routes/openapi'
import { sessionCookieName } from './routes/session'
import { webPages } from './routes/web'
import { ErrorPage } from './views/error'

export const VERSION: string = version

export interface AppOptions {
  /**
   * The address of the peer that connected (the socket on Node, CF-Connecting-IP on Workers); the
   * client's address is derived from it and TRUST_PROXY. For rate limits only, never stored or
   * logged.
   */
  clientAddress?: (c: Context) => string | undefined
  /**
   * Without BASE_URL, links handed out (invitations, share links) point to the address each
   * request came to rather than to http://HOST:PORT. For Workers, where the request's URL is the
   * address the client used and HOST:PORT mean nothing; Node knows its own address.
   */
  linksFromRequest?: boolean
}

const SUBMISSION = /^\/(api\/public\/rounds\/[^/]+\/responses|s\/[^/]+)\/?$/
const RESPONDENT = /^\/(s\/[^/]+(\/thanks)?|api\/public\/rounds\/[^/]+)\/?$/

/**
 * Submissions (API and survey form), the survey page, its confirmation and the public survey
 * would make the log a time series of when respondents open and answer (P5): submissions refused
 * are only counted per minute (requestLog), the rest are not logged.
 */
function logAs(c: Context): LogAs {
  if (c.req.method === 'POST' && SUBMISSION.test(c.req.path)) return 'count'
  if (RESPONDENT.test(c.req.path)) return 'none'
  return 'line'
}

/**
 * Where in the code an error arose: the frames of its stack, without its message (which may hold
 * line breaks and text that looks like frames). Nothing when the stack does not begin as expected.
 */
function stackFrames(err: Error): string | undefined {
  const head = err.message ? `${err.name}: ${err.message}` : err.name
  if (!err.stack?.startsWith(head)) return undefined
  return err.stack
    .slice(head.length)
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n')
}

/** Builds the whole application; entries supply the database and settings. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>()
  // The limiter follows the app's clock, so windows behave the same under a test clock.
  const limiter = new RateLimiter(
    clientAddressOf(deps.config.TRUST_PROXY, options.clientAddress ?? (() => undefined)),
    () => deps.now().getTime(),
  )
  const cookieName = sessionCookieName(deps.config)
  const allowedOrigin = new URL(baseUrlOf(deps.config)).origin
  const fixedBaseUrl =
    deps.config.BASE_URL || !options.linksFromRequest ? baseUrlOf(deps.config) : undefined

  // Pages load only our own stylesheet, script and images; no inline script, no third party.
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
    }),
  )

  app.use(requestLog({ log: deps.log, now: deps.now, logAs }))

  app.use(async (c, next) => {
    c.set('baseUrl', fixedBaseUrl ?? new URL(c.req.url).origin)
    await next()
  })

  // CSRF: a browser names the page that sent a state-changing request; only our own may.
  app.use(csrf({ allowedOrigin }))

  // Every body, API or form: nothing we accept is larger (a survey definition, at most 256 KB,
  // is the largest; multipart uploads need room for their framing).
  app.use(bodyLimit({ maxSize: 512 * 1024 }))

  app.use(authenticate({ deps, cookieName }))

  app.route('/', webPages(deps, limiter))
  app.openapi(
    createRoute({
      operationId: 'getHealth',
      method: 'get',
      path: '/healthz',
      tags: ['Service'],
      summary: 'Liveness and version',
      security: publicAccess,
      responses: {
        200: json(z.object({ ok: z.literal(true), version: z.string() }), 'Running'),
      },
    }),
    (c) => c.json({ ok: true as const, version: VERSION }, 200),
  )

  for (const api of [
    authApi(deps, limiter),
    teamsApi(deps),
    teamSettingsApi(deps),
    schedulesApi(deps),
    membersApi(deps),
    groupsApi(deps),
    campaignsApi(deps),
    roundsApi(deps),
    linksApi(deps),
    reportsApi(deps),
    surveysApi(deps),
    respondApi(deps, limiter),
    sharedApi(deps),
  ])
    app.route('/api', api)

  serveOpenApi(app, {
    version: VERSION,
    serverUrl: fixedBaseUrl ?? '/',
    sessionCookie: cookieName,
  })

  const wantsPage = (c: Context) =>
    !c.req.path.startsWith('/api/') && c.req.path !== '/openapi.json' && c.req.path !== '/healthz'
  const page = (c: Context<AppEnv>, status: ContentfulStatusCode, message: string) =>
    c.html(ErrorPage({ status, message, signedIn: Boolean(c.get('user')) }), status)

  app.notFound((c) =>
    wantsPage(c)
      ? page(c, 404, MESSAGES.en.no_page({}))
      : c.json(
          {
            error: {
              code: 'not_found',
              message: MESSAGES.en.no_route({ method: c.req.method, path: c.req.path }),
            },
          },
          404,
        ),
  )

  app.onError((err, c) => {
    // Hono's own refusals of a body are answered like ours, as JSON whatever the path.
    const refusal =
      err instanceof HTTPException && err.status === 415
        ? 'unsupported_media_type'
        : err instanceof HTTPException && err.status < 500 && /json/i.test(err.message)
          ? 'invalid_json'
          : undefined
    const bodyRefused = refusal !== undefined
    if (refusal) err = new AppError(refusal)
    if (err instanceof AppError) {
      const status = statusOf(err.code)
      // The body of a refused request may still be on its way; Node would have to read and drop
      // it or cut the connection mid-stream. Saying so lets the client open a fresh one.
      if (status === 413) c.header('connection', 'close')
      if (wantsPage(c) && !bodyRefused) {
        if (status === 401) {
          // After sign-in, come back to the page; a form post cannot be replayed as a GET.
          const path = c.req.method === 'GET' ? safeNextPath(c.req.path, '') : ''
          return c.redirect(path ? `/signin?next=${encodeURIComponent(path)}` : '/signin', 303)
        }
        return page(c, status, messageOf(err, 'en'))
      }
      // The API speaks English, as it always has; `code` is for programs.
      const fields = err.fields.map((f) => ({ path: f.path, message: fieldMessageOf(f, 'en') }))
      const body = {
        code: apiCode(err.code),
        message: messageOf(err, 'en'),
        ...(fields.length ? { fields } : {}),
      }
      return c.json({ error: body }, status)
    }
    if (err instanceof HTTPException && err.status < 500)
      return c.json({ error: { code: 'bad_request', message: err.message } }, err.status)
    // A bug: log where it happened, and tell the client nothing more. Not the message: it may
    // quote request data (undici's "invalid header value" repeats the value), and so may the
    // stack's first line; the stack's frames name only our code.
    deps.log.error('unhandled error', {
      route: c.req.routePath,
      error: err instanceof Error ? err.name : 'unknown',
      stack: err instanceof Error ? stackFrames(err) : undefined,
    })
    return c.json(
      {
        error: { code: 'internal', message: messageOf(new AppError('internal'), 'en') },
      },
      500,
    )
  })

  return app
}

export type App = ReturnType<typeof createApp>
