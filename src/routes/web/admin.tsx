import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError, invalid } from '../../domain/errors'
import { listAccounts } from '../../services/accounts'
import {
  assignFacilitator,
  createTeam,
  getTeam,
  renameTeam,
  teamsOverview,
  teamWithFacilitators,
  unassignFacilitator,
} from '../../services/teams'
import { AdminTeamsPage, type AdminFrame } from '../../views/admin'
import type { AppEnv } from '../http'
import { adminFrame, adminUser, confirmation, isFormProblem } from './admin-common'
import { adminAccountPages } from './admin-accounts'
import { adminSurveyPages } from './admin-surveys'
import { askFirst } from './ask-first'
import { readForm } from './context'
import { parseForm } from './forms'
import { statusOf, type ErrorHttpStatus } from '../error-status'

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
    status: 200 | ErrorHttpStatus = 200,
  ) {
    const actor = asUser(adminUser(c))
    const [teams, users] = await Promise.all([
      teamsOverview(deps, actor),
      listAccounts(deps, actor),
    ])
    const teamRows = teams.map(({ id, name, facilitators }) => ({ id, name, facilitators }))
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
      return render(c, { error: err, values: values(form) }, statusOf(err.code))
    }
  }

  app.get('/admin/teams', async (c) => {
    const teamId = c.req.query('team')
    // A team deleted or mistyped since the redirect just shows no confirmation.
    const team = teamId
      ? await getTeam(deps, asUser(adminUser(c)), teamId).catch((err: unknown) => {
          if (err instanceof AppError && statusOf(err.code) === 404) return undefined
          throw err
        })
      : undefined
    const done = team ? confirmation(TEAM_DONE, c.req.query('done'), team.name) : undefined
    return render(c, { done })
  })

  app.post('/admin/teams', (c) =>
    change(c, async (form) => {
      const name = parseForm(z.object({ name: TeamName }), form).name
      const team = await createTeam(deps, asUser(adminUser(c)), name)
      return { done: 'team-created', teamId: team.id }
    }),
  )

  app.post('/admin/teams/:teamId/name', (c) =>
    change(c, async (form) => {
      const teamId = c.req.param('teamId')
      const field = `rename.${teamId}`
      const name = parseForm(z.object({ [field]: TeamName }), form)[field]!
      const team = await renameTeam(deps, asUser(adminUser(c)), teamId, name)
      return { done: 'team-renamed', teamId: team.id }
    }),
  )

  app.post('/admin/teams/:teamId/facilitators', (c) =>
    change(
      c,
      async (form) => {
        const teamId = c.req.param('teamId')
        if (!form.userId)
          throw invalid('assign_missing', {}, [
            { path: `assign.${teamId}`, message: 'Choose an account from the list.' },
          ])
        const { team } = await assignFacilitator(deps, asUser(adminUser(c)), teamId, {
          id: form.userId,
        })
        return { done: 'facilitator-assigned', teamId: team.id }
      },
      (form) => ({ [`assign.${c.req.param('teamId')}`]: form.userId ?? '' }),
    ),
  )

  app.post('/admin/teams/:teamId/facilitators/:userId/remove', async (c) => {
    const { teamId, userId } = c.req.param()
    const actor = asUser(adminUser(c))
    const form = await readForm(deps, c)
    const asked = await askFirst(deps, c, form, async () => {
      const { team, facilitators } = await teamWithFacilitators(deps, actor, teamId)
      const who = facilitators.find((f) => f.id === userId)?.name ?? 'this account'
      return {
        title: `Remove ${who} as a facilitator of ${team.name}?`,
        lines: [
          `${who} will no longer see the team, its rounds or its reports.`,
          'To hand the role back, assign them again.',
        ],
        yes: 'Yes, remove them',
        cancelHref: `/admin/teams#team-${team.id}`,
      }
    })
    if (asked) return asked
    try {
      const { team } = await unassignFacilitator(deps, actor, teamId, { id: userId })
      const done = 'facilitator-removed'
      return c.redirect(`/admin/teams?done=${done}&team=${team.id}#team-${team.id}`, 303)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      return render(c, { error: err, values: form }, statusOf(err.code))
    }
  })

  return app
}
