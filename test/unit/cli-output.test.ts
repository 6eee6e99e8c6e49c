import { describe, expect, it } from 'vitest'
import { opt, parseCommandArgs, resolveWhen, UsageError } from '../../src/cli/command'
import { planRounds, seededRandom } from '../../src/cli/demo-data'
import { invitationCommands } from '../../src/cli/invitations'
import { distributionBar, signed2, table, truncate } from '../../src/cli/output'

describe('CLI output helpers', () => {
  it('aligns columns, right-aligns numbers and lets free text span the rest', () => {
    const lines = table(
      [{ title: 'Name' }, { title: 'Mean', align: 'right' }],
      [['Ada', '4.00'], ['Grace Hopper', '12.50'], { lead: ['Gap'], text: 'not shown' }],
      undefined,
      [{ title: 'Score', span: 1 }],
    )
    expect(lines).toEqual([
      '              Score',
      'Name           Mean',
      '────────────  ─────',
      'Ada            4.00',
      'Grace Hopper  12.50',
      'Gap           not shown',
    ])
  })

  it('draws a distribution as one block per scale point, · for none', () => {
    expect(distributionBar([0, 1, 2, 4])).toBe('·▂▄█')
    expect(distributionBar([0, 0, 0])).toBe('···')
  })

  it('formats changes with a sign and shortens long text', () => {
    expect([signed2(0.254), signed2(-0.1), signed2(0)]).toEqual(['+0.25', '−0.10', '0.00'])
    expect(truncate('When I get something wrong', 10)).toBe('When I ge…')
  })
})

describe('CLI option parsing', () => {
  const open = invitationCommands.find((c) => c.name === 'open-round')!
  const base = ['--team', 'T1', '--survey', 'psychological-safety', '--invitations', '3']

  it('reads relative and absolute closing times', () => {
    const now = new Date('2026-03-02T09:00:00Z')
    const when = opt.when('--closes 7d')
    expect(resolveWhen(when.parse('36h'), now).toISOString()).toBe('2026-03-03T21:00:00.000Z')
    expect(resolveWhen(when.parse('2w'), now).toISOString()).toBe('2026-03-16T09:00:00.000Z')
    expect(resolveWhen(when.parse('2026-05-01T17:00:00+02:00'), now).toISOString()).toBe(
      '2026-05-01T15:00:00.000Z',
    )
    expect(when.safeParse('next week').success).toBe(false)
  })

  it('names the option to fix in every usage error', () => {
    const fails = (args: string[]) => {
      try {
        parseCommandArgs(open, args)
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError)
        return (err as Error).message
      }
      throw new Error('expected a usage error')
    }
    expect(fails([...base, '--closes', '7d', '--k', '2.5'])).toMatch(/^--k must be a whole/)
    expect(fails([...base])).toBe('--closes is required, e.g. --closes 7d')
    expect(fails([...base, '--closes', '7d', '--invitations', '1001'])).toMatch(/^--invitations/)
    expect(fails([...base, '--closes', '7d', 'extra'])).toMatch(/^unexpected argument extra/)
    expect(parseCommandArgs(open, [...base, '--closes', '7d', '--k', '7'])).toMatchObject({
      k: 7,
      invitations: 3,
    })
  })
})

describe('demo plan', () => {
  it('has one withheld round below k and some rounds with enough people for comments', () => {
    for (const count of [3, 4, 12]) {
      const plans = planRounds(count, 6, 5, 10, seededRandom(1))
      expect(plans.filter((p) => p.withheld)).toHaveLength(1)
      expect(plans.find((p) => p.withheld)!.respondents).toBe(4)
      for (const p of plans.filter((p) => !p.withheld)) {
        expect(p.respondents).toBeGreaterThanOrEqual(5)
        expect(p.invited).toBeGreaterThan(p.respondents)
      }
      expect(plans.some((p) => p.talkative && p.respondents >= 10)).toBe(true)
    }
  })
})
