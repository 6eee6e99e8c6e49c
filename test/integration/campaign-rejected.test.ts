import { describe, expect, it, vi } from 'vitest'
import { OPERATOR } from '../../src/domain/actor'
import { closeCampaign } from '../../src/services/campaigns'
import { campaignHeatmap } from '../../src/services/campaign-views'
import { buildOrg, runCampaign } from '../helpers/campaign'
import { testApp } from '../helpers/app'

// The verifier rejects whatever it is shown, as it would a broken ledger.
vi.mock('../../src/verify/verify', () => ({
  verifyRelease: () => ({
    ok: false,
    problems: ['atom of cell Tiny holds 2 respondents (k = 3)'],
    atoms: 1,
    published: 1,
    withheld: 1,
  }),
}))

describe('a release the independent verifier rejects', () => {
  it('publishes nothing, says so, and logs no count', async () => {
    const t = await testApp()
    const org = await buildOrg(t, { Acme: { Platform: 8, Mobile: 5, Tiny: 2 } })
    const { campaignId } = await runCampaign(t, org, { k: 3 })
    const closed = await closeCampaign(t.deps, OPERATOR, campaignId)
    expect(closed.status).toBe('rejected')
    const count = (sql: string) => (t.raw.prepare(sql).get() as { n: number }).n
    expect(count('SELECT count(*) AS n FROM campaign_cells')).toBe(0)
    expect(count('SELECT count(*) AS n FROM round_stats')).toBe(0)
    expect(count('SELECT count(*) AS n FROM releases WHERE released = 1')).toBe(0)
    expect(count('SELECT count(*) AS n FROM ballots')).toBe(0)
    const map = await campaignHeatmap(t.deps, OPERATOR, campaignId)
    expect(map.cells).toEqual([])
    const line = t.logs.find((l) => l.includes('rejected'))!
    expect(JSON.parse(line)).toMatchObject({ level: 'error', problems: 1 })
    expect(line).not.toMatch(/holds|respondents \(/)
    const reason = t.raw.prepare('SELECT rejected_reason FROM campaigns').get() as {
      rejected_reason: string
    }
    expect(reason.rejected_reason).not.toMatch(/\d/)
  })
})
