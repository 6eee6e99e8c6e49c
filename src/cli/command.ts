import { parseArgs } from 'node:util'
import { z } from 'zod'
import type { Deps } from '../deps'
import type { Output } from './output'

/** Bad input on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** What a command gets besides its validated input. */
export interface CliContext {
  env: Record<string, string | undefined>
  out: Output
  /** Opens (and migrates) the database; `now` replaces the clock, e.g. for the demo's past. */
  open(options?: { now?: () => Date }): Promise<Deps>
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string }

export interface Command<T = unknown> {
  name: string
  /** One line for `help`. */
  summary: string
  /** The arguments after the command name, e.g. `--email E --name N [--password P]`. */
  usage: string
  /** Further lines shown by `<command> --help`. */
  details?: string[]
  options: Record<string, OptionSpec>
  /** Name of the single positional argument, if the command takes one (e.g. `file`). */
  positional?: string
  /** Validates the raw values; each key is an option name, so issues name the option to fix. */
  schema: z.ZodType<T>
  run(ctx: CliContext, input: T): Promise<void>
}

/** Keeps the input type of `run` tied to the schema. */
export function defineCommand<T>(command: Command<T>): Command<unknown> {
  return command as Command<unknown>
}

/** An option as people should type it; ids may start with "-", which needs the = form. */
export const argFor = (name: string, value: string) =>
  value.startsWith('-') ? `--${name}=${value}` : `--${name} ${value}`

export function usageOf(command: Command): string {
  return `usage: npm run cli -- ${command.name}${command.usage ? ' ' + command.usage : ''}`
}

/** Parses argv with node:util parseArgs and validates it with the command's schema. */
export function parseCommandArgs(command: Command, args: string[]): unknown {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args,
      options: command.options,
      strict: true,
      allowPositionals: command.positional !== undefined,
    })
  } catch (err) {
    throw new UsageError(describeParseError(err))
  }
  const raw: Record<string, unknown> = { ...parsed.values }
  if (command.positional) {
    if (parsed.positionals.length > 1)
      throw new UsageError(
        `unexpected argument '${parsed.positionals[1]}'; give one ${label(command.positional)}`,
      )
    raw[command.positional] = parsed.positionals[0]
  }
  const result = command.schema.safeParse(raw)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const key = String(issue.path[0] ?? '')
    const name = key === command.positional ? label(key) : `--${key}`
    throw new UsageError(`${name} ${issue.message}`)
  }
  return result.data
}

const label = (positional: string) => positional.toUpperCase()

function describeParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  const code = (err as { code?: string }).code
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? message}`
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}; options start with --`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument'))
      return `${option} is a flag and takes no value`
    if (message.includes('ambiguous'))
      return `${option} needs a value; write ${option}=VALUE for a value starting with -`
    return `${option} needs a value`
  }
  return message.split('\n')[0]!
}

/** Option value builders whose messages finish the sentence "--name …" and show an example. */
export const opt = {
  text: (example: string, max = 200) =>
    z
      .string({ error: `is required, e.g. ${example}` })
      .trim()
      .min(1, `must not be empty, e.g. ${example}`)
      .max(max, `must be at most ${max} characters`),
  id: (example: string) =>
    z
      .string({ error: `is required, e.g. ${example}` })
      .trim()
      .regex(
        /^[A-Za-z0-9_-]{1,64}$/,
        `must be an id as printed by the list commands, e.g. ${example}`,
      ),
  round: () => opt.id('--round 3Fq9xY2bLm0aTz7K'),
  team: () => opt.id('--team 3Fq9xY2bLm0aTz7K'),
  email: () =>
    z
      .string({ error: 'is required, e.g. --email ada@example.org' })
      .trim()
      .pipe(z.email('must be an email address, e.g. --email ada@example.org')),
  int: (min: number, max: number, example: string) =>
    z
      .string({ error: `is required, e.g. ${example}` })
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}, e.g. ${example}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, `must be a whole number from ${min} to ${max}, e.g. ${example}`)
          .max(max, `must be a whole number from ${min} to ${max}, e.g. ${example}`),
      ),
  locale: () =>
    z.enum(['en', 'de'], { error: 'must be one of en, de, e.g. --locale de' }).default('en'),
  flag: () => z.boolean().default(false),
  /** An ISO date-time (with or without offset) or a time from now such as 7d, 36h, 90m, 2w. */
  when: (example: string) =>
    z
      .string({ error: `is required, e.g. ${example}` })
      .trim()
      .transform((text, ctx): When => {
        const relative = /^(\d{1,4})(m|h|d|w)$/.exec(text)
        if (relative) return { ms: Number(relative[1]) * UNIT_MS[relative[2]!]! }
        const iso = z.iso.datetime({ offset: true, local: true }).safeParse(text)
        const date = new Date(text)
        if (iso.success && !Number.isNaN(date.getTime())) return { at: date }
        ctx.addIssue({
          code: 'custom',
          message: `must be a date-time like 2026-05-01T17:00:00Z or a time from now like 7d, 36h or 90m, e.g. ${example}`,
        })
        return z.NEVER
      }),
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

export type When = { ms: number } | { at: Date }

/** The moment a `when` option means, relative to the service clock. */
export function resolveWhen(when: When, now: Date): Date {
  return 'at' in when ? when.at : new Date(now.getTime() + when.ms)
}
