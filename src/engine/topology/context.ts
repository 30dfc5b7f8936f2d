import {type Cidr, parseCidr} from '../cidr/cidr.js'
import {type Ipv6Cidr, parseIpv6Cidr} from '../cidr/cidr6.js'
import {type Ipv4, parseIpv4} from '../cidr/ipv4.js'
import {type Ipv6, parseIpv6} from '../cidr/ipv6.js'
import type {Finding} from '../findings.js'
import {AddressPool, Ipv6AddressPool} from './allocate.js'
import type {Model, SecurityGroup, SourceRef, VSwitch} from './model.js'
import {appendPath, formatPath, parsePath, type PathSegment, type Positions} from './positions.js'
import {didYouMean} from '../suggest.js'

/**
 * Shared state of one resolution: findings, positions of every file involved, address pools.
 * Helpers report located findings; they never throw for problems in the file.
 */
/**
 * Reliability guard (issue #9): nodes and pods are materialised one object each, so a 60-byte
 * `count: 1000000000` would otherwise hang the resolver and exhaust memory. 60,000 nodes: a
 * VPC holds at most 60,000 private IPs and every node needs one (VPC quotas page,
 * https://alibabacloud.com/help/ja/vpc/user-guide/vpc-quotas). 250,000 pods: far above any
 * real file (the SPEC §6 benchmark has about 7,000) and still inside the 512 MB budget.
 */
export const MAX_MODEL_NODES = 60_000
export const MAX_MODEL_PODS = 250_000

export class ResolveContext {
  readonly findings: Finding[] = []
  /** Nodes and pods materialised so far, checked against MAX_MODEL_NODES / MAX_MODEL_PODS. */
  readonly materialised = {nodes: 0, pods: 0}
  /** Bytes of manifest files read so far (issue #9: capped at MAX_INPUT_BYTES in total). */
  manifestBytes = 0
  readonly positions = new Map<string, Positions>()
  readonly pools = new Map<VSwitch, AddressPool>()
  /** IPv6 pools of vSwitches that have an `ipv6Cidr`. */
  readonly ipv6Pools = new Map<VSwitch, Ipv6AddressPool>()
  /** `kind` → names that exist but could not be resolved (no unknown-reference for them). */
  private readonly broken = new Map<string, Set<string>>()

  constructor(readonly file: string, positions: Positions, readonly prunedNames: ReadonlySet<string>) {
    this.positions.set(file, positions)
  }

  locate(source: SourceRef, what: 'key' | 'value' = 'key', field?: string | readonly PathSegment[]): {file: string; line: number; column: number; path: string} {
    const segments = [...parsePath(source.path), ...(field === undefined ? [] : typeof field === 'string' ? parsePath(field) : field)]
    const positions = this.positions.get(source.file)
    const {line, column} = positions ? positions.locate(segments, what) : {line: 1, column: 1}
    return {file: source.file, line, column, path: formatPath(segments)}
  }

  report(ruleId: string, message: string, source: SourceRef, what: 'key' | 'value' = 'key', field?: string | readonly PathSegment[]): void {
    this.findings.push({ruleId, severity: 'error', message, ...this.locate(source, what, field)})
  }

  markBroken(kind: string, name: string): void {
    if (!this.broken.has(kind)) this.broken.set(kind, new Set())
    this.broken.get(kind)!.add(name)
  }

  /**
   * Looks `name` up; reports `unknown-reference` (with the closest names) at `field` of `source`
   * when absent, unless the target exists but was itself broken.
   */
  ref<T>(kind: string, name: string, map: ReadonlyMap<string, T>, source: SourceRef, field: string | readonly PathSegment[], scope = ''): T | undefined {
    const found = map.get(name)
    if (found !== undefined) return found
    if (this.broken.get(kind)?.has(name) || this.prunedNames.has(name)) return undefined
    this.report('unknown-reference', `unknown ${kind} "${name}"${scope}${didYouMean(name, map.keys())}`, source, 'value', field)
    return undefined
  }

  /** Parses a CIDR field; `cidr-syntax` finding (with the network form) when it is not one. */
  cidr(text: string, source: SourceRef, field: string | readonly PathSegment[]): Cidr | undefined {
    const result = parseCidr(text)
    if (result.ok) return result.cidr
    this.report('cidr-syntax', result.message, source, 'value', field)
    return undefined
  }

  /** Parses an IPv6 CIDR field (dual stack); `cidr-syntax` finding when it is not one, or is IPv4. */
  cidr6(text: string, source: SourceRef, field: string | readonly PathSegment[]): Ipv6Cidr | undefined {
    if (!text.includes(':')) {
      const asIpv4 = parseCidr(text).ok ? `; ${text} is an IPv4 block` : ''
      this.report('cidr-syntax', `${JSON.stringify(text)} is not an IPv6 CIDR block (expected text like 2408:4005:3bc::/56)${asIpv4}`, source, 'value', field)
      return undefined
    }
    const result = parseIpv6Cidr(text)
    if (result.ok) return result.cidr
    this.report('cidr-syntax', result.message, source, 'value', field)
    return undefined
  }

  /** A CIDR field of either family (a colon means IPv6), tagged; `cidr-syntax` finding when it is not one. */
  cidrAny(text: string, source: SourceRef, field: string | readonly PathSegment[]): {family: 4; cidr: Cidr} | {family: 6; cidr: Ipv6Cidr} | undefined {
    if (text.includes(':')) {
      const cidr = this.cidr6(text, source, field)
      return cidr && {family: 6, cidr}
    }
    const cidr = this.cidr(text, source, field)
    return cidr && {family: 4, cidr}
  }

  /** Parses an IPv6 address field; `schema` finding when it is not one. */
  ipv6(text: string, source: SourceRef, field: string | readonly PathSegment[]): Ipv6 | undefined {
    const address = parseIpv6(text)
    if (address !== undefined) return address
    const hint = text.includes('/') ? ' (give an address, not a CIDR block)' : parseIpv4(text) !== undefined ? ' (this is an IPv4 address; it belongs in ip)' : ''
    this.report('schema', `${JSON.stringify(text)} is not an IPv6 address${hint}`, source, 'value', field)
    return undefined
  }

  /** Parses an IPv4 address field; `schema` finding when it is not one. */
  ip(text: string, source: SourceRef, field: string | readonly PathSegment[]): Ipv4 | undefined {
    const ip = parseIpv4(text)
    if (ip !== undefined) return ip
    const hint = text.includes('/') ? ' (give an address, not a CIDR block)' : ''
    this.report('schema', `${JSON.stringify(text)} is not an IPv4 address${hint}`, source, 'value', field)
    return undefined
  }

  pool(vswitch: VSwitch): AddressPool {
    let pool = this.pools.get(vswitch)
    if (!pool) {
      pool = new AddressPool(vswitch)
      this.pools.set(vswitch, pool)
    }
    return pool
  }

  /** The IPv6 pool of a vSwitch, or undefined when it has no `ipv6Cidr`. */
  ipv6Pool(vswitch: VSwitch): Ipv6AddressPool | undefined {
    if (!vswitch.ipv6Cidr) return undefined
    let pool = this.ipv6Pools.get(vswitch)
    if (!pool) {
      pool = new Ipv6AddressPool(vswitch.ipv6Cidr)
      this.ipv6Pools.set(vswitch, pool)
    }
    return pool
  }

  /** The next free IPv6 address of a vSwitch's /64, or undefined when it has none. */
  allocateIpv6(vswitch: VSwitch): Ipv6 | undefined {
    return this.ipv6Pool(vswitch)?.allocate()
  }

  /** Allocates the next address of a vSwitch, counting overflow on it. */
  allocate(vswitch: VSwitch): Ipv4 | undefined {
    const ip = this.pool(vswitch).allocate()
    if (ip === undefined) vswitch.overflow++
    return ip
  }
}

/** `base.path` + a child: `child(src, 'vswitches', 2)` → `vpcs[0].vswitches[2]`. */
export function child(source: SourceRef, ...segments: PathSegment[]): SourceRef {
  // hot path (one call per object): append, never re-parse
  return {file: source.file, path: appendPath(source.path, segments)}
}

/** Registers `item` under `name`, reporting duplicate-name on the later one. */
export function register<T>(ctx: ResolveContext, map: Map<string, T>, name: string, item: T, what: string, source: SourceRef, scope = '', nameField = 'name'): boolean {
  if (map.has(name)) {
    const first = (map.get(name) as {source?: SourceRef}).source
    const firstAt = first ? ctx.locate(first) : undefined
    const where = firstAt ? ` (first at ${firstAt.file === source.file ? 'line ' : `${firstAt.file}:`}${firstAt.line})` : ''
    ctx.report('duplicate-name', `duplicate ${what} name "${name}"${scope}${where}`, source, 'value', nameField)
    return false
  }
  map.set(name, item)
  return true
}

/** Resolves a list of security group names (unknown ones reported and dropped). */
export function resolveGroups(ctx: ResolveContext, model: Model, names: readonly string[] | undefined, source: SourceRef, field: string): SecurityGroup[] {
  const groups: SecurityGroup[] = []
  ;(names ?? []).forEach((name, i) => {
    const group = ctx.ref('security group', name, model.securityGroupByName, source, [field, i])
    if (group && !groups.includes(group)) groups.push(group)
  })
  return groups
}

