import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import { getTeam } from '../services/teams'
import type { RoundReport } from '../domain/report'
import { roundReport } from '../services/reports'
import { defineCommand, opt } from './command'
import {
  distributionBar,
  fixed2,
  percent,
  stamp,
  table,
  truncate,
  type Output,
  type Row,
} from './output'

/** Header lines every report has: which round, its state and k; no results in them. */
function header(report: RoundReport, teamName: string, out: Output): string[] {
  const r = report.round
  const status =
    r.status === 'closed'
      ? `closed ${stamp(r.closedAt ?? r.closesAt)}`
      : `${r.status}, closes ${stamp(r.closesAt)}`
  const answered = report.released
    ? `${report.respondents}` +
      (report.responseRate === null ? '' : ` (${percent(report.responseRate)})`)
    : r.responses.reachedK
      ? `${r.k} reached (the count shows once the round closes)`
      : `fewer than ${r.k}`
  const lines: [string, string][] = [
    ['Team', teamName],
    ['Survey', `${r.surveyTitle} (${r.surveyId} v${r.surveyVersion})`],
    ['Round', r.id],
    ['Status', status],
    ['k', `${r.k} (comments shown from ${r.commentMinimum})`],
    ['Invited', String(r.invited)],
    ['Answered', answered],
  ]
  return lines.map(([key, value]) => `${out.style.bold(key.padEnd(9))} ${value}`)
}

const scaleRange = (d: { value: number }[]) =>
  d.length > 0 ? `${d[0]!.value}–${d[d.length - 1]!.value}` : ''

/** The numbers of a released round: dimensions with intervals, then items. */
function results(report: RoundReport, out: Output): string[] {
  const right = { align: 'right' as const }
  const dimensions: Row[] = report.dimensions.map((d) => [
    d.title,
    String(d.n),
    fixed2(d.mean),
    `${fixed2(d.low)}–${fixed2(d.high)}`,
    percent(d.favourablePercent),
    distributionBar(d.distribution.map((p) => p.count)),
  ])
  const textWidth = Math.max(30, out.width - 42)
  const items: Row[] = report.items.map((i) => [
    truncate(i.text, textWidth - 4) + (i.reverse ? ' (R)' : ''),
    fixed2(i.mean),
    percent(i.favourablePercent),
    `${distributionBar(i.distribution.map((p) => p.count))} ${scaleRange(i.distribution)}`,
  ])
  const lines: string[] = []
  if (dimensions.length > 0)
    lines.push(
      '',
      ...table(
        [
          { title: 'Dimension' },
          { title: 'n', ...right },
          { title: 'Mean', ...right },
          { title: '95% CI', ...right },
          { title: 'Favourable', ...right },
          { title: 'Scores' },
        ],
        dimensions,
        out.style,
      ),
    )
  if (items.length > 0)
    lines.push(
      '',
      ...table(
        [
          { title: 'Item' },
          { title: 'Mean', ...right },
          { title: 'Favourable', ...right },
          { title: 'Answers' },
        ],
        items,
        out.style,
      ),
    )
  if (report.items.some((i) => i.reverse))
    lines.push(
      out.style.dim(
        '(R) negatively worded: its mean is as answered; favourable % counts disagreement.',
      ),
    )
  return lines
}

function comments(report: RoundReport, out: Output): string[] {
  if (!report.comments.released)
    return [
      '',
      out.style.dim(
        `Comments are shown only when at least ${report.comments.minimum} people answered.`,
      ),
    ]
  if (report.comments.entries.length === 0) return ['', 'No comments.']
  const lines = [
    '',
    out.style.bold(`Comments (${report.comments.entries.length}, in random order)`),
  ]
  const questions = [...new Set(report.comments.entries.map((c) => c.question))]
  for (const question of questions) {
    if (questions.length > 1) lines.push(`${question}`)
    for (const c of report.comments.entries.filter((e) => e.question === question))
      lines.push(`  • ${c.text.replace(/\s*\n\s*/g, ' ')}`)
  }
  return lines
}

/** The report as terminal lines. A withheld round shows its message and no numbers (P1, P2). */
export function renderReport(report: RoundReport, teamName: string, out: Output): string[] {
  const lines = header(report, teamName, out)
  if (!report.released) return [...lines, '', report.message]
  lines.push(...results(report, out), ...comments(report, out))
  if (report.round.debrief) lines.push('', `${out.style.bold('Debrief')}  ${report.round.debrief}`)
  return lines
}

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'Show a round’s report (no numbers while open or below k)',
  usage: '--round ID [--locale de] [--json]',
  details: ['', '--locale picks the language of survey texts; --json prints the report as JSON.'],
  options: { round: { type: 'string' }, locale: { type: 'string' }, json: { type: 'boolean' } },
  schema: z.object({
    round: opt.round(),
    locale: opt.locale(),
    json: opt.flag(),
  }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const report = await roundReport(deps, OPERATOR, input.round, input.locale)
    if (input.json) return ctx.out.print(JSON.stringify(report, null, 2))
    const team = await getTeam(deps, OPERATOR, report.round.teamId)
    for (const line of renderReport(report, team.name, ctx.out)) ctx.out.print(line)
  },
})
