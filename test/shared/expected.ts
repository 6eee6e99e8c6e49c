import type { ServedSurvey } from '../helpers/server'

/**
 * Minimal RFC 4180 reading: quoted fields may hold commas, quotes and newlines. A leading UTF-8
 * BOM (every CSV we write has one, for spreadsheets) is skipped, as csv-parse's `bom: true` does.
 */
export function parseCsv(csv: string): string[][] {
  const text = csv.replace(/^\uFEFF/, '')
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++)
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') (row.push(field), (field = ''))
    else if (ch === '\n') (row.push(field), rows.push(row), (row = []), (field = ''))
    else if (ch !== '\r') field += ch
  }
  if (field || row.length) (row.push(field), rows.push(row))
  return rows
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

/** What a report should say, computed here from what was sent (reverse items flipped). */
export function expectedNumbers(survey: ServedSurvey, sent: Record<string, number>[]) {
  const scaleOf = (item: ServedSurvey['items'][number]) =>
    survey.scales.find((s) => s.id === item.scale) ?? survey.scales[0]!
  const scored = (item: ServedSurvey['items'][number], value: number) => {
    const values = scaleOf(item).points.map((p) => p.value)
    return item.reverse ? Math.min(...values) + Math.max(...values) - value : value
  }
  const items = survey.items.map((item) => {
    const values = sent.map((a) => a[item.id]!)
    const favourable = values.filter((v) => scored(item, v) >= scaleOf(item).favourableFrom)
    return {
      id: item.id,
      mean: mean(values),
      favourablePercent: (100 * favourable.length) / sent.length,
    }
  })
  const dimensions = survey.dimensions.map((d) => {
    const inDim = survey.items.filter((item) => item.dimension === d.id)
    return {
      id: d.id,
      mean: mean(sent.map((a) => mean(inDim.map((item) => scored(item, a[item.id]!))))),
    }
  })
  return { items, dimensions }
}
