import { describe, expect, it } from 'vitest'
import { OPERATOR } from '../../src/domain/actor'
import { releaseCampaign } from '../../src/services/campaign-release'
import { closeCampaign, closeDueCampaigns } from '../../src/services/campaigns'
import { runDueWork } from '../../src/services/schedule'
import { campaignHeatmap } from '../../src/services/campaign-views'
import { verifyRelease } from '../../src/verify/verify'
import { buildOrg, runCampaign } from '../helpers/campaign'
import { testApp } from '../helpers/app'
import { startHttpSink } from '../helpers/http-sink'

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
  it('keeps nothing of a withheld team but its counts, and erases every ballot', async () => {
    const t = await testApp()
    const org = await buildOrg(t, { Acme: { Platform: 8, Mobile: 5, Tiny: 2 } })
    const { campaignId, roundOf } = await runCampaign(t, org, { k: 3 })
    await closeCampaign(t.deps, OPERATOR, campaignId)
    const statsOf = (team: string) =>
      (
        t.raw
          .prepare('SELECT count(*) AS n FROM round_stats WHERE round_id = ?')
          .get(roundOf.get(org.teams.get(team)!.id)) as { n: number }
      ).n
    expect(statsOf('Platform')).toBeGreaterThan(0)
    expect(statsOf('Mobile')).toBe(0)
    expect(statsOf('Tiny')).toBe(0)
    const comments = t.raw.prepare('SELECT comments FROM round_results').all() as {
      comments: string
    }[]
    expect(comments.map((c) => c.comments).join('')).not.toMatch(/Mobile|Tiny/)
    const withheld = t.raw
      .prepare(
        "SELECT respondents, invited, stats FROM campaign_cells WHERE decision <> 'published'",
      )
      .all()
    expect(withheld).toEqual([
      { respondents: null, invited: null, stats: null },
      { respondents: null, invited: null, stats: null },
    ])
    for (const table of ['ballots', 'comment_pools', 'unused_links'])
      expect(t.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 })
  })

  it('shows each team its own round as the ledger decided, with the reason', async () => {
    const t = await testApp()
    const org = await buildOrg(t, { Acme: { Platform: 8, Mobile: 5, Tiny: 2 } })
    const admin = await t.user('admin')
    const { campaignId, roundOf } = await runCampaign(t, org, { k: 3 })
    await closeCampaign(t.deps, OPERATOR, campaignId)
    const report = async (team: string) =>
      (
        await t.call('GET', `/api/rounds/${roundOf.get(org.teams.get(team)!.id)}/report`, {
          auth: admin.token,
        })
      ).json
    const mobile = await report('Mobile')
    expect(mobile.released).toBe(false)
    expect(mobile.message).toMatch(/protect a smaller group/)
    expect(JSON.stringify(mobile.dimensions) + JSON.stringify(mobile.items)).toBe('[][]')
    expect(mobile.respondents).toBeNull()
    // Nor does the round's summary, its list or the team's page count it.
    const mobileRound = roundOf.get(org.teams.get('Mobile')!.id)!
    const summary = await t.call('GET', `/api/rounds/${mobileRound}`, { auth: admin.token })
    expect(summary.json.round?.responses ?? summary.json.responses).toEqual({
      reachedK: true,
      count: null,
    })
    const list = await t.call('GET', `/api/teams/${org.teams.get('Mobile')!.id}/rounds`, {
      auth: admin.token,
    })
    expect(list.text).not.toMatch(/"count":5/)
    const page = await t.call('GET', `/api/teams/${org.teams.get('Mobile')!.id}/overview`, {
      auth: admin.token,
    })
    expect(page.text).not.toMatch(/\b5\b.*answered/)
    const tiny = await report('Tiny')
    expect(tiny.message).toMatch(/Fewer than 3/)
    const platform = await report('Platform')
    expect(platform.released).toBe(true)
    expect(platform.respondents).toBe(8)
  })

  it('closes at its closing time, all rounds together, by the timer', async () => {
    const t = await testApp()
    const org = await buildOrg(t, { Acme: { Platform: 4, Mobile: 5 } })
    const { campaignId } = await runCampaign(t, org, { k: 3 })
    expect(await closeDueCampaigns(t.deps)).toBe(0)
    t.clock.advance(8 * 86_400_000)
    await runDueWork(t.deps)
    const statuses = t.raw
      .prepare('SELECT status, closed_at FROM rounds WHERE campaign_id = ?')
      .all(campaignId) as { status: string; closed_at: string }[]
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['closed']))
    expect(new Set(statuses.map((s) => s.closed_at)).size).toBe(1)
    const campaign = t.raw.prepare('SELECT status FROM campaigns').get()
    expect(campaign).toEqual({ status: 'released' })
  })

  it('releases once when closers race: the ledger never changes afterwards', async () => {
    const t = await testApp()
    const org = await buildOrg(t, { Acme: { A: { Platform: 8, Mobile: 5 }, B: { East: 3 } } })
    const { campaignId } = await runCampaign(t, org, { k: 3 })
    await Promise.all([
      releaseCampaign(t.deps, campaignId),
      releaseCampaign(t.deps, campaignId),
      closeCampaign(t.deps, OPERATOR, campaignId).catch(() => undefined),
    ])
    const ledger = () => t.raw.prepare('SELECT * FROM campaign_cells ORDER BY position').all()
    const first = ledger()
    expect(first.length).toBe(6)
    // Moving teams afterwards, or releasing again, changes nothing that was published.
    await releaseCampaign(t.deps, campaignId)
    expect(ledger()).toEqual(first)
    expect(t.raw.prepare('SELECT count(*) AS n FROM releases').get()).toEqual({ n: 9 })
  })

  it('refuses a facilitator closing one round of a campaign, or changing its k', async () => {
    const t = await testApp()
    const org = await buildOrg(t, { Acme: { Platform: 4, Mobile: 5 } })
    const { roundOf } = await runCampaign(t, org, { k: 3 })
    const admin = await t.user('admin')
    const roundId = roundOf.get(org.teams.get('Platform')!.id)!
    const close = await t.call('POST', `/api/rounds/${roundId}/close`, { auth: admin.token })
    expect(close.status).toBe(409)
    expect(close.json.error.code).toBe('campaign_round')
    expect(close.json.error.message).toMatch(/Spring pulse/)
    const k = await t.call('PATCH', `/api/rounds/${roundId}`, {
      auth: admin.token,
      body: { k: 4 },
    })
    expect(k.status).toBe(409)
    expect(k.json.error.message).toMatch(/one k for all its teams/)
    expect(t.raw.prepare("SELECT count(*) AS n FROM rounds WHERE status = 'open'").get()).toEqual({
      n: 2,
    })
  })

  // The audits' attacks: the labels ("at least k" / "fewer than k") and the public link counts
  // are bounds on a withheld cell, and with published counts they could pin one down.
  for (const [name, spec, links] of [
    [
      'labels: a group of 8, its published team of 5, a team "at least 3" and one "fewer than 3"',
      { Top: { Big: 8, G: { A: 3, B: 0, E: 5 } } },
      { Big: 10, A: 3, B: 3, E: 6 },
    ],
    [
      'links: a group of 6 whose two teams used every link they had',
      { Top: { Big: 8, Ops: { OA: 4, OB: 2 } } },
      { Big: 10, OA: 4, OB: 2 },
    ],
    [
      'labels and links: a group of exactly k, of a team with one link and one "fewer than k"',
      { Top: { Big: 8, S: { A: 1, B: 2 } } },
      { Big: 10, A: 1, B: 5 },
    ],
  ] as const)
    it(`leaves every withheld cell two possible counts at least, given ${name}`, async () => {
      const t = await testApp()
      const org = await buildOrg(t, spec)
      const admin = await t.user('admin')
      const { campaignId } = await runCampaign(t, org, {
        k: 3,
        links: (team) => (links as Record<string, number>)[team]!,
      })
      await closeCampaign(t.deps, OPERATOR, campaignId)
      const map = (
        await t.call('GET', `/api/campaigns/${campaignId}/heatmap`, { auth: admin.token })
      ).json as {
        cells: {
          id: string
          parentId: string | null
          kind: string
          status: string
          respondents: number | null
        }[]
      }
      // Every count each team could have, within its links, that fits all that is public.
      const teams = map.cells.filter((c) => c.kind === 'team')
      const limit = teams.map((c) => (links as Record<string, number>)[nameOf(c.id)]!)
      function nameOf(id: string) {
        return [...org.teams].find(([, v]) => v.id === id)![0]
      }
      const under = (cell: string, team: string) => {
        for (let at: string | null = team; at; at = map.cells.find((c) => c.id === at)!.parentId)
          if (at === cell) return true
        return false
      }
      const possible = new Map(map.cells.map((c) => [c.id, new Set<number>()]))
      const counts = teams.map(() => 0)
      const sum = (cell: string) =>
        teams.reduce((s, team, j) => s + (under(cell, team.id) ? counts[j]! : 0), 0)
      const reach = (cell: string) =>
        teams.reduce((s, team, j) => s + (under(cell, team.id) ? limit[j]! : 0), 0)
      // A team's label bounds it; a withheld group's says nothing.
      const fits = () =>
        map.cells.every((c) =>
          c.status === 'published'
            ? sum(c.id) === c.respondents
            : c.kind === 'group'
              ? true
              : c.status === 'fewer_than_k'
                ? sum(c.id) < 3
                : sum(c.id) >= 3,
        )
      const walk = (i: number): void => {
        if (i < teams.length) {
          for (let n = 0; n <= limit[i]!; n++) {
            counts[i] = n
            walk(i + 1)
          }
          return
        }
        if (fits()) for (const c of map.cells) possible.get(c.id)!.add(sum(c.id))
      }
      walk(0)
      // One possible count is allowed when it is the cell's links: everyone answered.
      for (const c of map.cells.filter((c) => c.status !== 'published')) {
        const values = [...possible.get(c.id)!]
        if (values.length < 2) expect(values, c.id).toEqual([reach(c.id)])
      }
      expect(map.cells.some((c) => c.status === 'published')).toBe(true)
    })

  it('tells each team’s chat why its round is withheld, with no number', async () => {
    const t = await testApp({ CHAT_LOCAL_WEBHOOKS: 'true' })
    const org = await buildOrg(t, { Acme: { Platform: 8, Mobile: 5, Tiny: 2 } })
    const admin = await t.user('admin')
    const hooks = new Map<string, Awaited<ReturnType<typeof startHttpSink>>>()
    try {
      for (const name of ['Platform', 'Mobile', 'Tiny']) {
        const hook = await startHttpSink()
        hooks.set(name, hook)
        const set = await t.call('PUT', `/api/teams/${org.teams.get(name)!.id}/chat`, {
          auth: admin.token,
          body: { url: `${hook.url}/services/T0/B0/secret${name}` },
        })
        expect(set.status, set.text).toBe(200)
      }
      const { campaignId } = await runCampaign(t, org, { k: 3 })
      await closeCampaign(t.deps, OPERATOR, campaignId)
      const last = (name: string) => String(hooks.get(name)!.requests.at(-1)?.json?.text ?? '')
      expect(last('Platform')).toMatch(/are released: 8 people answered/)
      expect(last('Mobile')).toMatch(/withheld to protect a smaller group/)
      expect(last('Mobile')).not.toMatch(/Fewer than|\b5\b/)
      expect(last('Tiny')).toMatch(/Fewer than 3 people answered/)
    } finally {
      await Promise.all([...hooks.values()].map((h) => h.close()))
    }
  })
})
