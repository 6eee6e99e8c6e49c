// The browser build: csv-parse/sync's Node build calls Buffer as it loads, and Workers have no
// Buffer without nodejs_compat (the Worker would not start); this one carries its own.
import { CsvError, parse } from 'csv-parse/browser/esm/sync'
import { AppError, invalid } from '../domain/errors'
import { MAX_ROSTER, type MemberInput } from '../domain/roster'
import type { Member } from '../domain/teams'
import { toCsv } from './csv'

/**
 * A team's roster as CSV: `email,name,language`, one member a line, as we export it and as
 * people keep it in a spreadsheet (Excel in German locales separates with `;`).
 */

/** The members of a roster CSV, and the line of the CSV each one came from. */
export interface RosterCsv {
  members: MemberInput[]
  lines: number[]
}

/**
 * The columns we read, by their lower-cased title. Other columns are ignored when the file has
 * an address column; without one, they are refused (a misnamed address column would otherwise
 * turn every member into one whose link is handed out by hand).
 */
const COLUMNS = new Map<string, keyof MemberInput>([
  ['email', 'email'],
  ['e-mail', 'email'],
  ['mail', 'email'],
  ['email address', 'email'],
  ['e-mail address', 'email'],
  ['e-mail-adresse', 'email'],
  ['name', 'name'],
  ['display name', 'name'],
  ['full name', 'name'],
  ['language', 'locale'],
  ['locale', 'locale'],
  ['lang', 'locale'],
])

const TITLES: Record<keyof MemberInput, string> = {
  email: 'email',
  name: 'name',
  locale: 'language',
}

const unreadable = (reason: string) => invalid('roster_csv', { reason })

/** The bytes of an uploaded CSV as text; anything but UTF-8 is refused rather than garbled. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw unreadable(
      'it is not UTF-8 text. In Excel, save it as "CSV UTF-8"; in other programs choose the UTF-8 encoding.',
    )
  }
}

/** A CSV file's non-empty records, each with the line it starts on, and its first line. */
export interface CsvRecords {
  header: string
  rows: { cells: string[]; line: number }[]
}

/**
 * Reads a CSV as people keep one in a spreadsheet: an optional byte order mark, the separator
 * its first line uses most (comma, semicolon or tab), cells trimmed, empty lines and lines of
 * separators only skipped. Each record carries the line it starts on, for messages; problems
 * are worded by `unreadable`, naming the columns the file should have.
 */
export function readCsvRecords(
  text: string,
  columns: string,
  unreadable: (reason: string) => AppError,
): CsvRecords {
  const body = text.replace(/^\uFEFF/, '')
  const header = body.split(/\r\n|\n|\r/).find((line) => line.trim() !== '')
  if (header === undefined)
    throw unreadable(`it is empty. Its first line names the columns: ${columns}`)
  let last = 0
  const lines: number[] = []
  let records: string[][]
  try {
    records = parse(body, {
      delimiter: separatorOf(header),
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (cells, context) => {
        last = context.lines
        // Lines of separators only, as spreadsheets write for an empty row.
        if (cells.every((cell) => cell === '')) return null
        // `lines` is where a record ends; one with a quoted line break began further up.
        const breaks = cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0)
        lines.push(context.lines - breaks)
        return cells
      },
    })
  } catch (err) {
    if (err instanceof CsvError) throw unreadable(describeCsvError(err, last))
    throw err
  }
  return { header, rows: records.map((cells, i) => ({ cells, line: lines[i]! })) }
}

/**
 * Reads a roster CSV. The first line names the columns (`email`, `name`, `language`, also
 * `locale` or `lang`, in any case); the separator is the one that line uses most (comma,
 * semicolon or tab); empty lines are skipped. Only the format is checked here: the members
 * themselves are checked by the service, and `onCsvLines` names their lines.
 */
export function parseRosterCsv(text: string): RosterCsv {
  const { header, rows } = readCsvRecords(text, 'email,name,language', unreadable)
  const [head, ...data] = rows
  if (!head)
    throw unreadable('it holds no values. Its first line names the columns: email,name,language')
  const columns = head.cells.map((title) => COLUMNS.get(title.trim().toLowerCase()))
  for (const key of new Set(columns))
    if (key && columns.filter((c) => c === key).length > 1)
      throw unreadable(`line ${head.line} has more than one ${TITLES[key]} column`)
  if (!columns.includes('email') && !columns.includes('name'))
    throw unreadable(
      `line ${head.line} must name the columns, e.g. email,name,language; it reads "${header.slice(0, 80)}"`,
    )
  const unknown = head.cells.filter((_, i) => !columns[i]).map((t) => t.trim())
  if (!columns.includes('email') && unknown.some(Boolean))
    throw unreadable(
      `line ${head.line} has no email column, and columns we do not read: ${unknown.map((t) => `"${t.slice(0, 40)}"`).join(', ')}. Name the address column email (or remove the others, if these members get their links by hand)`,
    )
  if (data.length === 0) throw unreadable('it lists no members below its first line')
  if (data.length > MAX_ROSTER)
    throw invalid('roster_too_large', { max: MAX_ROSTER, size: data.length })
  const members = data.map((row) => {
    const member: MemberInput = {}
    columns.forEach((key, i) => {
      if (key) member[key] = unneutralised(row.cells[i] ?? '')
    })
    return member
  })
  return { members, lines: data.map((row) => row.line) }
}

/** The roster as CSV, in its order; importing it gives the same roster. */
export function rosterCsv(members: readonly Pick<Member, 'email' | 'name' | 'locale'>[]): string {
  return toCsv([
    ['email', 'name', 'language'],
    ...members.map((m) => [escaped(m.email), escaped(m.name), m.locale]),
  ])
}

/**
 * Problems an import found in its `members.N` rows, renamed to the CSV's lines (`members.7.email`
 * for line 7) with the line in their message, so a person can find them in the file.
 */
export function onCsvLines(err: unknown, lines: readonly number[]): unknown {
  if (!(err instanceof AppError) || err.fields.length === 0) return err
  const fields = err.fields.map((f) => {
    const match = /^members\.(\d+)(\..*)?$/.exec(f.path)
    const line = match ? lines[Number(match[1])] : undefined
    if (!match || line === undefined) return f
    return { path: `members.${line}${match[2] ?? ''}`, message: `Line ${line}: ${f.message}` }
  })
  return new AppError(err.code, err.params, fields, err.key)
}

/** The separator a header line uses most; a comma when it uses none. */
function separatorOf(header: string): string {
  const count = (c: string) => header.split(c).length - 1
  return [';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',')
}

/**
 * Our export (and OWASP's advice) writes `'=…` for text that would start a formula; the `'` is
 * not part of the value. A value that really starts with `'` and a formula sign is exported
 * with one more `'` (below), so one `'` is always removed.
 */
export const unneutralised = (value: string) => value.replace(/^'(?='*[=+\-@])/, '')

export const escaped = (value: string | null) =>
  value !== null && /^'+[=+\-@]/.test(value) ? `'${value}` : value

function describeCsvError(err: CsvError, lastRecordLine: number): string {
  const line = typeof err.lines === 'number' ? err.lines : lastRecordLine + 1
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted value is never closed; look for a missing " on line ${lastRecordLine + 1} or just after it`
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `line ${line} has text right after a closing quote; inside a quoted value write a quote as two ("")`
    default:
      return `line ${line}: ${err.message.replace(/\s+/g, ' ').slice(0, 200)}`
  }
}
