/**
 * Rows as CSV (RFC 4180) the way csv-stringify writes them by default: a field holding a comma,
 * quote or line break is quoted, every row ends in '\n', null and undefined are empty. Ours
 * because csv-stringify's Node build calls Buffer when loaded, and Workers have no Buffer without
 * nodejs_compat; a test compares the two.
 */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + '\n').join('')
}

function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'boolean'
        ? value
          ? '1'
          : ''
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Invitation links to hand out, with the code after `#` for people who type it in. */
export function linksCsv(links: readonly { url: string; secret: string }[]): string {
  return toCsv([['link', 'code'], ...links.map((l) => [l.url, l.secret])])
}
