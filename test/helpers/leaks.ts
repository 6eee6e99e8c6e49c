import type { TestApp } from './app'

/**
 * What an attacker walks and reads: every route the app has, and every number a response shows.
 * Tests that promise "no number below k leaves the server" look through these.
 */

/** The paths of every GET route the app has, from its own routing table. */
export const getRoutes = (t: TestApp) => [
  ...new Set(t.app.routes.filter((r) => r.method === 'GET').map((r) => r.path)),
]

/** Whether a route is a page: not JSON, CSV or an asset (and not a middleware wildcard). */
export const isPage = (path: string) =>
  !/^\/(api|assets)\/|^\/(healthz|openapi\.json)$|\*/.test(path)

/** Every number anywhere in a JSON value. */
export function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (Array.isArray(value)) return value.flatMap(numbersIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn)
  return []
}

/**
 * The numbers a person reads on a page: its text and the text of its labels (aria-label, title,
 * alt), not its markup. Strings in `ignore` (e-mail addresses with random digits) are skipped.
 */
export function numbersOnPage(html: string, ignore: string[]): number[] {
  const body = html.replace(/<(script|style)\b[^]*?<\/\1>/gi, ' ')
  const labels = [...body.matchAll(/\s(?:aria-label|title|alt)="([^"]*)"/g)].map((m) => m[1]!)
  let text = [body.replace(/<[^>]+>/g, ' '), ...labels].join(' ').replace(/&#?\w+;/g, ' ')
  for (const s of ignore) text = text.replaceAll(s, ' ')
  const found = text.match(/(?<!\w)\d+(?:[.,]\d+)?(?!\w)/g) ?? []
  return found.map((x) => Number(x.replace(',', '.')))
}

/** A cookie as a browser would send it after posting a form (sign-in, or a share link). */
export async function cookieFrom(t: TestApp, path: string, fields: Record<string, string>) {
  const res = await t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
  if (res.status !== 303) throw new Error(`${path} answered ${res.status}`)
  return res.headers.getSetCookie()[0]!.split(';')[0]!
}
