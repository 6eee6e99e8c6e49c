// Integers, varints and records as SQLite writes them (https://sqlite.org/fileformat2.html).

/** A column value as a record holds it. Integers are numbers when safe, bigints otherwise. */
export type SqlValue = null | number | bigint | string | Uint8Array

/** The text encodings a database header (offset 56) can declare. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

/** Big-endian unsigned 16-bit integer at `offset`. */
export function u16(bytes: Uint8Array, offset: number): number {
  return (byteAt(bytes, offset) << 8) | byteAt(bytes, offset + 1)
}

/** Big-endian unsigned 32-bit integer at `offset`. */
export function u32(bytes: Uint8Array, offset: number): number {
  return u16(bytes, offset) * 0x10000 + u16(bytes, offset + 2)
}

/** One byte, failing loudly instead of reading `undefined` past the end. */
export function byteAt(bytes: Uint8Array, offset: number): number {
  const byte = bytes[offset]
  if (byte === undefined) throw new Error(`read past the end (offset ${offset} of ${bytes.length})`)
  return byte
}

/** A SQLite varint: 1–8 bytes of 7 bits each, or a 9th byte that contributes all 8 bits. */
export function readVarint(bytes: Uint8Array, offset: number): { value: bigint; length: number } {
  let value = 0n
  for (let i = 0; i < 8; i++) {
    const byte = byteAt(bytes, offset + i)
    value = (value << 7n) | BigInt(byte & 0x7f)
    if (byte < 0x80) return { value, length: i + 1 }
  }
  value = (value << 8n) | BigInt(byteAt(bytes, offset + 8))
  // Only a 9-byte varint can carry the sign bit (negative rowids).
  return { value: BigInt.asIntN(64, value), length: 9 }
}

/** A bigint as a number when no precision is lost, so tests can compare with plain literals. */
export function toJsInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value
}

/** How many body bytes a value of this serial type occupies. */
export function serialTypeSize(serialType: number): number {
  if (serialType >= 12) return (serialType - (serialType % 2 === 0 ? 12 : 13)) / 2
  const sizes = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0]
  const size = sizes[serialType]
  if (size === undefined) throw new Error(`reserved serial type ${serialType}`)
  return size
}

const decoders = new Map<TextEncoding, TextDecoder>()

function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  let decoder = decoders.get(encoding)
  if (!decoder) decoders.set(encoding, (decoder = new TextDecoder(encoding)))
  return decoder.decode(bytes)
}

function readSignedInt(bytes: Uint8Array, offset: number, size: number): number | bigint {
  if (size === 8) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8)
    return toJsInteger(view.getBigInt64(0))
  }
  // Up to 6 bytes (48 bits) fits a double exactly.
  let value = 0
  for (let i = 0; i < size; i++) value = value * 256 + byteAt(bytes, offset + i)
  return byteAt(bytes, offset) & 0x80 ? value - 2 ** (8 * size) : value
}

function readValue(bytes: Uint8Array, offset: number, type: number, encoding: TextEncoding) {
  const size = serialTypeSize(type)
  if (offset + size > bytes.length) throw new Error(`record body runs past its payload`)
  if (type === 0) return null
  if (type === 8) return 0
  if (type === 9) return 1
  if (type === 7) return new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getFloat64(0)
  if (type <= 6) return readSignedInt(bytes, offset, size)
  // A copy, and a plain Uint8Array even when the file was read into a Buffer.
  const body = new Uint8Array(bytes.subarray(offset, offset + size))
  return type % 2 === 0 ? body : decodeText(body, encoding)
}

/** The serial types of a record's header, in column order. */
export function recordSerialTypes(payload: Uint8Array): { types: number[]; headerSize: number } {
  const header = readVarint(payload, 0)
  const headerSize = Number(header.value)
  const types: number[] = []
  for (let p = header.length; p < headerSize;) {
    const type = readVarint(payload, p)
    types.push(Number(type.value))
    p += type.length
  }
  return { types, headerSize }
}

/** Decodes a whole record (header of serial types, then the values back to back). */
export function decodeRecord(payload: Uint8Array, encoding: TextEncoding = 'utf-8'): SqlValue[] {
  const { types, headerSize } = recordSerialTypes(payload)
  let body = headerSize
  return types.map((type) => {
    const value = readValue(payload, body, type, encoding)
    body += serialTypeSize(type)
    return value
  })
}
