/**
 * A fast reader for the plain subset of YAML that topology files are written in (issue #18:
 * js-yaml was ≈ 60% of a cold `reach` on the xl file). It answers "the value js-yaml would
 * return" or `undefined` ("not sure"), and the caller then parses with js-yaml exactly as
 * before, so every error, position and oddity stays js-yaml's.
 *
 * The subset: block mappings and sequences indented with spaces; keys that are plain or
 * quoted single-line strings; values that are single-line plain scalars, single-line quoted
 * strings without escapes, or flow mappings/sequences on one line; comments. Everything else —
 * tabs, CR, anchors, aliases, tags, merge keys, block scalars, multi-line scalars or flow
 * collections, `---`/`...` markers, directives, escapes, duplicate keys, non-string keys,
 * forbidden keys, unusual indentation, non-printable characters, very deep or very large
 * documents — is "not sure". Plain scalars are resolved by js-yaml's own implicit types (the
 * schema yaml.ts loads with), so `8080`, `true`, `null`, `0x1F` and `1e3` mean what they mean there.
 *
 * test/engine/topology/fast-yaml.test.ts holds it to js-yaml: every fixture, corpus file and
 * the xl topology, and thousands of random edits — whenever this reader answers, js-yaml must
 * succeed with a deep-equal value.
 */

import {type OneByteText, STAND_IN} from './one-byte-text.js'

interface ImplicitType {
  resolve(data: string): boolean
  construct(data: string): unknown
}

/** Thrown (one instance) to abandon the fast read. */
const NOT_SURE = new Error('not in the fast subset')

/** js-yaml refuses these (its PATTERN_NON_PRINTABLE); a stray one makes the text "not sure". */
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/
/**
 * Tabs, CR, escapes, document markers and directives anywhere. (Anchors, aliases and tags start
 * with an indicator, which no node here may start with; `<<` is refused where it is read.)
 */
const OUTSIDE_SUBSET = /[\t\r\\]|^(?:---|\.\.\.|%)/m
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
/** Collection nesting accepted (js-yaml's maxDepth in yaml.ts is 128; topologies stay under 15). */
const MAX_DEPTH = 60

const SPACE = 0x20
const NEWLINE = 0x0a
const HASH = 0x23
const COLON = 0x3a
const COMMA = 0x2c
const DASH = 0x2d
const DQUOTE = 0x22
const SQUOTE = 0x27
const LBRACE = 0x7b
const RBRACE = 0x7d
const LBRACKET = 0x5b
const RBRACKET = 0x5d

/** Characters that may not start a plain scalar (YAML c-indicator), `-` handled apart. */
function isIndicator(code: number): boolean {
  switch (code) {
    case 0x3f: // ?
    case COLON:
    case COMMA:
    case LBRACKET:
    case RBRACKET:
    case LBRACE:
    case RBRACE:
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case SQUOTE:
    case DQUOTE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
      return true
    default:
      return false
  }
}

// perf: the scanning is done by sticky regular expressions (native code even on a cold start,
// which is what a CLI run is); the code around them handles structure only. Runs of ordinary
// characters are matched as one `+` loop, so a 4 MB scalar costs no backtracking state per character.
/** The rest of a plain scalar in block context: stops at a line break, ` #`, `: `/`:` at the line end, or trailing spaces. */
const PLAIN_BLOCK = /(?:[^\n :#]+|#|:(?=[^ \n])| +(?=[^ #\n]))*/y
/** The same in a flow collection, which `,[]{}` also end. */
const PLAIN_FLOW = /(?:[^\n :#,[\]{}]+|#|:(?=[^ \n,[\]{}])| +(?=[^ #\n,[\]{}]))*/y
/** Blank and comment lines, then the next line's indent (test() and lastIndex: no match array per line). */
const BLANK_LINES = /(?: *(?:#[^\n]*)?\n)* */y
/** The end of a line after a value: spaces, a comment, the line break. */
const LINE_END = /( *)(#[^\n]*)?(?:\n|$)/y

/** Plain keys by bucketOf their first two characters, a few each. */
type KnownKeys = Array<string[] | undefined>
const KNOWN_PER_BUCKET = 8

/**
 * The bucket of known keys or values for a scalar whose first two characters (the second may be
 * the one that ends it) have these codes (all of the first, five bits of the second); -1 when
 * either is not ASCII. perf: two characters keep buckets short, so a scalar met for the first
 * time is compared with few candidates.
 */
function bucketOf(first: number, second: number): number {
  return first < 128 && second < 128 ? (first << 5) | (second & 31) : -1
}

/** An empty table of buckets (preallocated: an array grown by far-apart indexes turns into a slow dictionary). */
function buckets<T>(): Array<T | undefined> {
  return new Array<T | undefined>(BUCKETS)
}
const BUCKETS = 128 << 5

/**
 * Remembers a plain key that read as itself where `: ` (or, in a block, `:` and a line break)
 * followed it. The patterns look one character past a position at most, so the key's characters
 * followed by `:` and a space or line break read as this key wherever they appear.
 */
function learnKey(keys: KnownKeys, key: string): void {
  const bucket = bucketOf(key.charCodeAt(0), key.length > 1 ? key.charCodeAt(1) : COLON)
  if (bucket < 0) return
  const list = (keys[bucket] ??= [])
  if (list.length < KNOWN_PER_BUCKET && !list.includes(key)) list.push(key)
}

/** Plain values (their text and what it resolved to) by bucketOf their first two characters, a few each. */
type KnownValues = Array<Array<{text: string; value: unknown}> | undefined>

/**
 * Whether a plain scalar's scan stops before this character in every case: a line break in a
 * block; `,`, `}` or `]` in a flow collection. No scalar read ends in `:` or a space, and the
 * patterns look one character past a position at most, so a value's characters followed by one
 * of these read as that value anywhere. (Values are learnt only where one followed them: keys
 * and values ended otherwise would rarely be met in such a place again.)
 */
function endsValue(next: number, inFlow: boolean): boolean {
  return inFlow ? next === COMMA || next === RBRACE || next === RBRACKET : next === NEWLINE
}

/** Remembers a plain value that `next` ended (see endsValue). */
function learnValue(values: KnownValues, text: string, next: number, value: unknown): void {
  const bucket = bucketOf(text.charCodeAt(0), text.length > 1 ? text.charCodeAt(1) : next)
  if (bucket < 0) return
  const list = (values[bucket] ??= [])
  if (list.length < KNOWN_PER_BUCKET && !list.some((known) => known.text === text)) list.push({text, value})
}

/** The core schema's null and boolean words (js-yaml's resolveYamlNull and resolveYamlBoolean). */
const WORDS = new Map<string, {value: null | boolean}>([
  ...['null', 'Null', 'NULL'].map((word): [string, {value: null}] => [word, {value: null}]),
  ...['true', 'True', 'TRUE'].map((word): [string, {value: boolean}] => [word, {value: true}]),
  ...['false', 'False', 'FALSE'].map((word): [string, {value: boolean}] => [word, {value: false}]),
])

const isFlowIndicator = (code: number): boolean => code === COMMA || code === LBRACKET || code === RBRACKET || code === LBRACE || code === RBRACE

/**
 * The document `text` holds (BOM already removed), or undefined when it is outside the subset
 * or has more than `maxNodes` nodes. `implicit` is the schema's list of implicit types
 * (js-yaml's `schema.compiledImplicit`).
 */
export function readFastYaml(text: string, implicit: readonly ImplicitType[], maxNodes: number): unknown {
  return readSubset(text, implicit, maxNodes, false)
}

/** What readFastYamlOneByte answers when a key or value holds a stand-in: read the decoded text. */
export const READ_DECODED_TEXT = Symbol('read the decoded text')

/**
 * The same for a one-byte text made by oneByteTextOf, or READ_DECODED_TEXT. Up to the first
 * stand-in in a key or value the reader walks a text with stand-ins exactly as the decoded
 * text (a stand-in is an ordinary character to every pattern), so its "not sure" is the decoded
 * text's too.
 */
export function readFastYamlOneByte(oneByte: OneByteText, implicit: readonly ImplicitType[], maxNodes: number): unknown {
  return readSubset(oneByte.text, implicit, maxNodes, !oneByte.exact)
}

function readSubset(text: string, implicit: readonly ImplicitType[], maxNodes: number, standIns: boolean): unknown {
  if (OUTSIDE_SUBSET.test(text) || (standIns ? NON_PRINTABLE_ONE_BYTE : NON_PRINTABLE).test(text)) return undefined
  try {
    return new Reader(text, implicit, maxNodes, standIns).document()
  } catch (error) {
    if (error === STAND_IN_READ) return READ_DECODED_TEXT
    if (error === NOT_SURE) return undefined
    if (error instanceof RangeError) return undefined // stack: js-yaml reports it
    throw error
  }
}

/** NON_PRINTABLE for a one-byte text with stand-ins (a real \x01, U+FFFE and U+FFFF are refused while it is made). */
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE_ONE_BYTE = /[\x00\x02-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F]/
/** Thrown when a key or value of a text with stand-ins holds one. */
const STAND_IN_READ = new Error('a stand-in character in a key or value')

class Reader {
  private pos = 0
  private nodes = 0
  private depth = 0
  private readonly length: number

  /** `standIns`: the text is oneByteTextOf's, so keys and values holding a stand-in are refused. */
  constructor(private readonly text: string, private readonly implicit: readonly ImplicitType[], private readonly maxNodes: number, private readonly standIns: boolean) {
    this.length = text.length
  }

  document(): unknown {
    const indent = this.nextContentLine()
    if (indent !== 0) throw NOT_SURE // empty, or an indented root
    const value = this.block(0)
    if (this.nextContentLine() !== -1) throw NOT_SURE
    return value
  }

  /**
   * Items of the sequences being read, innermost last. perf: a sequence is copied out of it at
   * its end (slice makes an array of exactly its length); an array grown by push keeps room for
   * 16 more items, ≈ 1.2 MB over the xl file's 13,000 short lists.
   */
  private readonly stack: unknown[] = []
  /** Plain keys learnt in block mappings and in flow mappings (the patterns differ), by bucketOf. */
  private readonly blockKeys: KnownKeys = buckets()
  private readonly flowKeys: KnownKeys = buckets()
  /** Plain values learnt in blocks and in flow collections, by bucketOf. */
  private readonly blockValues: KnownValues = buckets()
  private readonly flowValues: KnownValues = buckets()

  private popItems(base: number): unknown[] {
    const items = this.stack.slice(base)
    this.stack.length = base
    return items
  }

  private count(): void {
    if (++this.nodes > this.maxNodes) throw NOT_SURE
  }

  /**
   * Moves to the first character of the next line holding content (skipping blank and comment
   * lines, starting from the current position, which is at a line start) and returns its
   * indent; -1 at the end.
   */
  private nextContentLine(): number {
    BLANK_LINES.lastIndex = this.pos
    BLANK_LINES.test(this.text)
    const pos = BLANK_LINES.lastIndex
    const code = this.text.charCodeAt(pos)
    if (Number.isNaN(code) || code === HASH) {
      // the end (a last comment line without a line break is the end, too)
      this.pos = this.length
      return -1
    }
    this.pos = pos
    return pos - this.lineStart(pos)
  }

  /** After a value on a line: only spaces and a comment may follow; moves to the next line. */
  private endOfLine(): void {
    if (this.text.charCodeAt(this.pos) === NEWLINE) {
      // perf: the common case, a line break right after the value
      this.pos++
      return
    }
    LINE_END.lastIndex = this.pos
    const match = LINE_END.exec(this.text)
    if (!match) throw NOT_SURE
    if (match[2] !== undefined && match[1]!.length === 0) throw NOT_SURE // `#` right after a value is part of it, not a comment
    this.pos = LINE_END.lastIndex
  }

  /** A block node whose first line starts at the current position, `indent` columns in. */
  private block(indent: number): unknown {
    if (++this.depth > MAX_DEPTH) throw NOT_SURE
    const code = this.text.charCodeAt(this.pos)
    const next = this.text.charCodeAt(this.pos + 1)
    const value = code === DASH && (next === SPACE || next === NEWLINE || Number.isNaN(next)) ? this.sequence(indent) : this.mapping(indent)
    this.depth--
    return value
  }

  /** `- item` lines at `indent`; returns at the first line that is not one (less indented or a key). */
  private sequence(indent: number): unknown[] {
    const {text} = this
    const base = this.stack.length
    this.count()
    for (;;) {
      // at a `-` in column `indent`; js-yaml counts up to one node more per item than is built
      this.count()
      this.pos++
      let pos = this.pos
      while (pos < this.length && text.charCodeAt(pos) === SPACE) pos++
      const code = pos < this.length ? text.charCodeAt(pos) : NEWLINE
      let next: number
      if (code === NEWLINE || code === HASH) {
        if (code === HASH && pos === this.pos) throw NOT_SURE
        this.endOfLine()
        next = this.nextContentLine()
        if (next > indent) {
          this.stack.push(this.block(next))
          next = this.currentIndent()
        } else {
          this.count()
          this.stack.push(null)
        }
      } else {
        if (pos === this.pos) throw NOT_SURE // `-x` is a scalar, not an item
        const column = pos - this.lineStart(pos)
        this.pos = pos
        if (code === DASH && (text.charCodeAt(pos + 1) === SPACE || text.charCodeAt(pos + 1) === NEWLINE)) throw NOT_SURE // `- - x`
        if (this.startsMappingEntry()) {
          if (++this.depth > MAX_DEPTH) throw NOT_SURE
          this.stack.push(this.mapping(column))
          this.depth--
          next = this.currentIndent()
        } else {
          this.stack.push(this.inlineValue(indent))
          this.endOfLine()
          next = this.nextContentLine()
          if (next > indent) throw NOT_SURE // a continuation line
        }
      }
      if (next !== indent || text.charCodeAt(this.pos) !== DASH) return this.popItems(base)
      const after = text.charCodeAt(this.pos + 1)
      if (!(after === SPACE || after === NEWLINE || Number.isNaN(after))) return this.popItems(base)
    }
  }

  /** Indent of the line the position is on (the position is at its first content character, or at the end). */
  private currentIndent(): number {
    if (this.pos >= this.length) return -1
    return this.pos - this.lineStart(this.pos)
  }

  private lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1
  }

  /** Whether the current line (from the position) is `key:` followed by a space or the line end. */
  private startsMappingEntry(): boolean {
    const {text} = this
    const code = text.charCodeAt(this.pos)
    if (code === LBRACE || code === LBRACKET) return false
    if (code === DQUOTE || code === SQUOTE) {
      const close = text.indexOf(String.fromCharCode(code), this.pos + 1)
      const newline = text.indexOf('\n', this.pos)
      if (close < 0 || (newline >= 0 && close > newline)) return false
      return text.charCodeAt(close + 1) === COLON
    }
    PLAIN_BLOCK.lastIndex = this.pos
    PLAIN_BLOCK.test(text)
    return text.charCodeAt(PLAIN_BLOCK.lastIndex) === COLON
  }

  /** `key: value` lines at `indent`; the first key starts at the current position. */
  private mapping(indent: number): Record<string, unknown> {
    const {text} = this
    const result: Record<string, unknown> = {}
    this.count()
    for (;;) {
      const key = this.blockKey()
      if (Object.prototype.hasOwnProperty.call(result, key) || FORBIDDEN_KEYS.has(key)) throw NOT_SURE
      // at the `:`
      this.pos++
      let pos = this.pos
      while (pos < this.length && text.charCodeAt(pos) === SPACE) pos++
      const code = pos < this.length ? text.charCodeAt(pos) : NEWLINE
      let next: number
      if (code === NEWLINE || code === HASH) {
        if (code === HASH && pos === this.pos) throw NOT_SURE
        this.endOfLine()
        next = this.nextContentLine()
        if (next > indent) {
          result[key] = this.block(next)
          next = this.currentIndent()
        } else if (next === indent && text.charCodeAt(this.pos) === DASH && isItemStart(text.charCodeAt(this.pos + 1))) {
          // a sequence may sit at its key's indent
          if (++this.depth > MAX_DEPTH) throw NOT_SURE
          result[key] = this.sequence(indent)
          this.depth--
          next = this.currentIndent()
        } else {
          this.count()
          result[key] = null
        }
      } else {
        if (pos === this.pos) throw NOT_SURE // `key:value` is not a pair here
        this.pos = pos
        result[key] = this.inlineValue(indent)
        this.endOfLine()
        next = this.nextContentLine()
        if (next > indent) throw NOT_SURE // a continuation line or a misplaced block
      }
      if (next !== indent) {
        if (next > indent) throw NOT_SURE
        return result
      }
      if (text.charCodeAt(this.pos) === DASH && isItemStart(text.charCodeAt(this.pos + 1))) return result // the parent's next item (or an error js-yaml will report)
    }
  }

  /** A block mapping key up to its `:` (which must be followed by a space or the line end). */
  private blockKey(): string {
    const known = this.knownKey(this.blockKeys, true)
    if (known !== undefined) return known
    const {text} = this
    const code = text.charCodeAt(this.pos)
    let key: unknown
    let plain = false
    if (code === DQUOTE || code === SQUOTE) {
      key = this.quoted()
    } else {
      if (isIndicator(code) || code === DASH || code === SPACE) throw NOT_SURE
      const start = this.pos
      PLAIN_BLOCK.lastIndex = start
      PLAIN_BLOCK.test(text)
      const pos = PLAIN_BLOCK.lastIndex
      if (text.charCodeAt(pos) !== COLON || text.charCodeAt(pos - 1) === SPACE) throw NOT_SURE // no `:`, or `key :`
      this.pos = pos
      key = this.resolve(this.scalar(start, pos))
      plain = true
    }
    this.count()
    if (typeof key !== 'string') throw NOT_SURE
    if (text.charCodeAt(this.pos) !== COLON) throw NOT_SURE
    const after = this.pos + 1 < this.length ? text.charCodeAt(this.pos + 1) : NEWLINE
    if (after !== SPACE && after !== NEWLINE) throw NOT_SURE
    if (plain) learnKey(this.blockKeys, key)
    return key
  }

  /**
   * perf: a plain key read before, when the text here is that key followed by `: ` (or, in a
   * block, `:` and a line break) — the context it was learnt in, where it read as itself (see
   * learnKey) — so it reads the same here: no pattern, no slice, no resolution. Counts the node.
   */
  private knownKey(keys: KnownKeys, block: boolean): string | undefined {
    const {text, pos} = this
    const candidates = keys[bucketOf(text.charCodeAt(pos), text.charCodeAt(pos + 1))]
    if (candidates === undefined) return undefined
    for (let i = 0; i < candidates.length; i++) {
      const key = candidates[i]!
      const end = pos + key.length
      if (text.charCodeAt(end) !== COLON) continue
      const after = text.charCodeAt(end + 1)
      if (!(after === SPACE || (block && after === NEWLINE)) || !text.startsWith(key, pos)) continue
      this.pos = end
      this.count()
      return key
    }
    return undefined
  }

  /** A value on the rest of a block line: flow collection, quoted string or plain scalar. */
  private inlineValue(indent: number): unknown {
    const code = this.text.charCodeAt(this.pos)
    if (code === LBRACE || code === LBRACKET) return this.flow(0, indent)
    if (code === DQUOTE || code === SQUOTE) {
      const value = this.quoted()
      this.count()
      return value
    }
    return this.plain(false)
  }

  /** A single-line quoted string without escapes (`''` in single quotes). */
  private quoted(): string {
    const {text} = this
    const quote = text.charCodeAt(this.pos)
    let pos = this.pos + 1
    let value = ''
    let chunk = pos
    for (;;) {
      if (pos >= this.length) throw NOT_SURE
      const c = text.charCodeAt(pos)
      if (c === NEWLINE) throw NOT_SURE
      if (c === quote) {
        if (quote === SQUOTE && text.charCodeAt(pos + 1) === SQUOTE) {
          value += text.slice(chunk, pos + 1)
          pos += 2
          chunk = pos
          continue
        }
        value += text.slice(chunk, pos)
        this.pos = pos + 1
        if (this.standIns && value.includes(STAND_IN)) throw STAND_IN_READ
        return value
      }
      pos++
    }
  }

  /** A plain scalar on one line, resolved by the schema's implicit types. */
  private plain(inFlow: boolean): unknown {
    const {text} = this
    const start = this.pos
    const known = inFlow ? this.flowValues : this.blockValues
    const candidates = known[bucketOf(text.charCodeAt(start), text.charCodeAt(start + 1))]
    if (candidates !== undefined) {
      // perf: a value read before, where the same characters end it again (see learnValue)
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!
        const end = start + candidate.text.length
        if (endsValue(text.charCodeAt(end), inFlow) && text.startsWith(candidate.text, start)) {
          this.pos = end
          this.count()
          return candidate.value
        }
      }
    }
    const first = text.charCodeAt(start)
    if (isIndicator(first) || first === SPACE || first === NEWLINE || Number.isNaN(first)) throw NOT_SURE
    if (first === DASH) {
      const second = text.charCodeAt(start + 1)
      if (second === SPACE || second === NEWLINE || Number.isNaN(second) || (inFlow && isFlowIndicator(second))) throw NOT_SURE
    }
    const pattern = inFlow ? PLAIN_FLOW : PLAIN_BLOCK
    pattern.lastIndex = start + 1
    pattern.test(text)
    const end = pattern.lastIndex
    // in a block, `a: b: c` (a `:` that would end the scalar where it cannot) is js-yaml's to report
    if (!inFlow && text.charCodeAt(end) === COLON) throw NOT_SURE
    if (text.charCodeAt(end - 1) === SPACE) throw NOT_SURE // `a : b`: spaces before a `:`
    this.pos = end
    this.count()
    const scalar = this.scalar(start, end)
    const value = this.resolve(scalar)
    const next = text.charCodeAt(end)
    if (endsValue(next, inFlow)) learnValue(known, scalar, next, value)
    return value
  }

  /** The text of a key or plain scalar. */
  private scalar(start: number, end: number): string {
    const scalar = this.text.slice(start, end)
    if (this.standIns && scalar.includes(STAND_IN)) throw STAND_IN_READ
    return scalar
  }

  /** js-yaml's implicit resolution; words that cannot be null, a boolean or a number skip it. */
  private resolve(scalar: string): unknown {
    if (scalar === '<<') throw NOT_SURE // a merge key (or js-yaml's reading of one)
    const first = scalar.charCodeAt(0)
    if ((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a)) {
      // perf: of the core schema's implicit types only null and booleans start with a letter
      if (scalar.length === 4 || scalar.length === 5) {
        const word = WORDS.get(scalar)
        if (word !== undefined) return word.value
      }
      return scalar
    }
    // a number, null (`~`) or `<<` never holds a `/` (ports `80/80`, CIDR blocks)
    if (scalar.includes('/')) return scalar
    for (const type of this.implicit) if (type.resolve(scalar)) return type.construct(scalar)
    return scalar
  }

  /**
   * A flow mapping or sequence. It may span lines when every line after the first is indented
   * deeper than the block around it (`indent`) and no plain scalar continues onto the next line.
   */
  private flow(depth: number, indent: number): unknown {
    if (depth + this.depth > MAX_DEPTH) throw NOT_SURE
    const {text} = this
    const open = text.charCodeAt(this.pos)
    const close = open === LBRACE ? RBRACE : RBRACKET
    this.pos++
    this.count()
    const result: Record<string, unknown> | undefined = open === LBRACE ? {} : undefined
    const base = this.stack.length
    this.flowSpaces(indent)
    if (text.charCodeAt(this.pos) === close) {
      this.pos++
      return result ?? []
    }
    for (;;) {
      if (open === LBRACE) {
        let key: unknown = this.knownKey(this.flowKeys, false)
        let plain = false
        if (key === undefined) {
          const code = text.charCodeAt(this.pos)
          if (code === DQUOTE || code === SQUOTE) {
            key = this.quoted()
            this.count()
          } else {
            key = this.plain(true)
            plain = true
          }
        }
        if (typeof key !== 'string') throw NOT_SURE
        const map = result!
        if (Object.prototype.hasOwnProperty.call(map, key) || FORBIDDEN_KEYS.has(key)) throw NOT_SURE
        if (text.charCodeAt(this.pos) !== COLON || text.charCodeAt(this.pos + 1) !== SPACE) throw NOT_SURE
        if (plain) learnKey(this.flowKeys, key)
        this.pos += 2
        if (this.flowSpaces(indent)) throw NOT_SURE // a value on the next line: js-yaml's to read
        map[key] = this.flowValue(depth, indent)
      } else {
        this.stack.push(this.flowValue(depth, indent))
      }
      const wrapped = this.flowSpaces(indent)
      const c = text.charCodeAt(this.pos)
      if (c === close) {
        this.pos++
        return result ?? this.popItems(base)
      }
      if (c !== COMMA || wrapped) throw NOT_SURE // a comma on the next line: js-yaml's to read
      this.pos++
      this.flowSpaces(indent)
      if (text.charCodeAt(this.pos) === close) throw NOT_SURE // a trailing comma: leave it to js-yaml
    }
  }

  private flowValue(depth: number, indent: number): unknown {
    const code = this.text.charCodeAt(this.pos)
    if (code === LBRACE || code === LBRACKET) return this.flow(depth + 1, indent)
    if (code === DQUOTE || code === SQUOTE) {
      const value = this.quoted()
      this.count()
      return value
    }
    // `[a: b]` (a single-pair mapping) and `{a: }` are left to js-yaml
    const value = this.plain(true)
    if (this.text.charCodeAt(this.pos) === COLON) throw NOT_SURE
    return value
  }

  /**
   * Spaces, line breaks and comment lines inside a flow collection; whether a line break was
   * crossed. A line indented no deeper than the block around it, or the end, is "not sure".
   */
  private flowSpaces(indent: number): boolean {
    const {text} = this
    let wrapped = false
    for (;;) {
      const start = this.pos
      while (text.charCodeAt(this.pos) === SPACE) this.pos++
      const code = text.charCodeAt(this.pos)
      if (Number.isNaN(code)) throw NOT_SURE
      if (code === HASH) {
        if (this.pos === start) throw NOT_SURE // `#` right after a value
        const end = text.indexOf('\n', this.pos)
        if (end < 0) throw NOT_SURE
        this.pos = end
        continue
      }
      if (code !== NEWLINE) return wrapped
      wrapped = true
      this.pos++
      const lineStart = this.pos
      while (text.charCodeAt(this.pos) === SPACE) this.pos++
      const next = text.charCodeAt(this.pos)
      if (next === NEWLINE) continue
      if (this.pos - lineStart <= indent || Number.isNaN(next)) throw NOT_SURE
    }
  }
}

const isItemStart = (after: number): boolean => after === SPACE || after === NEWLINE || Number.isNaN(after)
