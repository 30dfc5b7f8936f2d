import {AcknetError} from '../../errors.js'
import {compileGlob, type Glob} from '../glob.js'
import {allRefs, parseRef, type ResolvedEndpoint} from './endpoints.js'
import {portChoice, type ReachProtocol, reachResolved} from './reach.js'
import type {EndpointSummary, ReachResult} from './result.js'
import type {ReachSession} from './session.js'

/** A matrix cell: a reach result without paths, or why the pair could not be evaluated. */
export type MatrixEntry = Omit<ReachResult, 'paths' | 'verdict' | 'fix' | 'missing'> & {
  verdict?: ReachResult['verdict']
  /** Set when the pair could not be evaluated (e.g. no port to pick). */
  error?: string
}

/**
 * A guard against selectors that name more pairs than anyone could use; SPEC §7 asks for no cap
 * below 10 million. Entries stream (matrixEntries yields them one by one), so memory does not grow
 * with the pair count.
 */
export const MAX_MATRIX_PAIRS = 10_000_000

const CLUSTER_KINDS = new Set(['pod', 'node', 'svc', 'nodeport', 'lb'])
const EVERYTHING_FROM = new Set(['pod', 'node', 'instance'])
const EVERYTHING_TO = new Set(['pod', 'instance', 'lb', 'slb', 'internet'])
/** A pair of one reference with itself is a question only for replicas among themselves. */
const SELF_PAIRS = new Set(['pod', 'node'])

/** Matrix cells need no paths (reachResolved skips grouping them, and may share traces). */
const CELLS_ONLY = {paths: false}

export const DEFAULT_MATRIX_FROM = ['pod:*']
export const DEFAULT_MATRIX_TO = ['pod:*', 'instance:*']

/**
 * Expands selectors into endpoint references. `*` matches within one name segment (`pod:web/*`,
 * `pod:*\/*`, `instance:*`); a bare `pod:*` or `node:*` means every one of that kind. A selector
 * without `*` is taken as one reference (so `internet` and `ip:` work too).
 */
export function expandSelectors(selectors: readonly string[], refs: readonly string[], clusterOf?: (ref: string) => string | undefined, role: 'source' | 'destination' = 'destination'): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  for (const selector of selectors.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    if (selector === '*') {
      // everything that can take this role (SPEC §6: workloads, pools and ECS to workloads, ECS, SLBs and the internet)
      const kinds = role === 'source' ? EVERYTHING_FROM : EVERYTHING_TO
      for (const ref of [...refs, 'internet']) if (kinds.has(parseRef(ref).kind) && !seen.has(ref)) out.push(ref), seen.add(ref)
      continue
    }
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
      // with one cluster refs carry none; let `pod:shop/web/*` match with it
      const cluster = clusterOf?.(ref)
      const withCluster = cluster === undefined ? undefined : `${kind}:${cluster}/${ref.slice(kind.length + 1)}`
      if (whole || glob.test(ref) || (withoutCluster !== undefined && glob.test(withoutCluster)) || (withCluster !== undefined && glob.test(withCluster))) {
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

/** Every cell of the matrix, in order, as a list (for tests and small matrices; the command streams). */
export function runMatrix(session: ReachSession, query: MatrixQuery): MatrixEntry[] {
  const plan = planMatrix(session, query)
  return [...plan.entries()]
}

export interface MatrixPlan {
  sources: string[]
  destinations: string[]
  total: number
  /** The cells, computed one by one as they are read. */
  entries(): Generator<MatrixEntry>
  /**
   * The cells of one source (an index into `sources`), in order: evaluated pairs as entries, pairs
   * that could not be evaluated as (from, to, message) — the entry `errorEntry` gives, without
   * building it (at 1× xl 5 of the 6.8 million cells are these).
   */
  row(source: number, cells: MatrixCells): void
  /** The cell of a pair that could not be evaluated. */
  errorEntry(from: string, to: string, message: string): MatrixEntry
}

export interface MatrixCells {
  entry(entry: MatrixEntry): void
  error(from: string, to: string, message: string): void
}

/**
 * A result as a matrix cell: without paths, fix and notes on missing inputs, its other fields in
 * their order (the JSON output keeps it). perf: copied field by field; a rest spread
 * (`{paths, ...rest}`) cost ≈ 0.1 µs a cell, 1.7 million cells at 1× xl.
 */
function cellOf(result: ReachResult): MatrixEntry {
  const cell: MatrixEntry = {from: result.from, to: result.to, protocol: result.protocol, port: result.port, family: result.family, verdict: result.verdict, reason: result.reason}
  if (result.warnings) cell.warnings = result.warnings
  if (result.unplaced) cell.unplaced = result.unplaced
  return cell
}

/** Expands and checks the selectors (exit-2 errors before any cell), and returns the cells lazily. */
export function planMatrix(session: ReachSession, query: MatrixQuery): MatrixPlan {
  const refs = allRefs(session.ctx)
  const clusters = session.ctx.model.clusters
  // one cluster: refs are written without it, selectors may still name it
  const only = clusters.length === 1 ? clusters[0]!.name : undefined
  const clusterOf = only === undefined ? undefined : (ref: string) => (CLUSTER_KINDS.has(parseRef(ref).kind) ? only : undefined)
  const sources = expandSelectors(query.from?.length ? query.from : DEFAULT_MATRIX_FROM, refs, clusterOf, 'source')
  const destinations = expandSelectors(query.to?.length ? query.to : DEFAULT_MATRIX_TO, refs, clusterOf, 'destination')
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
  const protocol = query.protocol ?? 'tcp'
  // the port (or why there is none) depends only on the destination: chosen once per destination
  const ports = new Map<ResolvedEndpoint, number | {message: string}>()
  const portFor = (destination: ResolvedEndpoint): number | {message: string} | undefined => {
    if (query.port !== undefined || protocol === 'icmp') return query.port
    let choice = ports.get(destination)
    if (choice === undefined) ports.set(destination, (choice = portChoice(destination, protocol)))
    return choice
  }
  // an error row names each end without an address; one summary per reference, shared by its rows
  const unresolved = new Map<string, EndpointSummary>()
  const unresolvedSummary = (ref: string): EndpointSummary => {
    let summary = unresolved.get(ref)
    if (summary === undefined) unresolved.set(ref, (summary = {ref, kind: parseRef(ref).kind, address: null}))
    return summary
  }
  const kindOf = (ref: string): string => unresolvedSummary(ref).kind
  // the row reach's exit-2 error gives (same message), built without throwing
  const errorEntry = (from: string, to: string, message: string): MatrixEntry => ({
    from: unresolvedSummary(from),
    to: unresolvedSummary(to),
    protocol,
    port: query.port ?? null,
    family: session.ctx.family,
    reason: null,
    error: message,
  })
  // a destination other than dns: resolves alike for every source: resolved and its port chosen once
  type Resolved = {destination: ResolvedEndpoint; query: {port: number | undefined; protocol: ReachProtocol | undefined}} | {error: string}
  const resolvedTo: Array<Resolved | undefined> = []
  const resolvedPerSource = destinations.map((to) => to.startsWith('dns:'))
  const resolve = (to: string, source: ResolvedEndpoint): Resolved => {
    let destination: ResolvedEndpoint
    try {
      destination = session.destination(to, source)
    } catch (error) {
      if (!(error instanceof AcknetError)) throw error
      return {error: error.message}
    }
    const port = portFor(destination)
    return typeof port === 'object' ? {error: port.message} : {destination, query: {port, protocol: query.protocol}}
  }
  let done = 0
  function row(index: number, cells: MatrixCells): void {
    const from = sources[index]!
    let source: ResolvedEndpoint | AcknetError
    try {
      source = session.source(from)
    } catch (error) {
      if (!(error instanceof AcknetError)) throw error
      source = error
    }
    for (let at = 0; at < destinations.length; at++) {
      const to = destinations[at]!
      done++
      if (query.progress && done % 50 === 0) query.progress(done, total)
      if (from === to && !SELF_PAIRS.has(kindOf(from))) continue
      if (source instanceof AcknetError) {
        cells.error(from, to, source.message)
        continue
      }
      const resolved = resolvedPerSource[at] ? resolve(to, source) : (resolvedTo[at] ??= resolve(to, source))
      if ('error' in resolved) {
        cells.error(from, to, resolved.error)
        continue
      }
      cells.entry(cellOf(reachResolved(session.ctx, source, resolved.destination, resolved.query, CELLS_ONLY)))
    }
    if (index === sources.length - 1) query.progress?.(total, total)
  }
  function* entries(): Generator<MatrixEntry> {
    done = 0
    for (let index = 0; index < sources.length; index++) {
      const cells: MatrixEntry[] = []
      row(index, {entry: (entry) => cells.push(entry), error: (from, to, message) => cells.push(errorEntry(from, to, message))})
      yield* cells
    }
    if (sources.length === 0) query.progress?.(total, total)
  }
  return {sources, destinations, total, entries, row, errorEntry}
}
