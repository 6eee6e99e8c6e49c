import { z } from 'zod'
import type { Trend, TrendPoint } from '../domain/report'
import { localize } from '../domain/survey'
import { teamTrend } from '../services/reports'
import { getSurvey } from '../services/surveys'
import { defineCommand, opt } from './command'
import { day, fixed2, signed2, table, type Column, type Output, type Row } from './output'
import { OPERATOR } from '../domain/actor'
import { getTeam } from '../services/teams'

/** Text the trend shows instead of a withheld round's numbers. */
export const gap = (k: number) => `fewer than ${k} — not shown`

/** Columns left of the dimensions, and what one dimension takes, to fit tables in the width. */
const LEAD_WIDTH = 34
const DIMENSION_WIDTH = 28

function changeCell(d: TrendPoint['dimensions'][number] | undefined, out: Output): string {
  if (!d || d.change === null) return '— '
  if (!d.beyondNoise) return `${signed2(d.change)}  `
  return d.change > 0
    ? `${signed2(d.change)} ${out.style.green('▲')}`
    : `${signed2(d.change)} ${out.style.red('▼')}`
}

/** One table of all rounds for some of the dimensions; debrief notes under their rounds. */
function trendTable(
  trend: Trend,
  dimensions: Trend['dimensions'],
  withNotes: boolean,
  out: Output,
): string[] {
  const right = { align: 'right' as const }
  const columns: Column[] = [{ title: 'Opened' }, { title: 'Round' }, { title: 'n', ...right }]
  for (let i = 0; i < dimensions.length; i++)
    columns.push(
      { title: 'Mean', ...right },
      { title: '95% CI', ...right },
      { title: 'Change', ...right },
    )
  const rows: Row[] = []
  for (const point of trend.rounds) {
    const lead = [day(point.opensAt), point.roundId]
    if (!point.released) rows.push({ lead: [...lead, ''], text: out.style.dim(gap(point.k)) })
    else
      rows.push([
        ...lead,
        String(point.respondents),
        ...dimensions.flatMap((dim) => {
          const d = point.dimensions.find((x) => x.id === dim.id)
          if (!d) return ['', '', changeCell(undefined, out)]
          return [fixed2(d.mean), `${fixed2(d.low)}–${fixed2(d.high)}`, changeCell(d, out)]
        }),
      ])
    if (withNotes && point.debrief)
      rows.push({
        lead: [''],
        text: out.style.dim(`↳ next: ${point.debrief.replace(/\s+/g, ' ')}`),
      })
  }
  const groups = dimensions.map((d) => ({ title: d.title, span: 3 }))
  return table(columns, rows, out.style, groups)
}

/** The trend as terminal lines: dimensions split into tables that fit the width. */
export function renderTrend(
  trend: Trend,
  teamName: string,
  surveyTitle: string,
  out: Output,
): string[] {
  const released = trend.rounds.filter((r) => r.released).length
  const lines = [
    `${out.style.bold(`Trend for "${teamName}"`)} · ${surveyTitle} · ${trend.rounds.length} closed rounds, ${released} with results`,
  ]
  const perTable = Math.max(1, Math.floor((out.width - LEAD_WIDTH) / DIMENSION_WIDTH))
  for (let i = 0; i < trend.dimensions.length; i += perTable)
    lines.push('', ...trendTable(trend, trend.dimensions.slice(i, i + perTable), i === 0, out))
  lines.push(
    '',
    out.style.dim(
      'n = respondents. Change is from the previous round with results; ▲/▼ = beyond noise (Welch t-test, 5%).',
    ),
  )
  return lines
}

export const trendCommand = defineCommand({
  name: 'trend',
  summary: 'Show a team’s dimension scores over its closed rounds',
  usage: '--team ID [--survey ID] [--locale de] [--json]',
  details: [
    '',
    'The survey defaults to the one the team used last. Rounds with fewer than k respondents',
    'stay in the table as gaps without numbers; debrief notes appear under their round.',
  ],
  options: {
    team: { type: 'string' },
    survey: { type: 'string' },
    locale: { type: 'string' },
    json: { type: 'boolean' },
  },
  schema: z.object({
    team: opt.team(),
    survey: opt.id('--survey psychological-safety').optional(),
    locale: opt.locale(),
    json: opt.flag(),
  }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const team = await getTeam(deps, OPERATOR, input.team)
    const trend = await teamTrend(deps, team.id, 'admin', input.survey, input.locale)
    if (input.json) return ctx.out.print(JSON.stringify(trend, null, 2))
    if (!trend.surveyId || trend.rounds.length === 0)
      return ctx.out.print(
        `"${team.name}" has no closed rounds${input.survey ? ' of that survey' : ''} yet.`,
      )
    const survey = await getSurvey(deps, trend.surveyId)
    for (const line of renderTrend(trend, team.name, localize(survey.title, input.locale), ctx.out))
      ctx.out.print(line)
  },
})
