import {existsSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {AcknetError} from '../../errors.js'

/**
 * Writes a file the user named without ever leaving it half-written: a temporary file in
 * the same directory, then a rename. Refuses to replace an existing file unless `force`.
 */
export function writeFileAtomically(path: string, text: string, options: {force?: boolean} = {}): void {
  if (existsSync(path) && !options.force) throw new AcknetError(`${path} already exists; pass --force to overwrite it`)
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  try {
    writeFileSync(temporary, text, {flag: 'wx'})
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, {force: true})
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'the directory does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message
    throw new AcknetError(`cannot write ${path}: ${reason}`)
  }
}
