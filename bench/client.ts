import http from 'node:http'
import { performance } from 'node:perf_hooks'

export interface Reply {
  status: number
  body: unknown
  headers: http.IncomingHttpHeaders
  /** From sending the request to the last byte of the response, in milliseconds. */
  ms: number
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })

/** Closes the kept-alive sockets, so the process can exit. */
export function closeClient(): void {
  agent.destroy()
}

/** One HTTP request with a JSON body and answer, timed; never throws for a status code. */
export function request(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; cookie?: string } = {},
): Promise<Reply> {
  const url = new URL(path, base)
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  const headers: Record<string, string> = {}
  if (payload !== undefined) headers['content-type'] = 'application/json'
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.cookie) headers.cookie = options.cookie
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const ms = performance.now() - started
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text
          try {
            body = text ? JSON.parse(text) : undefined
          } catch {
            // not JSON: keep the text for the error message
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers, ms })
        })
        res.on('error', reject)
      },
    )
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path} timed out`)))
    req.on('error', reject)
    req.end(payload)
  })
}

/** The reply's body if its status is the expected one; otherwise an error saying what happened. */
export function expectStatus<T>(reply: Reply, status: number, what: string): T {
  if (reply.status !== status) {
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    throw new Error(`${what}: expected HTTP ${status}, got ${reply.status} ${body?.slice(0, 400)}`)
  }
  return reply.body as T
}

/** The value below which `p` percent of the sorted values lie (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

/** Runs `task` over `items` with at most `limit` at a time. */
export async function eachLimited<T>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
