import { readFileSync, statSync } from 'node:fs'
import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import { invalid } from '../domain/errors'
import { decodeCsv, onCsvLines, parseRosterCsv } from '../formats/roster-csv'
import {
  addMember,
  importRoster,
  removeMember,
  setTeamSchedule,
  teamRoster,
} from '../services/rosters'
import { defineCommand, opt } from './command'
import { table } from './output'

/** Team rosters, as the operator: the same verbs as /api/teams/{teamId}/members. */

const language = z.enum(['en', 'de'], { error: 'must be en or de, e.g. --language de' }).optional()

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false

function readCsvFile(path: string): Uint8Array {
  try {
    return readFileSync(path)
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unreadable'
    throw invalid('roster_csv', { reason: `${path} could not be opened (${code})` })
  }
}

const listMembersCommand = defineCommand({
  name: 'list-members',
  summary: 'List a team’s roster, in its order',
  usage: '--team ID',
  options: { team: { type: 'string' } },
  schema: z.object({ team: opt.team() }),
  async run(ctx, input) {
    const { team, members } = await teamRoster(await ctx.open(), OPERATOR, input.team)
    if (members.length === 0)
      return ctx.out.print(
        `Nobody is on the roster of "${team.name}" yet. Add people with add-member or import-members.`,
      )
    const rows = members.map((m) => [m.id, m.email ?? 'by hand', m.name ?? '—', m.locale])
    const columns = ['Id', 'Email', 'Name', 'Language'].map((title) => ({ title }))
    for (const line of table(columns, rows, ctx.out.style)) ctx.out.print(line)
  },
})

const addMemberCommand = defineCommand({
  name: 'add-member',
  summary: 'Add a person to a team’s roster and print their id',
  usage: '--team ID [--email E] [--name N] [--language en|de]',
  details: [
    '',
    'Give an email address, or a name for someone who gets their link by hand, or both.',
    'Only the id goes to stdout, so scripts can capture it.',
  ],
  options: {
    team: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    language: { type: 'string' },
  },
  schema: z.object({
    team: opt.team(),
    email: z.string().optional(),
    name: z.string().optional(),
    language,
  }),
  async run(ctx, input) {
    const member = await addMember(await ctx.open(), OPERATOR, input.team, {
      email: input.email,
      name: input.name,
      locale: input.language,
    })
    ctx.out.note(`Added ${member.email ?? member.name} to the roster.`)
    ctx.out.print(member.id)
  },
})

const removeMemberCommand = defineCommand({
  name: 'remove-member',
  summary: 'Take a person off a team’s roster',
  usage: '--team ID --member ID',
  details: [
    '',
    'A link already delivered to them keeps working for its round; they get no reminders.',
  ],
  options: { team: { type: 'string' }, member: { type: 'string' } },
  schema: z.object({ team: opt.team(), member: opt.id('--member 3Fq9xY2bLm0aTz7K') }),
  async run(ctx, input) {
    const member = await removeMember(await ctx.open(), OPERATOR, input.team, input.member)
    ctx.out.print(`Removed ${member.email ?? member.name} from the roster.`)
  },
})

const importMembersCommand = defineCommand({
  name: 'import-members',
  summary: 'Import a roster CSV into a team (email,name,language)',
  usage: '--team ID --file roster.csv [--replace]',
  details: [
    '',
    'The first line names the columns email, name, language (also locale or lang); commas,',
    'semicolons or tabs; UTF-8. People whose address (or, without one, name) is on the roster',
    'get the new name and language; the others are added. --replace removes everyone who is not',
    'in the file. One bad line changes nothing; each problem names its line.',
  ],
  options: { team: { type: 'string' }, file: { type: 'string' }, replace: { type: 'boolean' } },
  schema: z.object({
    team: opt.team(),
    file: z
      .string({ error: 'is required, e.g. --file roster.csv' })
      .refine(isFile, 'was not found; give the path to a CSV file'),
    replace: opt.flag(),
  }),
  async run(ctx, input) {
    const { members, lines } = parseRosterCsv(decodeCsv(readCsvFile(input.file)))
    const deps = await ctx.open()
    const result = await importRoster(deps, OPERATOR, input.team, members, {
      replace: input.replace,
    }).catch((err: unknown) => {
      throw onCsvLines(err, lines)
    })
    ctx.out.print(`added ${result.added}, updated ${result.updated}, removed ${result.removed}`)
  },
})

const setTeamCommand = defineCommand({
  name: 'set-team',
  summary: 'Set a team’s time zone and whether its facilitator role rotates',
  usage: '--team ID [--time-zone Europe/Berlin] [--rotation on|off]',
  details: [
    '',
    'Mails show dates in the time zone, and reminders skip its weekend. Rotation hands the',
    'facilitator role to the next roster member with an email address at each new round.',
  ],
  options: {
    team: { type: 'string' },
    'time-zone': { type: 'string' },
    rotation: { type: 'string' },
  },
  schema: z
    .object({
      team: opt.team(),
      'time-zone': z.string().optional(),
      rotation: z
        .enum(['on', 'off'], { error: 'must be on or off, e.g. --rotation on' })
        .optional(),
    })
    .refine((v) => v['time-zone'] !== undefined || v.rotation !== undefined, {
      path: ['time-zone'],
      message: 'or --rotation is required, e.g. --time-zone Europe/Berlin',
    }),
  async run(ctx, input) {
    const team = await setTeamSchedule(await ctx.open(), OPERATOR, input.team, {
      timeZone: input['time-zone'],
      rotation: input.rotation === undefined ? undefined : input.rotation === 'on',
    })
    ctx.out.print(
      `"${team.name}": time zone ${team.timeZone}, rotation ${team.rotation ? 'on' : 'off'}.`,
    )
  },
})

export const memberCommands = [
  listMembersCommand,
  addMemberCommand,
  removeMemberCommand,
  importMembersCommand,
  setTeamCommand,
]
