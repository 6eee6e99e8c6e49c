import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bytesContain,
  decodePage,
  localPayloadSize,
  readDatabaseAtCommit,
  readDatabaseFile,
  readJournalFile,
  readVarint,
  readWalFile,
  type BtreePage,
  type Cell,
  type SqlValue,
} from '../helpers/sqlite-file'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-sqlite-file-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let opened = 0
/** A new database file in the temp dir, with pragmas applied before anything is created. */
function createDatabase(...pragmas: string[]) {
  const path = join(dir, `db-${++opened}.sqlite`)
  const db = new Database(path)
  for (const pragma of ['auto_vacuum = NONE', ...pragmas]) db.pragma(pragma)
  return { db, path }
}

/** Rows as SQLite returns them, in the reader's types: safe integers as numbers, blobs as bytes. */
function sqliteRows(db: Database.Database, sql: string): SqlValue[][] {
  const rows = db.prepare(sql).safeIntegers(true).raw(true).all() as unknown[][]
  return rows.map((row) =>
    row.map((v) => {
      if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v
      return v instanceof Uint8Array ? new Uint8Array(v) : (v as SqlValue)
    }),
  )
}

/** A rowid table's cells as rows: the INTEGER PRIMARY KEY is stored as NULL, its value is the key. */
const asRows = (cells: Cell[]) => cells.map((c) => [c.rowid ?? null, ...c.values.slice(1)])

const pageText = (page: BtreePage) => page.cells.map((c) => String(c.values[1]))

/** A copy of `bytes` with one bit flipped at `offset`. */
function flipByte(bytes: Uint8Array, offset: number): Uint8Array {
  const copy = Uint8Array.from(bytes)
  copy[offset] = (copy[offset] ?? 0) ^ 1
  return copy
}

/** Sixteen hex digits that look random but are the same on every run. */
const fakeId = (i: number) => createHash('sha256').update(`id-${i}`).digest('hex').slice(0, 16)

describe('readVarint and bytesContain', () => {
  it('decodes 1-, 2- and 9-byte varints', () => {
    expect(readVarint(Uint8Array.of(0x7f), 0)).toEqual({ value: 127n, length: 1 })
    expect(readVarint(Uint8Array.of(0x81, 0x00), 0)).toEqual({ value: 128n, length: 2 })
    expect(readVarint(new Uint8Array(9).fill(0xff), 0)).toEqual({ value: -1n, length: 9 })
  })

  it('finds text and bytes anywhere, and nothing outside the view it was given', () => {
    const bytes = new TextEncoder().encode('xx secret yy')
    expect(bytesContain(bytes, 'secret')).toBe(true)
    expect(bytesContain(bytes, Uint8Array.of(0x79, 0x79))).toBe(true)
    expect(bytesContain(bytes.subarray(4), 'secret')).toBe(false)
    expect(bytesContain(bytes, 'Secret')).toBe(false)
  })
})

describe('readDatabaseFile', () => {
  let file: ReturnType<typeof readDatabaseFile>
  let db: Database.Database

  beforeAll(() => {
    const made = createDatabase()
    db = made.db
    db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v);
      CREATE INDEX t_name ON t (name);
      CREATE TABLE w (body TEXT, id TEXT PRIMARY KEY, n INT) WITHOUT ROWID;`)
    const insertT = db.prepare('INSERT INTO t (name, v) VALUES (?, ?)')
    const insertW = db.prepare('INSERT INTO w VALUES (?, ?, ?)')
    db.transaction(() => {
      for (let i = 0; i < 300; i++) {
        insertT.run(`name-${(i * 7919) % 300}`, i % 5 === 0 ? 'x'.repeat(5000 + i) : i * 1000)
        insertW.run('b'.repeat(i % 7 === 0 ? 3000 : 50), fakeId(i), i - 150)
      }
    })()
    // Deleted rows leave freeblocks behind (secure_delete is off by default).
    db.exec('DELETE FROM t WHERE id % 7 = 3; DELETE FROM w WHERE n % 11 = 0')
    file = readDatabaseFile(readFileSync(made.path))
  })
  afterAll(() => db.close())

  it('reads the header and the schema as SQLite reports them', () => {
    expect(file.pageSize).toBe(db.pragma('page_size', { simple: true }))
    expect(file.pageCount).toBe(db.pragma('page_count', { simple: true }))
    expect(file.encoding).toBe('utf-8')
    const schema = sqliteRows(db, 'SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema')
    expect(file.schema.map((e) => [e.type, e.name, e.tblName, e.rootpage, e.sql])).toEqual(schema)
    // A WITHOUT ROWID table is its own primary-key index: no sqlite_autoindex entry.
    expect(file.schema.map((e) => e.name)).toEqual(['t', 't_name', 'w'])
  })

  it('returns every row of a rowid table, an index and a WITHOUT ROWID table', () => {
    expect(asRows(file.cellsOf('t'))).toEqual(sqliteRows(db, 'SELECT * FROM t ORDER BY id'))
    const index = sqliteRows(db, 'SELECT name, id FROM t ORDER BY name, id')
    expect(file.cellsOf('t_name').map((c) => c.values)).toEqual(index)
    // A WITHOUT ROWID record puts the primary key first, whatever the declared column order.
    const w = sqliteRows(db, 'SELECT id, body, n FROM w ORDER BY id')
    expect(file.cellsOf('w').map((c) => c.values)).toEqual(w)
    expect(file.pagesOf('t')[0]?.kind).toBe('table-interior')
    expect(file.pagesOf('w')[0]?.kind).toBe('index-interior')
    // Index b-trees keep entries on interior pages too; they must be counted once.
    expect(file.pagesOf('w')[0]?.cells[0]?.values).toHaveLength(3)
  })

  it('agrees with dbstat on every page: kind, cells, unused bytes, payload and overflow', () => {
    for (const name of ['t', 't_name', 'w']) {
      const stat = db
        .prepare('SELECT pageno, pagetype, ncell, payload, unused FROM dbstat WHERE name = ?')
        .all(name) as {
        pageno: number
        pagetype: string
        ncell: number
        payload: number
        unused: number
      }[]
      const pages = file.pagesOf(name)
      const overflow = pages.flatMap((p) => p.cells.flatMap((c) => c.overflow))
      expect(overflow.sort((a, b) => a - b)).toEqual(
        stat
          .filter((s) => s.pagetype === 'overflow')
          .map((s) => s.pageno)
          .sort((a, b) => a - b),
      )
      const expected = stat.filter((s) => s.pagetype !== 'overflow')
      expect(pages.map((p) => p.page).sort((a, b) => a - b)).toEqual(
        expected.map((s) => s.pageno).sort((a, b) => a - b),
      )
      for (const page of pages) {
        const s = expected.find((e) => e.pageno === page.page)
        const free = page.freeblocks.reduce((sum, b) => sum + b.size, 0)
        const leaf = page.kind === 'table-leaf'
        const local = page.cells.reduce(
          (sum, c) => sum + localPayloadSize(c.payloadSize, file.usableSize, leaf),
          0,
        )
        expect({
          kind: page.kind.endsWith('leaf') ? 'leaf' : 'internal',
          ncell: page.cellCount,
        }).toEqual({ kind: s?.pagetype, ncell: s?.ncell })
        expect({ unused: page.gap.size + free + page.fragmentedBytes, payload: local }).toEqual({
          unused: s?.unused,
          payload: s?.payload,
        })
        // Header, pointers, gap, free space and cells account for every usable byte.
        const cells = page.cells.reduce((sum, c) => sum + c.size, 0)
        expect(page.gap.offset + page.gap.size + free + page.fragmentedBytes + cells).toBe(
          file.usableSize,
        )
      }
    }
    expect(file.pagesOf('t').some((p) => p.freeblocks.length > 0)).toBe(true)
  })

  it('decodes every serial type and spends the documented bytes on each', () => {
    const { db: s, path } = createDatabase()
    // INTEGER affinity: better-sqlite3 binds every JS number as a REAL, and this stores integral
    // ones as integers again.
    s.exec('CREATE TABLE s (v INTEGER)')
    const cases: [SqlValue, number][] = [
      [null, 2],
      [0, 2],
      [1, 2],
      [-128, 3],
      [32767, 4],
      [-8388608, 5],
      [2147483647, 6],
      [2 ** 40, 8],
      [-(2n ** 63n), 10],
      [2n ** 53n + 1n, 10],
      [1.5, 10],
      ['', 2],
      ['héllo ≥ k', 14],
      [new Uint8Array(0), 2],
      [Uint8Array.of(0, 255, 7), 5],
    ]
    const insert = s.prepare('INSERT INTO s VALUES (?)')
    for (const [value] of cases) insert.run(value)
    s.close()
    const cells = readDatabaseFile(readFileSync(path)).cellsOf('s')
    expect(cells.map((c) => [c.values[0], c.payloadSize])).toEqual(cases)
  })

  it('reads text in the encoding the header declares', () => {
    const { db: s, path } = createDatabase("encoding = 'UTF-16be'")
    s.exec(`CREATE TABLE s (v); INSERT INTO s VALUES ('Größe ≥ k')`)
    s.close()
    const utf16 = readDatabaseFile(readFileSync(path))
    expect(utf16.encoding).toBe('utf-16be')
    expect(utf16.cellsOf('s')[0]?.values).toEqual(['Größe ≥ k'])
  })
})

describe('overflow pages', () => {
  it('keeps payloads on the page up to maxLocal and spills minLocal or K beyond it', () => {
    const { db, path } = createDatabase()
    db.exec('CREATE TABLE t (b BLOB); CREATE TABLE k (b BLOB PRIMARY KEY) WITHOUT ROWID')
    // A one-blob record: header size, serial type (2 bytes up to 8185 bytes of blob, then 3), blob.
    const headerOf = (payload: number) => (payload > 8188 ? 4 : 3)
    const blob = (payload: number) => Buffer.alloc(payload - headerOf(payload), payload % 251)
    for (const payload of [4061, 4062, 4092 + 489 + 100, 20_000])
      db.prepare('INSERT INTO t VALUES (?)').run(blob(payload))
    for (const payload of [1002, 1003]) db.prepare('INSERT INTO k VALUES (?)').run(blob(payload))
    db.close()
    const file = readDatabaseFile(readFileSync(path))
    const shape = (c: Cell) => ({
      payload: c.payloadSize,
      size: c.size,
      overflow: c.overflow.length,
    })
    // Table leaf: maxLocal = U-35 = 4061, minLocal = 489, K = 489 + (P-489) % 4092: a spilled
    // payload keeps K bytes when K fits, which fills its overflow pages exactly (4681, 20000).
    // Cell = payload-size varint + rowid varint + local bytes + 4-byte overflow pointer.
    expect(file.cellsOf('t').map(shape)).toEqual([
      { payload: 4061, size: 4064, overflow: 0 },
      { payload: 4062, size: 496, overflow: 1 },
      { payload: 4681, size: 596, overflow: 1 },
      { payload: 20_000, size: 3640, overflow: 4 },
    ])
    // Index page: maxLocal = (U-12)*64/255-23 = 1002.
    expect(file.cellsOf('k').map(shape)).toEqual([
      { payload: 1002, size: 1004, overflow: 0 },
      { payload: 1003, size: 495, overflow: 1 },
    ])
    for (const cell of [...file.cellsOf('t'), ...file.cellsOf('k')]) {
      const value = cell.values[0] as Uint8Array
      expect(value.length).toBe(cell.payloadSize - headerOf(cell.payloadSize))
      expect(value.every((b) => b === cell.payloadSize % 251)).toBe(true)
    }
  })
})

describe('free space', () => {
  const ids = ['7f3a', '02bc', 'c9e1', '5d08', 'a4f6', '1e97', 'e2c3', '3b5d']
  const offsets = (page: BtreePage) =>
    Object.fromEntries(page.cells.map((c) => [c.values[0], c.offset]))

  it.each([false, true])(
    'finds freeblocks, fragments and deleted text (secure_delete %s)',
    (secure) => {
      const { db, path } = createDatabase(`secure_delete = ${secure ? 1 : 0}`)
      db.exec('CREATE TABLE w (id TEXT PRIMARY KEY, body TEXT) WITHOUT ROWID')
      for (const id of ids) db.prepare('INSERT INTO w VALUES (?, ?)').run(id, `body-of-${id}`)
      const page = () => readDatabaseFile(readFileSync(path)).pagesOf('w')[0] as BtreePage
      // 20-byte cells, stacked from the end of the page down in insertion order.
      expect(offsets(page())['a4f6']).toBe(4096 - 5 * 20)

      db.prepare('DELETE FROM w WHERE id = ?').run('a4f6')
      const afterDelete = readFileSync(path)
      expect(page().freeblocks).toEqual([{ offset: 3996, size: 20 }])
      expect(bytesContain(afterDelete, 'body-of-a4f6')).toBe(!secure)
      const freed = afterDelete.subarray(4096 + 3996 + 4, 4096 + 4016)
      expect(freed.every((b) => b === 0)).toBe(secure)

      // An 18-byte cell takes the 20-byte freeblock; the 2 bytes left over become a fragment.
      db.prepare('INSERT INTO w VALUES (?, ?)').run('0000', 'body-of-00')
      expect(page()).toMatchObject({ freeblocks: [], fragmentedBytes: 2 })
      expect(offsets(page())['0000']).toBe(3996)
      db.close()
    },
  )

  it('allocates at least 4 bytes to a cell, room for a freeblock header once freed', () => {
    const { db, path } = createDatabase()
    // Key 0 and key 1 need no body bytes: the record is 2 bytes, the cell 3.
    db.exec('CREATE TABLE z (k INTEGER PRIMARY KEY) WITHOUT ROWID; INSERT INTO z VALUES (0), (1)')
    db.close()
    const cells = readDatabaseFile(readFileSync(path)).cellsOf('z')
    expect(cells.map((c) => [c.values[0], c.payloadSize, c.offset, c.size])).toEqual([
      [0, 2, 4092, 4],
      [1, 2, 4088, 4],
    ])
  })

  it('lists the freelist the header counts, and freed pages keep old rows unless secure', () => {
    for (const secure of [0, 1]) {
      const { db, path } = createDatabase(`secure_delete = ${secure}`)
      db.exec('CREATE TABLE t (note TEXT)')
      const insert = db.prepare('INSERT INTO t VALUES (?)')
      db.transaction(() => {
        for (let i = 0; i < 200; i++) insert.run(`note-${i}-${'n'.repeat(500)}`)
      })()
      db.exec('DELETE FROM t')
      const count = db.pragma('freelist_count', { simple: true })
      db.close()
      const bytes = readFileSync(path)
      const { freelist } = readDatabaseFile(bytes)
      expect(freelist.trunks).toHaveLength(1)
      expect(freelist.trunks.length + freelist.leaves.length).toBe(count)
      expect(count).toBeGreaterThan(20)
      expect(bytesContain(bytes, 'note-123-')).toBe(secure === 0)
    }
  })
})

describe('order at rest: the leak these helpers exist to catch', () => {
  it('stacks cells from the end of the page in arrival order, whatever the key order', () => {
    const { db, path } = createDatabase()
    db.exec('CREATE TABLE ballot (id TEXT PRIMARY KEY, answer INT) WITHOUT ROWID')
    const arrival = Array.from({ length: 20 }, (_, i) => fakeId(i))
    for (const [i, id] of arrival.entries())
      db.prepare('INSERT INTO ballot VALUES (?, ?)').run(id, i % 5)
    db.close()
    const cells = readDatabaseFile(readFileSync(path)).cellsOf('ballot')
    const keyOrder = cells.map((c) => c.values[0])
    expect(keyOrder).toEqual([...arrival].sort())
    expect(keyOrder).not.toEqual(arrival)
    // Sorting by offset, highest first, recovers exactly the order the rows arrived in.
    const byOffset = [...cells].sort((a, b) => b.offset - a.offset).map((c) => c.values[0])
    expect(byOffset).toEqual(arrival)
    const first = cells.find((c) => c.values[0] === arrival[0])
    expect(first && first.offset + first.size).toBe(4096)
  })

  it('rewrites a same-size UPDATE in place and moves a resized row to the top', () => {
    const { db, path } = createDatabase()
    db.exec('CREATE TABLE w (id TEXT PRIMARY KEY, body TEXT) WITHOUT ROWID')
    for (const id of ['b', 'a', 'c']) db.prepare('INSERT INTO w VALUES (?, ?)').run(id, 'old')
    const read = () => readDatabaseFile(readFileSync(path)).pagesOf('w')[0] as BtreePage
    const before = read()
    db.prepare('UPDATE w SET body = ? WHERE id = ?').run('new', 'b')
    expect(read().cells.map((c) => c.offset)).toEqual(before.cells.map((c) => c.offset))
    db.prepare('UPDATE w SET body = ? WHERE id = ?').run('longer', 'a')
    const after = read()
    expect(after.cells[0]?.offset).toBe(before.contentStart - after.cells[0]!.size)
    expect(after.freeblocks).toEqual([{ offset: before.cells[0]?.offset, size: 8 }])
    db.close()
  })
})

describe('readWalFile', () => {
  it('groups valid frames into one commit per transaction, each readable as of its commit', () => {
    const { db, path } = createDatabase('journal_mode = WAL', 'wal_autocheckpoint = 0')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)')
    const notes = ['note-1', `note-2-${'z'.repeat(6000)}`, 'note-3']
    for (const note of notes) db.prepare('INSERT INTO t (note) VALUES (?)').run(note)
    copyFileSync(`${path}-wal`, `${path}-wal.copy`)
    const dbBytes = readFileSync(path)
    const walBytes = readFileSync(`${path}-wal.copy`)
    const wal = readWalFile(walBytes)

    expect(wal.header).toMatchObject({
      formatVersion: 3007000,
      pageSize: 4096,
      checksumMatches: true,
    })
    expect([0x377f0682, 0x377f0683]).toContain(wal.header?.magic)
    expect(wal.frames.every((f) => f.valid && f.saltMatches && f.checksumMatches)).toBe(true)
    expect(wal.commits).toHaveLength(4)
    expect(wal.commits.flat()).toHaveLength(wal.frames.length)
    for (const commit of wal.commits) {
      expect(commit.map((f) => f.commitSize > 0)).toEqual(
        commit.map((_, i) => i === commit.length - 1),
      )
    }
    const rowsAt = (commit: number) =>
      readDatabaseAtCommit(dbBytes, wal, commit)
        .cellsOf('t')
        .map((c) => c.values[1])
    expect([0, 1, 2, 3].map(rowsAt)).toEqual([[], notes.slice(0, 1), notes.slice(0, 2), notes])
    // The overflow page of note 2 arrived in the same commit as its row.
    const overflow = readDatabaseAtCommit(dbBytes, wal, 2).cellsOf('t')[1]?.overflow ?? []
    expect(overflow).toHaveLength(1)
    expect(wal.commits[2]?.map((f) => f.pageNumber)).toContain(overflow[0])
    // A single frame decodes on its own: in commit 1, page 2 held note 1 alone.
    const frame = wal.commits[1]?.find((f) => f.pageNumber === 2)
    expect(frame && pageText(decodePage(frame.page, frame.pageNumber))).toEqual(['note-1'])
    db.close()

    // The checksum does not cover a frame's salts: a wrong salt alone makes a frame invalid.
    const frameAt = (index: number) => 32 + index * (24 + 4096)
    const last = wal.frames.length - 1
    const badSalt = readWalFile(flipByte(walBytes, frameAt(last) + 8))
    expect(badSalt.frames[last]).toMatchObject({
      saltMatches: false,
      checksumMatches: true,
      valid: false,
    })
    expect(badSalt.commits).toHaveLength(3)
    // A damaged page breaks the checksum chain: nothing from there on counts.
    const damaged = readWalFile(flipByte(walBytes, frameAt(wal.commits[2]![0]!.index) + 24 + 100))
    expect(damaged.commits).toHaveLength(2)
    expect(damaged.frames.map((f) => f.checksumMatches).filter((ok) => !ok)).toHaveLength(1)
  })

  it('marks frames left from before a restart invalid, though they still hold old rows', () => {
    const { db, path } = createDatabase('journal_mode = WAL', 'wal_autocheckpoint = 0')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)')
    for (let i = 1; i <= 3; i++) db.prepare('INSERT INTO t (note) VALUES (?)').run(`old-${i}`)
    const first = readWalFile(readFileSync(`${path}-wal`))
    db.pragma('wal_checkpoint(RESTART)')
    db.prepare('INSERT INTO t (note) VALUES (?)').run('new-4')
    const bytes = readFileSync(`${path}-wal`)
    const wal = readWalFile(bytes)

    expect(wal.header?.salt1).toBe(((first.header?.salt1 ?? 0) + 1) >>> 0)
    expect(wal.header?.checkpointSequence).toBe((first.header?.checkpointSequence ?? 0) + 1)
    expect(wal.frames).toHaveLength(first.frames.length)
    expect(wal.commits).toHaveLength(1)
    expect(wal.frames.map((f) => f.valid)).toEqual(wal.frames.map((_, i) => i === 0))
    expect(wal.frames.slice(1).some((f) => f.saltMatches)).toBe(false)
    expect(pageText(decodePage(wal.commits[0]![0]!.page, 2))).toEqual([
      'old-1',
      'old-2',
      'old-3',
      'new-4',
    ])
    expect(bytesContain(bytes, 'old-1')).toBe(true)
    db.close()
  })

  it('reads an empty WAL as no header and no frames', () => {
    expect(readWalFile(new Uint8Array(0))).toEqual({ header: null, frames: [], commits: [] })
  })
})

describe('readJournalFile', () => {
  function fillNotes(db: Database.Database, rows: number) {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)')
    const insert = db.prepare('INSERT INTO t (note) VALUES (?)')
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`before-${i}-${'p'.repeat(80)}`)
    })()
  }

  it('reads the page images a spilled transaction saved, exactly as they were', () => {
    const { db, path } = createDatabase()
    fillNotes(db, 1000)
    const before = readFileSync(path)
    // A tiny cache forces SQLite to spill mid-transaction, which syncs the journal header.
    db.pragma('cache_size = 10')
    db.exec('BEGIN')
    db.exec(`UPDATE t SET note = replace(note, 'before', 'after!')`)
    const journal = readJournalFile(readFileSync(`${path}-journal`), 4096)
    const during = readDatabaseFile(readFileSync(path))
    db.exec('ROLLBACK')

    expect(journal.header).toMatchObject({ initialSize: before.length / 4096, pageSize: 4096 })
    expect(journal.records.length).toBeGreaterThan(5)
    // Each spill syncs the journal and starts a new segment at the next sector boundary.
    const counted = journal.segments.reduce((sum, segment) => sum + segment.recordCount, 0)
    expect(counted).toBe(journal.records.length)
    expect(journal.segments.length).toBeGreaterThan(1)
    for (const record of journal.records) {
      expect(record.checksumMatches).toBe(true)
      const original = before.subarray((record.pageNumber - 1) * 4096, record.pageNumber * 4096)
      expect(Buffer.compare(record.page, original)).toBe(0)
    }
    // The spilled page in the file already says 'after!'; its journal image still says 'before'.
    const spilled = journal.records.find((r) =>
      pageText(during.btreePage(r.pageNumber))[0]?.startsWith('after!'),
    )
    expect(spilled).toBeDefined()
    const old = decodePage(spilled!.page, spilled!.pageNumber, during.context)
    expect(pageText(old).every((t) => t.startsWith('before-'))).toBe(true)
    expect(Buffer.compare(readFileSync(path), before)).toBe(0)
    db.close()
  })

  it('shows no records once PERSIST zeroes the header, though the old pages remain', () => {
    const { db, path } = createDatabase('journal_mode = PERSIST')
    fillNotes(db, 10)
    db.prepare('UPDATE t SET note = ? WHERE id = 5').run('replaced')
    const bytes = readFileSync(`${path}-journal`)
    expect(readJournalFile(bytes)).toEqual({ header: null, segments: [], records: [] })
    expect(bytesContain(bytes, 'before-4-')).toBe(true)
    db.close()
  })

  it('reads an empty or zeroed journal as no records', () => {
    expect(readJournalFile(new Uint8Array(0), 4096).records).toEqual([])
    expect(readJournalFile(new Uint8Array(8192), 4096).records).toEqual([])
  })
})
