/**
 * `.acknetrc.yaml` `ignore:` globs matched in linear time (issue #9). The config file comes
 * with the repository, so it is untrusted input: compiled to a RegExp, `*a*a*a…*c` backtracked
 * for minutes on a long path. Same semantics as `globToRegExp` in test/helpers/glob-regexp.ts, which stays the
 * reference: `*` any run without `/`, `?` one character but `/`, `**` any run (`**\/` zero or
 * more whole directories), a pattern without `/` matches at any depth, and a pattern also
 * matches everything below what it names. Matching simulates the equivalent automaton:
 * O(path length × pattern length), whatever the pattern.
 */

interface State {
  /** States reachable without consuming a character. */
  epsilon: number[]
  /** Transitions that consume one character. */
  edges: Array<{accepts: (char: string) => boolean; to: number}>
}

const ANY = () => true
const NOT_SLASH = (char: string) => char !== '/'

export interface GlobMatcher {
  test(path: string): boolean
}

const cache = new Map<string, GlobMatcher>()

export function globMatcher(pattern: string): GlobMatcher {
  let matcher = cache.get(pattern)
  if (!matcher) {
    matcher = compile(pattern)
    cache.set(pattern, matcher)
  }
  return matcher
}

function compile(pattern: string): GlobMatcher {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '')
  const states: State[] = []
  const add = (): number => states.push({epsilon: [], edges: []}) - 1
  let current = add()
  // `(?:.*/)?`: skip, or any run ending in `/`
  const optionalDirectories = (): void => {
    const inside = add()
    const after = add()
    states[current]!.epsilon.push(after, inside)
    states[inside]!.edges.push({accepts: ANY, to: inside}, {accepts: (char) => char === '/', to: after})
    current = after
  }
  const loop = (accepts: (char: string) => boolean): void => {
    const after = add()
    states[current]!.epsilon.push(after)
    states[current]!.edges.push({accepts, to: current})
    current = after
  }
  const step = (accepts: (char: string) => boolean): void => {
    const after = add()
    states[current]!.edges.push({accepts, to: after})
    current = after
  }
  if (!clean.includes('/')) optionalDirectories()
  for (let index = 0; index < clean.length; index++) {
    const char = clean[index]!
    if (char === '*' && clean[index + 1] === '*') {
      index++
      if (clean[index + 1] === '/') {
        index++
        optionalDirectories()
      } else loop(ANY)
    } else if (char === '*') loop(NOT_SLASH)
    else if (char === '?') step(NOT_SLASH)
    else step((c) => c === char)
  }
  // `(?:/.*)?`: what the pattern names, or anything below it
  const end = current
  const below = add()
  states[end]!.edges.push({accepts: (char) => char === '/', to: below})
  states[below]!.edges.push({accepts: ANY, to: below})
  const accepting = new Set([end, below])
  return {test: (path) => simulate(states, accepting, path)}
}

function simulate(states: State[], accepting: Set<number>, path: string): boolean {
  let active = closure(states, [0])
  for (let index = 0; index < path.length; index++) {
    const char = path[index]! // UTF-16 units, as the RegExp it replaces
    const next: number[] = []
    for (const state of active) for (const edge of states[state]!.edges) if (edge.accepts(char)) next.push(edge.to)
    if (next.length === 0) return false
    active = closure(states, next)
  }
  for (const state of active) if (accepting.has(state)) return true
  return false
}

function closure(states: State[], start: number[]): Set<number> {
  const seen = new Set<number>()
  const stack = [...start]
  while (stack.length > 0) {
    const state = stack.pop()!
    if (seen.has(state)) continue
    seen.add(state)
    stack.push(...states[state]!.epsilon)
  }
  return seen
}
