import type {Cidr} from './cidr.js'
import {cidrSize} from './cidr.js'

/**
 * Inclusive address ranges [start, end] as plain numbers (0 … 2^32−1). Free-space and
 * collapse arithmetic works on ranges because a union of CIDRs is rarely one CIDR; the
 * results are turned back into the minimal CIDR list at the end.
 */
export interface AddressRange {
  start: number
  end: number
}

export function cidrToRange(cidr: Cidr): AddressRange {
  return {start: cidr.network, end: cidr.network + cidrSize(cidr) - 1}
}

/** Sorted, non-overlapping, non-adjacent ranges covering exactly the union of the input. */
export function mergeRanges(ranges: AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: AddressRange[] = []
  for (const range of sorted) {
    const last = merged[merged.length - 1]
    if (last && range.start <= last.end + 1) {
      if (range.end > last.end) last.end = range.end
    } else {
      merged.push({start: range.start, end: range.end})
    }
  }
  return merged
}

/** Number of trailing zero bits of an address (32 for 0.0.0.0): how aligned it is. */
function trailingZeros(address: number): number {
  if (address === 0) return 32
  // `& -x` isolates the lowest set bit; int32 wrap-around is fine for bit 31
  return 31 - Math.clz32(address & -address)
}

/** floor(log2(count)) for 1 ≤ count ≤ 2^32. */
function log2Floor(count: number): number {
  return count >= 2 ** 32 ? 32 : 31 - Math.clz32(count)
}

/** The minimal list of CIDRs covering [start, end] exactly, in address order. */
export function rangeToCidrs(range: AddressRange, out: Cidr[] = []): Cidr[] {
  let start = range.start
  const end = range.end
  while (start <= end) {
    const hostBits = Math.min(trailingZeros(start), log2Floor(end - start + 1))
    out.push({network: start, prefix: 32 - hostBits})
    start += 2 ** hostBits
  }
  return out
}
