import { Echelon, type Sparse } from './elimination'
import { ONE, ZERO, compare, int, isInteger, isZero, show, type Rational } from './rational'

/** What the verifier found; `problems` are plain sentences naming cells and counts. */
export interface Verdict {
  ok: boolean
  problems: string[]
  /** Parts of the teams with a non-empty set of published cells containing them. */
  atoms: number
  published: number
  withheld: number
}

/** A cell as a set of teams (indices into the release's team list). */
export interface FamilyCell {
  id: string
  teams: number[]
  published: boolean
  respondents: number | null
}

interface Atom {
  /** Published cells (indices) holding these teams: the atom's signature. */
  cells: number[]
  teams: number[]
  column: number
  /** The count published numbers imply, or null when they do not determine it. */
  count: Rational | null
}

/**
 * Checks rules b–d of P1 over any family of team sets: published cells hold at least k; the
 * atoms (teams grouped by exactly which published cells hold them) hold 0 or at least k; and no
 * withheld cell's count follows from published numbers, by linear algebra or by non-negativity
 * (an atom of 0 shows that each of its teams had 0). Exact: rationals over BigInt.
 */
export function checkFamily(k: number, teamIds: readonly string[], cells: FamilyCell[]): Verdict {
  const problems: string[] = []
  const published = cells.flatMap((c, i) => (c.published ? [i] : []))
  for (const i of published) {
    const cell = cells[i]!
    if (cell.respondents! < k)
      problems.push(
        `published cell ${cell.id} holds ${cell.respondents} respondents, fewer than k = ${k}`,
      )
  }

  // Rows smallest first (then in listing order), so a hierarchy eliminates leaves first.
  const rows = [...published].sort(
    (a, b) => cells[a]!.teams.length - cells[b]!.teams.length || a - b,
  )
  const signature: number[][] = teamIds.map(() => [])
  for (const i of rows) for (const t of cells[i]!.teams) signature[t]!.push(i)
  const atoms = new Map<string, Atom>()
  const atomOf: (Atom | null)[] = signature.map((sig, t) => {
    if (sig.length === 0) return null
    const key = sig.join(',')
    let atom = atoms.get(key)
    if (!atom) atoms.set(key, (atom = { cells: sig, teams: [], column: -1, count: null }))
    atom.teams.push(t)
    return atom
  })
  // Columns are numbered in the order rows first touch them.
  let columns = 0
  for (const i of rows)
    for (const t of cells[i]!.teams) {
      const atom = atomOf[t]!
      if (atom.column < 0) atom.column = columns++
    }

  const echelon = new Echelon()
  for (const i of rows) {
    const cell = cells[i]!
    const off = echelon.add(indicator(cell.teams, atomOf), int(cell.respondents!))
    if (off && !isZero(off))
      problems.push(
        `published counts are inconsistent: cell ${cell.id} publishes ${cell.respondents} respondents but the published cells it is made of imply ${show(subtract(cell.respondents!, off))}`,
      )
  }

  for (const atom of atoms.values()) {
    const { residual, value } = echelon.reduce(new Map([[atom.column, ONE]]))
    const name = atomName(atom, cells, teamIds)
    if (residual.size > 0) {
      problems.push(
        `${name} is not determined by published numbers (published cells overlap without nesting), so it cannot be checked against k = ${k}`,
      )
      continue
    }
    atom.count = value
    // An atom that is a published cell's whole team set is that cell, checked above.
    if (atom.teams.length === cells[atom.cells[0]!]!.teams.length) continue
    if (compare(value, ZERO) < 0 || !isInteger(value))
      problems.push(
        `${name} would hold ${show(value)} respondents: published counts are inconsistent`,
      )
    else if (!isZero(value) && compare(value, int(k)) < 0)
      problems.push(
        `${name} holds ${show(value)} respondents (k = ${k}): published cells subtract to a group of ${show(value)}`,
      )
  }

  for (const cell of cells) {
    if (cell.published || cell.teams.length === 0) continue // a cell with no teams holds nobody by structure
    const learned = determined(cell.teams, atomOf, echelon)
    if (learned === 'nobody')
      problems.push(
        `withheld cell ${cell.id} is determined by published numbers: its teams lie in atoms that hold 0 respondents, so nobody in it answered`,
      )
    else if (learned)
      problems.push(
        `withheld cell ${cell.id} is determined by published numbers: they show it holds ${show(learned)} respondents`,
      )
  }
  return {
    ok: problems.length === 0,
    problems,
    atoms: atoms.size,
    published: published.length,
    withheld: cells.length - published.length,
  }
}

const subtract = (n: number, off: Rational) => ({ n: BigInt(n) * off.d - off.n, d: off.d })

/** A set of teams as a vector over atom columns, each atom counted once (all its teams are in). */
function indicator(teams: readonly number[], atomOf: readonly (Atom | null)[]): Sparse {
  const vector: Sparse = new Map()
  for (const t of teams) vector.set(atomOf[t]!.column, ONE)
  return vector
}

/**
 * The count published numbers imply for a withheld set of teams, 'nobody' when they all sit in
 * atoms of 0, or null when it is not determined. Teams in atoms of 0 are known to hold 0 and are
 * dropped; the rest must be whole atoms whose indicator lies in the span of published rows.
 */
function determined(
  teams: readonly number[],
  atomOf: readonly (Atom | null)[],
  echelon: Echelon,
): Rational | 'nobody' | null {
  const inside = new Map<Atom, number>()
  for (const t of teams) {
    const atom = atomOf[t]
    if (!atom) return null // a team in no published cell: no published number touches it
    if (atom.count && isZero(atom.count)) continue
    inside.set(atom, (inside.get(atom) ?? 0) + 1)
  }
  if (inside.size === 0) return 'nobody'
  const vector: Sparse = new Map()
  for (const [atom, n] of inside) {
    if (n < atom.teams.length) return null // part of an atom: its share is unknown
    vector.set(atom.column, ONE)
  }
  const { residual, value } = echelon.reduce(vector)
  return residual.size === 0 ? value : null
}

/** "atom of cell X (teams a, b, c and 4 more)", X its smallest published cell. */
function atomName(atom: Atom, cells: readonly FamilyCell[], teamIds: readonly string[]): string {
  const cell = cells[atom.cells[0]!]!
  const shown = atom.teams.slice(0, 3).map((t) => teamIds[t])
  const more = atom.teams.length > 3 ? ` and ${atom.teams.length - 3} more` : ''
  return `atom of cell ${cell.id} (team${atom.teams.length > 1 ? 's' : ''} ${shown.join(', ')}${more})`
}
