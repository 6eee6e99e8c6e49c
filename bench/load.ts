import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { percentile } from './client'

export interface LoadOptions {
  base: string
  connections: number
  seconds: number
  /** Stop each connection after this many requests (so a pool of links is never overdrawn). */
  perConnection?: number
  /** The next request; called once per request sent. */
  next: () => { path: string; body: string }
}

export interface LoadResult {
  /** Responses received, whatever their status. */
  responses: number
  ok: number
  statuses: Record<string, number>
  errors: number
  timeouts: number
  seconds: number
  /** 2xx responses per second, from the start to the last response. */
  rate: number
  p50: number
  p90: number
  p99: number
  max: number
  bodyBytes: number
}

/** One load run's raw observations; `summarize` turns one or more into a LoadResult. */
export interface LoadRun {
  latencies: number[]
  statuses: Record<string, number>
  errors: number
  timeouts: number
  seconds: number
  bodyBytes: number
  bodies: number
}

/** POSTs JSON bodies from `next()` over keep-alive connections for a fixed time. */
export async function measureLoad(options: LoadOptions): Promise<LoadRun> {
  const run: LoadRun = {
    latencies: [],
    statuses: {},
    errors: 0,
    timeouts: 0,
    seconds: 0,
    bodyBytes: 0,
    bodies: 0,
  }
  let lastResponse = 0
  const started = performance.now()
  const instance = autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 10,
    ...(options.perConnection ? { maxConnectionRequests: options.perConnection } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const { path, body } = options.next()
          run.bodyBytes += Buffer.byteLength(body)
          run.bodies += 1
          return { ...req, path, body }
        },
      },
    ],
  })
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    lastResponse = performance.now()
    run.statuses[status] = (run.statuses[status] ?? 0) + 1
    if (status >= 200 && status < 300) run.latencies.push(ms)
  })
  const result = await instance
  run.errors = result.errors
  run.timeouts = result.timeouts
  run.seconds = ((lastResponse || performance.now()) - started) / 1000
  return run
}

/** Rates over the runs' summed time, percentiles over all their 2xx responses. */
export function summarize(runs: LoadRun[]): LoadResult {
  const sorted = Float64Array.from(runs.flatMap((r) => r.latencies)).sort()
  const statuses: Record<string, number> = {}
  for (const run of runs)
    for (const [status, n] of Object.entries(run.statuses))
      statuses[status] = (statuses[status] ?? 0) + n
  const sum = (f: (r: LoadRun) => number) => runs.reduce((a, r) => a + f(r), 0)
  const seconds = sum((r) => r.seconds)
  return {
    responses: Object.values(statuses).reduce((a, b) => a + b, 0),
    ok: sorted.length,
    statuses,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    seconds,
    rate: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    bodyBytes: sum((r) => r.bodies) ? sum((r) => r.bodyBytes) / sum((r) => r.bodies) : 0,
  }
}

/** One run, summarized. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  return summarize([await measureLoad(options)])
}
