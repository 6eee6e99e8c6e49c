import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
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
} from '../../services/groups'
import {
  actorOf,
  apiRouter,
  csvHeaders,
  csvResponse,
  errors,
  json,
  jsonBody,
  security,
} from '../http'
import { uploadedCsv } from './members'
import { Ok } from './schemas'

const GroupParam = z.object({ id: z.string().max(64) })
const Id = z.string().trim().min(1, 'give a group id').max(64)

const Group = z
  .object({
    id: z.string(),
    name: z.string(),
    parentId: z.string().nullable().describe('The group it is in; null at the top level'),
  })
  .openapi('Group')

const GroupNode = Group.extend({
  depth: z.number().int().describe('1 for a top-level group'),
  teamIds: z.array(z.string()).describe('The teams directly in this group'),
  leads: z.array(z.string()).describe('The email addresses of its leads'),
}).openapi('GroupNode')

const CSV_FORMAT =
  'A first line naming the columns `path` and, optionally, `team`; then one line per group or team. `path` names groups from the top down, separated by " / " (`Acme / Engineering / Platform`); groups are found by name under the same parent, or created. A line with a `team` puts that existing team (its exact name) in the path’s last group. Commas, semicolons or tabs; UTF-8, with or without a byte order mark.'

/** The organisation's groups: admins keep them, group leads read their part. */
export function groupsApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'listGroups',
      method: 'get',
      path: '/groups',
      tags: ['Groups'],
      summary: 'The groups you may see, as a tree (all for admins, a lead’s own part otherwise)',
      description:
        'Depth first, siblings by name. A lead sees the groups they lead and everything under them (the top ones may name a parent they do not see); anyone else gets empty lists. `teams` lists the teams shown, with their group (admins: every team, `groupId` null for none).',
      security,
      responses: {
        200: json(
          z.object({
            groups: z.array(GroupNode),
            teams: z.array(
              z.object({ id: z.string(), name: z.string(), groupId: z.string().nullable() }),
            ),
          }),
          'The tree',
        ),
      },
    }),
    async (c) => {
      const tree = await listGroups(deps, actorOf(c))
      const groups = tree.groups.map(({ teams, leads, ...g }) => ({
        ...g,
        teamIds: teams.map((t) => t.id),
        leads: leads.map((l) => l.email),
      }))
      return c.json({ groups, teams: tree.teams }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'createGroup',
      method: 'post',
      path: '/groups',
      tags: ['Groups'],
      summary: 'Create a group, at the top level or under another (admin)',
      security,
      request: {
        body: jsonBody(
          z.object({
            name: z.string().max(1000).describe('1 to 100 characters, without "/"'),
            parentId: Id.nullable().optional().describe('Leave out, or null, for the top level'),
          }),
        ),
      },
      responses: { 201: json(z.object({ group: Group }), 'Created'), ...errors(403, 404) },
    }),
    async (c) => {
      return c.json({ group: await createGroup(deps, actorOf(c), c.req.valid('json')) }, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'updateGroup',
      method: 'patch',
      path: '/groups/{id}',
      tags: ['Groups'],
      summary: 'Rename a group, or move it with everything under it (admin)',
      description:
        'Fields left out keep their value; `parentId` null moves it to the top level. A group cannot move under itself or its own sub-groups (400, `parentId`), nor deeper than 10 levels.',
      security,
      request: {
        params: GroupParam,
        body: jsonBody(
          z
            .object({ name: z.string().max(1000).optional(), parentId: Id.nullable().optional() })
            .refine((b) => b.name !== undefined || b.parentId !== undefined, {
              message: 'Give name, parentId or both.',
            }),
        ),
      },
      responses: { 200: json(z.object({ group: Group }), 'The group as now'), ...errors(403, 404) },
    }),
    async (c) => {
      const actor = actorOf(c)
      const { id } = c.req.valid('param')
      const { name, parentId } = c.req.valid('json')
      // The move first: it is what may be refused, and then the name stays as it was too.
      let group = parentId === undefined ? undefined : await moveGroup(deps, actor, id, parentId)
      if (name !== undefined) group = await renameGroup(deps, actor, id, name)
      return c.json({ group: group! }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'deleteGroup',
      method: 'delete',
      path: '/groups/{id}',
      tags: ['Groups'],
      summary: 'Delete a group that holds nothing (admin)',
      description:
        'Refused (409 `group_not_empty`) while it has sub-groups, teams or campaigns; the message says what to move first.',
      security,
      request: { params: GroupParam },
      responses: { 200: json(Ok, 'Deleted'), ...errors(403, 404, 409) },
    }),
    async (c) => {
      await deleteGroup(deps, actorOf(c), c.req.valid('param').id)
      return c.json({ ok: true as const }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'setTeamGroup',
      method: 'put',
      path: '/teams/{teamId}/group',
      tags: ['Groups'],
      summary: 'Put a team in a group, or in none (admin)',
      security,
      request: {
        params: z.object({ teamId: z.string().max(64) }),
        body: jsonBody(z.object({ groupId: Id.nullable().describe('null: in no group') })),
      },
      responses: { 200: json(Ok, 'Placed'), ...errors(403, 404) },
    }),
    async (c) => {
      const { teamId } = c.req.valid('param')
      await setTeamGroup(deps, actorOf(c), teamId, c.req.valid('json').groupId)
      return c.json({ ok: true as const }, 200)
    },
  )

  const Lead = z.object({ email: z.email('enter an email address').max(254) })
  for (const add of [true, false])
    app.openapi(
      createRoute({
        operationId: add ? 'addGroupLead' : 'removeGroupLead',
        method: add ? 'post' : 'delete',
        path: '/groups/{id}/leads',
        tags: ['Groups'],
        summary: add
          ? 'Make an account a lead of the group: it reads the group and all under it (admin)'
          : 'End an account’s lead role for the group (admin)',
        security,
        request: { params: GroupParam, body: jsonBody(Lead) },
        responses: { 200: json(Ok, add ? 'Added' : 'Removed'), ...errors(403, 404, 409) },
      }),
      async (c) => {
        const verb = add ? addGroupLead : removeGroupLead
        await verb(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json'))
        return c.json({ ok: true as const }, 200)
      },
    )

  app.openapi(
    createRoute({
      operationId: 'importGroupsCsv',
      method: 'post',
      path: '/groups/import',
      tags: ['Groups'],
      summary: 'Import groups and place teams from a CSV (admin)',
      description: `Send the CSV as the body with \`Content-Type: text/csv\`, or as JSON \`{ "csv": "…" }\`. ${CSV_FORMAT} All or nothing: any problem changes nothing, and each is named by its line (\`csv.7.team\` is line 7).`,
      security,
      request: {
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
      responses: {
        200: json(
          z.object({
            created: z.number().int().describe('Groups created'),
            placed: z.number().int().describe('Teams put in another group'),
          }),
          'What changed',
        ),
        ...errors(403),
      },
    }),
    async (c) => {
      // Who asks comes first: a request without credentials learns nothing about its body.
      const actor = actorOf(c)
      return c.json(await importGroupsCsv(deps, actor, await uploadedCsv(c)), 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'exportGroupsCsv',
      method: 'get',
      path: '/groups/export',
      tags: ['Groups'],
      summary: 'The groups and their teams as CSV (path,team), ready to edit and import (admin)',
      security,
      responses: { 200: csvResponse('A line per group, then one per team in it'), ...errors(403) },
    }),
    async (c) => {
      const csv = await exportGroupsCsv(deps, actorOf(c))
      c.header('cache-control', 'no-store')
      return c.body(csv, 200, csvHeaders('groups.csv'))
    },
  )

  return app
}
