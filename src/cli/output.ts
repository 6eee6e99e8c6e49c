/** Terminal output: aligned tables, numbers with fixed decimals, colour only where it helps. */
import { toLocalInput } from '../domain/time'

export interface Style {
  bold(text: string): string
  dim(text: string): string
  green(text: string): string
  red(text: string): string
}

export interface Output {
  /** Whether stdout is a terminal (progress is then updated in place). */
  tty: boolean
  /** Characters per line to fit tables in. */
  width: number
  style: Style
  /** A line on stdout. */
  print(text?: string): void
  /** A line on stderr: notes that should not end up in a captured id or CSV. */
  note(text: string): void
  /** A progress line, redrawn in place on a terminal, one line each otherwise. */
  progress(text: string): void
  /** Ends a progress line started on a terminal. */
  endProgress(): void
}

const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`
const plain = (text: string) => text

/** Colour only on a terminal and only when NO_COLOR is unset or empty (https://no-color.org). */
export function terminalOutput(env: Record<string, string | undefined>): Output {
  const tty = process.stdout.isTTY === true
  const color = tty && !env.NO_COLOR && env.TERM !== 'dumb'
  const style: Style = color
    ? { bold: ansi(1, 22), dim: ansi(2, 22), green: ansi(32, 39), red: ansi(31, 39) }
    : { bold: plain, dim: plain, green: plain, red: plain }
  let progressShown = false
  const endProgress = () => {
    if (progressShown) process.stdout.write('\n')
    progressShown = false
  }
  return {
    tty,
    // Not a terminal (or one that reports 0 columns): assume a wide window; files do not wrap.
    width: Math.max(80, process.stdout.columns || 120),
    style,
    print: (text = '') => {
      endProgress()
      process.stdout.write(text + '\n')
    },
    note: (text) => process.stderr.write(text + '\n'),
    progress: (text) => {
      if (!tty) return void process.stdout.write(text + '\n')
      process.stdout.write('\r\x1b[2K' + text)
      progressShown = true
    },
    endProgress,
  }
}

const ANSI = /\x1b\[[0-9;]*m/g

/** Characters a cell takes on screen (escape codes take none). */
export const visibleLength = (text: string) => text.replace(ANSI, '').length

export interface Column {
  title: string
  align?: 'left' | 'right'
}

/** A table row: cells, or leading cells followed by free text that spans the remaining columns. */
export type Row = string[] | { lead: string[]; text: string }

/** Titles over several columns each, printed above the header (e.g. one per dimension). */
export interface ColumnGroup {
  title: string
  span: number
}

/**
 * Lays out rows under a header and a rule; every column as wide as its widest cell. Groups, if
 * given, title the last columns, in order.
 */
export function table(
  columns: Column[],
  rows: Row[],
  style?: Style,
  groups: ColumnGroup[] = [],
): string[] {
  const widths = columns.map((c) => visibleLength(c.title))
  for (const row of rows)
    (Array.isArray(row) ? row : row.lead).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))
    })
  const pad = (cell: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(cell)))
    return columns[i]?.align === 'right' ? gap + cell : cell + gap
  }
  const line = (cells: string[]) => cells.map(pad).join('  ').replace(/\s+$/, '')
  const header = line(columns.map((c) => c.title))
  const rule = widths.map((w) => '─'.repeat(w)).join('  ')
  const bold = style ? style.bold : (text: string) => text
  const groupLine = groupTitles(groups, widths)
  return [
    ...(groupLine ? [bold(groupLine)] : []),
    bold(header),
    rule,
    ...rows.map((row) =>
      Array.isArray(row) ? line(row) : [...row.lead.map(pad), row.text].join('  '),
    ),
  ]
}

function groupTitles(groups: ColumnGroup[], widths: number[]): string | undefined {
  if (groups.length === 0) return undefined
  const covered = groups.reduce((sum, g) => sum + g.span, 0)
  let column = widths.length - covered
  let text = widths
    .slice(0, column)
    .map((w) => ' '.repeat(w + 2))
    .join('')
  for (const group of groups) {
    const span = widths.slice(column, column + group.span)
    const room = span.reduce((sum, w) => sum + w, 0) + 2 * (span.length - 1)
    text += truncate(group.title, room).padEnd(room + 2)
    column += group.span
  }
  return text.replace(/\s+$/, '')
}

/** A number with two decimals, the way every mean, interval and change is shown. */
export const fixed2 = (x: number) => x.toFixed(2)

/** A change with its sign: +0.25, −0.10, 0.00. */
export const signed2 = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '') + Math.abs(x).toFixed(2)

/** A percentage as released (one decimal). */
export const percent = (x: number) => `${x.toFixed(1)}%`

/** An ISO time as a date (UTC), enough for rounds dated by day. */
export const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—')

/**
 * An ISO time to the minute, in UTC (2026-05-01 17:00 UTC) or, given a team's zone, as its clock
 * reads it: 2026-05-01 19:00 Europe/Berlin.
 */
export const stamp = (iso: string, timeZone = 'UTC') =>
  `${toLocalInput(new Date(iso), timeZone).replace('T', ' ')} ${timeZone}`

/** Shortens text to fit a column, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)).trimEnd() + '…'
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']

/** One character per scale point, as tall as its share of the largest count; · for none. */
export function distributionBar(counts: number[]): string {
  const max = Math.max(0, ...counts)
  return counts
    .map((c) => (c === 0 || max === 0 ? '·' : BLOCKS[Math.ceil((c / max) * BLOCKS.length) - 1]))
    .join('')
}
