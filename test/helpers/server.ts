import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import pkg from '../../package.json'
import { PROJECT_ROOT } from '../../src/node/runtime'

/** A port nobody listens on right now: the server prints its URL from PORT, so 0 will not do. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  /** From the start-up banner, e.g. http://127.0.0.1:41234 */
  baseUrl: string
  /** The one-time first-admin token from the `…/setup#<token>` line (fresh databases only). */
  setupToken: string | undefined
  databasePath: string
  /** Every line the server wrote, in order, per stream. */
  stdout: string[]
  stderr: string[]
  /** SIGTERM to the server's process group, SIGKILL if it has not exited in time. */
  stop(timeoutMs?: number): Promise<number | null>
  /** Stops the server and deletes its temporary directory. */
  remove(): Promise<void>
}

/**
 * Starts the real server the way `npm start` does (the script's command, run from
 * node_modules/.bin) on a free port with a fresh SQLite file, and waits for its banner.
 * The server runs in its own process group so stopping it also stops the node process tsx spawns.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-e2e-'))
  const databasePath = join(dir, 'quorum.sqlite')
  const port = await freePort()
  const [bin, ...args] = pkg.scripts.start.split(' ')
  const child = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', bin!), args, {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...shellEnvironment(),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      PASSWORD_ITERATIONS: '10000',
      LOG_LEVEL: 'info',
      ...env,
    },
  })
  const stdout: string[] = []
  const stderr: string[] = []
  // 'close' comes after the output streams ended, so every line has been collected by then.
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code)),
  )
  // Should the test process die before afterAll, do not leave a server behind.
  const killOnExit = () => signalGroup(child, 'SIGKILL')
  process.once('exit', killOnExit)
  void exited.then(() => process.off('exit', killOnExit))
  let exitCode: number | null | undefined
  void exited.then((code) => (exitCode = code))
  const listeners = new Set<() => void>()
  const collect = (stream: NodeJS.ReadableStream, lines: string[]) =>
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line)
      for (const listener of listeners) listener()
    })
  collect(child.stdout!, stdout)
  collect(child.stderr!, stderr)

  const stop = async (timeoutMs = 5000) => stopProcessGroup(child, exited, timeoutMs)
  const output = () => [...stdout, ...stderr].join('\n')

  /** Resolves with the first stdout match of `pattern`; fails if the server exits or is slow. */
  const waitFor = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        for (const line of stdout) {
          const match = line.match(pattern)
          if (match) return done(() => resolve(match))
        }
        if (exitCode !== undefined)
          done(() => reject(new Error(`server exited (${exitCode}):\n${output()}`)))
      }
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`))),
        timeoutMs,
      )
      const done = (settle: () => void) => {
        clearTimeout(timer)
        listeners.delete(check)
        settle()
      }
      listeners.add(check)
      void exited.then(check)
      check()
    })

  try {
    const [, baseUrl] = await waitFor(/^Quorum is running at (http:\/\/\S+)/)
    // A fresh database always gets a set-up token, printed just after the banner.
    const [, setupToken] = await waitFor(/\/setup#(\S+)$/)
    return {
      baseUrl: baseUrl!,
      setupToken,
      databasePath,
      stdout,
      stderr,
      stop,
      remove: async () => {
        await stop()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (err) {
    await stop()
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
}

/**
 * The parts of the test runner's environment a user's shell would also have. Vitest adds its own
 * variables (BASE_URL=/ among them, which is also one of our settings), so nothing else passes.
 */
function shellEnvironment(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT']
  return Object.fromEntries(
    keep.flatMap((key) => (process.env[key] === undefined ? [] : [[key, process.env[key]!]])),
  )
}

async function stopProcessGroup(
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return exited
  signalGroup(child, 'SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>(
    (resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)),
  )
  const first = await Promise.race([exited, late])
  clearTimeout(timer)
  if (first !== 'late') return first
  signalGroup(child, 'SIGKILL')
  return exited
}

/** Signals the server's whole process group: tsx and the node process it runs. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal)
  } catch {
    // The group is gone already.
  }
}

export interface HttpResult {
  status: number
  headers: Headers
  text: string
  json: any
  /** The raw Set-Cookie headers of this response. */
  setCookies: string[]
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * A small browser-like client: keeps cookies from Set-Cookie and sends them back, and names its
 * origin on state-changing requests as browsers do (the server's CSRF check relies on it).
 */
export function httpClient(baseUrl: string) {
  const jar = new Map<string, string>()
  const origin = new URL(baseUrl).origin

  function remember(setCookie: string) {
    const [pair = '', ...attributes] = setCookie.split(';').map((s) => s.trim())
    const eq = pair.indexOf('=')
    const name = pair.slice(0, eq)
    const value = pair.slice(eq + 1)
    const expired = attributes.some((a) => {
      const [key = '', val = ''] = a.split('=')
      if (key.toLowerCase() === 'max-age') return Number(val) <= 0
      if (key.toLowerCase() === 'expires') return Date.parse(val) <= Date.now()
      return false
    })
    if (expired || value === '') jar.delete(name)
    else jar.set(name, value)
  }

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; bearer?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult> {
    const headers: Record<string, string> = {}
    if (UNSAFE.has(method)) headers.origin = origin
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`
    if (jar.size > 0) headers.cookie = [...jar].map(([n, v]) => `${n}=${v}`).join('; ')
    Object.assign(headers, options.headers)
    const res = await fetch(new URL(path, baseUrl), {
      method,
      headers,
      redirect: 'manual',
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    })
    const setCookies = res.headers.getSetCookie()
    for (const cookie of setCookies) remember(cookie)
    const text = await res.text()
    let json: any
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: res.status, headers: res.headers, text, json, setCookies }
  }

  return { call, jar, origin }
}

export type HttpClient = ReturnType<typeof httpClient>

/** A survey as GET /api/public/rounds/{id} serves it: enough to fill in every item. */
export interface ServedSurvey {
  scales: { id: string; points: { value: number }[]; favourableFrom: number }[]
  items: { id: string; dimension?: string; reverse: boolean; scale?: string }[]
  dimensions: { id: string }[]
  questions: { id: string }[]
}

/** Answers to every item of a served survey, as a respondent's page would send them. */
export function answerEveryItem(
  survey: ServedSurvey,
  pick: (values: number[], itemIndex: number) => number,
): Record<string, number> {
  return Object.fromEntries(
    survey.items.map((item, i) => {
      const scale = survey.scales.find((s) => s.id === item.scale) ?? survey.scales[0]!
      return [
        item.id,
        pick(
          scale.points.map((p) => p.value),
          i,
        ),
      ]
    }),
  )
}

/** The secret of an invitation link: everything after `#`, which browsers never send. */
export const secretOf = (url: string) => new URL(url).hash.slice(1)
