import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createApp } from './app'
import { baseUrlOf, ConfigError, parseConfig } from './config'
import { SurveyFileError } from './domain/survey'
import { startNodeRuntime } from './node/runtime'
import { prepareFirstAdminSetup } from './services/auth'
import { runDueWork } from './services/schedule'

/** The Node entry: `npm start`. */
async function main(): Promise<void> {
  const config = parseConfig(process.env)
  // Built beside this file (scripts/build.mjs): answers are written there, off the event loop.
  const runtime = await startNodeRuntime(config, {
    writerThread: new URL('./writer-thread.js', import.meta.url),
  })
  const { deps } = runtime
  // The socket's peer; behind a reverse proxy, TRUST_PROXY lets the app read X-Forwarded-For.
  const app = createApp(deps, { clientAddress: (c) => getConnInfo(c).remote.address })

  const closeDue = () => runDueWork(deps)
  await closeDue()
  const timer = setInterval(closeDue, config.CLOSE_CHECK_SECONDS * 1000)

  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
    const base = config.BASE_URL ? baseUrlOf(config) : `http://${config.HOST}:${info.port}`
    console.log(`Quorum is running at ${base} (database: ${config.DATABASE_PATH})`)
    if (runtime.ballotKeyCreated)
      console.log(
        [
          '',
          `Created the ballot key in ${runtime.ballotKeyCreated}. It seals answers until their round`,
          'closes. Keep it out of backups of the database, and back it up on its own: without it,',
          'open rounds can neither take answers nor be released. See "Anonymous at rest" in README.md.',
        ].join('\n'),
      )
    void prepareFirstAdminSetup(deps).then((token) => {
      if (!token) return
      console.log(
        [
          '',
          'No admin account exists yet. Create the first admin within 24 hours with this one-time token:',
          `  ${base}/setup#${token}`,
          'or from a terminal:',
          `  curl -X POST ${base}/api/setup -H 'content-type: application/json' \\`,
          `    -d '{"token":"${token}","email":"you@example.org","name":"Your Name","password":"at least 12 characters"}'`,
          '',
        ].join('\n'),
      )
    })
  })

  const shutdown = () => {
    clearInterval(timer)
    server.close(() => {
      void runtime.close().finally(() => process.exit(0))
    })
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof SurveyFileError) {
    console.error(err.message)
  } else {
    console.error('Quorum could not start:', err)
  }
  process.exit(1)
})
