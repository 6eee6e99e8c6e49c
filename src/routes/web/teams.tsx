import { Hono, type Context } from 'hono'
import type { Deps } from '../../deps'
import { asUser, type Actor } from '../../domain/actor'
import { audienceOf } from '../../domain/anonymity'
import { defaultClosingTime } from '../../domain/time'
import { DEFAULT_REMINDERS } from '../../domain/reminders'
import { AppError } from '../../domain/errors'
import type { Team } from '../../domain/teams'
import type { User } from '../../domain/users'
import { openRound } from '../../services/opening'
import { recurringPulseOf } from '../../services/schedules'
import { teamRoster } from '../../services/rosters'
import { summarizeTeamRounds } from '../../services/rounds'
import { createShareLink } from '../../services/sharing'
import {
  getTeam,
  listTeamsFor,
  revokeShareLink,
  teamShareLinks,
  teamWithFacilitators,
} from '../../services/teams'
import { listSurveys } from '../../services/surveys'
import { loadTeamOverview } from '../../services/trend-view'
import { LinksPage } from '../../views/links'
import type { OpenRoundDefaults } from '../../views/open-round-form'
import { RevokeShareLinkConfirm, ShareLinkCreatedPage } from '../../views/share-links'
import { isConfirmed } from '../../views/confirm'
import { TeamPage, TeamsPage } from '../../views/teams'
import type { AppEnv } from '../http'
import { csrfToken, pageUser, readForm } from './context'
import { OpenRoundForm, parseForm, toDatetimeLocal } from './forms'
import { roundPages } from './rounds'
import { statusOf } from '../error-status'

/** The facilitator's pages: their teams, one team with its rounds and share links, rounds. */
export function teamPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  /** The newest version of each survey, for the open-round form. */
  async function surveyChoices() {
    const seen = new Set<string>()
    return (await listSurveys(deps)).filter((s) => !seen.has(s.id) && seen.add(s.id))
  }

  /** How links will reach the team's roster (P6b): by mail where it has an address, or by hand. */
  async function deliveryPlan(actor: Actor, teamId: string) {
    const { members } = await teamRoster(deps, actor, teamId)
    const mailed = deps.mail ? members.filter((m) => m.email).length : 0
    const plan: Omit<OpenRoundDefaults, 'surveyId' | 'k' | 'closesAt' | 'timeZone'> = {
      mode: deps.mail ? 'mail' : 'manual',
      teamSize: members.length,
      mailed,
      invitations: members.length - mailed,
      reminders: (deps.config.REMINDERS ?? DEFAULT_REMINDERS).join(', '),
    }
    return plan
  }

  async function renderTeam(
    c: Context<AppEnv>,
    user: User,
    team: Team,
    form: { values?: Record<string, string>; error?: AppError } = {},
  ) {
    const actor = asUser(user)
    const rounds = await summarizeTeamRounds(deps, team.id)
    const { facilitators } = await teamWithFacilitators(deps, actor, team.id)
    const now = deps.now()
    const page = (
      <TeamPage
        user={user}
        csrf={await csrfToken(deps, c)}
        team={team}
        facilitators={facilitators}
        rounds={rounds}
        overview={await loadTeamOverview(deps, team.id, audienceOf(user))}
        now={now}
        surveys={await surveyChoices()}
        shareLinks={await teamShareLinks(deps, actor, team.id)}
        pulse={await recurringPulseOf(deps, actor, team.id)}
        defaults={{
          // The survey the team used last, so its trend continues.
          surveyId: rounds[0]?.surveyId,
          k: deps.config.DEFAULT_K,
          // Opens now; closes after at least a week, on a Friday at 17:00 in the team's zone.
          closesAt: toDatetimeLocal(defaultClosingTime(now, team.timeZone), team.timeZone),
          timeZone: team.timeZone,
          ...(await deliveryPlan(actor, team.id)),
        }}
        values={form.values}
        error={form.error}
      />
    )
    return c.html(page, form.error ? statusOf(form.error.code) : 200)
  }

  app.get('/teams', async (c) => {
    const user = pageUser(c)
    const rows = await listTeamsFor(deps, asUser(user))
    // Per team: its round summaries (which the latest round needs anyway) and one trend read for
    // the overview (loadTeamOverview: rounds, releases, two survey reads) — a fixed handful of
    // queries per team, none per round or per dimension.
    const teams = await Promise.all(
      rows.map(async (team) => {
        const rounds = await summarizeTeamRounds(deps, team.id)
        const overview = await loadTeamOverview(deps, team.id, audienceOf(user))
        return { ...team, latest: rounds[0], overview }
      }),
    )
    const csrf = await csrfToken(deps, c)
    return c.html(<TeamsPage user={user} csrf={csrf} teams={teams} now={deps.now()} />)
  })

  app.get('/teams/:teamId', async (c) => {
    const user = pageUser(c)
    return renderTeam(c, user, await getTeam(deps, asUser(user), c.req.param('teamId')))
  })

  app.post('/teams/:teamId/rounds', async (c) => {
    const user = pageUser(c)
    const team = await getTeam(deps, asUser(user), c.req.param('teamId'))
    const form = await readForm(deps, c)
    try {
      const surveyIds = (await surveyChoices()).map((s) => s.id)
      const input = parseForm(OpenRoundForm(deps.now(), surveyIds, team.timeZone), form)
      const { round, links, delivery } = await openRound(deps, asUser(user), {
        teamId: team.id,
        surveyId: input.surveyId,
        k: input.k,
        closesAt: input.closesAt.toISOString(),
        invitations: input.invitations,
        extraLinks: input.extraLinks,
        extraReason: input.extraReason,
        reminders: input.reminders,
        baseUrl: c.var.baseUrl,
      })
      c.header('cache-control', 'no-store')
      const csrf = await csrfToken(deps, c)
      const page = { user, csrf, team, round, links, delivery }
      return c.html(<LinksPage {...page} />, 201)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return renderTeam(c, user, team, { values: form, error: err })
    }
  })

  app.post('/teams/:teamId/share-links', async (c) => {
    const user = pageUser(c)
    const team = await getTeam(deps, asUser(user), c.req.param('teamId'))
    await readForm(deps, c)
    const link = await createShareLink(deps, asUser(user), team.id, c.var.baseUrl)
    c.header('cache-control', 'no-store')
    const csrf = await csrfToken(deps, c)
    return c.html(<ShareLinkCreatedPage user={user} csrf={csrf} team={team} url={link.url} />, 201)
  })

  app.post('/teams/:teamId/share-links/:id/revoke', async (c) => {
    const user = pageUser(c)
    const found = await getTeam(deps, asUser(user), c.req.param('teamId'))
    const form = await readForm(deps, c)
    if (!isConfirmed(form)) {
      const links = await teamShareLinks(deps, asUser(user), found.id)
      const link = links.find((l) => l.id === c.req.param('id') && !l.revokedAt)
      if (!link) return c.redirect(`/teams/${found.id}#share-links`, 303)
      const csrf = await csrfToken(deps, c)
      return c.html(<RevokeShareLinkConfirm user={user} csrf={csrf} team={found} link={link} />)
    }
    const team = await revokeShareLink(deps, asUser(user), c.req.param('teamId'), c.req.param('id'))
    return c.redirect(`/teams/${team.id}#share-links`, 303)
  })

  app.route('/', roundPages(deps))
  return app
}
