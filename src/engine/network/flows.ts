import type {ResolvedEndpoint} from '../reach/endpoints.js'
import type {TraceEnv} from '../reach/legs/leg.js'
import {type Cell, cellKey, evaluateCell} from './cell.js'
import type {PortCutter, PortRange} from './ports.js'

/** One port range of one pair and protocol, with the answer every port in it gets. */
export interface RangeCell extends PortRange {
  cell: Cell
}

/**
 * Every port range of (source, destination, protocol): one representative port per class (its
 * first port) is traced, then neighbours that report alike (verdict, reason, via) are merged.
 */
export function pairRanges(env: TraceEnv, cutter: PortCutter, source: ResolvedEndpoint, destination: ResolvedEndpoint, protocol: string): RangeCell[] {
  const out: RangeCell[] = []
  let lastKey = ''
  for (const range of cutter.ranges(source, destination, protocol)) {
    const cell = evaluateCell(env, source, destination, protocol, range.from)
    const key = cellKey(cell)
    const last = out.at(-1)
    if (last && key === lastKey && last.to + 1 === range.from) last.to = range.to
    else {
      out.push({from: range.from, to: range.to, cell})
      lastKey = key
    }
  }
  return out
}

/**
 * The port ranges of (source, destination, protocol) inside `within` only (sorted, disjoint
 * intervals): each cut class is clipped to them and traced at its first port there (every port of
 * a class answers alike), then neighbours that report alike are merged inside each interval.
 * `diff` uses it when only the ports in `within` can have changed (model-delta.ts).
 */
export function pairRangesWithin(env: TraceEnv, cutter: PortCutter, source: ResolvedEndpoint, destination: ResolvedEndpoint, protocol: string, within: readonly PortRange[]): RangeCell[][] {
  const classes = cutter.ranges(source, destination, protocol)
  const out: RangeCell[][] = []
  for (const interval of within) {
    const pieces: RangeCell[] = []
    let lastKey = ''
    for (const range of classes) {
      const from = Math.max(range.from, interval.from)
      const to = Math.min(range.to, interval.to)
      if (from > to) continue
      const cell = evaluateCell(env, source, destination, protocol, from)
      const key = cellKey(cell)
      const last = pieces.at(-1)
      if (last && key === lastKey && last.to + 1 === from) last.to = to
      else {
        pieces.push({from, to, cell})
        lastKey = key
      }
    }
    out.push(pieces)
  }
  return out
}
