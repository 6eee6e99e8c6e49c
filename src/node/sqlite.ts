import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely'
import type { Batch, BatchResult, Db } from '../db/schema'

export interface NodeDatabase {
  raw: Database.Database
  db: Db
  batch: Batch
  close(): void
}

/**
 * Opens the SQLite file with WAL and the chosen durability: with synchronous=FULL an acknowledged
 * write survives a power cut, which is what "durable on commit" means for a response.
 */
export function openDatabase(path: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): NodeDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  return wrapDatabase(new Database(path), synchronous)
}

/** Wraps an open better-sqlite3 handle (also an in-memory copy in tests). */
export function wrapDatabase(
  raw: Database.Database,
  synchronous: 'FULL' | 'NORMAL' = 'FULL',
): NodeDatabase {
  configureConnection(raw, synchronous)
  const db: Db = new Kysely({ dialect: new SqliteDialect({ database: raw }) })
  return { raw, db, batch: sqliteBatch(raw), close: () => raw.close() }
}

/** How long a write waits for another connection's lock before giving up. */
const BUSY_TIMEOUT_MS = 5000

/** How every connection to the database file is set up: the server's, its writer thread's. */
export function configureConnection(
  raw: Database.Database,
  synchronous: 'FULL' | 'NORMAL' = 'FULL',
): void {
  raw.pragma('journal_mode = WAL')
  raw.pragma(`synchronous = ${synchronous}`)
  // Deleted rows are overwritten with zeros, not merely unlinked (erasing released answers).
  raw.pragma('secure_delete = ON')
  raw.pragma('foreign_keys = ON')
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
}

/**
 * Copies the WAL into the database file and empties it. False when another connection's read
 * kept SQLite from finishing (the WAL then still holds frames, sealed ones for answers) or the
 * checkpoint failed; the next write tries again.
 */
export function truncateWal(raw: Database.Database): boolean {
  // Never wait for a reader (a backup copying the file may read for minutes): try, and leave the
  // rest to the next write.
  raw.pragma('busy_timeout = 0')
  try {
    const [result] = raw.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
    return result?.busy === 0
  } catch {
    return false
  } finally {
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  }
}

/** What the log says when the WAL cannot be emptied after writes, and when it can again. */
export const checkpointNotice = (failing: boolean) =>
  failing
    ? 'the WAL could not be emptied after a write (another connection is reading); retrying after each write'
    : 'the WAL is emptied after writes again'

/** The Node side of the batch helper: all statements in one transaction, in order. */
export function sqliteBatch(raw: Database.Database): Batch {
  const statements = new Map<string, Database.Statement>()
  const prepare = (sql: string) => {
    let stmt = statements.get(sql)
    if (!stmt) {
      stmt = raw.prepare(sql)
      if (statements.size > 500) statements.clear()
      statements.set(sql, stmt)
    }
    return stmt
  }
  const run = raw.transaction((queries: readonly CompiledQuery[]): BatchResult[] =>
    queries.map((q) => {
      const stmt = prepare(q.sql)
      const params = q.parameters as unknown[]
      if (stmt.reader)
        return { numChangedRows: 0, rows: stmt.all(...params) as Record<string, unknown>[] }
      return { numChangedRows: stmt.run(...params).changes, rows: [] }
    }),
  )
  return async (queries) => {
    const results = run.immediate(queries)
    // Leave no history of writes in the WAL (P5); with nothing to do this costs nothing.
    truncateWal(raw)
    return results
  }
}
