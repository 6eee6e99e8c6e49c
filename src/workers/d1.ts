import { Kysely, type CompiledQuery } from 'kysely'
import { D1Dialect } from 'kysely-d1'
import type { Batch, Db } from '../db/schema'

/** The parts of Cloudflare's D1 binding that Quorum uses. */
export interface D1Result {
  results?: Record<string, unknown>[]
  meta: { changes?: number }
}
export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement
}
export interface D1Database {
  prepare(sql: string): D1PreparedStatement
  batch(statements: D1PreparedStatement[]): Promise<D1Result[]>
}

/** Kysely over a D1 binding. */
export function d1Kysely(database: D1Database): Db {
  return new Kysely({ dialect: new D1Dialect({ database: database as never }) })
}

/**
 * The Workers side of the batch helper: D1's batch() runs the statements in order inside one
 * implicit transaction, so they all apply or none do — D1 has no interactive transactions.
 */
export function d1Batch(database: D1Database): Batch {
  return async (queries: readonly CompiledQuery[]) => {
    if (queries.length === 0) return []
    const results = await database.batch(
      queries.map((q) => database.prepare(q.sql).bind(...(q.parameters as unknown[]))),
    )
    return results.map((r) => ({ numChangedRows: r.meta.changes ?? 0, rows: r.results ?? [] }))
  }
}
