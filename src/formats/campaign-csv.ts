import { PATH_SEPARATOR } from '../domain/groups'
import type { CellStatus, Heatmap, HeatmapCell } from '../domain/heatmap'
import { toCsv } from './csv'

/** What a cell's status column says, in words a spreadsheet reader needs no legend for. */
export const STATUS_TEXT: Record<CellStatus, string> = {
  published: 'published',
  fewer_than_k: 'fewer than k',
  protects_smaller: 'withheld to protect a smaller group',
}

/**
 * A campaign's heatmap as CSV: a row per cell the reader sees, named by its path of group names
 * (as the groups CSV names them); then for each dimension its mean, 95% interval and favourable %.
 * A withheld cell's number columns are empty: the heatmap carries no number for it, and neither
 * does this file.
 */
export function heatmapCsv(map: Heatmap): string {
  const header = ['path', 'kind', 'status', 'respondents', 'response_rate_percent']
  for (const d of map.dimensions)
    header.push(`${d.id}_mean`, `${d.id}_ci_low`, `${d.id}_ci_high`, `${d.id}_favourable_percent`)
  const pathOf = cellPaths(map.cells)
  const rows = map.cells.map((cell): unknown[] => [
    pathOf.get(cell.id),
    cell.kind,
    STATUS_TEXT[cell.status],
    cell.respondents,
    cell.responseRate,
    ...map.dimensions.flatMap((d): unknown[] => {
      const score = cell.scores.find((s) => s.dimension === d.id)
      return score ? [score.mean, score.low, score.high, score.favourablePercent] : ['', '', '', '']
    }),
  ])
  return toCsv([header, ...rows])
}

/** Each cell's names from the top cell the reader sees down to it. */
function cellPaths(cells: readonly HeatmapCell[]): Map<string, string> {
  const paths = new Map<string, string>()
  // Parents come before their children in the heatmap's order.
  for (const cell of cells) {
    const above = cell.parentId === null ? undefined : paths.get(cell.parentId)
    paths.set(cell.id, above === undefined ? cell.name : above + PATH_SEPARATOR + cell.name)
  }
  return paths
}
