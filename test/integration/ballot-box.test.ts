import { describe, expect, it } from 'vitest'
import { readCommentPools } from '../../src/db/ballots'
import type { BallotBox, Cast } from '../../src/deps'
import {
  commentBuckets,
  decodeComments,
  encodeAnswers,
  pickBucket,
  unusedTagText,
} from '../../src/domain/ballot'
import { commentsContext, batchBallotBox } from '../../src/services/ballot-box'
import {
  answersFor,
  builtinSurvey,
  teamWithFacilitator,
  testApp,
  type TestApp,
} from '../helpers/app'
import { countRows } from '../helpers/db'
import { readDatabaseFile } from '../helpers/sqlite-file'

/** Rank correlation of a sequence with its sorted order, from −1 to 1. */
function kendallTau(sequence: number[]): number {
  let sum = 0
  let pairs = 0
  for (let i = 0; i < sequence.length; i++)
    for (let j = i + 1; j < sequence.length; j++, pairs++)
      sum += sequence[i]! < sequence[j]! ? 1 : -1
  return sum / pairs
}

const SURVEY = 'psychological-safety'
const survey = builtinSurvey(SURVEY)

async function openRound(t: TestApp, invitations: number, k = 3) {
  const { facilitator, team } = await teamWithFacilitator(t)
  const res = await t.call('POST', `/api/teams/${team.id}/rounds`, {
    auth: facilitator.token,
    body: { surveyId: SURVEY, k, closesAt: '2026-03-09T17:00:00Z', invitations },
  })
  expect(res.status, res.text).toBe(201)
  const secrets = (res.json.links as { url: string }[]).map((l) => l.url.split('#')[1]!)
  return { round: res.json.round as { id: string }, secrets, facilitator }
}

async function castFor(
  t: TestApp,
  roundId: string,
  secret: string,
  value: number,
  comment?: string,
  links = 16,
) {
  const cast: Cast = {
    roundId,
    place: await t.deps.seal.place(secret),
    tag: await t.deps.seal.place(unusedTagText(secret)),
    sealed: await t.deps.seal.seal(encodeAnswers(survey, answersFor(SURVEY, value)), roundId),
    comments: comment ? [{ questionId: 'comment', body: comment }] : [],
    bucket: pickBucket(commentBuckets(links)),
    now: t.deps.now().toISOString(),
  }
  return cast
}

async function poolOf(t: TestApp, roundId: string) {
  const pools = await readCommentPools(t.deps.db, roundId)
  const lists = await Promise.all(
    pools.map(async (p) => decodeComments(await t.deps.seal.open(p, commentsContext(roundId)))),
  )
  return lists.flat()
}

const boxes: [string, (t: TestApp) => BallotBox][] = [
  ['group commit (Node)', (t) => t.deps.ballots],
  ['one batch per submission (D1)', (t) => batchBallotBox(t.deps.db, t.deps.batch, t.deps.seal)],
]

describe.each(boxes)('the ballot box: %s', (_, boxOf) => {
  it('P6: one secret sent 20 times at once is stored once, also inside one batch', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t, 3)
    const box = boxOf(t)
    const casts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => castFor(t, round.id, secrets[0]!, 1 + (i % 7), `c${i}`)),
    )
    const outcomes = await Promise.all(casts.map((c) => box.cast(c)))
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'used')).toHaveLength(19)
    expect(countRows(t, 'ballots', 'filled = 1')).toBe(1)
    // Only the stored one's comment is kept: a refused cast adds nothing.
    expect(await poolOf(t, round.id)).toHaveLength(1)
  })

  it('keeps every comment when many people answer at once', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t, 30)
    const box = boxOf(t)
    const casts = await Promise.all(
      secrets.map((s, i) => castFor(t, round.id, s, 1 + (i % 7), `comment number ${i}`, 30)),
    )
    const outcomes = await Promise.all(casts.map((c) => box.cast(c)))
    expect(outcomes).toEqual(Array(30).fill('stored'))
    const bodies = (await poolOf(t, round.id)).map((c) => c.body).sort()
    expect(bodies).toEqual(secrets.map((_, i) => `comment number ${i}`).sort())
    // 30 links: two buckets, so that a write reseals about half the round's comments.
    expect(countRows(t, 'comment_pools')).toBe(2)
  })

  it('says why nothing was stored: unknown link, used link, closed round', async () => {
    const t = await testApp()
    const { round, secrets, facilitator } = await openRound(t, 2)
    const box = boxOf(t)
    expect(await box.cast(await castFor(t, round.id, 'z'.repeat(43), 3))).toBe('unknown')
    expect(await box.cast(await castFor(t, round.id, secrets[0]!, 3))).toBe('stored')
    expect(await box.cast(await castFor(t, round.id, secrets[0]!, 3))).toBe('used')
    const late = await castFor(t, round.id, secrets[1]!, 3)
    await t.call('POST', `/api/rounds/${round.id}/close`, { auth: facilitator.token })
    expect(await box.cast(late)).toBe('closed') // released, its ballots gone: still 'closed'
  })

  it('refuses a ballot sealed to another size, leaving the ballot empty', async () => {
    const t = await testApp()
    const { round, secrets } = await openRound(t, 1)
    const cast = await castFor(t, round.id, secrets[0]!, 3)
    await expect(boxOf(t).cast({ ...cast, sealed: cast.sealed.slice(1) })).rejects.toThrow()
    expect(countRows(t, 'ballots', 'filled = 1')).toBe(0)
  })
})

describe('minting', () => {
  it('writes ballots in an order unrelated to the order links are handed out', async () => {
    const t = await testApp()
    const taus: number[] = []
    for (let run = 0; run < 3; run++) {
      const { round, secrets } = await openRound(t, 12)
      const places = await Promise.all(secrets.map((s) => t.deps.seal.place(s)))
      // In one fresh leaf page SQLite places cells from the end in the order they were inserted.
      const cells = readDatabaseFile(t.raw.serialize())
        .cellsOf('ballots')
        .filter((c) => c.values[0] === round.id)
      expect(cells).toHaveLength(12)
      const byOffset = [...cells].sort((a, b) => a.page - b.page || b.offset - a.offset)
      taus.push(kendallTau(byOffset.map((c) => places.indexOf(String(c.values[1])))))
      t.raw.exec('DELETE FROM ballots') // the next round starts on a fresh page again
    }
    // Insertion in handing-out order gives ±1 every time; shuffled, about 0 (sd 0.22).
    expect(taus.filter((tau) => Math.abs(tau) > 0.9)).toEqual([])
  })
})

describe('releasing a round erases what it no longer needs', () => {
  async function answered(k: number, respondents: number, env: Record<string, string> = {}) {
    const t = await testApp(env)
    const { round, secrets, facilitator } = await openRound(t, respondents + 2, k)
    for (const [i, secret] of secrets.slice(0, respondents).entries()) {
      const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
        body: {
          secret,
          answers: answersFor(SURVEY, 1 + (i % 7)),
          comments: { comment: `remark ${i}` },
        },
      })
      expect(res.status, res.text).toBe(201)
    }
    expect(countRows(t, 'ballots')).toBe(respondents + 2)
    expect(countRows(t, 'comment_pools')).toBe(1) // up to 16 links: one bucket
    const closed = await t.call('POST', `/api/rounds/${round.id}/close`, {
      auth: facilitator.token,
    })
    expect(closed.status, closed.text).toBe(200)
    expect(countRows(t, 'ballots')).toBe(0)
    expect(countRows(t, 'comment_pools')).toBe(0)
    const results = t.raw
      .prepare('SELECT respondents, invited, comments FROM round_results WHERE round_id = ?')
      .get(round.id) as { respondents: number; invited: number; comments: string }
    const stats = countRows(t, 'round_stats', `round_id = '${round.id}'`)
    return { results, stats, comments: JSON.parse(results.comments) as unknown[] }
  }

  it('a round at or above the comment minimum keeps statistics and shuffled comments', async () => {
    const { results, stats, comments } = await answered(3, 10)
    expect(results).toMatchObject({ respondents: 10, invited: 12 })
    expect(stats).toBeGreaterThan(0)
    expect(comments).toHaveLength(10)
  })

  it('a round at k but below the comment minimum keeps statistics, no comments', async () => {
    const { results, stats, comments } = await answered(3, 4)
    expect(results.respondents).toBe(4)
    expect(stats).toBeGreaterThan(0)
    expect(comments).toEqual([])
  })

  it('a round withheld below k keeps only its counts', async () => {
    const { results, stats, comments } = await answered(5, 4)
    expect(results).toMatchObject({ respondents: 4, invited: 6 })
    expect(stats).toBe(0)
    expect(comments).toEqual([])
  })
})
