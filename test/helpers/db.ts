import type { TestApp } from './app'

/** Every row of every table as text: equal before and after means a request changed nothing. */
export function dumpDatabase(t: TestApp): string {
  const tables = t.raw
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .all() as { name: string }[]
  return tables
    .map(({ name }) => `${name}: ${JSON.stringify(t.raw.prepare(`SELECT * FROM "${name}"`).all())}`)
    .join('\n')
}

/** How many rows a table holds. */
export function countRows(t: TestApp, table: string, where = '1 = 1'): number {
  return (
    t.raw.prepare(`SELECT count(*) AS n FROM "${table}" WHERE ${where}`).get() as { n: number }
  ).n
}
