import {type Cidr, formatCidr} from '../cidr/cidr.js'
import {gapsInside} from '../cidr/collapse.js'
import {type AddressRange, cidrToRange, mergeRanges, rangeToCidrs} from '../cidr/range.js'
import {formatIpv6Cidr, type Ipv6Cidr} from '../cidr/cidr6.js'
import {ipv6CidrToRange, ipv6GapsInside, type Ipv6Range, ipv6RangeToCidrs, mergeIpv6Ranges} from '../cidr/range6.js'
import type {Model} from '../topology/model.js'
import {IPV6_PUBLIC_BLOCKS, NOT_PUBLIC_BLOCKS} from '../platform/address-space.js'
import type {Address, Family} from './family.js'
import {groupPeerBlocks, policyIpBlocks} from './peer-blocks.js'

/**
 * `internet` is every public address (SPEC §4.1, 0.2), never one address a rule could match by
 * accident. The public space is cut into classes of addresses that every CIDR in the file (SG
 * rule peers, SLB ACLs, NetworkPolicy ipBlocks, route destinations, VPC and nonMasquerade
 * blocks) treats alike; each class is traced once from its first address. A rule admits
 * `internet` only when it admits every class; otherwise the answer is partial and names the
 * admitted ranges. Over IPv6 (SPEC §8) the public space is 2000::/3 less the VPCs' own IPv6
 * blocks (global unicast, but never `internet`), cut into classes by the file's IPv6 blocks the
 * same way.
 */
export interface InternetClass {
  /** `internet` when one class covers all public space, else `internet 203.0.113.0/24` or `internet (other public addresses)`. */
  name: string
  /** The address traced for the class (an IPv6 BigInt over IPv6). */
  representative: Address
  cidrs: Array<Cidr | Ipv6Cidr>
}

const ALL: AddressRange = {start: 0, end: 2 ** 32 - 1}
const cache = new WeakMap<Model, InternetClass[]>()
const cache6 = new WeakMap<Model, InternetClass[]>()

const supplied = new WeakMap<Model, () => InternetClass[]>()

/** Offers IPv4 classes computed earlier from the same model, read when first asked (the compiled-model cache stores them). */
export function supplyInternetClasses(model: Model, classes: () => InternetClass[]): void {
  supplied.set(model, classes)
}

export function internetClasses(model: Model, family: Family = 4): InternetClass[] {
  const store = family === 6 ? cache6 : cache
  let classes = store.get(model)
  if (!classes) store.set(model, (classes = family === 6 ? computeClasses6(model) : (supplied.get(model)?.() ?? computeClasses(model))))
  return classes
}

function computeClasses(model: Model): InternetClass[] {
  const publicRanges = gapsInside(ALL, mergeRanges(NOT_PUBLIC_BLOCKS.map(cidrToRange)))
  const boundaries = distinguishingRanges(model, publicRanges)
  return namedClasses(piecesAlike(publicRanges, boundaries, 1), (pieces) => {
    const cidrs: Cidr[] = []
    for (const range of mergeRanges(pieces)) rangeToCidrs(range, cidrs)
    return cidrs
  }, formatCidr)
}

/** Every CIDR of the file that covers some public addresses but not all of them, as ranges (deduplicated). */
function distinguishingRanges(model: Model, publicRanges: AddressRange[]): AddressRange[] {
  const blocks: Cidr[] = groupPeerBlocks(model.securityGroups, 4)
  for (const lb of model.loadBalancers) if (lb.acl) blocks.push(...lb.acl.cidrs)
  for (const table of model.routeTables) for (const route of table.routes) blocks.push(route.destination)
  for (const vpc of model.vpcs) blocks.push(...vpc.cidrs)
  for (const cluster of model.clusters) {
    if (cluster.network.plugin === 'flannel') blocks.push(...cluster.network.nonMasqueradeCidrs)
    blocks.push(...policyIpBlocks(cluster.networkPolicies, 4))
  }
  return splittingRanges(blocks.map(cidrToRange), publicRanges)
}

/** The IPv6 twin of computeClasses, on BigInt ranges (kept apart so the IPv4 classes stay on numbers). */
function computeClasses6(model: Model): InternetClass[] {
  // VPC IPv6 blocks are global unicast too, but they are the file's own addresses, never `internet`
  const own = mergeIpv6Ranges(model.vpcs.flatMap((vpc) => (vpc.ipv6Cidr ? [ipv6CidrToRange(vpc.ipv6Cidr)] : [])))
  const publicRanges = mergeIpv6Ranges(IPV6_PUBLIC_BLOCKS.map(ipv6CidrToRange)).flatMap((range) => ipv6GapsInside(range, own))
  const boundaries = distinguishingRanges6(model, publicRanges)
  return namedClasses(piecesAlike(publicRanges, boundaries, 1n), (pieces) => {
    const cidrs: Ipv6Cidr[] = []
    for (const range of mergeIpv6Ranges(pieces)) ipv6RangeToCidrs(range, cidrs)
    return cidrs
  }, formatIpv6Cidr)
}

/**
 * The classes of either family from their pieces: one class is plain `internet`; otherwise each
 * is named by its CIDRs (up to three) and traced from its first address.
 */
function namedClasses<T extends number | bigint, C extends Cidr | Ipv6Cidr>(groups: Array<Array<Span<T>>>, toCidrs: (pieces: Array<Span<T>>) => C[], format: (cidr: C) => string): InternetClass[] {
  if (groups.length === 1) return [{name: 'internet', representative: groups[0]![0]!.start, cidrs: []}]
  return groups.map((pieces) => {
    const cidrs = toCidrs(pieces)
    const name = cidrs.length <= 3 ? `internet ${cidrs.map(format).join(', ')}` : 'internet (other public addresses)'
    return {name, representative: pieces[0]!.start, cidrs}
  })
}

/** Every IPv6 block of the file that covers some public IPv6 addresses but not all of them. */
function distinguishingRanges6(model: Model, publicRanges: Ipv6Range[]): Ipv6Range[] {
  const blocks: Ipv6Cidr[] = groupPeerBlocks(model.securityGroups, 6)
  for (const table of model.routeTables) for (const route of table.ipv6Routes) blocks.push(route.destination)
  for (const vpc of model.vpcs) if (vpc.ipv6Cidr) blocks.push(vpc.ipv6Cidr)
  for (const cluster of model.clusters) blocks.push(...policyIpBlocks(cluster.networkPolicies, 6))
  return splittingRanges(blocks.map(ipv6CidrToRange), publicRanges)
}

interface Span<T> {
  start: T
  end: T
}

/**
 * The public space cut into pieces that every boundary range treats alike (each piece lies wholly
 * inside or outside each boundary), grouped by which boundaries hold them. Generic over IPv4
 * numbers and IPv6 BigInts; `one` is 1 or 1n.
 */
function piecesAlike<T extends number | bigint>(publicRanges: Array<Span<T>>, boundaries: Array<Span<T>>, one: T): Array<Array<Span<T>>> {
  const plus = (value: T, delta: T): T => ((value as number) + (delta as number)) as T
  const minus = (value: T, delta: T): T => ((value as number) - (delta as number)) as T
  // cut points: every range edge; a piece between two cut points is treated alike by every range
  const cuts = new Set<T>()
  for (const range of [...publicRanges, ...boundaries]) {
    cuts.add(range.start)
    cuts.add(plus(range.end, one))
  }
  const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const bySignature = new Map<string, Array<Span<T>>>()
  for (let i = 0; i + 1 < points.length; i++) {
    const piece = {start: points[i]!, end: minus(points[i + 1]!, one)}
    if (!publicRanges.some((r) => r.start <= piece.start && piece.end <= r.end)) continue
    let signature = ''
    for (let b = 0; b < boundaries.length; b++) if (boundaries[b]!.start <= piece.start && piece.end <= boundaries[b]!.end) signature += `${b},`
    const list = bySignature.get(signature)
    if (list) list.push(piece)
    else bySignature.set(signature, [piece])
  }
  return [...bySignature.values()]
}

/** The ranges (deduplicated) that cover some public addresses but not all: those that tell public addresses apart. */
function splittingRanges<T extends number | bigint>(ranges: Array<Span<T>>, publicRanges: Array<Span<T>>): Array<Span<T>> {
  const seen = new Set<string>()
  const out: Array<Span<T>> = []
  for (const range of ranges) {
    const key = `${range.start}-${range.end}`
    if (seen.has(key)) continue
    seen.add(key)
    const touches = publicRanges.some((r) => r.start <= range.end && range.start <= r.end)
    const coversAll = publicRanges.every((r) => range.start <= r.start && r.end <= range.end)
    if (touches && !coversAll) out.push(range)
  }
  return out
}
