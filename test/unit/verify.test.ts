import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { verifyRelease, verifySets, type VerifierCell } from '../../src/verify/verify'

/** A cell: a count publishes it, null withholds it. */
const cell = (
  id: string,
  parent: string | null,
  kind: 'group' | 'team',
  respondents: number | null,
): VerifierCell => ({ id, parent, kind, published: respondents !== null, respondents })
const group = (id: string, parent: string | null, n: number | null) => cell(id, parent, 'group', n)
const team = (id: string, parent: string, n: number | null) => cell(id, parent, 'team', n)

describe('verifyRelease', () => {
  it('pins no withheld team through the labels and the public links', () => {
    const labelled = (
      id: string,
      parent: string,
      label: 'fewer_than_k' | 'protects_smaller',
      links: number,
    ) => ({
      ...team(id, parent, null),
      label,
      links,
    })
    // A group of exactly 3: a team with one link ("fewer than 3": 0 or 1) and one "fewer than
    // 3" with five links: they can only be 1 and 2.
    const pinned = verifyRelease({
      k: 3,
      cells: [
        group('top', null, 11),
        { ...team('big', 'top', 8), links: 10 },
        group('s', 'top', 3),
        labelled('a', 's', 'fewer_than_k', 1),
        labelled('b', 's', 'fewer_than_k', 5),
      ],
    })
    expect(pinned.problems).toEqual([
      'withheld cell b can only hold 2 respondents, given the published counts, the labels of withheld teams and the links of each team',
    ])
    // Team a's one possible count is its one link: everyone with a link answered, as a rate says.
    // With a sixth link for a, both have room.
    const loose = verifyRelease({
      k: 3,
      cells: [
        group('top', null, 11),
        { ...team('big', 'top', 8), links: 10 },
        group('s', 'top', 3),
        labelled('a', 's', 'fewer_than_k', 2),
        labelled('b', 's', 'fewer_than_k', 5),
      ],
    })
    expect(loose.problems).toEqual([])
  })

  it('accepts a release whose hidden cells pool to at least k', () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [group('g', null, 22), team('a', 'g', 12), team('b', 'g', null), team('c', 'g', null)],
    })
    expect(verdict).toEqual({ ok: true, problems: [], atoms: 2, published: 2, withheld: 2 })
  })

  it('rejects a group minus its one published child isolating 2', () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [group('g', null, 12), team('a', 'g', 10), team('b', 'g', null)],
    })
    expect(verdict.ok).toBe(false)
    expect(verdict.problems).toContain(
      'atom of cell g (team b) holds 2 respondents (k = 5): published cells subtract to a group of 2',
    )
  })

  it('rejects a group whose only other child is withheld, even at k or more', () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [
        group('g', null, 20),
        team('a', 'g', 10),
        group('h', 'g', null),
        team('b', 'h', null),
      ],
    })
    expect(verdict.problems).toEqual([
      'withheld cell h is determined by published numbers: they show it holds 10 respondents',
      'withheld cell b is determined by published numbers: they show it holds 10 respondents',
    ])
  })

  it('rejects a withheld child determined as "nobody answered"', () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [group('g', null, 10), team('a', 'g', 10), team('b', 'g', null)],
    })
    expect(verdict.problems).toEqual([
      'withheld cell b is determined by published numbers: its teams lie in atoms that hold 0 respondents, so nobody in it answered',
    ])
    const deeper = verifyRelease({
      k: 5,
      cells: [
        group('g', null, 10),
        team('a', 'g', 10),
        group('h', 'g', null),
        team('b', 'h', null),
      ],
    })
    expect(deeper.problems).toHaveLength(2)
  })

  it('rejects hidden teams in an atom of 0: each is known to be 0', () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [group('g', null, 10), team('a', 'g', 10), team('b', 'g', null), team('c', 'g', null)],
    })
    expect(verdict.problems).toEqual([
      'withheld cell b is determined by published numbers: its teams lie in atoms that hold 0 respondents, so nobody in it answered',
      'withheld cell c is determined by published numbers: its teams lie in atoms that hold 0 respondents, so nobody in it answered',
    ])
  })

  it("rejects two hidden teams pooled to 2 in total (Glint's flaw)", () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [
        group('g', null, 22),
        team('a', 'g', 10),
        team('b', 'g', 10),
        team('c', 'g', null),
        team('d', 'g', null),
      ],
    })
    expect(verdict.problems).toEqual([
      'atom of cell g (teams c, d) holds 2 respondents (k = 5): published cells subtract to a group of 2',
    ])
  })

  it('finds a difference across levels: division minus department minus team', () => {
    const verdict = verifyRelease({
      k: 3,
      cells: [
        group('org', null, null),
        group('div', 'org', 30),
        group('dep', 'div', 20),
        team('t1', 'dep', 20),
        team('t2', 'div', null),
        team('t3', 'div', null),
        team('t4', 'org', null),
      ],
    })
    // div − dep = t2 + t3 = 10: fine; dep − t1 = 0 teams; nothing withheld is determined.
    expect(verdict.ok).toBe(true)
    expect(verdict.atoms).toBe(2)
  })

  it('does not count a group without teams as determined: it holds nobody by structure', () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [group('g', null, 12), team('a', 'g', 12), group('empty', 'g', null)],
    })
    expect(verdict.ok).toBe(true)
  })

  it('rejects inconsistent counts', () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [group('g', null, 20), team('a', 'g', 10), team('b', 'g', 12)],
    })
    expect(verdict.problems).toEqual([
      'published counts are inconsistent: cell g publishes 20 respondents but the published cells it is made of imply 22',
    ])
    const negative = verifyRelease({
      k: 5,
      cells: [group('g', null, 8), team('a', 'g', 10), team('b', 'g', null)],
    })
    expect(negative.problems[0]).toBe(
      'atom of cell g (team b) would hold -2 respondents: published counts are inconsistent',
    )
  })

  it('rejects a published cell below k', () => {
    const verdict = verifyRelease({
      k: 5,
      cells: [group('g', null, 14), team('a', 'g', 10), team('b', 'g', 4)],
    })
    expect(verdict.problems).toEqual(['published cell b holds 4 respondents, fewer than k = 5'])
  })

  it.each([
    [
      'two roots',
      [group('g', null, 10), group('h', null, 10)],
      'cells g, h are all roots: a release has one',
    ],
    [
      'no root',
      [group('g', 'h', null), group('h', 'g', null)],
      'there is no root cell: every cell names a parent',
    ],
    [
      'a cycle',
      [group('r', null, null), group('g', 'h', null), group('h', 'g', null)],
      'cells g → h form a cycle',
    ],
    [
      'a missing parent',
      [group('g', null, 10), team('a', 'x', 10)],
      'cell a names parent x, which is not listed',
    ],
    [
      'a team with a child',
      [group('g', null, 10), team('a', 'g', 10), team('b', 'a', 10)],
      'team a has child cell b: teams are leaves',
    ],
    [
      'a published cell without a count',
      [group('g', null, 10), { ...team('a', 'g', 10), respondents: null }],
      'cell a is published but shows no respondent count',
    ],
    [
      'a withheld cell with a count',
      [group('g', null, 10), { ...team('a', 'g', 10), published: false }],
      'cell a is withheld but shows a respondent count (10)',
    ],
    [
      'a fractional count',
      [group('g', null, 10.5), team('a', 'g', 10.5)],
      'cell g shows 10.5 respondents, not a whole number of at least 0',
    ],
    ['a duplicate id', [group('g', null, 10), team('g', 'g', 10)], 'cell g is listed twice'],
  ])('rejects a malformed release: %s', (_, cells, problem) => {
    const verdict = verifyRelease({ k: 5, cells })
    expect(verdict.ok).toBe(false)
    expect(verdict.problems).toContain(problem)
  })

  it('rejects k below 3', () => {
    expect(verifyRelease({ k: 2, cells: [group('g', null, 10)] }).problems).toEqual([
      'k must be a whole number of at least 3, not 2',
    ])
  })

  it('verifies a 2,000-team, 4-level organisation in well under a second', () => {
    const cells: VerifierCell[] = [group('org', null, 0)]
    const teams: VerifierCell[] = []
    for (let d = 0; d < 5; d++) {
      cells.push(group(`d${d}`, 'org', 0))
      for (let e = 0; e < 10; e++) {
        cells.push(group(`d${d}e${e}`, `d${d}`, 0))
        for (let f = 0; f < 8; f++) {
          cells.push(group(`d${d}e${e}f${f}`, `d${d}e${e}`, 0))
          for (let t = 0; t < 5; t++) teams.push(team(`d${d}e${e}f${f}t${t}`, `d${d}e${e}f${f}`, 0))
        }
      }
    }
    // Teams t0 and t1 of each department are withheld and pool to 8 + (f mod 3) respondents.
    const byId = new Map(cells.map((c) => [c.id, c]))
    for (const t of teams) {
      const [, , , f, i] = t.id.match(/^d(\d)e(\d)f(\d)t(\d)$/)!.map(Number) as number[]
      const n = i! <= 1 ? 4 + (f! % 3) * (i! === 0 ? 1 : 0) : 5 + ((f! + i!) % 7)
      if (i! <= 1) Object.assign(t, { published: false, respondents: null })
      else t.respondents = n
      cells.push(t)
      for (let at = byId.get(t.parent!); at; at = byId.get(at.parent ?? '')) at.respondents! += n
    }
    expect(cells.filter((c) => c.kind === 'team')).toHaveLength(2000)
    const started = performance.now()
    const verdict = verifyRelease({ k: 5, cells })
    const took = performance.now() - started
    expect(verdict.problems).toEqual([])
    expect(verdict.atoms).toBe(1200 + 400)
    expect(took).toBeLessThan(500)
  })
})

describe('verifySets (any family of team sets)', () => {
  const sets = (cells: [string, string[], number | null][]) =>
    verifySets({
      k: 5,
      teams: ['t1', 't2', 't3', 't4'],
      cells: cells.map(([id, members, n]) => ({
        id,
        members,
        published: n !== null,
        respondents: n,
      })),
    })

  it('finds a withheld set in the span of overlapping published sets', () => {
    // {t1,t2} + {t3,t4} − {t2,t3} + {t2,t3} … W = {t1,t2,t3,t4} = A + C, with B overlapping both.
    const verdict = sets([
      ['A', ['t1', 't2'], 10],
      ['B', ['t2', 't3'], 10],
      ['C', ['t3', 't4'], 10],
      ['W', ['t1', 't2', 't3', 't4'], null],
    ])
    expect(verdict.problems).toContain(
      'withheld cell W is determined by published numbers: they show it holds 20 respondents',
    )
  })

  it('finds a combination with a coefficient of 1/2 … and of 2', () => {
    // A+B+C = 2(t1+t2+t3): W = {t1,t2,t3} is (A+B+C)/2, no ±1 sum of published cells.
    const verdict = sets([
      ['A', ['t1', 't2'], 13],
      ['B', ['t2', 't3'], 15],
      ['C', ['t1', 't3'], 14],
      ['W', ['t1', 't2', 't3'], null],
    ])
    expect(verdict.problems).toEqual([
      'withheld cell W is determined by published numbers: they show it holds 21 respondents',
    ])
    expect(verdict.atoms).toBe(3)
  })

  it('does not call a set determined when it is outside the span', () => {
    const verdict = sets([
      ['A', ['t1', 't2'], 10],
      ['B', ['t2', 't3'], 10],
      ['W', ['t1', 't3'], null],
      ['V', ['t1', 't2', 't3'], null],
    ])
    // Neither W nor V is a combination of A and B; but the atoms of A and B are not determined,
    // so the verifier cannot vouch for them.
    expect(verdict.problems.filter((p) => p.startsWith('withheld'))).toEqual([])
    expect(verdict.problems).toContain(
      'atom of cell A (team t1) is not determined by published numbers (published cells overlap without nesting), so it cannot be checked against k = 5',
    )
  })
})

describe('the verifier stands apart from the release code', () => {
  it('imports nothing but its own files and node built-ins', () => {
    const dir = new URL('../../src/verify/', import.meta.url)
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))
    expect(files).toContain('verify.ts')
    for (const file of files) {
      const source = readFileSync(new URL(file, dir), 'utf8')
      const specifiers = [
        ...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
        ...source.matchAll(/\bimport\s*\(?\s*['"]([^'"]+)['"]/g),
        ...source.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]/g),
      ].map((m) => m[1]!)
      for (const spec of specifiers) {
        expect(spec, `${file} imports ${spec}`).toMatch(/^(node:[a-z/_]+|\.\/[\w-]+)$/)
        expect(spec).not.toMatch(/ledger|services|anonymity/)
      }
    }
  })
})
