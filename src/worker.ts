import { createApp } from './app'
import { webhookSender } from './chat/webhook'
import { ConfigError, parseConfig, type Config } from './config'
import { jsonLogger, type Deps } from './deps'
import { mailerFromConfig, mailModeOf } from './mail/from-config'
import { decodeBallotKey, webBallotSeal } from './seal'
import { batchBallotBox } from './services/ballot-box'
import { runDueWork } from './services/schedule'
import { upgradeLegacyBallots } from './services/upgrade'
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

interface State {
  deps: Deps
  app: ReturnType<typeof createApp>
}

/**
 * Built once per isolate: bindings are the same objects for every request an isolate serves, so
 * the app (its routes, parsed surveys, keys, rate-limit counters) is reused rather than rebuilt.
 */
let cached: { env: Env; state: Promise<State> } | null = null

function setUp(env: Env): Promise<State> {
  if (cached?.env === env) return cached.state
  const state = build(env)
  cached = { env, state }
  state.catch(() => {
    cached = null // try again on the next request
  })
  return state
}

/**
 * How often the cron trigger in wrangler.toml closes rounds past their closing time. It stands in
 * for CLOSE_CHECK_SECONDS, which pages and the API name as the time results take to appear; set
 * CLOSE_CHECK_SECONDS as a var if you change the cron.
 */
const CRON_SECONDS = 300

async function build(env: Env): Promise<State> {
  const config: Config = parseConfig({ CLOSE_CHECK_SECONDS: CRON_SECONDS, ...env })
  const key = config.BALLOT_KEY ? decodeBallotKey(config.BALLOT_KEY) : null
  if (!key)
    throw new ConfigError(
      'Invalid configuration:\n  BALLOT_KEY: missing; it seals answers and must be set as a ' +
        'secret: `openssl rand -base64 32 | npx wrangler secret put BALLOT_KEY`',
    )
  const seal = await webBallotSeal(key)
  const db = d1Kysely(env.DB)
  const batch = d1Batch(env.DB)
  const deps: Deps = {
    db,
    batch,
    config,
    builtinSurveys: bundledSurveys(),
    now: () => new Date(),
    log: jsonLogger(config.LOG_LEVEL),
    seal,
    ballots: batchBallotBox(db, batch, seal),
    chat: webhookSender(),
    // An HTTP mail API or none; SMTP_URL is refused here, Workers cannot speak SMTP.
    mail: mailerFromConfig(config),
  }
  deps.log.info(mailModeOf(config))
  const app = createApp(deps, {
    // Cloudflare sets this header itself, replacing any a client sent; TRUST_PROXY applies on top.
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? undefined,
    // Without BASE_URL, links name the address the request came to: a Worker has no HOST:PORT.
    linksFromRequest: true,
  })
  await syncBuiltinSurveys(deps)
  // Links handed out before the upgrade to sealed ballots work from the first request on.
  await upgradeLegacyBallots(deps)
  return { deps, app }
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
      state = await setUp(env)
    } catch (err) {
      return configFailure(err)
    }
    return state.app.fetch(request, env, ctx as never)
  },

  /** Cron trigger (wrangler.toml): closes and releases rounds past their closing time, reminds. */
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    const work = setUp(env).then(
      ({ deps }) => runDueWork(deps),
      (err: unknown) => {
        configFailure(err) // logs what to fix; a cron has no client to answer
      },
    )
    ctx.waitUntil(work)
  },
}
