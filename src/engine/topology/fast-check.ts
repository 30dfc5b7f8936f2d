/**
 * perf (docs/performance.md): a plain-JavaScript "is this certainly valid?" test compiled from a
 * zod schema. zod costs ≈ 0.2 s CPU on the SPEC §6 xl topology (it visits every declared key of
 * every object and builds a validated copy); this test walks the same data in ≈ 0.02 s. It is
 * only a shortcut: when it answers true, zod would accept the value too and return a deep copy
 * of it (the topology schema has no transforms, defaults or coercion), so the loader uses the
 * value as is; when it answers false — or meets a schema feature it does not know — the loader
 * runs zod exactly as before, so findings and messages never change.
 * test/engine/topology/fast-check.test.ts holds it to zod on valid and broken inputs.
 *
 * Two steps, so that a valid file never loads zod (issue #18): `describeSchema` turns the zod
 * definition into a plain JSON `Shape` (the build does this once and ships the result, see
 * topology-shape.ts), and `compileShape` turns a Shape into the test. This module never imports zod.
 */

export type FastCheck = (value: unknown) => boolean

/** A zod schema reduced to what the fast test checks; plain JSON (regexes as source + flags). */
export type Shape =
  | {t: 'never'}
  | {t: 'unknown'}
  | {t: 'boolean'}
  | {t: 'string' | 'number'; checks: ShapeCheck[]}
  | {t: 'oneOf'; values: unknown[]}
  | {t: 'optional'; inner: Shape}
  | {t: 'array'; element: Shape}
  | {t: 'union'; options: Shape[]}
  | {t: 'record'; value: Shape}
  | {t: 'object'; strict: boolean; shape: Record<string, Shape>}

export type ShapeCheck =
  | {c: 'minLength'; minimum: number}
  | {c: 'maxLength'; maximum: number}
  | {c: 'regex'; source: string; flags: string}
  | {c: 'safeint'}
  | {c: 'min' | 'max'; value: number; inclusive: boolean}

/** The parts of a zod v4 schema definition read here (`schema._zod.def`). */
interface SchemaDef {
  type: string
  coerce?: boolean
  format?: string
  pattern?: RegExp
  checks?: readonly {_zod: {def: CheckDef}}[]
  shape?: Record<string, ZodLike>
  catchall?: ZodLike
  innerType?: ZodLike
  element?: ZodLike
  keyType?: ZodLike
  valueType?: ZodLike
  options?: readonly ZodLike[]
  entries?: Record<string, unknown>
  values?: readonly unknown[]
  mode?: string
}

interface CheckDef {
  check: string
  format?: string
  pattern?: RegExp
  minimum?: number
  maximum?: number
  value?: unknown
  inclusive?: boolean
  when?: unknown
}

export interface ZodLike {
  _zod: {def: unknown}
}

const NEVER: Shape = {t: 'never'}

/** Compiles `schema` once; unknown schema kinds or checks compile to "not sure" (false). */
export function compileFastCheck(schema: ZodLike): FastCheck {
  return compileShape(describeSchema(schema))
}

/** The zod definition as a Shape; schema kinds or checks not handled here become `never` ("not sure"). */
export function describeSchema(schema: ZodLike): Shape {
  const def = schema._zod.def as SchemaDef
  switch (def.type) {
    case 'string':
      return def.coerce || def.format !== undefined || def.pattern !== undefined ? NEVER : withChecks('string', def.checks)
    case 'number':
      return def.coerce || def.format !== undefined ? NEVER : withChecks('number', def.checks)
    case 'boolean':
      return def.coerce || def.checks?.length ? NEVER : {t: 'boolean'}
    case 'unknown':
      return def.checks?.length ? NEVER : {t: 'unknown'}
    case 'enum':
      return def.checks?.length || !def.entries ? NEVER : {t: 'oneOf', values: Object.values(def.entries)}
    case 'literal':
      return def.checks?.length || !def.values ? NEVER : {t: 'oneOf', values: [...def.values]}
    case 'optional':
      return def.checks?.length || !def.innerType ? NEVER : {t: 'optional', inner: describeSchema(def.innerType)}
    case 'array':
      return def.checks?.length || !def.element ? NEVER : {t: 'array', element: describeSchema(def.element)}
    case 'union':
      return def.checks?.length || !def.options ? NEVER : {t: 'union', options: def.options.map(describeSchema)}
    case 'record':
      return describeRecord(def)
    case 'object':
      return describeObject(def)
    default:
      return NEVER
  }
}

/** Plain records with string keys (labels, selectors); enum-keyed or partial records are not handled. */
function describeRecord(def: SchemaDef): Shape {
  if (def.checks?.length || !def.keyType || !def.valueType || def.mode !== undefined) return NEVER
  const keyDef = def.keyType._zod.def as SchemaDef
  if (keyDef.type !== 'string' || keyDef.checks?.length || keyDef.coerce || keyDef.format !== undefined) return NEVER
  return {t: 'record', value: describeSchema(def.valueType)}
}

function describeObject(def: SchemaDef): Shape {
  if (def.checks?.length || !def.shape) return NEVER
  const catchall = def.catchall ? (def.catchall._zod.def as SchemaDef).type : undefined
  // strictObject: catchall never (extra keys are errors); looseObject: catchall unknown (kept as is)
  if (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown') return NEVER
  const shape: Record<string, Shape> = {}
  for (const key of Object.keys(def.shape)) shape[key] = describeSchema(def.shape[key]!)
  return {t: 'object', strict: catchall === 'never', shape}
}

/** zod's checks on a string or number (only the kinds the topology schema uses). */
function withChecks(t: 'string' | 'number', checks: SchemaDef['checks']): Shape {
  const out: ShapeCheck[] = []
  for (const check of checks ?? []) {
    const described = describeCheck(check._zod.def)
    if (!described) return NEVER
    out.push(described)
  }
  return {t, checks: out}
}

function describeCheck(check: CheckDef): ShapeCheck | undefined {
  if (check.when !== undefined && check.check !== 'min_length' && check.check !== 'max_length') return undefined
  switch (check.check) {
    case 'min_length':
      return {c: 'minLength', minimum: check.minimum ?? 0}
    case 'max_length':
      return {c: 'maxLength', maximum: check.maximum ?? Infinity}
    case 'string_format':
      return check.format === 'regex' && check.pattern instanceof RegExp ? {c: 'regex', source: check.pattern.source, flags: check.pattern.flags} : undefined
    case 'number_format':
      return check.format === 'safeint' ? {c: 'safeint'} : undefined
    case 'greater_than':
      return typeof check.value === 'number' ? {c: 'min', value: check.value, inclusive: Boolean(check.inclusive)} : undefined
    case 'less_than':
      return typeof check.value === 'number' ? {c: 'max', value: check.value, inclusive: Boolean(check.inclusive)} : undefined
    default:
      return undefined
  }
}

// ---------------------------------------------------------------------------------------------

const never: FastCheck = () => false
const always: FastCheck = () => true

/** The test for a Shape (no zod involved). */
export function compileShape(shape: Shape): FastCheck {
  switch (shape.t) {
    case 'never':
      return never
    case 'unknown':
      return always
    case 'boolean':
      return (v) => typeof v === 'boolean'
    case 'string':
      return checked((v) => typeof v === 'string', shape.checks)
    case 'number':
      // zod rejects NaN and ±Infinity before its checks run
      return checked((v) => typeof v === 'number' && Number.isFinite(v), shape.checks)
    case 'oneOf': {
      const values = new Set(shape.values)
      return (v) => values.has(v)
    }
    case 'optional': {
      const inner = compileShape(shape.inner)
      return (v) => v === undefined || inner(v)
    }
    case 'array': {
      const element = compileShape(shape.element)
      return (v) => {
        if (!Array.isArray(v)) return false
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false
        return true
      }
    }
    case 'union': {
      const options = shape.options.map(compileShape)
      return (v) => {
        for (let i = 0; i < options.length; i++) if (options[i]!(v)) return true
        return false
      }
    }
    case 'record': {
      const value = compileShape(shape.value)
      return (v) => {
        if (!isPlainRecord(v)) return false
        // for-in: no key array per record (a plain record inherits no enumerable key)
        for (const key in v) if (key === '__proto__' || !value(v[key])) return false
        return true
      }
    }
    case 'object':
      return compileObject(shape.shape, shape.strict)
    default:
      return never
  }
}

function compileObject(shape: Record<string, Shape>, strict: boolean): FastCheck {
  const keys = new Map<string, {check: FastCheck; required: boolean}>()
  // a key whose test refuses `undefined` must be present
  for (const key of Object.keys(shape)) {
    const check = compileShape(shape[key]!)
    keys.set(key, {check, required: !check(undefined)})
  }
  let required = 0
  for (const key of keys.values()) if (key.required) required++
  // perf (issue #18): the test visits the keys an object has, not every key its shape declares
  // (objects hold a few of their many optional keys): fewer calls in a cold run
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
    const record = v as Record<string, unknown>
    let present = 0
    for (const key in record) {
      // an object that carries a prototype-altering key is never a shortcut candidate
      if (key === '__proto__') return false
      const known = keys.get(key)
      if (known === undefined) {
        if (strict) return false
        continue
      }
      if (!known.check(record[key])) return false
      if (known.required) present++
    }
    return present === required
  }
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** The base type test followed by the checks. */
function checked(base: FastCheck, checks: readonly ShapeCheck[]): FastCheck {
  if (checks.length === 0) return base
  const tests = checks.map(compileCheck)
  return (v) => {
    if (!base(v)) return false
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false
    return true
  }
}

const ASCII_ONLY = /^[\x00-\x7f]*$/
/** What `\p{…}` holds among ASCII characters, for the properties names are written with. */
const ASCII_PROPERTIES: Record<string, string> = {L: 'A-Za-z', N: '0-9', M: ''}

/**
 * A regular expression without the `u` flag that answers as `source`/u does for every ASCII-only
 * string, or undefined. perf (issue #18): a `\p{L}` class is built from Unicode tables the first
 * time it runs (≈ 2 ms each for the name patterns of the schema, in every process); names are
 * nearly always ASCII. Only for the plain `u` flag and `\p{L}`, `\p{N}`, `\p{M}` inside
 * non-negated character classes, where the ASCII members are those of ASCII_PROPERTIES (ASCII
 * has no marks); anything else keeps the one pattern.
 */
export function asciiEquivalent(source: string, flags: string): RegExp | undefined {
  if (flags !== 'u' || !source.includes('\\p{')) return undefined
  let out = ''
  let inClass = false
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!
    if (char === '\\') {
      const property = /^\\p\{([LNM])\}/.exec(source.slice(i))
      if (property) {
        if (!inClass) return undefined
        out += ASCII_PROPERTIES[property[1]!]
        i += property[0].length - 1
        continue
      }
      // any other escape with a different meaning under u (\p, \P, \u{…}, \k) keeps the one pattern
      if (/[pPuk]/.test(source[i + 1] ?? '')) return undefined
      out += char + (source[i + 1] ?? '')
      i++
      continue
    }
    if (char === '[') {
      if (inClass || source[i + 1] === '^') return undefined
      inClass = true
    } else if (char === ']') inClass = false
    out += char
  }
  try {
    return new RegExp(out)
  } catch {
    return undefined
  }
}

function compileCheck(check: ShapeCheck): FastCheck {
  switch (check.c) {
    case 'minLength': {
      // zod counts code points; one unit per code point at most halves the count
      const minimum = check.minimum
      return (v) => {
        const length = (v as string).length
        return length >= minimum * 2 || (minimum <= 1 && length >= minimum)
      }
    }
    case 'maxLength': {
      // zod counts code points, never more than UTF-16 units: within the limit in units, certainly valid
      const maximum = check.maximum
      return (v) => (v as string).length <= maximum
    }
    case 'regex': {
      const pattern = new RegExp(check.source, check.flags)
      const test: FastCheck = (v) => {
        pattern.lastIndex = 0
        return pattern.test(v as string)
      }
      const ascii = asciiEquivalent(check.source, check.flags)
      if (!ascii) return test
      return (v) => (ASCII_ONLY.test(v as string) ? ascii.test(v as string) : test(v))
    }
    case 'safeint':
      return (v) => Number.isSafeInteger(v)
    case 'min': {
      const limit = check.value
      return check.inclusive ? (v) => (v as number) >= limit : (v) => (v as number) > limit
    }
    case 'max': {
      const limit = check.value
      return check.inclusive ? (v) => (v as number) <= limit : (v) => (v as number) < limit
    }
    default:
      return never
  }
}
