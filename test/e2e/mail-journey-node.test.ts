import { startInbox } from '../helpers/inbox'
import { startServer } from '../helpers/server'
import { describeMailJourney } from '../shared/mail-journey'

/** `npm start` mailing through SMTP: a real SMTP server on 127.0.0.1 receives the mail. */
describeMailJourney('node', async () => {
  const inbox = await startInbox()
  const target = await startServer({
    SMTP_URL: inbox.url,
    MAIL_FROM: 'Quorum <quorum@example.org>',
    // The server's own timer sends reminders; every second, so the test need not wait long.
    CLOSE_CHECK_SECONDS: '1',
  })
  const delivered = () =>
    inbox.messages.map((m) => ({ to: m.to[0]!, subject: m.subject, text: m.text }))
  return {
    target,
    mailbox: {
      messages: delivered,
      async waitFor(count, timeoutMs = 10_000) {
        await inbox.waitFor(count, timeoutMs)
        return delivered()
      },
      close: () => inbox.close(),
    },
    runDue: async () => undefined,
  }
})
