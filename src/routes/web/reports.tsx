import { Hono, type Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { findTeam } from '../../db/teams'
import type { Deps } from '../../deps'
import { AppError, notFound } from '../../domain/errors'
import { audienceOf } from '../../domain/anonymity'
import { closeIfOverdue } from '../../services/release'
import { roundReport } from '../../services/reports'
import { writeDebrief } from '../../services/rounds'
import { reportLocale } from '../../views/numbers'
import { DEBRIEF_MAX, type DebriefState } from '../../views/debrief'
import { ReportPage } from '../../views/report'
import { TrendPage } from '../../views/trend-page'
import { requireRound, requireTeam, type AppEnv } from '../http'
import { csrfToken, pageUser, readForm } from './context'
import { loadTrendView } from './trend-view'

/** A facilitator's report of a round (with the debrief note) and the team's trend. */
export function reportPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function renderReport(
    c: Context<AppEnv>,
    debrief: DebriefState = {},
    status: ContentfulStatusCode = 200,
  ) {
    const user = pageUser(c)
    const round = await requireRound(deps, user, c.req.param('roundId') ?? '')
    const team = await findTeam(deps.db, round.team_id)
    if (!team) throw notFound('This round')
    const locale = reportLocale(c.req.query('locale'))
    const report = await roundReport(deps, round, audienceOf(user), locale)
    return c.html(
      <ReportPage
        report={report}
        teamName={team.name}
        locale={locale}
        user={user}
        csrf={await csrfToken(deps, c)}
        debrief={debrief}
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
    // A write: a round past its closing time is closed (and released) first.
    const round = await closeIfOverdue(deps, await requireRound(deps, user, c.req.param('roundId')))
    if (round.status !== 'closed')
      throw new AppError(
        409,
        'round_open',
        'This round is still open. Record the debrief after it has closed and the team has talked about its results.',
      )
    const note = (form.note ?? '').replace(/\r\n/g, '\n').trim()
    if (note.length > DEBRIEF_MAX)
      return renderReport(
        c,
        {
          value: note,
          error: `Keep the note under ${DEBRIEF_MAX} characters; it has ${note.length}.`,
        },
        400,
      )
    await writeDebrief(deps, round, note)
    const locale = reportLocale(c.req.query('locale'))
    const query = `debrief=${note ? 'saved' : 'cleared'}${locale === 'en' ? '' : `&locale=${locale}`}`
    return c.redirect(`/rounds/${round.id}/report?${query}#debrief`, 303)
  })

  app.get('/teams/:teamId/trend', async (c) => {
    const user = pageUser(c)
    const team = await requireTeam(deps, user, c.req.param('teamId'))
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
