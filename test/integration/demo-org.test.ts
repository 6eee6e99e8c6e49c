import { describe, expect, it } from 'vitest'
import { buildDemoOrg, DEMO_ORG } from '../../src/cli/demo-org'
import { OPERATOR } from '../../src/domain/actor'
import { campaignHeatmap, groupTrend } from '../../src/services/campaign-views'
import { testApp } from '../helpers/app'

/** The organisation `npm run demo` builds (issue 11: "Seeing it at once"). */
describe('the demo organisation', () => {
  it('releases two campaigns whose heatmaps withhold cells of both kinds', async () => {
    const t = await testApp()
    const org = await buildDemoOrg(t.deps, {
      today: t.clock.now(),
      setClock: (time) => t.clock.set(new Date(time).toISOString()),
    })
    const teams = Object.values(DEMO_ORG).flatMap((d) => Object.values(d).flatMap(Object.keys))
    expect(org.teams).toBe(teams.length)
    expect(org.teams).toBeGreaterThanOrEqual(35)
    expect(org.campaigns.map((c) => c.status)).toEqual(['released', 'released'])
    expect(org.heatmapUrl).toMatch(new RegExp(`/campaigns/${org.campaigns[1]!.id}$`))
    for (const campaign of org.campaigns) {
      const heatmap = await campaignHeatmap(t.deps, OPERATOR, campaign.id)
      const cells = (status: string) => heatmap.cells.filter((c) => c.status === status)
      expect(cells('fewer_than_k').length, campaign.name).toBeGreaterThan(0)
      expect(cells('protects_smaller').length, campaign.name).toBeGreaterThan(0)
      expect(
        cells('protects_smaller').some((c) => c.kind === 'group'),
        campaign.name,
      ).toBe(true)
      for (const cell of [...cells('fewer_than_k'), ...cells('protects_smaller')])
        expect(cell).toMatchObject({ respondents: null, responseRate: null, scores: [] })
      expect(heatmap.cells[0]).toMatchObject({ name: org.rootName, status: 'published' })
    }
    const trend = await groupTrend(t.deps, OPERATOR, org.rootId)
    expect(trend.points.map((p) => p.status)).toEqual(['published', 'published'])
  })
})
