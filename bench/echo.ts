// The baseline for `npm run bench`: bare Hono on @hono/node-server, parsing a JSON body and
// answering it with c.json. Nothing else: no middleware, no database. Started like Quorum (PORT,
// HOST, a "running at" line) so the benchmark treats both the same.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
app.post('*', async (c) => c.json(await c.req.json()))

const hostname = process.env.HOST ?? '127.0.0.1'
const server = serve({ fetch: app.fetch, hostname, port: Number(process.env.PORT ?? 0) }, (info) =>
  console.log(`Echo is running at http://${hostname}:${info.port}`),
)
const stop = () => server.close(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
