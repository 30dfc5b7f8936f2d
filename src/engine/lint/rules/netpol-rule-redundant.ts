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
 * one is reported. A rule is also redundant when several rules together allow all of it: for
 * each workload (or ipBlock) it names, the rules that allow that peer allow its ports between
 * them. Rules are judged from the last to the first, and a reported rule no longer covers others,
 * so removing every reported rule leaves the allowed traffic as it was (docs/lint.md).
 */
export const netpolRuleRedundantRule: LintRule<Model> = {
  id: 'netpol-rule-redundant',
  severity: 'info',
  description: 'A NetworkPolicy rule whose traffic another rule already allows',
  help: 'NetworkPolicies are additive: a pod admits what any rule of any policy selecting it admits. A rule whose peers and ports another rule (of the same or another policy selecting the same pods) already allows changes nothing; it usually survives a refactoring. Remove it, or narrow the broader rule if that one is the mistake.',
  check(model, ctx) {
    const findings: Finding[] = []
    const name = (e: RuleEntry) => `${e.policy.namespace.name}/${e.policy.name} ${e.direction}[${e.rule.index}]`
    for (const cluster of model.clusters) {
      const entries = ruleEntries(cluster)
      const reported = new Set<RuleEntry>()
      const found: Array<{entry: RuleEntry; message: string}> = []
      for (const entry of [...entries].reverse()) {
        const cover = entries.find((other) => other !== entry && !reported.has(other) && covers(cluster, other, entry))
        if (cover) {
          reported.add(entry)
          found.push({entry, message: `NetworkPolicy ${name(entry)} allows nothing that ${cover.policy === entry.policy ? `its rule ${cover.direction}[${cover.rule.index}]` : `NetworkPolicy ${name(cover)}`} does not already allow`})
          continue
        }
        const union = coveredByUnion(cluster, entries.filter((other) => other !== entry && !reported.has(other)), entry)
        if (!union) continue
        reported.add(entry)
        const names = union.map((e) => (e.policy === entry.policy ? `${e.direction}[${e.rule.index}]` : name(e)))
        found.push({entry, message: `NetworkPolicy ${name(entry)} allows nothing that ${names.slice(0, -1).join(', ')} and ${names.at(-1)} do not already allow together`})
      }
      for (const {entry, message} of found.sort((a, b) => a.entry.order - b.entry.order)) findings.push(ctx.finding(entry.rule.source, '', message, 'key'))
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

/**
 * Several rules allow, between them, every peer and port of `entry` (for each peer, the ports of
 * the rules that allow that peer cover the entry's ports): those rules, in file order, or
 * undefined. ipBlock peers count only rules whose own ipBlock contains them.
 */
function coveredByUnion(cluster: Cluster, pool: readonly RuleEntry[], entry: RuleEntry): RuleEntry[] | undefined {
  const applicable = pool.filter((o) => o.direction === entry.direction && o.policy.namespace === entry.policy.namespace && [...entry.selected].every((w) => o.selected.has(w)))
  if (applicable.length < 2) return undefined
  const used = new Set<RuleEntry>()
  const portsOf = (rules: readonly RuleEntry[]): boolean => {
    if (rules.length === 0) return false
    const all = rules.some((r) => !r.rule.ports)
    if (!portsCover(all ? undefined : rules.flatMap((r) => r.rule.ports!), entry.rule.ports)) return false
    for (const r of rules) used.add(r)
    return true
  }
  if (!entry.rule.peers) {
    if (!portsOf(applicable.filter((o) => !o.rule.peers))) return undefined
  } else {
    for (const peer of entry.rule.peers) {
      if (peer.ipBlock) {
        const block = peer.ipBlock
        if (!portsOf(applicable.filter((o) => !o.rule.peers || o.rule.peers.some((other) => other.ipBlock && blockCovers(other.ipBlock, block))))) return undefined
        continue
      }
      const matched = peerWorkloads(cluster, entry.policy, peer)
      if (matched.length === 0) return undefined
      for (const workload of matched) {
        if (!portsOf(applicable.filter((o) => !o.rule.peers || o.rule.peers.some((other) => !other.ipBlock && peerWorkloads(cluster, o.policy, other).includes(workload))))) return undefined
      }
    }
  }
  return used.size >= 2 ? [...used].sort((a, b) => a.order - b.order) : undefined
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
      return cover.rule.peers!.some((other) => other.ipBlock && blockCovers(other.ipBlock, block))
    }
    const matched = peerWorkloads(cluster, entry.policy, peer)
    if (matched.length === 0) return false
    return matched.every((workload) => cover.rule.peers!.some((other) => !other.ipBlock && peerWorkloads(cluster, cover.policy, other).includes(workload)))
  })
}

/** Every address of `block` (less its holes) is in `cover` (less its holes); blocks of different families never cover each other. */
function blockCovers(cover: NonNullable<NetworkPolicyPeer['ipBlock']>, block: NonNullable<NetworkPolicyPeer['ipBlock']>): boolean {
  return cidrContainsAny(cover.cidr, block.cidr) && cover.except.every((hole: AnyCidr) => block.except.some((mine: AnyCidr) => cidrContainsAny(mine, hole)) || !cidrsOverlapAny(hole, block.cidr))
}

/** The workloads a selector peer matches (namespaceSelector with the automatic name label; podSelector alone: the policy's namespace). */
const peerCache = new WeakMap<NetworkPolicyPeer, Workload[]>()
function peerWorkloads(cluster: Cluster, policy: NetworkPolicy, peer: NetworkPolicyPeer): Workload[] {
  let found = peerCache.get(peer)
  if (!found) peerCache.set(peer, (found = matchPeer(cluster, policy, peer)))
  return found
}

function matchPeer(cluster: Cluster, policy: NetworkPolicy, peer: NetworkPolicyPeer): Workload[] {
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
