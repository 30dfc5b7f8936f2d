import {closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats} from 'node:fs'

/**
 * Reliability guard (issue #9): the largest input acknet reads. Parsing costs about 35 bytes of
 * memory per byte of YAML, and the SPEC §6 benchmark topology is 3 MB: 16 MiB keeps any
 * accepted file inside the 512 MB budget while leaving 5× headroom over that benchmark.
 * Larger inputs (or endless ones: `-f /dev/zero`) are read only up to the limit, then refused.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024

/**
 * The one reader for every input acknet opens: topology files, `.acknetrc.yaml`, `manifests:`
 * files and `acknet import` inputs (issue #15). Those files come with a pull request, so:
 *
 * - only regular files are read (symlinks are followed, then the type is checked): a FIFO would
 *   block forever and `/dev/zero` never ends. The type is checked on the opened descriptor
 *   (fstat), not by a stat followed by an open that could see another file; the stat before the
 *   open only spares opening a device at all. Opening uses O_NONBLOCK, so a FIFO swapped in
 *   between the two cannot block the open either.
 * - at most `limit + 1` bytes are read, so an oversized input is detected without being read
 *   whole; the caller turns `length > limit` into its own message.
 *
 * Stdin (fd 0, `-f -`) may be a pipe or a terminal: it is read (capped), never type-checked.
 */
export function readBounded(source: string | number, limit: number): Uint8Array {
  if (typeof source === 'string') refuseSpecialFile(statSync(source))
  const fd = typeof source === 'number' ? source : openSync(source, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    // a regular file is read into one buffer of its size (+1, to see it grow); stdin in 1 MiB chunks
    let chunkSize = 1 << 20
    if (typeof source === 'string') {
      const stats = fstatSync(fd)
      refuseSpecialFile(stats)
      chunkSize = Math.max(chunkSize, stats.size + 1)
    }
    const chunks: Buffer[] = []
    let total = 0
    while (total <= limit) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkSize, limit + 1 - total))
      let read: number
      try {
        read = readSync(fd, chunk, 0, chunk.length, null)
      } catch (error) {
        // a non-blocking stdin pipe with no data yet: wait briefly, then read again
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
          continue
        }
        throw error
      }
      if (read === 0) break
      chunkSize = 1 << 20
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read))
      total += read
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)
  } finally {
    if (typeof source !== 'number') closeSync(fd)
  }
}

/** Node's error codes for files that are not regular, plus ENOTREG for FIFOs, devices, sockets. */
function refuseSpecialFile(stats: Stats): void {
  if (stats.isFile()) return
  if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), {code: 'EISDIR'})
  const kind = fileKind(stats)
  throw Object.assign(new Error(kind), {code: 'ENOTREG', kind})
}

/** What a file system node is, for messages: `a FIFO (named pipe)`, `a character device`, … */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file'
  if (stats.isDirectory()) return 'a directory'
  if (stats.isSymbolicLink()) return 'a symbolic link'
  return stats.isFIFO() ? 'a FIFO (named pipe)' : stats.isCharacterDevice() ? 'a character device' : stats.isBlockDevice() ? 'a block device' : stats.isSocket() ? 'a socket' : 'a special file'
}

/**
 * Why a file could not be read, as one short phrase for `cannot read FILE: …` style messages.
 * The same words whichever input it was (topology, config, manifest, import).
 */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'is a directory, expected a file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'ELOOP') return 'too many levels of symbolic links'
  if (code === 'ENOTREG') return `is ${(error as {kind: string}).kind}, not a regular file; acknet reads only regular files (pipe data through stdin with -)`
  return (error as Error).message
}
