import Database from 'better-sqlite3'

/** The two ways Quorum runs: `npm start` on Node, and the Worker in workerd with a local D1. */
export type Runtime = 'node' | 'workers'

/** Starting wrangler (bundling, workerd, D1) takes a while on a busy two-core machine. */
export const START_TIMEOUT = 120_000
export const STOP_TIMEOUT = 30_000

/** A running Quorum that the shared end-to-end cases talk to over HTTP. */
export interface RunningTarget {
  runtime: Runtime
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string
  /** Creates the first admin via POST /api/setup: the printed token on Node, SETUP_TOKEN on Workers. */
  setupToken: string
  /** The SQLite file holding the data: DATABASE_PATH on Node, the local D1's file on Workers. */
  databasePath: string
  /** Every line the server (and, on Workers, wrangler) printed so far, in order: all or one stream. */
  logs(stream?: 'stdout' | 'stderr'): string[]
  /** SIGTERM to its process group, SIGKILL if it has not exited in time; the exit code. */
  stop(timeoutMs?: number): Promise<number | null>
  /** Stops it and deletes its temporary directory. */
  remove(): Promise<void>
}

/**
 * The target's database file, read-only. Both runtimes write it through SQLite's own locking
 * (workerd keeps a local D1 in a plain SQLite file too), so reading while they run is safe.
 */
export function openTargetDatabase(target: RunningTarget): Database.Database {
  return new Database(target.databasePath, { readonly: true, fileMustExist: true })
}

export interface LogEvent {
  level: string
  message: string
  [field: string]: unknown
}

/**
 * Our JSON log events among everything the target printed. On Node each is a line of its own; in
 * wrangler dev a console.error line comes prefixed (and coloured) as `✘ [ERROR] {…}`.
 */
export function logEvents(target: RunningTarget): LogEvent[] {
  return target.logs().flatMap((line) => {
    const plain = line.replace(/\x1b\[[0-9;]*m/g, '')
    const start = plain.indexOf('{')
    if (start < 0) return []
    try {
      const event = JSON.parse(plain.slice(start)) as Partial<LogEvent>
      return typeof event.level === 'string' && typeof event.message === 'string'
        ? [event as LogEvent]
        : []
    } catch {
      return []
    }
  })
}
