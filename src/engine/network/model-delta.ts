import {formatCidr} from '../cidr/cidr.js'
import {formatIpv6Cidr} from '../cidr/cidr6.js'
import type {Cluster, Model, NetworkPolicy, SecurityGroup, SecurityGroupRule} from '../topology/model.js'
import {MAX_PORT, MIN_PORT, NETWORK_PROTOCOLS, type NetworkProtocol, type PortRange} from './ports.js'
import {mergeRanges} from './pruning.js'

/**
 * What `diff` must re-evaluate (issue #16): when two models differ only in security-group rules,
 * a flow can change only on the protocols and ports that a differing rule covers. A rule that
 * cannot match a port (another protocol, another range) never decides it, and the rules that can
 * are the same in both files; their order at equal priority changes only which rule index is
 * named in `via`, and a flow allowed on both sides is not a change whatever admits it.
 *
 * Anything else that differs (a workload, a policy, a route, a group's type or members) answers
 * undefined: the caller evaluates every port. The comparison is conservative: an unknown kind of
 * difference always counts as one.
 */
export type AffectedPorts = ReadonlyMap<NetworkProtocol, readonly PortRange[]>

export function sgOnlyDelta(base: Model, head: Model): AffectedPorts | undefined {
  return sgOnlyChange(base, head)?.ports
}

/** An edit to security-group rules only: the ports the differing rules cover, and the groups whose rules differ. */
export interface SgChange {
  ports: AffectedPorts
  /** Groups whose rules differ (or that exist on one side only): only an ENI carrying one can decide differently. */
  groups: ReadonlySet<string>
}

export function sgOnlyChange(base: Model, head: Model): SgChange | undefined {
  const baseGroups = byName(base.securityGroups)
  const headGroups = byName(head.securityGroups)
  if (!baseGroups || !headGroups) return undefined
  const differing: SecurityGroupRule[] = []
  const groups = new Set<string>()
  const add = (name: string, rules: readonly SecurityGroupRule[]) => {
    if (rules.length > 0) groups.add(name), differing.push(...rules)
  }
  for (const [name, group] of baseGroups) {
    const other = headGroups.get(name)
    if (!other) groups.add(name), differing.push(...group.rules)
    else add(name, [...ruleDifference(group.rules, other.rules), ...ruleDifference(other.rules, group.rules)])
  }
  for (const [name, group] of headGroups) if (!baseGroups.has(name)) groups.add(name), differing.push(...group.rules)
  // a group that exists on one side only changes the model elsewhere too (its members), unless nothing uses it
  if (!sameGraph(base, head, 'sgRules')) return undefined
  return {ports: affectedPorts(differing), groups}
}

function byName(groups: readonly SecurityGroup[]): Map<string, SecurityGroup> | undefined {
  const map = new Map<string, SecurityGroup>()
  for (const group of groups) {
    if (map.has(group.name)) return undefined // duplicate names: not worth reasoning about
    map.set(group.name, group)
  }
  return map
}

/** What decides with a rule (not its index, source position or description). */
function ruleKey(rule: SecurityGroupRule): string {
  // an IPv6 block (dual stack) is its own peer, never 'any'
  const peer = rule.peer.type === 'cidr' ? formatCidr(rule.peer.cidr) : rule.peer.type === 'cidr6' ? formatIpv6Cidr(rule.peer.cidr) : rule.peer.type === 'sg' ? `sg:${rule.peer.name}` : 'any'
  const ports = rule.ports ? `${rule.ports.from}-${rule.ports.to}` : '*'
  return `${rule.direction}|${rule.action}|${rule.priority}|${rule.protocol}|${ports}|${peer}`
}

/** Rules of `a` not matched one for one by a rule of `b` (a multiset difference). */
function ruleDifference(a: readonly SecurityGroupRule[], b: readonly SecurityGroupRule[]): SecurityGroupRule[] {
  const counts = new Map<string, number>()
  for (const rule of b) counts.set(ruleKey(rule), (counts.get(ruleKey(rule)) ?? 0) + 1)
  const out: SecurityGroupRule[] = []
  for (const rule of a) {
    const key = ruleKey(rule)
    const left = counts.get(key) ?? 0
    if (left > 0) counts.set(key, left - 1)
    else out.push(rule)
  }
  return out
}

/** Per protocol, the sorted, merged port ranges the rules cover (icmp: the pseudo-port 0). */
export function affectedPorts(rules: readonly SecurityGroupRule[]): AffectedPorts {
  const raw = new Map<NetworkProtocol, PortRange[]>()
  const add = (protocol: NetworkProtocol, range: PortRange) => {
    const list = raw.get(protocol)
    if (list) list.push(range)
    else raw.set(protocol, [range])
  }
  for (const rule of rules) {
    for (const protocol of rule.protocol === 'all' ? NETWORK_PROTOCOLS : [rule.protocol]) {
      if (protocol === 'icmp') add(protocol, {from: 0, to: 0})
      else add(protocol, rule.ports && rule.protocol !== 'all' ? {from: rule.ports.from, to: rule.ports.to} : {from: MIN_PORT, to: MAX_PORT})
    }
  }
  const merged = new Map<NetworkProtocol, PortRange[]>()
  for (const [protocol, list] of raw) merged.set(protocol, mergeRanges(list))
  return merged
}

/**
 * An edit to NetworkPolicies only (issue #16): policies added, removed or changed in any cluster,
 * everything else alike. Per cluster (by name), the policies that differ, from each file: a policy
 * of one file only, or whose selector, types or rules differ from its namesake's (`NS/NAME`).
 * Only a pod one of them selects can be decided differently (netpol-pruning.ts). The unchanged
 * policies must keep their order: the first selecting policy names a deny.
 */
export interface NetpolChange {
  /** Cluster name → the differing policies of both files. */
  policies: ReadonlyMap<string, readonly NetworkPolicy[]>
}

export function netpolOnlyChange(base: Model, head: Model): NetpolChange | undefined {
  if (base.clusters.length !== head.clusters.length) return undefined
  const policies = new Map<string, NetworkPolicy[]>()
  for (let i = 0; i < base.clusters.length; i++) {
    const a = base.clusters[i]!
    const b = head.clusters[i]!
    if (a.name !== b.name) return undefined
    const differing = differingPolicies(a, b)
    if (!differing) return undefined
    if (differing.length > 0) policies.set(a.name, differing)
  }
  if (policies.size === 0 || !sameGraph(base, head, 'policies')) return undefined
  return {policies}
}

function differingPolicies(base: Cluster, head: Cluster): NetworkPolicy[] | undefined {
  const keyed = (cluster: Cluster) => {
    const map = new Map<string, {policy: NetworkPolicy; content: string}>()
    for (const policy of cluster.networkPolicies) {
      const name = `${policy.namespace.name}/${policy.name}`
      if (map.has(name)) return undefined // duplicate names: not worth reasoning about
      map.set(name, {policy, content: policyContent(policy)})
    }
    return map
  }
  const a = keyed(base)
  const b = keyed(head)
  if (!a || !b) return undefined
  const differing: NetworkPolicy[] = []
  const alike = new Set<string>()
  for (const [name, entry] of a) {
    const other = b.get(name)
    if (other && other.content === entry.content) alike.add(name)
    else differing.push(entry.policy)
  }
  for (const [name, entry] of b) if (!alike.has(name)) differing.push(entry.policy)
  // the unchanged policies in the same order on both sides (a pod selected by none that differs then sees the same list)
  const order = (map: Map<string, unknown>) => [...map.keys()].filter((name) => alike.has(name)).join('\u0000')
  return order(a) === order(b) ? differing : undefined
}

/** What decides with a policy: its selector, types and rules (not its source position); `selection`: the selector and types alone. */
export function policyContent(policy: NetworkPolicy, part: 'whole' | 'selection' = 'whole'): string {
  return decidingContent(part === 'whole' ? {podSelector: policy.podSelector, policyTypes: policy.policyTypes, ingress: policy.ingress, egress: policy.egress} : {podSelector: policy.podSelector, policyTypes: policy.policyTypes})
}

/** A value as text, without what never changes an answer (positions; bigints, as IPv6 blocks hold, written out). */
export function decidingContent(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => (IGNORED_KEYS.has(key) ? undefined : typeof inner === 'bigint' ? `${inner}n` : inner))
}

/** Keys that never change an answer: where an object was written, and the file it came from. */
const IGNORED_KEYS = new Set(['source', 'file'])

/**
 * The two model graphs are alike apart from security-group rules (`sgRules`) or apart from the
 * clusters' NetworkPolicies (`policies`): every reachable value is compared (cycles are assumed
 * equal while being compared). With `sgRules`, a security group reached from anywhere compares by
 * name, and each group by name once with everything but its rules; with `policies`, a cluster's
 * policy list is not compared, and a policy reached any other way is a difference.
 * Iterative (the graph is deep: pod → node → pool → nodes → pods ...).
 */
function sameGraph(base: Model, head: Model, apart: 'sgRules' | 'policies'): boolean {
  const seen = new Map<object, object>()
  const back = new Map<object, object>()
  const work: Array<[unknown, unknown]> = [[base, head]]
  const groupsToCompare: Array<[SecurityGroup, SecurityGroup]> = []
  while (work.length > 0) {
    const [a, b] = work.pop()!
    if (a === b) continue
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
      if (typeof a === 'function' && typeof b === 'function') continue
      if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) continue
      return false
    }
    const known = seen.get(a)
    if (known !== undefined) {
      if (known === b) continue
      return false
    }
    // one object on each side for one on the other: identity is read (a pod with itself, a node's pods)
    if (back.has(b)) return false
    seen.set(a, b)
    back.set(b, a)
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
    if (apart === 'policies' && (isPolicy(a) || isPolicy(b))) return false
    if (apart === 'sgRules' && (isGroup(a) || isGroup(b))) {
      if (!isGroup(a) || !isGroup(b) || a.name !== b.name) return false
      groupsToCompare.push([a, b])
      continue
    }
    if (Array.isArray(a)) {
      const other = b as unknown[]
      if (a.length !== other.length) return false
      for (let i = 0; i < a.length; i++) work.push([a[i], other[i]])
      continue
    }
    if (a instanceof Map) {
      const other = b as Map<unknown, unknown>
      if (a.size !== other.size) return false
      const left = [...a]
      const right = [...other]
      for (let i = 0; i < left.length; i++) work.push([left[i]![0], right[i]![0]], [left[i]![1], right[i]![1]])
      continue
    }
    if (a instanceof Set) {
      const other = b as Set<unknown>
      if (a.size !== other.size) return false
      const left = [...a]
      const right = [...other]
      for (let i = 0; i < left.length; i++) work.push([left[i], right[i]])
      continue
    }
    if (ArrayBuffer.isView(a) || a instanceof Date || a instanceof RegExp) {
      if (String(a) !== String(b) || JSON.stringify(a) !== JSON.stringify(b)) return false
      continue
    }
    const keysA = Object.keys(a).filter((k) => !IGNORED_KEYS.has(k))
    const keysB = Object.keys(b).filter((k) => !IGNORED_KEYS.has(k))
    if (keysA.length !== keysB.length) return false
    const cluster = apart === 'policies' && isCluster(a)
    for (const key of keysA) {
      if (!Object.hasOwn(b, key)) return false
      if (cluster && key === 'networkPolicies') continue
      work.push([(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]])
    }
  }
  // each group once, by name, everything but its rules (type, innerAccess, vpc, members)
  for (const [a, b] of groupsToCompare) {
    const {rules: _a, ...restA} = a
    const {rules: _b, ...restB} = b
    if (!sameParts(restA, restB, seen)) return false
  }
  return true
}

function sameParts(a: Record<string, unknown>, b: Record<string, unknown>, seen: Map<object, object>): boolean {
  const keys = Object.keys(a).filter((k) => !IGNORED_KEYS.has(k))
  if (keys.length !== Object.keys(b).filter((k) => !IGNORED_KEYS.has(k)).length) return false
  for (const key of keys) {
    const x = a[key]
    const y = b[key]
    if (x === y) continue
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
      if (typeof x === 'function' && typeof y === 'function') continue
      return false
    }
    // every object a group holds (its VPC, its member list's objects) was reached from the model root
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false
      for (let i = 0; i < x.length; i++) if (!sameReached(x[i], y[i], seen)) return false
      continue
    }
    if (!sameReached(x, y, seen)) return false
  }
  return true
}

function sameReached(x: unknown, y: unknown, seen: Map<object, object>): boolean {
  if (x === y) return true
  if (typeof x !== 'object' || x === null) return false
  const paired = seen.get(x)
  if (paired !== undefined) return paired === y
  // a value only the group holds (a member entry {kind, instance}): compare its fields as reached objects
  if (typeof y !== 'object' || y === null || Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false
  return sameParts(x as Record<string, unknown>, y as Record<string, unknown>, seen)
}

function isPolicy(value: object): boolean {
  return (value as {kind?: unknown}).kind === 'networkPolicy'
}

function isCluster(value: object): boolean {
  return (value as {kind?: unknown}).kind === 'cluster'
}

function isGroup(value: object): value is SecurityGroup {
  return (value as {kind?: unknown}).kind === 'securityGroup'
}
