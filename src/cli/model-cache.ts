import {closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import type {Finding} from '../engine/findings.js'
import {globFiles} from '../engine/topology/glob.js'
import {type LoadedModel, loadModel, type Model, type ModelCache} from '../engine/topology/index.js'
import type {LoadedTopology} from '../engine/topology/load.js'
import {nodeCrypto, nodeV8} from '../lazy-builtins.js'

/**
 * The compiled-model cache (issue #18, SPEC §6; docs/performance.md "Compiled-model cache").
 * A resolved model is stored with v8.serialize under `$XDG_CACHE_HOME/acknet` (else
 * `~/.cache/acknet`), one file per topology, named by a hash of everything the model was built
 * from: the acknet version and build, the working directory, the file as named, and the bytes
 * of the topology. The entry also lists every manifest pattern with the files it matched and a
 * hash of each, re-checked on every read, so an edited, added or removed manifest is a miss.
 * Entries are written atomically (a 0600 temporary file renamed into a 0700 directory) and
 * checked before use (format, build, a hash of the payload): anything unexpected is a miss, and
 * the command loads the file afresh without a word. Best effort throughout: a cache that cannot
 * be read or written never fails a command.
 */

/** Bumped when the entry layout changes. */
const FORMAT = 1
/** Entries kept; the least recently written go first (an xl model is ≈ 9 MB). */
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
  payloadHash: string
}

interface Payload {
  model: Omit<Model, 'locate'>
  findings: Finding[]
}

/**
 * The cache to use for this run, or undefined when it is off: `--no-cache`, `ACKNET_NO_CACHE`
 * (any value but 0/false), `CI` set (a CI job answers once and its disk is thrown away; set
 * `ACKNET_CACHE=1` to use it there anyway), or a run from source (no build id to key on).
 */
export function modelCacheFor(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): ModelCache | undefined {
  if (flag === false || truthy(env.ACKNET_NO_CACHE)) return undefined
  if (truthy(env.CI) && !truthy(env.ACKNET_CACHE)) return undefined
  const build = typeof __ACKNET_BUILD_ID__ === 'string' ? __ACKNET_BUILD_ID__ : undefined
  if (!build) return undefined
  return new DiskModelCache(cacheDirectory(env), build)
}

/** `$XDG_CACHE_HOME/acknet`, else `~/.cache/acknet` (the XDG base directory default). */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), '.cache')
  return join(base, 'acknet')
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

const hashBytes = (bytes: Uint8Array): string => nodeCrypto().createHash('sha1').update(bytes).digest('hex')

export class DiskModelCache implements ModelCache {
  constructor(readonly directory: string, readonly build: string) {}

  /** The entry file for a topology file as it is now (content included), or undefined if unreadable. */
  entryPath(file: string): {path: string; topologyHash: string} | undefined {
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch {
      return undefined // the loader reports a missing file
    }
    const topologyHash = hashBytes(bytes)
    const key = nodeCrypto().createHash('sha256').update(JSON.stringify([FORMAT, this.build, process.cwd(), file, resolve(file), topologyHash])).digest('hex')
    return {path: join(this.directory, `${key.slice(0, 40)}.model`), topologyHash}
  }

  read(file: string): LoadedModel | undefined {
    try {
      const entry = this.entryPath(file)
      if (!entry) return undefined
      let data: Buffer
      try {
        data = readFileSync(entry.path)
      } catch {
        return undefined
      }
      const newline = data.indexOf(10)
      if (newline < 0) return undefined
      const header = JSON.parse(data.subarray(0, newline).toString('utf8')) as EntryHeader
      if (header.format !== FORMAT || header.build !== this.build) return undefined
      if (!this.inputsUnchanged(header)) return undefined
      const payloadBytes = data.subarray(newline + 1)
      if (hashBytes(payloadBytes) !== header.payloadHash) return undefined
      const payload = nodeV8().deserialize(payloadBytes) as Payload
      if (!payload || typeof payload !== 'object' || !payload.model || !Array.isArray(payload.findings)) return undefined
      return cachedResult(file, payload)
    } catch {
      return undefined // corrupt or foreign: load afresh
    }
  }

  private inputsUnchanged(header: EntryHeader): boolean {
    for (const glob of header.globs) {
      const now = globFiles(glob.pattern, glob.baseDir)
      if (now.length !== glob.files.length || now.some((file, i) => file !== glob.files[i])) return false
    }
    for (const input of header.inputs) {
      try {
        if (hashBytes(readFileSync(input.path)) !== input.hash) return false
      } catch {
        return false
      }
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
      for (const glob of globs) for (const path of glob.files) inputs.push({path, hash: hashBytes(readFileSync(path))})
      const {locate: _locate, ...model} = result.model
      const payload = nodeV8().serialize({model, findings: result.findings} satisfies Payload)
      const header: EntryHeader = {format: FORMAT, build: this.build, globs, inputs, payloadHash: hashBytes(payload)}
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
    findings: payload.findings,
  }
}
