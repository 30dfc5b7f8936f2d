import type {z} from 'zod'
import type {Finding} from '../findings.js'
import {formatPath, type PathSegment, type Positions} from './positions.js'
import {didYouMean} from '../suggest.js'

/**
 * zod issues → `schema` findings with a clear one-line message located at the offending key
 * (unknown or missing fields) or value (wrong type or value).
 */
export function issuesToFindings(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, data: unknown, positions: Positions): Finding[] {
  const findings: Finding[] = []
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol')
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schemaAt(schema, path))
      for (const key of issue.keys) {
        const keyPath = [...path, key]
        findings.push(finding(`unknown field "${key}" in ${describePath(path)}${didYouMean(key, known)}`, positions, keyPath, 'key'))
      }
      continue
    }
    const value = valueAt(data, path)
    if (issue.code === 'invalid_type' && value === undefined) {
      const field = path[path.length - 1]
      const parent = path.slice(0, -1)
      findings.push(finding(`${describePath(parent)} is missing the required field "${String(field)}"`, positions, parent, 'key'))
      continue
    }
    findings.push(finding(`${formatPath(path) || 'the document'}: ${describeIssue(issue, value)}`, positions, path, 'value'))
  }
  return findings
}

function finding(message: string, positions: Positions, path: PathSegment[], what: 'key' | 'value'): Finding {
  const {line, column} = positions.locate(path, what)
  return {ruleId: 'schema', severity: 'error', message, file: positions.file, line, column, path: formatPath(path)}
}

function describePath(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'the top level' : formatPath(path)
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}, got ${describeValue(value)}`
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}, got ${describeValue(value)}` : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(value)}${typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : ''}`
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty'
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item(s)`
      return `must be at least ${String(issue.minimum)}, got ${describeValue(value)}`
    case 'too_big':
      // a string limit (names: 128 characters) speaks in characters, with the schema's own wording
      if (issue.origin === 'string') return `${issue.message && !issue.message.startsWith('Too') ? issue.message : `must be at most ${String(issue.maximum)} characters`}, got ${describeValue(value)}`
      return `must be at most ${String(issue.maximum)}, got ${describeValue(value)}`
    case 'invalid_union':
      return `expected a number or a name, got ${describeValue(value)}`
    case 'invalid_format':
      return issue.message && !issue.message.startsWith('Invalid') ? issue.message : `has the wrong format (got ${describeValue(value)})`
    default:
      return issue.message
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number'
  if (expected === 'object') return 'a mapping'
  if (expected === 'array') return 'a list'
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null (empty value)'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)
  return String(value)
}

/** The value at a YAML path of parsed data, or undefined where the path leaves the data. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[segment]
  }
  return current
}

interface ZodDefLike {
  type: string
  shape?: Record<string, z.ZodType>
  innerType?: z.ZodType
  element?: z.ZodType
  valueType?: z.ZodType
  options?: z.ZodType[]
  in?: z.ZodType
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as {_zod: {def: ZodDefLike}})._zod.def
}

/** Unwraps optional/default/nullable/pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema
  for (let i = 0; i < 10; i++) {
    const def = defOf(current)
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault' || def.type === 'readonly') && def.innerType) current = def.innerType
    else if (def.type === 'pipe' && def.in) current = def.in
    else break
  }
  return current
}

/** The (unwrapped) schema that validates the value at `path`, if the path leads anywhere. */
export function schemaAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema)
  for (const segment of path) {
    if (!current) return undefined
    const def = defOf(current)
    if (def.type === 'object' && def.shape && typeof segment === 'string') current = def.shape[segment]
    else if (def.type === 'array' && def.element) current = def.element
    else if (def.type === 'record' && def.valueType) current = def.valueType
    else if (def.type === 'union' && def.options) current = def.options.map((option) => schemaAt(option, [segment])).find(Boolean)
    else return undefined
    current = current ? unwrap(current) : undefined
  }
  return current
}

export function knownKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return []
  const def = defOf(schema)
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : []
}
