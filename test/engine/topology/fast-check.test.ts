import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {fixtureAndCorpusYaml} from '../../helpers/yaml-files.js'
// @ts-expect-error plain ESM JavaScript without type declarations (bench/ is not compiled)
import {generate} from '../../../bench/gen-xl.js'
import {asciiEquivalent, compileFastCheck, compileShape, describeSchema} from '../../../src/engine/topology/fast-check.js'
import {TopologySchema} from '../../../src/engine/topology/schema.js'
import {parseYaml} from '../../../src/engine/topology/yaml.js'

// The fast test is a shortcut for zod (perf, fast-check.ts): whenever it says "valid", zod must
// accept the same value and return a deep copy of it. It may say "not sure" (false) for valid input.
const fastValid = compileFastCheck(TopologySchema)

function expectAgreesWithZod(value: unknown): boolean {
  const fast = fastValid(value)
  if (fast) {
    const result = TopologySchema.safeParse(value)
    expect(result.success).toBe(true)
    expect(result.data).toEqual(value)
  }
  return fast
}


const xl = JSON.parse(JSON.stringify(generate({scale: 0.05}).topology)) as Record<string, unknown>

describe('compileFastCheck(TopologySchema)', () => {
  it('accepts a valid generated topology, as zod does', () => {
    expect(expectAgreesWithZod(xl)).toBe(true)
  })

  it('never accepts what zod rejects, over the fixture and corpus files', () => {
    let accepted = 0
    let files = 0
    for (const file of fixtureAndCorpusYaml()) {
      const parsed = parseYaml(file, readFileSync(file, 'utf8'))
      if (parsed.documents.length !== 1) continue
      files++
      if (expectAgreesWithZod(parsed.documents[0])) accepted++
    }
    expect(files).toBeGreaterThan(10)
    expect(accepted).toBeGreaterThan(3) // the valid fixtures take the shortcut
  })

  it('rejects typical mistakes zod reports', () => {
    const broken = (edit: (t: any) => void) => {
      const copy = structuredClone(xl) as any
      edit(copy)
      expect(TopologySchema.safeParse(copy).success).toBe(false)
      return fastValid(copy)
    }
    expect(broken((t) => (t.securityGroups[0].rules[0].priorty = 1))).toBe(false) // unknown key
    expect(broken((t) => (t.securityGroups[0].rules[0].priority = 0))).toBe(false) // below min
    expect(broken((t) => (t.securityGroups[0].rules[0].priority = 1.5))).toBe(false) // not an int
    expect(broken((t) => (t.securityGroups[0].rules[0].ports = '80-90'))).toBe(false) // regex
    expect(broken((t) => (t.securityGroups[0].rules[0].protocol = 'TCP'))).toBe(false) // enum
    expect(broken((t) => (t.instances[0].name = ''))).toBe(false) // min length
    expect(broken((t) => (t.instances[0].listens[0].port = Infinity))).toBe(false)
    expect(broken((t) => delete t.instances[0].vswitch)).toBe(false) // required
    expect(broken((t) => (t.clusters[0].services[0].spec.sessionAffinty = 'None'))).toBe(false)
    expect(broken((t) => (t.clusters[0].services[0].spec.ports[0].targetPort = ''))).toBe(false) // union
    expect(broken((t) => (t.clusters[0].workloads[0].labels.app = 3))).toBe(false) // record value
    expect(broken((t) => (t.apiVersion = 'acknet/v2'))).toBe(false) // literal
    expect(broken((t) => (t.vpcs = {}))).toBe(false) // array
    expect(broken((t) => (t.clusters[0].network.networkPolicy = 'yes'))).toBe(false) // boolean
  })

  it('agrees with zod on random single edits of a valid topology', () => {
    // every value position of the small topology, so edits land anywhere (lists, maps, leaves)
    const paths: (string | number)[][] = []
    const walk = (value: unknown, path: (string | number)[]) => {
      paths.push(path)
      if (Array.isArray(value)) value.slice(0, 2).forEach((item, i) => walk(item, [...path, i]))
      else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key])
    }
    // lists cut to 3 items: the same shapes, cheap to clone 1,500 times
    const trim = (value: unknown): unknown => Array.isArray(value) ? value.slice(0, 3).map(trim) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trim(v)])) : value
    const small = trim(xl)
    expect(expectAgreesWithZod(small)).toBe(true)
    walk(small, [])
    const replacement = fc.oneof(
      fc.constantFrom(null, '', 'x', 'tcp', 'TCP', '80/80', 'nat:a', 0, 1, 65535, 65536, -1, 1.5, Number.NaN, true, false, [], {}, ['a'], {a: 'b'}),
      fc.string(), fc.integer(), fc.double(), fc.boolean(),
    )
    let shortcut = 0
    fc.assert(fc.property(fc.nat(paths.length - 1), replacement, fc.constantFrom('set', 'delete', 'add-key'), (index, value, how) => {
      const copy = structuredClone(small) as any
      const path = paths[index]!
      if (path.length === 0) return
      let parent = copy
      for (const segment of path.slice(0, -1)) parent = parent[segment]
      const last = path.at(-1)!
      if (how === 'set') parent[last] = value
      else if (how === 'delete') {
        if (Array.isArray(parent)) parent.splice(last as number, 1)
        else delete parent[last]
      } else if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) parent[last].zzUnknown = value
      if (expectAgreesWithZod(copy)) shortcut++
    }), {numRuns: 1500, seed: 8})
    expect(shortcut).toBeGreaterThan(0)
  })
})

describe('the ASCII shortcut for \\p{…} patterns (asciiEquivalent)', () => {
  // every distinct `u` pattern of the topology schema, as the build hands them to compileShape
  const patterns = [...new Set([...JSON.stringify(describeSchema(TopologySchema)).matchAll(/"c":"regex","source":("(?:[^"\\\\]|\\\\.)*"),"flags":"u"/g)].map((match) => JSON.parse(match[1]!) as string))]
  // ASCII with every class of character the patterns care about, and the non-ASCII letters, digits and marks \p{L}, \p{N}, \p{M} hold
  const character = fc.oneof(fc.integer({min: 0, max: 0x7f}).map((code) => String.fromCharCode(code)), fc.constantFrom('ª', 'é', 'ß', 'Ж', '名', '٣', '①', '\u0301', '\u200d', '·', '\u{1d49c}', '\u{1f600}'))
  const text = fc.array(character, {maxLength: 12}).map((chars) => chars.join(''))

  it('has a shortcut for the name patterns, so the Unicode tables are not built for ASCII names', () => {
    expect(patterns.length).toBeGreaterThanOrEqual(2)
    for (const source of patterns.filter((p) => p.includes('\\p{'))) expect(asciiEquivalent(source, 'u'), source).toBeInstanceOf(RegExp)
    expect(asciiEquivalent('^[^\\p{L}]$', 'u')).toBeUndefined()
    expect(asciiEquivalent('^\\p{L}+$', 'u')).toBeUndefined()
    expect(asciiEquivalent('^[\\p{L}]$', 'iu')).toBeUndefined()
  })

  it('answers as the pattern with the u flag does, for ASCII and non-ASCII strings', () => {
    const cases = [...fc.sample(text, {numRuns: 4000, seed: 18}), ...Array.from({length: 128}, (_, code) => String.fromCharCode(code)), 'a', 'a-b.c:d_e', '_x', '-x', 'nat:x', 'blackhole', '']
    for (const source of patterns) {
      const unicode = new RegExp(source, 'u')
      const check = compileShape({t: 'string', checks: [{c: 'regex', source, flags: 'u'}]})
      for (const value of cases) expect(check(value), `${source} on ${JSON.stringify(value)}`).toBe(unicode.test(value))
    }
  })
})
