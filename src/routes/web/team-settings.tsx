import { Hono, type Context } from 'hono'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError } from '../../domain/errors'
import type { User } from '../../domain/users'
import { setTeamChat, testTeamChat } from '../../services/chat'
import { getTeam } from '../../services/teams'
import { TeamChatPage } from '../../views/team-chat'
import { statusOf } from '../error-status'
import type { AppEnv } from '../http'
import { askFirst } from './ask-first'
import { csrfToken, pageUser, readForm } from './context'

/** What the page says after each action (by `?done=`); nothing else from the address is shown. */
const DONE: Record<string, string> = {
  saved: 'The webhook was saved. Send a test message to see it arrive.',
  removed: 'The webhook was removed; Quorum no longer posts to the team’s chat.',
  tested: 'The test message was sent; it should show in the team’s channel now.',
}

/** A team's chat webhook: set, remove and test it from the team page's form. */
export function teamSettingsPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function render(
    c: Context<AppEnv>,
    user: User,
    teamId: string,
    extra: { notice?: string | undefined; error?: AppError } = {},
  ) {
    const team = await getTeam(deps, asUser(user), teamId)
    const csrf = await csrfToken(deps, c)
    const page = <TeamChatPage user={user} csrf={csrf} team={team} {...extra} />
    return c.html(page, extra.error ? statusOf(extra.error.code) : 200)
  }

  /** Runs a chat action; a refusal shows the page with why, success goes back to it. */
  async function act(
    c: Context<AppEnv>,
    done: string,
    action: (user: User, form: Record<string, string>) => Promise<unknown>,
  ) {
    const user = pageUser(c)
    const teamId = c.req.param('teamId') ?? ''
    await getTeam(deps, asUser(user), teamId)
    const form = await readForm(deps, c)
    try {
      await action(user, form)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return render(c, user, teamId, { error: err })
    }
    return c.redirect(`/teams/${teamId}/chat?done=${done}`, 303)
  }

  app.get('/teams/:teamId/chat', (c) =>
    render(c, pageUser(c), c.req.param('teamId'), { notice: DONE[c.req.query('done') ?? ''] }),
  )

  app.post('/teams/:teamId/chat', (c) =>
    act(c, 'saved', (user, form) =>
      setTeamChat(deps, asUser(user), c.req.param('teamId'), form.url ?? ''),
    ),
  )

  app.post('/teams/:teamId/chat/remove', async (c) => {
    const teamId = c.req.param('teamId')
    const team = await getTeam(deps, asUser(pageUser(c)), teamId)
    const form = await readForm(deps, c)
    const asked = await askFirst(deps, c, form, async () => ({
      title: `Remove the chat webhook of ${team.name}?`,
      lines: [
        'The team chat gets no more news of rounds from Quorum.',
        'The address is not kept anywhere: to connect the chat again, paste it again.',
      ],
      yes: 'Yes, remove it',
      cancelHref: `/teams/${team.id}/chat`,
    }))
    if (asked) return asked
    await setTeamChat(deps, asUser(pageUser(c)), team.id, null)
    return c.redirect(`/teams/${team.id}/chat?done=removed`, 303)
  })

  app.post('/teams/:teamId/chat/test', (c) =>
    act(c, 'tested', (user) => testTeamChat(deps, asUser(user), c.req.param('teamId'))),
  )

  return app
}
