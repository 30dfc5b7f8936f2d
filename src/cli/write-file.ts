import {closeSync, existsSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, statSync, type Stats, writeSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {fileKind} from '../engine/read-file.js'
import {AcknetError} from '../errors.js'
import {nodeCrypto} from '../lazy-builtins.js'

/**
 * Checks an `--output FILE` before any work is done (docs/security.md, "No writes except named
 * files"). acknet writes only regular files:
 *
 * - nothing there: the file is created;
 * - a regular file: replaced only with `--force`;
 * - a symbolic link (dangling or not): refused without `--force`; with `--force` only when it
 *   points to a regular file, and then the link itself is replaced by the new file (the rename
 *   never writes through it, so the file it pointed to is untouched);
 * - a directory, FIFO, device or socket (or a link to one): refused, `--force` or not. Writing
 *   to a FIFO would block, and replacing a device node is never what was meant.
 */
export function refuseOverwrite(file: string, force: boolean): void {
  let link: Stats
  try {
    link = lstatSync(file)
  } catch {
    if (!existsSync(dirname(resolve(file)))) throw new AcknetError(`cannot write ${file}: the directory does not exist`)
    return // nothing there: create it
  }
  if (link.isSymbolicLink()) {
    let target: Stats | undefined
    try {
      target = statSync(file)
    } catch {
      target = undefined
    }
    if (!target) throw new AcknetError(`cannot write ${file}: it is a symbolic link to nothing; remove it or choose another path`)
    if (!target.isFile()) throw new AcknetError(`cannot write ${file}: it is a symbolic link to ${fileKind(target)}; --output writes only regular files`)
    if (!force) throw new AcknetError(`${file} already exists (a symbolic link); pass --force to replace the link with the new file`)
    return
  }
  if (!link.isFile()) throw new AcknetError(`cannot write ${file}: it is ${fileKind(link)}; --output writes only regular files`)
  if (!force) throw new AcknetError(`${file} already exists; pass --force to overwrite it`)
}

const CLEANUP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
/** Temporary files being written right now (removed by onSignal). */
const pendingTemporaries = new Set<string>()
let holdingSignals = false

/** Removes any temporary file in progress, then ends the process the way the signal asked. */
function onSignal(signal: NodeJS.Signals): void {
  for (const temporary of pendingTemporaries) rmSync(temporary, {force: true})
  for (const each of CLEANUP_SIGNALS) process.removeListener(each, onSignal)
  process.kill(process.pid, signal) // no listener now: the default action
}

/**
 * Writes a file the user named without ever leaving it half-written: a temporary file in the
 * same directory, flushed, then renamed over the target, so a failed write keeps the old file.
 * From the first write on, SIGINT/SIGTERM/SIGHUP are handled (issue #15): a signal that arrives
 * during the synchronous write is delivered right after it, and the handler removes any
 * temporary file still in progress before the process ends as the signal asked. Without it,
 * the default action killed the process mid-write and left `.NAME.xxxx.tmp` behind.
 */
export function writeFileAtomically(file: string, text: string, options: {force: boolean}): void {
  refuseOverwrite(file, options.force)
  const temporary = join(dirname(file), `.${basename(file)}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`)
  if (!holdingSignals) {
    holdingSignals = true
    for (const signal of CLEANUP_SIGNALS) process.on(signal, onSignal)
  }
  pendingTemporaries.add(temporary)
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
  } finally {
    pendingTemporaries.delete(temporary)
  }
}
