/**
 * The UTF-8 byte order mark. Excel opens a double-clicked CSV in the machine's legacy code page
 * (so "Größe" reads "GrÃ¶ÃŸe") unless the file starts with it; RFC 4180 readers skip it
 * (csv-parse with `bom: true`, our roster import), so every CSV we write starts with it.
 */
export const BOM = '\uFEFF'

/**
 * Rows as a CSV file (RFC 4180) the way csv-stringify writes them with `bom: true`: the BOM
 * (above), then a field holding a comma, quote or line break is quoted, every row ends in '\n',
 * null and undefined are empty; text that would start a spreadsheet formula is neutralised
 * (below), the one difference. Ours because csv-stringify's Node build calls Buffer when loaded,
 * and Workers have no Buffer without nodejs_compat; a test compares the two. Every CSV the app
 * hands out (reports, trends, rosters, links, over HTTP, as a download or from the CLI) is written
 * here, so this is the one place the BOM is added.
 */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',') + '\n').join('')
}

/** What spreadsheets take for the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/
/** A number as written, which a spreadsheet reads as that number and nothing else. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * Text that a spreadsheet would run as a formula (a debrief note `=HYPERLINK(…)`, `-2+3`,
 * `@SUM(A1)`) gets a leading `'`, OWASP's advice, so it shows as text. Numbers — negative ones
 * too, whether written as numbers or as text — stay numbers: `-0.5` is no formula.
 */
function neutralised(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text
}

function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'boolean'
        ? value
          ? '1'
          : ''
        : neutralised(typeof value === 'object' ? JSON.stringify(value) : String(value))
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Invitation links to hand out, with the code after `#` for people who type it in. */
export function linksCsv(links: readonly { url: string; secret: string }[]): string {
  return toCsv([['link', 'code'], ...links.map((l) => [l.url, l.secret])])
}
