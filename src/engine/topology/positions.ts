/**
 * Source positions for every node of a parsed YAML/JSON document, built from js-yaml's
 * `listener` events (about 10× cheaper than a full document API on multi-megabyte files).
 *
 * js-yaml reports `open` (node starts, possibly before leading blanks) and `close` (node done,
 * `state.result` is its value) for every node, nested. A stack turns those into a tree whose
 * shape mirrors the data: a mapping's children alternate key, value; a sequence's children are
 * its items. Paths (`vpcs[0].vswitches[2].cidr`) are resolved against that tree lazily.
 */

export type PathSegment = string | number

export interface Position {
  /** 1-based. */
  line: number
  /** 1-based, in characters. */
  column: number
}

/** A parsed node: start offset, its value, and its children (see above). */
export interface PosNode {
  start: number
  result: unknown
  children?: PosNode[]
  /** key text → index of the key in `children` (built on first lookup). */
  keyIndex?: Map<string, number>
}

/**
 * Collects the listener events. One instance per parse.
 *
 * perf (docs/performance.md): lint collects positions during its only parse, for every node of
 * the file (≈ 335,000 on the SPEC §6 xl topology). One object and one array per node made most
 * of that cost and much of the GC, so nodes are kept in flat, pre-order arrays (start offset,
 * value, end of subtree) and PosNode objects are made only along the paths that are located.
 */
export class PositionCollector {
  private readonly starts: number[] = []
  private readonly results: unknown[] = []
  /** Index just past the node's last descendant: children of n are n+1, ends[n+1], … up to ends[n]. */
  private readonly ends: number[] = []
  private readonly open: number[] = []
  /** Nodes seen (aliases count once): the loader's alias-expansion budget is relative to it. */
  nodeCount = 0

  readonly listener = (event: 'open' | 'close', state: {position: number; result: unknown}): void => {
    if (event === 'open') {
      this.open.push(this.starts.length)
      this.starts.push(state.position)
      this.results.push(undefined)
      this.ends.push(0)
      return
    }
    const id = this.open.pop()!
    this.results[id] = state.result
    this.ends[id] = this.starts.length
    this.nodeCount++
  }

  /** The document roots, in order. */
  roots(): PosNode[] {
    const roots: PosNode[] = []
    // only closed nodes count (a node still open when the parse stopped has end 0)
    for (let id = 0; id < this.starts.length && this.ends[id]! > id; id = this.ends[id]!) roots.push(this.node(id))
    return roots
  }

  private node(id: number): PosNode {
    const collector = this
    let children: PosNode[] | undefined
    let made = false
    return {
      start: this.starts[id]!,
      result: this.results[id],
      get children() {
        if (!made) {
          made = true
          children = collector.childrenOf(collector.collapse(id))
        }
        return children
      },
      set children(value) {
        made = true
        children = value
      },
    }
  }

  /**
   * composeNode sometimes nests itself for one node (explicit keys, block items): such a node
   * stands for its only child (whose children are the real ones), at the outer node's start.
   */
  private collapse(id: number): number {
    while (id + 1 < this.ends[id]! && this.ends[id + 1] === this.ends[id] && this.results[id + 1] === this.results[id]) id++
    return id
  }

  private childrenOf(id: number): PosNode[] | undefined {
    const end = this.ends[id]!
    if (id + 1 >= end) return undefined
    const children: PosNode[] = []
    for (let child = id + 1; child < end; child = this.ends[child]!) children.push(this.node(child))
    return children
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/

/** `vpcs[0].vswitches[2].cidr`; keys that are not plain words are quoted: `labels["app.kubernetes.io/name"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  return appendPath('', segments)
}

// perf: the resolver formats a path per object (≈ 50,000 on the xl topology) from a small set
// of field names; remembering the regex answer per name saves ≈ 10 ms. Bounded for hostile keys.
const identifierCache = new Map<string, boolean>()
function isIdentifier(segment: string): boolean {
  let known = identifierCache.get(segment)
  if (known === undefined) {
    known = IDENTIFIER.test(segment)
    if (identifierCache.size < 1000) identifierCache.set(segment, known)
  }
  return known
}

/** `base` (a formatted path) extended by `segments`, without re-parsing `base`. */
export function appendPath(base: string, segments: readonly PathSegment[]): string {
  // perf (issue #18): one call per model object; the segments are joined first, so the result is
  // one concatenation of `base`, not one per segment
  let tail = ''
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    if (typeof segment === 'number') tail += `[${segment}]`
    else if (isIdentifier(segment)) tail += base === '' && tail === '' ? segment : `.${segment}`
    else tail += `[${JSON.stringify(segment)}]`
  }
  return base + tail
}

/** Inverse of formatPath. Malformed text yields the segments understood so far. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = []
  let i = 0
  while (i < path.length) {
    const ch = path[i]
    if (ch === '.') {
      i++
      continue
    }
    if (ch === '[') {
      if (path[i + 1] === '"') {
        // JSON string up to the matching unescaped quote
        let j = i + 2
        while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1
        try {
          segments.push(JSON.parse(path.slice(i + 1, j + 1)) as string)
        } catch {
          return segments
        }
        i = j + 2
      } else {
        const close = path.indexOf(']', i)
        if (close < 0) return segments
        segments.push(Number(path.slice(i + 1, close)))
        i = close + 1
      }
      continue
    }
    let j = i
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++
    segments.push(path.slice(i, j))
    i = j
  }
  return segments
}

/**
 * Line/column lookup for one parsed file. For a multi-document file (manifests) the root is
 * the list of documents, so paths start with the document index: `[2].spec.ports[0]`.
 */
export class Positions {
  private lineStarts?: number[]

  private root: PosNode | undefined
  private build: (() => PosNode | undefined) | undefined

  constructor(
    readonly file: string,
    /** The text given to the parser, or a function that decodes it on first use. */
    private text: string | (() => string),
    /** The tree, or a function that builds it on first use (a second, collecting parse). */
    root: PosNode | undefined | (() => PosNode | undefined),
    /** Added to every offset (a stripped BOM). */
    private readonly offsetShift = 0,
  ) {
    if (typeof root === 'function') this.build = root
    else this.root = root
  }

  private tree(): PosNode | undefined {
    if (this.build) {
      const build = this.build
      this.build = undefined
      try {
        this.root = build()
      } catch {
        // the text parsed once already; a failure here only costs precision (line 1)
        this.root = undefined
      }
    }
    return this.root
  }

  private source(): string {
    if (typeof this.text === 'function') this.text = this.text()
    return this.text
  }

  /** Line/column of an offset in the text given to the parser. */
  positionOf(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.source()))
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return {line: low + 1, column: offset - starts[low]! + 1 + (low === 0 ? this.offsetShift : 0)}
  }

  /**
   * Where the key (or the value) at `path` is. When the path goes deeper than the document
   * (a missing field, a value reached through an alias), the deepest existing node is used.
   */
  locate(path: string | readonly PathSegment[], what: 'key' | 'value' = 'key'): Position {
    const segments = typeof path === 'string' ? parsePath(path) : path
    let node = this.tree()
    if (!node) return {line: 1, column: 1}
    let keyNode: PosNode | undefined
    for (const segment of segments) {
      const next = childAt(node, segment)
      if (!next) {
        // stop at the deepest node found: point at its key if we have one
        return this.at(keyNode ?? node)
      }
      keyNode = next.key
      node = next.value
    }
    return this.at(what === 'key' && keyNode ? keyNode : node)
  }

  private at(node: PosNode): Position {
    return this.positionOf(skipBlanks(this.source(), node.start))
  }
}

function childAt(node: PosNode, segment: PathSegment): {key?: PosNode; value: PosNode} | undefined {
  const children = node.children
  if (!children) return undefined
  if (Array.isArray(node.result)) {
    if (typeof segment !== 'number') return undefined
    const value = children[segment]
    return value ? {value} : undefined
  }
  if (node.result === null || typeof node.result !== 'object') return undefined
  // js-yaml may compose one empty (null) node after a mapping's last pair, before `---`
  const pairs = children.length % 2 === 0 ? children.length : children[children.length - 1]!.result === null ? children.length - 1 : -1
  if (pairs < 0) return undefined
  if (!node.keyIndex) {
    node.keyIndex = new Map()
    for (let i = 0; i < pairs; i += 2) {
      const key = String(children[i]!.result)
      // first occurrence wins (duplicates are a yaml-syntax error anyway)
      if (!node.keyIndex.has(key)) node.keyIndex.set(key, i)
    }
  }
  const index = node.keyIndex.get(String(segment))
  if (index === undefined) return undefined
  return {key: children[index], value: children[index + 1]!}
}

/** Skips spaces, line breaks and comments that js-yaml includes before a node's start. */
function skipBlanks(text: string, offset: number): number {
  let i = offset
  while (i < text.length) {
    const code = text.charCodeAt(i)
    if (code === 32 || code === 9 || code === 10 || code === 13) i++
    else if (code === 35 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++
    } else break
  }
  return i < text.length ? i : offset
}

function computeLineStarts(text: string): number[] {
  const starts = [0]
  // perf: without a carriage return, indexOf (native) finds the breaks ~4× faster than a
  // char loop (3 MB xl file: 38 → 9 ms, paid by the first finding; docs/performance.md)
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
    return starts
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 10) starts.push(i + 1)
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1)
  }
  return starts
}
