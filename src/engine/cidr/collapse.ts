import type {Cidr} from './cidr.js'
import {type AddressRange, cidrToRange, mergeRanges, rangeToCidrs} from './range.js'

/**
 * The minimal CIDR list covering exactly the union of `blocks` (overlaps and adjacent
 * halves merged), in address order — what Python's `ipaddress.collapse_addresses` returns.
 */
export function collapseCidrs(blocks: readonly Cidr[]): Cidr[] {
  const out: Cidr[] = []
  for (const range of mergeRanges(blocks.map(cidrToRange))) rangeToCidrs(range, out)
  return out
}

/** The parts of `outer` that no range of `taken` (sorted, merged) covers. */
export function gapsInside(outer: AddressRange, taken: readonly AddressRange[]): AddressRange[] {
  const gaps: AddressRange[] = []
  let cursor = outer.start
  for (const range of taken) {
    if (range.end < cursor) continue
    if (range.start > outer.end) break
    if (range.start > cursor) gaps.push({start: cursor, end: range.start - 1})
    cursor = range.end + 1
    if (cursor > outer.end) return gaps
  }
  if (cursor <= outer.end) gaps.push({start: cursor, end: outer.end})
  return gaps
}
