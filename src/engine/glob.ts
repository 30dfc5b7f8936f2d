import {AcknetError} from '../errors.js'

/**
 * The one glob matcher (issue #15): `manifests:` path segments, `.acknetrc.yaml` `ignore:`,
 * matrix selectors and `instance-types --name` all compile through here. Globs come from
 * files in a pull request, so matching must not backtrack: a pattern compiles to a small
 * automaton that is simulated over the text, O(text × pattern) whatever the pattern
 * (`*a*a*a…*c` against a long name included). A RegExp built from a glob backtracked for minutes.
 *
 * Syntax: `*` any run of characters except the separator; `?` one character except the
 * separator; `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]` one character of (not of) a class, never the
 * separator; `**` (with `globstar`) any run including separators, and `**\/` zero or more whole
 * directories; `\` makes the next character literal. A reversed range or an unclosed `[` is an
 * error (GlobSyntaxError), not a literal: a typo must not silently match nothing.
 */
export interface GlobOptions {
  /** The character `*`, `?` and classes never match; undefined: they match any character. */
  separator?: string
  /** `**` crosses separators (lint ignore globs); otherwise `**` is the same as `*`. */
  globstar?: boolean
  /** Only `*` is special (matrix selectors: `?` and `[` occur in URLs and stay literal). */
  starOnly?: boolean
  caseInsensitive?: boolean
  /** Also match anything below what the pattern names (`dir` matches `dir/x/y`). */
  matchBelow?: boolean
  /** A pattern without a separator matches at any depth, like .gitignore. */
  anyDepthWithoutSeparator?: boolean
}

export interface Glob {
  test(text: string): boolean
}

/** A glob that cannot be compiled; the message says what is wrong and where. */
export class GlobSyntaxError extends AcknetError {}

/** Longest glob compiled; longer patterns are refused (each state costs work per character). */
export const MAX_GLOB_LENGTH = 1024

type CharTest = (char: string) => boolean

interface Automaton {
  /** Per state: states reachable without consuming a character (itself included), precomputed. */
  closures: number[][]
  /** Per state: transitions that consume one character. */
  edges: Array<Array<{accepts: CharTest; to: number}>>
  accepting: boolean[]
}

const ANY: CharTest = () => true

export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
  if (pattern.length > MAX_GLOB_LENGTH) throw new GlobSyntaxError(`glob is ${pattern.length} characters long; at most ${MAX_GLOB_LENGTH} are allowed`)
  const fold = options.caseInsensitive ? (text: string) => text.toLowerCase() : (text: string) => text
  const automaton = build(fold(pattern), options)
  return {test: (text) => simulate(automaton, fold(text))}
}

function build(pattern: string, options: GlobOptions): Automaton {
  const separator = options.separator
  const notSeparator: CharTest = separator === undefined ? ANY : (char) => char !== separator
  const epsilon: number[][] = []
  const edges: Automaton['edges'] = []
  const add = (): number => {
    epsilon.push([])
    return edges.push([]) - 1
  }
  let current = add()
  const step = (accepts: CharTest): void => {
    const after = add()
    edges[current]!.push({accepts, to: after})
    current = after
  }
  const loop = (accepts: CharTest): void => {
    const after = add()
    epsilon[current]!.push(after)
    edges[current]!.push({accepts, to: current})
    current = after
  }
  /** `(?:.*SEP)?`: nothing, or any run that ends in a separator. */
  const optionalDirectories = (): void => {
    const inside = add()
    const after = add()
    epsilon[current]!.push(after, inside)
    edges[inside]!.push({accepts: ANY, to: inside}, {accepts: (char) => char === separator, to: after})
    current = after
  }
  const literal = (char: string): void => step((c) => c === char)

  if (options.anyDepthWithoutSeparator && separator !== undefined && !pattern.includes(separator)) optionalDirectories()
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!
    if (char === '*') {
      if (pattern[index + 1] === '*' && !options.starOnly) {
        index++
        if (!options.globstar || separator === undefined) loop(notSeparator)
        else if (pattern[index + 1] === separator) {
          index++
          optionalDirectories()
        } else loop(ANY)
      } else loop(notSeparator)
    } else if (options.starOnly) literal(char)
    else if (char === '?') step(notSeparator)
    else if (char === '\\' && index + 1 < pattern.length) literal(pattern[++index]!)
    else if (char === '[') {
      const parsed = parseClass(pattern, index)
      const inClass = parsed.test
      step(separator === undefined ? inClass : (c) => c !== separator && inClass(c))
      index = parsed.end
    } else literal(char)
  }
  const end = current
  const accepting = new Set([end])
  if (options.matchBelow && separator !== undefined) {
    const below = add()
    edges[end]!.push({accepts: (char) => char === separator, to: below})
    edges[below]!.push({accepts: ANY, to: below})
    accepting.add(below)
  }
  return {closures: epsilon.map((_, state) => closure(epsilon, state)), edges, accepting: epsilon.map((_, state) => accepting.has(state))}
}

/** `[…]` starting at `start`: its test and the index of the closing `]`. */
function parseClass(pattern: string, start: number): {test: CharTest; end: number} {
  let index = start + 1
  const negated = pattern[index] === '!' || pattern[index] === '^'
  if (negated) index++
  const singles = new Set<string>()
  const ranges: Array<[number, number]> = []
  let first = true
  for (; index < pattern.length; index++) {
    let char = pattern[index]!
    if (char === ']' && !first) {
      const test: CharTest = (c) => {
        const code = c.charCodeAt(0)
        const inside = singles.has(c) || ranges.some(([low, high]) => code >= low && code <= high)
        return inside !== negated
      }
      return {test, end: index}
    }
    first = false
    if (char === '\\' && index + 1 < pattern.length) char = pattern[++index]!
    if (pattern[index + 1] === '-' && index + 2 < pattern.length && pattern[index + 2] !== ']') {
      let high = pattern[index + 2]!
      let skip = 2
      if (high === '\\' && index + 3 < pattern.length) {
        high = pattern[index + 3]!
        skip = 3
      }
      if (high.charCodeAt(0) < char.charCodeAt(0)) throw new GlobSyntaxError(`invalid glob "${pattern}": the range ${char}-${high} is reversed (write ${high}-${char})`)
      ranges.push([char.charCodeAt(0), high.charCodeAt(0)])
      index += skip
    } else singles.add(char)
  }
  throw new GlobSyntaxError(`invalid glob "${pattern}": "[" at character ${start + 1} is never closed (write [[] for a literal bracket)`)
}

function closure(epsilon: number[][], start: number): number[] {
  const seen = new Set<number>([start])
  const stack = [start]
  while (stack.length > 0) for (const next of epsilon[stack.pop()!]!) if (!seen.has(next)) seen.add(next), stack.push(next)
  return [...seen]
}

function simulate(automaton: Automaton, text: string): boolean {
  const {closures, edges, accepting} = automaton
  const stateCount = edges.length
  // generation marks instead of sets: no allocation per character
  const marks = new Int32Array(stateCount).fill(-1)
  let active: number[] = []
  for (const state of closures[0]!) marks[state] = 0, active.push(state)
  for (let index = 0; index < text.length; index++) {
    const char = text[index]! // UTF-16 units, like the RegExps this replaced
    const next: number[] = []
    const generation = index + 1
    for (const state of active) {
      for (const edge of edges[state]!) {
        if (!edge.accepts(char)) continue
        for (const reached of closures[edge.to]!) {
          if (marks[reached] === generation) continue
          marks[reached] = generation
          next.push(reached)
        }
      }
    }
    if (next.length === 0) return false
    active = next
  }
  return active.some((state) => accepting[state])
}

/** Whether `text` holds a wildcard in the given syntax (a pattern without one names one thing). */
export function hasGlobMagic(text: string, options: Pick<GlobOptions, 'starOnly'> = {}): boolean {
  return options.starOnly ? text.includes('*') : /[*?[]/.test(text)
}
