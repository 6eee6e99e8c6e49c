import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError, field, notFound } from '../../domain/errors'
import { MIN_PASSWORD_LENGTH } from '../../domain/limits'
import { findAccount, listAccounts } from '../../services/accounts'
import { createUser, setUserDisabled } from '../../services/auth'
import type { AdminFrame } from '../../views/admin'
import { AdminAccountsPage, DisableAccountConfirm } from '../../views/admin-accounts'
import { isConfirmed } from '../../views/confirm'
import { fieldProblems, type AppEnv } from '../http'
import { adminFrame, adminUser, confirmation, isFormProblem } from './admin-common'
import { readForm } from './context'
import { statusOf, type ErrorHttpStatus } from '../error-status'

const NewAccount = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the person’s name.')
    .max(100, 'Use at most 100 characters.'),
  email: z
    .string()
    .trim()
    .max(200, 'Use at most 200 characters.')
    .pipe(z.email({ error: 'Enter an email address like name@example.org.' })),
  role: z.enum(['facilitator', 'admin'], { error: 'Choose a role.' }),
  password: z.string().max(500, 'Use at most 500 characters.').default(''),
  generate: z.string().optional(),
})

const ACCOUNT_DONE = new Map<string, (name: string) => string>([
  ['user-created', (name) => `Account created for ${name}.`],
  ['user-disabled', (name) => `${name}’s account is disabled and signed out everywhere.`],
  ['user-enabled', (name) => `${name}’s account is enabled again.`],
])

/**
 * A password to hand over once: 20 characters from 32 letters and digits without look-alikes
 * (100 bits), in groups of five so it can be read out.
 */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'
  const bytes = crypto.getRandomValues(new Uint8Array(20))
  const chars = [...bytes].map((b) => alphabet[b & 31])
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-')
}

/** Checks the new-account form; every problem at once, the password rule included. */
function checkNewAccount(form: Record<string, string>) {
  const result = NewAccount.safeParse(form)
  const fields = result.success ? [] : fieldProblems(result.error.issues)
  if (!form.generate && (form.password ?? '').length < MIN_PASSWORD_LENGTH)
    fields.push({
      path: 'password',
      message: `Use at least ${MIN_PASSWORD_LENGTH} characters, or tick “Generate a password”.`,
    })
  if (!result.success || fields.length) throw new AppError('invalid_input', {}, fields)
  return result.data
}

/** Accounts: list, create (with an optional generated password), disable and enable. */
export function adminAccountPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function render(
    c: Context<AppEnv>,
    extra: Pick<AdminFrame, 'done' | 'error' | 'values'> & {
      created?: { name: string; email: string; password: string }
    } = {},
    status: 200 | 201 | ErrorHttpStatus = 200,
  ) {
    const frame = await adminFrame(deps, c)
    const accounts = (await listAccounts(deps, asUser(frame.user))).map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      disabled: u.disabled,
    }))
    return c.html(<AdminAccountsPage {...frame} {...extra} accounts={accounts} />, status)
  }

  app.get('/admin/users', async (c) => {
    const userId = c.req.query('user')
    const user = userId ? await findAccount(deps, asUser(adminUser(c)), { id: userId }) : undefined
    const done = user ? confirmation(ACCOUNT_DONE, c.req.query('done'), user.name) : undefined
    return render(c, { done })
  })

  app.post('/admin/users', async (c) => {
    const form = await readForm(deps, c)
    // A password is never sent back into the form.
    const { password: _password, _csrf, ...values } = form
    try {
      const input = checkNewAccount(form)
      const password = input.generate ? generatePassword() : input.password
      const user = await createUser(deps, asUser(adminUser(c)), { ...input, password }).catch(
        (err: unknown) => {
          if (err instanceof AppError && err.code === 'email_taken')
            throw new AppError(err.code, err.params, [field('email', err.key, err.params)], err.key)
          throw err
        },
      )
      if (!input.generate) return c.redirect(`/admin/users?done=user-created&user=${user.id}`, 303)
      // Shown once, in this response only: never in a URL, a log or the database.
      c.header('cache-control', 'no-store')
      return render(c, { created: { name: user.name, email: user.email, password } }, 201)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      return render(c, { error: err, values }, statusOf(err.code))
    }
  })

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    app.post(`/admin/users/:userId/${action}`, async (c) => {
      const form = await readForm(deps, c)
      const { user, csrf } = await adminFrame(deps, c)
      const userId = c.req.param('userId')
      try {
        // Disabling signs someone out everywhere: the first post asks. Disabling yourself is
        // refused at once below, with no question first.
        if (disabled && userId !== user.id && !isConfirmed(form)) {
          const account = await findAccount(deps, asUser(user), { id: userId })
          if (!account) throw notFound('That account')
          return c.html(<DisableAccountConfirm user={user} csrf={csrf} account={account} />)
        }
        await setUserDisabled(deps, asUser(user), userId, disabled)
        return c.redirect(`/admin/users?done=user-${action}d&user=${userId}`, 303)
      } catch (err) {
        if (!isFormProblem(err)) throw err
        return render(c, { error: err }, statusOf(err.code))
      }
    })

  return app
}
