// Writes the latest benchmark table (bench/results/latest.json) into README.md between the
// bench:start and bench:end markers: `node scripts/bench-table.mjs`.
import { readFileSync, writeFileSync } from 'node:fs'

const results = JSON.parse(readFileSync(new URL('../bench/results/latest.json', import.meta.url)))
const show = (v, unit) =>
  unit === 'ratio'
    ? v.toFixed(2)
    : unit === 'req/s'
      ? `${Math.round(v).toLocaleString('en')} req/s`
      : unit
        ? `${v.toFixed(unit === 'ms' ? 2 : 0)} ${unit}`
        : String(v)
const target = (t, unit) =>
  t ? `${t.op === '>=' ? '≥' : t.op} ${t.limit}${unit && unit !== 'ratio' ? ` ${unit}` : ''}` : ''
const lines = [
  `| metric (${results.date.slice(0, 10)}, ${results.cpus} CPUs, Node ${results.node}) | value | target | |`,
  '| --- | --- | --- | --- |',
  ...results.rows.map(
    (r) =>
      `| ${r.detail ? '&nbsp;&nbsp;' : ''}${r.metric} | ${show(r.value, r.unit)} | ${target(r.target, r.unit)} | ${r.target ? (r.pass ? 'pass' : '**fail**') : ''} |`,
  ),
]
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const next = readme.replace(
  /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
  `<!-- bench:start -->\n${lines.join('\n')}\n<!-- bench:end -->`,
)
writeFileSync(new URL('../README.md', import.meta.url), next)
