import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addToMoments,
  combineMoments,
  compareMeans,
  confidenceInterval95,
  emptyMoments,
  meanOf,
  momentsOf,
  roundTo,
  sampleVariance,
  tCritical95,
  type Moments,
} from '../../src/domain/statistics'

const likert = fc.integer({ min: 1, max: 7 })
const likerts = (minLength: number, maxLength = 500) => fc.array(likert, { minLength, maxLength })
const reals = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 100 })

const arithmeticMean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const twoPassVariance = (xs: readonly number[]) => {
  const mean = arithmeticMean(xs)
  return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)
}
const close = (a: number, b: number, tolerance = 1e-9) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b))
const sameMoments = (a: Moments, b: Moments) =>
  a.n === b.n && close(a.sum, b.sum) && close(a.sumSq, b.sumSq)

describe('moments', () => {
  it('start empty and grow without mutating', () => {
    const empty = emptyMoments()
    const one = addToMoments(empty, 3)
    expect(empty).toEqual({ n: 0, sum: 0, sumSq: 0 })
    expect(one).toEqual({ n: 1, sum: 3, sumSq: 9 })
    expect(combineMoments()).toEqual(empty)
  })

  it('reject non-finite values', () => {
    expect(() => addToMoments(emptyMoments(), Number.NaN)).toThrow(RangeError)
    expect(() => momentsOf([1, Infinity])).toThrow(RangeError)
  })

  it('combine like the concatenation of their values', () => {
    fc.assert(
      fc.property(reals, reals, (xs, ys) =>
        sameMoments(combineMoments(momentsOf(xs), momentsOf(ys)), momentsOf([...xs, ...ys])),
      ),
    )
  })

  it('combine associatively and commutatively', () => {
    fc.assert(
      fc.property(reals, reals, reals, (xs, ys, zs) => {
        const [a, b, c] = [momentsOf(xs), momentsOf(ys), momentsOf(zs)]
        const left = combineMoments(combineMoments(a, b), c)
        return (
          sameMoments(left, combineMoments(a, combineMoments(b, c))) &&
          sameMoments(left, combineMoments(c, b, a)) &&
          sameMoments(combineMoments(a, b), combineMoments(b, a))
        )
      }),
    )
  })

  it('give the arithmetic mean', () => {
    fc.assert(
      fc.property(
        reals.filter((xs) => xs.length > 0),
        (xs) => close(meanOf(momentsOf(xs)), arithmeticMean(xs)),
      ),
    )
    expect(() => meanOf(emptyMoments())).toThrow(RangeError)
  })

  it('give the two-pass sample variance, never negative', () => {
    fc.assert(
      fc.property(likerts(2), (xs) => {
        const v = sampleVariance(momentsOf(xs))
        return v >= 0 && close(v, twoPassVariance(xs))
      }),
    )
    fc.assert(fc.property(reals, (xs) => sampleVariance(momentsOf(xs)) >= 0))
  })

  it('call constant data exactly spread-free, even with inexact floats', () => {
    expect(sampleVariance(momentsOf([0.1, 0.1, 0.1]))).toBe(0)
    expect(sampleVariance(momentsOf(Array<number>(1000).fill(4.7)))).toBe(0)
    expect(sampleVariance(momentsOf([5]))).toBe(0)
    expect(sampleVariance(emptyMoments())).toBe(0)
    expect(sampleVariance(momentsOf([1, 2, 3, 4]))).toBeCloseTo(5 / 3, 12)
  })
})

describe('tCritical95', () => {
  it('matches the printed table to three decimals', () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [4, 2.776],
      [5, 2.571],
      [9, 2.262],
      [10, 2.228],
      [20, 2.086],
      [29, 2.045],
      [30, 2.042],
      [60, 2.0],
      [120, 1.98],
      [Infinity, 1.96],
    ]
    for (const [df, t] of table)
      expect(Math.abs(tCritical95(df) - t), `df ${df}`).toBeLessThan(1e-3)
  })

  it('matches the exact quantile, fractional df included', () => {
    // Reference values from scipy.stats.t.ppf(0.975, df).
    const exact: [number, number][] = [
      [1, 12.706204736174694],
      [1.5, 6.016663104427929],
      [2.5, 3.5746548420036817],
      [7.3, 2.345066736547703],
      [100, 1.9839715185235518],
      [1000, 1.9623390808264083],
      [1e4, 1.960201239890626],
      [1e6, 1.959966356814107],
      [Infinity, 1.959963984540054],
    ]
    for (const [df, t] of exact) expect(tCritical95(df), `df ${df}`).toBeCloseTo(t, 9)
  })

  it('decreases in df, fractional df lying between its integer neighbours', () => {
    for (let df = 1; df < 200; df += 0.25)
      expect(tCritical95(df + 0.25)).toBeLessThan(tCritical95(df))
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        (a, d) => tCritical95(a + d) <= tCritical95(a) + 1e-12,
      ),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (k, f) => {
          const t = tCritical95(k + f)
          return t <= tCritical95(k) + 1e-12 && t >= tCritical95(k + 1) - 1e-12
        },
      ),
    )
  })

  it('rejects df below 1', () => {
    for (const df of [0.99, 0, -1, Number.NaN]) expect(() => tCritical95(df)).toThrow(RangeError)
  })
})

describe('confidenceInterval95', () => {
  it('is the textbook interval', () => {
    const ci = confidenceInterval95(momentsOf([1, 2, 3, 4, 5]))
    expect(ci.mean).toBe(3)
    expect(ci.halfWidth).toBeCloseTo(2.7764451051977934 * Math.sqrt(2.5 / 5), 9)
    expect(ci.low).toBeCloseTo(3 - ci.halfWidth, 12)
    expect(ci.high).toBeCloseTo(3 + ci.halfWidth, 12)
    expect(confidenceInterval95(momentsOf([4, 4, 4]))).toEqual({
      mean: 4,
      low: 4,
      high: 4,
      halfWidth: 0,
    })
  })

  it('contains the mean and narrows when the same answers come twice', () => {
    fc.assert(
      fc.property(likerts(2, 200), (xs) => {
        const once = confidenceInterval95(momentsOf(xs))
        const twice = confidenceInterval95(momentsOf([...xs, ...xs]))
        return (
          once.low <= once.mean &&
          once.mean <= once.high &&
          close(once.mean, arithmeticMean(xs)) &&
          twice.halfWidth <= once.halfWidth + 1e-12
        )
      }),
    )
  })

  it('needs at least two values', () => {
    expect(() => confidenceInterval95(emptyMoments())).toThrow(RangeError)
    expect(() => confidenceInterval95(momentsOf([3]))).toThrow(RangeError)
  })
})

describe('compareMeans', () => {
  it('is antisymmetric in change and symmetric in everything else', () => {
    fc.assert(
      fc.property(likerts(2), likerts(2), (xs, ys) => {
        const [a, b] = [momentsOf(xs), momentsOf(ys)]
        const forward = compareMeans(a, b)
        const backward = compareMeans(b, a)
        return (
          close(forward.change, -backward.change) &&
          close(forward.standardError, backward.standardError) &&
          close(forward.df, backward.df) &&
          forward.beyondNoise === backward.beyondNoise
        )
      }),
    )
  })

  it('never sees a difference between identical samples', () => {
    fc.assert(
      fc.property(likerts(2), (xs) => {
        const same = compareMeans(momentsOf(xs), momentsOf([...xs].reverse()))
        return same.change === 0 && !same.beyondNoise
      }),
    )
  })

  it('sees a large clear difference', () => {
    const noise = fc.double({ min: -0.3, max: 0.3, noNaN: true })
    const around = (centre: number) =>
      fc.array(noise, { minLength: 30, maxLength: 30 }).map((ds) => ds.map((d) => centre + d))
    fc.assert(
      fc.property(around(2), around(6), (low, high) => {
        const result = compareMeans(momentsOf(low), momentsOf(high))
        return result.beyondNoise && result.change > 3 && result.df >= 29
      }),
    )
  })

  it('keeps Welch df within its bounds', () => {
    fc.assert(
      fc.property(likerts(2, 100), likerts(2, 100), (xs, ys) => {
        const { df } = compareMeans(momentsOf(xs), momentsOf(ys))
        return (
          df >= Math.min(xs.length, ys.length) - 1 - 1e-9 && df <= xs.length + ys.length - 2 + 1e-9
        )
      }),
    )
  })

  it('handles samples without spread', () => {
    expect(compareMeans(momentsOf([3, 3]), momentsOf([4, 4, 4]))).toEqual({
      change: 1,
      standardError: 0,
      df: 3,
      beyondNoise: true,
    })
    expect(compareMeans(momentsOf([3, 3]), momentsOf([3, 3, 3])).beyondNoise).toBe(false)
    // Only the later side varies: Welch df falls back to that side's n - 1.
    expect(compareMeans(momentsOf([3, 3, 3]), momentsOf([2, 4])).df).toBeCloseTo(1, 12)
  })

  it('needs two values on each side', () => {
    expect(() => compareMeans(momentsOf([1]), momentsOf([1, 2]))).toThrow(RangeError)
    expect(() => compareMeans(momentsOf([1, 2]), emptyMoments())).toThrow(RangeError)
  })
})

describe('roundTo', () => {
  it('rounds half away from zero the way a reader expects', () => {
    expect(roundTo(1.005, 2)).toBe(1.01)
    expect(roundTo(2.345, 2)).toBe(2.35)
    expect(roundTo(-2.345, 2)).toBe(-2.35)
    expect(roundTo(2.5, 0)).toBe(3)
    expect(roundTo(-2.5, 0)).toBe(-3)
    expect(roundTo(1e-7, 2)).toBe(0)
    expect(roundTo(1.23e21, 2)).toBe(1.23e21)
  })

  it('never returns -0', () => {
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true)
    expect(Object.is(roundTo(-0, 2), 0)).toBe(true)
  })

  it('stays within half a unit of the last place', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 6 }),
        (x, d) => {
          const r = roundTo(x, d)
          return (
            !Object.is(r, -0) && Math.abs(r - x) <= 0.5 * 10 ** -d + 1e-9 && roundTo(r, d) === r
          )
        },
      ),
    )
  })

  it('rejects unusable decimals', () => {
    for (const d of [-1, 1.5, 16]) expect(() => roundTo(1, d)).toThrow(RangeError)
  })
})

describe('roundTo by arithmetic', () => {
  /** The decimal-string rounding that roundTo falls back to near a half: the reference. */
  const byString = (x: number, decimals: number) => {
    const shift = (v: number, by: number) => {
      const [digits, exponent = '0'] = String(v).split('e')
      return Number(`${digits}e${Number(exponent) + by}`)
    }
    const r = shift(Math.sign(x) * Math.round(Math.abs(shift(x, decimals))), -decimals)
    return r === 0 ? 0 : r
  }

  it('agrees with decimal-string rounding everywhere, halves included', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          fc
            .tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.constantFrom(1, 2, 3))
            .map(([n, d]) => (n + 0.5) / 10 ** d),
        ),
        fc.integer({ min: 0, max: 4 }),
        (x, decimals) => {
          expect(roundTo(x, decimals)).toBe(byString(x, decimals))
        },
      ),
      { numRuns: 5000 },
    )
    expect(roundTo(1.005, 2)).toBe(1.01)
    expect(roundTo(-2.675, 2)).toBe(-2.68)
  })
})
