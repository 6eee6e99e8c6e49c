import type { OpenAPIHono } from '@hono/zod-openapi'
import { ERROR_RESPONSES, ErrorBody, type AppEnv, type ErrorStatus } from './http'

export interface DocumentOptions {
  version: string
  /** Where the API is; relative ('/') when that is wherever the document was fetched from. */
  serverUrl: string
  sessionCookie: string
}

interface Operation {
  parameters?: unknown[]
  requestBody?: unknown
  security?: unknown[]
  responses: Record<string, unknown>
}

const UNSAFE = new Set(['post', 'put', 'patch', 'delete'])

/**
 * The errors an operation can answer before or around its handler, by its shape. App-wide
 * middleware refuses unsafe requests sent from another site or with a read-only token (403) and
 * bodies over the limit (413); validation refuses bodies, parameters and media types (400, 415);
 * an operation that needs credentials answers 401 without them; anything may fail on our side.
 * Routes declare only what their own handler adds (`errors()` in http.ts).
 */
function sharedErrors(method: string, op: Operation): ErrorStatus[] {
  return [
    ...(op.parameters?.length || op.requestBody ? [400 as const] : []),
    ...(op.security?.length ? [401 as const] : []),
    ...(UNSAFE.has(method) ? [403 as const, 413 as const] : []),
    ...(op.requestBody ? [415 as const] : []),
    500 as const,
  ]
}

function buildDocument(app: OpenAPIHono<AppEnv>, options: DocumentOptions) {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Quorum API',
      version: options.version,
      description:
        'Anonymous team-health surveys. No endpoint returns an individual response; results exist only for closed rounds with at least k respondents.',
      license: { name: 'AGPL-3.0-only', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
    },
    servers: [{ url: options.serverUrl }],
  })
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>
  for (const item of Object.values(paths))
    for (const [method, op] of Object.entries(item)) {
      const responses: Record<string, unknown> = { ...op.responses }
      for (const status of sharedErrors(method, op))
        responses[status] ??= { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` }
      op.responses = Object.fromEntries(
        Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)),
      )
    }
  return doc
}

/**
 * Serves the OpenAPI document at /openapi.json. It is built on the first request, when every
 * route is registered, and kept: building it takes tens of milliseconds and nothing in it changes.
 */
export function serveOpenApi(app: OpenAPIHono<AppEnv>, options: DocumentOptions): void {
  const registry = app.openAPIRegistry
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: options.sessionCookie,
  })
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
  registry.registerComponent('securitySchemes', 'share', {
    type: 'http',
    scheme: 'bearer',
    description: 'A team share token (qsh_…)',
  })
  registry.register('Error', ErrorBody)
  for (const [status, { name, description }] of Object.entries(ERROR_RESPONSES))
    registry.registerComponent('responses', name, {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      ...(status === '429'
        ? {
            headers: {
              'Retry-After': {
                description: 'Seconds until another attempt may pass',
                schema: { type: 'integer' },
              },
            },
          }
        : {}),
    })

  let document: string | undefined
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(buildDocument(app, options))
    return c.body(document, 200, { 'content-type': 'application/json' })
  })
}
