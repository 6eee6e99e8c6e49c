import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../src/node/runtime'
import { compiledScript, freePort, shellEnvironment, spawnGroup } from './process'
import type { RunningTarget } from './target'

export { freePort } from './process'

export interface RunningServer extends RunningTarget {
  runtime: 'node'
  /** The one-time first-admin token from the `…/setup#<token>` line of a fresh database. */
  setupToken: string
  /** The ballot key it runs with, for a CLI working on the same database. */
  ballotKey: string
  /** Every line the server wrote, in order, per stream. */
  stdout: string[]
  stderr: string[]
}

/**
 * Starts the real server the way `npm start` does (built once, then node on dist/node.js) on a
 * free port with a fresh SQLite file, and waits for its banner.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-e2e-'))
  const databasePath = join(dir, 'quorum.sqlite')
  const port = await freePort()
  const ballotKey = env.BALLOT_KEY ?? randomBytes(32).toString('base64')
  const { command, args } = compiledScript('start')
  const server = spawnGroup(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...shellEnvironment(),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      PASSWORD_ITERATIONS: '10000',
      LOG_LEVEL: 'info',
      // Its own key, so that tests never leave a quorum.key in the checkout.
      BALLOT_KEY: ballotKey,
      ...env,
    },
  })
  const remove = async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const [, baseUrl] = await server.waitFor(/^Quorum is running at (http:\/\/\S+)/)
    // A fresh database always gets a set-up token, printed just after the banner.
    const [, setupToken] = await server.waitFor(/\/setup#(\S+)$/)
    return {
      runtime: 'node',
      baseUrl: baseUrl!,
      setupToken: setupToken!,
      databasePath,
      ballotKey,
      stdout: server.stdout,
      stderr: server.stderr,
      logs: (stream) => [...(stream ? server[stream] : server.lines)],
      stop: server.stop,
      remove,
    }
  } catch (err) {
    await remove()
    throw err
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

/**
 * Creates the first admin on a fresh server with its one-time token and signs them in: the
 * client then holds the admin's session.
 */
export async function signedInAdmin(server: RunningServer, password: string): Promise<HttpClient> {
  const admin = httpClient(server.baseUrl)
  const body = { token: server.setupToken, email: 'admin@example.org', name: 'Ada', password }
  const setup = await admin.call('POST', '/api/setup', { body })
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${setup.text}`)
  await admin.call('POST', '/api/session', { body: { email: body.email, password } })
  return admin
}
