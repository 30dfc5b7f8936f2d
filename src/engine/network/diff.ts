import type {ReasonCode} from '../reach/codes.js'
import type {Verdict} from '../reach/result.js'
import type {Cell} from './cell.js'
import {formatPorts, type NetworkProtocol} from './ports.js'
import type {NetworkSession} from './session.js'
import type {RangeCell} from './flows.js'
import {netpolOnlyChange, sgOnlyChange} from './model-delta.js'
import {NetpolPairFilter, netpolPruning} from './netpol-pruning.js'
import {SgPairFilter} from './sg-pruning.js'

/**
 * `acknet diff BASE HEAD` (SPEC §7): both files' flows are cut into the same port ranges (the
 * union of both sides' cuts), and every range whose verdict or deciding object differs is a
 * change. A flow of an endpoint present in only one file is added (or removed) when it gets through.
 */

export type ChangeKind = 'added' | 'removed' | 'changed'

export interface Side {
  verdict: Verdict
  reason: {code: ReasonCode; object: string} | null
  via: string[]
}

export interface FlowChange {
  from: string
  to: string
  protocol: NetworkProtocol
  ports: string
  change: ChangeKind
  /** null when the endpoint does not exist in that file. */
  base: Side | null
  head: Side | null
  /** The change newly opens something to the internet. */
  exposed: boolean
}

export interface DiffSummary {
  added: number
  removed: number
  changed: number
  exposed: number
}

export interface DiffQuery {
  from?: readonly string[]
  to?: readonly string[]
  protocol?: NetworkProtocol
  /** Evaluate every port even when only security-group rules differ (the tests' reference). */
  everyPort?: boolean
}

/** Selectors are expanded on each side; a selector that matches nothing on one side only is fine. */
function sideRefs(session: NetworkSession, pick: 'sources' | 'destinations', selectors: readonly string[] | undefined): string[] {
  let refs: string[]
  try {
    refs = session[pick](selectors)
  } catch {
    return []
  }
  // a literal reference passes selector expansion; keep only what this file has
  return refs.filter((ref) => resolves(session, pick, ref))
}

function resolves(session: NetworkSession, pick: 'sources' | 'destinations', ref: string): boolean {
  try {
    if (pick === 'sources') session.source(ref)
    else session.destination(ref, session.source('internet'))
    return true
  } catch {
    return false
  }
}

export function* diffFlows(base: NetworkSession, head: NetworkSession, protocols: readonly NetworkProtocol[], query: DiffQuery = {}): Generator<FlowChange> {
  const baseSources = sideRefs(base, 'sources', query.from)
  const headSources = sideRefs(head, 'sources', query.from)
  const baseDestinations = sideRefs(base, 'destinations', query.to)
  const headDestinations = sideRefs(head, 'destinations', query.to)
  if (query.from?.length && baseSources.length + headSources.length === 0) head.sources(query.from) // the selector's own error
  if (query.to?.length && baseDestinations.length + headDestinations.length === 0) head.destinations(query.to)
  const sources = union(baseSources, headSources)
  const destinations = union(baseDestinations, headDestinations)
  const inBase = {sources: new Set(baseSources), destinations: new Set(baseDestinations)}
  const inHead = {sources: new Set(headSources), destinations: new Set(headDestinations)}
  // only security-group rules differ: a flow can change only where a check of a differing group
  // decides differently (sg-pruning.ts): on the pairs that can meet one, on the ports those rules
  // cover (or the flow ports translated to them)
  const change = query.everyPort ? undefined : sgOnlyChange(base.reach.ctx.model, head.reach.ctx.model)
  // only NetworkPolicies differ: a pair can change only where a differing policy selects a pod
  // the destination delivers to (ingress) or a pod of the source (egress) (netpol-pruning.ts)
  const policies = change || query.everyPort || !netpolPruning.enabled ? undefined : netpolOnlyChange(base.reach.ctx.model, head.reach.ctx.model)
  const filter = change ? new SgPairFilter(base, head, change, destinations, protocols) : policies ? new NetpolPairFilter(base, head, policies, destinations) : undefined
  // perf: membership by index, not by hashing both names for every pair (13 million pairs at 1× xl)
  const baseDestination = destinations.map((to) => inBase.destinations.has(to))
  const headDestination = destinations.map((to) => inHead.destinations.has(to))
  for (const from of sources) {
    const fromBase = inBase.sources.has(from)
    const fromHead = inHead.sources.has(from)
    const rows = filter && fromBase && fromHead ? protocols.map((protocol) => filter.row(from, protocol)) : undefined
    for (let index = 0; index < destinations.length; index++) {
      const to = destinations[index]!
      if (from === to) continue
      const hasBase = fromBase && baseDestination[index]!
      const hasHead = fromHead && headDestination[index]!
      for (let p = 0; p < protocols.length; p++) {
        const protocol = protocols[p]!
        if (filter && hasBase && hasHead) {
          if (rows?.[p]?.[index] !== 1) continue
          const within = filter.ports(index, protocol)
          if (within !== 'every') {
            const before = base.rangesWithin(from, to, protocol, within)
            const after = head.rangesWithin(from, to, protocol, within)
            for (let i = 0; i < within.length; i++) yield* compare(from, to, protocol, before[i], after[i])
            continue
          }
        }
        const before = hasBase ? base.ranges(from, to, protocol) : undefined
        const after = hasHead ? head.ranges(from, to, protocol) : undefined
        yield* compare(from, to, protocol, before, after)
      }
    }
  }
}

/** Overlays two range lists (each a partition of the same port space, or absent) and reports the differing pieces, merged. */
export function* compare(from: string, to: string, protocol: NetworkProtocol, before: RangeCell[] | undefined, after: RangeCell[] | undefined): Generator<FlowChange> {
  const pieces = overlay(before, after)
  let pending: {from: number; to: number; key: string; change: FlowChange} | undefined
  for (const piece of pieces) {
    const change = classify(piece.base, piece.head)
    if (!change) {
      if (pending) yield finish(pending)
      pending = undefined
      continue
    }
    const key = `${change}|${sideKey(piece.base)}|${sideKey(piece.head)}`
    if (pending && pending.key === key && pending.to + 1 === piece.from) {
      pending.to = piece.to
      continue
    }
    if (pending) yield finish(pending)
    const base = piece.base ? side(piece.base) : null
    const head = piece.head ? side(piece.head) : null
    pending = {from: piece.from, to: piece.to, key, change: {from, to, protocol, ports: '', change, base, head, exposed: from === 'internet' && opens(piece.base, piece.head)}}
  }
  if (pending) yield finish(pending)

  function finish(p: {from: number; to: number; change: FlowChange}): FlowChange {
    p.change.ports = formatPorts(protocol, {from: p.from, to: p.to})
    return p.change
  }
}

interface Piece {
  from: number
  to: number
  base?: Cell
  head?: Cell
}

function overlay(before: RangeCell[] | undefined, after: RangeCell[] | undefined): Piece[] {
  if (!before?.length && !after?.length) return []
  if (!before) return after!.map((r) => ({from: r.from, to: r.to, head: r.cell}))
  if (!after) return before.map((r) => ({from: r.from, to: r.to, base: r.cell}))
  const pieces: Piece[] = []
  let i = 0
  let j = 0
  let start = Math.min(before[0]!.from, after[0]!.from)
  while (i < before.length && j < after.length) {
    const a = before[i]!
    const b = after[j]!
    const end = Math.min(a.to, b.to)
    pieces.push({from: start, to: end, base: a.cell, head: b.cell})
    start = end + 1
    if (a.to === end) i++
    if (b.to === end) j++
  }
  return pieces
}

/**
 * denied → allowed is added, allowed → denied removed; any other verdict move (to or from
 * partial) is changed, and so is an unchanged verdict whose deciding object (reason) differs. A
 * flow allowed on both sides is not a change, whichever rule admits it.
 */
export function classify(base: Cell | undefined, head: Cell | undefined): ChangeKind | undefined {
  if (!base) return head && head.verdict !== 'denied' ? 'added' : undefined
  if (!head) return base.verdict !== 'denied' ? 'removed' : undefined
  if (base.verdict === head.verdict) {
    if (base.verdict === 'allowed') return undefined
    return base.reason?.code === head.reason?.code && base.reason?.object === head.reason?.object ? undefined : 'changed'
  }
  if (base.verdict === 'denied' && head.verdict === 'allowed') return 'added'
  if (base.verdict === 'allowed' && head.verdict === 'denied') return 'removed'
  return 'changed'
}

/** More of it gets through than before (the internet's flows: `exposed`). */
function opens(base: Cell | undefined, head: Cell | undefined): boolean {
  const rank = (cell: Cell | undefined) => (!cell || cell.verdict === 'denied' ? 0 : cell.verdict === 'partial' ? 1 : 2)
  return rank(head) > rank(base)
}

function side(cell: Cell): Side {
  return {verdict: cell.verdict, reason: cell.reason, via: cell.via}
}

function sideKey(cell: Cell | undefined): string {
  return cell ? `${cell.verdict}:${cell.reason?.code ?? ''}:${cell.reason?.object ?? ''}:${cell.via.join(',')}` : '-'
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a)
  const out = [...a]
  for (const ref of b) if (!seen.has(ref)) seen.add(ref), out.push(ref)
  return out
}

export function summarizeChanges(summary: DiffSummary, change: FlowChange): void {
  summary[change.change]++
  if (change.exposed) summary.exposed++
}
