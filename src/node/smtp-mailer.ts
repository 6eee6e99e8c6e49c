import { ConfigError, type Config } from '../config'
import type { Logger, Mailer } from '../deps'
import { mailerFromConfig, mailModeOf, smtpServerOf, type SmtpServer } from '../mail/from-config'
import { MailError, shortReason } from '../mail/mailer'

/** How long connecting, the greeting and DNS may take; a mail server that slow is down. */
const TIMEOUT_MS = 10_000

export interface SmtpSettings {
  /** SMTP_URL: smtp(s)://[user:password@]host[:port]. */
  url: string
  /** MAIL_FROM. */
  from: string
}

export type SmtpMailer = Mailer & {
  /** Connects and signs in once; rejects with a message naming SMTP_URL, without credentials. */
  verify(): Promise<void>
  /** Closes the pool's connections; sends after this fail. */
  close(): void
}

/** What nodemailer's errors carry besides a message (which we never pass on as it is). */
interface SmtpFailure {
  code?: string
  originalCode?: string
  responseCode?: number
  response?: string
  command?: string
  permanent?: boolean
}

/**
 * Sends mail over SMTP with a small pool of connections (nodemailer), so a round's invitations
 * reuse a few sessions instead of opening one per member. Logs nothing: its transcripts would
 * hold members' addresses and their secret links. nodemailer is loaded only here, when SMTP is
 * configured: it adds about 12 MB to a process that does not mail.
 */
export async function smtpMailer(settings: SmtpSettings): Promise<SmtpMailer> {
  const { createTransport } = await import('nodemailer')
  const server = smtpServerOf(settings.url)
  const { username, password } = new URL(settings.url)
  const transport = createTransport(
    {
      pool: true,
      maxConnections: 3,
      host: server.host,
      port: server.port,
      secure: server.secure,
      auth: username ? { user: decoded(username), pass: decoded(password) } : undefined,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      dnsTimeout: TIMEOUT_MS,
      socketTimeout: 2 * TIMEOUT_MS,
      logger: false,
      debug: false,
    },
    { from: settings.from },
  )
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          // RFC 3834: out-of-office replies stay away from an address nobody reads.
          headers: { 'Auto-Submitted': 'auto-generated' },
        })
      } catch (err) {
        throw sendFailure(err as SmtpFailure)
      }
    },
    async verify() {
      try {
        await transport.verify()
      } catch (err) {
        throw new Error(`SMTP_URL: ${verifyFailure(server, err as SmtpFailure)}`)
      }
    },
    close: () => transport.close(),
  }
}

/**
 * The mailer the settings ask for on Node (SMTP, an HTTP API, or none: the manual mode), and
 * how to close it. An SMTP server is checked here, so a wrong SMTP_URL stops the start rather
 * than the first round's invitations. Logs which mode is on.
 */
export async function nodeMailer(
  config: Config,
  log: Logger,
): Promise<{ mailer: Mailer | undefined; close(): void }> {
  if (!config.SMTP_URL) {
    log.info(mailModeOf(config))
    return { mailer: mailerFromConfig(config), close: () => {} }
  }
  // Config guarantees MAIL_FROM along with SMTP_URL.
  const smtp = await smtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM! })
  try {
    await smtp.verify()
  } catch (err) {
    smtp.close()
    throw new ConfigError(
      `Mail is not working:\n  ${(err as Error).message}\n` +
        'Fix SMTP_URL, or unset it (and MAIL_FROM) to hand out links by hand.',
    )
  }
  log.info(mailModeOf(config))
  return { mailer: smtp, close: () => smtp.close() }
}

/**
 * A failed send as a MailError. Permanent only when the server refused the recipient or the
 * message itself (5xx to RCPT TO or DATA; 503 only says the session was out of step): a refused
 * login or sender is the operator's to fix, and the member's address is not to blame.
 */
function sendFailure(err: SmtpFailure): MailError {
  const reply = err.response ? shortReason(err.response) : String(err.responseCode ?? '')
  const refusedHere = err.command === 'RCPT TO' || err.command === 'DATA'
  if (err.responseCode && err.permanent && refusedHere)
    return new MailError(
      `the mail server refused this ${err.command === 'DATA' ? 'message' : 'recipient'} (${reply})`,
      true,
    )
  // Checked by nodemailer before any command: an address that cannot be written to an envelope.
  if (err.code === 'EENVELOPE' && !err.responseCode)
    return new MailError('this is not an address mail can be sent to', true)
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH')
    return new MailError('the mail server refused the SMTP_URL user name or password', false)
  if (err.command === 'MAIL FROM' && err.responseCode)
    return new MailError(`the mail server refused the sender MAIL_FROM (${reply})`, false)
  if (err.responseCode)
    return new MailError(`the mail server asked to try again later (${reply})`, false)
  if (err.code === 'ETIMEDOUT')
    return new MailError('the mail server did not answer in time', false)
  return new MailError(`could not reach the mail server (${causeOf(err)})`, false)
}

/** Why verify() failed, for the start-up message: host and port only, never who signs in. */
function verifyFailure(server: SmtpServer, err: SmtpFailure): string {
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH')
    // The server's own words may repeat the user name, so only its reply code is given.
    return `${server.shown} refused the user name or password (${err.responseCode ?? err.code})`
  if (err.code === 'ETIMEDOUT')
    return `${server.shown} did not answer within ${TIMEOUT_MS / 1000} s`
  if (err.code === 'ETLS') return `TLS with ${server.shown} failed (${causeOf(err)})`
  if (err.responseCode)
    return `${server.shown} refused the connection (${shortReason(err.response ?? String(err.responseCode))})`
  return `could not reach ${server.shown} (${causeOf(err)})`
}

/** A URL's user name or password as written: percent-encoded, or (when that fails) as it is. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

/** The most telling code of a connection error: the system's (ECONNREFUSED) over nodemailer's. */
const causeOf = (err: SmtpFailure) => err.originalCode ?? err.code ?? 'unknown error'
