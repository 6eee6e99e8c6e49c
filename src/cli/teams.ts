import { z } from 'zod'
import { createTeam } from '../services/teams'
import {
  addFacilitator,
  findTeam,
  listFacilitators,
  listTeams,
  removeFacilitator,
  type TeamRow,
} from '../db/teams'
import { findUserByEmail } from '../db/users'
import type { Deps } from '../deps'
import { AppError, notFound } from '../domain/errors'
import { defineCommand, opt } from './command'
import { day, table } from './output'

/** A team by id, or the error a person can act on. */
export async function requireTeam(deps: Deps, teamId: string): Promise<TeamRow> {
  const team = await findTeam(deps.db, teamId)
  if (!team) throw new AppError(404, 'not_found', `Team ${teamId} was not found; see list-teams.`)
  return team
}

/** Creates a team; the same as POST /api/teams. */

const createTeamCommand = defineCommand({
  name: 'create-team',
  summary: 'Create a team and print its id',
  usage: '--name N',
  details: ['', 'Only the id goes to stdout, so scripts can capture it.'],
  options: { name: { type: 'string' } },
  schema: z.object({ name: opt.text('--name "Platform team"', 100) }),
  async run(ctx, input) {
    const team = await createTeam(await ctx.open(), input.name)
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
    const deps = await ctx.open()
    const teams = await listTeams(deps.db)
    if (teams.length === 0)
      return ctx.out.print('No teams yet. Create one with `npm run cli -- create-team --name N`.')
    const rows = await Promise.all(
      teams.map(async (t) => {
        const facilitators = await listFacilitators(deps.db, t.id)
        return [t.id, t.name, facilitators.map((f) => f.email).join(', ') || '—', day(t.created_at)]
      }),
    )
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
      const team = await requireTeam(deps, input.team)
      const user = await findUserByEmail(deps.db, input.email.toLowerCase())
      if (!user) throw notFound(`The account ${input.email}`)
      if (assign) {
        await addFacilitator(deps.db, team.id, user.id)
        ctx.out.print(`${user.email} now facilitates "${team.name}".`)
      } else {
        if (!(await removeFacilitator(deps.db, team.id, user.id)))
          throw notFound(`${user.email} as a facilitator of "${team.name}"`)
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
