import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { linksCsv, toCsv } from '../../../src/formats/csv'

/** The cells of a one-row CSV, as a spreadsheet or a CSV parser reads them. */
const cells = (csv: string): string[] => (parse(csv, { bom: true }) as string[][])[0]!

describe('toCsv and spreadsheet formulas', () => {
  it("puts a ' before text a spreadsheet would run as a formula", () => {
    const texts = [
      '=HYPERLINK("http://evil","x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\tleads with a tab',
      '\rleads with a carriage return',
      '=1',
      '-',
    ]
    expect(cells(toCsv([texts]))).toEqual(texts.map((t) => `'${t}`))
    expect(toCsv([['=HYPERLINK("http://evil","x")']])).toBe(
      `\uFEFF"'=HYPERLINK(""http://evil"",""x"")"\n`,
    )
  })

  it('leaves numbers alone, negative ones too, whether written as numbers or as plain text', () => {
    const row = [-0.5, -2, 0, 3.25, -1e-7, '-0.38', '+4', '-12', '1e5', '-.5']
    expect(toCsv([row])).toBe('\uFEFF-0.5,-2,0,3.25,-1e-7,-0.38,+4,-12,1e5,-.5\n')
  })

  it('leaves text that merely contains those characters elsewhere alone', () => {
    const row = ['a=b', 'we tried +1 ideas', 'x@example.org', 'ps-1', '1=3 2=0 3=4', 'Größe ≥ k']
    expect(cells(toCsv([row]))).toEqual(row)
  })

  it('links and codes survive: a code starting with - is kept as text, never a formula', () => {
    const csv = linksCsv([
      { url: 'https://q.example/s/r1#-Ab3', secret: '-Ab3' },
      { url: 'https://q.example/s/r1#xY_9', secret: 'xY_9' },
    ])
    expect(csv).toBe(
      "\uFEFFlink,code\nhttps://q.example/s/r1#-Ab3,'-Ab3\nhttps://q.example/s/r1#xY_9,xY_9\n",
    )
  })

  it('no cell it writes starts a formula, unless it is a plain number', () => {
    const cell = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.double(), fc.integer())
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1 }), (row) => {
        for (const text of cells(toCsv([row])))
          if (/^[=+\-@\t\r]/.test(text))
            expect(text).toMatch(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/)
      }),
      { numRuns: 500 },
    )
  })
})
