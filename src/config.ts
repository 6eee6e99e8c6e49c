import { z } from 'zod'
import { decodeBallotKey } from './seal'

const Bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const Int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

/** One mail address: something@domain.tld, without spaces, brackets, quotes or list separators. */
const ADDRESS = String.raw`[^\s@<>()",;:\\]+@[^\s@<>()",;:\\.]+(?:\.[^\s@<>()",;:\\.]+)+`
/** `Name <address>` (the name may be quoted) or a bare address; never a list, never two lines. */
const SENDER = new RegExp(String.raw`^(?:(?:"[^"\r\n]*" *|[^"<>@,;\r\n]*)<${ADDRESS}>|${ADDRESS})$`)

/** A URL's parts, or null when it is not one. */
const urlOf = (value: string): URL | null => {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

/** Plain HTTP is allowed to these hosts only: a local test sink or relay, never over a network. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Every setting, read from process.env on Node and from bindings/secrets on Workers.
 * Names are the environment variable names so a bad value is reported under the name to fix.
 */
export const Config = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: Int(0, 65535).default(8787),
  DATABASE_PATH: z.string().min(1).default('./data/quorum.sqlite'),
  BASE_URL: z
    .url({
      protocol: /^https?$/,
      message: 'must be an http(s) URL such as https://quorum.example.org',
    })
    .optional()
    .describe(
      'Public address used in invitation and share links; defaults to http://HOST:PORT on Node and to the address each request came to on Workers',
    ),
  DEFAULT_K: Int(3, 1000).default(5),
  REMINDERS: z
    .string()
    .transform((v) =>
      v.trim().toLowerCase() === 'none'
        ? []
        : v
            .split(',')
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean),
    )
    .refine(
      (list) => list.length <= 5 && list.every((s) => /^(?:\d{1,2}%|\d{1,4}h)$/.test(s)),
      'list up to 5 times, each a share of the round such as 50% or hours before closing such as 24h, e.g. 50%,24h; or none',
    )
    .optional()
    .describe(
      "When members whose link is unused get a reminder: shares of the round (50%) or hours before it closes (24h); default 50%,24h, or none; never on a weekend in the team's time zone",
    ),
  COMMENT_MIN: Int(3, 1000).default(10),
  CAMPAIGN_MAX_TEAMS: Int(1, 5000)
    .default(2000)
    .describe(
      'The most teams one campaign may cover: its release reads every answer and writes its ledger in one step (on Workers keep it within the plan, see README)',
    ),
  SESSION_HOURS: Int(1, 24 * 30).default(12),
  PASSWORD_ITERATIONS: Int(10_000, 10_000_000).default(600_000),
  INSECURE_COOKIES: Bool.default(false).describe(
    'Drop the Secure flag and __Host- prefix: only for plain-HTTP development on a non-loopback host',
  ),
  DB_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  CHAT_LOCAL_WEBHOOKS: Bool.default(false).describe(
    'Accept team chat webhooks on this machine or a private network (http allowed there), e.g. a local relay; off by default so that facilitators cannot make the server post into its own network',
  ),
  CLOSE_CHECK_SECONDS: Int(1, 3600)
    .default(30)
    .describe(
      'How often rounds past their closing time are closed and released: the timer on Node; on Workers the cron (every 5 minutes, so 300 there)',
    ),
  SETUP_TOKEN: z
    .string()
    .min(20, 'use at least 20 random characters, e.g. from `openssl rand -base64 24`')
    .optional()
    .describe(
      'Creates the first admin via /setup while none exists (for Workers, set as a secret)',
    ),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  TRUST_PROXY: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine(
      (list) =>
        list.every(
          (a) => a === 'loopback' || z.ipv4().safeParse(a).success || z.ipv6().safeParse(a).success,
        ),
      "must list your reverse proxies' own addresses, comma-separated, e.g. 10.0.0.2,::1 or loopback (ranges, host names and true are not accepted)",
    )
    .optional()
    .describe(
      'Reverse proxies whose X-Forwarded-For names the client, for rate limits; off by default',
    ),
  BALLOT_KEY: z
    .string()
    .refine((v) => decodeBallotKey(v) !== null, {
      message: 'use at least 32 random bytes in base64, e.g. from `openssl rand -base64 32`',
    })
    .optional()
    .describe(
      'The key that seals answers and hides which ballot is whose; keep it out of database backups',
    ),
  BALLOT_KEY_FILE: z
    .string()
    .min(1)
    .default('./quorum.key')
    .describe(
      'Node only: where the ballot key is kept (created on first start) when BALLOT_KEY is unset',
    ),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(
      SENDER,
      'must be one sender address, e.g. Quorum <quorum@example.org> or quorum@example.org',
    )
    .optional()
    .describe(
      'Sender of invitation, reminder and sign-in mails, e.g. `Quorum <quorum@example.org>`; required with SMTP_URL or MAIL_API_URL',
    ),
  SMTP_URL: z
    .string()
    .refine((v) => {
      const url = urlOf(v)
      return (url?.protocol === 'smtp:' || url?.protocol === 'smtps:') && url.hostname !== ''
    }, 'must be smtps://user:password@host:465 or smtp://user:password@host:587 (STARTTLS when offered); percent-encode special characters in the password')
    .optional()
    .describe(
      'Node only: the SMTP server that mails links to members, checked at start (a secret: it may hold a password). Without it or MAIL_API_URL, links are handed out by hand',
    ),
  MAIL_API_URL: z
    .string()
    .refine((v) => {
      const url = urlOf(v)
      if (url?.protocol === 'http:') return LOOPBACK_HOSTS.has(url.hostname)
      return url?.protocol === 'https:'
    }, 'must be an https URL such as https://api.resend.com/emails (http only to 127.0.0.1 or localhost)')
    .refine(
      (v) => !urlOf(v)?.username && !urlOf(v)?.password,
      'must hold no user name or password; put the key in MAIL_API_KEY',
    )
    .optional()
    .describe(
      "An HTTP mail API instead of SMTP (the only way on Workers): Resend's https://api.resend.com/emails, or anything taking the same JSON",
    ),
  MAIL_API_KEY: z
    .string()
    .optional()
    .describe("The mail API's key, sent as a Bearer token (on Workers, set it as a secret)"),
})
export type Config = z.infer<typeof Config>

/** Config with the rules between settings; each problem is reported under the setting to fix. */
const CheckedConfig = Config.superRefine((c, ctx) => {
  const problem = (name: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [name], message })
  if (c.SMTP_URL && c.MAIL_API_URL)
    problem('MAIL_API_URL', 'set either SMTP_URL or MAIL_API_URL, not both')
  if ((c.SMTP_URL || c.MAIL_API_URL) && !c.MAIL_FROM)
    problem(
      'MAIL_FROM',
      'required when SMTP_URL or MAIL_API_URL is set: the sender, e.g. Quorum <quorum@example.org>',
    )
  if (c.MAIL_API_URL && !c.MAIL_API_KEY)
    problem('MAIL_API_KEY', "required with MAIL_API_URL: the mail API's key")
})

const SECRETS = new Set(['SETUP_TOKEN', 'BALLOT_KEY', 'SMTP_URL', 'MAIL_API_KEY'])

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parses settings; the error names each bad variable, its value's problem, and what to set. */
export function parseConfig(env: Record<string, unknown>): Config {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(Config.shape)) {
    const value = env[key]
    // Workers vars may be numbers or booleans; environment variables are always text.
    if (value !== undefined && value !== '')
      picked[key] = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value
  }
  const result = CheckedConfig.safeParse(picked)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0])
      // Secrets are never echoed, not even wrong ones: logs outlive them.
      const shown =
        picked[name] === undefined
          ? '(unset)'
          : SECRETS.has(name)
            ? '(hidden)'
            : JSON.stringify(picked[name])
      return `  ${issue.path.join('.')}=${shown}: ${issue.message}`
    })
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return result.data
}

/** The address people use to reach this instance, without a trailing slash. */
export function baseUrlOf(config: Config): string {
  if (config.BASE_URL) return config.BASE_URL.replace(/\/+$/, '')
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST
  return `http://${host}:${config.PORT}`
}
