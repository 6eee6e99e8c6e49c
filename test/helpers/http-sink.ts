import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { recorder } from './recorder'

/** One request as the sink received it. */
export interface SinkRequest {
  method: string
  /** Path and query, e.g. `/emails`. */
  path: string
  /** Header names are lower case, as node:http gives them. */
  headers: IncomingHttpHeaders
  /** The body parsed as JSON; undefined when it was empty or not JSON. */
  json: any
}

/** What the sink answers: a status alone, or a status with a JSON body and headers. */
export type SinkReply =
  number | { status: number; json?: unknown; headers?: Record<string, string> | undefined }

export interface HttpSink {
  /** The sink's address, e.g. `http://127.0.0.1:PORT`; any path on it is recorded. */
  url: string
  /** Every request received, oldest first. */
  requests: SinkRequest[]
  /** How to answer from now on (initially 200 with `{ "id": "sink-N" }`). */
  respond(reply: (request: SinkRequest) => SinkReply): void
  /** Waits for `count` requests, or for one matching `predicate` (then resolves with those). */
  waitFor(
    what: number | ((request: SinkRequest) => boolean),
    timeoutMs?: number,
  ): Promise<SinkRequest[]>
  close(): Promise<void>
}

/**
 * A local HTTP server that records every request and answers as told: it stands in for an HTTP
 * mail API (MAIL_API_URL) and for chat webhooks. Listens on 127.0.0.1 and a free port.
 */
export async function startHttpSink(
  options: { reply?: (request: SinkRequest) => SinkReply } = {},
): Promise<HttpSink> {
  const requests = recorder<SinkRequest>('http sink', (r) => `${r.method} ${r.path}`)
  let reply: (request: SinkRequest) => SinkReply =
    options.reply ?? (() => ({ status: 200, json: { id: `sink-${requests.items.length}` } }))
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    let json: unknown
    try {
      json = body === '' ? undefined : JSON.parse(body)
    } catch {
      json = undefined
    }
    const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, json }
    requests.push(request)
    const answer = reply(request)
    const {
      status,
      json: out,
      headers,
    } = typeof answer === 'number' ? { status: answer, json: undefined, headers: {} } : answer
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(out ?? {}))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests: requests.items,
    respond: (next) => void (reply = next),
    waitFor: requests.waitFor,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
