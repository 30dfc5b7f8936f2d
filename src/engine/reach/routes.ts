import {type Cidr, formatCidr} from '../cidr/cidr.js'
import {type Ipv4, prefixMask} from '../cidr/ipv4.js'

/**
 * Longest-prefix-match over one VPC route table: the system routes of every vSwitch of the
 * VPC (local delivery), custom entries and Flannel node routes. Entries are bucketed by prefix
 * length (a hash map per length), so a lookup is at most 33 map probes however many
 * thousand node routes the table holds.
 */
export type RouteTarget =
  | {kind: 'local'; vswitch: string}
  | {kind: 'nat'; name: string}
  | {kind: 'instance'; name: string}
  | {kind: 'peer'; vpc: string}
  | {kind: 'blackhole'}
  | {kind: 'node'; cluster: string; node: string}

export interface RouteEntry {
  destination: Cidr
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
  }
}

export function describeEntry(entry: RouteEntry): string {
  return `${formatCidr(entry.destination)} → ${describeTarget(entry.target)}`
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
  return undefined
}

export class RouteLookup {
  /** prefix length → network → entries (several only when a node route collides with another entry). */
  private readonly buckets = new Map<number, Map<number, RouteEntry[]>>()
  private prefixes: number[] = []

  constructor(entries: Iterable<RouteEntry> = []) {
    for (const entry of entries) this.add(entry)
  }

  add(entry: RouteEntry): void {
    let bucket = this.buckets.get(entry.destination.prefix)
    if (!bucket) {
      this.buckets.set(entry.destination.prefix, (bucket = new Map()))
      this.prefixes = [...this.buckets.keys()].sort((a, b) => b - a)
    }
    const list = bucket.get(entry.destination.network)
    if (list) list.push(entry)
    else bucket.set(entry.destination.network, [entry])
  }

  /** The most specific entry covering `address` that `accept` (default: any) allows. */
  lookup(address: Ipv4, accept?: (entry: RouteEntry) => boolean): RouteEntry | undefined {
    for (const prefix of this.prefixes) {
      const list = this.buckets.get(prefix)!.get((address & prefixMask(prefix)) >>> 0)
      if (!list) continue
      for (const entry of list) if (!accept || accept(entry)) return entry
    }
    return undefined
  }
}
