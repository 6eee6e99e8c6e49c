import { MIN_K } from './anonymity'

/**
 * The release ledger's rule (DESIGN.md P1, "no small groups, alone or combined") for a campaign:
 * which cells of the organisation (each team, each group above it) may be published, decided once
 * from respondent counts and the hierarchy alone, never from answer values.
 *
 * Respondents are partitioned by exactly which published cells contain them (the "atoms"). In a
 * hierarchy the cells containing a team's respondents are the team and its groups, so a team's
 * respondents fall in the atom of the lowest published cell holding them: for a published cell,
 * the teams under it not inside a published cell below it. The rule:
 * 1. every published cell holds at least k respondents;
 * 2. every atom that holds teams holds at least k respondents: no sum or difference of published
 *    cells (a group minus its published children, the organisation minus its groups) isolates
 *    fewer than k, nor shows that a team had nobody (counts are never negative, so an atom of 0
 *    would say that of each of its teams);
 * 3. no withheld cell is a union of atoms, so none is determined by published cells, not even as
 *    "nobody answered": the teams of each atom do not all sit inside one withheld cell;
 * 4. nor is one pinned down by what else is public about it: a team's label ("fewer than k"
 *    says at most k − 1, "withheld to protect a smaller group" at least k), and every team's
 *    links (nobody answers without one): the published counts, with those bounds, leave every
 *    withheld cell at least two possible counts, or only its number of links (everyone with a
 *    link answered, which a team's response rate says too). A withheld group is always labelled
 *    "to protect a smaller group", small or not, so that its label bounds nothing.
 *
 * Cells below k are withheld (`fewer_than_k`). Where rule 2 or 3 fails at a published cell, the
 * smallest further cell that mends it is withheld too (`protects_smaller`, complementary
 * suppression): a published cell below it whose own atom then joins its atom, right under it
 * before further down (with the published cells between), so that roll-ups above are kept; the
 * cell itself (whose atom then joins the next published cell above, or none) only when nothing
 * below can mend it or the best cell below is as large. Smallest by links (how many people a cell
 * reaches, which is public, rather than by how many answered); on a tie a group
 * before a team (a team's own report matters most to it), then the cell's place in the
 * hierarchy: so the same counts, links and structure always give the same ledger. Deepest cells are
 * mended first, so mending never undoes a cell already mended.
 */

export type CellKind = 'group' | 'team'
export type Decision = 'published' | 'fewer_than_k' | 'protects_smaller'

/** One cell of the hierarchy as the ledger sees it: structure and, for teams, a count. */
export interface LedgerInput {
  id: string
  /** The parent cell's id; null for the campaign's own group (the root). */
  parent: string | null
  kind: CellKind
  /** Teams: how many answered. Groups: ignored (their count is their teams'). */
  respondents: number
  /**
   * Teams: how many links the team's round had. They are public (P6b: every respondent sees
   * them), and nobody answers without one, so a withheld team is known to hold at most this many.
   * Unknown (no bound) when left out.
   */
  links?: number | undefined
}

/** The decision for one cell, with its true count (which only published cells ever show). */
export interface LedgerDecision {
  id: string
  parent: string | null
  kind: CellKind
  respondents: number
  decision: Decision
}

interface Node {
  id: string
  parent: Node | null
  kind: CellKind
  order: number
  depth: number
  children: Node[]
  count: number
  /** The most respondents the cell can hold, as anyone can tell from its links. */
  links: number
  published: boolean
  decision: Decision
}

/**
 * Decides what a campaign publishes. The input lists cells parent first (the order is also the
 * last tie-break); teams are leaves. Throws on a malformed hierarchy (a programming error).
 */
export function decideLedger(cells: readonly LedgerInput[], k: number): LedgerDecision[] {
  if (!Number.isInteger(k) || k < MIN_K) throw new Error(`ledger: k must be at least ${MIN_K}`)
  const nodes = buildTree(cells)
  for (const node of nodes)
    if (node.count < k) {
      node.published = false
      node.decision = 'fewer_than_k'
    }
  const teams = nodes.filter((n) => n.kind === 'team')
  // Each pass mends the deepest cell that breaks rule 2 or 3, or (once none does) a withheld
  // cell that rule 4 finds pinned down; every pass withholds one more cell.
  for (;;) {
    const atoms = atomsOf(teams)
    const broken = nodes
      .filter((n) => n.published && breaks(n, atoms.get(n) ?? [], k))
      .sort((a, b) => b.depth - a.depth || a.order - b.order)[0]
    if (broken) {
      for (const node of chooseToWithhold(broken, atoms, k)) withhold(node)
      continue
    }
    const pinned = pinnedDown(nodes, k)
    const mend = pinned ? unpin(pinned, atoms, k) : []
    // Nothing to mend, or nothing that can (the independent verifier then has the last word).
    if (mend.length === 0) break
    for (const node of mend) withhold(node)
  }
  return nodes.map((n) => ({
    id: n.id,
    parent: n.parent?.id ?? null,
    kind: n.kind,
    respondents: n.count,
    // A withheld group always says it protects a smaller group (its own teams, if it is small
    // itself): "fewer than k" on a group would be a bound that, beside its teams' labels and
    // links, could pin one of them.
    decision: n.kind === 'group' && n.decision === 'fewer_than_k' ? 'protects_smaller' : n.decision,
  }))
}

function buildTree(cells: readonly LedgerInput[]): Node[] {
  const byId = new Map<string, Node>()
  const nodes: Node[] = []
  cells.forEach((cell, order) => {
    if (byId.has(cell.id)) throw new Error(`ledger: cell ${cell.id} twice`)
    const parent = cell.parent === null ? null : byId.get(cell.parent)
    if (parent === undefined) throw new Error(`ledger: ${cell.id}'s parent is not listed before it`)
    if (parent?.kind === 'team') throw new Error(`ledger: team ${parent.id} has a child`)
    const count = cell.kind === 'team' ? cell.respondents : 0
    if (!Number.isInteger(count) || count < 0) throw new Error(`ledger: bad count for ${cell.id}`)
    const node: Node = {
      id: cell.id,
      parent,
      kind: cell.kind,
      order,
      depth: parent ? parent.depth + 1 : 0,
      children: [],
      count,
      links: cell.kind === 'team' ? (cell.links ?? Infinity) : 0,
      published: true,
      decision: 'published',
    }
    parent?.children.push(node)
    byId.set(cell.id, node)
    nodes.push(node)
  })
  if (nodes.filter((n) => n.parent === null).length > 1) throw new Error('ledger: several roots')
  for (const node of [...nodes].reverse())
    if (node.parent) {
      node.parent.count += node.count
      node.parent.links += node.links
    }
  return nodes
}

/** The lowest published cell holding a team's respondents: itself, or its nearest group. */
function lowestPublished(node: Node): Node | null {
  let at: Node | null = node
  while (at && !at.published) at = at.parent
  return at
}

/** Each published cell's atom: the teams whose lowest published cell it is. */
function atomsOf(teams: readonly Node[]): Map<Node, Node[]> {
  const atoms = new Map<Node, Node[]>()
  for (const team of teams) {
    const cell = lowestPublished(team)
    if (!cell) continue
    const atom = atoms.get(cell)
    if (atom) atom.push(team)
    else atoms.set(cell, [team])
  }
  return atoms
}

const sum = (teams: readonly Node[]) => teams.reduce((s, t) => s + t.count, 0)

/**
 * Rule 2 (an atom holding teams holds fewer than k, even none: counts are never negative, so an
 * atom of 0 says that each of its teams had nobody) or rule 3 (its teams all sit in one withheld
 * cell below).
 */
function breaks(cell: Node, atom: readonly Node[], k: number): boolean {
  if (atom.length === 0) return false
  return sum(atom) < k || commonAncestor(atom) !== cell
}

/** The lowest cell holding all of these teams. */
function commonAncestor(teams: readonly Node[]): Node {
  const path = (n: Node) => {
    const up: Node[] = []
    for (let at: Node | null = n; at; at = at.parent) up.unshift(at)
    return up
  }
  let common = path(teams[0]!)
  for (const team of teams.slice(1)) {
    const other = path(team)
    let i = 0
    while (i < common.length && common[i] === other[i]) i += 1
    common = common.slice(0, i)
  }
  return common[common.length - 1]!
}

function isInside(node: Node, ancestor: Node): boolean {
  for (let at: Node | null = node; at; at = at.parent) if (at === ancestor) return true
  return false
}

/** The counts a cell can hold, as far as anyone can tell. */
interface Range {
  lo: number
  hi: number
}

/**
 * What a cell's own label and links say of its count, before the rest of the ledger. A team's
 * label bounds it ("fewer than k": at most k − 1; "to protect a smaller group": at least k); a
 * group's says nothing, as every withheld group carries the same one (see `decideLedger`).
 */
function priorOf(node: Node, k: number): Range {
  if (node.published) return { lo: node.count, hi: node.count }
  if (node.kind === 'group') return { lo: 0, hi: node.links }
  const label =
    node.decision === 'fewer_than_k'
      ? { lo: 0, hi: k - 1 }
      : { lo: k, hi: Number.POSITIVE_INFINITY }
  return { lo: label.lo, hi: Math.min(label.hi, node.links) }
}

/**
 * The counts each cell can hold, as anyone can tell from the published counts and the bounds. In a hierarchy each cell's count is the sum of its children's, so these are
 * ranges, found exactly in two passes: up (what its own subtree allows), then down (what the rest
 * allows).
 */
function rangesOf(nodes: readonly Node[], k: number): Map<Node, Range> {
  const up = new Map<Node, Range>()
  for (const node of [...nodes].reverse()) {
    const own = priorOf(node, k)
    if (node.kind === 'group') {
      own.lo = Math.max(
        own.lo,
        node.children.reduce((s, c) => s + up.get(c)!.lo, 0),
      )
      own.hi = Math.min(
        own.hi,
        node.children.reduce((s, c) => s + up.get(c)!.hi, 0),
      )
    }
    up.set(node, own)
  }
  const range = new Map<Node, Range>()
  for (const node of nodes) {
    const sub = up.get(node)!
    const parent = node.parent && range.get(node.parent)
    if (!parent) {
      range.set(node, sub)
      continue
    }
    const others = node.parent!.children.filter((c) => c !== node)
    const lo = parent.lo - others.reduce((s, c) => s + up.get(c)!.hi, 0)
    const hi = parent.hi - others.reduce((s, c) => s + up.get(c)!.lo, 0)
    range.set(node, { lo: Math.max(sub.lo, lo), hi: Math.min(sub.hi, hi) })
  }
  return range
}

/**
 * Rule 4: the first withheld cell whose count the published counts, with every cell's bounds,
 * pin to one value, other than its number of links. (That one value is allowed: it says everyone
 * with a link answered, which a team's own response rate says too; the README says so.)
 */
function pinnedDown(nodes: readonly Node[], k: number): Node | undefined {
  const known = rangesOf(nodes, k)
  return nodes.find((node) => {
    if (node.published) return false
    const range = known.get(node)!
    return range.hi <= range.lo && range.lo !== node.links
  })
}

/**
 * What to withhold so that `cell` is no longer pinned down: the smallest published cell that
 * fixes part of its count, whose own count its links would not give away: one inside it, or one
 * beside it under its nearest published group (with the published cells between, so its
 * respondents join the pinned cell's part with room to vary); else that group itself.
 */
function unpin(cell: Node, atoms: Map<Node, Node[]>, k: number): Node[] {
  const top = cell.parent ? lowestPublished(cell.parent) : null
  const loose = (q: Node) => q.published && q !== top && q.links > k
  const inside = [...atoms.keys()].filter((q) => loose(q) && isInside(q, cell)).map((q) => [q])
  const beside = top
    ? [...atoms.keys()]
        .filter((q) => loose(q) && isInside(q, top) && !isInside(q, cell))
        .map((q) => chainUpTo(q, top))
    : []
  const chains = [...inside, ...beside].sort(
    (a, b) => a.length - b.length || smallestFirst(a[0]!, b[0]!),
  )
  return chains[0] ?? (top ? [top] : [])
}

/**
 * What to withhold to mend `cell`: the smallest published cell below it whose atom would join
 * `cell`'s and help, with the published cells between them (which must go too for that atom to
 * reach `cell`); one right under it before one further down. Mending below keeps the roll-ups
 * above, which is what a group's readers came for: `cell` itself goes only when nothing below
 * can mend it, or when the best cell below holds exactly as many (withholding `cell` then hides
 * nothing its readers would not have seen anyway).
 */
function chooseToWithhold(cell: Node, atoms: Map<Node, Node[]>, k: number): Node[] {
  const atom = atoms.get(cell) ?? []
  const short = sum(atom) < k
  const inside = short ? null : commonAncestor(atom) // rule 3: the withheld cell holding the atom
  const helps = (q: Node) => {
    const own = atoms.get(q) ?? []
    if (own.length === 0) return false
    return short ? sum(own) > 0 : !isInside(q, inside!)
  }
  const chains = [...atoms.keys()]
    .filter((q) => q !== cell && q.published && isInside(q, cell) && helps(q))
    .map((q) => chainUpTo(q, cell))
    .sort((a, b) => a.length - b.length || smallestFirst(a[0]!, b[0]!))
  const best = chains[0]
  if (!best || (best.length === 1 && smallestFirst(cell, best[0]!) <= 0)) return [cell]
  return best
}

/** A published cell and the published cells above it, up to (not including) `top`. */
function chainUpTo(node: Node, top: Node): Node[] {
  const chain: Node[] = []
  for (let at: Node | null = node; at && at !== top; at = at.parent)
    if (at.published) chain.push(at)
  return chain
}

/**
 * Smallest first by links (how many people the cell reaches, which is public), so that which cell
 * is withheld tells nothing of how many answered; then a group before a team; then the order.
 */
const smallestFirst = (a: Node, b: Node) =>
  a.links - b.links || (a.kind === b.kind ? 0 : a.kind === 'group' ? -1 : 1) || a.order - b.order

function withhold(node: Node): void {
  node.published = false
  node.decision = 'protects_smaller'
}

/** What a campaign's ledger shows anyone (and the independent verifier reads): no hidden count. */
export interface PublishedCell {
  id: string
  parent: string | null
  kind: CellKind
  published: boolean
  respondents: number | null
  /** Why a withheld cell is withheld: published beside it, so a bound on its count. */
  label: Exclude<Decision, 'published'> | null
  /** Teams: their links (public, P6b); null for groups. */
  links: number | null
}

export function publishedCells(
  decisions: readonly LedgerDecision[],
  cells: readonly LedgerInput[],
): PublishedCell[] {
  const links = new Map(cells.map((c) => [c.id, c.links]))
  return decisions.map((d) => ({
    id: d.id,
    parent: d.parent,
    kind: d.kind,
    published: d.decision === 'published',
    respondents: d.decision === 'published' ? d.respondents : null,
    label: d.decision === 'published' ? null : d.decision,
    links: d.kind === 'team' ? (links.get(d.id) ?? null) : null,
  }))
}
