import {type Ipv6Cidr, ipv6CidrSize, ipv6CidrsOverlap} from './cidr6.js'
import {ipv6CidrToRange, ipv6GapsInside, ipv6RangeToCidrs, mergeIpv6Ranges} from './range6.js'

/** `acknet cidr free` for IPv6: the same clipping rules as `freeSpace` (free.ts). */
export interface Ipv6FreeResult {
  free: Ipv6Cidr[]
  outside: Ipv6Cidr[]
  covering: Ipv6Cidr[]
}

export function ipv6FreeSpace(parent: Ipv6Cidr, used: readonly Ipv6Cidr[]): Ipv6FreeResult {
  const outside: Ipv6Cidr[] = []
  const covering: Ipv6Cidr[] = []
  const inside: Ipv6Cidr[] = []
  for (const block of used) {
    if (!ipv6CidrsOverlap(parent, block)) outside.push(block)
    else if (block.prefix < parent.prefix) covering.push(block)
    else inside.push(block)
  }
  const free: Ipv6Cidr[] = []
  if (covering.length === 0) {
    for (const gap of ipv6GapsInside(ipv6CidrToRange(parent), mergeIpv6Ranges(inside.map(ipv6CidrToRange)))) ipv6RangeToCidrs(gap, free)
  }
  return {free, outside, covering}
}

export function ipv6FreeBlocks(parent: Ipv6Cidr, used: readonly Ipv6Cidr[]): Ipv6Cidr[] {
  return ipv6FreeSpace(parent, used).free
}

/**
 * The first (lowest) aligned block of `prefix` inside `parent` that overlaps none of `used`;
 * undefined when none is left or the prefix is shorter than the parent's. (`plan --ip-stack
 * dual` places one /64 per vSwitch in the VPC's /56 with this.)
 */
export function allocateIpv6Block(parent: Ipv6Cidr, prefix: number, used: readonly Ipv6Cidr[]): Ipv6Cidr | undefined {
  if (!Number.isInteger(prefix) || prefix < parent.prefix || prefix > 128) return undefined
  const size = 1n << BigInt(128 - prefix)
  const relevant = used.filter((block) => ipv6CidrsOverlap(parent, block))
  for (const gap of ipv6GapsInside(ipv6CidrToRange(parent), mergeIpv6Ranges(relevant.map(ipv6CidrToRange)))) {
    const aligned = ((gap.start + size - 1n) / size) * size
    if (aligned + size - 1n <= gap.end) return {family: 6, network: aligned, prefix}
  }
  return undefined
}

/** Addresses in a list of disjoint blocks. */
export function ipv6TotalAddresses(blocks: readonly Ipv6Cidr[]): bigint {
  let total = 0n
  for (const block of blocks) total += ipv6CidrSize(block)
  return total
}
