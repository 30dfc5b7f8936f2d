import {AcknetError} from '../../errors.js'
import {describeReadError, MAX_INPUT_BYTES, readBounded} from '../read-file.js'
import type {Finding} from '../findings.js'
import {TOPOLOGY_API_VERSION} from './api-version.js'
import {compileShape, type FastCheck} from './fast-check.js'
import {issuesToFindings, valueAt} from './issues.js'
import {zodSide} from './lazy-zod.js'
import type {PathSegment, Positions} from './positions.js'
import type {TopologyInput} from './schema.js'
import {topologyShape} from './topology-shape.js'
import {decodeUtf8, parseYaml, parseYamlFile, type ParsedYaml} from './yaml.js'

/** A topology file after parsing and shape checking; see docs/topology-model.md. */
export interface LoadedTopology {
  /** As given (`-` for stdin). */
  file: string
  /** The parsed document as plain data (aliases expanded, forbidden keys removed). */
  data: unknown
  /**
   * The schema-checked input. When some list items failed the schema they are left out here
   * (and reported); undefined when the file is unusable as a whole.
   */
  topology?: TopologyInput
  /** Names (`name:` values) of list items left out of `topology`, so the resolver does not
   * report references to them as unknown. */
  prunedNames: Set<string>
  positions: Positions
  findings: Finding[]
}

/** The largest input acknet reads (read-file.ts), re-exported for the topology readers. */
export {MAX_INPUT_BYTES} from '../read-file.js'

let fastCheck: FastCheck | undefined
/** The fast validity test (fast-check.ts), compiled on first use: nothing is done at import time. */
function topologyIsCertainlyValid(data: unknown): boolean {
  fastCheck ??= compileShape(topologyShape())
  return fastCheck(data)
}

/** The one bounded reader (read-file.ts), re-exported for the importers. */
export {readBounded} from '../read-file.js'

/**
 * Reads a file or stdin (`-`) as bytes, at most `limit + 1` of them (so an oversized or endless
 * input is detected without being read whole); a missing, unreadable or special file (FIFO,
 * device) is an exit-2 error. See read-file.ts, the reader every input goes through.
 */
export function readInputBytes(file: string, limit = MAX_INPUT_BYTES): Uint8Array {
  try {
    return readBounded(file === '-' ? 0 : file, limit)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new AcknetError(`no such file: ${file}`)
    if (code === 'EISDIR') throw new AcknetError(`${file} is a directory; give a topology file`)
    throw new AcknetError(`cannot read ${file}: ${describeReadError(error)}`)
  }
}

/** A `yaml-syntax` finding for an input over MAX_INPUT_BYTES (see readInputBytes). */
export function tooLargeFinding(file: string, limit = MAX_INPUT_BYTES): Finding {
  const mib = (limit / (1024 * 1024)).toFixed(0)
  return {ruleId: 'yaml-syntax', severity: 'error', message: `the input is larger than ${mib} MiB, the most acknet reads; a topology is never this large (split it, or move Kubernetes objects to manifests:)`, file, line: 1, column: 1, path: ''}
}

/** Decoded text of a file (UTF-8 errors and oversized input as a finding, not an exception). */
export function readInputText(file: string): {text: string; finding?: Finding} {
  const shown = file === '-' ? '<stdin>' : file
  const bytes = readInputBytes(file)
  if (bytes.length > MAX_INPUT_BYTES) return {text: '', finding: tooLargeFinding(shown)}
  return decodeUtf8(bytes, shown)
}

/**
 * Loads a topology: YAML or JSON, from `file` (or `text` when given; `-` reads stdin).
 * Problems in the text are findings; only an unreadable file throws (AcknetError, exit 2).
 */
export function loadTopology(file: string, text?: string, options: {positions?: 'lazy' | 'eager'} = {}): LoadedTopology {
  const displayName = file === '-' ? '<stdin>' : file
  let parsed: ParsedYaml
  if (text === undefined) {
    const bytes = readInputBytes(file)
    if (bytes.length > MAX_INPUT_BYTES) return unusable(displayName, [tooLargeFinding(displayName)])
    // perf (issue #18): a clean file is read without decoding its text (parseYamlFile)
    const read = parseYamlFile(displayName, bytes, {positions: options.positions})
    if ('finding' in read) return unusable(displayName, [read.finding])
    parsed = read
  } else if (text.length > MAX_INPUT_BYTES) {
    // text read by the caller (lint's directory walk, stdin): same limit as readInputText
    return unusable(displayName, [tooLargeFinding(displayName)])
  } else parsed = parseYaml(displayName, text, {positions: options.positions})
  const positions = parsed.positions
  const base = {file: displayName, positions, prunedNames: new Set<string>()}
  if (parsed.findings.some((finding) => finding.ruleId === 'yaml-syntax')) return {...base, data: undefined, findings: parsed.findings}
  const findings = [...parsed.findings]
  const data = parsed.documents[0]
  const notTopology = checkIsTopology(data, positions)
  if (notTopology) return {...base, data, findings: [...findings, notTopology]}

  // perf: a file the fast test accepts is one zod accepts unchanged (fast-check.ts): skip zod's
  // walk and copy (≈ 0.2 s on the xl file); anything else goes through zod as before.
  if (topologyIsCertainlyValid(data)) return {...base, data, topology: data as TopologyInput, findings}
  const {TopologySchema} = zodSide()
  let candidate = data
  for (let attempt = 0; attempt < 4; attempt++) {
    const result = TopologySchema.safeParse(candidate)
    if (result.success) return {...base, data, topology: result.data, findings}
    if (attempt === 0) findings.push(...issuesToFindings(result.error.issues, TopologySchema, data, positions))
    const pruned = pruneFailingItems(candidate, result.error.issues.map((issue) => issue.path.filter((s): s is PathSegment => typeof s !== 'symbol')), base.prunedNames)
    if (!pruned) break
    candidate = pruned
  }
  return {...base, data, findings}
}

function unusable(file: string, findings: Finding[]): LoadedTopology {
  return {file, data: undefined, prunedNames: new Set(), positions: parseYaml(file, '').positions, findings}
}

/** A `schema` finding when the document is not an acknet topology at all. */
function checkIsTopology(data: unknown, positions: Positions): Finding | undefined {
  const at = (path: PathSegment[], message: string): Finding => ({ruleId: 'schema', severity: 'error', message, file: positions.file, ...positions.locate(path, 'value'), path: path.join('.')})
  const expected = `a topology starts with "apiVersion: ${TOPOLOGY_API_VERSION}" and "kind: Topology"`
  if (data === undefined || data === null) return {ruleId: 'schema', severity: 'error', message: `the file is empty; ${expected}`, file: positions.file, line: 1, column: 1, path: ''}
  if (typeof data !== 'object' || Array.isArray(data)) return at([], `not an acknet topology: expected a mapping, got ${Array.isArray(data) ? 'a list' : 'a ' + typeof data}; ${expected}`)
  const {apiVersion, kind} = data as Record<string, unknown>
  if (apiVersion === TOPOLOGY_API_VERSION) return undefined
  if (apiVersion === undefined) return at([], `not an acknet topology: "apiVersion" is missing; ${expected}`)
  const what = typeof kind === 'string' ? `a Kubernetes ${kind} (apiVersion ${String(apiVersion)})` : `apiVersion ${JSON.stringify(apiVersion)}`
  return at(['apiVersion'], `not an acknet topology: this is ${what}; ${expected} (put Kubernetes objects under clusters[].services/networkPolicies/ingresses or list their files in manifests:)`)
}

/**
 * A copy of `data` without the list items that hold schema errors (the innermost list item on
 * each failing path), or undefined when an error is outside any list.
 */
function pruneFailingItems(data: unknown, paths: PathSegment[][], prunedNames: Set<string>): unknown {
  const drop = new Map<unknown[], Set<number>>()
  for (const path of paths) {
    let lastIndex = -1
    for (let i = path.length - 1; i >= 0; i--) {
      if (typeof path[i] === 'number') {
        lastIndex = i
        break
      }
    }
    if (lastIndex < 0) return undefined
    const list = valueAt(data, path.slice(0, lastIndex))
    if (!Array.isArray(list)) return undefined
    const index = path[lastIndex] as number
    const item = list[index]
    if (item && typeof item === 'object' && typeof (item as {name?: unknown}).name === 'string') prunedNames.add((item as {name: string}).name)
    if (!drop.has(list)) drop.set(list, new Set())
    drop.get(list)!.add(index)
  }
  return rebuild(data, drop)
}

function rebuild(value: unknown, drop: Map<unknown[], Set<number>>): unknown {
  if (Array.isArray(value)) {
    const skip = drop.get(value)
    const out: unknown[] = []
    for (let i = 0; i < value.length; i++) if (!skip?.has(i)) out.push(rebuild(value[i], drop))
    return out
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = rebuild(item, drop)
    return out
  }
  return value
}
