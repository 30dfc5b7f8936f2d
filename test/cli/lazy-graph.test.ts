import {describe, expect, it} from 'vitest'
import {encodeGraph, GraphDecoder, LazyMap, type RecordSource, UnsupportedGraph} from '../../src/cli/lazy-graph.js'

/**
 * The record codec of the compiled-model cache (issue #18): a graph decoded from its records —
 * whole, or piece by piece as it is read — is the graph that was stored: the same values, and the
 * same sharing (an object referenced twice is one object, cycles included).
 */

/** Records held in memory, counting which were decoded; `all`: offers every record at once, as a whole read does. */
function source(graph: object, all = false): RecordSource & {read: Set<number>} {
  const {kinds, texts} = encodeGraph(graph)
  const read = new Set<number>()
  return {
    count: kinds.length,
    kind: (id) => kinds[id]!,
    text: (id) => {
      read.add(id)
      return texts[id]!
    },
    ...(all ? {all: () => JSON.parse(`[${texts.join(',')}]`) as unknown[]} : {}),
    read,
  }
}

/**
 * Walks two graphs side by side and fails unless they are isomorphic: the same kinds, keys (in
 * order), primitive values (Object.is) and Map entries, and a one-to-one map between their objects.
 */
function expectIsomorphic(original: unknown, decoded: unknown): void {
  const pairs = new Map<object, object>()
  const back = new Map<object, object>()
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a !== 'object' || a === null) {
      expect(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`).toBe(true)
      return
    }
    expect(typeof b === 'object' && b !== null, path).toBe(true)
    const known = pairs.get(a)
    if (known !== undefined) {
      expect(known === b, `${path}: shared object decoded twice`).toBe(true)
      return
    }
    expect(back.has(b as object), `${path}: two objects decoded as one`).toBe(false)
    pairs.set(a, b as object)
    back.set(b as object, a)
    if (a instanceof Map) {
      expect(b instanceof Map, path).toBe(true)
      const entries = [...(b as Map<unknown, unknown>)]
      expect(entries.length, path).toBe(a.size)
      let i = 0
      for (const [key, value] of a) {
        walk(key, entries[i]![0], `${path}.key${i}`)
        walk(value, entries[i]![1], `${path}.get(${String(key)})`)
        i++
      }
      return
    }
    expect(Array.isArray(b), path).toBe(Array.isArray(a))
    const keys = Object.keys(a)
    expect(Object.keys(b as object), path).toEqual(keys)
    for (const key of keys) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`)
  }
  walk(original, decoded, 'root')
}

/** A small model-like graph with everything the codec must keep. */
function sample() {
  const vpc: Record<string, unknown> = {kind: 'vpc', name: 'main', cidr: {network: 167772160, prefix: 8}, ipv6: 0x2408_4000n << 96n}
  const groups = [{kind: 'securityGroup', name: 'web', vpc, rules: [] as unknown[]}]
  const rules = [{index: 0, peer: {type: 'sg', group: groups[0]}, ports: undefined, priority: -0}]
  groups[0]!.rules = rules
  const pods = Array.from({length: 5}, (_, i) => ({kind: 'pod', name: `web-${i}`, ip: i === 3 ? undefined : 100 + i, securityGroups: groups, vpc}))
  vpc.pods = pods
  vpc.self = vpc
  const owners = new Map<number, unknown>(pods.flatMap((pod) => (pod.ip === undefined ? [] : [[pod.ip, {kind: 'pod', pod}]])))
  return {
    model: {vpcs: [vpc], pods, owners, byName: new Map(pods.map((pod) => [pod.name, pod])), byPod: new Map(pods.map((pod) => [pod, pod.name]))},
    numbers: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1.5, -3],
    strings: ['', 'naïve', '\ud800 lone', '\u0001', 'a"b\\c\n'],
    nested: [[1, [2, [3]]], [], {}],
    odd: JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as object,
    // `__proto__` holding a shared object (a reference) and a special value
    odder: Object.defineProperty(Object.defineProperty({}, '__proto__', {value: vpc, enumerable: true}), 'n', {value: Number.NaN, enumerable: true}),
    oddest: Object.defineProperty({}, '__proto__', {value: undefined, enumerable: true}),
    nothing: null,
    flags: {yes: true, no: false, missing: undefined},
    mixedMap: new Map<unknown, unknown>([['a', 1], ['b', undefined], ['c', vpc], [5n, 'bigint key']]),
  }
}

describe('encodeGraph and GraphDecoder', () => {
  for (const [lazy, all] of [[false, false], [false, true], [true, false]] as const) {
    it(`decodes the stored graph (${lazy ? 'piece by piece' : all ? 'whole, in one parse' : 'whole'}): values, key order and sharing`, () => {
      const graph = sample()
      const records = source(graph, all)
      const decoded = new GraphDecoder(records, lazy).root()
      if (all) expect(records.read.size, 'one parse, no record read alone').toBe(0)
      expectIsomorphic(graph, decoded)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      for (const key of ['odd', 'odder', 'oddest'] as const) expect(Object.getPrototypeOf((decoded as Record<string, object>)[key])).toBe(Object.prototype)
    })
  }

  it('decodes, piece by piece, only what is read', () => {
    const graph = sample()
    const records = source(graph)
    const decoded = new GraphDecoder(records, true).root() as ReturnType<typeof sample>
    const afterRoot = records.read.size
    const byName = decoded.model.byName
    expect(byName).toBeInstanceOf(LazyMap)
    expect(byName.size).toBe(5)
    expect(records.read.size - afterRoot, 'a Map is one record until a value is read').toBe(1)
    const pod = byName.get('web-2')!
    expect(pod.name).toBe('web-2')
    expect(byName.has('web-9')).toBe(false)
    expect(byName.get('web-9')).toBeUndefined()
    // the pod's group list is a separate record, read when asked for, then a plain property
    expect(Object.getOwnPropertyDescriptor(pod, 'securityGroups')!.get).toBeDefined()
    const before = records.read.size
    expect(pod.securityGroups[0]!.name).toBe('web')
    expect(records.read.size).toBeGreaterThan(before)
    expect(Object.getOwnPropertyDescriptor(pod, 'securityGroups')!.value).toBe(pod.securityGroups)
    expect(records.read.size, 'most of the graph is never decoded').toBeLessThan(encodeGraph(graph).kinds.length)
    // a shared object is one object however it is reached
    expect(decoded.model.pods[2]).toBe(pod)
    expect(decoded.model.owners.get(102)).toEqual({kind: 'pod', pod})
    expect((decoded.model.owners.get(102) as {pod: unknown}).pod).toBe(pod)
  })

  it('a lazily decoded Map behaves as the Map it stands for, in its order', () => {
    const graph = sample()
    const decoded = new GraphDecoder(source(graph), true).root() as ReturnType<typeof sample>
    const owners = decoded.model.owners
    expect(owners.get(101)).toBeDefined()
    expect([...owners.keys()]).toEqual([...graph.model.owners.keys()])
    expect(owners.size).toBe(4)
    owners.set(7, 'new')
    expect(owners.delete(100)).toBe(true)
    expect([...owners.keys()]).toEqual([101, 102, 104, 7])
    const names = decoded.model.byName
    const seen: string[] = []
    names.forEach((_pod, name) => seen.push(name))
    expect(seen).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4'])
    expect(new Map(decoded.mixedMap).get(5n)).toBe('bigint key')
    // many lookups switch to a key index: same answers
    for (let round = 0; round < 3; round++) for (const pod of graph.model.pods) expect(decoded.model.byName.get(pod.name)!.name).toBe(pod.name)
  })

  it('refuses what it cannot store', () => {
    expect(() => encodeGraph({set: new Set([1])})).toThrow(UnsupportedGraph)
    expect(() => encodeGraph({when: new Date(0)})).toThrow(UnsupportedGraph)
    expect(() => encodeGraph({f: () => 1})).toThrow(UnsupportedGraph)
    expect(() => encodeGraph({marker: {'\u0001': 3}})).toThrow(UnsupportedGraph)
  })
})
