import { ONE, ZERO, add, div, isZero, mul, sub, type Rational } from './rational'

/** A sparse vector: column → nonzero coefficient. */
export type Sparse = Map<number, Rational>

interface PivotRow {
  /** Coefficient 1 at the pivot, which is the row's smallest column. */
  entries: Sparse
  /** The published number this combination of rows adds up to. */
  value: Rational
}

/** What is left of a vector once every pivot is eliminated, and the value eliminated with it. */
export interface Reduction {
  residual: Sparse
  value: Rational
}

/**
 * Exact Gaussian elimination kept in row echelon form: each row's pivot is its smallest column,
 * and rows are reduced in increasing column order, so subtracting a row only adds larger columns
 * and one pass ends. Rows given smallest first, with columns numbered in the order rows first
 * touch them, make a hierarchy reduce to unit rows in time linear in its size.
 */
export class Echelon {
  private readonly pivots = new Map<number, PivotRow>()

  /** Subtracts pivot rows from `vector` until no pivot column is left in it. */
  reduce(vector: Sparse): Reduction {
    const residual: Sparse = new Map(vector)
    const heap = new MinHeap([...vector.keys()])
    let value = ZERO
    let last = -1
    for (let col = heap.pop(); col !== undefined; col = heap.pop()) {
      if (col === last) continue
      last = col
      const factor = residual.get(col)
      const row = this.pivots.get(col)
      if (!factor || !row) continue
      value = add(value, mul(factor, row.value))
      for (const [j, v] of row.entries) {
        const next = sub(residual.get(j) ?? ZERO, mul(factor, v))
        if (!residual.has(j)) heap.push(j)
        if (isZero(next)) residual.delete(j)
        else residual.set(j, next)
      }
    }
    return { residual, value }
  }

  /**
   * Adds a row with the number it equals. Returns null when the row is independent of those
   * before it, or else how far its number is from what the earlier rows already imply (zero when
   * consistent).
   */
  add(vector: Sparse, value: Rational): Rational | null {
    const { residual, value: implied } = this.reduce(vector)
    const rest = sub(value, implied)
    if (residual.size === 0) return rest
    const pivot = Math.min(...residual.keys())
    const scale = residual.get(pivot)!
    const entries: Sparse = new Map()
    for (const [j, v] of residual) entries.set(j, div(v, scale))
    entries.set(pivot, ONE)
    this.pivots.set(pivot, { entries, value: div(rest, scale) })
    return null
  }

  get rank(): number {
    return this.pivots.size
  }
}

/** A binary min-heap of column numbers. */
class MinHeap {
  constructor(private readonly items: number[]) {
    for (let i = (items.length >> 1) - 1; i >= 0; i -= 1) this.down(i)
  }

  push(x: number): void {
    const a = this.items
    let i = a.push(x) - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (a[p]! <= x) break
      a[i] = a[p]!
      i = p
    }
    a[i] = x
  }

  pop(): number | undefined {
    const a = this.items
    const top = a[0]
    const end = a.pop()
    if (a.length > 0 && end !== undefined) {
      a[0] = end
      this.down(0)
    }
    return top
  }

  private down(i: number): void {
    const a = this.items
    const x = a[i]!
    for (;;) {
      let c = 2 * i + 1
      if (c >= a.length) break
      if (c + 1 < a.length && a[c + 1]! < a[c]!) c += 1
      if (a[c]! >= x) break
      a[i] = a[c]!
      i = c
    }
    a[i] = x
  }
}
