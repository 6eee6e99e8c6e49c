import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import type { GroupTrend, Heatmap, HeatmapCell, Score } from '../domain/heatmap'
import { heatmapCsv } from '../formats/campaign-csv'
import { campaignHeatmap, groupTrend } from '../services/campaign-views'
import { closeCampaign, listCampaignsFor, openCampaign } from '../services/campaigns'
import { argFor, defineCommand, opt, resolveWhen } from './command'
import { day, fixed2, stamp, table, truncate, type Column, type Output, type Row } from './output'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const DAY_MS = 86_400_000
const campaign = () => opt.id('--campaign 3Fq9xY2bLm0aTz7K')

/** What a withheld cell shows in place of a number: it never carries one. */
const withheldText = (cell: { status: HeatmapCell['status'] }) =>
  cell.status === 'fewer_than_k' ? '<k' : 'withheld'

const LEGEND =
  '<k: fewer than k answered. withheld: withheld to protect a smaller group, so that no sum or difference of published numbers isolates fewer than k.'

const openCampaignCommand = defineCommand({
  name: 'open-campaign',
  summary: 'Open a survey for every team under a group at once: one window, one k',
  usage:
    '--group ID --survey ID [--version V] [--k N] (--closes WHEN | --days N) [--opens WHEN] [--name N]',
  details: [
    '',
    'Each team gets its own round, which its facilitators see and run as any other; links are',
    'mailed from the rosters, links by hand are made from each round. All rounds close together.',
    'WHEN is an ISO date-time (2026-05-01T17:00:00Z) or a time from now: 90m, 36h, 7d, 2w.',
  ],
  options: {
    group: { type: 'string' },
    survey: { type: 'string' },
    version: { type: 'string' },
    k: { type: 'string' },
    opens: { type: 'string' },
    closes: { type: 'string' },
    days: { type: 'string' },
    name: { type: 'string' },
  },
  schema: z
    .object({
      group: opt.id('--group 3Fq9xY2bLm0aTz7K'),
      survey: opt.id('--survey psychological-safety'),
      version: opt.int(1, 10_000, '--version 1').optional(),
      k: opt.int(3, 1000, '--k 5').optional(),
      opens: opt.when('--opens 2026-05-01T09:00:00Z').optional(),
      closes: opt.when('--closes 2026-05-15T17:00:00Z').optional(),
      days: opt.int(1, 366, '--days 14').optional(),
      name: opt.text('--name "Spring pulse"', 100).optional(),
    })
    .refine((input) => (input.closes === undefined) !== (input.days === undefined), {
      path: ['closes'],
      message: 'or --days is required (one of them), e.g. --days 14',
    }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const now = deps.now()
    const opensAt = input.opens && resolveWhen(input.opens, now)
    const closesAt = input.closes
      ? resolveWhen(input.closes, now)
      : new Date((opensAt || now).getTime() + input.days! * DAY_MS)
    const { campaign, delivery } = await openCampaign(deps, OPERATOR, {
      groupId: input.group,
      surveyId: input.survey,
      surveyVersion: input.version,
      name: input.name,
      k: input.k,
      opensAt: opensAt && opensAt.toISOString(),
      closesAt: closesAt.toISOString(),
    })
    ctx.out.print(
      `Opened campaign ${campaign.id} "${campaign.name}" for ${plural(campaign.teams, 'team')} under "${campaign.groupName}": ${campaign.surveyId} v${campaign.surveyVersion}, k ${campaign.k}, closes ${stamp(campaign.closesAt)}.`,
    )
    if (delivery.mode === 'mail')
      ctx.out.print(
        `Mailed ${plural(delivery.sent, 'invitation')}${delivery.failed ? `; ${delivery.failed} could not be mailed (see each team’s round-links)` : ''}.`,
      )
    else
      ctx.out.print(
        'No mail is configured: each team’s facilitators make links by hand from their round (list-rounds, mint).',
      )
    ctx.out.print(`  npm run cli -- close-campaign ${argFor('campaign', campaign.id)}`)
  },
})

const listCampaignsCommand = defineCommand({
  name: 'list-campaigns',
  summary: 'List campaigns, newest first',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(ctx) {
    const campaigns = await listCampaignsFor(await ctx.open(), OPERATOR)
    if (campaigns.length === 0)
      return ctx.out.print('No campaigns yet. Open one with `npm run cli -- open-campaign`.')
    const right = { align: 'right' as const }
    const columns: Column[] = [
      { title: 'Id' },
      { title: 'Name' },
      { title: 'Group' },
      { title: 'Survey' },
      { title: 'k', ...right },
      { title: 'Teams', ...right },
      { title: 'Status' },
      { title: 'Closes' },
    ]
    const rows = campaigns.map((c) => [
      c.id,
      c.name,
      c.groupName,
      `${c.surveyId} v${c.surveyVersion}`,
      String(c.k),
      String(c.teams),
      c.status,
      stamp(c.closesAt),
    ])
    for (const line of table(columns, rows, ctx.out.style)) ctx.out.print(line)
  },
})

/** "Released: 33 of 41 cells published; 5 fewer than k, 3 withheld to protect a smaller group." */
export function releaseLine(cells: readonly { status: HeatmapCell['status'] }[]): string {
  const count = (status: HeatmapCell['status']) => cells.filter((c) => c.status === status).length
  return (
    `Released: ${count('published')} of ${plural(cells.length, 'cell')} published; ` +
    `${count('fewer_than_k')} fewer than k, ${count('protects_smaller')} withheld to protect a smaller group.`
  )
}

const closeCampaignCommand = defineCommand({
  name: 'close-campaign',
  summary: 'Close a campaign and all its rounds now, and release it',
  usage: '--campaign ID',
  details: [
    '',
    'One verb decides what every team and group publishes, and records it once (the ledger).',
  ],
  options: { campaign: { type: 'string' } },
  schema: z.object({ campaign: campaign() }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const closed = await closeCampaign(deps, OPERATOR, input.campaign)
    ctx.out.print(`Campaign ${closed.id} "${closed.name}" is now closed.`)
    if (closed.status !== 'released')
      return ctx.out.print(
        'The independent verifier rejected its release, so nothing was published; the log says why.',
      )
    const map = await campaignHeatmap(deps, OPERATOR, closed.id)
    ctx.out.print(releaseLine(map.cells))
    ctx.out.print(`  npm run cli -- heatmap ${argFor('campaign', closed.id)}`)
    ctx.out.print(`Check it from what was published alone:`)
    ctx.out.print(`  npm run verify -- ${argFor('campaign', closed.id)}`)
  },
})

/** Dimension columns per table, so that tables fit the terminal. */
const perTable = (out: Output, lead: number, each: number) =>
  Math.max(1, Math.floor((out.width - lead) / each))

const DIMENSION_WIDTH = 16

/** The heatmap as terminal lines: cells indented by depth, a column per dimension. */
export function renderHeatmap(map: Heatmap, out: Output): string[] {
  const c = map.campaign
  const lines = [
    `${out.style.bold(c.name)} · ${c.surveyId} v${c.surveyVersion} · k ${c.k} · ${c.status}${c.releasedOn ? ` ${c.releasedOn}` : ''}`,
  ]
  if (c.status !== 'released')
    return [...lines, '', 'No results: a campaign shows its heatmap once it is released.']
  const right = { align: 'right' as const }
  const lead = Math.max(...map.cells.map((cell) => 2 * cell.depth + cell.name.length), 4) + 10
  const size = perTable(out, lead, DIMENSION_WIDTH)
  for (let i = 0; i < Math.max(1, map.dimensions.length); i += size) {
    const dimensions = map.dimensions.slice(i, i + size)
    // Titles as long as the width allows, between a column's least and 30 characters.
    const room = Math.floor((out.width - lead) / Math.max(1, dimensions.length)) - 2
    const titleWidth = Math.min(30, Math.max(DIMENSION_WIDTH - 2, room))
    const columns: Column[] = [
      { title: 'Cell' },
      { title: 'n', ...right },
      ...dimensions.map((d) => ({ title: truncate(d.title, titleWidth), ...right })),
    ]
    const rows: Row[] = map.cells.map((cell) => [
      '  '.repeat(cell.depth) + cell.name,
      cell.respondents === null ? '' : String(cell.respondents),
      ...dimensions.map((d) =>
        scoreText(
          cell,
          cell.scores.find((s) => s.dimension === d.id),
        ),
      ),
    ])
    lines.push('', ...table(columns, rows, out.style))
  }
  lines.push('', out.style.dim(LEGEND))
  return lines
}

const scoreText = (cell: HeatmapCell, score: Score | undefined) =>
  cell.status !== 'published' ? withheldText(cell) : score ? fixed2(score.mean) : '—'

const heatmapCommand = defineCommand({
  name: 'heatmap',
  summary: 'Show a campaign’s heatmap: teams and groups × dimensions, as released',
  usage: '--campaign ID [--csv] [--locale de]',
  details: ['', '--csv prints the heatmap as CSV: a row per cell, empty numbers where withheld.'],
  options: { campaign: { type: 'string' }, csv: { type: 'boolean' }, locale: { type: 'string' } },
  schema: z.object({ campaign: campaign(), csv: opt.flag(), locale: opt.locale() }),
  async run(ctx, input) {
    const map = await campaignHeatmap(await ctx.open(), OPERATOR, input.campaign, input.locale)
    if (input.csv) return ctx.out.print(heatmapCsv(map).replace(/\n$/, ''))
    for (const line of renderHeatmap(map, ctx.out)) ctx.out.print(line)
  },
})

/** A group's trend as terminal lines: a row per campaign, mean and interval per dimension. */
export function renderGroupTrend(trend: GroupTrend, out: Output): string[] {
  const lines = [`${out.style.bold(`Trend for "${trend.name}"`)} · ${trend.surveyId}`]
  const right = { align: 'right' as const }
  const size = perTable(out, 40, 2 * DIMENSION_WIDTH)
  for (let i = 0; i < trend.dimensions.length; i += size) {
    const dimensions = trend.dimensions.slice(i, i + size)
    const columns: Column[] = [{ title: 'Closed' }, { title: 'Campaign' }, { title: 'n', ...right }]
    for (let j = 0; j < dimensions.length; j++)
      columns.push({ title: 'Mean', ...right }, { title: '95% CI', ...right })
    const rows: Row[] = trend.points.map((p) => {
      const lead = [day(p.closedOn), p.campaignName]
      if (p.status !== 'published') return { lead: [...lead, ''], text: withheldText(p) }
      return [
        ...lead,
        String(p.respondents),
        ...dimensions.flatMap((d) => {
          const s = p.scores.find((x) => x.dimension === d.id)
          return s ? [fixed2(s.mean), `${fixed2(s.low)}–${fixed2(s.high)}`] : ['—', '']
        }),
      ]
    })
    const groups = dimensions.map((d) => ({ title: d.title, span: 2 }))
    lines.push('', ...table(columns, rows, out.style, groups))
  }
  lines.push('', out.style.dim(LEGEND))
  return lines
}

const groupTrendCommand = defineCommand({
  name: 'group-trend',
  summary: 'Show a group’s scores over the released campaigns that covered it',
  usage: '--group ID [--locale de] [--json]',
  options: { group: { type: 'string' }, locale: { type: 'string' }, json: { type: 'boolean' } },
  schema: z.object({
    group: opt.id('--group 3Fq9xY2bLm0aTz7K'),
    locale: opt.locale(),
    json: opt.flag(),
  }),
  async run(ctx, input) {
    const trend = await groupTrend(await ctx.open(), OPERATOR, input.group, input.locale)
    if (input.json) return ctx.out.print(JSON.stringify(trend, null, 2))
    if (trend.points.length === 0)
      return ctx.out.print(`"${trend.name}" has no released campaigns yet.`)
    for (const line of renderGroupTrend(trend, ctx.out)) ctx.out.print(line)
  },
})

export const campaignCommands = [
  openCampaignCommand,
  listCampaignsCommand,
  closeCampaignCommand,
  heatmapCommand,
  groupTrendCommand,
]
