import { byteAt, u32 } from './record'

const MAGIC = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]
/** Set as the record count when it is not maintained: read records up to the end of the file. */
const COUNT_UNKNOWN = 0xffffffff

/** One journal header. A journal may hold several, each at a sector boundary. */
export interface JournalHeader {
  offset: number
  recordCount: number
  /** Seeds the per-record checksum. */
  nonce: number
  /** Database size in pages when the transaction began: rollback truncates back to it. */
  initialSize: number
  sectorSize: number
  pageSize: number
}

/** A page as it was before the transaction changed it. */
export interface JournalRecord {
  offset: number
  pageNumber: number
  page: Uint8Array
  checksumMatches: boolean
}

/** A rollback journal: nothing when its header is zeroed (committed in PERSIST mode, or empty). */
export interface JournalFile {
  header: JournalHeader | null
  /** Every valid header, the first one included. */
  segments: JournalHeader[]
  records: JournalRecord[]
}

function hasMagic(bytes: Uint8Array, offset: number): boolean {
  return offset + 28 <= bytes.length && MAGIC.every((b, i) => bytes[offset + i] === b)
}

/** The journal checksum samples every 200th byte, counting down from the end of the page. */
function journalChecksum(page: Uint8Array, nonce: number): number {
  let sum = nonce
  for (let i = page.length - 200; i > 0; i -= 200) sum = (sum + byteAt(page, i)) >>> 0
  return sum
}

function validSector(size: number): boolean {
  return size >= 32 && size <= 65536 && (size & (size - 1)) === 0
}

/** Reads a -journal file. `pageSize` defaults to the one recorded in its header. */
export function readJournalFile(bytes: Uint8Array, pageSize?: number): JournalFile {
  const segments: JournalHeader[] = []
  const records: JournalRecord[] = []
  let offset = 0
  while (hasMagic(bytes, offset)) {
    const header: JournalHeader = {
      offset,
      recordCount: u32(bytes, offset + 8),
      nonce: u32(bytes, offset + 12),
      initialSize: u32(bytes, offset + 16),
      sectorSize: u32(bytes, offset + 20),
      pageSize: u32(bytes, offset + 24),
    }
    if (!validSector(header.sectorSize)) break
    segments.push(header)
    const size = pageSize ?? header.pageSize
    let at = offset + header.sectorSize
    const count =
      header.recordCount === COUNT_UNKNOWN
        ? Math.floor((bytes.length - at) / (size + 8))
        : header.recordCount
    for (let i = 0; i < count && at + size + 8 <= bytes.length; i++) {
      const page = bytes.subarray(at + 4, at + 4 + size)
      const checksumMatches = u32(bytes, at + 4 + size) === journalChecksum(page, header.nonce)
      records.push({ offset: at, pageNumber: u32(bytes, at), page, checksumMatches })
      at += size + 8
    }
    // The next header, if any, starts at the next sector boundary.
    offset = Math.ceil(at / header.sectorSize) * header.sectorSize
  }
  return { header: segments[0] ?? null, segments, records }
}
