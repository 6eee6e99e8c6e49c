import { Hono, type Context } from 'hono'
import type { Deps } from '../../deps'
import { AppError } from '../../domain/errors'
import { safeNextPath } from '../../domain/next-path'
import {
  SETUP_LIMIT,
  SIGN_IN_ACCOUNT_LIMIT,
  SIGN_IN_LIMIT,
  signInAccountOf,
} from '../../domain/limits'
import type { RateLimiter } from '../../middleware/limiter'
import { accountFailureLimit, failureLimit, requestLimit } from '../../middleware/rate-limit'
import { completeFirstAdminSetup, signIn, signOut } from '../../services/auth'
import { ErrorSummary, Field, Page } from '../../views/layout'
import type { AppEnv } from '../http'
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../session'
import { readForm } from './context'
import { statusOf } from '../error-status'

/** The account a sign-in form names, for its rate limit (see SIGN_IN_ACCOUNT_LIMIT). */
const signInAccount = async (c: Context) => signInAccountOf((await c.req.parseBody()).email)

/** Sign-in, sign-out and the first admin's set-up page. */
export function accountPages(deps: Deps, limiter: RateLimiter) {
  const app = new Hono<AppEnv>()
  const startSession = (c: Context, token: string, expires: Date) =>
    setSessionCookie(c, deps.config, token, expires)

  const signInPage = (props: { email?: string; next?: string; error?: string }) => (
    <Page title="Sign in" narrow>
      <h1>Sign in</h1>
      <p class="lead">For facilitators and admins. People answering a survey never sign in.</p>
      {props.error && <ErrorSummary message={props.error} />}
      <form method="post" action="/signin">
        <input type="hidden" name="next" value={props.next ?? ''} />
        <Field
          name="email"
          label="Email"
          type="email"
          autocomplete="username"
          value={props.email}
          required
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          required
        />
        <div class="actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
    </Page>
  )

  app.get('/', (c) => c.redirect(c.get('user') ? '/teams' : '/signin', 303))

  app.get('/signin', (c) => {
    // Only a path of ours is ever sent back (Location) or carried on (the form): no open redirect.
    if (c.get('user')) return c.redirect(safeNextPath(c.req.query('next')), 303)
    return c.html(signInPage({ next: safeNextPath(c.req.query('next'), '') }))
  })

  /** The form again with what was typed (never the password) and why it was refused. */
  const refused = async (c: Context, error: AppError) => {
    const form = await c.req.parseBody()
    const text = (key: string) => (typeof form[key] === 'string' ? form[key] : '')
    const next = safeNextPath(text('next'), '')
    return c.html(
      signInPage({ email: text('email'), next, error: error.message }),
      statusOf(error.code),
    )
  }

  app.post(
    '/signin',
    failureLimit({ limiter, ...SIGN_IN_LIMIT, countUpFront: true, onLimited: refused }),
    accountFailureLimit({
      limiter,
      ...SIGN_IN_ACCOUNT_LIMIT,
      account: signInAccount,
      onLimited: refused,
    }),
    async (c) => {
      const form = await readForm(deps, c)
      try {
        const session = await signIn(deps, form.email ?? '', form.password ?? '')
        startSession(c, session.sessionToken, session.expiresAt)
        return c.redirect(safeNextPath(form.next), 303)
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        return refused(c, err)
      }
    },
  )

  app.post('/signout', async (c) => {
    await readForm(deps, c)
    const token = readSessionCookie(c, deps.config)
    if (token) await signOut(deps, token)
    clearSessionCookie(c, deps.config)
    return c.redirect('/signin', 303)
  })

  const setupPage = (props: { values?: Record<string, string>; error?: AppError }) => {
    const problem = (path: string) => props.error?.fields.find((f) => f.path === path)?.message
    return (
      <Page title="Set up Quorum" narrow>
        <h1>Create the first admin</h1>
        <p class="lead">
          This page works once, with the set-up token Quorum printed when it first started.
        </p>
        {props.error && <ErrorSummary message={props.error.message} fields={props.error.fields} />}
        <form method="post" action="/setup">
          <div data-hide-when-fragment>
            <Field
              name="token"
              label="Set-up token"
              hint="Printed in the server's output, after /setup#"
              value={props.values?.token}
              error={problem('token')}
            />
          </div>
          <input type="hidden" data-fragment-target name="fragment_token" />
          <Field
            name="name"
            label="Your name"
            autocomplete="name"
            value={props.values?.name}
            error={problem('name')}
          />
          <Field
            name="email"
            label="Email"
            type="email"
            autocomplete="username"
            value={props.values?.email}
            error={problem('email')}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="new-password"
            hint="At least 12 characters."
            error={problem('password')}
          />
          <div class="actions">
            <button type="submit">Create admin and sign in</button>
          </div>
        </form>
      </Page>
    )
  }

  app.get('/setup', (c) => c.html(setupPage({})))

  /** The set-up form as typed; the token from the link's fragment wins over the field. */
  const setupForm = async (c: Context<AppEnv>) => {
    const form = await readForm(deps, c)
    return { form, token: (form.fragment_token || form.token || '').trim() }
  }

  // Refused after too many attempts from this address; the form keeps what was typed.
  const setupLimit = requestLimit({
    limiter,
    ...SETUP_LIMIT,
    onLimited: async (c, error) => {
      const { form, token } = await setupForm(c)
      return c.html(setupPage({ values: { ...form, token }, error }), statusOf(error.code))
    },
  })

  app.post('/setup', setupLimit, async (c) => {
    const { form, token } = await setupForm(c)
    const input = { email: form.email ?? '', name: form.name ?? '', password: form.password ?? '' }
    try {
      const fields = [
        !input.name.trim() && { path: 'name', message: 'Enter your name.' },
        !/^[^@\s]+@[^@\s]+$/.test(input.email) && {
          path: 'email',
          message: 'Enter an email address like name@example.org.',
        },
        !token && { path: 'token', message: 'Enter the set-up token.' },
      ].filter((f): f is { path: string; message: string } => Boolean(f))
      if (fields.length) throw new AppError('invalid_input', {}, fields)
      await completeFirstAdminSetup(deps, token, input)
      const session = await signIn(deps, input.email, input.password)
      startSession(c, session.sessionToken, session.expiresAt)
      return c.redirect('/admin/teams', 303)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return c.html(setupPage({ values: { ...form, token }, error: err }), statusOf(err.code))
    }
  })

  return app
}
