import {type Ipv6Cidr, ipv6CidrSize} from './cidr6.js'
import type {Ipv6} from './ipv6.js'

/**
 * Inclusive IPv6 address ranges [start, end] as BigInts: the IPv6 twin of range.ts (kept
 * separate so the IPv4 code stays on plain numbers). Free-space and collapse work on ranges
 * and turn them back into the minimal CIDR list at the end.
 */
export interface Ipv6Range {
  start: Ipv6
  end: Ipv6
}

export function ipv6CidrToRange(cidr: Ipv6Cidr): Ipv6Range {
  return {start: cidr.network, end: cidr.network + ipv6CidrSize(cidr) - 1n}
}

/** Sorted, non-overlapping, non-adjacent ranges covering exactly the union of the input. */
export function mergeIpv6Ranges(ranges: readonly Ipv6Range[]): Ipv6Range[] {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0))
  const merged: Ipv6Range[] = []
  for (const range of sorted) {
    const last = merged[merged.length - 1]
    if (last && range.start <= last.end + 1n) {
      if (range.end > last.end) last.end = range.end
    } else {
      merged.push({start: range.start, end: range.end})
    }
  }
  return merged
}

/** Trailing zero bits of an address (128 for ::): how aligned it is. */
function trailingZeros(address: Ipv6): number {
  if (address === 0n) return 128
  let bits = 0
  let rest = address
  // 32 bits at a time: Math.clz32 on the lowest non-zero word
  while ((rest & 0xffffffffn) === 0n) {
    rest >>= 32n
    bits += 32
  }
  const word = Number(rest & 0xffffffffn)
  return bits + 31 - Math.clz32(word & -word)
}

/** floor(log2(count)) for 1 ≤ count ≤ 2^128. */
function log2Floor(count: bigint): number {
  return count.toString(2).length - 1
}

/** The minimal list of CIDRs covering [start, end] exactly, in address order. */
export function ipv6RangeToCidrs(range: Ipv6Range, out: Ipv6Cidr[] = []): Ipv6Cidr[] {
  let start = range.start
  const end = range.end
  while (start <= end) {
    const hostBits = Math.min(trailingZeros(start), log2Floor(end - start + 1n))
    out.push({family: 6, network: start, prefix: 128 - hostBits})
    start += 1n << BigInt(hostBits)
  }
  return out
}

/** The parts of `outer` that no range of `taken` (sorted, merged) covers. */
export function ipv6GapsInside(outer: Ipv6Range, taken: readonly Ipv6Range[]): Ipv6Range[] {
  const gaps: Ipv6Range[] = []
  let cursor = outer.start
  for (const range of taken) {
    if (range.end < cursor) continue
    if (range.start > outer.end) break
    if (range.start > cursor) gaps.push({start: cursor, end: range.start - 1n})
    cursor = range.end + 1n
    if (cursor > outer.end) return gaps
  }
  if (cursor <= outer.end) gaps.push({start: cursor, end: outer.end})
  return gaps
}

/** The minimal CIDR list covering exactly the union of `blocks` (= Python's `collapse_addresses`). */
export function collapseIpv6Cidrs(blocks: readonly Ipv6Cidr[]): Ipv6Cidr[] {
  const out: Ipv6Cidr[] = []
  for (const range of mergeIpv6Ranges(blocks.map(ipv6CidrToRange))) ipv6RangeToCidrs(range, out)
  return out
}
