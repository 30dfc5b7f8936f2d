/**
 * A stored object graph that is decoded piece by piece (issue #18: a warm `reach` on the xl file
 * must not decode the whole model). The graph — plain objects, arrays and Maps, with shared
 * references and cycles, as the resolver builds it — is cut into records:
 *
 * - the root, every object referenced from more than one place, every Map and its object values,
 *   and every array that holds an object;
 * - everything else (an object referenced once, an array of primitives) is stored inside the
 *   record that holds it.
 *
 * Each record is a JSON text in which a reference to another record is a marker. Decoding a record
 * replaces its markers: a reference to an object is decoded at once (objects are small, and their
 * collections are separate records), a property holding an array or a Map becomes a getter that
 * decodes it on first read and then turns into a plain property (`lazyCollections`), and a Map's
 * values are decoded key by key (`LazyMap`). Identity is kept: each record is decoded once. With
 * `lazyCollections` off, every reference is decoded when its holder is (whole-model commands
 * read everything anyway, and plain properties keep their objects' shapes fast).
 *
 * Values JSON cannot carry are markers too: undefined, BigInt (IPv6 addresses), NaN, ±Infinity
 * and -0. A graph with something else (a Set, a function, an object whose only key is the marker
 * key) is refused at encoding (`UnsupportedGraph`), so the caller stores nothing.
 */

/** The marker key: `{"\u0001": id}` refers to record `id`; a string value encodes a special value. */
const MARK = '\u0001'

const enum Kind {
  Object = 0,
  Array = 1,
  Map = 2,
}

export class UnsupportedGraph extends Error {}

export interface EncodedGraph {
  /** Record kinds (Kind), one per record; record 0 is the root. */
  kinds: Uint8Array
  /** Each record's JSON text. */
  texts: string[]
}

type Node = Record<string, unknown> | unknown[] | Map<unknown, unknown>

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null
}

function checkSupported(value: Node): void {
  if (Array.isArray(value) || value instanceof Map) return
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) throw new UnsupportedGraph(`cannot store a ${proto?.constructor?.name ?? 'foreign'} object`)
}

/** Cuts the graph under `root` into records (see above). */
export function encodeGraph(root: object): EncodedGraph {
  // 1. who refers to what: counts references to every object
  const references = new Map<Node, number>()
  const order: Node[] = []
  const stack: Node[] = [root as Node]
  references.set(root as Node, 1)
  while (stack.length > 0) {
    const node = stack.pop()!
    order.push(node)
    checkSupported(node)
    const visit = (value: unknown) => {
      if (typeof value === 'function' || typeof value === 'symbol') throw new UnsupportedGraph(`cannot store a ${typeof value}`)
      if (!isNode(value)) return
      const count = references.get(value)
      references.set(value, (count ?? 0) + 1)
      if (count === undefined) stack.push(value)
    }
    if (Array.isArray(node)) for (const item of node) visit(item)
    else if (node instanceof Map) for (const [key, value] of node) visit(key), visit(value)
    else for (const key of Object.keys(node)) visit(node[key])
  }
  // 2. which objects start a record
  const ids = new Map<Node, number>()
  const roots: Node[] = []
  const mark = (node: Node) => {
    if (!ids.has(node)) ids.set(node, roots.push(node) - 1)
  }
  mark(root as Node)
  for (const node of order) {
    if (node instanceof Map) {
      mark(node)
      for (const [key, value] of node) {
        if (isNode(key)) mark(key)
        if (isNode(value)) mark(value)
      }
    } else if (references.get(node)! > 1 || (Array.isArray(node) && node.some(isNode))) {
      mark(node)
    }
  }
  // 3. each record's text
  const kinds = new Uint8Array(roots.length)
  const texts: string[] = new Array(roots.length)
  const ref = (node: Node) => ({[MARK]: ids.get(node)!})
  const inline = (value: unknown): unknown => {
    if (value === undefined) return {[MARK]: 'u'}
    if (typeof value === 'bigint') return {[MARK]: `b${value}`}
    if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : {[MARK]: `n${Object.is(value, -0) ? '-0' : String(value)}`}
    if (!isNode(value)) return value
    if (ids.has(value)) return ref(value)
    return body(value)
  }
  const body = (node: Node): unknown => {
    if (Array.isArray(node)) return node.map(inline)
    const out: Record<string, unknown> = {}
    const keys = Object.keys(node)
    if (keys.length === 1 && keys[0] === MARK) throw new UnsupportedGraph('an object with the marker key')
    for (const key of keys) {
      const value = inline((node as Record<string, unknown>)[key])
      // `__proto__` as a key must stay an own property
      if (key === '__proto__') Object.defineProperty(out, key, {value, enumerable: true, writable: true, configurable: true})
      else out[key] = value
    }
    return out
  }
  for (let id = 0; id < roots.length; id++) {
    const node = roots[id]!
    if (node instanceof Map) {
      kinds[id] = Kind.Map
      const keys: unknown[] = []
      const values: unknown[] = []
      let allRecords = true
      for (const [key, value] of node) {
        keys.push(inline(key))
        values.push(value)
        if (!isNode(value)) allRecords = false
      }
      // [keys, record ids] when every value is an object (the usual case: a plain list of numbers)
      texts[id] = JSON.stringify(allRecords ? [keys, values.map((value) => ids.get(value as Node)!)] : [keys, values.map(inline), 0])
    } else {
      kinds[id] = Array.isArray(node) ? Kind.Array : Kind.Object
      texts[id] = JSON.stringify(body(node))
    }
  }
  return {kinds, texts}
}

/** Where decoded records come from: the record's JSON text, by id. */
export interface RecordSource {
  readonly count: number
  kind(id: number): number
  text(id: number): string
  /** Every record's parsed JSON at once, in id order (a whole read: one JSON.parse of them all). */
  all?(): unknown[]
}

/** Decodes records on demand; see the module comment. */
export class GraphDecoder {
  private readonly table: unknown[]
  private readonly pending: unknown[] = []

  constructor(private readonly source: RecordSource, private readonly lazyCollections: boolean) {
    this.table = new Array(source.count)
  }

  /** The root of the graph. */
  root(): unknown {
    if (!this.lazyCollections && this.source.all) this.decodeAll(this.source.all())
    return this.get(0)
  }

  /** Every record from one parse: first each record's value (Maps empty), then every reference. */
  private decodeAll(parsed: unknown[]): void {
    if (parsed.length !== this.source.count) throw new RangeError('records missing')
    for (let id = 0; id < parsed.length; id++) this.table[id] = this.source.kind(id) === Kind.Map ? new Map() : parsed[id]
    for (let id = 0; id < parsed.length; id++) {
      if (this.source.kind(id) !== Kind.Map) this.pending.push(parsed[id])
      else this.fillMap(this.table[id] as Map<unknown, unknown>, parsed[id])
    }
    while (this.pending.length > 0) this.patch(this.pending.pop())
  }

  /** Record `id`, with every reference it holds replaced (collections possibly by getters). */
  get(id: number): unknown {
    const value = this.ensure(id)
    // iterative: a chain of references never deepens the stack
    while (this.pending.length > 0) this.patch(this.pending.pop())
    return value
  }

  /** Decodes a record's own text (once) and queues it for patching. */
  private ensure(id: number): unknown {
    const known = this.table[id]
    if (known !== undefined) return known
    if (!(id >= 0 && id < this.source.count)) throw new RangeError(`no record ${id}`)
    const parsed = JSON.parse(this.source.text(id)) as unknown
    if (this.source.kind(id) === Kind.Map) {
      const [keys, stored, inline] = parsed as [unknown[], unknown[], 0 | undefined]
      // record ids, or values as stored (inline)
      const lazy = this.lazyCollections && keys.every((key) => !isRef(key))
      const map = lazy ? new LazyMap(keys.map((key) => this.primitive(key)), stored, inline === undefined ? (value) => this.get(value as number) : (value) => this.resolveValue(value)) : new Map()
      this.table[id] = map
      if (!lazy) this.fillMap(map, parsed)
      return map
    }
    this.table[id] = parsed
    this.pending.push(parsed)
    return parsed
  }

  /** Fills a Map from its stored form: `[keys, record ids]`, or `[keys, values, 0]` (inline values). */
  private fillMap(map: Map<unknown, unknown>, parsed: unknown): void {
    const [keys, stored, inline] = parsed as [unknown[], unknown[], 0 | undefined]
    for (let i = 0; i < keys.length; i++) map.set(this.inlineValue(keys[i]), inline === undefined ? this.ensure(stored[i] as number) : this.inlineValue(stored[i]))
  }

  /** A Map key or value as stored: a reference (decoded, possibly queued) or an inline value. */
  private inlineValue(value: unknown): unknown {
    if (!isNode(value)) return value
    const marker = (value as Record<string, unknown>)[MARK]
    if (marker !== undefined) return typeof marker === 'number' ? this.ensure(marker) : special(marker as string)
    this.pending.push(value)
    return value
  }

  private primitive(key: unknown): unknown {
    return isNode(key) ? special((key as Record<string, string>)[MARK]!) : key
  }

  private resolveValue(value: unknown): unknown {
    const decoded = this.inlineValue(value)
    while (this.pending.length > 0) this.patch(this.pending.pop())
    return decoded
  }

  /** Replaces the markers inside one decoded (inline) value. */
  private patch(value: unknown): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i]
        if (!isNode(item)) continue
        const marker = (item as Record<string, unknown>)[MARK]
        if (marker === undefined) this.patch(item)
        else value[i] = typeof marker === 'number' ? this.ensure(marker) : special(marker as string)
      }
      return
    }
    const object = value as Record<string, unknown>
    for (const key in object) {
      const item = object[key]
      if (!isNode(item)) continue
      const marker = (item as Record<string, unknown>)[MARK]
      if (marker === undefined) this.patch(item)
      else if (typeof marker !== 'number') object[key] = special(marker as string)
      else if (this.lazyCollections && this.table[marker] === undefined && this.source.kind(marker) !== Kind.Object) this.defer(object, key, marker)
      else object[key] = this.ensure(marker)
    }
  }

  /** A property holding a collection: decoded when first read, then a plain property. */
  private defer(object: Record<string, unknown>, key: string, id: number): void {
    const settle = (value: unknown) => Object.defineProperty(object, key, {value, writable: true, enumerable: true, configurable: true})
    Object.defineProperty(object, key, {
      get: () => {
        const value = this.get(id)
        settle(value)
        return value
      },
      set: settle,
      enumerable: true,
      configurable: true,
    })
  }
}

function isRef(value: unknown): boolean {
  return isNode(value) && typeof (value as Record<string, unknown>)[MARK] === 'number'
}

function special(code: string): unknown {
  switch (code[0]) {
    case 'u':
      return undefined
    case 'b':
      return BigInt(code.slice(1))
    case 'n':
      return code === 'n-0' ? -0 : Number(code.slice(1))
  }
  throw new RangeError(`bad marker ${code}`)
}

/**
 * A Map whose values are decoded when their key is first read (`get`, `has`; `size` without
 * decoding). Anything else — iteration, forEach, changes — decodes every entry first, in the
 * stored order, and then behaves as the Map it is.
 */
export class LazyMap<K, V> extends Map<K, V> {
  /** Key → position, built after a few lookups (a question often asks one map only a few times). */
  private slots: Map<K, number> | undefined
  private lookups = 0
  private decoded: Array<V | undefined> = []
  private done: boolean[] = []
  private materialized = false

  constructor(private keyList: K[] | undefined, private stored: unknown[] | undefined, private readonly decode: (value: unknown) => unknown) {
    super()
  }

  private slot(key: K): number | undefined {
    const keys = this.keyList!
    if (this.slots === undefined && ++this.lookups > 8) {
      this.slots = new Map()
      for (let i = 0; i < keys.length; i++) if (!this.slots.has(keys[i]!)) this.slots.set(keys[i]!, i)
    }
    if (this.slots) return this.slots.get(key)
    // Map keys compare by SameValueZero: indexOf does, except for NaN
    const index = key === key ? keys.indexOf(key) : keys.findIndex((k) => k !== k)
    return index < 0 ? undefined : index
  }

  private value(slot: number): V {
    if (!this.done[slot]) {
      this.decoded[slot] = this.decode(this.stored![slot]) as V
      this.done[slot] = true
    }
    return this.decoded[slot] as V
  }

  override get(key: K): V | undefined {
    if (this.materialized) return super.get(key)
    const slot = this.slot(key)
    return slot === undefined ? undefined : this.value(slot)
  }

  override has(key: K): boolean {
    return this.materialized ? super.has(key) : this.slot(key) !== undefined
  }

  override get size(): number {
    return this.materialized ? super.size : this.keyList!.length
  }

  private materialize(): void {
    if (this.materialized) return
    this.materialized = true
    const keys = this.keyList!
    for (let i = 0; i < keys.length; i++) super.set(keys[i]!, this.value(i))
    this.slots = undefined
    this.keyList = undefined
    this.stored = undefined
    this.decoded = []
    this.done = []
  }

  override set(key: K, value: V): this {
    this.materialize()
    return super.set(key, value)
  }

  override delete(key: K): boolean {
    this.materialize()
    return super.delete(key)
  }

  override clear(): void {
    this.materialize()
    super.clear()
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.materialize()
    super.forEach(callback, thisArg)
  }

  override keys(): MapIterator<K> {
    this.materialize()
    return super.keys()
  }

  override values(): MapIterator<V> {
    this.materialize()
    return super.values()
  }

  override entries(): MapIterator<[K, V]> {
    this.materialize()
    return super.entries()
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries()
  }
}
