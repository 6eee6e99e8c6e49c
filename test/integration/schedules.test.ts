import { describe, expect, it } from 'vitest'
import { runDueWork } from '../../src/services/schedule'
import { cliWorkspace } from '../helpers/cli'
import {
  addRoster,
  recordingMailer,
  teamWithFacilitator,
  testApp,
  type TestApp,
} from '../helpers/app'

// The test clock starts on Monday 2 March 2026, 09:00 UTC (10:00 in Berlin).
const weekly = {
  surveyId: 'psychological-safety',
  k: 3,
  cadence: 'weeks',
  everyWeeks: 1,
  weekday: 2, // Tuesday
  openTime: '09:00',
  openDays: 3,
}

async function scheduledTeam(t: TestApp, body: Record<string, unknown> = weekly) {
  const people = await teamWithFacilitator(t)
  await t.call('PATCH', `/api/teams/${people.team.id}`, {
    auth: people.admin.token,
    body: { timeZone: 'Europe/Berlin' },
  })
  const res = await t.call('PUT', `/api/teams/${people.team.id}/schedule`, {
    auth: people.facilitator.token,
    body,
  })
  expect(res.status).toBe(200)
  return { ...people, schedule: res.json.schedule }
}

function rounds(t: TestApp, teamId: string) {
  return t.raw
    .prepare(
      'SELECT opens_at, closes_at, status, facilitated_by FROM rounds WHERE team_id = ? ORDER BY opens_at',
    )
    .all(teamId) as {
    opens_at: string
    closes_at: string
    status: string
    facilitated_by: string
  }[]
}

describe('recurring pulses', () => {
  it('open exactly one round at their time, which closes itself at its end', async () => {
    const t = await testApp()
    const { team, schedule } = await scheduledTeam(t)
    expect(schedule).toMatchObject({
      nextAt: '2026-03-03T08:00:00.000Z',
      description: 'Every week on Tuesday at 09:00 (Europe/Berlin), open 3 days',
      nextLocal: 'Tue 3 Mar 2026 09:00',
      active: true,
    })
    await runDueWork(t.deps)
    expect(rounds(t, team.id)).toHaveLength(0)

    t.clock.set('2026-03-03T08:00:00.000Z')
    await runDueWork(t.deps)
    await runDueWork(t.deps)
    await Promise.all([runDueWork(t.deps), runDueWork(t.deps)])
    const opened = rounds(t, team.id)
    expect(opened).toHaveLength(1)
    expect(opened[0]).toMatchObject({
      closes_at: '2026-03-06T08:00:00.000Z',
      status: 'open',
      facilitated_by: 'recurring pulse',
    })
    const after = await t.call('GET', `/api/teams/${team.id}/schedule`, {
      auth: (await t.user('admin')).token,
    })
    expect(after.json.schedule.nextAt).toBe('2026-03-10T08:00:00.000Z')

    t.clock.set('2026-03-06T08:05:00.000Z')
    await runDueWork(t.deps)
    expect(rounds(t, team.id)[0]!.status).toBe('closed')
  })

  it('mails the links of the rounds they open', async () => {
    const outbox = recordingMailer()
    const t = await testApp({}, { mail: outbox.mailer })
    const people = await teamWithFacilitator(t, 'Mailed', 0)
    await addRoster(t.deps, people.team.id, 4, { emails: true })
    await t.call('PUT', `/api/teams/${people.team.id}/schedule`, {
      auth: people.facilitator.token,
      body: weekly,
    })
    t.clock.set('2026-03-03T09:00:00.000Z')
    await runDueWork(t.deps)
    expect(outbox.sent.map((m) => m.to).sort()).toEqual(
      [1, 2, 3, 4].map((i) => `member${i}@example.org`),
    )
  })

  it('catch up on missed ticks with one round, for the latest occurrence only', async () => {
    const t = await testApp()
    const { team } = await scheduledTeam(t)
    // Three Tuesdays pass unseen; the latest (17 March) is still open on the 18th.
    t.clock.set('2026-03-18T12:00:00.000Z')
    await runDueWork(t.deps)
    await runDueWork(t.deps)
    const opened = rounds(t, team.id)
    expect(opened).toHaveLength(1)
    expect(opened[0]!.closes_at).toBe('2026-03-20T08:00:00.000Z')
    // Past the latest one's closing time: nothing opens, the pulse moves on.
    t.clock.set('2026-03-27T12:00:00.000Z')
    await runDueWork(t.deps)
    expect(rounds(t, team.id)).toHaveLength(1)
    expect(t.logs.some((l) => l.includes('recurring pulse missed'))).toBe(true)
  })

  it('skip the next occurrence, or move it', async () => {
    const t = await testApp()
    const { team, facilitator } = await scheduledTeam(t)
    const auth = facilitator.token
    const skipped = await t.call('POST', `/api/teams/${team.id}/schedule/skip`, { auth })
    expect(skipped.status).toBe(200)
    expect(skipped.json.schedule.nextAt).toBe('2026-03-10T08:00:00.000Z')
    t.clock.set('2026-03-03T08:00:00.000Z')
    await runDueWork(t.deps)
    expect(rounds(t, team.id)).toHaveLength(0)

    const moved = await t.call('POST', `/api/teams/${team.id}/schedule/move`, {
      auth,
      body: { at: '2026-03-11T13:00:00Z' },
    })
    expect(moved.status).toBe(200)
    expect(moved.json.schedule).toMatchObject({
      nextAt: '2026-03-11T13:00:00.000Z',
      moved: true,
      nextLocal: 'Wed 11 Mar 2026 14:00',
    })
    t.clock.set('2026-03-10T08:00:00.000Z')
    await runDueWork(t.deps)
    expect(rounds(t, team.id)).toHaveLength(0)
    t.clock.set('2026-03-11T13:00:00.000Z')
    await runDueWork(t.deps)
    await runDueWork(t.deps)
    expect(rounds(t, team.id)).toHaveLength(1)
    const now = await t.call('GET', `/api/teams/${team.id}/schedule`, { auth })
    expect(now.json.schedule).toMatchObject({ nextAt: '2026-03-17T08:00:00.000Z', moved: false })
  })

  it('open nothing while paused, and do not make up for the pause', async () => {
    const t = await testApp()
    const { team, facilitator } = await scheduledTeam(t, { ...weekly, active: false })
    t.clock.set('2026-03-04T08:00:00.000Z')
    await runDueWork(t.deps)
    expect(rounds(t, team.id)).toHaveLength(0)
    const resumed = await t.call('PUT', `/api/teams/${team.id}/schedule`, {
      auth: facilitator.token,
      body: weekly,
    })
    expect(resumed.json.schedule.nextAt).toBe('2026-03-10T08:00:00.000Z')
  })

  it('refuse bad input with a clear 400 and change nothing', async () => {
    const t = await testApp()
    const { team, facilitator } = await scheduledTeam(t)
    const auth = facilitator.token
    const path = `/api/teams/${team.id}/schedule`
    const before = (await t.call('GET', path, { auth })).json
    for (const body of [
      { ...weekly, everyWeeks: 13 },
      { ...weekly, weekday: 7 },
      { ...weekly, openTime: '25:00' },
      { ...weekly, openDays: 8 },
      { ...weekly, k: 2 },
      { ...weekly, surveyId: 'no-such-survey' },
      { ...weekly, cadence: 'monthly' },
      { ...weekly, cadence: 'daily' },
      { surveyId: 'psychological-safety' },
    ]) {
      const res = await t.call('PUT', path, { auth, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error.message.length).toBeGreaterThan(0)
    }
    const bad = await t.call('PUT', path, { auth, body: { ...weekly, openDays: 8, weekday: 9 } })
    expect(bad.json.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'weekday',
      'openDays',
    ])
    for (const at of ['not a date', '2026-03-01T00:00:00Z', '2026-03-10T09:00:00Z']) {
      const res = await t.call('POST', `${path}/move`, { auth, body: { at } })
      expect(res.status, at).toBe(400)
      expect(res.json.error.fields[0].path).toBe('at')
    }
    expect((await t.call('GET', path, { auth })).json).toEqual(before)
  })

  it('belong to the team: another team’s facilitator gets 404, a share link 401', async () => {
    const t = await testApp()
    const { team } = await scheduledTeam(t)
    const other = await teamWithFacilitator(t, 'Other')
    const auth = other.facilitator.token
    const path = `/api/teams/${team.id}/schedule`
    expect((await t.call('GET', path, { auth })).status).toBe(404)
    expect((await t.call('PUT', path, { auth, body: weekly })).status).toBe(404)
    expect((await t.call('POST', `${path}/skip`, { auth })).status).toBe(404)
    expect((await t.call('DELETE', path, { auth })).status).toBe(404)
    const share = await t.call('POST', `/api/teams/${team.id}/share-links`, {
      auth: other.admin.token,
    })
    expect(share.status).toBe(201)
    const shared = await t.call('GET', path, { auth: share.json.token })
    expect(shared.status).toBe(401)
    // Removing: the facilitator may, and then there is none.
    const own = await t.call('DELETE', path, { auth: other.admin.token })
    expect(own.status).toBe(200)
    expect((await t.call('GET', path, { auth: other.admin.token })).json.schedule).toBeNull()
  })

  it('log, without names, a round that cannot open, and go on with the others', async () => {
    const t = await testApp()
    const { team } = await scheduledTeam(t)
    const other = await scheduledTeam(t)
    t.raw.prepare('DELETE FROM members WHERE team_id = ?').run(team.id)
    t.clock.set('2026-03-03T08:00:00.000Z')
    await runDueWork(t.deps)
    expect(rounds(t, team.id)).toHaveLength(0)
    expect(rounds(t, other.team.id)).toHaveLength(1)
    const warned = t.logs.filter((l) => l.includes('did not open'))
    expect(warned).toHaveLength(1)
    expect(warned[0]).toContain('empty_roster')
    expect(t.logs.join('\n')).not.toMatch(/Member \d|Platform/)
  })
})

describe('recurring pulse commands', () => {
  it('set, show and skip a pulse; bad options are usage errors', async () => {
    const cli = cliWorkspace('quorum-schedule-cli-')
    try {
      const team = (await cli.run(['create-team', '--name', 'Platform'])).stdout.trim()
      expect((await cli.run(['show-schedule', '--team', team])).stdout).toContain(
        'No recurring pulse',
      )
      const args = ['--team', team, '--survey', 'psychological-safety', '--at', '09:00']
      const set = await cli.run([
        'set-schedule',
        ...args,
        ...['--every', '2w', '--on', 'Monday', '--open-days', '5', '--k', '4'],
      ])
      expect(set.code).toBe(0)
      expect(set.stdout).toContain('Every 2 weeks on Monday at 09:00 (UTC), open 5 days')
      const first = /Next: (Mon \d+ \w+ \d{4} 09:00)/.exec(set.stdout)?.[1]
      expect(first).toBeDefined()
      const skipped = await cli.run(['skip-next', '--team', team])
      expect(skipped.code).toBe(0)
      expect(skipped.stdout).toMatch(/Next: Mon \d+ \w+ \d{4} 09:00/)
      expect(skipped.stdout).not.toContain(first)
      const shown = await cli.run(['show-schedule', '--team', team])
      expect(shown.stdout).toContain('survey psychological-safety, k 4')

      const monthly = ['--every', 'monthly', '--open-days', '5']
      expect((await cli.run(['set-schedule', ...args, ...monthly, '--on', '31'])).code).not.toBe(0)
      expect((await cli.run(['set-schedule', ...args, ...monthly, '--on', 'monday'])).code).toBe(2)
      expect(
        (await cli.run(['set-schedule', ...args, '--every', '3d', '--on', '1', '--open-days', '1']))
          .code,
      ).toBe(2)
      const monthlyOk = await cli.run(['set-schedule', ...args, ...monthly, '--on', '15'])
      expect(monthlyOk.stdout).toContain('Monthly on day 15 at 09:00 (UTC), open 5 days')
    } finally {
      cli.remove()
    }
  })
})
