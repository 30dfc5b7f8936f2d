import {closeSync, fstatSync, readSync} from 'node:fs'
import {nodeCrypto, nodeZlib} from '../lazy-builtins.js'
import type {RecordSource} from './lazy-graph.js'

/**
 * The records of a compiled-model cache entry on disk (model-cache.ts), after its header line:
 *
 *   table:  for each record, its offset (uint32 LE, from the start of the texts), its checksum
 *           (uint32 LE) and its kind (uint8, lazy-graph.ts); then the texts' total length (uint32)
 *   texts:  the records' JSON texts, UTF-8, as one JSON array: `[` record `,` record … `]`
 *
 * The header names the checksum (CRC-32 where zlib has it, else the first 32 bits of SHA-1) and
 * holds the table's and the texts' own checksums and the byte length of everything after it. A
 * whole read checks both and parses the texts at once (one JSON.parse). A lazy reader reads
 * the table and then each record when it is first decoded, checking its checksum then: reading
 * the whole 12 MB entry of the xl file costs more than the question (first touching memory is
 * ≈ 3.5 ms per MB on the machine measured). A record that fails its check throws
 * CorruptCacheEntry; the command then answers from the file (BaseCommand.withModel).
 */

/** A record of a cache entry did not match its checksum: the entry is corrupt. */
export class CorruptCacheEntry extends Error {}

export type ChecksumName = 'crc32' | 'sha1'

/** CRC-32 (zlib.crc32, Node ≥ 20.15) where available, else SHA-1's first 32 bits. */
export function defaultChecksum(): ChecksumName {
  return typeof (nodeZlib() as {crc32?: unknown}).crc32 === 'function' ? 'crc32' : 'sha1'
}

function checksumFunction(name: string): ((bytes: Uint8Array) => number) | undefined {
  if (name === 'crc32') return (nodeZlib() as {crc32?: (bytes: Uint8Array) => number}).crc32
  if (name === 'sha1') return (bytes) => nodeCrypto().createHash('sha1').update(bytes).digest().readUInt32LE(0)
  return undefined
}

/** What the header says about the records. */
export interface RecordsHeader {
  records: number
  checksum: string
  tableChecksum: number
  textsChecksum: number
  /** Bytes after the header line: the table and the texts. */
  bytes: number
}

/** Bytes per record in the table: offset, checksum, kind. */
const ENTRY = 9

/** The table and texts of an entry, and the header fields that describe them. */
export function packRecords(kinds: Uint8Array, texts: readonly string[], checksum: ChecksumName): {bytes: Buffer; header: RecordsHeader} {
  const check = checksumFunction(checksum)!
  const count = kinds.length
  const tableLength = ENTRY * count + 4
  // perf: one UTF-8 encoding of all texts, as one JSON array; offsets by character when they are
  // all ASCII (the usual case)
  const joined = `[${texts.join(',')}]`
  const textBytes = Buffer.byteLength(joined, 'utf8')
  const ascii = textBytes === joined.length
  const bytes = Buffer.allocUnsafe(tableLength + textBytes)
  bytes.write(joined, tableLength, 'utf8')
  let offset = 1
  for (let id = 0; id < count; id++) {
    const length = ascii ? texts[id]!.length : Buffer.byteLength(texts[id]!, 'utf8')
    bytes.writeUInt32LE(offset, ENTRY * id)
    bytes.writeUInt32LE(check(bytes.subarray(tableLength + offset, tableLength + offset + length)), ENTRY * id + 4)
    bytes[ENTRY * id + 8] = kinds[id]!
    offset += length + 1
  }
  bytes.writeUInt32LE(textBytes, ENTRY * count)
  const header = {records: count, checksum, tableChecksum: check(bytes.subarray(0, tableLength)), textsChecksum: check(bytes.subarray(tableLength)), bytes: bytes.length}
  return {bytes, header}
}

/**
 * Records read from an open entry file on demand, starting at `start` (just after the header
 * line); undefined when the header does not describe the file (truncated, foreign) or the table
 * fails its checksum. The descriptor is closed when `close` is called or the source is collected.
 */
export function fileRecords(fd: number, start: number, header: RecordsHeader): (RecordSource & {close(): void}) | undefined {
  const check = checksumFunction(header.checksum)
  const count = header.records
  if (!check || !Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(header.bytes)) return undefined
  if (fstatSync(fd).size !== start + header.bytes) return undefined
  const tableLength = ENTRY * count + 4
  if (tableLength > header.bytes) return undefined
  const table = readExactly(fd, start, tableLength)
  if (!table || check(table) !== header.tableChecksum) return undefined
  const textsStart = start + tableLength
  const textsLength = table.readUInt32LE(ENTRY * count)
  if (textsStart + textsLength !== start + header.bytes) return undefined
  let open = true
  const source = {
    count,
    kind: (id: number) => table[ENTRY * id + 8]!,
    text: (id: number) => {
      const from = table.readUInt32LE(ENTRY * id)
      const to = (id + 1 < count ? table.readUInt32LE(ENTRY * (id + 1)) : textsLength) - 1
      const bytes = open && from <= to && to <= textsLength ? readExactly(fd, textsStart + from, to - from) : undefined
      if (!bytes || check(bytes) !== table.readUInt32LE(ENTRY * id + 4)) throw new CorruptCacheEntry(`record ${id} of the cache entry is damaged`)
      return bytes.toString('utf8')
    },
    close: () => {
      if (!open) return
      open = false
      descriptors.unregister(source)
      closeQuietly(fd)
    },
  }
  descriptors.register(source, fd, source)
  return source
}

/**
 * Records of a whole payload held in memory, for a whole read: the table's and the texts'
 * checksums are checked first (undefined if either fails), and `all` parses every record at once.
 */
export function bufferRecords(payload: Buffer, header: RecordsHeader): RecordSource | undefined {
  const check = checksumFunction(header.checksum)
  const count = header.records
  if (!check || !Number.isSafeInteger(count) || count < 1 || payload.length !== header.bytes) return undefined
  const tableLength = ENTRY * count + 4
  if (tableLength > payload.length) return undefined
  const table = payload.subarray(0, tableLength)
  if (check(table) !== header.tableChecksum) return undefined
  const texts = payload.subarray(tableLength)
  if (texts.length !== table.readUInt32LE(ENTRY * count) || check(texts) !== header.textsChecksum) return undefined
  const end = (id: number) => (id + 1 < count ? table.readUInt32LE(ENTRY * (id + 1)) : texts.length) - 1
  return {
    count,
    kind: (id) => table[ENTRY * id + 8]!,
    text: (id) => texts.toString('utf8', table.readUInt32LE(ENTRY * id), end(id)),
    all: () => JSON.parse(texts.toString('utf8')) as unknown[],
  }
}

const descriptors = new FinalizationRegistry<number>(closeQuietly)

function closeQuietly(fd: number): void {
  try {
    closeSync(fd)
  } catch {
    // already closed
  }
}

/** `length` bytes at `position`, or undefined when the file ends first. */
export function readExactly(fd: number, position: number, length: number): Buffer | undefined {
  const buffer = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done)
    if (read === 0) return undefined
    done += read
  }
  return buffer
}
