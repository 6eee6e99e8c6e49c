import { Hono, type Context } from 'hono'
import type { Deps } from '../../deps'
import { SIGN_IN_LIMIT } from '../../domain/limits'
import type { RateLimiter } from '../../middleware/limiter'
import { failureLimit } from '../../middleware/rate-limit'
import { signOut } from '../../services/auth'
import { useFacilitatorLink } from '../../services/rotation'
import { FacilitatePage } from '../../views/facilitate'
import type { AppEnv } from '../http'
import { readSessionCookie, setSessionCookie } from '../session'
import { csrfToken, readForm } from './context'

const REFUSED = {
  invalid:
    'This sign-in link is not valid: it was used already, has expired, or was replaced when the team’s next round opened. Ask an admin or your team’s facilitator for help.',
  disabled: 'Your Quorum account is disabled. Ask an admin of Quorum to enable it.',
  admin:
    'You are an admin of Quorum: sign in with your password instead. As an admin you can facilitate every team already.',
} as const

/** The code from what was pasted: the code itself or the whole link. */
const tokenFrom = (input: string) => input.trim().split('#').at(-1)!.trim()

/**
 * The rotating facilitator's sign-in link (services/rotation.ts): a form that sends the code from
 * the link's fragment; using it starts a session and opens the round's page. Failures count
 * against the sign-in limit, so guessing codes is as slow as guessing passwords.
 */
export function facilitatePages(deps: Deps, limiter: RateLimiter) {
  const app = new Hono<AppEnv>()

  const page = async (c: Context<AppEnv>, status: 200 | 400 | 429, error?: string) => {
    c.header('cache-control', 'no-store')
    return c.html(<FacilitatePage error={error} csrf={await csrfToken(deps, c)} />, status)
  }

  app.get('/facilitate', (c) => page(c, 200))

  app.post(
    '/facilitate',
    failureLimit({
      limiter,
      ...SIGN_IN_LIMIT,
      countUpFront: true,
      onLimited: (c, error) => page(c, 429, error.message),
    }),
    async (c) => {
      const form = await readForm(deps, c)
      const used = await useFacilitatorLink(deps, tokenFrom(form.token ?? ''))
      if (!used.ok) return page(c, 400, REFUSED[used.reason])
      // Whoever was signed in on this browser before is signed out: the link is someone's own.
      const previous = readSessionCookie(c, deps.config)
      if (previous) await signOut(deps, previous)
      setSessionCookie(c, deps.config, used.sessionToken, used.expiresAt)
      return c.redirect(`/rounds/${used.roundId}`, 303)
    },
  )

  return app
}
