import {type Cidr, cidrContainsAddress, formatCidr, parseCidr} from '../cidr/cidr.js'
import {formatIpv6Cidr, type Ipv6Cidr, ipv6CidrContainsAddress, parseIpv6Cidr} from '../cidr/cidr6.js'
import type {Address} from './family.js'
import {compareSgPrecedence} from '../platform/sg-precedence.js'

/**
 * Alibaba Cloud security-group evaluation for one ENI (SOURCES.securityGroups, alibaba-facts §6):
 * all groups on the ENI form one list ordered by priority (1–100, lower first); at equal
 * priority drop wins; the first matching rule decides. With no match: basic groups accept
 * ingress only from members of the same group (unless innerAccess is drop) and accept all
 * egress; enterprise groups drop both. Groups are stateful, so only new connections are
 * evaluated here. Rules are sorted once per distinct group set and reused across queries.
 * A CIDR peer is of one family: an IPv4 block never matches an IPv6 peer and the other way round
 * (Alibaba Cloud rules name SourceCidrIp or Ipv6SourceCidrIp), so each direction keeps one sorted
 * list per family and the IPv4 list holds no IPv6 rule.
 */

export type SgDirection = 'ingress' | 'egress'
export type SgProtocol = 'tcp' | 'udp' | 'icmp' | 'all'

export interface SecurityGroupRuleInput {
  direction: SgDirection
  action?: 'accept' | 'drop'
  priority?: number
  protocol: SgProtocol | string
  ports?: string
  peer?: string
  /**
   * Already-parsed forms of `ports` and a CIDR `peer` (the topology model has them): no
   * re-parsing, and `ports`/`peer` may then be left out (descriptions are rebuilt from these).
   */
  portRange?: {from: number; to: number}
  peerCidr?: Cidr | Ipv6Cidr
  /** An `sg:NAME` peer by name (the topology model's typed peer; `peer` need not be given). */
  peerGroup?: string
}

export interface SecurityGroupInput {
  name: string
  type?: 'basic' | 'enterprise'
  innerAccess?: 'accept' | 'drop'
  rules?: readonly SecurityGroupRuleInput[]
}

/**
 * perf: a class rather than an object literal with a getter — 10,000 rules on the xl topology
 * were ≈ 35 ms to build as literals (a closure and an accessor each); the text stays lazy.
 */
class CompiledSgRule {
  peerCidr?: Cidr
  peerCidr6?: Ipv6Cidr
  peerGroup?: string
  private described?: string

  constructor(
    readonly group: string,
    readonly index: number,
    readonly direction: SgDirection,
    readonly action: 'accept' | 'drop',
    readonly priority: number,
    readonly protocol: string,
    readonly portFrom: number,
    readonly portTo: number,
    private readonly source: SecurityGroupRuleInput,
  ) {}

  /** Human description, built on first use (only verdict details and --explain read it). */
  get text(): string {
    return (this.described ??= describeRule(this.group, this.index, this.source, this.priority, this.action))
  }
}

export interface SgDecision {
  accepted: boolean
  /** The group whose rule decided, or whose default applied. */
  group: string
  /** Set when a rule decided (0-based index in its group's rules). */
  ruleIndex?: number
  priority?: number
  /** True when no rule matched and the group-type default decided. */
  byDefault: boolean
  detail: string
  /** Rules that also matched but lost to the deciding one (for --explain). */
  overridden: string[]
}

const DEFAULT_PRIORITY = 1 // AuthorizeSecurityGroup: priority defaults to 1

function parsePorts(text: string | undefined): [number, number] {
  if (text === undefined || text === null || text === '' || text === '-1/-1') return [1, 65535]
  const [start, end] = String(text).split('/')
  const from = Number(start)
  const to = end === undefined ? from : Number(end)
  if (!Number.isInteger(from) || !Number.isInteger(to)) return [1, 65535]
  return [from, to]
}

function describeRule(group: string, index: number, rule: SecurityGroupRuleInput, priority: number, action: string): string {
  // perf: callers with parsed forms may leave out the texts; they are rebuilt here, only when shown
  const portsText = rule.ports ?? (rule.portRange ? `${rule.portRange.from}/${rule.portRange.to}` : undefined)
  const ports = portsText && rule.protocol !== 'all' && rule.protocol !== 'icmp' ? ` ${portsText}` : ''
  const peer = rule.peer ?? (rule.peerCidr ? (rule.peerCidr.family === 6 ? formatIpv6Cidr(rule.peerCidr) : formatCidr(rule.peerCidr)) : rule.peerGroup !== undefined ? `sg:${rule.peerGroup}` : 'any')
  return `${group} rule ${index} (${action} ${rule.protocol}${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peer}, priority ${priority})`
}

function compileRule(group: string, index: number, rule: SecurityGroupRuleInput): CompiledSgRule | undefined {
  const action = rule.action ?? 'accept'
  const priority = rule.priority ?? DEFAULT_PRIORITY
  const protocol = String(rule.protocol).toLowerCase()
  const [portFrom, portTo] = protocol === 'tcp' || protocol === 'udp' ? (rule.portRange ? [rule.portRange.from, rule.portRange.to] : parsePorts(rule.ports)) : [0, 65535]
  const compiled = new CompiledSgRule(group, index, rule.direction === 'egress' ? 'egress' : 'ingress', action, priority, protocol, portFrom, portTo, rule)
  if (rule.peerCidr) {
    if (rule.peerCidr.family === 6) compiled.peerCidr6 = rule.peerCidr
    else compiled.peerCidr = rule.peerCidr
  } else if (rule.peerGroup !== undefined) {
    compiled.peerGroup = rule.peerGroup
  } else if (rule.peer !== undefined && rule.peer !== null) {
    if (rule.peer.startsWith('sg:')) compiled.peerGroup = rule.peer.slice(3)
    else if (rule.peer.includes(':')) {
      const parsed = parseIpv6Cidr(rule.peer.includes('/') ? rule.peer : `${rule.peer}/128`)
      if (!parsed.ok) return undefined
      compiled.peerCidr6 = parsed.cidr
    } else {
      const parsed = parseCidr(rule.peer.includes('/') ? rule.peer : `${rule.peer}/32`)
      if (!parsed.ok) return undefined // reported by lint (cidr-syntax); a broken rule matches nothing
      compiled.peerCidr = parsed.cidr
    }
  }
  return compiled
}

// lower priority number first; at equal priority drop before accept; then declaration order (stable sort)
const byPrecedence = compareSgPrecedence

/** Each group's rules are parsed once, however many ENI group sets include the group. */
const compiledByGroup = new WeakMap<SecurityGroupInput, CompiledSgRule[]>()
function compiledRules(group: SecurityGroupInput): CompiledSgRule[] {
  let compiled = compiledByGroup.get(group)
  if (!compiled) {
    compiled = []
    const rules = group.rules ?? []
    for (let index = 0; index < rules.length; index++) {
      const rule = compileRule(group.name, index, rules[index]!)
      if (rule) compiled.push(rule)
    }
    compiledByGroup.set(group, compiled)
  }
  return compiled
}

/** The sorted rule lists of one ENI (one distinct set of groups). */
export class EniPolicy {
  readonly groups: readonly SecurityGroupInput[]
  private readonly ingress: CompiledSgRule[]
  private readonly egress: CompiledSgRule[]
  private readonly ingress6: CompiledSgRule[]
  private readonly egress6: CompiledSgRule[]
  readonly enterprise: boolean

  constructor(groups: readonly SecurityGroupInput[]) {
    this.groups = groups
    const all: CompiledSgRule[] = []
    for (const group of groups) all.push(...compiledRules(group))
    // Array.prototype.sort is stable, so declaration order breaks remaining ties
    const ipv4 = all.filter((rule) => rule.peerCidr6 === undefined)
    const ipv6 = all.filter((rule) => rule.peerCidr === undefined)
    this.ingress = ipv4.filter((rule) => rule.direction === 'ingress').sort(byPrecedence)
    this.egress = ipv4.filter((rule) => rule.direction === 'egress').sort(byPrecedence)
    this.ingress6 = ipv6.filter((rule) => rule.direction === 'ingress').sort(byPrecedence)
    this.egress6 = ipv6.filter((rule) => rule.direction === 'egress').sort(byPrecedence)
    // basic and enterprise cannot be mixed on one ENI (lint: sg-mixed-types); any enterprise group makes the defaults enterprise
    this.enterprise = groups.some((g) => g.type === 'enterprise')
  }

  private egressText?: string

  /**
   * What the egress evaluation reads of this ENI, as text: its egress rules of each family in the
   * order they are evaluated (protocol, ports, peer, action: not their groups, indexes or
   * priorities, which only name the deciding rule) and whether its default drops. ENIs with one
   * signature accept and drop alike whatever they send to; a denial's object and text still name
   * the ENI's own groups.
   */
  get egressSignature(): string {
    if (this.egressText === undefined) {
      const text = (rule: CompiledSgRule) => {
        const peer = rule.peerCidr ? formatCidr(rule.peerCidr) : rule.peerCidr6 ? formatIpv6Cidr(rule.peerCidr6) : rule.peerGroup !== undefined ? `sg:${rule.peerGroup}` : '*'
        return `${rule.action} ${rule.protocol} ${rule.portFrom}-${rule.portTo} ${peer}`
      }
      this.egressText = `${this.enterprise ? 'drop' : 'accept'};${this.egress.map(text).join(';')};v6;${this.egress6.map(text).join(';')}`
    }
    return this.egressText
  }

  /**
   * Evaluates a new connection. `peerIp` is the other end's address as this ENI sees it;
   * `peerGroups` the groups that address is a member of (for `sg:NAME` peers and the basic
   * same-group default).
   */
  evaluate(direction: SgDirection, protocol: string, port: number, peerIp: Address, peerGroups: ReadonlySet<string>, collectOverridden = true, describe = true): SgDecision {
    if (typeof peerIp !== 'number') return this.evaluate6(direction, protocol, port, peerIp, peerGroups, collectOverridden, describe)
    const rules = direction === 'ingress' ? this.ingress : this.egress
    const wanted = protocol.toLowerCase()
    let decided: CompiledSgRule | undefined
    const overridden: string[] = []
    for (const rule of rules) {
      if (rule.protocol !== 'all' && rule.protocol !== wanted) continue
      if ((wanted === 'tcp' || wanted === 'udp') && rule.protocol !== 'all' && (port < rule.portFrom || port > rule.portTo)) continue
      if (rule.peerCidr && !cidrContainsAddress(rule.peerCidr, peerIp)) continue
      if (rule.peerGroup !== undefined && !peerGroups.has(rule.peerGroup)) continue
      if (!decided) {
        decided = rule
        if (!collectOverridden) break // the losers are only listed for --explain
      } else overridden.push(rule.text)
    }
    return this.decide(decided, overridden, direction, wanted, port, peerGroups, describe)
  }

  /** The IPv6 twin of the loop above: IPv6 CIDR peers on BigInt addresses (kept apart so IPv4 stays on numbers). */
  private evaluate6(direction: SgDirection, protocol: string, port: number, peerIp: bigint, peerGroups: ReadonlySet<string>, collectOverridden: boolean, describe: boolean): SgDecision {
    const rules = direction === 'ingress' ? this.ingress6 : this.egress6
    const wanted = protocol.toLowerCase()
    let decided: CompiledSgRule | undefined
    const overridden: string[] = []
    for (const rule of rules) {
      if (rule.protocol !== 'all' && rule.protocol !== wanted) continue
      if ((wanted === 'tcp' || wanted === 'udp') && rule.protocol !== 'all' && (port < rule.portFrom || port > rule.portTo)) continue
      if (rule.peerCidr6 && !ipv6CidrContainsAddress(rule.peerCidr6, peerIp)) continue
      if (rule.peerGroup !== undefined && !peerGroups.has(rule.peerGroup)) continue
      if (!decided) {
        decided = rule
        if (!collectOverridden) break
      } else overridden.push(rule.text)
    }
    return this.decide(decided, overridden, direction, wanted, port, peerGroups, describe)
  }

  private decide(decided: CompiledSgRule | undefined, overridden: string[], direction: SgDirection, wanted: string, port: number, peerGroups: ReadonlySet<string>, describe: boolean): SgDecision {
    if (decided) {
      return {
        accepted: decided.action === 'accept',
        group: decided.group,
        ruleIndex: decided.index,
        priority: decided.priority,
        byDefault: false,
        // an accepting rule's text is only needed when the path is shown
        detail: !describe && decided.action === 'accept' ? '' : `${decided.text} ${decided.action === 'accept' ? 'accepts' : 'drops'} ${wanted}${wanted === 'tcp' || wanted === 'udp' ? `/${port}` : ''}`,
        overridden,
      }
    }
    return this.fallback(direction, wanted, port, peerGroups)
  }

  private fallback(direction: SgDirection, protocol: string, port: number, peerGroups: ReadonlySet<string>): SgDecision {
    const what = `${protocol}${protocol === 'tcp' || protocol === 'udp' ? `/${port}` : ''}`
    const first = this.groups[0]?.name ?? '(none)'
    if (this.groups.length === 0) {
      return {accepted: direction === 'egress', group: first, byDefault: true, detail: 'no security group on this ENI', overridden: []}
    }
    if (this.enterprise) {
      return {accepted: false, group: first, byDefault: true, detail: `no rule in group ${this.groups.map((g) => g.name).join(', ')} accepts ${what} (enterprise groups drop by default)`, overridden: []}
    }
    if (direction === 'egress') {
      return {accepted: true, group: first, byDefault: true, detail: `no egress rule matches; basic group ${first} accepts egress by default`, overridden: []}
    }
    const sameGroup = this.groups.find((g) => peerGroups.has(g.name) && (g.innerAccess ?? 'accept') === 'accept')
    if (sameGroup) {
      return {accepted: true, group: sameGroup.name, byDefault: true, detail: `no ingress rule matches; the source is a member of basic group ${sameGroup.name} (internal access accept)`, overridden: []}
    }
    const dropInner = this.groups.find((g) => peerGroups.has(g.name))
    const why = dropInner ? `group ${dropInner.name} has innerAccess drop` : 'basic groups accept only their own members by default'
    return {accepted: false, group: first, byDefault: true, detail: `no rule in group ${this.groups.map((g) => g.name).join(', ')} accepts ${what} from this source (${why})`, overridden: []}
  }
}

/** Caches one EniPolicy per distinct ordered set of group names, so each set is sorted once per run. */
export class SecurityGroupIndex {
  private readonly groups = new Map<string, SecurityGroupInput | undefined>()
  private readonly cache = new Map<string, EniPolicy>()
  private readonly lookup?: (name: string) => SecurityGroupInput | undefined

  /** `groups`: every group (the first of a name counts), or a lookup by name asked once per name. */
  constructor(groups: readonly SecurityGroupInput[] | ((name: string) => SecurityGroupInput | undefined)) {
    if (typeof groups === 'function') this.lookup = groups
    else for (const group of groups) if (!this.groups.has(group.name)) this.groups.set(group.name, group)
  }

  group(name: string): SecurityGroupInput | undefined {
    if (this.lookup && !this.groups.has(name)) this.groups.set(name, this.lookup(name))
    return this.groups.get(name)
  }

  forEni(groupNames: readonly string[]): EniPolicy {
    const key = groupNames.join('\u0000')
    let policy = this.cache.get(key)
    if (!policy) {
      policy = new EniPolicy(groupNames.map((name) => this.group(name)).filter((g): g is SecurityGroupInput => g !== undefined))
      this.cache.set(key, policy)
    }
    return policy
  }
}
