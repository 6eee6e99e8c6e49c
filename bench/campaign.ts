import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseConfig } from '../src/config'
import {
  listCampaignRounds,
  listCells,
  readCampaignBallots,
  readOrganisation,
} from '../src/db/campaigns'
import { OPERATOR } from '../src/domain/actor'
import { decodeAnswers } from '../src/domain/ballot'
import { campaignHierarchy } from '../src/domain/campaign'
import { decideLedger } from '../src/domain/ledger'
import { computeRoundStats } from '../src/domain/scoring'
import { startNodeRuntime } from '../src/node/runtime'
import { createApiToken, createUser } from '../src/services/auth'
import { campaignHeatmap } from '../src/services/campaign-views'
import { buildBenchOrg, type BenchOrg } from './campaign-org'
import { expectStatus, percentile, request } from './client'
import { memoryOf, whileSampling, type Server } from './processes'
import { row, type Row } from './report'

/*
 * Issue 11, "Scale": a campaign over 2,000 teams × 10 dimensions. The organisation is built
 * through the services on a database in memory (/dev/shm where there is one, so building takes
 * seconds), then copied to disk, where everything measured runs as `npm start` runs it
 * (DB_SYNCHRONOUS=FULL): the release over HTTP in the built server, the heatmap over HTTP and as
 * a service call, decideLedger alone; each beside a baseline from the same run.
 */

export interface Timing {
  samples: number
  median: number
  p95: number
  max: number
}

/** `times` timed calls after `warmup` untimed ones, one after another. */
async function timed(call: () => Promise<unknown> | unknown, warmup: number, times: number) {
  const ms: number[] = []
  for (let i = 0; i < warmup + times; i++) {
    const started = performance.now()
    await call()
    if (i >= warmup) ms.push(performance.now() - started)
  }
  return summarize(ms)
}

function summarize(ms: number[]): Timing {
  const sorted = Float64Array.from(ms).sort()
  const at = (p: number) => percentile(sorted, p)
  return { samples: sorted.length, median: at(50), p95: at(95), max: sorted.at(-1) ?? NaN }
}

export interface CampaignResults {
  org: Omit<BenchOrg, 'survey' | 'rootId' | 'answers'> & { buildSeconds: number }
  cells: { total: number; fewerThanK: number; protectsSmaller: number }
  /** decideLedger on the campaign's hierarchy alone (pure). */
  ledger: Timing
  /** Baseline of the close: reading and opening every ballot, each team's statistics computed. */
  openBallots: number
  close: { ms: number; serverPeakMb: number }
  /** GET /api/campaigns/{id}/heatmap over HTTP from the built server, and its size. */
  heatmapHttp: Timing & { bytes: number }
  heatmapService: Timing
  /** Baseline of the heatmap: its ledger rows read alone (SQL). */
  readCells: Timing
}

type StartServer = (name: string, env: Record<string, string>) => Promise<Server>

/** Builds the campaign, measures it, and leaves no file behind. */
export async function measureCampaign(
  start: StartServer,
  dir: string,
  log: (line: string) => void,
): Promise<CampaignResults> {
  const began = performance.now()
  const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/quorum-campaign-') : dir
  const building = join(shm, 'campaign.sqlite')
  const path = join(dir, 'campaign.sqlite')
  const env = {
    DATABASE_PATH: path,
    DB_SYNCHRONOUS: 'FULL',
    LOG_LEVEL: 'warn',
    BALLOT_KEY: randomBytes(32).toString('base64'),
    PASSWORD_ITERATIONS: '10000',
  }
  const open = (at: string, synchronous: string) =>
    startNodeRuntime(parseConfig({ ...env, DATABASE_PATH: at, DB_SYNCHRONOUS: synchronous }))
  try {
    const built = await open(building, 'NORMAL')
    const org = await buildBenchOrg(built.deps, log)
    const admin = await createUser(built.deps, OPERATOR, {
      email: 'bench@example.org',
      name: 'Bench admin',
      role: 'admin',
      password: 'correct horse battery staple',
    })
    const { token } = await createApiToken(built.deps, admin.id, 'bench')
    await built.close()
    copyFileSync(building, path)
    const buildSeconds = (performance.now() - began) / 1000
    log(`campaign: built in ${buildSeconds.toFixed(1)} s, ${org.respondents} answers`)

    // Before the close: the ledger alone, and the close's reading part alone.
    const before = await open(path, 'FULL')
    const { deps } = before
    const rounds = await listCampaignRounds(deps.db, org.campaignId)
    const counts = new Map(org.answers.map((a) => [a.teamId, a.answers]))
    const hierarchy = campaignHierarchy(
      await readOrganisation(deps.db),
      org.rootId,
      new Map(
        rounds.map((r) => [r.team_id, { roundId: r.id, respondents: counts.get(r.team_id)! }]),
      ),
    )
    const ledger = await timed(() => decideLedger(hierarchy, org.k), 3, 20)
    log(
      `campaign: decideLedger on ${hierarchy.length} cells, median ${ledger.median.toFixed(1)} ms`,
    )
    const opening = performance.now()
    const { ballots } = await readCampaignBallots(deps.db, org.campaignId)
    for (const round of rounds) {
      const answers = await Promise.all(
        (ballots.get(round.id) ?? []).map(async (b) =>
          decodeAnswers(org.survey, await deps.seal.open(b, round.id)),
        ),
      )
      if (answers.length > 0) computeRoundStats(org.survey, answers)
    }
    const openBallots = performance.now() - opening
    await before.close()

    // The close and the heatmap as a client sees them, from the built server.
    const server = await start('Quorum (campaign)', env)
    const [reply, peak] = await whileSampling(server.pid, () =>
      request(server.url, 'POST', `/api/campaigns/${org.campaignId}/close`, { token }),
    )
    const closed = expectStatus<{ campaign: { status: string } }>(reply, 200, 'closing it')
    if (closed.campaign.status !== 'released')
      throw new Error(`the campaign is ${closed.campaign.status}, not released`)
    const close = { ms: reply.ms, serverPeakMb: Math.max(peak, memoryOf(server.pid)?.peakMb ?? 0) }
    log(`campaign: closed and released in ${(close.ms / 1000).toFixed(2)} s`)
    const heatmapPath = `/api/campaigns/${org.campaignId}/heatmap`
    let bytes = 0
    const replies: number[] = []
    for (let i = 0; i < 110; i++) {
      const got = await request(server.url, 'GET', heatmapPath, { token })
      expectStatus(got, 200, 'the heatmap')
      bytes = Number(got.headers['content-length'] ?? JSON.stringify(got.body).length)
      if (i >= 10) replies.push(got.ms)
    }
    const heatmapHttp = { ...summarize(replies), bytes }
    await server.stop()

    const after = await open(path, 'FULL')
    const heatmap = await campaignHeatmap(after.deps, OPERATOR, org.campaignId)
    const heatmapService = await timed(
      () => campaignHeatmap(after.deps, OPERATOR, org.campaignId),
      10,
      100,
    )
    const readCells = await timed(() => listCells(after.deps.db, org.campaignId), 10, 100)
    await after.close()
    const status = (s: string) => heatmap.cells.filter((c) => c.status === s).length
    const { survey: _, rootId: __, answers: ___, ...described } = org
    return {
      org: { ...described, buildSeconds },
      cells: {
        total: heatmap.cells.length,
        fewerThanK: status('fewer_than_k'),
        protectsSmaller: status('protects_smaller'),
      },
      ledger,
      openBallots,
      close,
      heatmapHttp,
      heatmapService,
      readCells,
    }
  } finally {
    if (shm !== dir) rmSync(shm, { recursive: true, force: true })
    for (const end of ['', '-wal', '-shm']) rmSync(path + end, { force: true })
  }
}

/** The rows for the table: the targets of issue 11, each with its baseline beneath it. */
export function campaignRows(r: CampaignResults): Row[] {
  const teams = r.org.teams.toLocaleString('en-US')
  const answers = r.org.respondents.toLocaleString('en-US')
  const under50 = { op: '<', limit: 50 } as const
  return [
    row(`campaign heatmap (${teams} teams × 10), GET median`, r.heatmapHttp.median, 'ms', under50),
    row(`campaign heatmap, GET p95`, r.heatmapHttp.p95, 'ms', under50),
    { ...row('service call alone, median', r.heatmapService.median, 'ms'), detail: true },
    { ...row('its ledger rows read alone (SQL), median', r.readCells.median, 'ms'), detail: true },
    row(`close a ${teams}-team campaign (${answers} answers)`, r.close.ms, 'ms', {
      op: '<',
      limit: 10_000,
    }),
    { ...row('opening its ballots alone', r.openBallots, 'ms'), detail: true },
    { ...row('server peak RSS', r.close.serverPeakMb, 'MB'), detail: true },
    row(`decideLedger alone (${r.cells.total} cells), median`, r.ledger.median, 'ms'),
  ]
}
