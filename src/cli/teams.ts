import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import {
  assignFacilitator,
  createTeam,
  teamsOverview,
  unassignFacilitator,
} from '../services/teams'
import { defineCommand, opt } from './command'
import { day, table } from './output'

/** Creates a team; the same as POST /api/teams. */

const createTeamCommand = defineCommand({
  name: 'create-team',
  summary: 'Create a team and print its id',
  usage: '--name N',
  details: ['', 'Only the id goes to stdout, so scripts can capture it.'],
  options: { name: { type: 'string' } },
  schema: z.object({ name: opt.text('--name "Platform team"', 100) }),
  async run(ctx, input) {
    const team = await createTeam(await ctx.open(), OPERATOR, input.name)
    ctx.out.note(`Created team "${team.name}".`)
    ctx.out.print(team.id)
  },
})

const listTeamsCommand = defineCommand({
  name: 'list-teams',
  summary: 'List teams with their facilitators',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(ctx) {
    const teams = await teamsOverview(await ctx.open(), OPERATOR)
    if (teams.length === 0)
      return ctx.out.print('No teams yet. Create one with `npm run cli -- create-team --name N`.')
    const rows = teams.map((t) => [
      t.id,
      t.name,
      t.facilitators.map((f) => f.email).join(', ') || '—',
      day(t.createdAt),
    ])
    const columns = ['Id', 'Name', 'Facilitators', 'Created'].map((title) => ({ title }))
    for (const line of table(columns, rows, ctx.out.style)) ctx.out.print(line)
  },
})

const Assignment = z.object({ team: opt.team(), email: opt.email() })

function assignmentCommand(assign: boolean) {
  return defineCommand({
    name: assign ? 'assign' : 'unassign',
    summary: assign
      ? 'Make an account a facilitator of a team'
      : 'Remove a facilitator from a team (hand the role on)',
    usage: '--team ID --email E',
    options: { team: { type: 'string' }, email: { type: 'string' } },
    schema: Assignment,
    async run(ctx, input) {
      const deps = await ctx.open()
      const account = { email: input.email }
      if (assign) {
        const { team, user } = await assignFacilitator(deps, OPERATOR, input.team, account)
        ctx.out.print(`${user.email} now facilitates "${team.name}".`)
      } else {
        const { team, user } = await unassignFacilitator(deps, OPERATOR, input.team, account)
        ctx.out.print(`${user.email} no longer facilitates "${team.name}".`)
      }
    },
  })
}

export const teamCommands = [
  createTeamCommand,
  listTeamsCommand,
  assignmentCommand(true),
  assignmentCommand(false),
]
