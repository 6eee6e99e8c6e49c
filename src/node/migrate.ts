import type Database from 'better-sqlite3'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Applies migrations/*.sql in name order, recording each in `d1_migrations` exactly as
 * `wrangler d1 migrations apply` does, so one database can move between Node and D1.
 */
export function applyMigrations(raw: Database.Database, dir: string): string[] {
  raw.exec(`CREATE TABLE IF NOT EXISTS d1_migrations(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`)
  const done = new Set(
    (raw.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name),
  )
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
  const applied: string[] = []
  for (const file of files) {
    if (done.has(file)) continue
    const sql = readFileSync(join(dir, file), 'utf8')
    raw.transaction(() => {
      raw.exec(sql)
      raw.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(file)
    })()
    applied.push(file)
  }
  return applied
}
