import {randomBytes} from 'node:crypto'
import {closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {AcknetError} from '../errors.js'

/**
 * Checks an `--output FILE` before any work is done: refuses to replace an existing file
 * without `--force`, and names a missing directory.
 */
export function refuseOverwrite(file: string, force: boolean): void {
  if (!force && existsSync(file)) throw new AcknetError(`${file} already exists; pass --force to overwrite it`)
  if (!existsSync(dirname(resolve(file)))) throw new AcknetError(`cannot write ${file}: the directory does not exist`)
}

/**
 * Writes a file the user named without ever leaving it half-written: a temporary file in the
 * same directory, flushed, then renamed over the target, so a failed write keeps the old file.
 */
export function writeFileAtomically(file: string, text: string, options: {force: boolean}): void {
  refuseOverwrite(file, options.force)
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    const fd = openSync(temporary, 'wx', 0o644)
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, {force: true})
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'the directory does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message
    throw new AcknetError(`cannot write ${file}: ${reason}`)
  }
}
