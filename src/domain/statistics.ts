// Pure statistics for reports. No runtime-specific imports: this runs on Node and on Workers.

/** Sufficient statistics of a set of numbers: they add, so rounds combine without raw data. */
export interface Moments {
  n: number
  sum: number
  sumSq: number
}

/** Moments of no values at all; the identity of `combineMoments`. */
export function emptyMoments(): Moments {
  return { n: 0, sum: 0, sumSq: 0 }
}

/** Moments of the given values. Throws RangeError on a non-finite value. */
export function momentsOf(values: readonly number[]): Moments {
  let m = emptyMoments()
  for (const x of values) m = addToMoments(m, x)
  return m
}

/** Moments with one more value; `m` is left untouched. Throws RangeError if `x` is not finite. */
export function addToMoments(m: Moments, x: number): Moments {
  // One NaN would silently poison every later report that combines this round.
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`)
  return { n: m.n + 1, sum: m.sum + x, sumSq: m.sumSq + x * x }
}

/** Moments of the union of the parts' values. */
export function combineMoments(...parts: readonly Moments[]): Moments {
  const total = emptyMoments()
  for (const p of parts) {
    total.n += p.n
    total.sum += p.sum
    total.sumSq += p.sumSq
  }
  return total
}

/** Arithmetic mean. Throws RangeError when there are no values. */
export function meanOf(m: Moments): number {
  if (m.n === 0) throw new RangeError('mean of no values')
  return m.sum / m.n
}

/** Sample variance (n − 1 denominator); 0 for fewer than two values. Never negative. */
export function sampleVariance(m: Moments): number {
  if (m.n < 2) return 0
  const squares = m.sumSq - (m.sum * m.sum) / m.n
  // sumSq − sum²/n cancels catastrophically for constant data; anything within the rounding error
  // of the sums is indistinguishable from 0, and calling it 0 lets compareMeans see "no spread".
  if (squares <= m.sumSq * m.n * Number.EPSILON) return 0
  return squares / (m.n - 1)
}

const Z_975 = 1.959963984540054
const T_975_DF1 = 12.706204736174707 // tan(0.475π): the largest value for any df ≥ 1

/** ln Γ(x) for x > 0 (Lanczos, g = 7), good to ~1e-15 relative. */
function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x)
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ]
  const z = x - 1
  let s = c[0]!
  for (let i = 1; i < c.length; i++) s += c[i]! / (z + i)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s)
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300
  const guard = (v: number) => (Math.abs(v) < tiny ? tiny : v)
  let c = 1
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1))
  let h = d
  for (let m = 1; m <= 1000; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
    d = 1 / guard(1 + even * d)
    c = guard(1 + even / c)
    h *= d * c
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
    d = 1 / guard(1 + odd * d)
    c = guard(1 + odd / c)
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < 1e-15) break
  }
  return h
}

/** P(|T| > t) for Student's t with df degrees of freedom: I_x(df/2, 1/2), x = df / (df + t²). */
function twoSidedTail(t: number, df: number): number {
  const a = df / 2
  // Both x and 1 − x are formed directly so neither loses digits to cancellation.
  const x = df / (df + t * t)
  const y = (t * t) / (df + t * t)
  const front = Math.exp(
    lnGamma(a + 0.5) - lnGamma(a) - lnGamma(0.5) + a * Math.log(x) + 0.5 * Math.log(y),
  )
  if (x < (a + 1) / (a + 2.5)) return (front * betaFraction(x, a, 0.5)) / a
  return 1 - (front * betaFraction(y, 0.5, a)) / 0.5
}

/** Cornish–Fisher expansion of the t quantile around the normal one; exact enough for large df. */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z
  const g1 = (z * (z2 + 1)) / 4
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
}

/**
 * Two-sided 95% critical value of Student's t with df degrees of freedom (df may be fractional,
 * >= 1; Infinity → 1.959964). Good to ~1e-12 against the exact quantile; RangeError for df < 1.
 */
export function tCritical95(df: number): number {
  let t = criticalValues.get(df)
  if (t === undefined) {
    t = computeTCritical95(df)
    // Released statistics never change, so a trend asks for the same degrees of freedom again
    // and again; the bound keeps the memo small whatever the data.
    if (criticalValues.size >= 10_000) criticalValues.clear()
    criticalValues.set(df, t)
  }
  return t
}

const criticalValues = new Map<number, number>()

function computeTCritical95(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be >= 1, got ${df}`)
  if (df === Infinity) return Z_975
  if (df === 1) return T_975_DF1
  // Past this the expansion's error (~df⁻⁵) is far below 1e-9, while the continued fraction
  // would need ever more terms.
  if (df > 1000) return cornishFisher(Z_975, df)
  const logDensityScale = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI)
  let lo = Z_975
  let hi = T_975_DF1
  let t = Math.min(hi, Math.max(lo, cornishFisher(Z_975, df)))
  // Newton on the tail, kept inside a shrinking bracket so a poor start can only slow it down.
  for (let i = 0; i < 100; i++) {
    const excess = twoSidedTail(t, df) - 0.05
    if (excess > 0) lo = t
    else hi = t
    const density = Math.exp(logDensityScale - ((df + 1) / 2) * Math.log1p((t * t) / df))
    let next = t + excess / (2 * density)
    if (!(next > lo && next < hi)) next = (lo + hi) / 2
    if (Math.abs(next - t) <= 1e-13 * t) return next
    t = next
  }
  return t
}

export interface Interval {
  mean: number
  low: number
  high: number
  halfWidth: number
}

/** 95% confidence interval of the mean (t-based). Throws RangeError for fewer than two values. */
export function confidenceInterval95(m: Moments): Interval {
  if (m.n < 2) throw new RangeError('need at least two values')
  const mean = meanOf(m)
  const halfWidth = tCritical95(m.n - 1) * Math.sqrt(sampleVariance(m) / m.n)
  return { mean, low: mean - halfWidth, high: mean + halfWidth, halfWidth }
}

export interface Change {
  change: number
  standardError: number
  df: number
  beyondNoise: boolean
}

/**
 * Welch's two-sample t-test at the 5% level, later minus earlier. Both need n >= 2 (RangeError
 * otherwise). When both variances are 0: beyondNoise = change !== 0, standardError 0,
 * df = n1 + n2 - 2.
 */
export function compareMeans(earlier: Moments, later: Moments): Change {
  if (earlier.n < 2 || later.n < 2) throw new RangeError('need at least two values on each side')
  const change = meanOf(later) - meanOf(earlier)
  const u1 = sampleVariance(earlier) / earlier.n
  const u2 = sampleVariance(later) / later.n
  const se2 = u1 + u2
  if (se2 === 0) {
    return { change, standardError: 0, df: earlier.n + later.n - 2, beyondNoise: change !== 0 }
  }
  const welch = (se2 * se2) / ((u1 * u1) / (earlier.n - 1) + (u2 * u2) / (later.n - 1))
  // Welch–Satterthwaite never drops below the smaller side's n − 1; rounding must not either.
  const df = Math.max(welch, Math.min(earlier.n, later.n) - 1)
  const standardError = Math.sqrt(se2)
  return {
    change,
    standardError,
    df,
    beyondNoise: Math.abs(change) > tCritical95(df) * standardError,
  }
}

/** Round half away from zero to `decimals` places for display/JSON, never returning -0. */
export function roundTo(x: number, decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) {
    throw new RangeError(`decimals must be an integer 0–15, got ${decimals}`)
  }
  if (!Number.isFinite(x)) return x
  // Most values are nowhere near a half: round them by arithmetic (a trend rounds hundreds).
  const scale = 10 ** decimals
  const scaled = Math.abs(x) * scale
  if (scaled < 1e15 && Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) {
    const quick = (Math.sign(x) * Math.round(scaled)) / scale
    return quick === 0 ? 0 : quick
  }
  // Shift the decimal point in the string form so 1.005 rounds to 1.01, as a reader expects,
  // instead of 1.00 from 1.005 * 100 = 100.49999999999999.
  const shift = (v: number, by: number) => {
    const [digits, exponent = '0'] = String(v).split('e')
    return Number(`${digits}e${Number(exponent) + by}`)
  }
  const rounded = shift(Math.sign(x) * Math.round(Math.abs(shift(x, decimals))), -decimals)
  return rounded === 0 ? 0 : rounded
}
