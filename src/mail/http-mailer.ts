import type { Mailer, OutgoingMail } from '../deps'
import { MailError, shortReason } from './mailer'

/** How long the mail API gets to accept a message before we give up on it. */
const TIMEOUT_MS = 10_000

export interface HttpMailSettings {
  /** MAIL_API_URL: where messages are POSTed, e.g. https://api.resend.com/emails. */
  url: string
  /** MAIL_API_KEY: sent as a Bearer token. */
  apiKey: string
  /** MAIL_FROM. */
  from: string
}

/**
 * Sends mail through an HTTP mail API with fetch, so it works on Workers (which cannot open SMTP
 * connections) as well as on Node. The request is what Resend's send-email endpoint takes
 * (`POST https://api.resend.com/emails`): JSON `{ from, to: [address], subject, text, html }`
 * with `Authorization: Bearer <key>`; a provider with another shape needs a small relay.
 * Redirects are refused: they would carry the key to an address nobody configured.
 */
export function httpMailer(settings: HttpMailSettings, fetchImpl: typeof fetch = fetch): Mailer {
  return {
    async send(mail) {
      let res: Response
      try {
        res = await fetchImpl(settings.url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${settings.apiKey}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(bodyOf(settings.from, mail)),
          // Never followed (workerd has no 'error' mode): a redirect is an answer that is not ok.
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        })
      } catch (err) {
        const timedOut = err instanceof Error && err.name === 'TimeoutError'
        throw new MailError(
          timedOut
            ? `the mail API did not answer within ${TIMEOUT_MS / 1000} s`
            : 'could not reach the mail API',
          false,
        )
      }
      if (res.ok) return void (await res.body?.cancel())
      throw await refusalOf(res)
    },
  }
}

/** The request body in Resend's shape; one recipient per request, so nobody sees another. */
function bodyOf(from: string, mail: OutgoingMail) {
  return { from, to: [mail.to], subject: mail.subject, text: mail.text, html: mail.html }
}

/**
 * What a non-2xx answer means. A 4xx refuses this message for good, except 408 and 429 (try
 * later) and 401 and 403: those refuse our API key or sender, which is the operator's to fix and
 * no reason to mark the recipient as bounced. 5xx is the provider's own trouble.
 */
async function refusalOf(res: Response): Promise<MailError> {
  const reason = await reasonOf(res)
  const status = reason ? `${res.status}: ${reason}` : String(res.status)
  if (res.status === 401 || res.status === 403)
    return new MailError(`the mail API refused the API key or sender (${status})`, false)
  if (res.status === 408 || res.status === 429)
    return new MailError(`the mail API asked to try again later (${status})`, false)
  if (res.status >= 400 && res.status < 500)
    return new MailError(`the mail API refused this message (${status})`, true)
  return new MailError(`the mail API failed (${status})`, false)
}

/** The `message` of a JSON error body (Resend's and most APIs' shape), shortened; else ''. */
async function reasonOf(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json()
    const message = (body as { message?: unknown } | null)?.message
    return typeof message === 'string' ? shortReason(message) : ''
  } catch {
    return ''
  }
}
