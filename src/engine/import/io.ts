import {AcknetError} from '../../errors.js'
import {describeReadError, readBounded} from '../read-file.js'
import {parseYaml} from '../topology/yaml.js'
import {jsonErrorAt} from './json-error.js'

/**
 * File input and output for `acknet import`: the importers' only I/O. Inputs are JSON
 * (what `aliyun`, `kubectl -o json` and `terraform show -json` print); YAML is accepted too
 * (`kubectl -o yaml`). Errors name file:line:column.
 */
/**
 * Reliability guard (issue #9): the most an import input may hold. Terraform states of large
 * accounts run to tens of MB; an endless input (`/dev/zero`, a stuck pipe) stops here.
 */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024

export function readText(file: string): string {
  try {
    const bytes = readBounded(file === '-' ? 0 : file, MAX_IMPORT_BYTES)
    if (bytes.length > MAX_IMPORT_BYTES) throw new AcknetError(`is larger than ${MAX_IMPORT_BYTES / (1024 * 1024)} MiB, the most acknet import reads`, {position: {file}})
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')
  } catch (error) {
    if (error instanceof AcknetError) throw error
    throw new AcknetError(describeReadError(error), {position: {file}})
  }
}

export function lineColumnAt(text: string, offset: number): {line: number; column: number} {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return {line, column: offset - lineStart + 1}
}

/**
 * Security (issue #15): the deepest JSON nesting an import reads. Real inputs stay under 40
 * (a terraform plan's configuration is the deepest); the YAML reader refuses past the same depth.
 */
export const MAX_IMPORT_DEPTH = 100

/** Offset where JSON text nests deeper than `limit`, found without recursion (so 5,000-deep input cannot overflow the stack). */
export function tooDeepAt(text: string, limit = MAX_IMPORT_DEPTH): number | undefined {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > limit) return i
    } else if (c === 93 || c === 125) depth--
  }
  return undefined
}

export function parseStructured(text: string, file: string): unknown {
  return parseDocuments(text, file, false)[0]
}

/** Every document of a YAML `---` stream (or the one JSON value): `kubectl get -o yaml`, manifests. */
export function parseDocuments(text: string, file: string, multiDocument = true): unknown[] {
  const trimmed = text.trimStart()
  if (trimmed === '') throw new AcknetError('is empty (expected JSON)', {position: {file}})
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const deep = tooDeepAt(text)
    if (deep !== undefined) throw new AcknetError(`nesting deeper than ${MAX_IMPORT_DEPTH} levels; no real API response is this deep`, {position: {file, ...lineColumnAt(text, deep)}})
    try {
      return [JSON.parse(text)]
    } catch (error) {
      const found = jsonErrorAt(text)
      const message = found?.message ?? (error as Error).message
      throw new AcknetError(`invalid JSON: ${message}`, {position: {file, ...(found ? lineColumnAt(text, found.offset) : {})}})
    }
  }
  // YAML (kubectl -o yaml, a topology for --merge): the topology loader's guarded parser, so
  // alias bombs, prototype keys and runaway nesting are refused the same way everywhere.
  const parsed = parseYaml(file, text, {multiDocument})
  const problem = parsed.findings.find((finding) => finding.severity === 'error')
  if (problem) throw new AcknetError(`invalid JSON or YAML: ${problem.message}`, {position: {file, line: problem.line, column: problem.column}})
  // `---` at the end of a stream gives an empty last document
  return multiDocument ? parsed.documents.filter((document) => document !== null && document !== undefined) : parsed.documents.slice(0, 1)
}

export function readStructured(file: string): unknown {
  return parseStructured(readText(file), file)
}

export function readDocuments(file: string): unknown[] {
  return parseDocuments(readText(file), file)
}
