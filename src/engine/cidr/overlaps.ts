import type {AnyCidr} from './any.js'
import {type Cidr, cidrRelation, cidrSize} from './cidr.js'
import {compareIpv6Cidrs, type Ipv6Cidr, ipv6CidrRelation, ipv6LastAddress} from './cidr6.js'

export interface Overlap {
  /** Index of the first block (input order); always less than `b`. */
  a: number
  b: number
  /** How block `a` relates to block `b`. */
  relation: 'equal' | 'contains' | 'inside'
}

/**
 * Every overlapping pair among `blocks`, ordered by (a, b) input index. Aligned blocks either
 * nest or are disjoint, so a sweep in address order with a stack of the blocks that still
 * enclose the current one finds all pairs in O(n log n + pairs) — lint runs this over every
 * vSwitch, pod and Service CIDR of a file.
 */
export function findOverlaps(blocks: readonly Cidr[]): Overlap[] {
  const order = blocks.map((_, index) => index).sort((x, y) => blocks[x]!.network - blocks[y]!.network || blocks[x]!.prefix - blocks[y]!.prefix || x - y)
  const open: number[] = []
  const overlaps: Overlap[] = []
  for (const index of order) {
    const block = blocks[index]!
    while (open.length > 0) {
      const top = blocks[open[open.length - 1]!]!
      if (top.network + cidrSize(top) - 1 >= block.network) break
      open.pop()
    }
    // every block still open encloses (or equals) this one
    for (const other of open) {
      const [a, b] = other < index ? [other, index] : [index, other]
      overlaps.push({a, b, relation: cidrRelation(blocks[a]!, blocks[b]!) as Overlap['relation']})
    }
    open.push(index)
  }
  return overlaps.sort((x, y) => x.a - y.a || x.b - y.b)
}

/** `findOverlaps` for IPv6 blocks: the same sweep on BigInt addresses. */
export function findIpv6Overlaps(blocks: readonly Ipv6Cidr[]): Overlap[] {
  const order = blocks.map((_, index) => index).sort((x, y) => compareIpv6Cidrs(blocks[x]!, blocks[y]!) || x - y)
  const open: number[] = []
  const overlaps: Overlap[] = []
  for (const index of order) {
    const block = blocks[index]!
    while (open.length > 0 && ipv6LastAddress(blocks[open[open.length - 1]!]!) < block.network) open.pop()
    for (const other of open) {
      const [a, b] = other < index ? [other, index] : [index, other]
      overlaps.push({a, b, relation: ipv6CidrRelation(blocks[a]!, blocks[b]!) as Overlap['relation']})
    }
    open.push(index)
  }
  return overlaps.sort((x, y) => x.a - y.a || x.b - y.b)
}

/**
 * Overlapping pairs in a list of either family, by input index. Blocks are compared within
 * their family only: an IPv4 and an IPv6 block never overlap.
 */
export function findOverlapsAny(blocks: readonly AnyCidr[]): Overlap[] {
  const ipv4: number[] = []
  const ipv6: number[] = []
  blocks.forEach((block, index) => (block.family === 6 ? ipv6 : ipv4).push(index))
  const back = (indexes: number[]) => (overlap: Overlap): Overlap => ({a: indexes[overlap.a]!, b: indexes[overlap.b]!, relation: overlap.relation})
  const found = [
    ...findOverlaps(ipv4.map((index) => blocks[index] as Cidr)).map(back(ipv4)),
    ...findIpv6Overlaps(ipv6.map((index) => blocks[index] as Ipv6Cidr)).map(back(ipv6)),
  ]
  return found.sort((x, y) => x.a - y.a || x.b - y.b)
}

/**
 * For each block, the lowest input index of an EARLIER block it overlaps (undefined: none), in
 * O(n log n) whatever the number of overlapping pairs (findOverlaps lists every pair, which is
 * quadratic for 60,000 copies of one block: issue #15). Aligned blocks nest or are disjoint, so in
 * address order (larger first on ties) the blocks overlapping one are its enclosing blocks (the
 * open stack) and the blocks it encloses (its subtree): the minimum index over both is kept.
 */
export function firstEarlierOverlaps(blocks: readonly Cidr[]): Array<number | undefined> {
  const order = blocks.map((_, index) => index).sort((x, y) => blocks[x]!.network - blocks[y]!.network || blocks[x]!.prefix - blocks[y]!.prefix || x - y)
  const lastAddress = (index: number) => blocks[index]!.network + cidrSize(blocks[index]!) - 1
  /** Per block: the lowest index among the blocks enclosing it / inside it (itself excluded). */
  const enclosingMin = new Array<number>(blocks.length).fill(Infinity)
  const insideMin = new Array<number>(blocks.length).fill(Infinity)
  const open: number[] = []
  const close = (): void => {
    const done = open.pop()!
    const parent = open[open.length - 1]
    if (parent !== undefined) insideMin[parent] = Math.min(insideMin[parent]!, insideMin[done]!, done)
  }
  for (const index of order) {
    while (open.length > 0 && lastAddress(open[open.length - 1]!) < blocks[index]!.network) close()
    const parent = open[open.length - 1]
    if (parent !== undefined) enclosingMin[index] = Math.min(enclosingMin[parent]!, parent)
    open.push(index)
  }
  while (open.length > 0) close()
  return blocks.map((_, index) => {
    const lowest = Math.min(enclosingMin[index]!, insideMin[index]!)
    return lowest < index ? lowest : undefined
  })
}
