import { afterEach, describe, expect, it } from 'vitest'
import { startHttpSink, type HttpSink } from '../helpers/http-sink'
import { logEvents } from '../helpers/target'
import { startWorker, type RunningWorker } from '../helpers/worker'

const MAIL_FROM = 'Quorum <quorum@example.org>'
const SECRET = 'n0t-in-any-log'

let worker: RunningWorker | undefined
let sink: HttpSink | undefined
afterEach(async () => {
  await worker?.remove()
  await sink?.close()
  worker = sink = undefined
})

/** The Worker's log messages, once one matching `pattern` is there (logs trail the answer). */
async function messagesUntil(w: RunningWorker, pattern: RegExp): Promise<string[]> {
  const deadline = Date.now() + 5000
  for (;;) {
    const messages = logEvents(w).map((e) => e.message)
    if (messages.some((m) => pattern.test(m)) || Date.now() > deadline) return messages
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('mail settings on Workers', () => {
  it('refuses SMTP_URL, saying what to set instead and showing no password', async () => {
    worker = await startWorker(
      { SMTP_URL: `smtp://quorum:${SECRET}@mail.example.org:587`, MAIL_FROM },
      { healthz: 500 },
    )
    const res = await fetch(`${worker.baseUrl}/healthz`)
    expect(await res.json()).toMatchObject({ error: { code: 'misconfigured' } })
    const messages = await messagesUntil(worker, /SMTP_URL/)
    expect(messages.join('\n')).toContain(
      "SMTP_URL: SMTP is not available on Workers; set MAIL_API_URL and MAIL_API_KEY (an HTTP mail API such as Resend's)",
    )
    expect(worker.logs().join('\n')).not.toContain(SECRET)
  }, 120_000)

  it('takes an HTTP mail API and says so at start', async () => {
    sink = await startHttpSink()
    worker = await startWorker({
      MAIL_API_URL: `${sink.url}/emails`,
      MAIL_API_KEY: SECRET,
      MAIL_FROM,
    })
    const mode = `mail: HTTP API at ${new URL(sink.url).host}`
    expect(await messagesUntil(worker, /^mail: /)).toContain(mode)
    expect(worker.logs().join('\n')).not.toContain(SECRET)
  }, 120_000)
})
