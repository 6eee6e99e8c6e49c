import { parse } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config'
import { listCampaignRounds } from '../../src/db/campaigns'
import { OPERATOR } from '../../src/domain/actor'
import { startNodeRuntime } from '../../src/node/runtime'
import { createGroup, setTeamGroup } from '../../src/services/groups'
import { mintInvitations } from '../../src/services/opening'
import { submitResponse } from '../../src/services/responses'
import { createTeam } from '../../src/services/teams'
import { addRoster, answersFor } from '../helpers/app'
import { cliWorkspace } from '../helpers/cli'

const workspaces: ReturnType<typeof cliWorkspace>[] = []
afterAll(() => workspaces.forEach((w) => w.remove()))

/** How many answer in each team, by group. */
const ORG = {
  Engineering: { Platform: 8, Mobile: 5, Tiny: 2 },
  Sales: { East: 6, West: 7 },
  Ops: { Desk: 6, Web: 0 },
}

/** A database file holding Acme and its groups and teams, and the CLI run on it. */
async function organisation() {
  const workspace = cliWorkspace('quorum-campaigns-cli-')
  workspaces.push(workspace)
  const groups = new Map<string, string>()
  const teams = new Map<string, { id: string; answers: number }>()
  await withDeps(workspace.env, async (deps) => {
    const root = await createGroup(deps, OPERATOR, { name: 'Acme', parentId: null })
    groups.set('Acme', root.id)
    for (const [name, members] of Object.entries(ORG)) {
      const group = await createGroup(deps, OPERATOR, { name, parentId: root.id })
      groups.set(name, group.id)
      for (const [teamName, answers] of Object.entries(members)) {
        const team = await createTeam(deps, OPERATOR, teamName)
        await setTeamGroup(deps, OPERATOR, team.id, group.id)
        await addRoster(deps, team.id, 10)
        teams.set(teamName, { id: team.id, answers })
      }
    }
  })
  return { ...workspace, groups, teams }
}

/** The services on the workspace's database file, closed afterwards (the CLI opens it anew). */
async function withDeps<T>(
  env: Record<string, string>,
  work: (deps: Awaited<ReturnType<typeof startNodeRuntime>>['deps']) => Promise<T>,
): Promise<T> {
  const runtime = await startNodeRuntime(parseConfig(env))
  try {
    return await work(runtime.deps)
  } finally {
    await runtime.close()
  }
}

describe('campaign commands', () => {
  it('open, list, close with what was published, the heatmap (table and CSV) and a group’s trend', async () => {
    const { run, env, groups, teams } = await organisation()
    const opened = await run([
      'open-campaign',
      `--group=${groups.get('Acme')}`,
      '--survey',
      'psychological-safety',
      '--k',
      '3',
      '--days',
      '7',
      '--name',
      'Spring pulse',
    ])
    expect(opened.stderr).toBe('')
    expect(opened.code).toBe(0)
    const id = /^Opened campaign ([\w-]+) "Spring pulse" for 7 teams under "Acme"/.exec(
      opened.stdout,
    )?.[1]
    expect(id, opened.stdout).toBeDefined()
    expect(opened.stdout).toContain('No mail is configured')

    const listed = await run(['list-campaigns'])
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+Spring pulse\\s+Acme\\s+psych`, 'm'))
    expect(listed.stdout).toMatch(/\s3\s+7\s+open\s/)

    await withDeps(env, async (deps) => {
      const rounds = await listCampaignRounds(deps.db, id!)
      for (const { id: teamId, answers } of teams.values()) {
        const round = rounds.find((r) => r.team_id === teamId)!
        const links = await mintInvitations(deps, OPERATOR, round.id, Math.max(answers, 1))
        for (const link of links.slice(0, answers))
          await submitResponse(deps, round.id, {
            secret: link.secret,
            answers: answersFor('psychological-safety', 4),
          })
      }
    })

    const closed = await run(['close-campaign', `--campaign=${id}`])
    expect(closed.code, closed.stderr).toBe(0)
    expect(closed.stdout).toContain(
      'Released: 7 of 11 cells published; 2 fewer than k, 2 withheld to protect a smaller group.',
    )
    expect(closed.stdout).toContain(`npm run verify -- --campaign ${id}`)
    const again = await run(['close-campaign', `--campaign=${id}`])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('This campaign has already closed.')

    const heatmap = await run(['heatmap', `--campaign=${id}`])
    expect(heatmap.code).toBe(0)
    const line = (name: string) => heatmap.stdout.split('\n').find((l) => l.trim().startsWith(name))
    expect(line('Acme')).toMatch(/^Acme\s+34\s+4\.00$/)
    expect(line('Platform')).toMatch(/^ {4}Platform\s+8\s+4\.00$/)
    expect(line('Engineering')).toMatch(/^ {2}Engineering\s+15\s+4\.00$/)
    expect(line('Mobile')).toMatch(/^ {4}Mobile\s+withheld$/)
    expect(line('Tiny')).toMatch(/^ {4}Tiny\s+<k$/)
    expect(line('Web')).toMatch(/^ {4}Web\s+<k$/)
    // No digit on a withheld cell's line.
    for (const name of ['Mobile', 'Tiny', 'Desk', 'Web']) expect(line(name)).not.toMatch(/\d/)
    expect(heatmap.stdout).toContain('withheld to protect a smaller group')

    const csv = await run(['heatmap', `--campaign=${id}`, '--csv'])
    const [header, ...rows] = parse(csv.stdout, { bom: true }) as string[][]
    expect(header!.slice(0, 3)).toEqual(['path', 'kind', 'status'])
    expect(rows).toHaveLength(11)
    const desk = rows.find((r) => r[0] === 'Acme / Ops / Desk')!
    expect(desk.slice(2)).toEqual(['withheld to protect a smaller group', ...Array(6).fill('')])

    const trend = await run(['group-trend', `--group=${groups.get('Sales')}`])
    expect(trend.code).toBe(0)
    expect(trend.stdout).toMatch(/Spring pulse\s+13\s+4\.00\s+/)
    const engineering = await run(['group-trend', `--group=${groups.get('Engineering')}`])
    expect(engineering.stdout).toMatch(/Spring pulse\s+15\s+/)
  })

  it('says what is wrong with the options', async () => {
    const { run, groups } = await organisation()
    const open = (...args: string[]) =>
      run([
        'open-campaign',
        `--group=${groups.get('Acme')}`,
        '--survey',
        'psychological-safety',
        ...args,
      ])
    const neither = await open()
    expect(neither.code).toBe(2)
    expect(neither.stderr).toContain('--closes or --days is required')
    const both = await open('--days', '7', '--closes', '7d')
    expect(both.code).toBe(2)
    const small = await open('--days', '7', '--k', '2')
    expect(small.stderr).toContain('--k must be a whole number from 3 to 1000')
    const missing = await run(['open-campaign', '--group', 'nope', '--survey', 'x', '--days', '3'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('Group nope was not found; see list-groups.')
    const none = await run(['heatmap', '--campaign', 'nope'])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('This campaign was not found.')
    expect((await run(['list-campaigns'])).stdout).toContain('No campaigns yet.')
  })
})
