// `npm run bench`: Quorum's performance targets (DESIGN.md, "Performance targets") measured in one
// run, as ratios where the machine matters. Black-box over HTTP on 127.0.0.1, so the storage layer
// can change underneath it:
// - submit rate ÷ echo rate: Quorum as `npm start` runs it (bundled by scripts/build.mjs,
//   DB_SYNCHRONOUS=FULL) against bare Hono echoing the same JSON bodies (bench/echo.ts, compiled
//   the same way); 50 keep-alive connections each, 2 s warm-ups, then 10 s each measured in
//   alternating slices (so a neighbour's load drifting shifts both alike); every submission uses
//   its own unused link and answers every item; p50/p99 of the submissions; non-2xx reported.
//   The links are minted first, then Quorum restarts on the same database, so load and memory
//   are of submitting alone, not of minting 100k links.
// - the same with a comment in every submission (280-byte bodies), informative;
// - a team's trend over 50 closed rounds (k = 3, 3–5 respondents each), 200 sequential GETs;
// - closing a round of 200 respondents, the median of 5;
// - the server's peak RSS (VmHWM from /proc) after the submit load;
// - a campaign over 2,000 teams × 10 dimensions (issue 11, bench/campaign.ts): its heatmap served,
//   its close and release, and the ledger's decision alone.
// Prints a table and writes it as JSON to bench/results/. Speed is never asserted in tests.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { closeClient, request } from './client'
import { measureLoad, summarize, type LoadOptions, type LoadRun } from './load'
import * as processes from './processes'
import { bodyMaker, fakeSecret, linkPool, mintLinks, QuorumApi } from './quorum'
import { header, row, summary, table, writeResults } from './report'
import { campaignRows, measureCampaign } from './campaign'
import { measureClose, measureTrend } from './scenarios'

const CONNECTIONS = 50
const WARMUP_SECONDS = 2
const SECONDS = 10
/** Whole seconds per slice: autocannon stops on its 1-second tick. */
const SLICES = 5
const MAX_LINKS = 150_000
/** Bodies of the comment run: every item answered and a comment, 280 bytes in all. */
const COMMENT_BODY_BYTES = 280
const COMMENT_ROUND_SIZE = 200
const TIME_LIMIT_MS = 290_000

const began = Date.now()
const servers: processes.Server[] = []
const dir = mkdtempSync(join(os.tmpdir(), 'quorum-bench-'))
const log = (line: string) =>
  console.log(`[${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}`)
const thousands = (n: number) => n.toLocaleString('en-US')

async function start(name: string, launch: processes.Launch, env: Record<string, string>) {
  const server = await processes.startServer(name, launch, {
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  })
  servers.push(server)
  log(`${name} is running at ${server.url} (pid ${server.pid})`)
  return server
}

/** A load of CONNECTIONS connections; with a pool, no more requests than it has links. */
function load(
  server: processes.Server,
  seconds: number,
  source: { next: LoadOptions['next']; remaining?: () => number },
): Promise<LoadRun> {
  const left = source.remaining?.()
  return measureLoad({
    base: server.url,
    connections: CONNECTIONS,
    seconds,
    next: source.next,
    // An exhausted pool would show as 404s for 'pool-exhausted': it is sized not to be.
    ...(left === undefined ? {} : { perConnection: Math.max(1, Math.floor(left / CONNECTIONS)) }),
  })
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()
  log('building Quorum (scripts/build.mjs) and the echo server…')
  const quorumHow = processes.quorumLaunch()
  const echoHow = await processes.echoLaunch(quorumHow, dir)
  log(`Quorum: ${quorumHow.how}; echo: ${echoHow.how}`)
  const setupToken = randomBytes(24).toString('base64url')
  const env = {
    DATABASE_PATH: join(dir, 'q.sqlite'),
    DB_SYNCHRONOUS: 'FULL',
    LOG_LEVEL: 'warn',
    SETUP_TOKEN: setupToken,
    BALLOT_KEY: randomBytes(32).toString('base64'),
  }
  const mintProgress = (done: number, total: number) => {
    if (done === total || done % 10_000 === 0)
      log(`minting ${thousands(total)} links… ${done / 1000}/${total / 1000}`)
  }

  // 1. An admin and a team; the survey of a first round shapes the bodies for both servers.
  const minting = await start('Quorum (minting)', quorumHow, env)
  const admin = new QuorumApi(minting.url)
  await admin.signUp(setupToken)
  const loadTeam = await admin.createTeam('Bench load')
  const [probe] = await admin.openRound(loadTeam, 3, 1)
  const survey = await admin.survey(probe!.roundId)
  const makeBody = bodyMaker(survey, 0)

  // 2. The echo server warms up; submitting cannot outrun it, so its rate sizes the link pools
  // (one for the warm-up, one for the measured run).
  const echo = await start('Echo', echoHow, {})
  const echoSource = {
    next: () => ({
      path: `/api/public/rounds/${'r'.repeat(16)}/responses`,
      body: makeBody(fakeSecret()),
    }),
  }
  const echoWarm = summarize([await load(echo, WARMUP_SECONDS, echoSource)])
  log(`echo warm-up: ${summary(echoWarm)}`)
  const links = (seconds: number) =>
    Math.min(MAX_LINKS, Math.ceil((echoWarm.rate * seconds * 1.5) / 1000) * 1000)
  const minted = await mintLinks(
    admin,
    loadTeam,
    links(WARMUP_SECONDS) + links(SECONDS),
    mintProgress,
  )
  const warmPool = linkPool(minted.slice(0, links(WARMUP_SECONDS)), makeBody)
  const pool = linkPool(minted.slice(links(WARMUP_SECONDS)), makeBody)
  await minting.stop()

  // 3. A fresh Quorum on that database warms up, then echo and submit take turns.
  const quorum = await start('Quorum', quorumHow, env)
  const api = admin.at(quorum.url)
  const startedMemory = processes.memoryOf(quorum.pid)
  const warm = summarize([await load(quorum, WARMUP_SECONDS, warmPool)])
  log(`submit warm-up: ${summary(warm)}`)
  if (warm.ok < warm.responses / 2 || warm.ok === 0)
    throw new Error(`most submissions failed in the warm-up: ${JSON.stringify(warm.statuses)}`)
  const echoRuns: LoadRun[] = []
  const submitRuns: LoadRun[] = []
  const [, peakSampled] = await processes.whileSampling(quorum.pid, async () => {
    for (let i = 1; i <= SLICES; i++) {
      log(`measuring echo, then submit: ${SECONDS / SLICES} s each, ${i}/${SLICES}…`)
      echoRuns.push(await load(echo, SECONDS / SLICES, echoSource))
      submitRuns.push(await load(quorum, SECONDS / SLICES, pool))
    }
  })
  const memory = processes.memoryOf(quorum.pid)
  const echoMemory = processes.memoryOf(echo.pid)
  await echo.stop()
  const echoResult = summarize(echoRuns)
  const submit = summarize(submitRuns)
  log(`echo: ${summary(echoResult)}`)
  log(`submit: ${summary(submit)}`)
  if (pool.remaining() < CONNECTIONS) log(`note: the links ran out`)
  const health = await request(quorum.url, 'GET', '/healthz').catch((e: Error) => e)
  if (health instanceof Error || health.status !== 200 || quorum.exited())
    throw new Error(`Quorum is unwell after the submit load: ${quorum.exited() ?? String(health)}`)

  // 4. The same with a comment in every submission, in rounds of 200 (comments are kept per
  // round, apart from the answers); informative, measured after the memory was read.
  const commentCount = Math.min(MAX_LINKS, Math.max(5000, submit.rate * SECONDS * 1.5))
  const commentPool = linkPool(
    await mintLinks(
      api,
      loadTeam,
      Math.ceil(commentCount / COMMENT_ROUND_SIZE) * COMMENT_ROUND_SIZE,
      mintProgress,
      COMMENT_ROUND_SIZE,
    ),
    bodyMaker(survey, COMMENT_BODY_BYTES),
  )
  log(`submit with a comment each: measuring ${SECONDS} s…`)
  const withComments = summarize([await load(quorum, SECONDS, commentPool)])
  log(`submit with a comment each: ${summary(withComments)}`)

  // 5. Reports: a 50-round trend, and closing rounds of 200.
  const trend = await measureTrend(api, makeBody, log)
  log(
    `trend: median ${trend.median.toFixed(2)} ms, p99 ${trend.p99.toFixed(2)} ms (GET /api/me: median ${trend.me.median.toFixed(2)} ms)`,
  )
  const close = await measureClose(api, makeBody, log)
  const endMemory = processes.memoryOf(quorum.pid)
  await quorum.stop()

  // 6. A campaign over 2,000 teams, on a database of its own.
  const campaign = await measureCampaign((name, env) => start(name, quorumHow, env), dir, log)

  const failures = (r: typeof submit) => r.responses - r.ok + r.errors
  const rows = [
    row('submit rate ÷ echo rate', submit.rate / echoResult.rate, 'ratio', {
      op: '>=',
      limit: 0.5,
    }),
    { ...row('echo (bare Hono)', echoResult.rate, 'req/s'), detail: true },
    { ...row('submit', submit.rate, 'req/s'), detail: true },
    row('submit p50', submit.p50, 'ms'),
    row('submit p99', submit.p99, 'ms', { op: '<', limit: 20 }),
    row('submit non-2xx or errors', failures(submit), '', { op: '=', limit: 0 }),
    row('with a comment each: rate ÷ echo rate', withComments.rate / echoResult.rate, 'ratio'),
    { ...row('p99', withComments.p99, 'ms'), detail: true },
    { ...row('non-2xx or errors', failures(withComments), ''), detail: true },
    row('trend of 50 rounds, median', trend.median, 'ms', { op: '<', limit: 2 }),
    row('trend of 50 rounds, p99', trend.p99, 'ms'),
    { ...row('GET /api/me (HTTP and token alone), median', trend.me.median, 'ms'), detail: true },
    row('close a round of 200, median of 5', close.median, 'ms', { op: '<', limit: 50 }),
    row('server peak RSS (VmHWM)', memory?.peakMb ?? NaN, 'MB', { op: '<', limit: 150 }),
    { ...row('at start', startedMemory?.rssMb ?? NaN, 'MB'), detail: true },
    { ...row('echo server peak', echoMemory?.peakMb ?? NaN, 'MB'), detail: true },
    ...campaignRows(campaign),
  ]
  const cpus = os.cpus()
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    loadAverage: { before: loadBefore, after: os.loadavg() },
    seconds: (Date.now() - began) / 1000,
    quorum: quorumHow.how,
    echo: echoHow.how,
    settings: {
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
      slices: SLICES,
    },
    rows,
    details: {
      echo: echoResult,
      echoSlices: echoRuns.map((r) => Math.round(r.latencies.length / r.seconds)),
      submitWarmup: warm,
      submit,
      submitSlices: submitRuns.map((r) => Math.round(r.latencies.length / r.seconds)),
      withComments,
      trend,
      close,
      campaign,
      memory: { started: startedMemory, afterLoad: memory, peakSampled, end: endMemory },
      echoMemory,
    },
    serverOutput: {
      lines: minting.outputCount() + quorum.outputCount(),
      first: [...minting.output, ...quorum.output].slice(0, 50),
    },
  }
  const bodies = `${Math.round(submit.bodyBytes)}-byte bodies (every item answered), ${Math.round(withComments.bodyBytes)} with a comment`
  console.log(`\n${header(results, bodies)}\n\n${table(rows)}\n`)
  const { lines, first } = results.serverOutput
  if (lines > 0)
    console.log(
      `Quorum logged ${lines} lines at LOG_LEVEL=warn; first:\n${first.slice(0, 5).join('\n')}\n`,
    )
  console.log(`written: ${(await writeResults(results)).join(', ')}`)
}

/** Last words on every way out: no server left running, no database left behind. */
process.on('exit', () => {
  processes.killAll()
  rmSync(join(dir, 'node_modules'), { force: true }) // the link to ours, never what it points to
  rmSync(dir, { recursive: true, force: true })
})
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the servers`)
    process.exit(130)
  })
setTimeout(() => {
  console.error(`the benchmark took longer than ${TIME_LIMIT_MS / 1000} s; stopping`)
  process.exit(1)
}, TIME_LIMIT_MS).unref()

main().then(
  () => {
    closeClient()
    process.exit(0)
  },
  (err: unknown) => {
    console.error(`\nbenchmark failed: ${err instanceof Error ? err.message : String(err)}`)
    for (const server of servers)
      if (server.output.length)
        console.error(
          `${server.name} logged (first lines):\n${server.output.slice(0, 10).join('\n')}`,
        )
    process.exit(1)
  },
)
