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
