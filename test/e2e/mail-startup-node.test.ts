import { afterEach, describe, expect, it } from 'vitest'
import { startInbox, type Inbox } from '../helpers/inbox'
import { freePort, startServer, type RunningServer } from '../helpers/server'

const MAIL_FROM = 'Quorum <quorum@example.org>'
const PASSWORD = 'n0t-in-any-log'

let server: RunningServer | undefined
let inbox: Inbox | undefined
afterEach(async () => {
  await server?.remove()
  await inbox?.close()
  server = inbox = undefined
})

describe('npm start with SMTP_URL', () => {
  it('does not start when the mail server cannot be reached, naming SMTP_URL but no password', async () => {
    const port = await freePort()
    const failed = startServer({
      SMTP_URL: `smtp://quorum:${PASSWORD}@127.0.0.1:${port}`,
      MAIL_FROM,
    }).then(
      () => '',
      (err: Error) => err.message,
    )
    const output = await failed
    expect(output).toMatch(/exited \(1\)/)
    expect(output).toContain(`SMTP_URL: could not reach smtp://127.0.0.1:${port} (ECONNREFUSED)`)
    expect(output).not.toContain(PASSWORD)
    expect(output).not.toMatch(/\n\s+at /) // no stack trace, just the message
  }, 60_000)

  it('starts with a reachable server and says which mail mode is on', async () => {
    inbox = await startInbox()
    const url = new URL(inbox.url)
    url.username = 'quorum'
    url.password = PASSWORD
    server = await startServer({ SMTP_URL: url.href, MAIL_FROM })
    const logged = server.stdout.map((line) => (line.startsWith('{') ? JSON.parse(line) : {}))
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'info', message: `mail: SMTP via 127.0.0.1:${inbox.port}` }),
    )
    expect(server.logs().join('\n')).not.toContain(PASSWORD)
  }, 60_000)
})
