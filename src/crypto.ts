/** Randomness and hashing through WebCrypto, so the same code runs on Node and Workers. */

const encoder = new TextEncoder()

export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64url(text: string): Uint8Array {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)
  const binary = atob(padded)
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/**
 * A random identifier of 16 letters and digits (95 bits): unguessable enough for ids that are not
 * secrets, and safe anywhere (never starts with `-`, which command-line parsers take for a flag).
 */
export function randomId(): string {
  let id = ''
  while (id.length < 16)
    for (const byte of crypto.getRandomValues(new Uint8Array(24)))
      // 248 = 4 × 62: rejecting larger bytes keeps every letter equally likely.
      if (byte < 248 && id.length < 16) id += ID_ALPHABET[byte % 62]
  return id
}

/** A secret of 256 bits, base64url, optionally with a prefix that says what it is for. */
export function randomSecret(prefix = ''): string {
  // Never a leading `-` (1 draw in 64 without this): spreadsheets and command lines would take it
  // for a minus sign or a flag, and CSV exports would have to neutralise the cell.
  for (;;) {
    const secret = prefix + base64url(crypto.getRandomValues(new Uint8Array(32)))
    if (!secret.startsWith('-')) return secret
  }
}

/**
 * SHA-256 of a high-entropy secret, hex. Plain SHA-256 suffices because the secrets are random
 * 256-bit values: there is nothing to brute-force, unlike passwords.
 */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(secret))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Compares two strings in time independent of where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  let diff = x.length ^ y.length
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}

/**
 * PBKDF2-HMAC-SHA256 (OWASP: 600,000 iterations), stored as
 * `pbkdf2-sha256$<iterations>$<salt>$<hash>` so the cost can be raised without breaking old hashes.
 */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const hash = await pbkdf2(password, salt, iterations)
  return `pbkdf2-sha256$${iterations}$${base64url(salt)}$${base64url(hash)}`
}

/** Checks a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$')
  const iterations = Number(iter)
  // Bounds keep a tampered hash from demanding unbounded work (or more than Workers allow).
  if (scheme !== 'pbkdf2-sha256' || !salt || !hash) return false
  if (!Number.isInteger(iterations) || iterations < 1000 || iterations > 10_000_000) return false
  const actual = await pbkdf2(password, fromBase64url(salt), iterations)
  return timingSafeEqual(base64url(actual), hash)
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, [
    'deriveBits',
  ])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  )
  return new Uint8Array(bits)
}
