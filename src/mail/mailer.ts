/**
 * Why a message was not sent. `permanent` means the mail server refused this recipient or this
 * message for good (SMTP 5xx to RCPT TO or DATA; an HTTP API's 4xx other than 408 and 429): the
 * caller shows the address as bounced and does not try again. Anything else (no connection, a
 * timeout, a busy or broken server, a refused login) is transient: the same message may go
 * through later, and the address is not to blame.
 *
 * The message is short and fit to show a facilitator: it never holds a password, an API key or
 * the mail's body (which holds the member's secret link).
 */
export class MailError extends Error {
  override name = 'MailError'

  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message)
  }
}

/** The longest reason taken over from a mail server's answer. */
const REASON_MAX = 200

/**
 * A server's reason on one line and at most REASON_MAX characters: answers can be anything. A
 * reason may quote the message it refuses, and the message holds the member's secret link: every
 * address and anything after a `#` is cut out before the reason is shown, stored or logged.
 */
export function shortReason(reason: string): string {
  const line = reason
    .replace(/\s+/g, ' ')
    .replace(/\b[a-z][\w+.-]*:\/\/\S*/gi, '[link]')
    .replace(/#\S*/g, '#…')
    .trim()
  return line.length > REASON_MAX ? `${line.slice(0, REASON_MAX - 1)}…` : line
}
