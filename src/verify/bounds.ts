/**
 * What else is public about a withheld cell, checked by the verifier: a team's label ("fewer
 * than k" says at most k − 1, "withheld to protect a smaller group" at least k) and its number
 * of links (public: every respondent sees it; nobody answers without one). With the
 * published counts, these may pin a withheld cell's count to one value, as subtracting alone
 * cannot: a group of 8 whose published team holds 5, beside a team labelled "at least 3" and one
 * labelled "fewer than 3", pins them to 3 and 0. Written apart from the release's own check, and
 * exact: whole numbers only.
 */

export type Label = 'fewer_than_k' | 'protects_smaller'

/** One cell as the bounds check reads it; `parent` is an index into the same list, or -1. */
export interface BoundedCell {
  id: string
  parent: number
  team: boolean
  /** The published count, or null when withheld. */
  count: number | null
  label: Label | null
  /** Teams: their links; null when unknown. */
  links: number | null
}

const UNBOUNDED = Number.POSITIVE_INFINITY

/**
 * The problems found: a withheld cell whose possible counts, given everything published, are a
 * single value other than its links, or no value at all (the published counts, labels and links
 * contradict each other).
 */
export function checkBounds(k: number, cells: readonly BoundedCell[]): string[] {
  const children: number[][] = cells.map(() => [])
  cells.forEach((c, i) => c.parent >= 0 && children[c.parent]!.push(i))
  const order = postOrder(cells, children)
  const { ranges, links } = possibleCounts(k, cells, children, order)
  const problems: string[] = []
  cells.forEach((c, i) => {
    const [lo, hi] = ranges[i]!
    if (lo > hi)
      problems.push(
        `cell ${c.id}: the published counts, labels and links contradict each other (no count fits)`,
      )
    // One possible count is allowed when it is the cell's links: everyone with a link answered.
    else if (c.count === null && lo === hi && lo !== links[i])
      problems.push(
        `withheld cell ${c.id} can only hold ${lo} respondents, given the published counts, the labels of withheld teams and the links of each team`,
      )
  })
  return problems
}

/**
 * Each cell's lowest and highest possible count (up the tree: its subtree; then down: the rest),
 * and its links. A team's label bounds it; a group's does not (every withheld group carries the
 * same one, whatever it holds).
 */
function possibleCounts(
  k: number,
  cells: readonly BoundedCell[],
  children: readonly number[][],
  order: readonly number[],
): { ranges: [number, number][]; links: number[] } {
  const n = cells.length
  const subLo = new Array<number>(n)
  const subHi = new Array<number>(n)
  const links = new Array<number>(n)
  for (const i of order) {
    const cell = cells[i]!
    const kids = children[i]!
    links[i] = cell.team ? (cell.links ?? UNBOUNDED) : kids.reduce((s, c) => s + links[c]!, 0)
    let lo = 0
    let hi = UNBOUNDED
    if (cell.count !== null) lo = hi = cell.count
    else if (cell.team && cell.label === 'protects_smaller') lo = k
    else if (cell.team && cell.label === 'fewer_than_k') hi = k - 1
    if (cell.team) {
      if (cell.links !== null) hi = Math.min(hi, cell.links)
    } else {
      lo = Math.max(
        lo,
        kids.reduce((s, c) => s + subLo[c]!, 0),
      )
      hi = Math.min(
        hi,
        kids.reduce((s, c) => s + subHi[c]!, 0),
      )
    }
    subLo[i] = lo
    subHi[i] = hi
  }
  const ranges = new Array<[number, number]>(n)
  for (const i of [...order].reverse()) {
    const p = cells[i]!.parent
    if (p < 0) {
      ranges[i] = [subLo[i]!, subHi[i]!]
      continue
    }
    let othersLo = 0
    let othersHi = 0
    for (const s of children[p]!)
      if (s !== i) {
        othersLo += subLo[s]!
        othersHi += subHi[s]!
      }
    ranges[i] = [
      Math.max(subLo[i]!, ranges[p]![0] - othersHi),
      Math.min(subHi[i]!, ranges[p]![1] - othersLo),
    ]
  }
  return { ranges, links }
}

/** Cells with every child before its parent. */
function postOrder(cells: readonly BoundedCell[], children: readonly number[][]): number[] {
  const out: number[] = []
  const stack: [number, boolean][] = cells.flatMap((c, i) => (c.parent < 0 ? [[i, false]] : []))
  while (stack.length > 0) {
    const [i, done] = stack.pop()!
    if (done) {
      out.push(i)
      continue
    }
    stack.push([i, true])
    for (const c of children[i]!) stack.push([c, false])
  }
  return out
}
