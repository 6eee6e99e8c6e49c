import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError } from '../../domain/errors'
import { MAX_INVITATIONS_PER_CALL } from '../../domain/limits'
import { MAX_EXTRA_LINKS } from '../../domain/roster'
import { closeRoundAs } from '../../services/release'
import { turnNotice } from '../../services/rotation'
import { mintInvitations } from '../../services/opening'
import { allowExtraLinks, roundLinks, sendInvitations } from '../../services/round-links'
import { loadRound, raiseK, roundWithTeam, summarizeRound } from '../../services/rounds'
import { LinksPage } from '../../views/links'
import { RoundPage } from '../../views/round'
import { CloseRoundConfirm, isConfirmed } from '../../views/confirm'
import type { AppEnv } from '../http'
import { csrfToken, pageUser, readForm } from './context'
import { parseForm, WholeNumber } from './forms'
import { statusOf } from '../error-status'

const MintForm = z.object({ count: WholeNumber(1, MAX_INVITATIONS_PER_CALL) })
const RaiseKForm = z.object({ k: WholeNumber(0, 1000) })
const ExtraLinksForm = z.object({
  extraLinks: WholeNumber(1, MAX_EXTRA_LINKS),
  extraReason: z
    .string()
    .trim()
    .min(1, 'Say why the roster is not enough.')
    .max(200, 'Keep it to 200 characters.'),
})

const NOTICES: Record<string, string> = {
  k: 'k was raised.',
  extra: 'Extra links were allowed; make them under “More links”.',
}

/** What mailing links did, in a sentence for the round page. */
function deliveryNotice(sent: number, failed: number): string {
  if (sent + failed === 0)
    return 'Everyone on the roster with an address has their link already; nothing was sent.'
  const mailed = `Sent ${sent === 1 ? '1 invitation' : `${sent} invitations`}.`
  return failed === 0 ? mailed : `${mailed} ${failed} could not be reached; see below.`
}

/** A round's page and its actions: links (more, by mail, extra), a higher k, closing. */
export function roundPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  /** The signed-in user, the round if they may see it (404 otherwise), and its team. */
  async function loadPage(c: Context<AppEnv>) {
    const user = pageUser(c)
    const { round, team } = await roundWithTeam(deps, asUser(user), c.req.param('roundId') ?? '')
    return { user, team, roundId: round.id, loaded: round }
  }

  type Page = Awaited<ReturnType<typeof loadPage>>
  type Extra = {
    values?: Record<string, string>
    error?: AppError
    notice?: string | undefined
    noticeWarn?: boolean
  }

  /** The page; after an action, with the round read again (it may have changed or closed). */
  async function render(c: Context<AppEnv>, page: Page, extra: Extra = {}, fresh = false) {
    const loaded = extra.error || fresh ? await loadRound(deps, page.roundId) : page.loaded
    const round = await summarizeRound(deps, loaded)
    const links = await roundLinks(deps, asUser(page.user), page.roundId)
    return c.html(
      <RoundPage
        user={page.user}
        csrf={await csrfToken(deps, c)}
        team={page.team}
        now={deps.now()}
        round={round}
        links={links}
        releaseDelay={deps.config.CLOSE_CHECK_SECONDS}
        {...extra}
      />,
      extra.error ? statusOf(extra.error.code) : 200,
    )
  }

  /** Runs a form action; a refusal shows the page again with the values and the problem. */
  async function act(
    c: Context<AppEnv>,
    action: (page: Page, form: Record<string, string>) => Promise<Response>,
  ) {
    const page = await loadPage(c)
    const form = await readForm(deps, c)
    try {
      return await action(page, form)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return render(c, page, { values: form, error: err })
    }
  }

  app.get('/rounds/:roundId', async (c) => {
    const page = await loadPage(c)
    const turn = turnNotice(deps, page.team, page.loaded)
    return render(c, page, { notice: NOTICES[c.req.query('updated') ?? ''] ?? turn })
  })

  app.post('/rounds/:roundId/invitations', (c) =>
    act(c, async (page, form) => {
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
    }),
  )

  app.post('/rounds/:roundId/deliveries', (c) =>
    act(c, async (page) => {
      const actor = asUser(page.user)
      const { sent, failed } = await sendInvitations(deps, actor, page.roundId, c.var.baseUrl)
      const notice = deliveryNotice(sent, failed.length)
      return render(c, page, { notice, noticeWarn: failed.length > 0 }, true)
    }),
  )

  app.post('/rounds/:roundId/extra-links', (c) =>
    act(c, async (page, form) => {
      const { extraLinks, extraReason } = parseForm(ExtraLinksForm, form)
      await allowExtraLinks(deps, asUser(page.user), page.roundId, extraLinks, extraReason)
      return c.redirect(`/rounds/${page.roundId}?updated=extra`, 303)
    }),
  )

  app.post('/rounds/:roundId/k', (c) =>
    act(c, async (page, form) => {
      await raiseK(deps, asUser(page.user), page.roundId, parseForm(RaiseKForm, form).k)
      return c.redirect(`/rounds/${page.roundId}?updated=k`, 303)
    }),
  )

  // Closing is final: the first post asks (saying how many answered, coarsely), the confirmed one
  // closes. The JSON API closes at once: calling it is the client's confirmation.
  app.post('/rounds/:roundId/close', async (c) => {
    const { user, roundId, loaded } = await loadPage(c)
    const form = await readForm(deps, c)
    const round = await summarizeRound(deps, loaded)
    // A round past its closing time has nothing left to ask about: closing it only releases it.
    if (!isConfirmed(form) && round.status !== 'closed') {
      const csrf = await csrfToken(deps, c)
      return c.html(<CloseRoundConfirm user={user} csrf={csrf} round={round} />)
    }
    await closeRoundAs(deps, asUser(user), roundId)
    return c.redirect(`/rounds/${roundId}/report`, 303)
  })

  return app
}
