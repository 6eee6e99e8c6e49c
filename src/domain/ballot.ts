import type { Answers } from './scoring'
import type { SurveyDefinition } from './survey'

/**
 * How one respondent's answers and a round's comments look as bytes before they are sealed
 * (DESIGN.md P5). Every ballot has the same size whatever the survey and the answers, so filling a
 * ballot rewrites its row in place and the database file keeps the layout of minting, not of
 * answering. Comments are kept per round as one list, padded to whole kibibytes, so its size says
 * little and nothing ties a comment to a ballot.
 */

/** Bytes of an encoded ballot: a format byte, the item count, then one byte per item (≤ 40). */
export const BALLOT_BYTES = 64
const BALLOT_FORMAT = 1
/** Comment lists grow in steps of this many bytes. */
const COMMENT_STEP = 1024

/** The answers in the survey's item order, one byte each (scale values are 0–100). */
export function encodeAnswers(survey: SurveyDefinition, answers: Answers): Uint8Array {
  const bytes = new Uint8Array(BALLOT_BYTES)
  bytes[0] = BALLOT_FORMAT
  bytes[1] = survey.items.length
  survey.items.forEach((item, i) => {
    const value = answers[item.id]
    if (value === undefined || !Number.isInteger(value) || value < 0 || value > 100)
      throw new Error(`ballot: no valid answer for ${item.id}`)
    bytes[2 + i] = value
  })
  return bytes
}

/** The answers back from a ballot; throws if the ballot does not fit the survey. */
export function decodeAnswers(survey: SurveyDefinition, bytes: Uint8Array): Answers {
  if (bytes.length !== BALLOT_BYTES || bytes[0] !== BALLOT_FORMAT)
    throw new Error('ballot: unknown format')
  if (bytes[1] !== survey.items.length) throw new Error('ballot: does not fit this survey')
  const answers: Answers = {}
  survey.items.forEach((item, i) => {
    answers[item.id] = bytes[2 + i]!
  })
  return answers
}

/** Links per comment bucket: a write reseals about this many comments, not the round's all. */
const LINKS_PER_BUCKET = 16

/** How many buckets a round's comments are spread over, from its number of links. */
export function commentBuckets(invited: number): number {
  return Math.max(1, Math.ceil(invited / LINKS_PER_BUCKET))
}

/** A bucket picked at random, so that where a comment lands says nothing about its author. */
export function pickBucket(buckets: number): number {
  return randomUint32() % buckets
}

let pool = new Uint32Array(0)
let used = 0

/**
 * A random 32-bit number from the platform's CSPRNG, drawn 1,024 at a time: one call to the
 * generator costs as much as a whole submission's sealing, so every submission should not pay it.
 */
export function randomUint32(): number {
  if (used >= pool.length) {
    pool = crypto.getRandomValues(new Uint32Array(1024))
    used = 0
  }
  return pool[used++]!
}

export interface PooledComment {
  questionId: string
  body: string
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** A round's comments as bytes: a 4-byte length, the JSON list, zeros up to the next step. */
export function encodeComments(comments: readonly PooledComment[]): Uint8Array {
  const json = encoder.encode(JSON.stringify(comments.map((c) => [c.questionId, c.body])))
  const size = Math.ceil((json.length + 4) / COMMENT_STEP) * COMMENT_STEP
  const bytes = new Uint8Array(size)
  new DataView(bytes.buffer).setUint32(0, json.length)
  bytes.set(json, 4)
  return bytes
}

export function decodeComments(bytes: Uint8Array): PooledComment[] {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0)
  const list = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length))) as [string, string][]
  return list.map(([questionId, body]) => ({ questionId, body }))
}

/** Fisher–Yates with crypto randomness: an order that says nothing about arrival (P4, P5). */
export function shuffled<T>(list: readonly T[]): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomUint32() % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * What a delivered link's reminder entry is keyed by: `place` of this text, an HMAC unrelated to
 * the ballot's own place unless one holds the secret (secrets are base64url, so never contain
 * the colon, and no secret's place is another's tag).
 */
export const unusedTagText = (secret: string): string => `unused:${secret}`
