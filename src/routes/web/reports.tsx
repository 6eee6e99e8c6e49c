import { Hono, type Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError } from '../../domain/errors'
import { audienceOf } from '../../domain/anonymity'
import { roundReport } from '../../services/reports'
import { loadRound, writeDebrief } from '../../services/rounds'
import { groupBeside } from '../../services/campaign-views'
import { getTeam } from '../../services/teams'
import { loadTrendView } from '../../services/trend-view'
import { reportLocale } from '../../views/numbers'
import type { DebriefState } from '../../views/debrief'
import { ReportPage } from '../../views/report'
import { TrendPage } from '../../views/trend-page'
import type { AppEnv } from '../http'
import { csrfToken, pageUser, readForm } from './context'

/** A facilitator's report of a round (with the debrief note) and the team's trend. */
export function reportPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function renderReport(
    c: Context<AppEnv>,
    debrief: DebriefState = {},
    status: ContentfulStatusCode = 200,
  ) {
    const user = pageUser(c)
    const locale = reportLocale(c.req.query('locale'))
    const actor = asUser(user)
    const report = await roundReport(deps, actor, c.req.param('roundId') ?? '', locale)
    const team = await getTeam(deps, actor, report.round.teamId)
    // A campaign's round: its group's scores beside the team's, where the ledger published both.
    const beside = report.released
      ? await groupBeside(deps, await loadRound(deps, report.round.id))
      : null
    return c.html(
      <ReportPage
        report={report}
        teamName={team.name}
        locale={locale}
        user={user}
        csrf={await csrfToken(deps, c)}
        debrief={debrief}
        groupBeside={beside}
      />,
      status,
    )
  }

  app.get('/rounds/:roundId/report', (c) => {
    const saved = c.req.query('debrief')
    return renderReport(c, saved === 'saved' || saved === 'cleared' ? { saved } : {})
  })

  app.post('/rounds/:roundId/debrief', async (c) => {
    const user = pageUser(c)
    const form = await readForm(deps, c)
    const note = form.note ?? ''
    let round
    try {
      // A write: a round past its closing time is closed (and released) first.
      round = await writeDebrief(deps, asUser(user), c.req.param('roundId'), note)
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'invalid_input')) throw err
      const value = note.replace(/\r\n/g, '\n').trim()
      return renderReport(c, { value, error: err.message }, 400)
    }
    const locale = reportLocale(c.req.query('locale'))
    const query = `debrief=${round.debrief ? 'saved' : 'cleared'}${locale === 'en' ? '' : `&locale=${locale}`}`
    return c.redirect(`/rounds/${round.id}/report?${query}#debrief`, 303)
  })

  app.get('/teams/:teamId/trend', async (c) => {
    const user = pageUser(c)
    const team = await getTeam(deps, asUser(user), c.req.param('teamId'))
    const locale = reportLocale(c.req.query('locale'))
    const view = await loadTrendView(deps, team.id, {
      survey: c.req.query('survey') || undefined,
      locale,
      audience: audienceOf(user),
    })
    return c.html(
      <TrendPage
        view={view}
        teamId={team.id}
        teamName={team.name}
        locale={locale}
        user={user}
        csrf={await csrfToken(deps, c)}
      />,
    )
  })

  return app
}
