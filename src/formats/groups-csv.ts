import { invalid } from '../domain/errors'
import { PATH_SEPARATOR } from '../domain/groups'
import { toCsv } from './csv'
import { escaped, readCsvRecords, unneutralised } from './roster-csv'

/**
 * The organisation as CSV: `path,team`, one line per group (its path, no team) and one per team
 * placed in a group. A path names groups from the top down, separated by " / ":
 * `Acme / Engineering / Platform`. As people keep it in a spreadsheet: commas, semicolons
 * (Excel in German locales) or tabs, with or without a byte order mark.
 */

/** The most lines an import may have. */
export const MAX_GROUPS_CSV_LINES = 5000

/** One line of a groups CSV: the group names of its path and the team, if it names one. */
export interface GroupsCsvRow {
  path: string[]
  team: string | null
  /** The line of the CSV it came from, for messages. */
  line: number
}

const COLUMNS = new Map<string, 'path' | 'team'>([
  ['path', 'path'],
  ['group', 'path'],
  ['group path', 'path'],
  ['team', 'team'],
])

const unreadable = (reason: string) => invalid('groups_csv', { reason })

/**
 * Reads a groups CSV. The first line names the columns (`path` and optionally `team`, any case;
 * others are ignored); empty lines are skipped. Only the format is checked here: the names are
 * checked by the import (services/groups-csv.ts), which names each problem's line.
 */
export function parseGroupsCsv(text: string): GroupsCsvRow[] {
  const { header, rows } = readCsvRecords(text, 'path,team', unreadable)
  const [head, ...data] = rows
  if (!head) throw unreadable('it holds no values. Its first line names the columns: path,team')
  const columns = head.cells.map((title) => COLUMNS.get(title.trim().toLowerCase()))
  for (const key of ['path', 'team'] as const)
    if (columns.filter((c) => c === key).length > 1)
      throw unreadable(`line ${head.line} has more than one ${key} column`)
  if (!columns.includes('path'))
    throw unreadable(
      `line ${head.line} must name the columns, e.g. path,team; it reads "${header.slice(0, 80)}"`,
    )
  if (data.length === 0) throw unreadable('it lists no groups below its first line')
  if (data.length > MAX_GROUPS_CSV_LINES)
    throw unreadable(`it has ${data.length} lines; import at most ${MAX_GROUPS_CSV_LINES} at once`)
  const cell = (cells: string[], key: 'path' | 'team') => {
    const i = columns.indexOf(key)
    return i < 0 ? '' : unneutralised(cells[i] ?? '')
  }
  return data.map(({ cells, line }) => {
    const path = cell(cells, 'path')
    return {
      path: path === '' ? [] : path.split(PATH_SEPARATOR.trim()).map((name) => name.trim()),
      team: cell(cells, 'team') || null,
      line,
    }
  })
}

/** The organisation as CSV (see above); importing it gives the same groups and placements. */
export function groupsCsv(rows: readonly { path: string; team: string | null }[]): string {
  return toCsv([['path', 'team'], ...rows.map((r) => [escaped(r.path), escaped(r.team)])])
}
