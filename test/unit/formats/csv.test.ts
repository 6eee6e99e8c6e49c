import { stringify } from 'csv-stringify/sync'
import { describe, expect, it } from 'vitest'
import { toCsv } from '../../../src/formats/csv'

describe('toCsv', () => {
  it('writes what csv-stringify writes (BOM first) for the values reports and links hold', () => {
    const rows = [
      ['type', 'id', 'text', 'n', 'mean'],
      ['item', 'ps-1', 'If you make a mistake, it is "held against you"', 7, 4.142857],
      ['notice', 'r1', 'Fewer than 5 people answered, so, no numbers', '', null],
      ['debrief', 'r2', 'line one\nline two\r\nthree', undefined, -0.5],
      ['flags', true, false, 0, ''],
      ['unicode', 'Größe ≥ k', 'ü, é', 1e21, 'https://q.example/s/abc#Sekret_-1'],
    ]
    expect(toCsv(rows)).toBe(stringify(rows, { bom: true }))
  })

  it('writes nothing for no rows, and one empty field per empty row', () => {
    expect(toCsv([])).toBe(stringify([], { bom: true }))
    expect(toCsv([['']])).toBe('\uFEFF\n')
  })
})
