import { z } from 'zod'
import { closeDueRounds, closeRound } from '../services/release'
import {
  loadRound,
  raiseK,
  summarizeRound,
  summarizeTeamRounds,
  writeDebrief,
} from '../services/rounds'
import { argFor, defineCommand, opt } from './command'
import { stamp, table } from './output'
import { OPERATOR } from '../domain/actor'
import { getTeam } from '../services/teams'

const listRoundsCommand = defineCommand({
  name: 'list-rounds',
  summary: 'List a team’s rounds, newest first, with coarse response counts',
  usage: '--team ID',
  options: { team: { type: 'string' } },
  schema: z.object({ team: opt.team() }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const team = await getTeam(deps, OPERATOR, input.team)
    const summaries = await summarizeTeamRounds(deps, team.id)
    if (summaries.length === 0) return ctx.out.print(`"${team.name}" has no rounds yet.`)
    const right = { align: 'right' as const }
    const columns = [
      { title: 'Id' },
      { title: 'Survey' },
      { title: 'Status' },
      { title: 'k', ...right },
      { title: 'Opens' },
      { title: 'Closes' },
      { title: 'Invited', ...right },
      { title: 'Responses', ...right },
    ]
    const rowsOut = summaries.map((r) => [
      r.id,
      `${r.surveyId} v${r.surveyVersion}`,
      r.status,
      String(r.k),
      stamp(r.opensAt, team.timeZone),
      stamp(r.closesAt, team.timeZone),
      String(r.invited),
      r.responses.count !== null
        ? String(r.responses.count)
        : r.responses.reachedK
          ? `${r.k} reached`
          : `fewer than ${r.k}`,
    ])
    for (const line of table(columns, rowsOut, ctx.out.style)) ctx.out.print(line)
  },
})

const closeRoundCommand = defineCommand({
  name: 'close-round',
  summary: 'Close a round now and release its results (if at least k answered)',
  usage: '--round ID',
  options: { round: { type: 'string' } },
  schema: z.object({ round: opt.round() }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const before = await loadRound(deps, input.round)
    const closed = await closeRound(deps, before)
    const round = await summarizeRound(deps, closed.round, 'en', closed.survey)
    const state = before.status === 'closed' ? 'was already closed' : 'is now closed'
    const results =
      round.responses.count !== null
        ? `${round.responses.count} people answered; see the report`
        : `fewer than ${round.k} people answered, so it shows no results`
    ctx.out.print(`Round ${round.id} ${state}: ${results}.`)
    ctx.out.print(`  npm run cli -- report ${argFor('round', round.id)}`)
  },
})

const raiseKCommand = defineCommand({
  name: 'raise-k',
  summary: 'Raise k of an open round (never lowered)',
  usage: '--round ID --k N',
  options: { round: { type: 'string' }, k: { type: 'string' } },
  schema: z.object({ round: opt.round(), k: opt.int(3, 1000, '--k 7') }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const round = await raiseK(deps, OPERATOR, input.round, input.k)
    ctx.out.print(`Round ${round.id} now needs k = ${round.k} respondents.`)
  },
})

const closeDueCommand = defineCommand({
  name: 'close-due',
  summary: 'Close rounds past their closing time (for cron)',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(ctx) {
    const count = await closeDueRounds(await ctx.open())
    ctx.out.print(`Closed ${count} round${count === 1 ? '' : 's'}.`)
  },
})

/** Records what the team will try next; like PUT /api/rounds/{id}/debrief, only when closed. */

const debriefCommand = defineCommand({
  name: 'debrief',
  summary: 'Record what the team will try next after a closed round',
  usage: '--round ID --note TEXT',
  details: ['', 'An empty --note "" removes the note.'],
  options: { round: { type: 'string' }, note: { type: 'string' } },
  schema: z.object({
    round: opt.round(),
    note: z
      .string({ error: 'is required, e.g. --note "Rotate who runs the retro"' })
      .trim()
      .max(4000, 'must be at most 4000 characters'),
  }),
  async run(ctx, input) {
    const deps = await ctx.open()
    await writeDebrief(deps, OPERATOR, input.round, input.note)
    ctx.out.print(input.note ? 'Debrief note saved.' : 'Debrief note removed.')
  },
})

export const roundCommands = [
  listRoundsCommand,
  closeRoundCommand,
  raiseKCommand,
  closeDueCommand,
  debriefCommand,
]
