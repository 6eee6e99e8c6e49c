/** Where sign-in leads when `next` is missing or not a path on our own site. */
export const DEFAULT_NEXT_PATH = '/teams'

/** Longer than any page address of ours; a longer value is refused rather than echoed. */
const MAX_NEXT_LENGTH = 1000

/** Visible ASCII only: no control character, no whitespace of any kind, nothing beyond ASCII. */
const VISIBLE_ASCII = /^[\x21-\x7e]*$/

/** Any base will do: only whether a value can leave it matters. */
const PROBE = 'https://next-path.invalid'

function staysHome(path: string): boolean {
  if (!path.startsWith('/') || path[1] === '/' || !VISIBLE_ASCII.test(path)) return false
  // Browsers read `\` as `/` (`/\evil` is `//evil`): a path of ours never needs one.
  if (path.includes('\\')) return false
  try {
    return new URL(path, PROBE).origin === PROBE
  } catch {
    return false
  }
}

/**
 * The page to return to after signing in, from a `next` value anyone can write into a link or a
 * form: a path on our own origin, or `fallback`. It becomes a `Location` header, so it must never
 * name another site (no open redirect) and never hold a byte a header may not (no 500).
 *
 * Accepted: starts with one `/` (not `//` or `/\`), visible ASCII only — so no scheme, control
 * character or whitespace anywhere — and the same holds once percent-decoded, because a proxy or
 * a browser may decode it once (`/%2F/evil`, `/%09/evil`, `%0d%0a`). Browsers strip tabs and line
 * breaks from URLs, so `/\t/evil.example/` would otherwise lead to `//evil.example/`. A value that
 * passes is returned unchanged.
 */
export function safeNextPath(next: unknown, fallback = DEFAULT_NEXT_PATH): string {
  if (typeof next !== 'string' || next.length > MAX_NEXT_LENGTH || !staysHome(next)) return fallback
  let decoded: string
  try {
    decoded = decodeURIComponent(next)
  } catch {
    return fallback // a stray `%` is no page of ours
  }
  return staysHome(decoded) ? next : fallback
}
