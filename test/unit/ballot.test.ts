import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BALLOT_BYTES,
  decodeAnswers,
  decodeComments,
  encodeAnswers,
  encodeComments,
  shuffled,
} from '../../src/domain/ballot'
import { randomSecret } from '../../src/crypto'
import { nodeBallotSeal } from '../../src/node/seal'
import { decodeBallotKey, SEAL_OVERHEAD, webBallotSeal } from '../../src/seal'
import { builtinSurvey } from '../helpers/app'

const survey = builtinSurvey('psychological-safety')
const key = () => crypto.getRandomValues(new Uint8Array(32))

describe('a ballot as bytes', () => {
  it('has one size for every survey and every answer, and decodes to the same answers', () => {
    for (const id of ['psychological-safety', 'collaboration', 'squad-health-check']) {
      const s = builtinSurvey(id)
      const values = s.items.map((item) => {
        const scale = s.scales.find((sc) => sc.id === item.scale) ?? s.scales[0]!
        return scale.points.map((p) => p.value)
      })
      fc.assert(
        fc.property(fc.tuple(...values.map((v) => fc.constantFrom(...v))), (picked) => {
          const answers = Object.fromEntries(s.items.map((item, i) => [item.id, picked[i]!]))
          const bytes = encodeAnswers(s, answers)
          expect(bytes.length).toBe(BALLOT_BYTES)
          expect(decodeAnswers(s, bytes)).toEqual(answers)
        }),
        { numRuns: 50 },
      )
    }
  })

  it('refuses to decode a ballot of another survey', () => {
    const other = builtinSurvey('collaboration')
    const bytes = encodeAnswers(other, Object.fromEntries(other.items.map((i) => [i.id, 3])))
    expect(() => decodeAnswers(survey, bytes)).toThrow(/does not fit/)
  })

  it('keeps comment lists whole and lets their size grow only in 1 KiB steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ questionId: fc.string({ minLength: 1 }), body: fc.string() }), {
          maxLength: 30,
        }),
        (comments) => {
          const bytes = encodeComments(comments)
          expect(bytes.length % 1024).toBe(0)
          expect(decodeComments(bytes)).toEqual(comments)
        },
      ),
    )
    expect(encodeComments([{ questionId: 'c', body: 'short' }]).length).toBe(1024)
    expect(encodeComments([{ questionId: 'c', body: 'longer, but still short' }]).length).toBe(1024)
  })

  it('shuffles into every order, none preferred', () => {
    const seen = new Map<string, number>()
    for (let i = 0; i < 6000; i++) {
      const order = shuffled([1, 2, 3]).join('')
      seen.set(order, (seen.get(order) ?? 0) + 1)
    }
    expect(seen.size).toBe(6)
    for (const count of seen.values()) expect(count).toBeGreaterThan(800)
  })
})

describe('the ballot seal', () => {
  it('is the same on Node and through WebCrypto: places agree, each opens what the other sealed', async () => {
    const master = key()
    const node = nodeBallotSeal(master)
    const web = await webBallotSeal(master)
    const secret = 'x'.repeat(43)
    expect(await node.place(secret)).toBe(await web.place(secret))
    const plain = encodeAnswers(survey, Object.fromEntries(survey.items.map((i) => [i.id, 4])))
    const a = await node.seal(plain, 'round-1')
    const b = await web.seal(plain, 'round-1')
    expect(a.length).toBe(BALLOT_BYTES + SEAL_OVERHEAD)
    expect(b.length).toBe(a.length)
    expect(await web.open(a, 'round-1')).toEqual(plain)
    expect(await node.open(b, 'round-1')).toEqual(plain)
  })

  it('never seals the same answers to the same bytes, and holds nothing of them in clear', async () => {
    const seal = nodeBallotSeal(key())
    const plain = new TextEncoder().encode('a comment anyone would recognise')
    const a = await seal.seal(plain, 'r')
    const b = await seal.seal(plain, 'r')
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
    expect(Buffer.from(a).includes(Buffer.from('recognise'))).toBe(false)
  })

  it('opens nothing under another key or for another round', async () => {
    const seal = nodeBallotSeal(key())
    const sealed = await seal.seal(new Uint8Array([1, 2, 3]), 'round-1')
    await expect(seal.open(sealed, 'round-2')).rejects.toThrow()
    await expect(nodeBallotSeal(key()).open(sealed, 'round-1')).rejects.toThrow()
    const tampered = Uint8Array.from(sealed)
    tampered[20]! ^= 1
    await expect(seal.open(tampered, 'round-1')).rejects.toThrow()
  })

  it('places depend on the key: the secret and its SHA-256 alone do not find a ballot', async () => {
    const secret = 'y'.repeat(43)
    const one = await nodeBallotSeal(key()).place(secret)
    const two = await nodeBallotSeal(key()).place(secret)
    expect(one).not.toBe(two)
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', Buffer.from(secret)))
    expect(one).not.toContain(digest.toString('hex').slice(0, 16))
    expect(one).not.toContain(digest.toString('base64url').slice(0, 16))
  })

  it('makes link secrets of 43 characters that never start with a minus sign', () => {
    const secrets = Array.from({ length: 5000 }, () => randomSecret())
    expect(secrets.filter((s) => s.startsWith('-'))).toEqual([])
    expect(new Set(secrets.map((s) => s.length))).toEqual(new Set([43]))
    expect(new Set(secrets.map((s) => s[1])).size).toBeGreaterThan(60) // minus signs further in
  })

  it('reads keys in base64 and base64url and refuses short or malformed ones', () => {
    const bytes = key()
    expect(decodeBallotKey(Buffer.from(bytes).toString('base64'))).toEqual(bytes)
    expect(decodeBallotKey(Buffer.from(bytes).toString('base64url') + '\n')).toEqual(bytes)
    expect(decodeBallotKey(Buffer.from(bytes.slice(0, 31)).toString('base64'))).toBeNull()
    expect(decodeBallotKey('not a key at all, clearly not base64!')).toBeNull()
    expect(decodeBallotKey('')).toBeNull()
  })
})
