import { ConfigError, type Config } from '../config'
import type { Mailer } from '../deps'
import { httpMailer } from './http-mailer'

/** Where an SMTP_URL points, for connecting and for messages: never its user or password. */
export interface SmtpServer {
  host: string
  port: number
  /** smtps:// (TLS from the first byte); smtp:// upgrades with STARTTLS when offered. */
  secure: boolean
  /** `host:port`, fit for logs and error messages. */
  address: string
  /** `smtp://host:port` or `smtps://host:port`, likewise. */
  shown: string
}

/** Reads an SMTP_URL (already validated by Config); the port defaults to 465 or 587. */
export function smtpServerOf(smtpUrl: string): SmtpServer {
  const url = new URL(smtpUrl)
  const secure = url.protocol === 'smtps:'
  const port = url.port ? Number(url.port) : secure ? 465 : 587
  // IPv6 hosts come bracketed, as a URL writes them; sockets want them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const address = `${url.hostname}:${port}`
  return { host, port, secure, address, shown: `${url.protocol}//${address}` }
}

/** The one start-up line saying how links reach people; no secrets. */
export function mailModeOf(config: Config): string {
  if (config.SMTP_URL) return `mail: SMTP via ${smtpServerOf(config.SMTP_URL).address}`
  if (config.MAIL_API_URL) return `mail: HTTP API at ${new URL(config.MAIL_API_URL).host}`
  return 'mail: off — links are handed out by hand'
}

/**
 * The mailer the settings ask for where only fetch is available (Workers), or undefined for the
 * manual mode. SMTP_URL is a configuration error there: Workers cannot open SMTP connections.
 * Node builds its SMTP mailer itself (src/node/smtp-mailer.ts) and comes here for the rest.
 */
export function mailerFromConfig(
  config: Config,
  fetchImpl: typeof fetch = fetch,
): Mailer | undefined {
  if (config.SMTP_URL)
    throw new ConfigError(
      'Invalid configuration:\n  SMTP_URL: SMTP is not available on Workers; set MAIL_API_URL and ' +
        "MAIL_API_KEY (an HTTP mail API such as Resend's)",
    )
  if (!config.MAIL_API_URL) return undefined
  // Config guarantees MAIL_FROM and MAIL_API_KEY along with MAIL_API_URL.
  return httpMailer(
    { url: config.MAIL_API_URL, apiKey: config.MAIL_API_KEY!, from: config.MAIL_FROM! },
    fetchImpl,
  )
}
