import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto'
import { KEY_SALT, PLACE_INFO, SEAL_INFO, toBase64url, type BallotSeal } from '../seal'

/** The ballot seal with synchronous calls, for work inside a SQLite transaction. */
export interface NodeBallotSeal extends BallotSeal {
  placeSync(secret: string): string
  sealSync(plain: Uint8Array, context: string): Uint8Array
  openSync(sealed: Uint8Array, context: string): Uint8Array
}

/**
 * The Node twin of `webBallotSeal` (src/seal.ts) on node:crypto: the same derivation, places and
 * sealed format, without a hop through WebCrypto's promises on the submission path.
 */
export function nodeBallotSeal(master: Uint8Array): NodeBallotSeal {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, KEY_SALT, info, 32))
  const macKey = derive(PLACE_INFO)
  const aesKey = derive(SEAL_INFO)
  const placeOfHash = (hash: string) =>
    toBase64url(createHmac('sha256', macKey).update(hash).digest())
  const placeSync = (secret: string) =>
    placeOfHash(createHash('sha256').update(secret).digest('hex'))
  // Nonces come from a pool filled by the CSPRNG 4 KiB at a time (one call per 341 seals).
  let nonces = Buffer.alloc(0)
  const nonce = () => {
    if (nonces.length < 12) nonces = randomBytes(4092)
    const iv = nonces.subarray(0, 12)
    nonces = nonces.subarray(12)
    return iv
  }
  const sealSync = (plain: Uint8Array, context: string) => {
    const iv = nonce()
    const cipher = createCipheriv('aes-256-gcm', aesKey, iv)
    cipher.setAAD(Buffer.from(context))
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()])
    return new Uint8Array(Buffer.concat([iv, body]))
  }
  const openSync = (sealed: Uint8Array, context: string) => {
    const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
    if (data.length < 28) throw new Error('sealed data too short')
    const decipher = createDecipheriv('aes-256-gcm', aesKey, data.subarray(0, 12))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(data.subarray(data.length - 16))
    return new Uint8Array(
      Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]),
    )
  }
  return {
    placeSync,
    sealSync,
    openSync,
    place: async (secret) => placeSync(secret),
    placeOfHash: async (hash) => placeOfHash(hash),
    seal: async (plain, context) => sealSync(plain, context),
    open: async (sealed, context) => openSync(sealed, context),
  }
}
