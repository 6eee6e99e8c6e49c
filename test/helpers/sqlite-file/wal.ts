import { databaseFromPages, type DatabaseFile } from './database'
import { u32 } from './record'

const HEADER_SIZE = 32
const FRAME_HEADER_SIZE = 24

/** The 32-byte WAL header. */
export interface WalHeader {
  /** 0x377f0682 (little-endian checksums) or 0x377f0683 (big-endian). */
  magic: number
  formatVersion: number
  pageSize: number
  checkpointSequence: number
  /** Salt-1 grows by one and salt-2 is re-rolled each time the WAL restarts from frame 0. */
  salt1: number
  salt2: number
  checksumMatches: boolean
}

/** One frame: a page image plus the header that says which page and which commit. */
export interface WalFrame {
  /** 0-based position in the file. */
  index: number
  pageNumber: number
  /** Database size in pages after this commit; 0 for frames that do not end a transaction. */
  commitSize: number
  saltMatches: boolean
  checksumMatches: boolean
  /** Salts and checksum chain intact for this and every earlier frame (what SQLite would use). */
  valid: boolean
  page: Uint8Array
}

/** A WAL file: header, every frame present, and the valid frames grouped by transaction. */
export interface WalFile {
  /** Null for an empty file or one without the WAL magic (e.g. truncated at checkpoint). */
  header: WalHeader | null
  frames: WalFrame[]
  /** Valid frames per committed transaction, oldest first; uncommitted tails are left out. */
  commits: WalFrame[][]
}

/** SQLite's WAL checksum: two running sums over 32-bit words, seeded by the previous frame. */
function walChecksum(bytes: Uint8Array, bigEndian: boolean, seed: [number, number]) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let [s0, s1] = seed
  for (let i = 0; i + 8 <= bytes.length; i += 8) {
    s0 = (s0 + view.getUint32(i, !bigEndian) + s1) >>> 0
    s1 = (s1 + view.getUint32(i + 4, !bigEndian) + s0) >>> 0
  }
  return [s0, s1] as [number, number]
}

/** Reads a -wal file. `pageSize` defaults to the header's. */
export function readWalFile(bytes: Uint8Array, pageSize?: number): WalFile {
  const magic = bytes.length >= HEADER_SIZE ? u32(bytes, 0) : 0
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return { header: null, frames: [], commits: [] }
  const bigEndian = magic === 0x377f0683
  const stored = (at: number): [number, number] => [u32(bytes, at), u32(bytes, at + 4)]
  const sameSums = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1]
  const header: WalHeader = {
    magic,
    formatVersion: u32(bytes, 4),
    pageSize: u32(bytes, 8),
    checkpointSequence: u32(bytes, 12),
    salt1: u32(bytes, 16),
    salt2: u32(bytes, 20),
    checksumMatches: sameSums(walChecksum(bytes.subarray(0, 24), bigEndian, [0, 0]), stored(24)),
  }
  const size = pageSize ?? header.pageSize
  const frames: WalFrame[] = []
  let seed = stored(24)
  let valid = header.checksumMatches
  for (let at = HEADER_SIZE; at + FRAME_HEADER_SIZE + size <= bytes.length;) {
    const page = bytes.subarray(at + FRAME_HEADER_SIZE, at + FRAME_HEADER_SIZE + size)
    // Each frame is checked against the checksum stored in the frame before it, so frames
    // left over from an earlier WAL generation still verify among themselves.
    const sums = walChecksum(
      page,
      bigEndian,
      walChecksum(bytes.subarray(at, at + 8), bigEndian, seed),
    )
    const saltMatches = u32(bytes, at + 8) === header.salt1 && u32(bytes, at + 12) === header.salt2
    const checksumMatches = sameSums(sums, stored(at + 16))
    valid = valid && saltMatches && checksumMatches
    const commitSize = u32(bytes, at + 4)
    frames.push({
      index: frames.length,
      pageNumber: u32(bytes, at),
      commitSize,
      saltMatches,
      checksumMatches,
      valid,
      page,
    })
    seed = stored(at + 16)
    at += FRAME_HEADER_SIZE + size
  }
  const commits: WalFrame[][] = []
  let open: WalFrame[] = []
  for (const frame of frames.filter((f) => f.valid)) {
    open.push(frame)
    if (frame.commitSize !== 0) {
      commits.push(open)
      open = []
    }
  }
  return { header, frames, commits }
}

/**
 * The database as a reader saw it right after commit `commit` (0-based): each page from the
 * latest frame up to that commit, else from the database file (which may be empty).
 */
export function readDatabaseAtCommit(
  databaseBytes: Uint8Array,
  wal: WalFile,
  commit: number,
): DatabaseFile {
  const frames = wal.commits.slice(0, commit + 1).flat()
  const last = frames.at(-1)
  if (!wal.header || !last || commit >= wal.commits.length) throw new Error(`no commit ${commit}`)
  const pageSize = wal.header.pageSize
  const latest = new Map(frames.map((frame) => [frame.pageNumber, frame.page]))
  const fromFile = (n: number) =>
    n * pageSize <= databaseBytes.length
      ? databaseBytes.subarray((n - 1) * pageSize, n * pageSize)
      : undefined
  return databaseFromPages(
    (n) => (n < 1 || n > last.commitSize ? undefined : (latest.get(n) ?? fromFile(n))),
    last.commitSize,
  )
}
