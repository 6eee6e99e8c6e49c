import { Agent, request, type IncomingHttpHeaders } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../helpers/server'

interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** Whether this request went out on a socket an earlier request had used. */
  reusedSocket: boolean
}

/** One request through node:http on `agent`, the way a keep-alive client sends it. */
function send(
  agent: Agent,
  url: string,
  method: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          reusedSocket: req.reusedSocket,
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('a body over the limit on Node', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer()
  }, 60_000)
  afterAll(() => server?.remove())

  it('is a 413 that closes its connection, and the client’s next request works', async () => {
    // One socket at a time, kept alive: the second request reuses the first's socket unless the
    // server said it will close it.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const big = Buffer.alloc(600 * 1024, 'a')
      const refused = await send(agent, `${server.baseUrl}/api/setup`, 'POST', big, {
        'content-type': 'application/json',
        'content-length': String(big.length),
      })
      expect(refused.status).toBe(413)
      expect(JSON.parse(refused.body).error.code).toBe('too_large')
      expect(refused.headers.connection).toBe('close')

      const next = await send(agent, `${server.baseUrl}/healthz`, 'GET')
      expect(next.status).toBe(200)
      expect(next.reusedSocket).toBe(false)

      // An ordinary request keeps its connection for the next one.
      const again = await send(agent, `${server.baseUrl}/healthz`, 'GET')
      expect(again.status).toBe(200)
      expect(again.reusedSocket).toBe(true)
    } finally {
      agent.destroy()
    }
  })
})
