import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Deps } from '../../deps'
import type { Actor } from '../../domain/actor'
import { AppError } from '../../domain/errors'
import { localize } from '../../domain/survey'
import { sharedRoundReport } from '../../services/reports'
import { openShareLink, sharedTeam, sharedView } from '../../services/sharing'
import { getSurvey } from '../../services/surveys'
import { loadTrendView } from '../../services/trend-view'
import { reportLocale } from '../../views/numbers'
import { ReportPage } from '../../views/report'
import { SharedOpenPage, SharedTeamPage } from '../../views/shared'
import type { AppEnv } from '../http'
import { csrfToken, readForm } from './context'

const INVALID = 'This share link is not valid or was revoked. Ask your facilitator for a new one.'
const MISSING = 'Open the share link your facilitator sent again, or paste its code here.'

/** The share code from what someone pasted: the code itself or the whole link. */
const tokenFrom = (input: string) => input.trim().split('#').at(-1)!.trim()

/**
 * The team's read-only view through a share link: released results and nothing else (no open
 * rounds, no names, no invitation counts). The token lives in an HttpOnly cookie, never in a URL.
 */
export function sharedPages(deps: Deps) {
  const app = new Hono<AppEnv>()
  const secure = !deps.config.INSECURE_COOKIES
  // The name carries `__Host-` itself; hono's `prefix` option would add a second one.
  const cookieName = secure ? '__Host-quorum_share' : 'quorum_share'

  /** The share link's actor, or undefined for a token that opens nothing. */
  const actorOf = (token: string | undefined) =>
    openShareLink(deps, token).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'share_link_invalid') return undefined
      throw err
    })

  const openPage = async (c: Context<AppEnv>, error?: string) =>
    c.html(<SharedOpenPage error={error} csrf={await csrfToken(deps, c)} />, error ? 401 : 200)

  /** The shared team, or a page saying why not (missing cookie, revoked or wrong link). */
  async function sharedActor(c: Context<AppEnv>): Promise<Actor | Response> {
    c.header('cache-control', 'no-store')
    const token = getCookie(c, cookieName)
    if (!token) return openPage(c, MISSING)
    const actor = await actorOf(token)
    if (actor) return actor
    deleteCookie(c, cookieName, { path: '/', secure })
    return openPage(c, INVALID)
  }

  app.get('/shared', (c) => openPage(c))

  app.post('/shared', async (c) => {
    const form = await readForm(deps, c)
    const token = tokenFrom(form.token ?? '')
    if (!(await actorOf(token))) return openPage(c, INVALID)
    setCookie(c, cookieName, token, { path: '/', httpOnly: true, secure, sameSite: 'Lax' })
    return c.redirect('/shared/team', 303)
  })

  app.get('/shared/team', async (c) => {
    const actor = await sharedActor(c)
    if (actor instanceof Response) return actor
    const { team, rounds: closed } = await sharedView(deps, actor)
    const locale = reportLocale(c.req.query('locale'))
    const view = await loadTrendView(deps, team.id, {
      survey: c.req.query('survey') || undefined,
      locale,
      audience: 'share',
    })
    const titles = new Map<string, string>()
    for (const r of closed)
      if (!titles.has(r.surveyId))
        titles.set(r.surveyId, localize((await getSurvey(deps, r.surveyId)).title, locale))
    const rounds = closed.map((r) => ({
      id: r.id,
      closedAt: r.closedAt,
      surveyTitle: titles.get(r.surveyId)!,
      invited: r.invited,
      teamSize: r.teamSize,
    }))
    return c.html(
      <SharedTeamPage teamName={team.name} view={view} rounds={rounds} locale={locale} />,
    )
  })

  app.get('/shared/rounds/:roundId', async (c) => {
    const actor = await sharedActor(c)
    if (actor instanceof Response) return actor
    const locale = reportLocale(c.req.query('locale'))
    const report = await sharedRoundReport(deps, actor, c.req.param('roundId'), locale)
    const team = await sharedTeam(deps, actor)
    return c.html(<ReportPage report={report} teamName={team.name} locale={locale} shared />)
  })

  return app
}
