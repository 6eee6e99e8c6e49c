import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { ROOT } from './processes'

/** One row of the table: a measured value, and the target from DESIGN.md if it has one. */
export interface Row {
  metric: string
  value: number
  unit: '' | 'ratio' | 'req/s' | 'ms' | 'MB'
  target?: { op: '<' | '>=' | '='; limit: number }
  pass?: boolean
  /** Rows without a target that explain another (the two rates behind the ratio). */
  detail?: boolean
}

/** A row, with pass/fail decided here so the table and the JSON cannot disagree. */
export function row(metric: string, value: number, unit: Row['unit'], target?: Row['target']): Row {
  if (!target) return { metric, value, unit }
  const pass =
    target.op === '<'
      ? value < target.limit
      : target.op === '>='
        ? value >= target.limit
        : value === target.limit
  return { metric, value, unit, target, pass }
}

function show(value: number, unit: Row['unit']): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (unit === 'req/s') return `${Math.round(value).toLocaleString('en-US')} req/s`
  if (unit === 'ratio') return value.toFixed(2)
  if (unit === 'ms' && Number.isInteger(value)) return `${value} ms`
  if (unit === 'ms') return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`
  if (unit === 'MB') return `${value.toFixed(0)} MB`
  return value.toLocaleString('en-US')
}

/** The table as text: metric, value, target, pass/fail. */
export function table(rows: Row[]): string {
  const cells = rows.map((r) => [
    r.detail ? `  ${r.metric}` : r.metric,
    show(r.value, r.unit),
    r.target
      ? `${r.target.op === '>=' ? '≥' : r.target.op} ${show(r.target.limit, r.unit === 'ratio' ? '' : r.unit)}`
      : '',
    r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL',
  ])
  const head = ['metric', 'value', 'target', '']
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 1 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')
}

/** Writes the results as bench/results/<YYYY-MM-DDTHH-MM>.json (UTC) and latest.json. */
export async function writeResults(results: { date: string }): Promise<string[]> {
  const dir = join(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const stamp = results.date.slice(0, 16).replace(':', '-')
  const paths = [join(dir, `${stamp}.json`), join(dir, 'latest.json')]
  // Formatted as Prettier would, so `prettier --check .` stays quiet about them.
  const options = (await resolveConfig(paths[0]!)) ?? {}
  const text = await format(JSON.stringify(results), { ...options, parser: 'json' })
  for (const path of paths) writeFileSync(path, text)
  return paths.map((p) => p.slice(ROOT.length))
}

/** One line for a load run, for the progress log. */
export function summary(r: {
  rate: number
  p50: number
  p99: number
  statuses: Record<string, number>
}): string {
  const rate = Math.round(r.rate).toLocaleString('en-US')
  return `${rate} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, status ${JSON.stringify(r.statuses)}`
}

/** What ran where: the lines above the table. */
export function header(
  r: {
    date: string
    node: string
    cpus: number
    cpuModel: string
    loadAverage: { before: number[]; after: number[] }
    quorum: string
    echo: string
    settings: { connections: number; warmupSeconds: number; seconds: number; slices: number }
  },
  bodies: string,
): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ')
  const s = r.settings
  return [
    `Quorum benchmark, ${r.date}: Node ${r.node}, ${r.cpus} CPUs (${r.cpuModel})`,
    `load average (1/5/15 min) ${load(r.loadAverage.before)} before, ${load(r.loadAverage.after)} after`,
    `Quorum: ${r.quorum}, DB_SYNCHRONOUS=FULL; echo: ${r.echo}`,
    `${s.connections} keep-alive connections; echo and submit ${s.seconds} s each in ${s.slices} alternating slices after ${s.warmupSeconds} s warm-ups`,
    bodies,
  ].join('\n')
}
