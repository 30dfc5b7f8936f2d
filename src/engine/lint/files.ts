import {existsSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import {AcknetError} from '../../errors.js'
import {describeReadError, readBounded} from '../read-file.js'
import {MAX_INPUT_BYTES} from '../topology/load.js'
import {decodeUtf8} from '../topology/yaml.js'
import type {InstanceTypeOverride} from '../platform/catalog.js'
import {readCatalogFile} from '../platform/catalog-file.js'
import {emptyConfig, type LintConfig, mergeConfigs, parseLintConfig} from './config.js'

/**
 * Lint's input discovery (the one place lint touches the file system besides the topology
 * loader): which files to lint, and which `.acknetrc.yaml` applies to each.
 */
export interface LintInput {
  /** As shown in findings: relative to the cwd with forward slashes, or `<stdin>`. */
  file: string
  /** The text when already read (directory walk, stdin); otherwise the loader reads `file`. */
  text?: string
  /** Directory whose `.acknetrc.yaml` applies next to the file; undefined for stdin. */
  dir?: string
  /** Set when a directory walk could not read the file (an errno code): a `file-unreadable` finding. */
  unreadable?: string
}

export const STDIN_NAME = '<stdin>'
const TOPOLOGY_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git'])
// the marker of a topology file; anything else in a walked directory is skipped silently
const TOPOLOGY_MARKER = /(?:^|[{,\s])["']?apiVersion["']?[ \t]*:[ \t]*["']?acknet\/v1["']?[ \t]*(?:[,}#\r\n]|$)/m

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute)
  const shown = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative
  return shown.split(path.sep).join('/')
}

export function isTopologyText(text: string): boolean {
  return TOPOLOGY_MARKER.test(text)
}

/**
 * Expands the command's arguments: a file is linted whatever it contains (a non-topology file is
 * a `schema` finding); a directory contributes every *.yaml/*.yml/*.json below it that declares
 * `apiVersion: acknet/v1`; `-` is stdin. A path that does not exist is an exit-2 error.
 */
export function discoverInputs(args: string[], options: {cwd: string; ignore?: LintConfig['ignore']; stdinText?: () => string}): LintInput[] {
  const inputs: LintInput[] = []
  const seen = new Set<string>()
  const ignore = options.ignore ?? []
  for (const arg of args) {
    if (arg === '-') {
      if (seen.has(STDIN_NAME)) continue
      seen.add(STDIN_NAME)
      // read by lintInput through the loader's readInputText: bounded (issue #9: `acknet lint - <
      // /dev/zero` stops at the size limit) and invalid UTF-8 becomes a finding
      inputs.push({file: STDIN_NAME, text: options.stdinText?.()})
      continue
    }
    const absolute = path.resolve(options.cwd, arg)
    let stats
    try {
      stats = statSync(absolute)
    } catch {
      throw new AcknetError(`${arg}: no such file or directory`)
    }
    if (stats.isDirectory()) {
      for (const found of walk(absolute, ignore)) {
        if (seen.has(found.absolute)) continue
        seen.add(found.absolute)
        inputs.push({file: displayPath(found.absolute, options.cwd), text: found.text, dir: path.dirname(found.absolute), ...(found.unreadable ? {unreadable: found.unreadable} : {})})
      }
    } else {
      if (seen.has(absolute)) continue
      seen.add(absolute)
      inputs.push({file: displayPath(absolute, options.cwd), dir: path.dirname(absolute)})
    }
  }
  return inputs
}

function* walk(directory: string, ignore: LintConfig['ignore']): Generator<{absolute: string; text: string | undefined; unreadable?: string}> {
  let entries
  try {
    entries = readdirSync(directory, {withFileTypes: true})
  } catch (error) {
    throw new AcknetError(`${directory}: cannot read directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const absolute = path.join(directory, entry.name)
    if (isIgnored(absolute, ignore)) continue
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name) || entry.name.startsWith('.')) continue
      yield* walk(absolute, ignore)
    } else if ((entry.isFile() || entry.isSymbolicLink()) && TOPOLOGY_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      let bytes: Uint8Array
      try {
        // the one bounded reader: a FIFO, a device, or a link to one is refused (issue #15)
        bytes = readBounded(absolute, MAX_INPUT_BYTES)
      } catch (error) {
        // an unreadable file may be a topology nobody checked: a finding, never a silent skip (SPEC §5);
        // a directory, FIFO or device named *.yaml is not a topology
        const code = (error as NodeJS.ErrnoException).code ?? String(error)
        if (code !== 'EISDIR' && code !== 'ENOTREG') yield {absolute, text: undefined, unreadable: code}
        continue
      }
      // an oversized file (issue #9): sniff its head only; the loader reports it as too large
      if (bytes.length > MAX_INPUT_BYTES) {
        if (isTopologyText(Buffer.from(bytes.subarray(0, 64 * 1024)).toString('utf8'))) yield {absolute, text: undefined}
        continue
      }
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')
      if (isTopologyText(text)) yield {absolute, text}
    }
  }
}

function isIgnored(absolute: string, ignore: LintConfig['ignore']): boolean {
  for (const {base, glob} of ignore) {
    const relative = path.relative(base, absolute).split(path.sep).join('/')
    if (relative.startsWith('..')) continue
    // compiled once, linear-time (issue #9, #15): a hostile glob must not backtrack for minutes
    if (glob.test(relative)) return true
  }
  return false
}


const CONFIG_NAMES = ['.acknetrc.yaml', '.acknetrc.yml']
/** A lint config is a few lines of rule settings; 1 MiB is far beyond any real one (issue #15). */
export const MAX_CONFIG_BYTES = 1024 * 1024

function configIn(directory: string): string | undefined {
  for (const name of CONFIG_NAMES) {
    const candidate = path.join(directory, name)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

/**
 * Finds and parses lint configs: the nearest `.acknetrc.yaml` from the cwd upward (the project
 * config), then one next to a linted file when that is a different file (it wins rule by rule).
 * `--config FILE` replaces the project config.
 */
export class ConfigResolver {
  private readonly cache = new Map<string, LintConfig>()
  readonly project: LintConfig

  constructor(private readonly cwd: string, private readonly knownRuleIds: ReadonlySet<string>, explicitConfig?: string) {
    if (explicitConfig) {
      const absolute = path.resolve(cwd, explicitConfig)
      if (!existsSync(absolute)) throw new AcknetError(`--config ${explicitConfig}: no such file`)
      this.project = this.read(absolute)
    } else {
      let directory = path.resolve(cwd)
      let found: string | undefined
      for (;;) {
        found = configIn(directory)
        if (found) break
        const parent = path.dirname(directory)
        if (parent === directory) break
        directory = parent
      }
      this.project = found ? this.read(found) : emptyConfig()
    }
  }

  /** The config for a file in `directory` (undefined: stdin → the project config). */
  forDirectory(directory: string | undefined): LintConfig {
    if (!directory) return this.project
    const local = configIn(directory)
    if (!local || this.project.sources.includes(displayPath(local, this.cwd))) return this.project
    return mergeConfigs(this.project, this.read(local))
  }

  private read(absolute: string): LintConfig {
    let config = this.cache.get(absolute)
    if (!config) {
      const shown = displayPath(absolute, this.cwd)
      let bytes: Uint8Array
      try {
        bytes = readBounded(absolute, MAX_CONFIG_BYTES)
      } catch (error) {
        throw new AcknetError(`${shown}: cannot read lint config: ${describeReadError(error)}`)
      }
      if (bytes.length > MAX_CONFIG_BYTES) throw new AcknetError(`${shown}: a lint config is at most ${MAX_CONFIG_BYTES / 1024} KiB; this one is larger`)
      const decoded = decodeUtf8(bytes, shown)
      if (decoded.finding) throw new AcknetError(`lint config: ${decoded.finding.message}`, {position: {file: shown, line: decoded.finding.line, column: decoded.finding.column}})
      const text = decoded.text
      config = parseLintConfig(text, shown, this.knownRuleIds, path.dirname(absolute))
      this.cache.set(absolute, config)
    }
    return config
  }
}

const catalogCache = new Map<string, InstanceTypeOverride[]>()

/**
 * The DescribeInstanceTypes file a config's `catalog:` names, read once per run. A missing or
 * invalid file is an exit-2 error naming it (a broken config is not a finding about a topology).
 */
export function readConfigCatalog(catalog: NonNullable<LintConfig['catalog']>): InstanceTypeOverride[] {
  let types = catalogCache.get(catalog.file)
  if (!types) catalogCache.set(catalog.file, (types = readCatalogFile(catalog.file, catalog.shown)))
  return types
}
