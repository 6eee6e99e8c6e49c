import { describe, expect, it } from 'vitest'
import { OPERATOR } from '../../src/domain/actor'
import { closeCampaign } from '../../src/services/campaigns'
import { addGroupLead } from '../../src/services/groups'
import { builtinSurvey, testApp, type TestApp } from '../helpers/app'
import { buildOrg, runCampaign } from '../helpers/campaign'
import { signedInBrowser } from '../helpers/web-browser'
import { contrastRatio } from '../helpers/contrast'
import { APP_CSS } from '../../src/views/assets'
import { TONE_STEPS, toneStep } from '../../src/views/heatmap'

const ORG = {
  Acme: { Engineering: { Platform: 8, Mobile: 5, Tiny: 2 }, Sales: { East: 6, West: 7 } },
}
/** Each team answers around its own level, so the heatmap has something to sort. */
const LEVEL: Record<string, number> = { Platform: 6, Mobile: 5, Tiny: 3, East: 2, West: 4 }

const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'))

/** The heatmap's body rows: the row header's text and each cell's html. */
function heatmapRows(html: string) {
  const body = html.slice(html.indexOf('<table class="heatmap"'))
  const tbody = body.slice(body.indexOf('<tbody>'), body.indexOf('</tbody>'))
  return [...tbody.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) => ({
    name: row!.match(/<th[^>]*><a[^>]*>([^<]+)<\/a>/)![1]!,
    cells: [...row!.matchAll(/<td[^>]*>[\s\S]*?<\/td>/g)].map(([td]) => td),
  }))
}

/** A released campaign over ORG, an admin's browser, and the org's ids. */
async function releasedCampaign(t: TestApp) {
  const org = await buildOrg(t, ORG)
  const { campaignId, roundOf } = await runCampaign(t, org, {
    k: 3,
    value: (team, i) => Math.min(7, Math.max(1, LEVEL[team]! + (i % 2))),
  })
  await closeCampaign(t.deps, OPERATOR, campaignId)
  return { org, campaignId, roundOf }
}

describe('the heatmap’s colour scale', () => {
  it('has six steps split at the favourable cut, each with text in AA contrast', () => {
    const scale = { min: 1, max: 5, favourableFrom: 4 }
    expect([1, 2, 3.49, 3.5, 4.2, 5].map((x) => toneStep(x, scale))).toEqual([0, 1, 2, 3, 4, 5])
    for (const [i, step] of TONE_STEPS.entries()) {
      expect(contrastRatio(step.fill, step.text), step.fill).toBeGreaterThanOrEqual(4.5)
      expect(APP_CSS).toContain(`.tone-${i} { background: ${step.fill}; color: ${step.text}; }`)
    }
  })
})

describe('the campaign pages', () => {
  it('open a campaign from the form, ask before closing it, then show the heatmap', async () => {
    const t = await testApp()
    const org = await buildOrg(t, { Acme: { Platform: 4 } })
    const admin = await t.user('admin')
    const web = await signedInBrowser(t, admin.email)
    const list = await web.get('/campaigns')
    expect(list.status).toBe(200)
    expect(list.text).toContain('href="/campaigns">Campaigns</a>')
    expect(mainOf(list.text)).toContain('Open a campaign')

    const refused = await web.post('/campaigns', {
      groupId: org.rootId,
      surveyId: 'psychological-safety',
      k: 2,
      closesAt: '2020-01-01T10:00',
      name: '',
    })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('There is a problem')
    expect(refused.text).toContain('Choose a time in the future.')

    const opened = await web.post('/campaigns', {
      groupId: org.rootId,
      surveyId: 'psychological-safety',
      k: 3,
      closesAt: '2026-03-20T17:00',
      name: 'Spring pulse',
    })
    expect(opened.status).toBe(303)
    const page = await web.get(opened.location!)
    expect(page.text).toContain('Opened the campaign.')
    expect(page.text).toContain('Spring pulse')
    expect(page.text).toContain('Close the campaign now')
    expect(page.text).not.toContain('class="heatmap"')

    const id = opened.location!.split('/')[2]!.split('?')[0]!
    const asked = await web.post(`/campaigns/${id}/close`)
    expect(asked.status).toBe(200)
    expect(asked.text).toContain('Close “Spring pulse” now?')
    expect(asked.text).toContain('ledger')
    const closed = await web.post(`/campaigns/${id}/close`, { confirm: 'yes' })
    expect(closed.status).toBe(303)
    const released = await web.get(closed.location!)
    expect(released.text).toContain('Closed the campaign and released')
    expect(released.text).toContain(`npm run verify -- --campaign ${id}`)
    expect(released.text).toContain(`/api/campaigns/${id}/heatmap.csv`)
    // Closing again asks nothing: the page shows the release.
    const again = await web.post(`/campaigns/${id}/close`)
    expect(again.status).toBe(303)
    expect(again.location).toBe(`/campaigns/${id}`)
  })

  it('shows the heatmap with withheld cells that carry no number, sortable by any column', async () => {
    const t = await testApp()
    const { campaignId, org } = await releasedCampaign(t)
    const admin = await t.user('admin')
    const web = await signedInBrowser(t, admin.email)
    const page = await web.get(`/campaigns/${campaignId}`)
    expect(page.status).toBe(200)
    const rows = heatmapRows(page.text)
    expect(rows.map((r) => r.name)).toEqual([
      'Acme',
      'Engineering',
      'Mobile',
      'Platform',
      'Tiny',
      'Sales',
      'East',
      'West',
    ])
    const row = (name: string) => rows.find((r) => r.name === name)!
    // No digit in a withheld cell's text or attributes (its colspan counts columns, not people).
    const withheld = [...row('Tiny').cells, ...row('Mobile').cells]
    for (const cell of withheld) expect(cell.replace(/ colspan="\d+"/, '')).not.toMatch(/\d/)
    expect(row('Tiny').cells.join('')).toContain('fewer than k respondents')
    expect(row('Mobile').cells.join('')).toContain('withheld to protect a smaller group')
    expect(row('Tiny').cells[0]).toContain('class="withheld fewer"')
    expect(row('Mobile').cells[0]).toContain('class="withheld protects"')
    // A published score: its mean, coloured, and its interval and favourable share for hover.
    expect(row('Platform').cells[0]).toContain('>8<')
    expect(row('Platform').cells[2]).toMatch(/class="score tone-\d"/)
    expect(row('Platform').cells[2]).toMatch(/95% interval \d\.\d\d–\d\.\d\d, \d+% favourable/)
    expect(page.text).toContain('aria-label') // the legend and region are labelled
    expect(page.text).toContain(`href="/groups/${org.rootId}/trend"`)

    const dimension = builtinSurvey('psychological-safety').dimensions[0]!.id
    const sorted = await web.get(`/campaigns/${campaignId}?sort=${dimension}&dir=desc`)
    expect(sorted.text).toContain('aria-sort="descending"')
    const order = heatmapRows(sorted.text)
    expect(
      order
        .slice(-2)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['Mobile', 'Tiny'])
    const means = order
      .slice(0, -2)
      .map((r) => Number(r.cells[2]!.match(/class="mean">([\d.]+)</)![1]))
    expect(means).toEqual([...means].sort((a, b) => b - a))
    const byName = heatmapRows((await web.get(`/campaigns/${campaignId}?sort=name&dir=asc`)).text)
    // Names are shown for withheld cells too: by name, everything sorts alphabetically.
    expect(byName.map((r) => r.name)).toEqual([
      'Acme',
      'East',
      'Engineering',
      'Mobile',
      'Platform',
      'Sales',
      'Tiny',
      'West',
    ])
    const byRespondents = heatmapRows(
      (await web.get(`/campaigns/${campaignId}?sort=respondents&dir=asc`)).text,
    )
    expect(byRespondents[0]!.name).toBe('East')

    const german = await web.get(`/campaigns/${campaignId}?locale=de`)
    expect(german.text).toContain('<html lang="de">')
    expect(german.text).toContain('Zu diesen Zahlen')
    expect(german.text).toContain('zurückgehalten, um eine kleinere Gruppe zu schützen')
  })

  it('shows a cell’s report with its children, and a group’s trend', async () => {
    const t = await testApp()
    const { campaignId, org } = await releasedCampaign(t)
    const admin = await t.user('admin')
    const web = await signedInBrowser(t, admin.email)
    const engineering = org.groups.get('Engineering')!
    const cell = await web.get(`/campaigns/${campaignId}/cells/${engineering}`)
    expect(cell.status).toBe(200)
    const main = mainOf(cell.text)
    expect(main).toContain('Dimensions')
    expect(main).toMatch(/Tiny<\/a> <span class="muted">\(team\) — fewer than k respondents/)
    expect(main).toContain('withheld to protect a smaller group')
    expect(main).toContain(`/groups/${engineering}/trend`)
    const tiny = await web.get(`/campaigns/${campaignId}/cells/${org.teams.get('Tiny')!.id}`)
    expect(mainOf(tiny.text)).toContain('Fewer than k people answered')
    expect(mainOf(tiny.text)).not.toContain('Dimensions')

    const trend = await web.get(`/groups/${engineering}/trend`)
    expect(trend.status).toBe(200)
    expect(trend.text).toContain('Trend of Engineering')
    expect(trend.text).toContain('Spring pulse')
    expect(trend.text).toMatch(/\d\.\d\d \[\d\.\d\d–\d\.\d\d\]/)
  })

  it('answers 404 to a facilitator who leads nothing, and shows a sub-group’s lead their part only', async () => {
    const t = await testApp()
    const { campaignId, org } = await releasedCampaign(t)
    const facilitator = await t.user('facilitator')
    const outsider = await signedInBrowser(t, facilitator.email)
    expect((await outsider.get(`/campaigns/${campaignId}`)).status).toBe(404)
    const cellPath = `/campaigns/${campaignId}/cells/${org.rootId}`
    expect((await outsider.get(cellPath)).status).toBe(404)
    expect((await outsider.get(`/groups/${org.rootId}/trend`)).status).toBe(404)
    const list = await outsider.get('/campaigns')
    expect(list.status).toBe(200)
    expect(mainOf(list.text)).toContain('You lead no group')
    expect(mainOf(list.text)).not.toContain('Spring pulse')

    const lead = await t.user('facilitator')
    await addGroupLead(t.deps, OPERATOR, org.groups.get('Sales')!, { id: lead.id })
    const sales = await signedInBrowser(t, lead.email)
    expect(mainOf((await sales.get('/campaigns')).text)).toContain('Spring pulse')
    const page = await sales.get(`/campaigns/${campaignId}`)
    expect(page.status).toBe(200)
    expect(heatmapRows(page.text).map((r) => r.name)).toEqual(['Sales', 'East', 'West'])
    expect(page.text).not.toContain('Close the campaign now')
    expect((await sales.post(`/campaigns/${campaignId}/close`)).status).toBe(403)
    expect((await sales.get(cellPath)).status).toBe(404)
  })

  it('shows a campaign round’s team report beside its group', async () => {
    const t = await testApp()
    const { org, roundOf } = await releasedCampaign(t)
    const admin = await t.user('admin')
    const facilitator = await t.user('facilitator')
    const platform = org.teams.get('Platform')!.id
    await t.call('PUT', `/api/teams/${platform}/facilitators/${facilitator.id}`, {
      auth: admin.token,
    })
    const web = await signedInBrowser(t, facilitator.email)
    const report = await web.get(`/rounds/${roundOf.get(platform)}/report`)
    expect(report.status).toBe(200)
    expect(report.text).toContain('Beside your group')
    expect(report.text).toContain('Your group: Engineering')
    // Mobile is withheld (protects a smaller group): its report has no group beside it.
    const mobile = org.teams.get('Mobile')!.id
    await t.call('PUT', `/api/teams/${mobile}/facilitators/${facilitator.id}`, {
      auth: admin.token,
    })
    const withheld = await web.get(`/rounds/${roundOf.get(mobile)}/report`)
    expect(withheld.status).toBe(200)
    expect(withheld.text).not.toContain('Beside your group')
  })
})
