/**
 * The ballot key at work (DESIGN.md P5, threat model (a)). One server-held key, never stored in
 * the database nor in its folder, does two things:
 * - it names a link's ballot: `place = HMAC(key, SHA-256(secret))`, so whoever holds the links and
 *   a copy of the database cannot find which ballot is whose;
 * - it seals what respondents send (AES-256-GCM, a fresh nonce each time, the round as associated
 *   data), so no file, journal, WAL frame or backup ever holds an answer or a comment in clear
 *   until the round closes and only statistics are kept.
 * This file uses WebCrypto and runs on Workers and Node; `src/node/seal.ts` is the synchronous
 * Node twin used inside group commits. Both give identical places and read each other's seals.
 */

export interface BallotSeal {
  /** Where the ballot of the link with this secret lives. */
  place(secret: string): Promise<string>
  /** The same, from the SHA-256 of the secret (hex) that older versions stored. */
  placeOfHash(secretHash: string): Promise<string>
  seal(plain: Uint8Array, context: string): Promise<Uint8Array>
  /** Throws when the bytes were not sealed with this key and context. */
  open(sealed: Uint8Array, context: string): Promise<Uint8Array>
}

/** Nonce and tag that sealing adds to every plaintext. */
export const SEAL_OVERHEAD = 12 + 16
export const KEY_SALT = 'quorum ballot key v1'
export const PLACE_INFO = 'place'
export const SEAL_INFO = 'seal'

const encoder = new TextEncoder()

/** Reads a ballot key written as base64 or base64url; null unless it holds at least 32 bytes. */
export function decodeBallotKey(text: string): Uint8Array | null {
  const clean = text.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (!/^[A-Za-z0-9+/]+$/.test(clean)) return null
  try {
    const bytes = Uint8Array.from(atob(clean + '==='.slice((clean.length + 3) % 4)), (c) =>
      c.charCodeAt(0),
    )
    return bytes.length >= 32 ? bytes : null
  } catch {
    return null
  }
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function derive(master: Uint8Array, info: string): Promise<ArrayBuffer> {
  const base = await crypto.subtle.importKey('raw', master as BufferSource, 'HKDF', false, [
    'deriveBits',
  ])
  return crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(KEY_SALT), info: encoder.encode(info) },
    base,
    256,
  )
}

/** The ballot seal through WebCrypto, from the master key's bytes. */
export async function webBallotSeal(master: Uint8Array): Promise<BallotSeal> {
  const macKey = await crypto.subtle.importKey(
    'raw',
    await derive(master, PLACE_INFO),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const aesKey = await crypto.subtle.importKey(
    'raw',
    await derive(master, SEAL_INFO),
    'AES-GCM',
    false,
    ['encrypt', 'decrypt'],
  )
  const placeOfHash = async (secretHash: string) =>
    toBase64url(
      new Uint8Array(await crypto.subtle.sign('HMAC', macKey, encoder.encode(secretHash))),
    )
  return {
    placeOfHash,
    async place(secret) {
      const digest = await crypto.subtle.digest('SHA-256', encoder.encode(secret))
      return placeOfHash(toHex(new Uint8Array(digest)))
    },
    async seal(plain, context) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
        aesKey,
        plain as BufferSource,
      )
      const out = new Uint8Array(12 + sealed.byteLength)
      out.set(iv)
      out.set(new Uint8Array(sealed), 12)
      return out
    },
    async open(sealed, context) {
      const plain = await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: sealed.subarray(0, 12) as Uint8Array<ArrayBuffer>,
          additionalData: encoder.encode(context),
        },
        aesKey,
        sealed.subarray(12) as Uint8Array<ArrayBuffer>,
      )
      return new Uint8Array(plain)
    },
  }
}
