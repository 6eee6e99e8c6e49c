import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_NEXT_PATH, safeNextPath } from '../../src/domain/next-path'

const ORIGIN = 'https://q.example.org'

/** Where a browser goes with this Location header on a page of ORIGIN (WHATWG URL, as browsers). */
const followed = (location: string) => new URL(location, `${ORIGIN}/signin`)

/** A value fit for a header: what undici and workerd accept without throwing. */
const headerSafe = (value: string) => /^[\x21-\x7e]+$/.test(value)

/** Pieces that open redirects and header injections are made of, to build strings around them. */
const NASTY = [
  '/',
  '//',
  '\\',
  '%',
  '%2F',
  '%2f',
  '%5C',
  '%09',
  '%0A',
  '%0d',
  '%00',
  '%25',
  '\t',
  '\r',
  '\n',
  '\0',
  ' ',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\ud800',
  'é',
  ':',
  '@',
  '.',
  '..',
  '?',
  '#',
  'evil.example',
  'https:',
  'javascript:',
  'http://evil',
  'teams',
  'a',
  '0',
]
const nastyString = fc.array(fc.constantFrom(...NASTY), { maxLength: 8 }).map((p) => p.join(''))

describe('safeNextPath', () => {
  it('keeps paths of our own pages as they are', () => {
    for (const path of [
      '/',
      '/teams',
      '/teams/abc123/trend?survey=psychological-safety&locale=de',
      '/rounds/r1/report#debrief',
      '/admin/users?done=user-created&user=u1',
      '/a/../b',
      '/%252F/encoded-twice-is-still-a-path',
    ])
      expect(safeNextPath(path)).toBe(path)
  })

  it('refuses the known bypasses, falling back to the default page', () => {
    for (const next of [
      '//evil.example/',
      '/\\evil.example/',
      '\\/evil.example/',
      '/%09/evil.example/',
      '/\t/evil.example/',
      '/\n/evil.example/',
      '/ /evil.example/',
      'https://evil.example/',
      'HTTPS://evil.example',
      'javascript:alert(1)',
      '/%2F/evil.example/',
      '/%2f/evil.example/',
      '/%5C/evil.example/',
      '/teams%0D%0ASet-Cookie:%20x=1',
      '/teams\r\nSet-Cookie: x=1',
      '/teams%0aLocation:%20https://evil.example',
      '/teams\0',
      '/teams%00',
      '/teams\u2028',
      '/caf\u00e9',
      '/teams/%',
      'teams',
      '',
      ' /teams',
      '/' + 'a'.repeat(1000),
    ])
      expect(safeNextPath(next), JSON.stringify(next)).toBe(DEFAULT_NEXT_PATH)
    expect(safeNextPath(undefined)).toBe(DEFAULT_NEXT_PATH)
    expect(safeNextPath(['/teams'])).toBe(DEFAULT_NEXT_PATH)
    expect(safeNextPath('//evil.example', '')).toBe('')
  })

  it('whatever goes in, the Location that comes out stays on our origin and fits a header', () => {
    const check = (next: string) => {
      const location = safeNextPath(next)
      expect(headerSafe(location), JSON.stringify(location)).toBe(true)
      expect(location.startsWith('/') && !location.startsWith('//')).toBe(true)
      expect(followed(location).origin).toBe(ORIGIN)
      // Decoded once more (a proxy, a second redirect), it still stays home.
      expect(followed(decodeURIComponent(location)).origin).toBe(ORIGIN)
      expect([next, DEFAULT_NEXT_PATH]).toContain(location)
    }
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), check), { numRuns: 2000 })
    fc.assert(fc.property(nastyString, check), { numRuns: 5000 })
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        check(url)
        check(url.replace(/^https?:/, ''))
      }),
      { numRuns: 500 },
    )
  })
})
