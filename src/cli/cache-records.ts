import {closeSync, fstatSync, readSync} from 'node:fs'
import {nodeCrypto, nodeZlib} from '../lazy-builtins.js'
import type {RecordSource} from './lazy-graph.js'

/**
 * The records of a compiled-model cache entry on disk (model-cache.ts), after its header line:
 *
 *   table:  for each record, its offset (uint32 LE, from the start of the texts), its checksum
 *           (uint32 LE) and its kind (uint8, lazy-graph.ts); then the texts' total length (uint32)
 *   texts:  each record's JSON text, UTF-8, back to back
 *
 * The header names the checksum (CRC-32 where zlib has it, else the first 32 bits of SHA-1) and
 * holds the table's own checksum and the byte length of everything after it. A lazy reader reads
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
  /** Bytes after the header line: the table and the texts. */
  bytes: number
}

const ENTRY = 9
/** Bytes read at once by a lazy reader. */
const BLOCK = 4096

/** The table and texts of an entry, and the header fields that describe them. */
export function packRecords(kinds: Uint8Array, texts: readonly string[], checksum: ChecksumName): {bytes: Buffer; header: RecordsHeader} {
  const check = checksumFunction(checksum)!
  const count = kinds.length
  const tableLength = ENTRY * count + 4
  // perf: one UTF-8 encoding of all texts; offsets by character when they are all ASCII (the usual case)
  const joined = texts.join('')
  const textBytes = Buffer.byteLength(joined, 'utf8')
  const ascii = textBytes === joined.length
  const bytes = Buffer.allocUnsafe(tableLength + textBytes)
  bytes.write(joined, tableLength, 'utf8')
  let offset = 0
  for (let id = 0; id < count; id++) {
    const length = ascii ? texts[id]!.length : Buffer.byteLength(texts[id]!, 'utf8')
    bytes.writeUInt32LE(offset, ENTRY * id)
    bytes.writeUInt32LE(check(bytes.subarray(tableLength + offset, tableLength + offset + length)), ENTRY * id + 4)
    bytes[ENTRY * id + 8] = kinds[id]!
    offset += length
  }
  bytes.writeUInt32LE(offset, ENTRY * count)
  return {bytes, header: {records: count, checksum, tableChecksum: check(bytes.subarray(0, tableLength)), bytes: bytes.length}}
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
  // perf: records are read in blocks (a record's neighbours are mostly the objects it refers to,
  // written next to it), one read per block instead of one per record
  const blocks = new Map<number, Buffer>()
  const slice = (from: number, to: number): Buffer | undefined => {
    const first = Math.floor(from / BLOCK)
    if (Math.floor((to - 1) / BLOCK) !== first || to === from) return readExactly(fd, textsStart + from, to - from)
    let block = blocks.get(first)
    if (!block) {
      block = readExactly(fd, textsStart + first * BLOCK, Math.min(BLOCK, textsLength - first * BLOCK))
      if (!block) return undefined
      blocks.set(first, block)
    }
    return block.subarray(from - first * BLOCK, to - first * BLOCK)
  }
  const source = {
    count,
    kind: (id: number) => table[ENTRY * id + 8]!,
    text: (id: number) => {
      const from = table.readUInt32LE(ENTRY * id)
      const to = id + 1 < count ? table.readUInt32LE(ENTRY * (id + 1)) : textsLength
      const bytes = open && from <= to && to <= textsLength ? slice(from, to) : undefined
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

/** Records of a whole payload held in memory, every checksum checked first; undefined if any fails. */
export function bufferRecords(payload: Buffer, header: RecordsHeader): RecordSource | undefined {
  const check = checksumFunction(header.checksum)
  const count = header.records
  if (!check || !Number.isSafeInteger(count) || count < 1 || payload.length !== header.bytes) return undefined
  const tableLength = ENTRY * count + 4
  if (tableLength > payload.length) return undefined
  const table = payload.subarray(0, tableLength)
  if (check(table) !== header.tableChecksum) return undefined
  const textsLength = table.readUInt32LE(ENTRY * count)
  if (tableLength + textsLength !== payload.length) return undefined
  const end = (id: number) => (id + 1 < count ? table.readUInt32LE(ENTRY * (id + 1)) : textsLength)
  for (let id = 0; id < count; id++) {
    const from = table.readUInt32LE(ENTRY * id)
    const to = end(id)
    if (!(from <= to && to <= textsLength)) return undefined
    if (check(payload.subarray(tableLength + from, tableLength + to)) !== table.readUInt32LE(ENTRY * id + 4)) return undefined
  }
  return {
    count,
    kind: (id) => table[ENTRY * id + 8]!,
    text: (id) => payload.toString('utf8', tableLength + table.readUInt32LE(ENTRY * id), tableLength + end(id)),
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

function readExactly(fd: number, position: number, length: number): Buffer | undefined {
  const buffer = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done)
    if (read === 0) return undefined
    done += read
  }
  return buffer
}
