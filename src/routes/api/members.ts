import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { AppError } from '../../domain/errors'
import { MAX_ROSTER } from '../../domain/roster'
import { decodeCsv, onCsvLines, parseRosterCsv, rosterCsv } from '../../formats/roster-csv'
import {
  addMember,
  importRoster,
  removeMember,
  teamRoster,
  updateMember,
} from '../../services/rosters'
import {
  actorOf,
  apiRouter,
  csvHeaders,
  csvResponse,
  errors,
  fieldProblems,
  json,
  jsonBody,
  security,
  type AppEnv,
} from '../http'
import { Ok, Team } from './schemas'

const TeamParam = z.object({ teamId: z.string().max(64) })
const MemberParam = TeamParam.extend({ memberId: z.string().max(64) })

const Member = z
  .object({
    id: z.string(),
    email: z.string().nullable().describe('Null for someone who gets their link by hand'),
    name: z.string().nullable(),
    locale: z.enum(['en', 'de']).describe('The language of their mails and survey page'),
    position: z.number().int().describe('Their place in the roster; rotation follows it'),
  })
  .openapi('Member')

const MemberInput = z
  .object({
    email: z.string().nullable().optional().describe('Leave out, or null, for a link by hand'),
    name: z.string().nullable().optional().describe('Needed when there is no address'),
    locale: z.string().nullable().optional().describe('`en` (the default) or `de`'),
  })
  .openapi('MemberInput')

const ImportResult = z
  .object({
    added: z.number().int(),
    updated: z.number().int(),
    removed: z.number().int(),
    members: z.array(Member).describe('The roster after the import'),
  })
  .openapi('RosterImport')

const ROSTER =
  'A roster bounds how many links a round of the team may have (one per member plus extra links an admin allowed), so only admins change it; the team’s facilitators may read it.'
const IMPORT =
  'Members whose address is on the roster get the new name and language, and so do members without an address whose name is on it; the others are added at the end. With `replace`, members missing from the import are removed. All or nothing: any invalid row changes nothing, and the answer names each problem.'
const CSV_FORMAT =
  'A first line naming the columns `email`, `name`, `language` (also `locale` or `lang`, any case; other columns are ignored), separated by commas, semicolons or tabs; UTF-8, with or without a byte order mark. Problems are named by CSV line: `members.7.email` is line 7.'

/** The CSV of an upload, sent as text/csv or as JSON `{ "csv": "…" }`. */
const CsvJson = z.object({ csv: z.string() })

export async function uploadedCsv(c: Context<AppEnv>): Promise<string> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type === 'text/csv' || type === 'text/plain')
    return decodeCsv(new Uint8Array(await c.req.arrayBuffer()))
  if (type !== 'application/json')
    throw new AppError('unsupported_media_type', {}, [], 'roster_csv_media')
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new AppError('invalid_json')
  }
  const parsed = CsvJson.safeParse(body)
  if (!parsed.success) throw new AppError('invalid_input', {}, fieldProblems(parsed.error.issues))
  return parsed.data.csv
}

/** Team rosters: admins keep them, the team's facilitators read them. */
export function membersApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'listMembers',
      method: 'get',
      path: '/teams/{teamId}/members',
      tags: ['Rosters'],
      summary: 'The team’s roster, in its order',
      description: ROSTER,
      security,
      request: { params: TeamParam },
      responses: {
        200: json(z.object({ team: Team, members: z.array(Member) }), 'The roster'),
        ...errors(404),
      },
    }),
    async (c) => {
      return c.json(await teamRoster(deps, actorOf(c), c.req.valid('param').teamId), 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getMembersCsv',
      method: 'get',
      path: '/teams/{teamId}/members.csv',
      tags: ['Rosters'],
      summary: 'The team’s roster as CSV (email,name,language), ready to edit and import again',
      security,
      request: { params: TeamParam },
      responses: { 200: csvResponse('One row per member, in roster order'), ...errors(404) },
    }),
    async (c) => {
      const { team, members } = await teamRoster(deps, actorOf(c), c.req.valid('param').teamId)
      c.header('cache-control', 'no-store')
      return c.body(rosterCsv(members), 200, csvHeaders(`roster-${team.id}.csv`))
    },
  )

  app.openapi(
    createRoute({
      operationId: 'addMember',
      method: 'post',
      path: '/teams/{teamId}/members',
      tags: ['Rosters'],
      summary: 'Add a member at the end of the roster (admin)',
      description: 'An email address, or a name for someone who gets their link by hand, or both.',
      security,
      request: { params: TeamParam, body: jsonBody(MemberInput) },
      responses: {
        201: json(z.object({ member: Member }), 'Added'),
        ...errors(403, 404, 409),
      },
    }),
    async (c) => {
      const { teamId } = c.req.valid('param')
      const member = await addMember(deps, actorOf(c), teamId, c.req.valid('json'))
      return c.json({ member }, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'importMembers',
      method: 'post',
      path: '/teams/{teamId}/members/import',
      tags: ['Rosters'],
      summary: 'Import members into the roster, or replace it (admin)',
      description: `${IMPORT} Problems are named by their place in \`members\`: \`members.3.email\`.`,
      security,
      request: {
        params: TeamParam,
        body: jsonBody(
          z.object({
            members: z
              .array(MemberInput)
              .max(MAX_ROSTER, `A roster holds at most ${MAX_ROSTER} people.`),
            replace: z.boolean().optional().describe('Remove members missing from the import'),
          }),
        ),
      },
      responses: { 200: json(ImportResult, 'What changed'), ...errors(403, 404, 409) },
    }),
    async (c) => {
      const { teamId } = c.req.valid('param')
      const { members, replace } = c.req.valid('json')
      return c.json(await importRoster(deps, actorOf(c), teamId, members, { replace }), 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'importMembersCsv',
      method: 'post',
      path: '/teams/{teamId}/members.csv',
      tags: ['Rosters'],
      summary: 'Import a roster CSV, or replace the roster with it (admin)',
      description: `Send the CSV as the body with \`Content-Type: text/csv\`, or as JSON \`{ "csv": "…" }\`. ${CSV_FORMAT} ${IMPORT}`,
      security,
      request: {
        params: TeamParam,
        query: z.object({
          replace: z
            .enum(['true', 'false'])
            .optional()
            .describe('`true`: remove members missing from the CSV'),
        }),
        body: {
          required: true,
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/json': {
              schema: {
                type: 'object',
                properties: { csv: { type: 'string' } },
                required: ['csv'],
              },
            },
          },
        },
      },
      responses: { 200: json(ImportResult, 'What changed'), ...errors(403, 404, 409) },
    }),
    async (c) => {
      // Who asks comes first: a request without credentials learns nothing about its body.
      const actor = actorOf(c)
      const { teamId } = c.req.valid('param')
      const { members, lines } = parseRosterCsv(await uploadedCsv(c))
      const replace = c.req.valid('query').replace === 'true'
      try {
        return c.json(await importRoster(deps, actor, teamId, members, { replace }), 200)
      } catch (err) {
        throw onCsvLines(err, lines)
      }
    },
  )

  app.openapi(
    createRoute({
      operationId: 'updateMember',
      method: 'patch',
      path: '/teams/{teamId}/members/{memberId}',
      tags: ['Rosters'],
      summary: 'Change a member’s address, name or language (admin)',
      description: 'Fields left out keep their value; `null` clears an address or a name.',
      security,
      request: { params: MemberParam, body: jsonBody(MemberInput) },
      responses: {
        200: json(z.object({ member: Member }), 'The member as now'),
        ...errors(403, 404, 409),
      },
    }),
    async (c) => {
      const { teamId, memberId } = c.req.valid('param')
      const member = await updateMember(deps, actorOf(c), teamId, memberId, c.req.valid('json'))
      return c.json({ member }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'removeMember',
      method: 'delete',
      path: '/teams/{teamId}/members/{memberId}',
      tags: ['Rosters'],
      summary: 'Take a member off the roster (admin)',
      description:
        'A link already delivered to them keeps working and still counts towards its round; they get no reminders.',
      security,
      request: { params: MemberParam },
      responses: { 200: json(Ok, 'Removed'), ...errors(403, 404) },
    }),
    async (c) => {
      const { teamId, memberId } = c.req.valid('param')
      await removeMember(deps, actorOf(c), teamId, memberId)
      return c.json({ ok: true as const }, 200)
    },
  )

  return app
}
