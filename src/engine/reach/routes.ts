import {type Cidr, formatCidr} from '../cidr/cidr.js'
import {formatIpv6Cidr, type Ipv6Cidr} from '../cidr/cidr6.js'
import {prefixMask} from '../cidr/ipv4.js'
import {ipv6PrefixMask} from '../cidr/ipv6.js'
import type {Address} from './family.js'

/**
 * Longest-prefix-match over one VPC route table: the system routes of every vSwitch of the
 * VPC (local delivery), custom entries and Flannel node routes. Entries are bucketed by prefix
 * length (a hash map per length), so a lookup is at most 33 map probes however many
 * thousand node routes the table holds. IPv6 entries (SPEC §8) live in their own buckets keyed
 * by BigInt networks, so IPv4 lookups never see them.
 */
export type RouteTarget =
  | {kind: 'local'; vswitch: string}
  | {kind: 'nat'; name: string}
  | {kind: 'instance'; name: string}
  | {kind: 'peer'; vpc: string}
  | {kind: 'blackhole'}
  | {kind: 'node'; cluster: string; node: string}
  /** The VPC's IPv6 gateway (`ipv6gw:NAME`): IPv6 internet traffic, no SNAT (facts §10). */
  | {kind: 'ipv6gw'; name: string}

export interface RouteEntry {
  destination: Cidr | Ipv6Cidr
  target: RouteTarget
}

export function describeTarget(target: RouteTarget): string {
  switch (target.kind) {
    case 'local':
      return `local (vSwitch ${target.vswitch})`
    case 'nat':
      return `nat:${target.name}`
    case 'instance':
      return `instance:${target.name}`
    case 'peer':
      return `peer:${target.vpc}`
    case 'blackhole':
      return 'blackhole'
    case 'node':
      return `node ${target.node} (Flannel, cluster ${target.cluster})`
    case 'ipv6gw':
      return `ipv6gw:${target.name}`
  }
}

export function describeEntry(entry: RouteEntry): string {
  const destination = entry.destination
  return `${destination.family === 6 ? formatIpv6Cidr(destination) : formatCidr(destination)} → ${describeTarget(entry.target)}`
}

/** Parses the topology's `nextHop` text; undefined for a malformed one. */
export function parseNextHop(text: string): RouteTarget | undefined {
  if (text === 'blackhole') return {kind: 'blackhole'}
  const colon = text.indexOf(':')
  if (colon < 0) return undefined
  const kind = text.slice(0, colon)
  const name = text.slice(colon + 1)
  if (!name) return undefined
  if (kind === 'nat') return {kind: 'nat', name}
  if (kind === 'instance') return {kind: 'instance', name}
  if (kind === 'peer') return {kind: 'peer', vpc: name}
  if (kind === 'ipv6gw') return {kind: 'ipv6gw', name}
  return undefined
}

export class RouteLookup {
  /** prefix length → network → entries (several only when a node route collides with another entry). */
  private readonly buckets = new Map<number, Map<number, RouteEntry[]>>()
  private prefixes: number[] = []
  private readonly buckets6 = new Map<number, Map<bigint, RouteEntry[]>>()
  private prefixes6: number[] = []

  constructor(entries: Iterable<RouteEntry> = []) {
    for (const entry of entries) this.add(entry)
  }

  add(entry: RouteEntry): void {
    if (entry.destination.family === 6) {
      this.add6(entry, entry.destination)
      return
    }
    let bucket = this.buckets.get(entry.destination.prefix)
    if (!bucket) {
      this.buckets.set(entry.destination.prefix, (bucket = new Map()))
      this.prefixes = [...this.buckets.keys()].sort((a, b) => b - a)
    }
    const list = bucket.get(entry.destination.network)
    if (list) list.push(entry)
    else bucket.set(entry.destination.network, [entry])
  }

  private add6(entry: RouteEntry, destination: Ipv6Cidr): void {
    let bucket = this.buckets6.get(destination.prefix)
    if (!bucket) {
      this.buckets6.set(destination.prefix, (bucket = new Map()))
      this.prefixes6 = [...this.buckets6.keys()].sort((a, b) => b - a)
    }
    const list = bucket.get(destination.network)
    if (list) list.push(entry)
    else bucket.set(destination.network, [entry])
  }

  /** The most specific entry covering `address` (of its own family) that `accept` (default: any) allows. */
  lookup(address: Address, accept?: (entry: RouteEntry) => boolean): RouteEntry | undefined {
    if (typeof address !== 'number') return this.lookup6(address, accept)
    for (const prefix of this.prefixes) {
      const list = this.buckets.get(prefix)!.get((address & prefixMask(prefix)) >>> 0)
      if (!list) continue
      for (const entry of list) if (!accept || accept(entry)) return entry
    }
    return undefined
  }

  private lookup6(address: bigint, accept?: (entry: RouteEntry) => boolean): RouteEntry | undefined {
    for (const prefix of this.prefixes6) {
      const list = this.buckets6.get(prefix)!.get(address & ipv6PrefixMask(prefix))
      if (!list) continue
      for (const entry of list) if (!accept || accept(entry)) return entry
    }
    return undefined
  }
}
