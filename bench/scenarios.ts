import { eachLimited, expectStatus, percentile, type Reply } from './client'
import { bodyMaker, type Link, type QuorumApi } from './quorum'

type MakeBody = ReturnType<typeof bodyMaker>

/** Submits every link (a few at a time), failing on the first refusal. */
async function submitAll(api: QuorumApi, links: Link[], makeBody: MakeBody): Promise<void> {
  await eachLimited(links, 8, async (link) => {
    expectStatus(await api.submit(link, makeBody(link.secret)), 201, 'submitting a response')
  })
}

export interface Timing {
  samples: number
  median: number
  p99: number
  max: number
}

function timing(values: number[]): Timing {
  const sorted = Float64Array.from(values).sort()
  return {
    samples: sorted.length,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  }
}

/** `times` sequential timed calls after `warmup` untimed ones; each must answer 200. */
async function timeCalls(call: () => Promise<Reply>, warmup: number, times: number) {
  const ms: number[] = []
  for (let i = 0; i < warmup + times; i++) {
    const reply = await call()
    expectStatus(reply, 200, 'a timed call')
    if (i >= warmup) ms.push(reply.ms)
  }
  return timing(ms)
}

/**
 * A team with `rounds` closed rounds (k = 3, 3–5 respondents each), then its trend fetched
 * `times` times one after another, after `warmup` untimed fetches. `GET /api/me`, timed the same
 * way, shows what HTTP and the token check alone cost.
 */
export async function measureTrend(
  api: QuorumApi,
  makeBody: MakeBody,
  progress: (line: string) => void,
  { rounds = 50, warmup = 20, times = 200 } = {},
): Promise<Timing & { rounds: number; me: Timing }> {
  const teamId = await api.createTeam('Bench trend')
  for (let i = 0; i < rounds; i++) {
    const links = await api.openRound(teamId, 3, 3 + (i % 3))
    await submitAll(api, links, makeBody)
    expectStatus(await api.close(links[0]!.roundId), 200, 'closing a round')
    if ((i + 1) % 10 === 0) progress(`trend: ${i + 1}/${rounds} rounds answered and closed`)
  }
  const first = expectStatus<{ rounds: unknown[] }>(await api.trend(teamId), 200, 'trend')
  if (first.rounds.length !== rounds)
    throw new Error(`the trend shows ${first.rounds.length} rounds, expected ${rounds}`)
  const trend = await timeCalls(() => api.trend(teamId), warmup, times)
  const me = await timeCalls(() => api.me(), warmup, times)
  return { ...trend, rounds, me }
}

/** `rounds` times: a round with `respondents` answers, then the close call timed. */
export async function measureClose(
  api: QuorumApi,
  makeBody: MakeBody,
  progress: (line: string) => void,
  { rounds = 5, respondents = 200 } = {},
): Promise<Timing & { respondents: number }> {
  const teamId = await api.createTeam('Bench close')
  const ms: number[] = []
  for (let i = 0; i < rounds; i++) {
    const links = await api.openRound(teamId, 5, respondents)
    await submitAll(api, links, makeBody)
    const reply = await api.close(links[0]!.roundId)
    const closed = expectStatus<{ round: { status: string } }>(reply, 200, 'closing a round')
    if (closed.round.status !== 'closed') throw new Error(`round still ${closed.round.status}`)
    ms.push(reply.ms)
    progress(`close: round ${i + 1}/${rounds} closed in ${reply.ms.toFixed(1)} ms`)
  }
  return { ...timing(ms), respondents }
}
