import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Trend } from '../../src/domain/report'
import { TrendChart } from '../../src/views/trend-chart'
import { placeFlags } from '../../src/views/trend-marks'

/** A trend of `n` rounds, every third withheld (k = 10), each with a debrief note. */
function trendOf(n: number): Trend {
  return {
    teamId: 't',
    surveyId: 's',
    dimensions: [{ id: 'ps', title: 'Psychological safety' }],
    rounds: Array.from({ length: n }, (_, i) => {
      const closedAt = new Date(Date.UTC(2026, 0, 5 + 14 * i)).toISOString()
      const base = {
        roundId: `r${i}`,
        k: 10,
        opensAt: closedAt,
        closedAt,
        surveyVersion: 1,
        message: '',
        debrief: `note ${i}`,
        facilitatedBy: null,
      }
      if (i % 3 === 1)
        return { ...base, released: false, respondents: null, responseRate: null, dimensions: [] }
      const mean = i % 2 ? 3 : 6
      return {
        ...base,
        released: true,
        respondents: 12,
        responseRate: 80,
        dimensions: [
          {
            id: 'ps',
            n: 12,
            mean,
            low: mean - 0.5,
            high: mean + 0.5,
            change: i === 0 ? null : mean === 6 ? 3 : -3,
            beyondNoise: i === 0 ? null : true,
          },
        ],
      }
    }),
  }
}

const render = (trend: Trend, width: number) =>
  String(
    <TrendChart
      trend={trend}
      min={1}
      max={7}
      width={width}
      debriefNumbers={new Map(trend.rounds.map((r, i) => [r.roundId, i + 1]))}
    />,
  )

describe('the trend chart on a 320 px phone', () => {
  it('keeps every text inside the chart, rotating or leaving out "< k" where it cannot fit', () => {
    for (const n of [2, 5, 12, 24, 40]) {
      const svg = render(trendOf(n), 360)
      const width = Number(svg.match(/viewBox="0 0 (\d+)/)![1])
      for (const [, x, anchor, size, text] of svg.matchAll(
        /<text x="([\d.]+)"[^>]*?text-anchor="(\w+)" font-size="(\d+)"[^>]*>([^<]*)</g,
      )) {
        const w = text!.length * Number(size) * 0.62
        const [from, to] =
          anchor === 'middle'
            ? [Number(x) - w / 2, Number(x) + w / 2]
            : anchor === 'end'
              ? [Number(x) - w, Number(x)]
              : [Number(x), Number(x) + w]
        expect(from, `${text} with ${n} rounds`).toBeGreaterThanOrEqual(0)
        expect(to, `${text} with ${n} rounds`).toBeLessThanOrEqual(width)
      }
    }
  })

  it('never lets two debrief flags collide, and keeps them inside the chart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 320, max: 800 }),
        (n, width) => {
          const slot = (width - 54) / n
          const flags = Array.from({ length: n }, (_, i) => ({
            x: 40 + slot * (i + 0.5),
            number: i + 1,
          }))
          const places = placeFlags(flags, width)
          const spans = flags.map((f, i) => {
            const span = 20 + String(f.number).length * 12 * 0.62
            return places[i]!.side === 'right' ? [f.x - 2, f.x + span] : [f.x - span, f.x + 2]
          })
          for (const [from, to] of spans) {
            expect(from).toBeGreaterThanOrEqual(0)
            expect(to).toBeLessThanOrEqual(width)
          }
          for (let a = 0; a < n; a++)
            for (let b = a + 1; b < n; b++)
              if (places[a]!.row === places[b]!.row)
                expect(spans[a]![1]! < spans[b]![0]! || spans[b]![1]! < spans[a]![0]!).toBe(true)
        },
      ),
    )
  })

  it('rings changes beyond noise and says them in the chart’s description', () => {
    const svg = render(trendOf(3), 360)
    expect(svg.match(/<g class="beyond-noise"><title>/g)).toHaveLength(1)
    expect(svg).toContain('Psychological safety: +3.00, beyond noise')
    expect(svg).toMatch(
      /<desc[^>]*>[^<]*Ringed, the changes beyond noise: Psychological safety, \d+ \w+ 2026: \+3\.00, beyond noise/,
    )
  })
})
