import { startHttpSink } from '../helpers/http-sink'
import { startWorker } from '../helpers/worker'
import { describeMailJourney } from '../shared/mail-journey'

/** The Worker mails through an HTTP mail API: here a local server standing in for it. */
describeMailJourney('workers', async () => {
  const sink = await startHttpSink()
  const target = await startWorker({
    MAIL_API_URL: `${sink.url}/emails`,
    MAIL_API_KEY: 'test-key-not-a-secret',
    MAIL_FROM: 'Quorum <quorum@example.org>',
  })
  const delivered = () =>
    sink.requests
      .filter((r) => r.path === '/emails')
      .map((r) => {
        const mail = r.json as { to: string[]; subject: string; text: string }
        return { to: mail.to[0]!, subject: mail.subject, text: mail.text }
      })
  return {
    target,
    mailbox: {
      messages: delivered,
      async waitFor(count, timeoutMs = 10_000) {
        await sink.waitFor((_) => delivered().length >= count, timeoutMs)
        return delivered()
      },
      close: () => sink.close(),
    },
    // The cron trigger, as Cloudflare would fire it (wrangler dev --test-scheduled).
    runDue: async () => {
      const res = await fetch(
        `${target.baseUrl}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`,
      )
      await res.text()
    },
  }
})
