import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  answerEveryItem,
  httpClient,
  secretOf,
  type HttpClient,
  type ServedSurvey,
} from '../helpers/server'
import { fillRoster } from '../helpers/roster'
import {
  logEvents,
  openTargetDatabase,
  START_TIMEOUT,
  STOP_TIMEOUT,
  type Runtime,
  type RunningTarget,
} from '../helpers/target'

const PASSWORD = 'correct horse battery staple'
const ROOT = join(import.meta.dirname, '..', '..')

/**
 * A campaign over HTTP against a real running Quorum (Node, or the Worker with a local D1): an
 * organisation of groups and teams, one campaign across it, answers, its close, the heatmap, and
 * the independent verifier run on the database file the runtime wrote (`npm run verify`).
 * With k = 3: Engineering holds Platform (6 answer), Mobile (4) and Tiny (2); Sales holds East (5)
 * and West (3). Tiny is below k; Mobile is withheld to protect it.
 */
export function describeCampaignJourney(
  runtime: Runtime,
  start: () => Promise<RunningTarget>,
): void {
  describe(`a campaign across an organisation on ${runtime}`, () => {
    let target: RunningTarget
    let admin: HttpClient
    const teams = new Map<string, string>()
    let campaignId = ''
    const answers: Record<string, number> = { Platform: 6, Mobile: 4, Tiny: 2, East: 5, West: 3 }

    beforeAll(async () => {
      target = await start()
      admin = httpClient(target.baseUrl)
      const body = { email: 'admin@example.org', name: 'Ada', password: PASSWORD }
      const setup = await admin.call('POST', '/api/setup', {
        body: { token: target.setupToken, ...body },
      })
      expect(setup.status, setup.text).toBe(201)
      await admin.call('POST', '/api/session', { body: { email: body.email, password: PASSWORD } })
    }, START_TIMEOUT)
    afterAll(async () => {
      await target?.remove()
    }, STOP_TIMEOUT)

    const group = async (name: string, parentId?: string) => {
      const res = await admin.call('POST', '/api/groups', { body: { name, parentId } })
      expect(res.status, res.text).toBe(201)
      return res.json.group.id as string
    }

    it('builds groups and teams, and opens one campaign for all of them', async () => {
      const acme = await group('Acme')
      const parents = {
        Engineering: await group('Engineering', acme),
        Sales: await group('Sales', acme),
      }
      const placed: [string, keyof typeof parents][] = [
        ['Platform', 'Engineering'],
        ['Mobile', 'Engineering'],
        ['Tiny', 'Engineering'],
        ['East', 'Sales'],
        ['West', 'Sales'],
      ]
      for (const [name, parent] of placed) {
        const team = await admin.call('POST', '/api/teams', { body: { name } })
        expect(team.status, team.text).toBe(201)
        teams.set(name, team.json.team.id)
        await fillRoster(admin, team.json.team.id, 10)
        const put = await admin.call('PUT', `/api/teams/${team.json.team.id}/group`, {
          body: { groupId: parents[parent] },
        })
        expect(put.status, put.text).toBe(200)
      }
      const opened = await admin.call('POST', '/api/campaigns', {
        body: {
          groupId: acme,
          surveyId: 'collaboration',
          k: 3,
          name: 'Spring pulse',
          closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        },
      })
      expect(opened.status, opened.text).toBe(201)
      expect(opened.json.campaign).toMatchObject({ status: 'open', teams: 5, k: 3 })
      campaignId = opened.json.campaign.id
    })

    it('lets each team answer its own round', async () => {
      for (const [name, teamId] of teams) {
        const rounds = await admin.call('GET', `/api/teams/${teamId}/rounds`)
        expect(rounds.status, rounds.text).toBe(200)
        const round = rounds.json.rounds[0]
        const links = await admin.call('POST', `/api/rounds/${round.id}/invitations`, {
          body: { count: answers[name]! + 2 },
        })
        expect(links.status, links.text).toBe(201)
        const served = await admin.call('GET', `/api/public/rounds/${round.id}`)
        const survey = served.json.survey as ServedSurvey
        const used = (links.json.links as { url: string }[]).slice(0, answers[name])
        for (const [r, link] of used.entries()) {
          const res = await admin.call('POST', `/api/public/rounds/${round.id}/responses`, {
            body: {
              secret: secretOf(link.url),
              answers: answerEveryItem(survey, (values, i) => values[(r + i) % values.length]!),
            },
          })
          expect(res.status, res.text).toBe(201)
        }
      }
    })

    it('closes every round at once and publishes by its ledger', async () => {
      const closed = await admin.call('POST', `/api/campaigns/${campaignId}/close`)
      expect(closed.status, closed.text).toBe(200)
      expect(closed.json.campaign?.status ?? closed.json.status).toBe('released')
      const heatmap = await admin.call('GET', `/api/campaigns/${campaignId}/heatmap`)
      expect(heatmap.status, heatmap.text).toBe(200)
      const status = Object.fromEntries(
        (heatmap.json.cells as { name: string; status: string }[]).map((c) => [c.name, c.status]),
      )
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
      for (const cell of heatmap.json.cells.filter((c: any) => c.status !== 'published'))
        expect(
          JSON.stringify(cell).replace(/"(id|parentId)":"[^"]*"|"depth":\d+/g, ''),
        ).not.toMatch(/\d/)
    })

    it('leaves no ballot and no number of a withheld cell in the database file', () => {
      const db = openTargetDatabase(target)
      try {
        expect(db.prepare('SELECT count(*) AS n FROM ballots').get()).toEqual({ n: 0 })
        const withheld = db
          .prepare(
            "SELECT respondents, invited, stats FROM campaign_cells WHERE decision <> 'published'",
          )
          .all()
        expect(withheld).toEqual([
          { respondents: null, invited: null, stats: null },
          { respondents: null, invited: null, stats: null },
        ])
      } finally {
        db.close()
      }
    })

    it('passes the independent verifier, run on the database file', async () => {
      const { stdout } = await promisify(execFile)(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [join(ROOT, 'scripts', 'verify.ts'), '--campaign', campaignId],
        { env: { ...process.env, DATABASE_PATH: target.databasePath }, cwd: ROOT },
      )
      expect(stdout).toMatch(/Verified/)
    })

    it('logs the release with counts of cells only', () => {
      const released = logEvents(target).find((e) => e.message === 'campaign released')
      expect(released).toMatchObject({ campaign: campaignId, cells: 8, published: 6 })
    })

    it('closes a campaign at its closing time on its own (timer on Node, cron on Workers)', async () => {
      const acme = (await admin.call('GET', '/api/groups')).json.groups.find(
        (g: { name: string }) => g.name === 'Sales',
      ).id
      const opened = await admin.call('POST', '/api/campaigns', {
        body: {
          groupId: acme,
          surveyId: 'collaboration',
          k: 3,
          closesAt: new Date(Date.now() + 2_000).toISOString(),
        },
      })
      expect(opened.status, opened.text).toBe(201)
      await new Promise((resolve) => setTimeout(resolve, 2_500))
      const deadline = Date.now() + 60_000
      let status = ''
      while (Date.now() < deadline) {
        if (runtime === 'workers')
          await fetch(`${target.baseUrl}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`)
        const res = await admin.call('GET', `/api/campaigns/${opened.json.campaign.id}`)
        status = res.json.campaign?.status ?? res.json.status
        if (status === 'released') break
        await new Promise((resolve) => setTimeout(resolve, 1_000))
      }
      expect(status).toBe('released')
    }, 90_000)
  })
}
