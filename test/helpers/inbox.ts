import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { recorder } from './recorder'

/** One message as the inbox received it. */
export interface ReceivedMail {
  /** The From header as written, e.g. `Quorum <quorum@example.org>`. */
  from: string
  /** The envelope's recipients (RCPT TO): who the server was asked to deliver it to. */
  to: string[]
  subject: string
  text: string
  /** The HTML part; '' when the message had none. */
  html: string
  /** The user name the sender signed in with, if it did (the password is not kept). */
  user: string | undefined
}

export interface Inbox {
  /** Where to send: `smtp://127.0.0.1:PORT`, usable as SMTP_URL (credentials may be added). */
  url: string
  port: number
  /** Every message received, oldest first. */
  messages: ReceivedMail[]
  /** The messages delivered to one address (case-insensitive). */
  to(address: string): ReceivedMail[]
  /**
   * Waits until `count` messages are in, or until one matches `predicate`; resolves with all
   * messages (or the matching ones). Rejects after `timeoutMs`, listing what did arrive.
   */
  waitFor(
    what: number | ((mail: ReceivedMail) => boolean),
    timeoutMs?: number,
  ): Promise<ReceivedMail[]>
  /** From now on, RCPT TO this address gets `550 5.1.1 mailbox unavailable` (a bounce). */
  reject(address: string): void
  close(): Promise<void>
}

/**
 * A real SMTP server for tests, on 127.0.0.1 and a free port: plain text (no STARTTLS, so no
 * certificate), signing in optional. Any user name and password are accepted, unless `password`
 * is given: then a login with another one gets `535`. Nodemailer talks to it exactly as to a mail
 * provider, so tests see what a member's mailbox would get.
 */
export async function startInbox(options: { password?: string } = {}): Promise<Inbox> {
  const mails = recorder<ReceivedMail>('inbox', (m) => `${m.to.join(', ')}: ${m.subject}`)
  const rejected = new Set<string>()
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    // Pooled senders keep connections open; a test's close() should not wait 30 s for them.
    closeTimeout: 200,
    onAuth: (auth, _session, callback) => {
      if (options.password === undefined || auth.password === options.password)
        return callback(null, { user: auth.username })
      callback(Object.assign(new Error('5.7.8 authentication failed'), { responseCode: 535 }))
    },
    onRcptTo: (address, _session, callback) => {
      if (!rejected.has(address.address.toLowerCase())) return callback()
      const refusal = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 })
      callback(refusal)
    },
    onData: (stream, session, callback) => {
      simpleParser(stream).then((parsed) => {
        mails.push({
          from: senderOf(parsed.from?.value[0]),
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: parsed.html || '',
          user: typeof session.user === 'string' ? session.user : undefined,
        })
        callback()
      }, callback)
    },
  })
  // A client dropping its connection is not a test failure.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: mails.items,
    to: (address) =>
      mails.items.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    waitFor: mails.waitFor,
    reject: (address) => void rejected.add(address.toLowerCase()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** `Name <address>` or the bare address, as MAIL_FROM is written (mailparser would quote the name). */
const senderOf = (from: { name: string; address?: string | undefined } | undefined) =>
  !from ? '' : from.name ? `${from.name} <${from.address}>` : (from.address ?? '')

const LINK = /https?:\/\/[^\s<>"]+/

/**
 * The link in a mail's plain text, for tests that "open the link from the mail": an invitation's
 * `…/s/<roundId>#<secret>` or a sign-in link. Our mails carry exactly one link, so the first URL
 * is it; fails loudly when there is none. Works on anything with `text` (an HTTP API's request
 * body too).
 */
export function linkIn(mail: { text: string }): string {
  const match = LINK.exec(mail.text)
  if (!match) throw new Error(`no link in this mail:\n${mail.text}`)
  return match[0]
}
