import { describe, expect, it } from 'vitest'
import { APP_CSS } from '../../src/views/assets'
import { contrastRatio as contrast, luminance } from '../helpers/contrast'

const rootBlock = /:root\s*\{([^}]*)\}/.exec(APP_CSS)?.[1] ?? ''
const variables = new Map(
  [...rootBlock.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]),
)
/** A colour as the stylesheet writes it, custom properties resolved; undefined if not a hex. */
function colour(value: string): string | undefined {
  const resolved = value.trim().replace(/^var\((--[\w-]+)\)$/, (_, name) => variables.get(name)!)
  return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(resolved) ? resolved : undefined
}

/** Every innermost rule of the stylesheet (inside @media too) with its background colour. */
const backgrounds = [...APP_CSS.matchAll(/([^{}]+)\{([^{}]*)\}/g)].flatMap((m) => {
  const value = /(?:^|[;\s])background(?:-color)?\s*:\s*([^;]+)/.exec(m[2]!)?.[1]
  const hex = value && colour(value)
  return hex ? [{ selector: m[1]!.trim(), hex }] : []
})

describe('the focus indicator (WCAG 2.2: at least 3:1 against what it meets)', () => {
  const focus = colour('var(--focus)')!
  const ring = colour('var(--focus-ring)')!
  const focusRule = /([^{}]*:focus-visible[^{}]*)\{([^{}]*)\}/.exec(APP_CSS)

  it('is a 3 px outline of --focus around a ring of --focus-ring on every focusable kind', () => {
    expect(focus).toBeDefined()
    expect(ring).toBeDefined()
    for (const kind of ['a', 'button', 'input', 'select', 'textarea', 'summary'])
      expect(focusRule?.[1]).toContain(`${kind}:focus-visible`)
    expect(focusRule?.[2]).toMatch(/outline:\s*3px solid var\(--focus\)/)
    expect(focusRule?.[2]).toMatch(/outline-offset:\s*2px/)
    // The ring fills the 2 px gap between the element and the outline.
    expect(focusRule?.[2]).toMatch(/box-shadow:\s*0 0 0 2px var\(--focus-ring\)/)
  })

  it('the outline reaches 3:1 against every surface the stylesheet paints', () => {
    // The heatmap's tones have a focus indicator of their own (tested below).
    const surfaces = backgrounds.filter(
      (b) => !/\bbutton\b|\.button\b/.test(b.selector) && !/^\.tone-\d$/.test(b.selector),
    )
    expect(surfaces.map((s) => s.hex)).toEqual(
      expect.arrayContaining(['#fff', '#f4f6f8', '#eef3ff', '#ecfdf3', '#fff8e6']),
    )
    for (const s of surfaces) expect(contrast(focus, s.hex), s.selector).toBeGreaterThanOrEqual(3)
  })

  it('a heatmap score shows a dark outline inside a white ring, one of them 3:1 on every tone', () => {
    const rule = /table\.heatmap td\.score > a:focus-visible \{([^}]*)\}/.exec(APP_CSS)?.[1]
    expect(rule).toMatch(/outline: 3px solid #1b1f24; outline-offset: -3px/)
    expect(rule).toMatch(/box-shadow: inset 0 0 0 5px #fff/)
    const tones = backgrounds.filter((b) => /^\.tone-\d$/.test(b.selector))
    expect(tones).toHaveLength(6)
    for (const t of tones)
      expect(
        Math.max(contrast('#1b1f24', t.hex), contrast('#fff', t.hex)),
        t.selector,
      ).toBeGreaterThanOrEqual(3)
  })

  it('the inner ring reaches 3:1 against every filled button it surrounds', () => {
    const fills = backgrounds.filter(
      (b) => /\bbutton\b|\.button\b/.test(b.selector) && luminance(b.hex) < 0.5,
    )
    expect(fills.length).toBeGreaterThan(0)
    for (const f of fills) expect(contrast(ring, f.hex), f.selector).toBeGreaterThanOrEqual(3)
  })

  it('measures as the WCAG examples do', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5)
    // The colour the audit found too faint: 2.15:1 on white.
    expect(contrast('#f59e0b', '#fff')).toBeCloseTo(2.15, 2)
  })
})
