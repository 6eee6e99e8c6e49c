import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decideLedger,
  publishedCells,
  type LedgerInput,
  type PublishedCell,
} from '../../src/domain/ledger'
import { verifyRelease, type VerifierCell } from '../../src/verify/verify'

/** An organisation: each team's path of group branches under the root, and its respondents. */
interface Org {
  k: number
  teams: { path: number[]; n: number; spare: number }[]
}

const orgArb = (o: {
  teams: number
  depth: number
  branches: number
  sizes: fc.Arbitrary<number>
}) =>
  fc.record({
    k: fc.integer({ min: 3, max: 10 }),
    teams: fc.array(
      fc.record({
        path: fc.array(fc.integer({ min: 0, max: o.branches - 1 }), { maxLength: o.depth - 1 }),
        n: o.sizes,
        // Links beyond those used: often none (everyone answered), as in a small keen team.
        spare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4 })),
      }),
      { minLength: 1, maxLength: o.teams },
    ),
  })

// Mostly sizes around k, where the rules bite; some up to 30.
const sizes = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 12 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 1 },
)
const anyOrg = orgArb({ teams: 40, depth: 4, branches: 3, sizes })
const smallOrg = orgArb({ teams: 6, depth: 3, branches: 2, sizes })

/**
 * A team's links: those its respondents used and its spare ones; at least one, since a team
 * with none has no cell in a campaign (everyone knows it holds nobody).
 */
const linksOf = (team: Org['teams'][number]) => Math.max(1, team.n + team.spare)

/** The org's cells parent first, depth first: groups `g`, `g0`, `g0.1`, …; teams `t0`, `t1`, …. */
function cellsOf(org: Org): LedgerInput[] {
  const groupId = (path: number[]) => (path.length === 0 ? 'g' : `g${path.join('.')}`)
  const children = new Map<string, { groups: Set<string>; teams: LedgerInput[] }>()
  const node = (id: string) => {
    if (!children.has(id)) children.set(id, { groups: new Set(), teams: [] })
    return children.get(id)!
  }
  node('g')
  org.teams.forEach((team, i) => {
    for (let d = 1; d <= team.path.length; d++)
      node(groupId(team.path.slice(0, d - 1))).groups.add(groupId(team.path.slice(0, d)))
    node(groupId(team.path)).teams.push({
      id: `t${i}`,
      parent: groupId(team.path),
      kind: 'team',
      respondents: team.n,
      links: linksOf(team),
    })
  })
  const cells: LedgerInput[] = []
  const visit = (id: string, parent: string | null) => {
    cells.push({ id, parent, kind: 'group', respondents: 0 })
    const { groups, teams } = node(id)
    for (const g of [...groups].sort()) visit(g, id)
    cells.push(...teams)
  }
  visit('g', null)
  return cells
}

/** Each cell's teams (indices into the org's teams) and true count. */
function truth(cells: readonly { id: string; parent: string | null }[], org: Org) {
  const members = new Map<string, number[]>(cells.map((c) => [c.id, []]))
  const parentOf = new Map(cells.map((c) => [c.id, c.parent]))
  org.teams.forEach((_, i) => {
    for (let at: string | null | undefined = `t${i}`; at; at = parentOf.get(at))
      members.get(at)!.push(i)
  })
  const count = (id: string) => members.get(id)!.reduce((s, t) => s + org.teams[t]!.n, 0)
  return { members, count }
}

/**
 * The brute-force attacker: every combination of published cells with coefficients −1, 0, 1 (in a
 * hierarchy that reaches every union of atoms). Where one adds up to a set S of teams (a 0/1
 * vector), the attacker learns S's exact count. `linear`: what that alone gives away; `zeros`:
 * what non-negativity adds, since a set learned as 0 shows that each of its teams had 0.
 */
function attack(release: readonly VerifierCell[], org: Org) {
  const { members } = truth(release, org)
  const k = org.k
  const size = org.teams.length
  const linear: string[] = []
  const zeros: string[] = []
  const published = release.filter((c) => c.published)
  for (const c of published)
    if (c.respondents! < k) linear.push(`published ${c.id} holds ${c.respondents}`)
  const rows = published.map((c) => members.get(c.id)!)
  const learned = new Map<number, number>() // team set as a bit mask → its count
  const acc = new Int32Array(size)
  const walk = (i: number, value: number): void => {
    if (i === rows.length) {
      let mask = 0
      for (let t = 0; t < size; t++) {
        if (acc[t] !== 0 && acc[t] !== 1) return
        if (acc[t] === 1) mask |= 1 << t
      }
      if (mask === 0) return
      const real = org.teams.reduce((s, team, t) => s + (mask & (1 << t) ? team.n : 0), 0)
      if (real !== value) throw new Error('published counts do not add up')
      learned.set(mask, value)
      return
    }
    const row = rows[i]!
    const n = published[i]!.respondents!
    walk(i + 1, value)
    for (const sign of [1, -1]) {
      for (const t of row) acc[t]! += sign
      walk(i + 1, value + sign * n)
      for (const t of row) acc[t]! -= sign
    }
  }
  walk(0, 0)
  let zero = 0
  for (const [mask, n] of learned) {
    if (n > 0 && n < k) linear.push(`learned a set of teams ${mask.toString(2)} holding ${n}`)
    if (n === 0) zero |= mask
  }
  for (const c of release) {
    if (c.published) continue
    const w = members.get(c.id)!.reduce((m, t) => m | (1 << t), 0)
    if (learned.has(w)) linear.push(`withheld ${c.id} is learned: ${learned.get(w)}`)
    else if ((w & ~zero) === 0) zeros.push(`withheld ${c.id} is learned as nobody`)
    else if ([...learned.keys()].some((s) => ((s ^ w) & ~zero) === 0))
      zeros.push(`withheld ${c.id} is learned with teams known to hold 0`)
  }
  return { linear, zeros }
}

const release = (org: Org) => {
  const cells = cellsOf(org)
  return publishedCells(decideLedger(cells, org.k), cells)
}

describe('the release ledger, checked by the independent verifier', () => {
  it('every ledger passes the verifier', () => {
    fc.assert(
      fc.property(anyOrg, (org) => {
        expect(verifyRelease({ k: org.k, cells: release(org) }).problems).toEqual([])
      }),
      { numRuns: 10_000 },
    )
  })

  it('is deterministic, and says why each cell is withheld', () => {
    fc.assert(
      fc.property(anyOrg, (org) => {
        const cells = cellsOf(org)
        const copy = structuredClone(cells)
        const decisions = decideLedger(cells, org.k)
        expect(cells).toEqual(copy)
        expect(decideLedger(copy, org.k)).toEqual(decisions)
        const { count } = truth(cells, org)
        for (const d of decisions) {
          expect(d.respondents).toBe(count(d.id))
          // A team says whether it is below k; a withheld group never does (a bound on it).
          if (d.kind === 'group') expect(d.decision).not.toBe('fewer_than_k')
          else if (d.respondents < org.k) expect(d.decision).toBe('fewer_than_k')
          else expect(d.decision).not.toBe('fewer_than_k')
          if (d.respondents < org.k) expect(d.decision).not.toBe('published')
        }
      }),
      { numRuns: 10_000 },
    )
  })

  it('withholds nothing when every team holds at least k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 10 }).chain((k) =>
          orgArb({
            teams: 40,
            depth: 4,
            branches: 3,
            sizes: fc.integer({ min: k, max: 30 }),
          }).map((org) => ({ ...org, k })),
        ),
        (org) => {
          expect(
            decideLedger(cellsOf(org), org.k).filter((d) => d.decision !== 'published'),
          ).toEqual([])
        },
      ),
      { numRuns: 1_000 },
    )
  })
})

describe('the release ledger, attacked by brute force', () => {
  it('no combination of published cells isolates 1 to k−1 or equals a withheld cell', () => {
    fc.assert(
      fc.property(smallOrg, (org) => {
        const cells = release(org)
        fc.pre(cells.filter((c) => c.published).length <= 8)
        expect(attack(cells, org).linear).toEqual([])
      }),
      { numRuns: 2_000 },
    )
  })

  it('no withheld cell is learned through teams known to hold 0 (counts are never negative)', () => {
    fc.assert(
      fc.property(smallOrg, (org) => {
        const cells = release(org)
        fc.pre(cells.filter((c) => c.published).length <= 8)
        expect(attack(cells, org).zeros).toEqual([])
      }),
      { numRuns: 2_000 },
    )
  })

  it('the verifier agrees with the attacker when one decision is flipped', () => {
    fc.assert(
      fc.property(smallOrg, fc.nat(), (org, pick) => {
        // The linear attacker knows no labels or links: nor does the verifier here.
        const cells = release(org).map((c) => ({ ...c, label: null, links: null }))
        const { count } = truth(cells, org)
        const flipped = cells.map((c, i) =>
          i !== pick % cells.length
            ? c
            : { ...c, published: !c.published, respondents: c.published ? null : count(c.id) },
        )
        fc.pre(flipped.filter((c) => c.published).length <= 8)
        const { linear, zeros } = attack(flipped, org)
        const verdict = verifyRelease({ k: org.k, cells: flipped })
        const breaches = [...linear, ...zeros]
        expect({ ok: verdict.ok, problems: verdict.problems, breaches }).toMatchObject({
          ok: breaches.length === 0,
        })
      }),
      { numRuns: 2_000 },
    )
  })
})

/**
 * The attacker who also reads the teams' labels ("fewer than k": at most k − 1; "to protect a
 * smaller group": at least k) and every team's links (public): every assignment of counts to teams that
 * fits all of it, tried one by one. Each withheld cell must keep at least two possible counts,
 * or only its links (everyone with a link answered, as a response rate of 100% says too).
 */
function pinnedByBounds(release: readonly PublishedCell[], org: Org): string[] {
  const { members } = truth(release, org)
  const k = org.k
  const links = org.teams.map(linksOf)
  const sumOf = (id: string, counts: readonly number[]) =>
    members.get(id)!.reduce((s, t) => s + counts[t]!, 0)
  const possible = new Map<string, Set<number>>(release.map((c) => [c.id, new Set()]))
  const counts = new Array<number>(org.teams.length).fill(0)
  // A team's label bounds it; a withheld group's label is the same whatever it holds.
  const fits = () =>
    release.every((c) => {
      const n = sumOf(c.id, counts)
      if (c.published) return n === c.respondents
      if (c.kind === 'group') return true
      return c.label === 'fewer_than_k' ? n < k : n >= k
    })
  const walk = (t: number): void => {
    if (t === counts.length) {
      if (fits()) for (const c of release) possible.get(c.id)!.add(sumOf(c.id, counts))
      return
    }
    for (let n = 0; n <= links[t]!; n++) {
      counts[t] = n
      walk(t + 1)
    }
  }
  walk(0)
  // One possible count is allowed when it is the cell's links: everyone with a link answered.
  return release.flatMap((c) => {
    if (c.published) return []
    const values = [...possible.get(c.id)!]
    const reach = members.get(c.id)!.reduce((s, t) => s + links[t]!, 0)
    return values.length < 2 && values[0] !== reach
      ? [`${c.id} can only hold ${values.join()}`]
      : []
  })
}

describe('the release ledger, attacked through labels and links', () => {
  const tiny = orgArb({ teams: 5, depth: 3, branches: 2, sizes: fc.integer({ min: 0, max: 6 }) })

  it('leaves every withheld cell two possible counts at least, tried exhaustively', () => {
    fc.assert(
      fc.property(tiny, (org) => {
        fc.pre(org.teams.reduce((p, t) => p * (linksOf(t) + 1), 1) <= 20_000)
        expect(pinnedByBounds(release(org), org)).toEqual([])
      }),
      { numRuns: 500 },
    )
  })

  it('the verifier finds what the exhaustive attacker finds, when one decision is flipped', () => {
    fc.assert(
      fc.property(tiny, fc.nat(), (org, pick) => {
        fc.pre(org.teams.reduce((p, t) => p * (linksOf(t) + 1), 1) <= 20_000)
        const cells = release(org)
        const { count } = truth(cells, org)
        const i = pick % cells.length
        const c = cells[i]!
        const flipped = cells.map((cell, j) =>
          j !== i
            ? cell
            : c.published
              ? {
                  ...c,
                  published: false,
                  respondents: null,
                  label:
                    c.kind === 'team' && count(c.id) < org.k
                      ? ('fewer_than_k' as const)
                      : ('protects_smaller' as const),
                }
              : { ...c, published: true, respondents: count(c.id), label: null },
        )
        const pinned = pinnedByBounds(flipped, org)
        const verdict = verifyRelease({ k: org.k, cells: flipped })
        if (pinned.length > 0) expect(verdict.ok, pinned.join('; ')).toBe(false)
      }),
      { numRuns: 500 },
    )
  })
})
