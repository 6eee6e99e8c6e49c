import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import { notFound } from '../domain/errors'
import { MIN_PASSWORD_LENGTH } from '../domain/limits'
import type { User } from '../domain/users'
import { findAccount, listAccounts } from '../services/accounts'
import { createUser, setUserDisabled } from '../services/auth'
import { defineCommand, opt } from './command'
import { day, table } from './output'

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'

/**
 * A strong password to change later: 24 letters and digits (about 140 random bits), without
 * look-alikes (0/O, 1/l/I) and without a leading "-" that a shell argument would trip over.
 */
export function generatePassword(length = 24): string {
  let password = ''
  while (password.length < length)
    for (const byte of randomBytes(length)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % ALPHABET.length) && password.length < length)
        password += ALPHABET[byte % ALPHABET.length]
    }
  return password
}

const Account = z.object({
  email: opt.email(),
  name: opt.text('--name "Ada Lovelace"', 100),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .optional(),
})

function accountCommand(role: User['role']) {
  return defineCommand({
    name: `create-${role === 'admin' ? 'admin' : 'facilitator'}`,
    summary: `Create ${role === 'admin' ? 'an admin' : 'a facilitator'} account`,
    usage: '--email E --name N [--password P]',
    details: [
      '',
      'The password is --password, else QUORUM_PASSWORD from the environment, else a generated',
      'one printed once. Prefer QUORUM_PASSWORD: --password ends up in your shell history.',
    ],
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    schema: Account,
    async run(ctx, input) {
      const fromEnv = ctx.env.QUORUM_PASSWORD || undefined
      const password = input.password ?? fromEnv ?? generatePassword()
      const deps = await ctx.open()
      const user = await createUser(deps, OPERATOR, { ...input, role, password })
      ctx.out.print(`Created ${role} ${user.email} (id ${user.id}).`)
      if (!input.password && !fromEnv)
        ctx.out.print(`Password (shown only now, store it safely): ${password}`)
      else if (!input.password) ctx.out.print('Password taken from QUORUM_PASSWORD.')
    },
  })
}

const listUsersCommand = defineCommand({
  name: 'list-users',
  summary: 'List accounts with their role and status',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(ctx) {
    const deps = await ctx.open()
    const users = await listAccounts(deps, OPERATOR)
    if (users.length === 0)
      return ctx.out.print('No accounts yet. Create one with `npm run cli -- create-admin`.')
    const rows = users.map((u) => [
      u.email,
      u.name,
      u.role,
      u.disabled ? 'disabled' : 'active',
      day(u.createdAt),
      u.id,
    ])
    const columns = ['Email', 'Name', 'Role', 'Status', 'Created', 'Id'].map((title) => ({ title }))
    for (const line of table(columns, rows, ctx.out.style)) ctx.out.print(line)
  },
})

function setDisabledCommand(disabled: boolean) {
  return defineCommand({
    name: disabled ? 'disable-user' : 'enable-user',
    summary: disabled
      ? 'Disable an account and sign it out everywhere'
      : 'Re-enable a disabled account',
    usage: '--email E',
    options: { email: { type: 'string' } },
    schema: z.object({ email: opt.email() }),
    async run(ctx, input) {
      const deps = await ctx.open()
      const user = await findAccount(deps, OPERATOR, { email: input.email })
      if (!user) throw notFound(`The account ${input.email}`)
      await setUserDisabled(deps, OPERATOR, user.id, disabled)
      ctx.out.print(`${disabled ? 'Disabled' : 'Enabled'} ${user.email}.`)
    },
  })
}

export const userCommands = [
  accountCommand('admin'),
  accountCommand('facilitator'),
  listUsersCommand,
  setDisabledCommand(true),
  setDisabledCommand(false),
]
