import { createApp } from './app'
import { ConfigError, parseConfig, type Config } from './config'
import { jsonLogger, type Deps } from './deps'
import { closeDueRounds } from './services/rounds'
import { syncBuiltinSurveys } from './services/surveys'
import { d1Batch, d1Kysely, type D1Database } from './workers/d1'
import { bundledSurveys } from './workers/surveys'

export interface Env {
  DB: D1Database
  [setting: string]: unknown
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
}

/**
 * Built once per isolate: bindings are the same objects for every request an isolate serves, so
 * the app (its routes, parsed surveys, rate-limit counters) is reused rather than rebuilt.
 */
let cached: {
  env: Env
  deps: Deps
  app: ReturnType<typeof createApp>
  ready: Promise<void>
} | null = null

function setUp(env: Env) {
  if (cached?.env === env) return cached
  const config: Config = parseConfig(env)
  const db = d1Kysely(env.DB)
  const deps: Deps = {
    db,
    batch: d1Batch(env.DB),
    config,
    builtinSurveys: bundledSurveys(),
    now: () => new Date(),
    log: jsonLogger(config.LOG_LEVEL),
  }
  const app = createApp(deps, {
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? undefined,
  })
  const ready = syncBuiltinSurveys(deps)
  cached = { env, deps, app, ready }
  ready.catch(() => {
    cached = null // try again on the next request
  })
  return cached
}

function configFailure(err: unknown): Response {
  // The operator sees what to fix in the logs; the client only that the service is misconfigured.
  console.error(
    JSON.stringify({
      level: 'error',
      message: err instanceof ConfigError ? err.message : `start-up failed: ${String(err)}`,
    }),
  )
  return new Response(
    JSON.stringify({
      error: {
        code: 'misconfigured',
        message: 'This Quorum instance is not configured correctly.',
      },
    }),
    { status: 500, headers: { 'content-type': 'application/json' } },
  )
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let state
    try {
      state = setUp(env)
      await state.ready
    } catch (err) {
      return configFailure(err)
    }
    return state.app.fetch(request, env, ctx as never)
  },

  /** Cron trigger (wrangler.toml): closes and releases rounds past their closing time. */
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    let state
    try {
      state = setUp(env)
    } catch (err) {
      configFailure(err) // logs what to fix; a cron has no client to answer
      return
    }
    const { deps, ready } = state
    ctx.waitUntil(ready.then(() => closeDueRounds(deps)))
  },
}
