import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { gap } from '../../src/cli/trend'
import { parseConfig } from '../../src/config'
import { PROJECT_ROOT, startNodeRuntime } from '../../src/node/runtime'
import { getSurvey } from '../../src/services/surveys'
import { submitResponse } from '../../src/services/responses'
import { cliWorkspace } from '../helpers/cli'
import { compiledScript } from '../helpers/process'

const workspaces: ReturnType<typeof cliWorkspace>[] = []
afterAll(() => workspaces.forEach((w) => w.remove()))

/** A fresh database file for one test, and a way to run the CLI on it as a person would. */
function cliOn() {
  const workspace = cliWorkspace('quorum-cli-')
  workspaces.push(workspace)
  const { env, run, dir } = workspace
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const { QUORUM_PASSWORD: _, NO_COLOR: __, ...inherited } = process.env
      const compiled = compiledScript('cli')
      const child = spawn(compiled.command, [...compiled.args, ...args], {
        cwd: PROJECT_ROOT,
        env: { ...inherited, ...env, ...extra },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })
  /** Answers every item with value(i) through the real submission path, on the same file. */
  const respond = async (roundId: string, secrets: string[], value: (i: number) => number) => {
    const runtime = await startNodeRuntime(parseConfig(env))
    try {
      const survey = await getSurvey(runtime.deps, 'psychological-safety')
      for (const [i, secret] of secrets.entries()) {
        const answers = Object.fromEntries(survey.items.map((item) => [item.id, value(i)]))
        await submitResponse(runtime.deps, roundId, { secret, answers })
      }
    } finally {
      await runtime.close()
    }
  }
  return { cli, run, respond, dir }
}

const LINK = /^http:\/\/localhost:8787\/s\/([\w-]+)#([\w-]+)$/gm

async function openRound(cli: ReturnType<typeof cliOn>['cli'], team: string, k: number) {
  const opened = await cli([
    'open-round',
    `--team=${team}`,
    '--survey',
    'psychological-safety',
    '--k',
    String(k),
    '--closes',
    '7d',
    '--invitations',
    '4',
  ])
  expect(opened.code, opened.stderr).toBe(0)
  const links = [...opened.stdout.matchAll(LINK)]
  expect(links).toHaveLength(4)
  return { roundId: links[0]![1]!, secrets: links.map((l) => l[2]!) }
}

// Each case runs the real CLI several times; on a loaded 2-core CI machine that takes a while.
describe('the operator CLI', { timeout: 120_000 }, () => {
  it.concurrent('runs a round from admin to report, and shows no numbers below k', async () => {
    const { cli, run, respond } = cliOn()
    const admin = await cli(['create-admin', '--email', 'ada@example.org', '--name', 'Ada'])
    expect(admin.code, admin.stderr).toBe(0)
    expect(admin.stdout).toMatch(/^Password \(shown only now.*\): [A-Za-z0-9]{24}$/m)
    const facilitator = await run(
      ['create-facilitator', '--email', 'fay@example.org', '--name', 'Fay'],
      { QUORUM_PASSWORD: 'a long enough password' },
    )
    expect(facilitator.stdout).toContain('Password taken from QUORUM_PASSWORD')
    const created = await cli(['create-team', '--name', 'Platform'])
    expect(created.code, created.stderr).toBe(0)
    const team = created.stdout.trim()
    expect(team).toMatch(/^[\w-]{16}$/)
    expect((await run(['assign', `--team=${team}`, '--email', 'fay@example.org'])).code).toBe(0)
    expect((await run(['list-teams'])).stdout).toMatch(/Platform\s+fay@example\.org/)
    // The roster bounds each round's links (P6b): four people, by name, given links by hand.
    const roster = join(mkdtempSync(join(tmpdir(), 'quorum-roster-')), 'roster.csv')
    writeFileSync(roster, 'name,language\nAda,en\nBo,de\nCy,en\nDu,en\n')
    const imported = await run(['import-members', `--team=${team}`, '--file', roster])
    expect(imported.stdout).toContain('added 4, updated 0, removed 0')

    const released = await openRound(cli, team, 3)
    await respond(released.roundId, released.secrets.slice(0, 3), (i) => 3 + i)
    const closed = await cli(['close-round', `--round=${released.roundId}`])
    expect(closed.stdout).toContain('3 people answered')
    const report = await cli(['report', `--round=${released.roundId}`])
    expect(report.code, report.stderr).toBe(0)
    // Answers 3, 4, 5 on every item: the dimension mean is 4 (as in the journey test).
    expect(report.stdout).toMatch(/^Psychological safety\s+3\s+4\.00\s+\d\.\d\d–\d\.\d\d\s/m)
    expect(report.stdout).toMatch(/^Answered\s+3 \(75\.0%\)$/m)
    expect(report.stdout).toMatch(/^In this team we can openly name .*\s\d\.\d\d\s+\d+\.\d%/m)
    expect(report.stdout).toContain('Comments are shown only when at least 10 people answered')
    const json = JSON.parse((await run(['report', `--round=${released.roundId}`, '--json'])).stdout)
    expect(json.dimensions[0].mean).toBe(4)
    const german = await run(['report', `--round=${released.roundId}`, '--locale', 'de'])
    expect(german.stdout).toContain('Psychologische Sicherheit')

    const withheld = await openRound(cli, team, 5)
    await respond(withheld.roundId, withheld.secrets.slice(0, 2), () => 6)
    expect((await run(['close-round', `--round=${withheld.roundId}`])).code).toBe(0)
    const hidden = await cli(['report', `--round=${withheld.roundId}`])
    expect(hidden.code).toBe(0)
    expect(hidden.stdout).toContain('Fewer than 5 people answered, so no results are shown.')
    expect(hidden.stdout).toMatch(/^Answered\s+fewer than 5$/m)
    expect(hidden.stdout).not.toMatch(/\d\.\d|%|Mean|Dimension|Comments|Answered\s+2/)
    const hiddenJson = JSON.parse(
      (await run(['report', `--round=${withheld.roundId}`, '--json'])).stdout,
    )
    expect(hiddenJson).toMatchObject({ released: false, respondents: null, dimensions: [] })

    const note = ['debrief', `--round=${released.roundId}`, '--note', 'Leads speak last']
    expect((await run(note)).code).toBe(0)
    const trend = await cli(['trend', `--team=${team}`])
    expect(trend.code, trend.stderr).toBe(0)
    expect(trend.stdout).toMatch(/ 3\s+4\.00\s+\d\.\d\d–\d\.\d\d\s+—/)
    expect(trend.stdout).toContain('↳ next: Leads speak last')
    expect(trend.stdout).toMatch(new RegExp(`${withheld.roundId}\\s+${gap(5)}`))
  })

  it.concurrent('demo fills a team whose trend has a withheld gap, and runs twice', async () => {
    const { cli, run } = cliOn()
    const demo = await cli(['demo', '--rounds', '4', '--respondents', '6'])
    expect(demo.code, demo.stderr).toBe(0)
    expect(demo.stdout).toMatch(/^\[1\/4\] round \d{4}-\d\d … \d+ responses of \d+ invited$/m)
    expect(demo.stdout).toMatch(
      /^\[3\/4\] round .* … fewer than k = 5 responses of \d+ invited: withheld$/m,
    )
    expect(demo.stdout).toMatch(
      /: 3 with results \(\d+ responses\), 1 withheld, [1-9] with comments shown/,
    )
    expect(demo.stdout).toMatch(/demo@example\.org with this password.*\n {2}[A-Za-z0-9]{24}\n/)
    const team = /^Team id: (\S+)$/m.exec(demo.stdout)![1]!
    expect(demo.stdout).toContain(`npm run cli -- trend --team`)

    const trend = await cli(['trend', `--team=${team}`])
    expect(trend.code, trend.stderr).toBe(0)
    const rows = trend.stdout.split('\n')
    expect(rows.filter((r) => /^\d{4}-\d\d-\d\d\s+\S+\s+\d+\s+\d\.\d\d\s/.test(r))).toHaveLength(3)
    expect(rows.filter((r) => r.includes(gap(5)))).toHaveLength(1)
    expect(rows.filter((r) => r.includes('↳ next:'))).toHaveLength(3)

    const again = await run(['demo', '--rounds', '3', '--respondents', '6'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('Made team "Demo team 2"')
    expect(again.stdout).toContain('demo@example.org (existing account)')
  })

  it.concurrent(
    'explains bad input with the option to fix, the usage and exit code 2',
    async () => {
      const { cli, run, dir } = cliOn()
      const open = ['open-round', '--team', 'abc', '--survey', 'psychological-safety']
      const real = await cli([...open, '--k', '2', '--closes', '7d', '--invitations', '3'])
      expect(real.code).toBe(2)
      expect(real.stderr).toBe(
        'error: --k must be a whole number from 3 to 1000, e.g. --k 5\n' +
          'usage: npm run cli -- open-round --team ID --survey ID [--version V] [--k 5] ' +
          '--closes WHEN [--invitations N] [--opens WHEN] [--csv FILE]\n',
      )
      const cases: [string[], RegExp][] = [
        [[...open, '--closes', 'soon', '--invitations', '3'], /--closes must be a date-time/],
        [[...open, '--closes', '7d', '--invitations', 'all'], /--invitations must be a whole/],
        [
          [...open, '--closes', '7d', '--invitations', '3', '--csv', dir],
          /--csv names a file that exists/,
        ],
        [['report'], /--round is required/],
        [['report', '--round', 'abc', '--locale', 'fr'], /--locale must be one of en, de/],
        [['report', '--round', '-abc'], /--round needs a value; write --round=VALUE/],
        [['create-admin', '--email', 'not-an-email', '--name', 'A'], /--email must be an email/],
        [
          ['create-admin', '--email', 'a@b.org', '--name', 'A', '--password', 'short'],
          /--password must be at least 12/,
        ],
        [['mint', '--round', 'abc', '--count', 'many'], /--count must be a whole number/],
        [['list-teams', '--colour'], /unknown option --colour/],
        [['list-teams', 'extra'], /unexpected argument extra/],
        [['demo', '--rounds', '1'], /--rounds must be a whole number from 3 to 60/],
        [['demo', '--respondents', '4'], /--respondents must be at least k \(5/],
        [['trend', '--team'], /--team needs a value/],
        [['add-survey', join(dir, 'missing.json')], /FILE was not found/],
      ]
      for (const [args, message] of cases) {
        const result = await run(args)
        expect(result.code, args.join(' ')).toBe(2)
        expect(result.stderr).toMatch(message)
        expect(result.stderr).toContain(`usage: npm run cli -- ${args[0]}`)
      }
      const unknown = await run(['frobnicate'])
      expect(unknown.code).toBe(2)
      expect(unknown.stderr).toContain("unknown command 'frobnicate'")

      const missingTeam = await cli(['trend', '--team', 'nope'])
      expect(missingTeam.code).toBe(1)
      expect(missingTeam.stderr).toBe('error: Team nope was not found; see list-teams.\n')

      const file = join(dir, 'survey.json')
      writeFileSync(file, JSON.stringify({ id: 'Bad Id', version: 1, locales: ['en'] }))
      const survey = await run(['add-survey', file])
      expect(survey.code).toBe(1)
      expect(survey.stderr).toMatch(/^error: The file .* is not a valid survey definition\.$/m)
      expect(survey.stderr).toMatch(/^ {2}id: use 1–63 lowercase letters/m)

      const help = await run(['help'])
      expect(help.code).toBe(0)
      for (const command of ['create-admin', 'open-round', 'report', 'trend', 'demo', 'close-due'])
        expect(help.stdout).toMatch(new RegExp(`^  ${command}\\s+\\S`, 'm'))
    },
  )
})
