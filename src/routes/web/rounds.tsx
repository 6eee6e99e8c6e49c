import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError } from '../../domain/errors'
import type { User } from '../../domain/users'
import { MAX_INVITATIONS_PER_CALL } from '../../domain/limits'
import { closeRoundAs } from '../../services/release'
import { mintInvitations } from '../../services/opening'
import {
  loadRound,
  raiseK,
  roundWithTeam,
  summarizeRound,
  type LoadedRound,
} from '../../services/rounds'
import { LinksPage } from '../../views/links'
import { RoundPage } from '../../views/round'
import type { AppEnv } from '../http'
import { csrfToken, pageUser, readForm } from './context'
import { parseForm, WholeNumber } from './forms'
import { statusOf } from '../error-status'

const MintForm = z.object({ count: WholeNumber(1, MAX_INVITATIONS_PER_CALL) })
const RaiseKForm = z.object({ k: WholeNumber(0, 1000) })

/** A round's page and its actions: more links, a higher k, closing. */
export function roundPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  /** The signed-in user, the round if they may see it (404 otherwise), and its team. */
  async function loadPage(c: Context<AppEnv>) {
    const user = pageUser(c)
    const { round, team } = await roundWithTeam(deps, asUser(user), c.req.param('roundId') ?? '')
    return { user, team, roundId: round.id, loaded: round }
  }

  /** The page; after a refused action, with the round read again (it may have closed). */
  async function render(
    c: Context<AppEnv>,
    page: { user: User; team: { id: string; name: string }; roundId: string; loaded: LoadedRound },
    extra: { values?: Record<string, string>; error?: AppError; notice?: string } = {},
  ) {
    const loaded = extra.error ? await loadRound(deps, page.roundId) : page.loaded
    const round = await summarizeRound(deps, loaded)
    return c.html(
      <RoundPage
        user={page.user}
        csrf={await csrfToken(deps, c)}
        team={page.team}
        round={round}
        releaseDelay={deps.config.CLOSE_CHECK_SECONDS}
        {...extra}
      />,
      extra.error ? statusOf(extra.error.code) : 200,
    )
  }

  app.get('/rounds/:roundId', async (c) => {
    const notice = c.req.query('updated') === 'k' ? 'k was raised.' : undefined
    return render(c, await loadPage(c), { notice })
  })

  app.post('/rounds/:roundId/invitations', async (c) => {
    const page = await loadPage(c)
    const form = await readForm(deps, c)
    try {
      const { count } = parseForm(MintForm, form)
      const actor = asUser(page.user)
      const links = await mintInvitations(deps, actor, page.roundId, count, c.var.baseUrl)
      const minted = { ...page.loaded, invited: page.loaded.invited + links.length }
      const round = await summarizeRound(deps, minted)
      c.header('cache-control', 'no-store')
      const csrf = await csrfToken(deps, c)
      const { user, team } = page
      return c.html(
        <LinksPage user={user} team={team} csrf={csrf} round={round} links={links} />,
        201,
      )
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return render(c, page, { values: form, error: err })
    }
  })

  app.post('/rounds/:roundId/k', async (c) => {
    const page = await loadPage(c)
    const form = await readForm(deps, c)
    try {
      await raiseK(deps, asUser(page.user), page.roundId, parseForm(RaiseKForm, form).k)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return render(c, page, { values: form, error: err })
    }
    return c.redirect(`/rounds/${page.roundId}?updated=k`, 303)
  })

  app.post('/rounds/:roundId/close', async (c) => {
    const { user, roundId } = await loadPage(c)
    await readForm(deps, c)
    await closeRoundAs(deps, asUser(user), roundId)
    return c.redirect(`/rounds/${roundId}/report`, 303)
  })

  return app
}
