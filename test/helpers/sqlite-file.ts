// Reads SQLite's on-disk formats (database, WAL, rollback journal) without SQLite, so tests
// can check what a file at rest reveals: which bytes are where, and in what order they came.

export { readDatabaseFile, databaseFromPages } from './sqlite-file/database'
export type { DatabaseFile, Freelist, SchemaEntry } from './sqlite-file/database'
export { readJournalFile } from './sqlite-file/journal'
export type { JournalFile, JournalHeader, JournalRecord } from './sqlite-file/journal'
export { decodePage, localPayloadSize } from './sqlite-file/page'
export type { BtreePage, ByteRange, Cell, PageContext, PageKind } from './sqlite-file/page'
export { decodeRecord, readVarint } from './sqlite-file/record'
export type { SqlValue, TextEncoding } from './sqlite-file/record'
export { readDatabaseAtCommit, readWalFile } from './sqlite-file/wal'
export type { WalFile, WalFrame, WalHeader } from './sqlite-file/wal'

/** Whether `needle` (a string is taken as UTF-8) occurs anywhere in `haystack`. */
export function bytesContain(haystack: Uint8Array, needle: string | Uint8Array): boolean {
  const bytes = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength)
  return bytes.indexOf(typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle) !== -1
}
