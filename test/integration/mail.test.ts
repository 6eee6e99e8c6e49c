import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../src/config'
import type { Logger } from '../../src/deps'
import { mailerFromConfig, mailModeOf } from '../../src/mail/from-config'
import { httpMailer } from '../../src/mail/http-mailer'
import { MailError } from '../../src/mail/mailer'
import { invitationMail } from '../../src/mail/templates'
import { nodeMailer, smtpMailer } from '../../src/node/smtp-mailer'
import { startHttpSink, type HttpSink } from '../helpers/http-sink'
import { linkIn, startInbox, type Inbox } from '../helpers/inbox'
import { freePort } from '../helpers/process'

const FROM = 'Quorum <quorum@example.org>'
const PASSWORD = 's3cret-Pa55'
const API_KEY = 're_test_0123456789'
const LINK = 'http://localhost:8787/s/r_01HX#Zm9vYmFy-_secret'

/** A real invitation, so the whole message (escaped HTML, the # link) crosses the transport. */
const invitation = invitationMail(
  {
    locale: 'de',
    teamName: 'Plattform <Ops> & Co',
    surveyTitle: 'Psychologische Sicherheit',
    link: LINK,
    opensAt: '2026-03-02T09:00:00Z',
    closesAt: '2026-03-20T16:00:00Z',
    timeZone: 'Europe/Berlin',
    links: 7,
    teamSize: 7,
    k: 5,
    memberName: 'Jürgen',
  },
  '2026-03-02T09:00:00Z',
)
const mail = { to: 'ada@example.org', ...invitation }

/** Expects `promise` to reject with a MailError and returns it. */
async function mailErrorOf(promise: Promise<unknown>): Promise<MailError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(MailError)
  return err as MailError
}

/** Its text must not give away a secret or the message (which holds the member's link). */
function expectNoSecrets(text: string) {
  for (const secret of [PASSWORD, API_KEY, LINK, 'Zm9vYmFy', 'Jürgen'])
    expect(text).not.toContain(secret)
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function inbox(options: { password?: string } = {}): Promise<Inbox> {
  const started = await startInbox(options)
  cleanups.push(() => started.close())
  return started
}

async function sink(): Promise<HttpSink> {
  const started = await startHttpSink()
  cleanups.push(() => started.close())
  return started
}

async function smtp(url: string) {
  const mailer = await smtpMailer({ url, from: FROM })
  cleanups.push(() => mailer.close())
  return mailer
}

describe('SMTP mailer', () => {
  it('delivers the message as sent, signing in with the credentials from SMTP_URL', async () => {
    const box = await inbox()
    const mailer = await smtp(`smtp://quorum:${PASSWORD}@127.0.0.1:${box.port}`)
    await mailer.verify()
    await mailer.send(mail)
    const [received] = await box.waitFor(1)
    expect(received).toMatchObject({
      from: FROM,
      to: ['ada@example.org'],
      subject: mail.subject,
      user: 'quorum',
    })
    expect(received!.text.trimEnd()).toBe(mail.text.trimEnd())
    expect(received!.html.trimEnd()).toBe(mail.html.trimEnd())
    expect(linkIn(received!)).toBe(LINK)
    expect(received!.html).toContain(`href="${LINK}"`)
    expect(box.to('ADA@example.org')).toHaveLength(1)
  })

  it('reports a refused recipient as permanent (a bounce)', async () => {
    const box = await inbox()
    box.reject('gone@example.org')
    const mailer = await smtp(box.url)
    const err = await mailErrorOf(mailer.send({ ...mail, to: 'gone@example.org' }))
    expect(err.permanent).toBe(true)
    expect(err.message).toBe(
      'the mail server refused this recipient (550 5.1.1 mailbox unavailable)',
    )
    expectNoSecrets(err.message)
    // The pool goes on working for everyone else.
    await mailer.send(mail)
    expect(await box.waitFor(1)).toHaveLength(1)
  })

  it('reports an unreachable server as transient, and verify() names SMTP_URL only by host and port', async () => {
    const port = await freePort()
    const mailer = await smtp(`smtp://quorum:${PASSWORD}@127.0.0.1:${port}`)
    const err = await mailErrorOf(mailer.send(mail))
    expect(err.permanent).toBe(false)
    expect(err.message).toBe('could not reach the mail server (ECONNREFUSED)')
    const failed = await mailer.verify().then(
      () => '',
      (e: Error) => e.message,
    )
    expect(failed).toBe(`SMTP_URL: could not reach smtp://127.0.0.1:${port} (ECONNREFUSED)`)
    expectNoSecrets(failed)
    expect(failed).not.toContain('quorum@')
  })

  it('reports a refused login as transient, and verify() shows no credentials', async () => {
    const box = await inbox({ password: 'the-right-one' })
    const mailer = await smtp(`smtp://quorum:${PASSWORD}@127.0.0.1:${box.port}`)
    const failed = await mailer.verify().then(
      () => '',
      (e: Error) => e.message,
    )
    expect(failed).toBe(
      `SMTP_URL: smtp://127.0.0.1:${box.port} refused the user name or password (535)`,
    )
    const err = await mailErrorOf(mailer.send(mail))
    expect(err).toMatchObject({
      permanent: false,
      message: 'the mail server refused the SMTP_URL user name or password',
    })
    expect(box.messages).toEqual([])
  })

  it('stops a Node start on an unreachable server, and logs the mode once it works', async () => {
    const port = await freePort()
    const bad = parseConfig({
      SMTP_URL: `smtps://q:${PASSWORD}@127.0.0.1:${port}`,
      MAIL_FROM: FROM,
    })
    const lines: string[] = []
    const log = recordingLog(lines)
    const refused = await nodeMailer(bad, log).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(ConfigError)
    expect((refused as Error).message).toContain(
      `SMTP_URL: could not reach smtps://127.0.0.1:${port} (ECONNREFUSED)`,
    )
    expectNoSecrets((refused as Error).message)

    const box = await inbox()
    const started = await nodeMailer(parseConfig({ SMTP_URL: box.url, MAIL_FROM: FROM }), log)
    cleanups.push(() => started.close())
    expect(lines).toEqual([`mail: SMTP via 127.0.0.1:${box.port}`])
    await started.mailer!.send(mail)
    await box.waitFor(1)
  })
})

describe('HTTP mailer', () => {
  it("posts Resend's JSON with the key as a Bearer token", async () => {
    const api = await sink()
    await httpMailer({ url: `${api.url}/emails`, apiKey: API_KEY, from: FROM }).send(mail)
    const [request] = api.requests
    expect(request).toMatchObject({ method: 'POST', path: '/emails' })
    expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(request!.headers['content-type']).toBe('application/json')
    expect(request!.json).toEqual({
      from: FROM,
      to: ['ada@example.org'],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    })
    expect(linkIn(request!.json)).toBe(LINK)
  })

  it('reports a 4xx as permanent with the API message, a 5xx, 408 or 429 as transient', async () => {
    const api = await sink()
    const mailer = httpMailer({ url: `${api.url}/emails`, apiKey: API_KEY, from: FROM })
    api.respond(() => ({ status: 422, json: { statusCode: 422, message: 'Invalid `to` field.' } }))
    const refused = await mailErrorOf(mailer.send(mail))
    expect(refused).toMatchObject({ permanent: true })
    expect(refused.message).toBe('the mail API refused this message (422: Invalid `to` field.)')
    for (const status of [503, 500, 408, 429]) {
      api.respond(() => status)
      const err = await mailErrorOf(mailer.send(mail))
      expect(err.permanent, String(status)).toBe(false)
      expect(err.message).toContain(`(${status})`)
    }
  })

  it('does not blame the recipient for a refused API key', async () => {
    const api = await sink()
    api.respond(() => ({ status: 401, json: { message: 'API key is invalid' } }))
    const err = await mailErrorOf(
      httpMailer({ url: api.url, apiKey: API_KEY, from: FROM }).send(mail),
    )
    expect(err).toMatchObject({ permanent: false })
    expect(err.message).toBe('the mail API refused the API key or sender (401: API key is invalid)')
  })

  it("keeps the API's reason short and on one line", async () => {
    const api = await sink()
    api.respond(() => ({ status: 400, json: { message: `bad\n${'x'.repeat(500)}` } }))
    const err = await mailErrorOf(
      httpMailer({ url: api.url, apiKey: API_KEY, from: FROM }).send(mail),
    )
    expect(err.message).not.toContain('\n')
    expect(err.message.length).toBeLessThan(260)
  })

  it('follows no redirect and reports an unreachable API as transient', async () => {
    const api = await sink()
    api.respond(() => ({ status: 307, headers: { location: 'http://127.0.0.1:1/steal' } }))
    const redirected = await mailErrorOf(
      httpMailer({ url: api.url, apiKey: API_KEY, from: FROM }).send(mail),
    )
    expect(redirected.permanent).toBe(false)
    expect(api.requests).toHaveLength(1)
    const closed = `http://127.0.0.1:${await freePort()}/emails`
    const err = await mailErrorOf(
      httpMailer({ url: closed, apiKey: API_KEY, from: FROM }).send(mail),
    )
    expect(err).toMatchObject({ permanent: false, message: 'could not reach the mail API' })
  })
})

describe('choosing the mailer from the settings', () => {
  it('uses MAIL_API_URL, and refuses SMTP_URL where only fetch exists (Workers)', async () => {
    const api = await sink()
    const config = parseConfig({ MAIL_API_URL: api.url, MAIL_API_KEY: API_KEY, MAIL_FROM: FROM })
    await mailerFromConfig(config)!.send(mail)
    expect(api.requests[0]!.json.from).toBe(FROM)
    expect(mailModeOf(config)).toBe(`mail: HTTP API at ${new URL(api.url).host}`)

    const off = parseConfig({})
    expect(mailerFromConfig(off)).toBeUndefined()
    expect(mailModeOf(off)).toBe('mail: off — links are handed out by hand')

    const smtpUrl = parseConfig({
      SMTP_URL: `smtp://u:${PASSWORD}@mail.example.org`,
      MAIL_FROM: FROM,
    })
    expect(mailModeOf(smtpUrl)).toBe('mail: SMTP via mail.example.org:587')
    expect(() => mailerFromConfig(smtpUrl)).toThrow(ConfigError)
    expect(() => mailerFromConfig(smtpUrl)).toThrow(
      "SMTP_URL: SMTP is not available on Workers; set MAIL_API_URL and MAIL_API_KEY (an HTTP mail API such as Resend's)",
    )
  })
})

describe('mail settings', () => {
  /** The ConfigError's text for these settings. */
  function problemsWith(env: Record<string, string>): string {
    try {
      parseConfig(env)
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      return (err as Error).message
    }
    throw new Error(`accepted: ${JSON.stringify(env)}`)
  }

  const smtpUrl = `smtps://quorum:${PASSWORD}@mail.example.org:465`
  const api = { MAIL_API_URL: 'https://api.resend.com/emails', MAIL_API_KEY: API_KEY }

  it('accepts SMTP, an HTTP API or neither', () => {
    expect(parseConfig({ SMTP_URL: smtpUrl, MAIL_FROM: FROM })).toMatchObject({ SMTP_URL: smtpUrl })
    expect(parseConfig({ ...api, MAIL_FROM: 'quorum@example.org' })).toMatchObject(api)
    expect(
      parseConfig({ ...api, MAIL_API_URL: 'http://127.0.0.1:9999/emails', MAIL_FROM: FROM }),
    ).toBeTruthy()
    expect(parseConfig({ MAIL_FROM: '"Quorum, Team A" <q@mail.example.org>' })).toBeTruthy()
    expect(parseConfig({}).SMTP_URL).toBeUndefined()
  })

  it('wants MAIL_FROM with either way of sending', () => {
    for (const env of [{ SMTP_URL: smtpUrl }, api]) {
      const message = problemsWith(env)
      expect(message).toContain(
        '  MAIL_FROM=(unset): required when SMTP_URL or MAIL_API_URL is set',
      )
      expectNoSecrets(message)
    }
  })

  it('takes SMTP_URL or MAIL_API_URL, not both', () => {
    const message = problemsWith({ SMTP_URL: smtpUrl, ...api, MAIL_FROM: FROM })
    expect(message).toContain(
      'MAIL_API_URL="https://api.resend.com/emails": set either SMTP_URL or MAIL_API_URL, not both',
    )
    expectNoSecrets(message)
  })

  it('wants MAIL_API_KEY with MAIL_API_URL', () => {
    const message = problemsWith({ MAIL_API_URL: api.MAIL_API_URL, MAIL_FROM: FROM })
    expect(message).toContain('  MAIL_API_KEY=(unset): required with MAIL_API_URL')
  })

  it('names a bad value without showing a secret one', () => {
    const badSmtp = problemsWith({
      SMTP_URL: `http://quorum:${PASSWORD}@mail.example.org`,
      MAIL_FROM: FROM,
    })
    expect(badSmtp).toContain('  SMTP_URL=(hidden): must be smtps://')
    expectNoSecrets(badSmtp)
    for (const url of ['http://api.example.org/emails', 'ftp://127.0.0.1/x', 'not a url']) {
      const message = problemsWith({ ...api, MAIL_API_URL: url, MAIL_FROM: FROM })
      expect(message).toContain(`  MAIL_API_URL=${JSON.stringify(url)}: must be an https URL`)
      expectNoSecrets(message)
    }
    const withUser = problemsWith({
      ...api,
      MAIL_API_URL: 'https://key:x@api.example.org',
      MAIL_FROM: FROM,
    })
    expect(withUser).toContain(
      'MAIL_API_URL="https://key:x@api.example.org": must hold no user name',
    )
  })

  it('takes exactly one plausible sender address', () => {
    for (const from of [
      'quorum',
      'Quorum <quorum>',
      'a@example.org, b@example.org',
      'Quorum <quorum@example.org>\r\nBcc: all@example.org',
      'Quorum <quorum@example.org> <x@example.org>',
    ]) {
      const message = problemsWith({ SMTP_URL: smtpUrl, MAIL_FROM: from })
      expect(message, from).toContain('  MAIL_FROM=')
      expect(message).toContain('must be one sender address')
      expectNoSecrets(message)
    }
  })
})

function recordingLog(lines: string[]): Logger {
  const record = (message: string) => void lines.push(message)
  return { debug: record, info: record, warn: record, error: record }
}
