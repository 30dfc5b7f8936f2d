/**
 * perf (docs/performance.md): a plain-JavaScript "is this certainly valid?" test compiled from a
 * zod schema. zod costs ≈ 0.2 s CPU on the SPEC §6 xl topology (it visits every declared key of
 * every object and builds a validated copy); this test walks the same data in ≈ 0.02 s. It is
 * only a shortcut: when it answers true, zod would accept the value too and return a deep copy
 * of it (the topology schema has no transforms, defaults or coercion), so the loader uses the
 * value as is; when it answers false — or meets a schema feature it does not know — the loader
 * runs zod exactly as before, so findings and messages never change.
 * test/engine/topology/fast-check.test.ts holds it to zod on valid and broken inputs.
 */

export type FastCheck = (value: unknown) => boolean

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

const never: FastCheck = () => false
const always: FastCheck = () => true

/** Compiles `schema` once; unknown schema kinds or checks compile to "not sure" (false). */
export function compileFastCheck(schema: ZodLike): FastCheck {
  const def = schema._zod.def as SchemaDef
  switch (def.type) {
    case 'string':
      return def.coerce || def.format !== undefined || def.pattern !== undefined ? never : withChecks((v) => typeof v === 'string', def.checks)
    case 'number':
      // zod rejects NaN and ±Infinity before its checks run
      return def.coerce || def.format !== undefined ? never : withChecks((v) => typeof v === 'number' && Number.isFinite(v), def.checks)
    case 'boolean':
      return def.coerce || def.checks?.length ? never : (v) => typeof v === 'boolean'
    case 'unknown':
      return def.checks?.length ? never : always
    case 'enum': {
      if (def.checks?.length || !def.entries) return never
      const values = new Set(Object.values(def.entries))
      return (v) => values.has(v)
    }
    case 'literal': {
      if (def.checks?.length || !def.values) return never
      const values = new Set(def.values)
      return (v) => values.has(v)
    }
    case 'optional': {
      if (def.checks?.length || !def.innerType) return never
      const inner = compileFastCheck(def.innerType)
      return (v) => v === undefined || inner(v)
    }
    case 'array': {
      if (def.checks?.length || !def.element) return never
      const element = compileFastCheck(def.element)
      return (v) => {
        if (!Array.isArray(v)) return false
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false
        return true
      }
    }
    case 'union': {
      if (def.checks?.length || !def.options) return never
      const options = def.options.map(compileFastCheck)
      return (v) => options.some((option) => option(v))
    }
    case 'record':
      return compileRecord(def)
    case 'object':
      return compileObject(def)
    default:
      return never
  }
}

/** Plain records with string keys (labels, selectors); enum-keyed or partial records are not handled. */
function compileRecord(def: SchemaDef): FastCheck {
  if (def.checks?.length || !def.keyType || !def.valueType || def.mode !== undefined) return never
  const keyDef = def.keyType._zod.def as SchemaDef
  if (keyDef.type !== 'string' || keyDef.checks?.length || keyDef.coerce || keyDef.format !== undefined) return never
  const value = compileFastCheck(def.valueType)
  return (v) => {
    if (!isPlainRecord(v)) return false
    for (const key of Object.keys(v)) if (key === '__proto__' || !value(v[key])) return false
    return true
  }
}

function compileObject(def: SchemaDef): FastCheck {
  if (def.checks?.length || !def.shape) return never
  const catchall = def.catchall ? (def.catchall._zod.def as SchemaDef).type : undefined
  // strictObject: catchall never (extra keys are errors); looseObject: catchall unknown (kept as is)
  if (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown') return never
  const strict = catchall === 'never'
  const keys = Object.keys(def.shape)
  const checks = keys.map((key) => compileFastCheck(def.shape![key]!))
  const known = new Set(keys)
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
    const record = v as Record<string, unknown>
    for (let i = 0; i < keys.length; i++) if (!checks[i]!(record[keys[i]!])) return false
    // an object that carries a prototype-altering key is never a shortcut candidate
    for (const key of Object.keys(record)) if ((strict && !known.has(key)) || key === '__proto__') return false
    return true
  }
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** The base type test followed by zod's checks (only the kinds the topology schema uses). */
function withChecks(base: FastCheck, checks: SchemaDef['checks']): FastCheck {
  if (!checks || checks.length === 0) return base
  const tests: FastCheck[] = []
  for (const check of checks) {
    const test = compileCheck(check._zod.def)
    if (!test) return never
    tests.push(test)
  }
  return (v) => {
    if (!base(v)) return false
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false
    return true
  }
}

function compileCheck(check: CheckDef): FastCheck | undefined {
  if (check.when !== undefined && check.check !== 'min_length' && check.check !== 'max_length') return undefined
  switch (check.check) {
    case 'min_length': {
      // zod counts code points; one unit per code point at most halves the count
      const minimum = check.minimum ?? 0
      return (v) => {
        const length = (v as string).length
        return length >= minimum * 2 || (minimum <= 1 && length >= minimum)
      }
    }
    case 'max_length': {
      // zod counts code points only past the limit in UTF-16 units: within it, certainly valid
      const maximum = check.maximum ?? Infinity
      return (v) => (v as string).length <= maximum
    }
    case 'string_format': {
      if (check.format !== 'regex' || !(check.pattern instanceof RegExp)) return undefined
      const pattern = check.pattern
      return (v) => {
        pattern.lastIndex = 0
        return pattern.test(v as string)
      }
    }
    case 'number_format':
      return check.format === 'safeint' ? (v) => Number.isSafeInteger(v) : undefined
    case 'greater_than': {
      if (typeof check.value !== 'number') return undefined
      const limit = check.value
      return check.inclusive ? (v) => (v as number) >= limit : (v) => (v as number) > limit
    }
    case 'less_than': {
      if (typeof check.value !== 'number') return undefined
      const limit = check.value
      return check.inclusive ? (v) => (v as number) <= limit : (v) => (v as number) < limit
    }
    default:
      return undefined
  }
}
