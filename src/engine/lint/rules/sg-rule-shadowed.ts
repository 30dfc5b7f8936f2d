import {formatCidr} from '../../cidr/cidr.js'
import {formatIpv6Cidr, ipv6LastAddress} from '../../cidr/cidr6.js'
import {IPV6_MAX} from '../../cidr/ipv6.js'
import {cidrToRange} from '../../cidr/range.js'
import type {Finding} from '../../findings.js'
import type {Model, SecurityGroup, SecurityGroupRule} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

/**
 * A rule no packet can reach: the rules of the same group that come before it in Alibaba Cloud's
 * evaluation order (priority 1–100, lower first; at equal priority drop before accept; then the
 * order of declaration, as the reach engine sorts them) together cover its protocol, every port
 * and every peer address. Checked within one group: all groups on an ENI form one ordered list,
 * but which groups share an ENI changes with every instance, while a group's own rules are what
 * its author can act on (docs/lint.md).
 *
 * Dual stack: a rule with an IPv4 block and one with an IPv6 block never touch; a rule for any
 * address (peer omitted) covers both families, and is reached by IPv6 packets only in a VPC that
 * has an IPv6 block (so IPv4-only VPCs are judged on IPv4 alone, as before).
 */
export const sgRuleShadowedRule: LintRule<Model> = {
  id: 'sg-rule-shadowed',
  severity: 'warning',
  description: 'A security-group rule that no packet can reach: rules of the same group that win over it cover it',
  help: 'Alibaba Cloud evaluates a group by priority (1–100, lower first; at equal priority drop wins) and the first matching rule decides, so a rule covered by higher-priority rules, or by an equal-priority drop rule, or by the union of such rules, never decides anything. Usually a priority was mistyped or a broad drop rule was added above; remove the rule or fix the priorities.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const group of model.securityGroups) {
      for (const rule of group.rules) {
        const winners = coveringRules(group, rule)
        if (!winners) continue
        const list = winners.map((w) => `#${w.index} (${describe(w)})`).join(', ')
        findings.push(ctx.finding(rule.source, '', `security group ${group.name}: rule #${rule.index} (${describe(rule)}) is never reached: ${winners.length === 1 ? 'rule' : 'rules'} ${list} ${winners.length === 1 ? 'decides' : 'decide'} every packet it matches first`, 'key'))
      }
    }
    return findings
  },
}

/** True when `a` is evaluated before `b` (the engine's order). */
export function winsOver(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority
  if (a.action !== b.action) return a.action === 'drop'
  return a.index < b.index
}

/** Ports × peer addresses; addresses are numbers (IPv4) or BigInts (IPv6), never mixed in one box. */
interface Box<A extends number | bigint = number | bigint> {
  portFrom: number
  portTo: number
  addrFrom: A
  addrTo: A
}

type Family = 4 | 6

/** The rules before `rule` that together cover it, or undefined when some packet still reaches it. */
export function coveringRules(group: SecurityGroup, rule: SecurityGroupRule): SecurityGroupRule[] | undefined {
  const candidates = group.rules.filter((other) => other !== rule && other.direction === rule.direction && winsOver(other, rule) && protocolCovers(other, rule) && peerTouches(other, rule) && portsTouch(other, rule))
  if (candidates.length === 0) return undefined
  if (rule.peer.type === 'sg') {
    // a security-group peer: only rules for the same group or for every address cover it
    const covering = candidates.filter((other) => other.peer.type === 'any' || (other.peer.type === 'sg' && rule.peer.type === 'sg' && other.peer.name === rule.peer.name))
    return coversPorts(covering.map((c) => portsOf(c)), portsOf(rule)) ? covering : undefined
  }
  const families: Family[] = rule.peer.type === 'cidr' ? [4] : rule.peer.type === 'cidr6' ? [6] : group.vpc.ipv6Cidr ? [4, 6] : [4]
  const covering = new Set<SecurityGroupRule>()
  for (const family of families) {
    const target = box(rule, family)!
    const boxes = candidates.map((c) => ({rule: c, box: box(c, family)})).filter((c): c is {rule: SecurityGroupRule; box: Box} => c.box !== undefined)
    const used = coversBox(boxes.map((b) => b.box), target)
    if (!used) return undefined
    boxes.forEach((b, i) => used.has(i) && covering.add(b.rule))
  }
  // in evaluation-candidate order, as before
  return candidates.filter((c) => covering.has(c))
}

function protocolCovers(other: SecurityGroupRule, rule: SecurityGroupRule): boolean {
  return other.protocol === 'all' || other.protocol === rule.protocol
}

function portsOf(rule: SecurityGroupRule): {from: number; to: number} {
  return rule.ports ?? {from: 1, to: 65_535}
}

function portsTouch(other: SecurityGroupRule, rule: SecurityGroupRule): boolean {
  const a = portsOf(other)
  const b = portsOf(rule)
  return a.from <= b.to && b.from <= a.to
}

function peerTouches(other: SecurityGroupRule, rule: SecurityGroupRule): boolean {
  if (other.peer.type === 'any' || rule.peer.type === 'any') return true
  if (other.peer.type === 'sg' || rule.peer.type === 'sg') return other.peer.type === 'sg' && rule.peer.type === 'sg' && other.peer.name === rule.peer.name
  if (other.peer.type === 'cidr6' || rule.peer.type === 'cidr6') {
    if (other.peer.type !== 'cidr6' || rule.peer.type !== 'cidr6') return false
    return other.peer.cidr.network <= ipv6LastAddress(rule.peer.cidr) && rule.peer.cidr.network <= ipv6LastAddress(other.peer.cidr)
  }
  const a = cidrToRange(other.peer.cidr)
  const b = cidrToRange(rule.peer.cidr)
  return a.start <= b.end && b.start <= a.end
}

/** Ports × peer addresses of one family; undefined for a security-group peer (no address range) or a block of the other family. */
function box(rule: SecurityGroupRule, family: Family): Box | undefined {
  const ports = portsOf(rule)
  const peer = rule.peer
  if (peer.type === 'sg') return undefined
  if (family === 6) {
    if (peer.type === 'cidr') return undefined
    const [from, to] = peer.type === 'any' ? [0n, IPV6_MAX] : [peer.cidr.network, ipv6LastAddress(peer.cidr)]
    return {portFrom: ports.from, portTo: ports.to, addrFrom: from, addrTo: to}
  }
  if (peer.type === 'cidr6') return undefined
  const range = peer.type === 'any' ? {start: 0, end: 2 ** 32 - 1} : cidrToRange(peer.cidr)
  return {portFrom: ports.from, portTo: ports.to, addrFrom: range.start, addrTo: range.end}
}

function coversPorts(ranges: Array<{from: number; to: number}>, target: {from: number; to: number}): boolean {
  let next = target.from
  for (const range of [...ranges].sort((a, b) => a.from - b.from)) {
    if (range.from > next) break
    if (range.to >= next) next = range.to + 1
    if (next > target.to) return true
  }
  return next > target.to
}

/**
 * Whether the union of boxes covers the target: the target is cut at every box edge inside it
 * and each cell is checked. Returns the boxes that cover some cell (the rules to name).
 */
function coversBox(boxes: Box[], target: Box): Set<number> | undefined {
  const portCuts = cutsWithin(target.portFrom, target.portTo, boxes.flatMap((b) => [b.portFrom, b.portTo + 1]))
  // one family per call: the end + 1 of a BigInt bound is a BigInt
  const after = (a: number | bigint): number | bigint => (typeof a === 'bigint' ? a + 1n : a + 1)
  const addrCuts = cutsWithin(target.addrFrom, target.addrTo, boxes.flatMap((b) => [b.addrFrom, after(b.addrTo)]))
  const used = new Set<number>()
  for (const port of portCuts) {
    for (const addr of addrCuts) {
      const index = boxes.findIndex((b) => b.portFrom <= port && port <= b.portTo && b.addrFrom <= addr && addr <= b.addrTo)
      if (index < 0) return undefined
      used.add(index)
    }
  }
  return used
}

/** The starts of the pieces [from, to] is cut into by `points`. */
function cutsWithin<A extends number | bigint>(from: A, to: A, points: A[]): A[] {
  const starts = new Set<A>([from])
  for (const point of points) if (point > from && point <= to) starts.add(point)
  return [...starts]
}

function describe(rule: SecurityGroupRule): string {
  const ports = rule.ports ? ` ${rule.ports.from === rule.ports.to ? rule.ports.from : `${rule.ports.from}/${rule.ports.to}`}` : ''
  const peer = rule.peer.type === 'any' ? (rule.group.vpc.ipv6Cidr ? 'any address' : '0.0.0.0/0') : rule.peer.type === 'sg' ? `sg:${rule.peer.name}` : rule.peer.type === 'cidr6' ? formatIpv6Cidr(rule.peer.cidr) : formatCidr(rule.peer.cidr)
  return `${rule.action} ${rule.protocol}${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peer}, priority ${rule.priority}`
}
