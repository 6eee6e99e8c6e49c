import { decodePage, type BtreePage, type Cell, type PageContext } from './page'
import { byteAt, u16, u32, type TextEncoding } from './record'

const MAGIC = 'SQLite format 3\0'
const ENCODINGS: Record<number, TextEncoding> = { 1: 'utf-8', 2: 'utf-16le', 3: 'utf-16be' }

/** One row of sqlite_schema (page 1 is its root). */
export interface SchemaEntry {
  type: string
  name: string
  tblName: string
  /** 0 for views and triggers, which own no b-tree. */
  rootpage: number
  sql: string | null
}

/** The database freelist: trunk pages (each listing leaves) and the leaves themselves. */
export interface Freelist {
  trunks: number[]
  leaves: number[]
}

/** A database image opened for reading its structure, not its SQL meaning. */
export interface DatabaseFile {
  pageSize: number
  usableSize: number
  pageCount: number
  encoding: TextEncoding
  schema: SchemaEntry[]
  freelist: Freelist
  /** What the page decoder needs to read further pages of this image. */
  context: PageContext
  /** The raw bytes of a page (1-based). */
  page(pageNumber: number): Uint8Array
  /** A page decoded as a b-tree page. */
  btreePage(pageNumber: number): BtreePage
  /** The b-tree pages of a table or index, root first, in depth-first order. */
  pagesOf(name: string): BtreePage[]
  /**
   * Every entry of a table or index in key order. Table b-trees keep rows only on leaves;
   * index b-trees (indexes, WITHOUT ROWID tables) also keep entries on interior pages.
   */
  cellsOf(name: string): Cell[]
}

/** Page size from header offset 16, where the value 1 stands for 65536. */
function pageSizeOf(header: Uint8Array): number {
  const size = u16(header, 16)
  return size === 1 ? 65536 : size
}

function readFreelist(read: (n: number) => Uint8Array, firstTrunk: number): Freelist {
  const freelist: Freelist = { trunks: [], leaves: [] }
  for (let trunk = firstTrunk; trunk !== 0;) {
    if (freelist.trunks.includes(trunk)) throw new Error(`freelist loops at page ${trunk}`)
    freelist.trunks.push(trunk)
    const bytes = read(trunk)
    const count = u32(bytes, 4)
    for (let i = 0; i < count; i++) freelist.leaves.push(u32(bytes, 8 + 4 * i))
    trunk = u32(bytes, 0)
  }
  return freelist
}

/**
 * Opens a database from a page source: the basis of both `readDatabaseFile` and views of a
 * database as of a WAL commit. `pageCount` overrides the header's (a WAL commit knows better).
 */
export function databaseFromPages(
  readPage: (pageNumber: number) => Uint8Array | undefined,
  pageCount?: number,
): DatabaseFile {
  const first = readPage(1)
  if (!first || new TextDecoder().decode(first.subarray(0, 16)) !== MAGIC) {
    throw new Error('not a SQLite database (page 1 lacks the header string)')
  }
  const encoding = ENCODINGS[u32(first, 56)] ?? 'utf-8'
  const usableSize = pageSizeOf(first) - byteAt(first, 20)
  const context: PageContext = { usableSize, encoding, readPage }
  const page = (n: number) => {
    const bytes = readPage(n)
    if (!bytes) throw new Error(`page ${n} is not in this image`)
    return bytes
  }
  const btreePage = (n: number) => decodePage(page(n), n, context)
  const walk = (root: number) => {
    const pages: BtreePage[] = []
    const cells: Cell[] = []
    const visit = (n: number, depth: number) => {
      if (depth > 40) throw new Error(`b-tree too deep at page ${n}: a loop?`)
      const decoded = btreePage(n)
      pages.push(decoded)
      for (const cell of decoded.cells) {
        if (cell.leftChild !== undefined) visit(cell.leftChild, depth + 1)
        if (decoded.kind !== 'table-interior') cells.push(cell)
      }
      if (decoded.rightChild !== undefined) visit(decoded.rightChild, depth + 1)
    }
    visit(root, 0)
    return { pages, cells }
  }
  const schema = walk(1).cells.map(({ values: [type, name, tblName, rootpage, sql] }) => ({
    type: String(type),
    name: String(name),
    tblName: String(tblName),
    rootpage: Number(rootpage ?? 0),
    sql: sql === null || sql === undefined ? null : String(sql),
  }))
  const rootOf = (name: string) => {
    const wanted = name.toLowerCase()
    if (wanted === 'sqlite_schema' || wanted === 'sqlite_master') return 1
    const entry = schema.find((e) => e.name.toLowerCase() === wanted)
    if (!entry?.rootpage) throw new Error(`no table or index named ${name} with a b-tree`)
    return entry.rootpage
  }
  return {
    pageSize: pageSizeOf(first),
    usableSize,
    pageCount: pageCount ?? u32(first, 28),
    encoding,
    schema,
    freelist: readFreelist(page, u32(first, 32)),
    context,
    page,
    btreePage,
    pagesOf: (name) => walk(rootOf(name)).pages,
    cellsOf: (name) => walk(rootOf(name)).cells,
  }
}

/** Reads a whole database file (as copied from disk) without going through SQLite. */
export function readDatabaseFile(bytes: Uint8Array): DatabaseFile {
  const pageSize = pageSizeOf(bytes)
  const fromFile = Math.floor(bytes.length / pageSize)
  // The header's page count is only trusted when its change counter says it is current.
  const headerCount = u32(bytes, 28)
  const current = headerCount !== 0 && u32(bytes, 24) === u32(bytes, 92)
  return databaseFromPages(
    (n) => (n >= 1 && n <= fromFile ? bytes.subarray((n - 1) * pageSize, n * pageSize) : undefined),
    current ? headerCount : fromFile,
  )
}
