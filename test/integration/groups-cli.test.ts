import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cliWorkspace } from '../helpers/cli'

const workspaces: ReturnType<typeof cliWorkspace>[] = []
afterAll(() => workspaces.forEach((w) => w.remove()))

function cliOn() {
  const workspace = cliWorkspace('quorum-groups-cli-')
  workspaces.push(workspace)
  const file = (name: string, text: string) => {
    const path = join(workspace.dir, name)
    writeFileSync(path, text)
    return path
  }
  return { run: workspace.run, file }
}

describe('group commands', () => {
  it('create, nest, move, rename, list and delete groups', async () => {
    const { run } = cliOn()
    const id = async (args: string[]) => {
      const res = await run(args)
      expect(res.code, res.stderr).toBe(0)
      return res.stdout.trim()
    }
    const acme = await id(['create-group', '--name', 'Acme'])
    const eng = await id(['create-group', '--name', 'Engineering', '--parent', acme])
    const team = await id(['create-team', '--name', 'API'])
    expect((await run(['set-team-group', '--team', team, '--group', eng])).stdout).toBe(
      '"API" is now in "Engineering".\n',
    )
    await run([
      'create-facilitator',
      '--email',
      'lead@example.org',
      '--name',
      'Lea',
      '--password',
      'correct horse battery',
    ])
    const lead = await run(['add-group-lead', '--group', eng, '--email', 'lead@example.org'])
    expect(lead).toMatchObject({ code: 0, stdout: 'lead@example.org now leads "Engineering".\n' })

    const list = (await run(['list-groups'])).stdout.split('\n')
    expect(list[0]).toBe(`Acme  ${acme}`)
    expect(list[1]).toBe(`  Engineering  ${eng} (leads: lead@example.org)`)
    expect(list[2]).toBe(`    · team API  ${team}`)

    const loop = await run(['move-group', '--group', acme, '--parent', eng])
    expect(loop.code).toBe(1)
    expect(loop.stderr).toContain(
      'A group cannot move under itself or under one of its own sub-groups.',
    )
    expect((await run(['move-group', '--group', eng, '--parent', 'none'])).stdout).toBe(
      'Moved "Engineering" to the top level.\n',
    )
    expect((await run(['rename-group', '--group', eng, '--name', 'Eng'])).code).toBe(0)

    const refused = await run(['delete-group', '--group', eng])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('"Eng" still holds 1 team.')
    await run(['set-team-group', '--team', team, '--group', 'none'])
    expect((await run(['delete-group', '--group', eng])).stdout).toBe('Deleted the group "Eng".\n')
    const gone = await run(['delete-group', '--group', eng])
    expect(gone.stderr).toContain(`Group ${eng} was not found; see list-groups.`)
    expect((await run(['remove-group-lead', '--group', acme, '--email', 'x'])).code).toBe(2)
  })

  it('import a CSV naming the lines with problems, and export it again', async () => {
    const { run, file } = cliOn()
    await run(['create-team', '--name', 'API'])
    const bad = await run(['import-groups', file('bad.csv', 'path,team\nAcme,API\nAcme,Nobody\n')])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('csv.3.team: Line 3: there is no team named "Nobody"')
    expect((await run(['list-groups'])).stdout).toMatch(/^No groups yet/)
    const csv = file('groups.csv', 'path;team\nAcme / Engineering;API\n')
    expect((await run(['import-groups', csv])).stdout).toBe('created 2 groups, moved 1 teams\n')
    const exported = await run(['export-groups'])
    expect(exported.stdout).toBe(
      '\uFEFFpath,team\nAcme,\nAcme / Engineering,\nAcme / Engineering,API\n',
    )
    const again = await run(['import-groups', file('again.csv', exported.stdout)])
    expect(again.stdout).toBe('created 0 groups, moved 0 teams\n')
    expect((await run(['import-groups', 'missing.csv'])).code).toBe(2)
  })
})
