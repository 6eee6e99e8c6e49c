import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PROJECT_ROOT } from '../../src/node/runtime'
import { freePort, shellEnvironment, spawnGroup, type ProcessGroup } from './process'
import type { RunningTarget } from './target'

export const WRANGLER = join(PROJECT_ROOT, 'node_modules', '.bin', 'wrangler')

/**
 * How wrangler runs in CI: no prompts (CI=true, and stdin is closed anyway), no telemetry, no
 * colours in the output the tests read, its debug logs in our temporary directory, and no
 * settings from a developer's .env file: only the vars a test passes.
 */
export function wranglerEnvironment(dir: string): Record<string, string> {
  return {
    ...shellEnvironment(),
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_LOG_PATH: join(dir, 'logs'),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'false',
  }
}

/** Runs wrangler to completion; rejects with its output when it fails. */
export async function runWrangler(args: string[], dir: string) {
  try {
    return await promisify(execFile)(WRANGLER, args, {
      cwd: PROJECT_ROOT,
      env: wranglerEnvironment(dir),
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    })
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string }
    throw new Error(`wrangler ${args.join(' ')} failed: ${String(err)}\n${stdout}\n${stderr}`)
  }
}

export interface RunningWorker extends RunningTarget {
  runtime: 'workers'
}

/**
 * Starts the Worker the way `wrangler dev` runs it for a developer: in workerd, with a real local
 * D1 in a temporary directory that our migrations were applied to by `wrangler d1 migrations
 * apply`, on a free port. `vars` override the settings (as `--var`); the set-up token is random.
 * Waits until GET /healthz answers `healthz` (200 unless a test expects a broken configuration).
 */
export async function startWorker(
  vars: Record<string, string> = {},
  { healthz = 200, timeoutMs = 50_000 } = {},
): Promise<RunningWorker> {
  // wrangler dev has been seen, rarely, never to become ready; a second start has always worked.
  try {
    return await startWorkerOnce(vars, healthz, timeoutMs)
  } catch (err) {
    console.warn(`wrangler dev did not start, trying once more: ${String(err).slice(0, 2000)}`)
    return startWorkerOnce(vars, healthz, timeoutMs)
  }
}

async function startWorkerOnce(
  vars: Record<string, string>,
  healthz: number,
  timeoutMs: number,
): Promise<RunningWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-workerd-'))
  const persist = join(dir, 'state')
  const cleanUp = () => rmSync(dir, { recursive: true, force: true })
  let databasePath: string
  try {
    await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], dir)
    databasePath = localD1File(persist)
  } catch (err) {
    cleanUp()
    throw err
  }

  const port = await freePort()
  // wrangler's debugger port is 9229 unless told otherwise: two workers at once would collide.
  const inspectorPort = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const settings: Record<string, string> = {
    SETUP_TOKEN: `qsu_${randomBytes(32).toString('base64url')}`,
    BALLOT_KEY: randomBytes(32).toString('base64'),
    PASSWORD_ITERATIONS: '10000',
    BASE_URL: baseUrl,
    LOG_LEVEL: 'info',
    ...vars,
  }
  const worker = spawnGroup(
    WRANGLER,
    [
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-ip',
      '127.0.0.1',
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persist,
      '--show-interactive-dev-session=false',
      '--test-scheduled',
      ...Object.entries(settings).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
    ],
    { cwd: PROJECT_ROOT, env: wranglerEnvironment(dir) },
  )
  const remove = async () => {
    await worker.stop()
    cleanUp()
  }
  try {
    await waitForHealthz(baseUrl, healthz, timeoutMs, worker)
  } catch (err) {
    await remove()
    throw err
  }
  return {
    runtime: 'workers',
    baseUrl,
    setupToken: settings.SETUP_TOKEN!,
    databasePath,
    logs: (stream) => [...(stream ? worker[stream] : worker.lines)],
    stop: worker.stop,
    remove,
  }
}

/** The SQLite file miniflare keeps the local D1 database in (one per database id). */
function localD1File(persist: string): string {
  const folder = join(persist, 'v3', 'd1', 'miniflare-D1DatabaseObject')
  const files = readdirSync(folder).filter((f) => /^[0-9a-f]{64}\.sqlite$/.test(f))
  if (files.length !== 1) throw new Error(`expected one D1 database file in ${folder}: ${files}`)
  return join(folder, files[0]!)
}

async function waitForHealthz(
  baseUrl: string,
  status: number,
  timeoutMs: number,
  worker: ProcessGroup,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let exited = false
  void worker.exited.then(() => (exited = true))
  let last = 'no answer'
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) })
      await res.arrayBuffer()
      if (res.status === status) return
      last = `status ${res.status}`
    } catch (err) {
      last = String(err)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(
    `wrangler dev ${exited ? 'exited' : `did not answer /healthz with ${status} in ${timeoutMs} ms`} (last: ${last}):\n${worker.output()}`,
  )
}
