import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { randomId } from '../../crypto'
import {
  addFacilitator,
  findTeam,
  insertTeam,
  listAllFacilitators,
  listTeams,
  removeFacilitator,
  renameTeam,
} from '../../db/teams'
import { findUserById, listUsers } from '../../db/users'
import type { Deps } from '../../deps'
import { AppError, conflict, notFound } from '../../domain/errors'
import { AdminTeamsPage, type AdminFrame } from '../../views/admin'
import type { AppEnv } from '../http'
import { adminFrame, adminUser, confirmation, isFormProblem, parseForm } from './admin-common'
import { adminAccountPages } from './admin-accounts'
import { adminSurveyPages } from './admin-surveys'
import { readForm } from './context'

/**
 * The admins' pages: teams, accounts and surveys. One guard covers every path under /admin, so
 * a page added later cannot forget it.
 */
export function adminPages(deps: Deps) {
  const app = new Hono<AppEnv>()
  app.use('/admin/*', async (c, next) => {
    adminUser(c)
    await next()
  })
  app.get('/admin', (c) => c.redirect('/admin/teams', 303))
  app.route('/', adminTeamPages(deps))
  app.route('/', adminAccountPages(deps))
  app.route('/', adminSurveyPages(deps))
  return app
}

const TeamName = z
  .string()
  .trim()
  .min(1, 'Enter a name for the team.')
  .max(100, 'Use at most 100 characters.')

const TEAM_DONE = new Map<string, (team: string) => string>([
  ['team-created', (team) => `Team “${team}” created. Assign its facilitators below.`],
  ['team-renamed', (team) => `The team is now called “${team}”.`],
  ['facilitator-assigned', (team) => `Facilitator assigned to “${team}”.`],
  ['facilitator-removed', (team) => `Facilitator removed from “${team}”.`],
])

function adminTeamPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function render(
    c: Context<AppEnv>,
    extra: Pick<AdminFrame, 'done' | 'error' | 'values'> = {},
    status: 200 | AppError['status'] = 200,
  ) {
    const [teams, facilitators, users] = await Promise.all([
      listTeams(deps.db),
      listAllFacilitators(deps.db),
      listUsers(deps.db),
    ])
    const teamRows = teams.map((t) => ({
      id: t.id,
      name: t.name,
      facilitators: facilitators
        .filter((f) => f.teamId === t.id)
        .map((f) => ({ id: f.id, name: f.name, email: f.email, disabled: Boolean(f.disabled) })),
    }))
    const accounts = users
      .filter((u) => !u.disabled)
      .map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role }))
    const frame = await adminFrame(deps, c)
    return c.html(
      <AdminTeamsPage {...frame} {...extra} teams={teamRows} accounts={accounts} />,
      status,
    )
  }

  /** Runs a change and redirects with its confirmation; fixable failures show the page again. */
  async function change(
    c: Context<AppEnv>,
    action: (form: Record<string, string>) => Promise<{ done: string; teamId: string }>,
    values: (form: Record<string, string>) => Record<string, string> = (form) => form,
  ) {
    const form = await readForm(deps, c)
    try {
      const { done, teamId } = await action(form)
      return c.redirect(`/admin/teams?done=${done}&team=${teamId}#team-${teamId}`, 303)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      return render(c, { error: err, values: values(form) }, err.status)
    }
  }

  const existingTeam = async (id: string) => (await findTeam(deps.db, id)) ?? throwNotFound()

  app.get('/admin/teams', async (c) => {
    const teamId = c.req.query('team')
    const team = teamId ? await findTeam(deps.db, teamId) : undefined
    const done = team ? confirmation(TEAM_DONE, c.req.query('done'), team.name) : undefined
    return render(c, { done })
  })

  app.post('/admin/teams', (c) =>
    change(c, async (form) => {
      const name = parseForm(z.object({ name: TeamName }), form).name
      const team = { id: randomId(), name, created_at: deps.now().toISOString() }
      await insertTeam(deps.db, team)
      return { done: 'team-created', teamId: team.id }
    }),
  )

  app.post('/admin/teams/:teamId/name', (c) =>
    change(c, async (form) => {
      const team = await existingTeam(c.req.param('teamId'))
      const field = `rename.${team.id}`
      const name = TeamName.safeParse(form[field] ?? '')
      if (!name.success)
        throw new AppError(400, 'invalid_input', 'Some fields need attention.', [
          { path: field, message: name.error.issues[0]?.message ?? 'Enter a name.' },
        ])
      await renameTeam(deps.db, team.id, name.data)
      return { done: 'team-renamed', teamId: team.id }
    }),
  )

  app.post('/admin/teams/:teamId/facilitators', (c) =>
    change(
      c,
      async (form) => {
        const team = await existingTeam(c.req.param('teamId'))
        const field = `assign.${team.id}`
        const account = form.userId ? await findUserById(deps.db, form.userId) : undefined
        if (!account)
          throw new AppError(400, 'invalid_input', 'Choose whom to assign.', [
            { path: field, message: 'Choose an account from the list.' },
          ])
        if (account.disabled)
          throw conflict(
            'account_disabled',
            `${account.name}’s account is disabled; enable it first.`,
          )
        await addFacilitator(deps.db, team.id, account.id)
        return { done: 'facilitator-assigned', teamId: team.id }
      },
      (form) => ({ [`assign.${c.req.param('teamId')}`]: form.userId ?? '' }),
    ),
  )

  app.post('/admin/teams/:teamId/facilitators/:userId/remove', (c) =>
    change(c, async () => {
      const team = await existingTeam(c.req.param('teamId'))
      if (!(await removeFacilitator(deps.db, team.id, c.req.param('userId'))))
        throw notFound('That facilitator')
      return { done: 'facilitator-removed', teamId: team.id }
    }),
  )

  return app
}

function throwNotFound(): never {
  throw notFound('That team')
}
