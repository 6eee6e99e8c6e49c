import type { Context } from 'hono'
import type { Deps } from '../../deps'
import { ConfirmPage, isConfirmed, type ConfirmProps } from '../../views/confirm'
import type { AppEnv } from '../http'
import { csrfToken, pageUser } from './context'

/**
 * Irreversible actions ask first (without script): until the posted form carries the
 * confirmation, this answers with the page that says what will happen, whose form posts to the
 * same address again, confirmed. Undefined once confirmed: then the action may run.
 */
export async function askFirst(
  deps: Deps,
  c: Context<AppEnv>,
  form: Record<string, string>,
  ask: () => Promise<Omit<ConfirmProps, 'user' | 'csrf' | 'action'>>,
): Promise<Response | undefined> {
  if (isConfirmed(form)) return undefined
  const props = await ask()
  const csrf = await csrfToken(deps, c)
  return c.html(<ConfirmPage user={pageUser(c)} csrf={csrf} action={c.req.path} {...props} />)
}
