import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import {
  MAX_TOKEN_DAYS,
  MIN_PASSWORD_LENGTH,
  SIGN_IN_ACCOUNT_LIMIT,
  SIGN_IN_LIMIT,
  signInAccountOf,
} from '../../domain/limits'
import {
  changeOwnPassword,
  listAccounts,
  listOwnApiTokens,
  revokeOwnApiToken,
  updateAccount,
} from '../../services/accounts'
import {
  completeFirstAdminSetup,
  createApiToken,
  createUser,
  signIn,
  signOut,
} from '../../services/auth'
import {
  actorOf,
  apiRouter,
  errors,
  json,
  jsonBody,
  publicAccess,
  requireUser,
  security,
} from '../http'
import { Ok, User } from './schemas'
import type { RateLimiter } from '../../middleware/limiter'
import { accountFailureLimit, failureLimit } from '../../middleware/rate-limit'
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../session'

const Email = z.email({ message: 'enter an email address like name@example.org' }).max(200)
const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(500)
const Name = z.string().trim().min(1, 'enter a name').max(100)
const Account = User.extend({ disabled: z.boolean(), createdAt: z.string() }).openapi('Account')
const IdParam = z.object({ id: z.string().max(64) })

/** The account a sign-in body names, for its rate limit; read before validation. */
async function signInAccount(c: Context): Promise<string | undefined> {
  const body: unknown = await c.req.json().catch(() => undefined)
  return signInAccountOf(body && typeof body === 'object' && 'email' in body ? body.email : null)
}

/** Sign-in, sign-out, the first admin, API tokens and (for admins) accounts. */
export function authApi(deps: Deps, limiter: RateLimiter) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'setUpFirstAdmin',
      method: 'post',
      path: '/setup',
      tags: ['Accounts'],
      summary: 'Create the first admin with the one-time set-up token printed on first start',
      security: publicAccess,
      request: {
        body: jsonBody(
          z.object({
            token: z.string().min(1).max(200),
            email: Email,
            name: Name,
            password: Password,
          }),
        ),
      },
      responses: {
        201: json(z.object({ user: User }), 'The admin account'),
        ...errors(403),
      },
    }),
    async (c) => {
      const { token, ...input } = c.req.valid('json')
      const user = await completeFirstAdminSetup(deps, token, input)
      return c.json({ user }, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'signIn',
      method: 'post',
      path: '/session',
      tags: ['Accounts'],
      summary: 'Sign in; sets a session cookie',
      description:
        'Failed sign-ins are limited per client address (10 a minute), and per account only for addresses that keep failing while the account is flooded, so the owner can still sign in from elsewhere.',
      middleware: [
        failureLimit({ limiter, ...SIGN_IN_LIMIT, countUpFront: true }),
        accountFailureLimit({ limiter, ...SIGN_IN_ACCOUNT_LIMIT, account: signInAccount }),
      ],
      security: publicAccess,
      request: {
        body: jsonBody(z.object({ email: z.string().max(200), password: z.string().max(500) })),
      },
      responses: {
        200: json(z.object({ user: User, expiresAt: z.string() }), 'Signed in'),
        ...errors(401, 429),
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json')
      const { user, sessionToken, expiresAt } = await signIn(deps, email, password)
      setSessionCookie(c, deps.config, sessionToken, expiresAt)
      return c.json({ user, expiresAt: expiresAt.toISOString() }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'signOut',
      method: 'delete',
      path: '/session',
      tags: ['Accounts'],
      summary: 'Sign out; the session is deleted on the server',
      security: publicAccess,
      responses: { 200: json(Ok, 'Signed out') },
    }),
    async (c) => {
      const token = readSessionCookie(c, deps.config)
      if (token) await signOut(deps, token)
      clearSessionCookie(c, deps.config)
      return c.json({ ok: true as const }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getMe',
      method: 'get',
      path: '/me',
      tags: ['Accounts'],
      summary: 'The signed-in user',
      security,
      responses: { 200: json(z.object({ user: User }), 'You') },
    }),
    (c) => c.json({ user: requireUser(c) }, 200),
  )

  app.openapi(
    createRoute({
      operationId: 'changePassword',
      method: 'put',
      path: '/me/password',
      tags: ['Accounts'],
      summary: 'Change your password; signs you out everywhere and revokes your API tokens',
      security,
      request: {
        body: jsonBody(z.object({ currentPassword: z.string().max(500), newPassword: Password })),
      },
      responses: { 200: json(Ok, 'Changed') },
    }),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json')
      await changeOwnPassword(deps, actorOf(c), currentPassword, newPassword)
      return c.json({ ok: true as const }, 200)
    },
  )

  const Scope = z
    .enum(['read', 'write'])
    .describe('`read`: GET only, refused (403 `read_only_token`) on POST, PUT, PATCH and DELETE')
  const ApiToken = z
    .object({
      id: z.string(),
      name: z.string(),
      scope: Scope,
      createdAt: z.string(),
      expiresAt: z
        .string()
        .nullable()
        .describe('After this instant the token answers 401; null: never'),
    })
    .openapi('ApiToken')
  app.openapi(
    createRoute({
      operationId: 'listApiTokens',
      method: 'get',
      path: '/tokens',
      tags: ['Accounts'],
      summary: 'Your API tokens (names only; the secrets were shown once)',
      security,
      responses: { 200: json(z.object({ tokens: z.array(ApiToken) }), 'Tokens') },
    }),
    async (c) => {
      return c.json({ tokens: await listOwnApiTokens(deps, actorOf(c)) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'createApiToken',
      method: 'post',
      path: '/tokens',
      tags: ['Accounts'],
      summary: 'Create an API token for scripts; send it as `Authorization: Bearer <token>`',
      description:
        'A token acts for you until revoked, until it expires (`expiresInDays`), or until your password changes or your account is disabled. Give scripts that only read a `read` token.',
      security,
      request: {
        body: jsonBody(
          z.object({
            name: Name,
            scope: Scope.default('write'),
            expiresInDays: z
              .number()
              .int()
              .min(1)
              .max(MAX_TOKEN_DAYS)
              .optional()
              .describe(`Days until it stops working (1–${MAX_TOKEN_DAYS}); none: until revoked`),
          }),
        ),
      },
      responses: {
        201: json(ApiToken.extend({ token: z.string() }), 'The token, shown only this once'),
      },
    }),
    async (c) => {
      const { name, ...options } = c.req.valid('json')
      const token = await createApiToken(deps, requireUser(c).id, name, options)
      c.header('cache-control', 'no-store')
      return c.json(token, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'revokeApiToken',
      method: 'delete',
      path: '/tokens/{id}',
      tags: ['Accounts'],
      summary: 'Revoke an API token',
      security,
      request: { params: IdParam },
      responses: { 200: json(Ok, 'Revoked'), ...errors(404) },
    }),
    async (c) => {
      await revokeOwnApiToken(deps, actorOf(c), c.req.valid('param').id)
      return c.json({ ok: true as const }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'listAccounts',
      method: 'get',
      path: '/users',
      tags: ['Admin'],
      summary: 'All accounts',
      security,
      responses: {
        200: json(z.object({ users: z.array(Account) }), 'Accounts'),
        ...errors(403),
      },
    }),
    async (c) => {
      return c.json({ users: await listAccounts(deps, actorOf(c)) }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'createAccount',
      method: 'post',
      path: '/users',
      tags: ['Admin'],
      summary: 'Create an admin or facilitator account',
      security,
      request: {
        body: jsonBody(
          z.object({
            email: Email,
            name: Name,
            role: z.enum(['admin', 'facilitator']),
            password: Password,
          }),
        ),
      },
      responses: { 201: json(z.object({ user: User }), 'Created'), ...errors(403, 409) },
    }),
    async (c) => {
      return c.json({ user: await createUser(deps, actorOf(c), c.req.valid('json')) }, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'updateAccount',
      method: 'patch',
      path: '/users/{id}',
      tags: ['Admin'],
      summary:
        'Rename, change role, or disable/enable an account (disabling signs it out and revokes its API tokens)',
      security,
      request: {
        params: IdParam,
        body: jsonBody(
          z.object({
            name: Name.optional(),
            role: z.enum(['admin', 'facilitator']).optional(),
            disabled: z.boolean().optional(),
          }),
        ),
      },
      responses: { 200: json(Ok, 'Updated'), ...errors(403, 404, 409) },
    }),
    async (c) => {
      await updateAccount(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json'))
      return c.json({ ok: true as const }, 200)
    },
  )

  return app
}
