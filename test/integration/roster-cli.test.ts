import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cliWorkspace } from '../helpers/cli'

const workspaces: ReturnType<typeof cliWorkspace>[] = []
afterAll(() => workspaces.forEach((w) => w.remove()))

/** A fresh database file, and the CLI run in this process on it with its output captured. */
function cliOn() {
  const workspace = cliWorkspace('quorum-roster-cli-')
  workspaces.push(workspace)
  const { run, dir } = workspace
  const file = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }
  return { run, file, dir }
}

async function withTeam() {
  const cli = cliOn()
  const team = (await cli.run(['create-team', '--name', 'Platform'])).stdout.trim()
  return { ...cli, team }
}

describe('roster commands', () => {
  it('add, list and remove members', async () => {
    const { run, team } = await withTeam()
    const ada = await run(['add-member', '--team', team, '--email', 'Ada@example.org'])
    expect(ada.code).toBe(0)
    expect(ada.stderr).toBe('Added ada@example.org to the roster.\n')
    const id = ada.stdout.trim()
    expect(id).toMatch(/^[\w-]+$/)
    const bo = await run(['add-member', '--team', team, '--name', 'Bo', '--language', 'de'])
    expect(bo.code).toBe(0)

    const list = await run(['list-members', '--team', team])
    expect(list.code).toBe(0)
    const lines = list.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^Id\s+Email\s+Name\s+Language$/)
    expect(lines[2]).toMatch(new RegExp(`^${id}\\s+ada@example.org\\s+—\\s+en$`))
    expect(lines[3]).toMatch(/\s+by hand\s+Bo\s+de$/)

    const removed = await run(['remove-member', '--team', team, '--member', id])
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed ada@example.org from the roster.\n' })
    const again = await run(['remove-member', '--team', team, '--member', id])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('error: That member was not found.')
  })

  it('say what is wrong with a member, a team or an option', async () => {
    const { run, team } = await withTeam()
    const nobody = await run(['add-member', '--team', team])
    expect(nobody.code).toBe(1)
    expect(nobody.stderr).toContain(
      'email: Give an email address, or a name for someone who gets their link by hand.',
    )
    const bad = await run(['add-member', '--team', team, '--email', 'nope'])
    expect(bad.stderr).toContain('email: "nope" is not an email address.')
    const language = await run(['add-member', '--team', team, '--name', 'X', '--language', 'fr'])
    expect(language.code).toBe(2)
    expect(language.stderr).toContain('error: --language must be en or de, e.g. --language de')
    const missing = await run(['list-members', '--team', 'nope'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('Team nope was not found; see list-teams.')
    const empty = await run(['list-members', '--team', team])
    expect(empty.stdout).toContain('Nobody is on the roster of "Platform" yet.')
  })

  it('import-members reads a CSV file, updates, adds and replaces', async () => {
    const { run, file, team } = await withTeam()
    await run(['add-member', '--team', team, '--email', 'ada@example.org'])
    const csv = file(
      'roster.csv',
      '\uFEFFemail;name;language\r\nada@example.org;Ada;de\r\nbo@example.org;"Bo; B.";\r\n;Cy;\r\n',
    )
    const first = await run(['import-members', '--team', team, '--file', csv])
    expect(first).toMatchObject({ code: 0, stdout: 'added 2, updated 1, removed 0\n' })
    const same = await run(['import-members', '--team', team, '--file', csv, '--replace'])
    expect(same.stdout).toBe('added 0, updated 0, removed 0\n')
    const smaller = file('smaller.csv', 'email\nbo@example.org\n')
    const replaced = await run(['import-members', '--team', team, '--file', smaller, '--replace'])
    expect(replaced.stdout).toBe('added 0, updated 1, removed 2\n')
  })

  it('import-members names the line of each problem and changes nothing', async () => {
    const { run, file, team, dir } = await withTeam()
    const bad = file('bad.csv', 'email,name\nok@example.org,\n\nbroken,\n')
    const res = await run(['import-members', '--team', team, '--file', bad])
    expect(res.code).toBe(1)
    expect(res.stderr).toBe(
      'error: Some members need attention.\n' +
        '  members.4.email: Line 4: "broken" is not an email address.\n',
    )
    expect((await run(['list-members', '--team', team])).stdout).toContain('Nobody')
    const unreadable = await run([
      'import-members',
      '--team',
      team,
      '--file',
      file('x.csv', 'a@b.c,Ada\n'),
    ])
    expect(unreadable.stderr).toMatch(/^error: The CSV could not be read: line 1 must name/)
    const absent = await run(['import-members', '--team', team, '--file', join(dir, 'none.csv')])
    expect(absent.code).toBe(2)
    expect(absent.stderr).toContain('--file was not found')
    expect((await run(['import-members', '--team', team, '--file', dir])).code).toBe(2)
  })

  it('set-team sets the time zone and rotation', async () => {
    const { run, team } = await withTeam()
    const mars = await run(['set-team', '--team', team, '--time-zone', 'Mars/Base'])
    expect(mars.code).toBe(1)
    expect(mars.stderr).toContain('"Mars/Base" is not a time zone')
    const rotation = await run(['set-team', '--team', team, '--rotation', 'on'])
    expect(rotation.code).toBe(1)
    expect(rotation.stderr).toContain('add members with an email address first')
    expect((await run(['set-team', '--team', team])).code).toBe(2)
    expect((await run(['set-team', '--team', team, '--rotation', 'yes'])).stderr).toContain(
      '--rotation must be on or off',
    )
    await run(['add-member', '--team', team, '--email', 'ada@example.org'])
    const set = await run([
      'set-team',
      '--team',
      team,
      '--time-zone',
      'Europe/Berlin',
      '--rotation',
      'on',
    ])
    expect(set).toMatchObject({
      code: 0,
      stdout: '"Platform": time zone Europe/Berlin, rotation on.\n',
    })
    const off = await run(['set-team', '--team', team, '--rotation', 'off'])
    expect(off.stdout).toBe('"Platform": time zone Europe/Berlin, rotation off.\n')
  })

  it('are listed by help', async () => {
    const { run } = cliOn()
    const help = (await run(['help'])).stdout
    for (const name of [
      'list-members',
      'add-member',
      'remove-member',
      'import-members',
      'set-team',
    ])
      expect(help).toContain(`  ${name}`)
  })
})
