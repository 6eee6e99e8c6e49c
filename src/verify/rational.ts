/**
 * Exact rational numbers over BigInt, for the verifier's elimination: floating point would round,
 * and a rounded count can hide a group of one.
 */
export interface Rational {
  /** Numerator; the fraction is always in lowest terms. */
  readonly n: bigint
  /** Denominator, always positive. */
  readonly d: bigint
}

const gcd = (a: bigint, b: bigint): bigint => {
  if (a < 0n) a = -a
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

function make(n: bigint, d: bigint): Rational {
  if (d === 0n) throw new Error('rational: division by zero')
  if (d < 0n) [n, d] = [-n, -d]
  if (d === 1n) return { n, d }
  const g = gcd(n, d)
  return g === 1n ? { n, d } : { n: n / g, d: d / g }
}

export const ZERO: Rational = { n: 0n, d: 1n }
export const ONE: Rational = { n: 1n, d: 1n }
export const int = (value: number | bigint): Rational => ({ n: BigInt(value), d: 1n })

export const add = (a: Rational, b: Rational) =>
  a.d === 1n && b.d === 1n ? { n: a.n + b.n, d: 1n } : make(a.n * b.d + b.n * a.d, a.d * b.d)
export const sub = (a: Rational, b: Rational) => add(a, { n: -b.n, d: b.d })
export const mul = (a: Rational, b: Rational) =>
  a.d === 1n && b.d === 1n ? { n: a.n * b.n, d: 1n } : make(a.n * b.n, a.d * b.d)
export const div = (a: Rational, b: Rational) => make(a.n * b.d, a.d * b.n)

export const isZero = (a: Rational) => a.n === 0n
export const isInteger = (a: Rational) => a.d === 1n
/** -1, 0 or 1: the sign of a − b. */
export const compare = (a: Rational, b: Rational) => {
  const diff = a.n * b.d - b.n * a.d
  return diff < 0n ? -1 : diff > 0n ? 1 : 0
}
export const show = (a: Rational) => (a.d === 1n ? `${a.n}` : `${a.n}/${a.d}`)
