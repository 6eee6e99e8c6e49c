import { afterAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config'
import { startNodeRuntime } from '../../src/node/runtime'
import { addRoster } from '../helpers/app'
import { cliWorkspace } from '../helpers/cli'
import { startInbox } from '../helpers/inbox'

const workspaces: ReturnType<typeof cliWorkspace>[] = []
afterAll(() => workspaces.forEach((w) => w.remove()))

/** The CLI in this process on a fresh database file, its output captured. */
function cliOn(extra: Record<string, string> = {}) {
  const workspace = cliWorkspace('quorum-links-cli-', extra)
  workspaces.push(workspace)
  const { run, env } = workspace
  /**
   * A team with `size` members on its roster (with addresses if asked, and then `byHand` more
   * without one), made as an admin would.
   */
  const team = async (size: number, options: { emails?: boolean; byHand?: number } = {}) => {
    const created = await run(['create-team', '--name', 'Platform'])
    expect(created.code, created.stderr).toBe(0)
    const teamId = created.stdout.trim()
    const runtime = await startNodeRuntime(parseConfig(env))
    try {
      await addRoster(runtime.deps, teamId, size, options)
      if (options.byHand) await addRoster(runtime.deps, teamId, options.byHand)
    } finally {
      await runtime.close()
    }
    return teamId
  }
  const open = (teamId: string, ...more: string[]) =>
    run(
      ['open-round', `--team=${teamId}`, '--survey', 'psychological-safety', '--k', '3'].concat(
        ['--closes', '7d'],
        more,
      ),
    )
  return { run, team, open }
}

const LINK = /^http:\/\/localhost:8787\/s\/([\w-]+)#([\w-]+)$/gm
const roundIn = (stdout: string) => /^Opened round (\S+) /m.exec(stdout)![1]!

describe('links from the command line (P6b)', { timeout: 60_000 }, () => {
  it('opens a round without mail: one link a member by hand, and says what that means', async () => {
    const { team, open, run } = cliOn()
    const teamId = await team(4)
    const opened = await open(teamId)
    expect(opened.code, opened.stderr).toBe(0)
    expect(opened.stdout).toContain('It has 4 links for a team of 4.')
    expect(opened.stdout).toContain('No mail is configured: 4 links to hand out by hand.')
    expect(opened.stderr).toContain('could answer in others’ place')
    expect([...opened.stdout.matchAll(LINK)]).toHaveLength(4)
    const roundId = roundIn(opened.stdout)

    const over = await run(['mint', `--round=${roundId}`, '--count', '1'])
    expect(over.code).toBe(1)
    expect(over.stderr).toContain('This round may have at most 4 links')
    const mailless = await run(['send-invitations', `--round=${roundId}`])
    expect(mailless.code).toBe(1)
    expect(mailless.stderr).toContain('error: This server sends no mail')

    const allowed = await run([
      'allow-links',
      `--round=${roundId}`,
      '--count',
      '2',
      '--reason',
      'Two new colleagues',
    ])
    expect(allowed.code, allowed.stderr).toBe(0)
    expect(allowed.stdout).toContain(
      'may now have 6 links (roster 4 + 2 extra); it has 4, so 2 more can be made.',
    )
    expect((await run(['mint', `--round=${roundId}`, '--count', '3'])).code).toBe(1)
    const minted = await run(['mint', `--round=${roundId}`, '--count', '2'])
    expect([...minted.stdout.matchAll(LINK)]).toHaveLength(2)

    const view = await run(['round-links', `--round=${roundId}`])
    expect(view.code, view.stderr).toBe(0)
    expect(view.stdout).toContain('6 links for a team of 4 (limit 6: roster 4 + 2 extra allowed)')
    expect(view.stdout).toContain('by hand (no mail configured)')
    expect(view.stdout).toMatch(
      /Allowed\s+2 extra links by the operator \(command line\), \d{4}-\d\d-\d\d \d\d:\d\d UTC: Two new colleagues/,
    )
  })

  it('refuses more links than the roster when opening, and bad options with exit code 2', async () => {
    const { team, open, run } = cliOn()
    const teamId = await team(2)
    const over = await open(teamId, '--invitations', '3')
    expect(over.code).toBe(1)
    expect(over.stderr).toContain('This round may have at most 2 links')
    expect((await run(['list-rounds', `--team=${teamId}`])).stdout).toContain('no rounds yet')
    const cases: [string[], RegExp][] = [
      [['allow-links', '--round', 'abc', '--count', '2'], /--reason is required/],
      [['allow-links', '--round', 'abc', '--count', '0', '--reason', 'x'], /--count must be/],
      [['send-invitations'], /--round is required/],
      [['round-links', '--round'], /--round needs a value/],
    ]
    for (const [args, message] of cases) {
      const result = await run(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(message)
    }
  })

  it('mails each member with an address their link, prints the rest and who failed', async () => {
    const inbox = await startInbox()
    try {
      const { team, open, run } = cliOn({ SMTP_URL: inbox.url, MAIL_FROM: 'quorum@example.org' })
      const teamId = await team(3, { emails: true, byHand: 1 })
      inbox.reject('member3@example.org')
      const opened = await open(teamId)
      expect(opened.code, opened.stderr).toBe(0)
      expect(opened.stdout).toContain('Mailed 2 of 3 links; 1 to hand out by hand:')
      expect(opened.stdout).toMatch(/could not reach member3@example\.org \(Member 3\): .*550/)
      expect(opened.stdout).toContain('npm run cli -- send-invitations --round')
      const printed = [...opened.stdout.matchAll(LINK)].map((m) => m[2]!)
      expect(printed).toHaveLength(1)
      await inbox.waitFor(2)
      // Nobody sees a mailed link: none of them was printed.
      for (const mail of inbox.messages) for (const s of printed) expect(mail.text).not.toContain(s)
      const roundId = roundIn(opened.stdout)

      const view = await run(['round-links', `--round=${roundId}`])
      expect(view.stdout).toContain('by mail: 2 sent, 1 failed')
      expect(view.stdout).toMatch(/Failed\s+member3@example\.org \(Member 3\): /)
      expect(view.stdout).toMatch(/Reminder\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC not sent yet/)

      const again = await run(['send-invitations', `--round=${roundId}`])
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout).toContain('Mailed 0 of 1 invitation.')
      expect(again.stdout).toContain('could not reach member3@example.org')
    } finally {
      await inbox.close()
    }
  })
})
