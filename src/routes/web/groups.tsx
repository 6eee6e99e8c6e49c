import { Hono, type Context } from 'hono'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError } from '../../domain/errors'
import { decodeCsv } from '../../formats/roster-csv'
import { MESSAGES, type MessageKey } from '../../messages'
import {
  addGroupLead,
  createGroup,
  deleteGroup,
  groupView,
  importGroupsCsv,
  listGroups,
  moveGroup,
  removeGroupLead,
  renameGroup,
  setTeamGroup,
} from '../../services/groups'
import { GroupPage } from '../../views/group-page'
import { GroupsPage } from '../../views/groups'
import { statusOf, type ErrorHttpStatus } from '../error-status'
import type { AppEnv } from '../http'
import { adminUser, isFormProblem } from './admin-common'
import { askFirst } from './ask-first'
import { csrfToken, pageUser, readForm } from './context'

/** `?done=` and the catalogue key of what it confirms; the query's own text is never shown. */
const DONE = new Map<string, MessageKey>([
  ['created', 'group_done_created'],
  ['renamed', 'group_done_renamed'],
  ['moved', 'group_done_moved'],
  ['deleted', 'group_done_deleted'],
  ['team', 'group_done_team'],
  ['lead-added', 'group_done_lead_added'],
  ['lead-removed', 'group_done_lead_removed'],
  ['imported', 'group_done_imported'],
])

/** The confirmation of `?done=`, with the import's counts from `?n=created,placed`. */
function doneMessage(c: Context<AppEnv>): string | undefined {
  const key = DONE.get(c.req.query('done') ?? '')
  const n = /^(\d{1,5}),(\d{1,5})$/.exec(c.req.query('n') ?? '')
  if (!key || (key === 'group_done_imported' && !n)) return undefined
  return MESSAGES.en[key]({ created: Number(n?.[1] ?? 0), placed: Number(n?.[2] ?? 0) })
}

type Failed = { error: AppError; form: string; values: Record<string, string> }

/** The groups pages: the tree (/groups) and each group's page; admins' forms on both. */
export function groupPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function frame(c: Context<AppEnv>, failed?: Failed) {
    const user = pageUser(c)
    const { error, form, values } = failed ?? {}
    return {
      user,
      csrf: await csrfToken(deps, c),
      admin: user.role === 'admin',
      done: failed ? undefined : doneMessage(c),
      error,
      form,
      values,
    }
  }

  async function treePage(c: Context<AppEnv>, failed?: Failed, fromFile?: string) {
    const tree = await listGroups(deps, asUser(pageUser(c)))
    const status: 200 | ErrorHttpStatus = failed ? statusOf(failed.error.code) : 200
    return c.html(
      <GroupsPage {...await frame(c, failed)} tree={tree} fromFile={fromFile} />,
      status,
    )
  }

  async function groupPage(c: Context<AppEnv>, failed?: Failed) {
    const view = await groupView(deps, asUser(pageUser(c)), c.req.param('id')!)
    const status: 200 | ErrorHttpStatus = failed ? statusOf(failed.error.code) : 200
    return c.html(<GroupPage {...await frame(c, failed)} view={view} />, status)
  }

  /**
   * Runs a form's change and redirects to `to` with its confirmation; a failure the person can
   * fix shows the page again with the form as it was sent.
   */
  async function change(
    c: Context<AppEnv>,
    form: string,
    action: (values: Record<string, string>) => Promise<string>,
    page: (c: Context<AppEnv>, failed: Failed) => Promise<Response>,
  ) {
    const values = await readForm(deps, c)
    try {
      return c.redirect(await action(values), 303)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      return page(c, { error: err, form, values })
    }
  }

  const actor = (c: Context<AppEnv>) => asUser(pageUser(c))
  const here = (c: Context<AppEnv>, done: string) => `/groups/${c.req.param('id')}?done=${done}`

  app.get('/groups', (c) => treePage(c))

  app.post('/groups', (c) =>
    change(
      c,
      'create',
      async ({ name = '', parentId }) => {
        const group = await createGroup(deps, actor(c), { name, parentId: parentId || null })
        return `/groups/${group.id}?done=created`
      },
      treePage,
    ),
  )

  app.post('/groups/teams', (c) =>
    change(
      c,
      'team',
      async ({ teamId = '', groupId }) => {
        await setTeamGroup(deps, actor(c), teamId, groupId || null)
        return '/groups?done=team'
      },
      treePage,
    ),
  )

  app.post('/groups/import', async (c) => {
    const values = await readForm(deps, c)
    const upload = (await c.req.parseBody()).file
    const file = typeof upload === 'object' && upload.size > 0 ? upload : undefined
    try {
      if (file) values.csv = decodeCsv(new Uint8Array(await file.arrayBuffer()))
      const result = await importGroupsCsv(deps, actor(c), values.csv ?? '')
      return c.redirect(`/groups?done=imported&n=${result.created},${result.placed}`, 303)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      // Every problem is in the text box; each message names its line.
      const fields = err.fields.map((f) => ({ path: 'csv', message: f.message }))
      const error = new AppError(err.code, err.params, fields, err.key)
      return treePage(c, { error, form: 'import', values }, file?.name)
    }
  })

  app.get('/groups/:id', (c) => groupPage(c))

  app.post('/groups/:id/rename', (c) =>
    change(
      c,
      'rename',
      async ({ name = '' }) => {
        await renameGroup(deps, actor(c), c.req.param('id'), name)
        return here(c, 'renamed')
      },
      groupPage,
    ),
  )

  app.post('/groups/:id/move', (c) =>
    change(
      c,
      'move',
      async ({ parentId }) => {
        await moveGroup(deps, actor(c), c.req.param('id'), parentId || null)
        return here(c, 'moved')
      },
      groupPage,
    ),
  )

  for (const [path, verb, done] of [
    ['leads', addGroupLead, 'lead-added'],
    ['leads/remove', removeGroupLead, 'lead-removed'],
  ] as const)
    app.post(`/groups/:id/${path}`, (c) =>
      change(
        c,
        'lead',
        async ({ email = '' }) => {
          await verb(deps, actor(c), c.req.param('id'), { email })
          return here(c, done)
        },
        groupPage,
      ),
    )

  app.post('/groups/:id/delete', async (c) => {
    // Only admins delete: nobody else is asked to confirm what they may not do.
    adminUser(c)
    const id = c.req.param('id')
    const form = await readForm(deps, c)
    const asked = await askFirst(deps, c, form, async () => {
      const { group } = await groupView(deps, actor(c), id)
      return {
        title: `Delete the group ${group.name}?`,
        lines: [
          'It holds no sub-groups, teams or campaigns.',
          group.leads.length > 0
            ? `Its leads (${group.leads.map((l) => l.email).join(', ')}) lose their role with it.`
            : 'It has no leads.',
          'This cannot be undone; a new group with the same name would be another group.',
        ],
        yes: 'Yes, delete it',
        cancelHref: `/groups/${id}`,
      }
    })
    if (asked) return asked
    try {
      await deleteGroup(deps, actor(c), id)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      return groupPage(c, { error: err, form: 'delete', values: {} })
    }
    return c.redirect('/groups?done=deleted', 303)
  })

  return app
}
