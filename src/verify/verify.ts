import { checkBounds, type Label } from './bounds'
import { checkFamily, type FamilyCell, type Verdict } from './family'

export type { Verdict } from './family'

/**
 * The independent verifier of P9: it re-checks P1 ("no small groups, alone or combined") over
 * what a campaign released, knowing nothing of how the release ledger decided. It reads only
 * the published ledger (structure, which cells are published, their counts) and imports none of
 * the release code, so a bug there cannot hide itself here.
 */

/** One cell of a released ledger, as anyone may read it: withheld cells show no count. */
export interface VerifierCell {
  id: string
  /** The parent cell's id; null for the root (the campaign's own group). */
  parent: string | null
  kind: 'group' | 'team'
  published: boolean
  respondents: number | null
  /** Why a withheld cell is withheld, as published beside it; a bound on its count. */
  label?: Label | null | undefined
  /** Teams: their number of links (public), a bound on their count; unknown when left out. */
  links?: number | null | undefined
}

export interface Release {
  k: number
  cells: readonly VerifierCell[]
}

/** The smallest k any round or campaign may have (DESIGN.md P3), restated here on purpose. */
const LEAST_K = 3

/**
 * Verifies a released hierarchy: its structure (one root, every parent listed, no cycles, teams
 * as leaves, counts exactly on published cells), then P1 over the teams each cell holds (see
 * `checkFamily`). A malformed release is reported without going further.
 */
export function verifyRelease(release: Release): Verdict {
  const { k, cells } = release
  const problems = [...checkK(k), ...checkCounts(cells), ...checkTree(cells)]
  if (problems.length > 0) return rejected(problems, cells)
  const teamIds = cells.filter((c) => c.kind === 'team').map((c) => c.id)
  const teamIndex = new Map(teamIds.map((id, i) => [id, i]))
  const byId = new Map(cells.map((c) => [c.id, c]))
  const teams = new Map<string, number[]>(cells.map((c) => [c.id, []]))
  for (const id of teamIds)
    for (let at = byId.get(id); at; at = at.parent === null ? undefined : byId.get(at.parent))
      teams.get(at.id)!.push(teamIndex.get(id)!)
  const verdict = checkFamily(
    k,
    teamIds,
    cells.map((c) => ({ ...c, teams: teams.get(c.id)! })),
  )
  // What labels and links add is looked at once subtraction alone gives nothing away.
  if (!verdict.ok) return verdict
  const index = new Map(cells.map((c, i) => [c.id, i]))
  const bounded = checkBounds(
    k,
    cells.map((c) => ({
      id: c.id,
      parent: c.parent === null ? -1 : index.get(c.parent)!,
      team: c.kind === 'team',
      count: c.published ? c.respondents : null,
      label: c.published ? null : (c.label ?? null),
      links: c.links ?? null,
    })),
  )
  if (bounded.length === 0) return verdict
  return { ...verdict, ok: false, problems: [...verdict.problems, ...bounded] }
}

/** A cell given directly as a set of teams, for families that are not a hierarchy. */
export interface SetCell {
  id: string
  members: readonly string[]
  published: boolean
  respondents: number | null
}

/**
 * Verifies any family of published team sets (cells may overlap without nesting): the same
 * checks as `verifyRelease`, without the hierarchy's structure.
 */
export function verifySets(release: {
  k: number
  teams: readonly string[]
  cells: readonly SetCell[]
}): Verdict {
  const { k, teams, cells } = release
  const index = new Map(teams.map((id, i) => [id, i]))
  const problems = [...checkK(k), ...checkCounts(cells)]
  if (index.size < teams.length) problems.push('a team is listed twice')
  for (const cell of cells)
    for (const m of cell.members)
      if (!index.has(m)) problems.push(`cell ${cell.id} holds team ${m}, which is not listed`)
  if (problems.length > 0) return rejected(problems, cells)
  const family: FamilyCell[] = cells.map((c) => ({
    id: c.id,
    published: c.published,
    respondents: c.respondents,
    teams: [...new Set(c.members.map((m) => index.get(m)!))],
  }))
  return checkFamily(k, teams, family)
}

function checkK(k: number): string[] {
  return Number.isInteger(k) && k >= LEAST_K
    ? []
    : [`k must be a whole number of at least ${LEAST_K}, not ${k}`]
}

/** Unique ids; a count on exactly the published cells, a whole number of at least 0. */
function checkCounts(cells: readonly Omit<SetCell, 'members'>[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const cell of cells) {
    if (seen.has(cell.id)) problems.push(`cell ${cell.id} is listed twice`)
    seen.add(cell.id)
    const n = cell.respondents
    if (cell.published && n === null)
      problems.push(`cell ${cell.id} is published but shows no respondent count`)
    else if (!cell.published && n !== null)
      problems.push(`cell ${cell.id} is withheld but shows a respondent count (${n})`)
    else if (n !== null && !(Number.isSafeInteger(n) && n >= 0))
      problems.push(`cell ${cell.id} shows ${n} respondents, not a whole number of at least 0`)
  }
  return problems
}

/** Exactly one root, every parent listed, teams as leaves, and every cell reaching the root. */
function checkTree(cells: readonly VerifierCell[]): string[] {
  const problems: string[] = []
  const byId = new Map(cells.map((c) => [c.id, c]))
  const roots = cells.filter((c) => c.parent === null)
  if (roots.length === 0) problems.push('there is no root cell: every cell names a parent')
  if (roots.length > 1)
    problems.push(`cells ${roots.map((r) => r.id).join(', ')} are all roots: a release has one`)
  for (const cell of cells) {
    if (cell.kind !== 'group' && cell.kind !== 'team')
      problems.push(`cell ${cell.id} is of unknown kind ${String(cell.kind)}`)
    if (cell.parent === null) continue
    const parent = byId.get(cell.parent)
    if (!parent) problems.push(`cell ${cell.id} names parent ${cell.parent}, which is not listed`)
    else if (parent.kind === 'team')
      problems.push(`team ${parent.id} has child cell ${cell.id}: teams are leaves`)
  }
  if (problems.length > 0) return problems
  // With one root and every parent listed, a cell that never reaches the root sits on a cycle.
  const reaches = new Map<string, boolean>()
  for (const cell of cells) {
    const path: string[] = []
    let at: VerifierCell | undefined = cell
    while (at && !reaches.has(at.id) && !path.includes(at.id)) {
      path.push(at.id)
      at = at.parent === null ? undefined : byId.get(at.parent)
    }
    const ok = at === undefined || reaches.get(at.id) === true
    for (const id of path) reaches.set(id, ok)
    if (!ok && at && path.includes(at.id))
      problems.push(`cells ${path.slice(path.indexOf(at.id)).join(' → ')} form a cycle`)
  }
  return problems
}

function rejected(problems: string[], cells: readonly { published: boolean }[]): Verdict {
  const published = cells.filter((c) => c.published).length
  return { ok: false, problems, atoms: 0, published, withheld: cells.length - published }
}
