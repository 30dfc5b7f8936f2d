import {formatCidr} from '../../cidr/cidr.js'
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

interface Box {
  portFrom: number
  portTo: number
  addrFrom: number
  addrTo: number
}

/** The rules before `rule` that together cover it, or undefined when some packet still reaches it. */
export function coveringRules(group: SecurityGroup, rule: SecurityGroupRule): SecurityGroupRule[] | undefined {
  const candidates = group.rules.filter((other) => other !== rule && other.direction === rule.direction && winsOver(other, rule) && protocolCovers(other, rule) && peerTouches(other, rule) && portsTouch(other, rule))
  if (candidates.length === 0) return undefined
  const target = box(rule)
  if (!target) {
    // a security-group peer: only rules for the same group or for every address cover it
    const covering = candidates.filter((other) => other.peer.type === 'any' || (other.peer.type === 'sg' && rule.peer.type === 'sg' && other.peer.name === rule.peer.name))
    return coversPorts(covering.map((c) => portsOf(c)), portsOf(rule)) ? covering : undefined
  }
  const boxes = candidates.map((c) => ({rule: c, box: box(c)})).filter((c): c is {rule: SecurityGroupRule; box: Box} => c.box !== undefined)
  const used = coversBox(boxes.map((b) => b.box), target)
  return used ? boxes.filter((_, i) => used.has(i)).map((b) => b.rule) : undefined
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
  const a = cidrToRange(other.peer.cidr)
  const b = cidrToRange(rule.peer.cidr)
  return a.start <= b.end && b.start <= a.end
}

/** Ports × peer addresses; undefined for a security-group peer (no address range). */
function box(rule: SecurityGroupRule): Box | undefined {
  const ports = portsOf(rule)
  if (rule.peer.type === 'sg') return undefined
  const range = rule.peer.type === 'any' ? {start: 0, end: 2 ** 32 - 1} : cidrToRange(rule.peer.cidr)
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
  const addrCuts = cutsWithin(target.addrFrom, target.addrTo, boxes.flatMap((b) => [b.addrFrom, b.addrTo + 1]))
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
function cutsWithin(from: number, to: number, points: number[]): number[] {
  const starts = new Set<number>([from])
  for (const point of points) if (point > from && point <= to) starts.add(point)
  return [...starts]
}

function describe(rule: SecurityGroupRule): string {
  const ports = rule.ports ? ` ${rule.ports.from === rule.ports.to ? rule.ports.from : `${rule.ports.from}/${rule.ports.to}`}` : ''
  const peer = rule.peer.type === 'any' ? '0.0.0.0/0' : rule.peer.type === 'sg' ? `sg:${rule.peer.name}` : formatCidr(rule.peer.cidr)
  return `${rule.action} ${rule.protocol}${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peer}, priority ${rule.priority}`
}
