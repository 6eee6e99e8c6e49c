import { describe, expect, it } from 'vitest'
import { OPERATOR } from '../../src/domain/actor'
import { closeCampaign } from '../../src/services/campaigns'
import { campaignHeatmap } from '../../src/services/campaign-views'
import { verifyRelease } from '../../src/verify/verify'
import { buildOrg, runCampaign } from '../helpers/campaign'
import { testApp } from '../helpers/app'

describe('a campaign across an organisation', () => {
  it('publishes by its ledger: a small team is withheld, and so is the next smallest, which protects it', async () => {
    const t = await testApp()
    const org = await buildOrg(t, {
      Acme: { Engineering: { Platform: 8, Mobile: 5, Tiny: 2 }, Sales: { East: 6, West: 7 } },
    })
    const { campaignId } = await runCampaign(t, org, { k: 3 })
    const released = await closeCampaign(t.deps, OPERATOR, campaignId)
    expect(released.status).toBe('released')
    const map = await campaignHeatmap(t.deps, OPERATOR, campaignId)
    const status = Object.fromEntries(map.cells.map((c) => [c.name, c.status]))
    expect(status).toEqual({
      Acme: 'published',
      Engineering: 'published',
      Platform: 'published',
      Mobile: 'protects_smaller',
      Tiny: 'fewer_than_k',
      Sales: 'published',
      East: 'published',
      West: 'published',
    })
    for (const c of map.cells.filter((c) => c.status !== 'published')) {
      expect(c.respondents).toBeNull()
      expect(c.scores).toEqual([])
    }
    const rows = t.raw
      .prepare('SELECT cell_id, parent_id, kind, decision, respondents FROM campaign_cells')
      .all() as any[]
    const verdict = verifyRelease({
      k: 3,
      cells: rows.map((r) => ({
        id: r.cell_id,
        parent: r.parent_id,
        kind: r.kind,
        published: r.decision === 'published',
        respondents: r.respondents,
      })),
    })
    expect(verdict.problems).toEqual([])
    expect(t.raw.prepare('SELECT count(*) AS n FROM ballots').get()).toEqual({ n: 0 })
  })
})
