import {closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import type {Finding} from '../engine/findings.js'
import {buildModelIndex, type ModelIndex, supplyModelIndex} from '../engine/reach/model-index.js'
import {globFiles} from '../engine/topology/glob.js'
import {type LoadedModel, loadModel, type Model, type ModelCache} from '../engine/topology/index.js'
import type {LoadedTopology} from '../engine/topology/load.js'
import {nodeCrypto} from '../lazy-builtins.js'
import {bufferRecords, defaultChecksum, fileRecords, packRecords, readExactly, type RecordsHeader} from './cache-records.js'
import {encodeGraph, GraphDecoder, type RecordSource} from './lazy-graph.js'

/**
 * The compiled-model cache (issue #18, SPEC §6; docs/performance.md "Compiled-model cache").
 * A resolved model is stored under `$XDG_CACHE_HOME/acknet` (else `~/.cache/acknet`), one file
 * per topology, named by a hash of everything the model was built from: the acknet version and
 * build, the working directory, the file as named, and the bytes of the topology. The entry also
 * lists every manifest pattern with the files it matched and a hash of each, re-checked on every
 * read, so an edited, added or removed manifest is a miss. Entries are written atomically (a 0600
 * temporary file renamed into a 0700 directory) and checked before use (format, build, then a
 * checksum of every part before it is decoded): anything unexpected is a miss, and the command
 * loads the file afresh without a word. Best effort throughout: a cache that cannot be read or
 * written never fails a command.
 *
 * Entry layout: a JSON header line, then the model cut into records (lazy-graph.ts: JSON texts
 * with references between them) behind a table of offsets and checksums (cache-records.ts). With
 * it are stored the indexes by address that reach would otherwise build from every object
 * (engine/reach/model-index.ts), so a `lazy` read (reach) decodes only the objects its question
 * reads — a few hundred of the xl model's ≈ 145,000 — and a whole read (matrix, routes, graph)
 * decodes and checks everything first.
 */

/** Bumped when the entry layout changes. */
const FORMAT = 2
/** Entries kept; the least recently written go first (an xl model is ≈ 13 MB). */
const MAX_ENTRIES = 16

/** The acknet version and the build's source hash, written in by the build (scripts/build.mjs). */
declare const __ACKNET_BUILD_ID__: string | undefined

interface EntryHeader {
  format: number
  build: string
  /** Every manifest pattern of the topology, with the files it matched then. */
  globs: Array<{pattern: string; baseDir: string; files: string[]}>
  /** Hash of each file the model was read from (the topology and its manifests). */
  inputs: Array<{path: string; hash: string}>
  /** The records after the header line (cache-records.ts). */
  payload: RecordsHeader
}

interface Payload {
  model: Omit<Model, 'locate'>
  findings: Finding[]
  /** What reach reads by address from the whole model, over IPv4. */
  index: ModelIndex
}

export interface ModelCacheOptions {
  /**
   * Decode the stored model as it is read (a `reach` touches a few hundred of its ≈ 145,000
   * objects) instead of whole (commands that walk the whole model).
   */
  lazy?: boolean
}

/**
 * The cache to use for this run, or undefined when it is off: `--no-cache`, `ACKNET_NO_CACHE`
 * (any value but 0/false), `CI` set (a CI job answers once and its disk is thrown away; set
 * `ACKNET_CACHE=1` to use it there anyway), or a run from source (no build id to key on).
 */
export function modelCacheFor(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env, options: ModelCacheOptions = {}): ModelCache | undefined {
  if (flag === false || truthy(env.ACKNET_NO_CACHE)) return undefined
  if (truthy(env.CI) && !truthy(env.ACKNET_CACHE)) return undefined
  const build = typeof __ACKNET_BUILD_ID__ === 'string' ? __ACKNET_BUILD_ID__ : undefined
  if (!build) return undefined
  return new DiskModelCache(cacheDirectory(env), build, options)
}

/** `$XDG_CACHE_HOME/acknet`, else `~/.cache/acknet` (the XDG base directory default). */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), '.cache')
  return join(base, 'acknet')
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

/**
 * The SHA-1 of a file's bytes, or undefined when it cannot be read. perf: read in blocks through
 * one small buffer: reading the 3 MB xl file into fresh memory cost more than hashing it.
 */
function hashFile(path: string): string | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return undefined
  }
  try {
    const hash = nodeCrypto().createHash('sha1')
    const block = Buffer.allocUnsafeSlow(1 << 16)
    for (let read; (read = readSync(fd, block, 0, block.length, null)) > 0; ) hash.update(block.subarray(0, read))
    return hash.digest('hex')
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

export class DiskModelCache implements ModelCache {
  private distrusted = false

  constructor(readonly directory: string, readonly build: string, readonly options: ModelCacheOptions = {}) {}

  /** The entry file for a topology file as it is now (content included), or undefined if unreadable. */
  entryPath(file: string): {path: string; topologyHash: string} | undefined {
    const topologyHash = hashFile(file)
    if (topologyHash === undefined) return undefined // the loader reports a missing file
    const key = nodeCrypto().createHash('sha256').update(JSON.stringify([FORMAT, this.build, process.cwd(), file, resolve(file), topologyHash])).digest('hex')
    return {path: join(this.directory, `${key.slice(0, 40)}.model`), topologyHash}
  }

  read(file: string): LoadedModel | undefined {
    if (this.distrusted) return undefined
    let fd: number | undefined
    let records: (RecordSource & {close?(): void}) | undefined
    try {
      const entry = this.entryPath(file)
      if (!entry) return undefined
      try {
        fd = openSync(entry.path, 'r')
      } catch {
        return undefined
      }
      const found = readHeader(fd)
      if (!found) return undefined
      const {header, start} = found
      if (header.format !== FORMAT || header.build !== this.build || !header.payload) return undefined
      if (!this.inputsUnchanged(header, {path: resolve(file), hash: entry.topologyHash})) return undefined
      if (this.options.lazy) {
        records = fileRecords(fd, start, header.payload)
        if (records) fd = undefined // the records own the descriptor now
      } else {
        // the header is not checksummed: its size must match the file before anything is allocated
        if (fstatSync(fd).size !== start + header.payload.bytes) return undefined
        const bytes = readExactly(fd, start, header.payload.bytes)
        records = bytes && bufferRecords(bytes, header.payload)
      }
      if (!records) return undefined
      const payload = new GraphDecoder(records, this.options.lazy === true).root() as Payload
      if (!payload || typeof payload !== 'object' || !payload.model || !Array.isArray(payload.findings) || !payload.index) return undefined
      supplyModelIndex(payload.model as Model, payload.index)
      const result = cachedResult(file, payload)
      records = undefined
      return result
    } catch {
      return undefined // corrupt or foreign: load afresh
    } finally {
      records?.close?.()
      if (fd !== undefined) closeSync(fd)
    }
  }

  /**
   * After a lazily read entry turned out damaged (CorruptCacheEntry while answering): reads
   * nothing more from the cache in this run, so the answer comes from the file and the entry is
   * rewritten.
   */
  distrust(): void {
    this.distrusted = true
  }

  /** `known`: an input already hashed for the key (the topology), not read twice. */
  private inputsUnchanged(header: EntryHeader, known: {path: string; hash: string}): boolean {
    for (const glob of header.globs) {
      const now = globFiles(glob.pattern, glob.baseDir)
      if (now.length !== glob.files.length || now.some((file, i) => file !== glob.files[i])) return false
    }
    for (const input of header.inputs) {
      if (input.path === known.path) {
        if (input.hash !== known.hash) return false
        continue
      }
      if (hashFile(input.path) !== input.hash) return false
    }
    return true
  }

  write(file: string, result: LoadedModel): void {
    let temporary: string | undefined
    try {
      const entry = this.entryPath(file)
      if (!entry) return
      const globs = manifestGlobs(file, result.loaded)
      const inputs = [{path: resolve(file), hash: entry.topologyHash}]
      for (const glob of globs) {
        for (const path of glob.files) {
          const hash = hashFile(path)
          if (hash === undefined) return
          inputs.push({path, hash})
        }
      }
      const {locate: _locate, ...model} = result.model
      const {kinds, texts} = encodeGraph({model, findings: result.findings, index: buildModelIndex(result.model)} satisfies Payload)
      const {bytes: payload, header: records} = packRecords(kinds, texts, defaultChecksum())
      const header: EntryHeader = {format: FORMAT, build: this.build, globs, inputs, payload: records}
      // the topology changed while it was loaded: the model may not match the key
      if (this.entryPath(file)?.topologyHash !== entry.topologyHash) return
      mkdirSync(this.directory, {recursive: true, mode: 0o700})
      temporary = join(this.directory, `.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`)
      const fd = openSync(temporary, 'wx', 0o600)
      try {
        writeSync(fd, `${JSON.stringify(header)}\n`)
        writeSync(fd, payload)
      } finally {
        closeSync(fd)
      }
      renameSync(temporary, entry.path)
      temporary = undefined
      this.evict()
    } catch {
      // best effort: a full disk or a read-only home never fails the command
    } finally {
      if (temporary) rmSync(temporary, {force: true})
    }
  }

  /** Keeps the MAX_ENTRIES most recently written entries. */
  private evict(): void {
    const entries = readdirSync(this.directory).filter((name) => name.endsWith('.model')).map((name) => {
      const path = join(this.directory, name)
      return {path, mtime: statSync(path).mtimeMs}
    })
    if (entries.length <= MAX_ENTRIES) return
    entries.sort((a, b) => b.mtime - a.mtime)
    for (const entry of entries.slice(MAX_ENTRIES)) rmSync(entry.path, {force: true})
  }
}

/** The header line of an entry and where the records start, or undefined. */
function readHeader(fd: number): {header: EntryHeader; start: number} | undefined {
  // the header is small (its manifest list aside): read a block, more only if the line is longer
  let block = Buffer.allocUnsafe(16384)
  let length = readSync(fd, block, 0, block.length, 0)
  let newline = block.subarray(0, length).indexOf(10)
  while (newline < 0 && length === block.length) {
    const bigger = Buffer.allocUnsafe(block.length * 4)
    block.copy(bigger)
    length += readSync(fd, bigger, length, bigger.length - length, length)
    block = bigger
    newline = block.subarray(0, length).indexOf(10)
  }
  if (newline < 0) return undefined
  return {header: JSON.parse(block.toString('utf8', 0, newline)) as EntryHeader, start: newline + 1}
}

/** Each cluster's `manifests:` patterns with what they match now (as the resolver expands them). */
function manifestGlobs(file: string, loaded: LoadedTopology): EntryHeader['globs'] {
  const baseDir = dirname(file)
  const globs: EntryHeader['globs'] = []
  for (const cluster of loaded.topology?.clusters ?? []) {
    for (const pattern of cluster.manifests ?? []) globs.push({pattern, baseDir, files: globFiles(pattern, baseDir)})
  }
  return globs
}

/**
 * A LoadedModel from the cache. The parsed file and positions are not stored: `loaded` and
 * `model.locate` load the file afresh the first time they are used (reach, matrix, routes and
 * graph do not use them).
 */
function cachedResult(file: string, payload: Payload): LoadedModel {
  let fresh: LoadedModel | undefined
  const load = () => (fresh ??= loadModel(file))
  const model = payload.model as Model
  model.locate = (source, what, field) => load().model.locate(source, what, field)
  return {
    get loaded() {
      return load().loaded
    },
    model,
    get findings() {
      return payload.findings
    },
  }
}
