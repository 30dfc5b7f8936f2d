import {AcknetError} from '../../errors.js'
import {compileGlob, type Glob} from '../glob.js'
import {allRefs, parseRef} from './endpoints.js'
import type {ReachProtocol} from './reach.js'
import type {ReachResult} from './result.js'
import type {ReachSession} from './session.js'

/** A matrix cell: a reach result without paths, or why the pair could not be evaluated. */
export type MatrixEntry = Omit<ReachResult, 'paths' | 'verdict' | 'fix' | 'missing'> & {
  verdict?: ReachResult['verdict']
  /** Set when the pair could not be evaluated (e.g. no port to pick). */
  error?: string
}

/** Beyond this a matrix runs for minutes; nobody reads it, so it is refused up front. */
export const MAX_MATRIX_PAIRS = 500_000

export const DEFAULT_MATRIX_FROM = ['pod:*']
export const DEFAULT_MATRIX_TO = ['pod:*', 'instance:*']

/**
 * Expands selectors into endpoint references. `*` matches within one name segment (`pod:web/*`,
 * `pod:*\/*`, `instance:*`); a bare `pod:*` or `node:*` means every one of that kind. A selector
 * without `*` is taken as one reference (so `internet` and `ip:` work too).
 */
export function expandSelectors(selectors: readonly string[], refs: readonly string[]): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  for (const selector of selectors.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    if (!selector.includes('*')) {
      parseRef(selector) // a clear error for a malformed reference
      if (!seen.has(selector)) out.push(selector), seen.add(selector)
      continue
    }
    const {kind} = parseRef(selector)
    const whole = selector === `${kind}:*`
    const glob = selectorGlob(selector) // compiled once per selector (issue #15)
    let matched = 0
    for (const ref of refs) {
      if (!ref.startsWith(`${kind}:`)) continue
      // with several clusters, refs carry CLUSTER/; let `pod:web/*` match in any cluster
      const slash = ref.indexOf('/')
      const withoutCluster = slash < 0 ? undefined : `${kind}:${ref.slice(slash + 1)}`
      if (whole || glob.test(ref) || (withoutCluster !== undefined && glob.test(withoutCluster))) {
        matched++
        if (!seen.has(ref)) out.push(ref), seen.add(ref)
      }
    }
    if (matched === 0) throw new AcknetError(`selector ${selector} matches no endpoint`, {hints: [`${kind} endpoints: ${refs.filter((r) => r.startsWith(`${kind}:`)).slice(0, 8).join(', ') || 'none'}`]})
  }
  return out
}

/**
 * A selector as a glob: `*` matches any run of characters except `/`, nothing else is special
 * (`?` occurs in url: references). The one linear-time matcher (src/engine/glob.ts), so
 * `pod:web/*a*a*a…*c` against a long name cannot backtrack (issue #9).
 */
export function selectorGlob(pattern: string): Glob {
  return compileGlob(pattern, {separator: '/', starOnly: true})
}

export interface MatrixQuery {
  from?: readonly string[]
  to?: readonly string[]
  port?: number
  protocol?: ReachProtocol
  /** Refuse larger matrices (default MAX_MATRIX_PAIRS). */
  maxPairs?: number
  /** Called every few pairs with (done, total) — the command shows progress on a TTY. */
  progress?: (done: number, total: number) => void
}

export function runMatrix(session: ReachSession, query: MatrixQuery): MatrixEntry[] {
  const refs = allRefs(session.ctx)
  const sources = expandSelectors(query.from?.length ? query.from : DEFAULT_MATRIX_FROM, refs)
  const destinations = expandSelectors(query.to?.length ? query.to : DEFAULT_MATRIX_TO, refs)
  // a literal reference that names nothing is a usage error (exit 2), not a matrix cell
  for (const ref of sources) session.source(ref)
  if (sources.length > 0) for (const ref of destinations) session.destination(ref, session.source(sources[0]!))
  const total = sources.length * destinations.length
  const limit = query.maxPairs ?? MAX_MATRIX_PAIRS
  if (total > limit) {
    throw new AcknetError(`the selectors give ${total.toLocaleString('en-US')} pairs (${sources.length} × ${destinations.length}); the limit is ${limit.toLocaleString('en-US')}`, {
      hints: ['narrow --from/--to, e.g. --from "pod:web/*" --to "instance:*"'],
    })
  }
  const entries: MatrixEntry[] = []
  let done = 0
  for (const from of sources) {
    for (const to of destinations) {
      done++
      if (from === to) continue
      try {
        const {paths: _paths, fix: _fix, missing: _missing, ...rest} = session.reach(from, to, {port: query.port, protocol: query.protocol, paths: false})
        entries.push(rest)
      } catch (error) {
        if (!(error instanceof AcknetError)) throw error
        entries.push({from: {ref: from, kind: parseRef(from).kind, address: null}, to: {ref: to, kind: parseRef(to).kind, address: null}, protocol: query.protocol ?? 'tcp', port: query.port ?? null, reason: null, error: error.message})
      }
      if (query.progress && done % 50 === 0) query.progress(done, total)
    }
  }
  query.progress?.(total, total)
  return entries
}
