import {
  byteAt,
  decodeRecord,
  readVarint,
  toJsInteger,
  u16,
  u32,
  type SqlValue,
  type TextEncoding,
} from './record'

/** The four b-tree page types (header byte 0: 2, 5, 10, 13). */
export type PageKind = 'index-interior' | 'table-interior' | 'index-leaf' | 'table-leaf'

const KINDS: Record<number, PageKind> = {
  2: 'index-interior',
  5: 'table-interior',
  10: 'index-leaf',
  13: 'table-leaf',
}

/** What decoding needs beyond the page itself. */
export interface PageContext {
  /** Page size minus the reserved bytes at the end of each page (header offset 20). */
  usableSize: number
  encoding: TextEncoding
  /** Other pages of the same file or snapshot, to follow overflow chains. */
  readPage: (pageNumber: number) => Uint8Array | undefined
}

/** A run of bytes on a page, by offset within the page. */
export interface ByteRange {
  offset: number
  size: number
}

/** One cell, where it lies on its page and the record it holds. */
export interface Cell {
  page: number
  /** Position in the page's cell pointer array (key order within the page). */
  index: number
  /** Where the cell's content starts within the page. */
  offset: number
  /** Bytes the cell occupies on this page (at least 4: SQLite never allocates less). */
  size: number
  /** Interior cells: the child page holding keys before this cell's. */
  leftChild?: number
  /** Table b-tree cells: the rowid (the key). */
  rowid?: number | bigint
  /** Full payload (record) size, including the parts on overflow pages. */
  payloadSize: number
  /** Overflow pages holding the rest of the payload, in chain order. */
  overflow: number[]
  /** The decoded record; empty for table interior cells, which carry only a key. */
  values: SqlValue[]
}

/** A decoded b-tree page: header fields, cells and the free space between and around them. */
export interface BtreePage {
  page: number
  kind: PageKind
  /** 100 on page 1 (after the database header), 0 elsewhere. */
  headerOffset: number
  firstFreeblock: number
  cellCount: number
  /** Start of the cell content area, which SQLite fills from the end of the page down. */
  contentStart: number
  fragmentedBytes: number
  rightChild?: number
  cells: Cell[]
  /** Freed cells linked from the header, in offset order. */
  freeblocks: ByteRange[]
  /** Never-allocated bytes between the cell pointer array and the content area. */
  gap: ByteRange
}

/**
 * Bytes of payload kept on the b-tree page itself; the rest spills to overflow pages. Formulas
 * from the file format spec: table leaves keep up to U-35, index pages far less, so that
 * an index page always holds at least four cells.
 */
export function localPayloadSize(payloadSize: number, usableSize: number, tableLeaf: boolean) {
  const maxLocal = tableLeaf ? usableSize - 35 : Math.floor(((usableSize - 12) * 64) / 255) - 23
  if (payloadSize <= maxLocal) return payloadSize
  const minLocal = Math.floor(((usableSize - 12) * 32) / 255) - 23
  const k = minLocal + ((payloadSize - minLocal) % (usableSize - 4))
  return k <= maxLocal ? k : minLocal
}

function readOverflow(first: number, local: Uint8Array, total: number, context: PageContext) {
  const payload = new Uint8Array(total)
  payload.set(local)
  const pages: number[] = []
  let filled = local.length
  for (let next = first; filled < total;) {
    const page = next === 0 ? undefined : context.readPage(next)
    if (!page)
      throw new Error(`overflow page ${next} is not available: pass a context that reads it`)
    if (pages.includes(next)) throw new Error(`overflow chain loops at page ${next}`)
    pages.push(next)
    const chunk = Math.min(total - filled, context.usableSize - 4)
    payload.set(page.subarray(4, 4 + chunk), filled)
    filled += chunk
    next = u32(page, 0)
  }
  return { pages, payload }
}

function decodeCell(
  bytes: Uint8Array,
  page: number,
  kind: PageKind,
  index: number,
  context: PageContext,
  offset: number,
): Cell {
  const cell: Cell = { page, index, offset, size: 0, payloadSize: 0, overflow: [], values: [] }
  const hasPayload = kind !== 'table-interior'
  let p = offset
  if (kind.endsWith('interior')) {
    cell.leftChild = u32(bytes, p)
    p += 4
  }
  if (hasPayload) {
    const payloadSize = readVarint(bytes, p)
    cell.payloadSize = Number(payloadSize.value)
    p += payloadSize.length
  }
  if (kind.startsWith('table')) {
    const key = readVarint(bytes, p)
    cell.rowid = toJsInteger(key.value)
    p += key.length
  }
  if (hasPayload) {
    const local = localPayloadSize(cell.payloadSize, context.usableSize, kind === 'table-leaf')
    let payload = bytes.subarray(p, p + local)
    p += local
    if (local < cell.payloadSize) {
      const chain = readOverflow(u32(bytes, p), payload, cell.payloadSize, context)
      ;({ pages: cell.overflow, payload } = chain)
      p += 4
    }
    cell.values = decodeRecord(payload, context.encoding)
  }
  cell.size = Math.max(4, p - offset)
  return cell
}

function readFreeblocks(bytes: Uint8Array, first: number): ByteRange[] {
  const blocks: ByteRange[] = []
  // The spec keeps the list in increasing offset order; anything else would be a loop.
  for (let offset = first; offset !== 0; offset = u16(bytes, offset)) {
    const last = blocks.at(-1)
    if (last && offset <= last.offset) throw new Error(`freeblock list goes backwards at ${offset}`)
    blocks.push({ offset, size: u16(bytes, offset + 2) })
  }
  return blocks
}

/**
 * Decodes one b-tree page image, from a database file, a WAL frame or a journal record.
 * Without a context the page is taken as unreserved UTF-8 with no overflow pages reachable.
 */
export function decodePage(
  bytes: Uint8Array,
  pageNumber: number,
  context: Partial<PageContext> = {},
): BtreePage {
  const full: PageContext = {
    usableSize: context.usableSize ?? bytes.length,
    encoding: context.encoding ?? 'utf-8',
    readPage: context.readPage ?? (() => undefined),
  }
  const headerOffset = pageNumber === 1 ? 100 : 0
  const kind = KINDS[byteAt(bytes, headerOffset)]
  if (!kind) throw new Error(`page ${pageNumber} is not a b-tree page`)
  const leaf = kind.endsWith('leaf')
  const cellCount = u16(bytes, headerOffset + 3)
  const pointers = headerOffset + (leaf ? 8 : 12)
  const cells = Array.from({ length: cellCount }, (_, index) =>
    decodeCell(bytes, pageNumber, kind, index, full, u16(bytes, pointers + 2 * index)),
  )
  const firstFreeblock = u16(bytes, headerOffset + 1)
  // A content start of 0 means 65536: the only value that does not fit in two bytes.
  const contentStart = u16(bytes, headerOffset + 5) || 65536
  const gapStart = pointers + 2 * cellCount
  return {
    page: pageNumber,
    kind,
    headerOffset,
    firstFreeblock,
    cellCount,
    contentStart,
    fragmentedBytes: byteAt(bytes, headerOffset + 7),
    rightChild: leaf ? undefined : u32(bytes, headerOffset + 8),
    cells,
    freeblocks: readFreeblocks(bytes, firstFreeblock),
    gap: { offset: gapStart, size: contentStart - gapStart },
  }
}
