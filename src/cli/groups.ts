import { readFileSync, statSync } from 'node:fs'
import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import { invalid } from '../domain/errors'
import { decodeCsv } from '../formats/roster-csv'
import {
  addGroupLead,
  createGroup,
  deleteGroup,
  exportGroupsCsv,
  importGroupsCsv,
  listGroups,
  moveGroup,
  removeGroupLead,
  renameGroup,
  setTeamGroup,
} from '../services/groups'
import { defineCommand, opt } from './command'

/** The organisation's groups, as the operator: the same verbs as /api/groups. */

const group = () => opt.id('--group 3Fq9xY2bLm0aTz7K')
/** A group's id, or `none`: the top level (for a group) or no group (for a team). */
const groupOrNone = (example: string) =>
  z
    .string({ error: `is required, e.g. ${example} (or none)` })
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, `must be a group id as list-groups prints it, or none`)
    .transform((v) => (v === 'none' ? null : v))

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false

const listGroupsCommand = defineCommand({
  name: 'list-groups',
  summary: 'List the groups as a tree, with their teams and leads',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(ctx) {
    const { groups, teams } = await listGroups(await ctx.open(), OPERATOR)
    if (groups.length === 0)
      return ctx.out.print('No groups yet. Create one with `npm run cli -- create-group --name N`.')
    for (const g of groups) {
      const indent = '  '.repeat(g.depth - 1)
      const leads = g.leads.length
        ? ctx.out.style.dim(` (leads: ${g.leads.map((l) => l.email).join(', ')})`)
        : ''
      ctx.out.print(`${indent}${g.name}  ${ctx.out.style.dim(g.id)}${leads}`)
      for (const t of g.teams)
        ctx.out.print(`${indent}  · team ${t.name}  ${ctx.out.style.dim(t.id)}`)
    }
    const loose = teams.filter((t) => t.groupId === null)
    if (loose.length > 0) ctx.out.print(`Teams in no group: ${loose.map((t) => t.name).join(', ')}`)
  },
})

const createGroupCommand = defineCommand({
  name: 'create-group',
  summary: 'Create a group, at the top level or in another, and print its id',
  usage: '--name N [--parent ID]',
  details: ['', 'Only the id goes to stdout, so scripts can capture it.'],
  options: { name: { type: 'string' }, parent: { type: 'string' } },
  schema: z.object({
    name: opt.text('--name "Engineering"', 100),
    parent: opt.id('--parent 3Fq9xY2bLm0aTz7K').optional(),
  }),
  async run(ctx, input) {
    const created = await createGroup(await ctx.open(), OPERATOR, {
      name: input.name,
      parentId: input.parent,
    })
    ctx.out.note(`Created group "${created.name}".`)
    ctx.out.print(created.id)
  },
})

const renameGroupCommand = defineCommand({
  name: 'rename-group',
  summary: 'Rename a group',
  usage: '--group ID --name N',
  options: { group: { type: 'string' }, name: { type: 'string' } },
  schema: z.object({ group: group(), name: opt.text('--name "Engineering"', 100) }),
  async run(ctx, input) {
    const renamed = await renameGroup(await ctx.open(), OPERATOR, input.group, input.name)
    ctx.out.print(`Renamed the group to "${renamed.name}".`)
  },
})

const moveGroupCommand = defineCommand({
  name: 'move-group',
  summary: 'Move a group, with everything in it, into another group or to the top level',
  usage: '--group ID --parent ID|none',
  options: { group: { type: 'string' }, parent: { type: 'string' } },
  schema: z.object({ group: group(), parent: groupOrNone('--parent 3Fq9xY2bLm0aTz7K') }),
  async run(ctx, input) {
    const moved = await moveGroup(await ctx.open(), OPERATOR, input.group, input.parent)
    ctx.out.print(`Moved "${moved.name}"${moved.parentId ? '' : ' to the top level'}.`)
  },
})

const deleteGroupCommand = defineCommand({
  name: 'delete-group',
  summary: 'Delete a group that holds no sub-groups, teams or campaigns',
  usage: '--group ID',
  options: { group: { type: 'string' } },
  schema: z.object({ group: group() }),
  async run(ctx, input) {
    const deleted = await deleteGroup(await ctx.open(), OPERATOR, input.group)
    ctx.out.print(`Deleted the group "${deleted.name}".`)
  },
})

const setTeamGroupCommand = defineCommand({
  name: 'set-team-group',
  summary: 'Put a team in a group, or in none',
  usage: '--team ID --group ID|none',
  options: { team: { type: 'string' }, group: { type: 'string' } },
  schema: z.object({ team: opt.team(), group: groupOrNone('--group 3Fq9xY2bLm0aTz7K') }),
  async run(ctx, input) {
    const { team, group } = await setTeamGroup(await ctx.open(), OPERATOR, input.team, input.group)
    ctx.out.print(
      group ? `"${team.name}" is now in "${group.name}".` : `"${team.name}" is in no group now.`,
    )
  },
})

function leadCommand(add: boolean) {
  return defineCommand({
    name: add ? 'add-group-lead' : 'remove-group-lead',
    summary: add
      ? 'Make an account a lead of a group: it sees the group and everything under it'
      : 'End an account’s lead role for a group',
    usage: '--group ID --email E',
    options: { group: { type: 'string' }, email: { type: 'string' } },
    schema: z.object({ group: group(), email: opt.email() }),
    async run(ctx, input) {
      const verb = add ? addGroupLead : removeGroupLead
      const { group: g, user } = await verb(await ctx.open(), OPERATOR, input.group, {
        email: input.email,
      })
      ctx.out.print(`${user.email} ${add ? 'now leads' : 'no longer leads'} "${g.name}".`)
    },
  })
}

const importGroupsCommand = defineCommand({
  name: 'import-groups',
  summary: 'Import groups and place teams from a CSV (path,team)',
  usage: 'FILE',
  positional: 'file',
  details: [
    '',
    'The first line names the columns path and, optionally, team. A path names groups from the',
    'top down, separated by " / ": Acme / Engineering / Platform. Missing groups are created; a',
    'line with a team puts that existing team (its exact name) in the path’s last group. Commas,',
    'semicolons or tabs; UTF-8. One bad line changes nothing; each problem names its line.',
  ],
  options: {},
  schema: z.object({
    file: z
      .string({ error: 'is required, e.g. groups.csv' })
      .refine(isFile, 'was not found; give the path to a CSV file'),
  }),
  async run(ctx, input) {
    const text = decodeCsv(readCsvFile(input.file))
    const result = await importGroupsCsv(await ctx.open(), OPERATOR, text)
    ctx.out.print(`created ${result.created} groups, moved ${result.placed} teams`)
  },
})

const exportGroupsCommand = defineCommand({
  name: 'export-groups',
  summary: 'Print the groups and their teams as CSV (path,team), ready for import-groups',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(ctx) {
    // print adds the line break the CSV already ends with.
    ctx.out.print((await exportGroupsCsv(await ctx.open(), OPERATOR)).replace(/\n$/, ''))
  },
})

function readCsvFile(path: string): Uint8Array {
  try {
    return readFileSync(path)
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unreadable'
    throw invalid('groups_csv', { reason: `${path} could not be opened (${code})` })
  }
}

export const groupCommands = [
  listGroupsCommand,
  createGroupCommand,
  renameGroupCommand,
  moveGroupCommand,
  deleteGroupCommand,
  setTeamGroupCommand,
  leadCommand(true),
  leadCommand(false),
  importGroupsCommand,
  exportGroupsCommand,
]
