import {type AnyCidr, cidrContainsAny, cidrsOverlapAny} from '../../cidr/any.js'
import type {Finding} from '../../findings.js'
import {selectorMatches} from '../../reach/labels.js'
import type {Cluster, Model, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, Workload} from '../../topology/model.js'
import {NAMESPACE_NAME_LABEL} from '../../topology/resolve-cluster.js'
import {selectWorkloads} from '../helpers.js'
import type {LintRule} from '../rule.js'

/**
 * NetworkPolicies only add allowances: a rule adds nothing when one other rule of the same
 * direction, in a policy of the same namespace that selects at least the same workloads, already
 * allows every peer and every port it names. Peers are compared on the workloads of the file (a
 * selector peer is covered when the other rule's peers match every workload it matches, and it
 * matches at least one), ipBlocks by containment. Of two rules that cover each other, the later
 * one is reported. A rule covered only by the union of several rules is not reported (docs/lint.md).
 */
export const netpolRuleRedundantRule: LintRule<Model> = {
  id: 'netpol-rule-redundant',
  severity: 'info',
  description: 'A NetworkPolicy rule whose traffic another rule already allows',
  help: 'NetworkPolicies are additive: a pod admits what any rule of any policy selecting it admits. A rule whose peers and ports another rule (of the same or another policy selecting the same pods) already allows changes nothing; it usually survives a refactoring. Remove it, or narrow the broader rule if that one is the mistake.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      const entries = ruleEntries(cluster)
      for (const entry of entries) {
        const cover = entries.find((other) => other !== entry && covers(cluster, other, entry) && (!covers(cluster, entry, other) || other.order < entry.order))
        if (!cover) continue
        const name = (e: RuleEntry) => `${e.policy.namespace.name}/${e.policy.name} ${e.direction}[${e.rule.index}]`
        findings.push(ctx.finding(entry.rule.source, '', `NetworkPolicy ${name(entry)} allows nothing that ${cover.policy === entry.policy ? `its rule ${cover.direction}[${cover.rule.index}]` : `NetworkPolicy ${name(cover)}`} does not already allow`, 'key'))
      }
    }
    return findings
  },
}

interface RuleEntry {
  policy: NetworkPolicy
  direction: 'ingress' | 'egress'
  rule: NetworkPolicyRule
  selected: Set<Workload>
  order: number
}

function ruleEntries(cluster: Cluster): RuleEntry[] {
  const entries: RuleEntry[] = []
  for (const policy of cluster.networkPolicies) {
    const selected = new Set(selectWorkloads(cluster, policy.namespace, policy.podSelector))
    if (selected.size === 0) continue // netpol-selects-nothing says so
    for (const direction of ['ingress', 'egress'] as const) {
      if (!policy.policyTypes.includes(direction === 'ingress' ? 'Ingress' : 'Egress')) continue
      for (const rule of policy[direction]) entries.push({policy, direction, rule, selected, order: entries.length})
    }
  }
  return entries
}

/** `cover` allows, for every pod `entry` applies to, every peer and port `entry` allows. */
function covers(cluster: Cluster, cover: RuleEntry, entry: RuleEntry): boolean {
  if (cover.direction !== entry.direction || cover.policy.namespace !== entry.policy.namespace) return false
  for (const workload of entry.selected) if (!cover.selected.has(workload)) return false
  return portsCover(cover.rule.ports, entry.rule.ports) && peersCover(cluster, cover, entry)
}

function peersCover(cluster: Cluster, cover: RuleEntry, entry: RuleEntry): boolean {
  if (!cover.rule.peers) return true
  if (!entry.rule.peers) return false
  return entry.rule.peers.every((peer) => {
    if (peer.ipBlock) {
      const block = peer.ipBlock
      // blocks of different families never cover each other (cidrContainsAny)
      return cover.rule.peers!.some((other) => other.ipBlock && cidrContainsAny(other.ipBlock.cidr, block.cidr) && other.ipBlock.except.every((hole: AnyCidr) => block.except.some((mine: AnyCidr) => cidrContainsAny(mine, hole)) || !cidrsOverlapAny(hole, block.cidr)))
    }
    const matched = peerWorkloads(cluster, entry.policy, peer)
    if (matched.length === 0) return false
    return matched.every((workload) => cover.rule.peers!.some((other) => !other.ipBlock && peerWorkloads(cluster, cover.policy, other).includes(workload)))
  })
}


/** The workloads a selector peer matches (namespaceSelector with the automatic name label; podSelector alone: the policy's namespace). */
function peerWorkloads(cluster: Cluster, policy: NetworkPolicy, peer: NetworkPolicyPeer): Workload[] {
  const everyPod = {matchLabels: {}, matchExpressions: []}
  if (!peer.namespaceSelector) return selectWorkloads(cluster, policy.namespace, peer.podSelector ?? everyPod)
  const namespaces = new Set(cluster.namespaces.filter((ns) => selectorMatches(peer.namespaceSelector!, {...ns.labels, [NAMESPACE_NAME_LABEL]: ns.name})))
  return selectWorkloads(cluster, undefined, peer.podSelector ?? everyPod).filter((w) => namespaces.has(w.namespace))
}

function portsCover(cover: NetworkPolicyPort[] | undefined, entry: NetworkPolicyPort[] | undefined): boolean {
  if (!cover) return true
  if (!entry) return false
  return entry.every((port) => {
    const same = cover.filter((c) => c.protocol === port.protocol)
    if (same.some((c) => c.port === undefined)) return true
    if (port.port === undefined) return false
    if (typeof port.port === 'string' && !/^\d+$/.test(port.port)) return same.some((c) => c.port === port.port)
    const from = Number(port.port)
    const to = port.endPort ?? from
    const ranges = same.filter((c) => typeof c.port === 'number' || /^\d+$/.test(String(c.port))).map((c) => ({from: Number(c.port), to: c.endPort ?? Number(c.port)})).sort((a, b) => a.from - b.from)
    let next = from
    for (const range of ranges) {
      if (range.from > next) break
      if (range.to >= next) next = range.to + 1
    }
    return next > to
  })
}
