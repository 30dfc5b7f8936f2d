import {isUtf8} from 'node:buffer'
import yaml from 'js-yaml'
import type {Finding} from '../findings.js'
import {READ_DECODED_TEXT, readFastYaml, readFastYamlOneByte} from './fast-yaml.js'
import {oneByteTextOf} from './one-byte-text.js'
import {formatPath, type PathSegment, PositionCollector, type PosNode, Positions} from './positions.js'

/**
 * Safe YAML/JSON parsing for topology and manifest files. Hostile input never hangs, crashes
 * or pollutes prototypes; every problem becomes a located `yaml-syntax` or `schema` finding.
 *
 * - YAML 1.2 core schema plus merge keys (`<<`): no timestamps turning into Dates.
 * - js-yaml shares aliased nodes, so the document is a DAG; `copyPlain` walks it once with a
 *   budget of expanded nodes (a "billion laughs" file is refused, not expanded) and a depth cap
 *   (alias chains can nest deeper than the text does).
 * - `__proto__`, `constructor`, `prototype` keys are dropped and reported.
 * - Duplicate keys are js-yaml errors → `yaml-syntax`. Deep nesting: js-yaml's maxDepth, and a
 *   RangeError (stack overflow) is caught.
 */

// @types/js-yaml does not declare `types`; js-yaml 4 exports it
const MERGE_TYPE = (yaml as unknown as {types: {merge: yaml.Type}}).types.merge
const SCHEMA = yaml.CORE_SCHEMA.extend({implicit: [MERGE_TYPE]})
/** The schema's implicit types, in js-yaml's order (the fast reader resolves plain scalars with them). */
const IMPLICIT_TYPES = (SCHEMA as unknown as {compiledImplicit: Array<{resolve(data: string): boolean; construct(data: string): unknown}>}).compiledImplicit
/** Nesting js-yaml accepts (its own unit: about one per collection level). */
const MAX_PARSE_DEPTH = 128
/** Nesting of the expanded data. Real manifests stay under 30. */
export const MAX_DATA_DEPTH = 100
/** Expanded nodes allowed beyond the parsed ones: aliases may repeat a little, not explode. */
const ALIAS_BUDGET_BASE = 100_000
const ALIAS_BUDGET_FACTOR = 10
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
/**
 * Reliability guard (issue #9): YAML nodes one file may hold. The SPEC §6 benchmark topology has
 * about 335,000; a 16 MiB file of `[1,1,1,…]` has 8 million and would take 10 s and 850 MB.
 */
export const MAX_PARSE_NODES = 1_500_000
/** The fast reader counts at least the nodes js-yaml counts (tested), so the same cap holds. */
const FAST_MAX_NODES = MAX_PARSE_NODES

class TooManyNodesError extends Error {
  constructor(readonly position: number) {
    super(`more than ${MAX_PARSE_NODES} YAML nodes`)
  }
}
/** Anchors/aliases (`&a`, `*a`), merge keys or a forbidden key name anywhere in the text. */
const MAY_NEED_COPY = /[&*<]|__proto__|constructor|prototype/

export interface ParsedYaml {
  file: string
  /** One entry per document (a topology file must have exactly one). */
  documents: unknown[]
  positions: Positions
  findings: Finding[]
}

/** Decodes bytes as UTF-8; invalid bytes become a finding naming where they are. */
export function decodeUtf8(bytes: Uint8Array, file: string): {text: string; finding?: Finding} {
  // perf (issue #18): a native validity test and Buffer decoding take ≈ 25 ms on the xl file,
  // a fatal TextDecoder ≈ 60 ms; the text is the same (TextDecoder drops a leading BOM: so does this)
  if (isUtf8(bytes)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
    return {text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text}
  }
  try {
    return {text: new TextDecoder('utf-8', {fatal: true}).decode(bytes)}
  } catch {
    const offset = firstInvalidUtf8(bytes)
    let line = 1
    let lineStart = 0
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 10) {
        line++
        lineStart = i + 1
      }
    }
    const hex = bytes[offset]!.toString(16).padStart(2, '0')
    return {
      text: '',
      finding: {ruleId: 'yaml-syntax', severity: 'error', message: `the file is not UTF-8 text: invalid byte 0x${hex} (save it as UTF-8)`, file, line, column: offset - lineStart + 1, path: ''},
    }
  }
}

/**
 * Parses YAML or JSON text (BOM and CRLF allowed). `multiDocument` accepts `---` streams.
 * `positions: 'eager'` builds the position tree during the one parse (for lint, which nearly
 * always locates a finding); the default builds it on first use with a second parse.
 */
export function parseYaml(file: string, rawText: string, options: {multiDocument?: boolean; positions?: 'lazy' | 'eager'; fastRead?: boolean} = {}): ParsedYaml {
  const bom = rawText.charCodeAt(0) === 0xfeff
  const text = bom ? rawText.slice(1) : rawText
  const findings: Finding[] = []
  let loaded: unknown[] = []
  let nodeCount = 0
  // perf (issue #18): a single document in the plain subset topologies are written in is read by
  // fast-yaml.ts (≈ 3× faster than js-yaml); anything it is not sure of goes to js-yaml below.
  // Its answer equals js-yaml's, with no alias, merge key or forbidden key, so no copy is needed.
  if (!options.multiDocument && options.positions !== 'eager' && options.fastRead !== false) {
    const fast = readFastYaml(text, IMPLICIT_TYPES, FAST_MAX_NODES)
    if (fast !== undefined) return {file, documents: [fast], positions: new Positions(file, text, () => positionTree(file, text, false), bom ? 1 : 0), findings}
  }
  // perf (docs/performance.md): a lint run with findings paid two parses (≈0.35 s CPU on the xl file)
  const collector = options.positions === 'eager' ? new PositionCollector() : undefined
  try {
    // The first parse only counts nodes (about 2% slower than none; building the position
    // tree costs 60%). The node cap (issue #9) stops the parse itself, before memory grows.
    loaded = loadWithJsYaml(file, text, options.multiDocument === true, (event, state) => {
      collector?.listener(event, state)
      if (event === 'close' && ++nodeCount > MAX_PARSE_NODES) throw new TooManyNodesError(state.position)
    })
  } catch (error) {
    findings.push(syntaxFinding(file, text, error, bom))
    const positions = new Positions(file, text, undefined, bom ? 1 : 0)
    return {file, documents: [], positions, findings}
  }
  // Positions are built on first use (a finding, a `locate`), by parsing again with the
  // collector: clean files — what reach, matrix, routes and graph mostly read — never pay for it.
  const collected = collector && (options.multiDocument ? {start: 0, result: loaded, children: collector.roots()} : collector.roots()[0])
  const positions = new Positions(file, text, collector ? collected : () => positionTree(file, text, options.multiDocument === true), bom ? 1 : 0)
  // Fast path: without anchors or risky keys js-yaml's output is already a plain tree whose
  // depth its maxDepth bounds, so the guarded copy (about a fifth of the load time) is skipped.
  if (!MAY_NEED_COPY.test(text)) return {file, documents: loaded, positions, findings}
  const budget = {left: ALIAS_BUDGET_BASE + ALIAS_BUDGET_FACTOR * nodeCount, exhaustedAt: undefined as PathSegment[] | undefined}
  const documents: unknown[] = []
  for (let index = 0; index < loaded.length; index++) {
    const prefix: PathSegment[] = options.multiDocument ? [index] : []
    const copied = copyPlain(loaded[index], prefix, 0, budget, findings, positions, file)
    if (budget.exhaustedAt) {
      const where = positions.locate(budget.exhaustedAt, 'value')
      findings.push({ruleId: 'yaml-syntax', severity: 'error', message: `aliases expand to too many nodes (more than ${ALIAS_BUDGET_BASE + ALIAS_BUDGET_FACTOR * nodeCount}); refusing to expand this document (a "billion laughs" file?)`, file, ...where, path: formatPath(budget.exhaustedAt)})
      return {file, documents: [], positions, findings}
    }
    documents.push(copied)
  }
  return {file, documents, positions, findings}
}

type Listener = (event: 'open' | 'close', state: {position: number; result: unknown}) => void

function loadWithJsYaml(file: string, text: string, multiDocument: boolean, listener: Listener): unknown[] {
  const loadOptions = {filename: file, schema: SCHEMA, listener, maxDepth: MAX_PARSE_DEPTH} as yaml.LoadOptions
  if (multiDocument) return yaml.loadAll(text, undefined, loadOptions)
  const single = yaml.load(text, loadOptions)
  return single === undefined ? [] : [single]
}

/** The position tree of a text parsed once already (its documents under one root when there may be several): a second, collecting parse. */
function positionTree(file: string, text: string, multiDocument: boolean): PosNode | undefined {
  const collector = new PositionCollector()
  const documents = loadWithJsYaml(file, text, multiDocument, collector.listener)
  const roots = collector.roots()
  return multiDocument ? {start: 0, result: documents, children: roots} : roots[0]
}

/**
 * parseYaml for a file read as `bytes` (which it consumes), or the finding that they are not
 * UTF-8. The fast reader reads a one-byte copy written over the bytes (one-byte-text.ts
 * oneByteTextOf), and the text itself is decoded only if something needs it: a position, or
 * js-yaml when the fast reader is not sure.
 */
export function parseYamlFile(file: string, bytes: Uint8Array, options: {positions?: 'lazy' | 'eager'} = {}): ParsedYaml | {finding: Finding} {
  let fastRead = options.positions !== 'eager'
  let text: string | undefined
  if (fastRead) {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    const oneByte = oneByteTextOf(bom ? bytes.subarray(3) : bytes)
    if (oneByte) {
      const fast = readFastYamlOneByte(oneByte, IMPLICIT_TYPES, FAST_MAX_NODES)
      if (fast !== undefined && fast !== READ_DECODED_TEXT) {
        return {file, documents: [fast], positions: new Positions(file, oneByte.decoded, () => positionTree(file, oneByte.decoded(), false), 0), findings: []}
      }
      // not sure of the one-byte text: of the decoded one neither, unless a stand-in stopped it
      fastRead = fast === READ_DECODED_TEXT
      text = oneByte.decoded()
    }
  }
  if (text === undefined) {
    // oneByteTextOf validates what it reads; these bytes it did not read
    const decoded = decodeUtf8(bytes, file)
    if (decoded.finding) return {finding: decoded.finding}
    text = decoded.text
  }
  return parseYaml(file, text, {positions: options.positions, fastRead})
}

interface Budget {
  left: number
  exhaustedAt: PathSegment[] | undefined
}

const TOO_DEEP = Symbol('too deep')

/**
 * A plain, tree-shaped copy of js-yaml's output: aliases expanded within the budget, forbidden
 * keys dropped (with a finding), depth capped.
 */
function copyPlain(value: unknown, path: PathSegment[], depth: number, budget: Budget, findings: Finding[], positions: Positions, file: string): unknown {
  if (budget.exhaustedAt) return undefined
  if (--budget.left < 0) {
    budget.exhaustedAt = path.slice()
    return undefined
  }
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DATA_DEPTH) {
    const where = positions.locate(path, 'value')
    findings.push({ruleId: 'yaml-syntax', severity: 'error', message: `nesting deeper than ${MAX_DATA_DEPTH} levels; a topology is never this deep`, file, ...where, path: formatPath(path)})
    return TOO_DEEP
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length)
    for (let i = 0; i < value.length; i++) {
      path.push(i)
      const item = copyPlain(value[i], path, depth + 1, budget, findings, positions, file)
      path.pop()
      if (item === TOO_DEEP) return TOO_DEEP
      out[i] = item
    }
    return out
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    path.push(key)
    if (FORBIDDEN_KEYS.has(key)) {
      const where = positions.locate(path, 'key')
      findings.push({ruleId: 'schema', severity: 'error', message: `the key "${key}" is not allowed (it could alter object prototypes); remove it`, file, ...where, path: formatPath(path)})
      path.pop()
      continue
    }
    const item = copyPlain((value as Record<string, unknown>)[key], path, depth + 1, budget, findings, positions, file)
    path.pop()
    if (item === TOO_DEEP) return TOO_DEEP
    out[key] = item
  }
  return out
}

function syntaxFinding(file: string, text: string, error: unknown, bom: boolean): Finding {
  if (error instanceof TooManyNodesError) {
    let line = 1
    let lineStart = 0
    for (let i = 0; i < error.position && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++
        lineStart = i + 1
      }
    }
    return {ruleId: 'yaml-syntax', severity: 'error', message: `the document has more than ${MAX_PARSE_NODES} YAML nodes, the most acknet reads; a topology is never this large`, file, line, column: error.position - lineStart + 1, path: ''}
  }
  if (error instanceof RangeError) {
    return {ruleId: 'yaml-syntax', severity: 'error', message: 'the document is nested too deeply to parse', file, line: 1, column: 1, path: ''}
  }
  const yamlError = error as {reason?: string; mark?: {line: number; column: number; position: number}; message?: string}
  const reason = yamlError.reason ?? yamlError.message ?? String(error)
  const mark = yamlError.mark
  let line = mark ? mark.line + 1 : 1
  let column = mark ? mark.column + 1 + (bom && mark.line === 0 ? 1 : 0) : 1
  if (mark && reason.startsWith('null byte')) {
    // js-yaml checks NULs before parsing and marks them as line 0, column = offset: relocate
    const offset = text.indexOf('\0')
    const before = text.slice(0, offset)
    line = before.split('\n').length
    column = offset - (before.lastIndexOf('\n') + 1) + 1 + (bom && line === 1 ? 1 : 0)
  }
  if (reason.startsWith('expected a single document')) {
    const second = secondDocumentLine(text)
    return {ruleId: 'yaml-syntax', severity: 'error', message: 'the file holds more than one YAML document (---); a topology is one document (Kubernetes manifests belong in manifests:)', file, line: second ?? line, column: 1, path: ''}
  }
  const message = reason.startsWith('duplicated mapping key') ? `duplicate key${keyAt(text, mark?.position)}: a key may appear only once in a mapping` : `invalid YAML: ${reason}`
  return {ruleId: 'yaml-syntax', severity: 'error', message, file, line, column, path: ''}
}

/** 1-based line of the `---` that starts the second document (content before it). */
function secondDocumentLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/)
  let content = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (/^---(\s|$)/.test(line)) {
      if (content) return i + 1
      content = /^---\s+\S/.test(line) && !/^---\s+#/.test(line)
      continue
    }
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) content = true
  }
  return undefined
}

/** ` "name"` for the key starting at `position`, or ''. */
function keyAt(text: string, position: number | undefined): string {
  if (position === undefined) return ''
  const match = /^["']?([^"':\n]+)/.exec(text.slice(position, position + 80))
  return match ? ` "${match[1]!.trim()}"` : ''
}

/** Byte offset of the first invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const byte = bytes[i]!
    let need = 0
    if (byte < 0x80) {
      i++
      continue
    } else if (byte >= 0xc2 && byte <= 0xdf) need = 1
    else if (byte >= 0xe0 && byte <= 0xef) need = 2
    else if (byte >= 0xf0 && byte <= 0xf4) need = 3
    else return i
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k]
      if (next === undefined || (next & 0xc0) !== 0x80) return i
    }
    i += need + 1
  }
  return Math.max(0, bytes.length - 1)
}
