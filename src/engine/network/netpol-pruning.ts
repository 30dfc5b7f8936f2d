import type {Actor} from '../reach/endpoints.js'
import {selectorMatches} from '../reach/labels.js'
import type {Cluster, Model, NetworkPolicy, NetworkPolicyRule, Workload} from '../topology/model.js'
import {decidingContent, type NetpolChange, policyContent} from './model-delta.js'
import {MAX_PORT, MIN_PORT, type NetworkProtocol, type PortRange} from './ports.js'
import {mergeRanges, sameInternet, withTranslated} from './pruning.js'
import type {NetworkSession} from './session.js'
import {type Footprint, footprintOf} from './sg-footprint.js'

/**
 * Which pairs an edit to NetworkPolicies can change (issue #16). A trace reads policies only in
 * two steps (reach/steps/netpol.ts): egress at the sending pod, ingress at each receiving pod, and
 * each reads only the policies that select that pod in its namespace for that direction (in file
 * order; unchanged ones keep their order, model-delta.ts). Everything else is alike in both files.
 * So a pair can change only if
 * - some pod the destination can deliver to (its footprint's receivers, sg-footprint.ts: direct
 *   pods, Service endpoints, nodePort/SLB/DNAT backends, Ingress controllers and backends) is
 *   selected for Ingress by a differing policy of either file, or a relay that sends on the
 *   sender's behalf (the Ingress controller) is selected for Egress;
 * - or some pod of the source is selected for Egress by a differing policy of either file.
 * When every differing policy keeps its name, place, selector and types and only its rules differ,
 * only the ports of the rules that differ position by position are evaluated (`via` names a rule by
 * its index, so a removed rule changes the names of those after it too), with the flow ports
 * translated to them (Service targetPort, nodePort, SLB backend, DNAT); otherwise every port of
 * every protocol (a policy's ports say little once selection or types change). A rule with no
 * ports, or a named port, makes every port of its protocols (no ports: all, icmp too) count.
 * Selection is read from labels alone, whether or not the
 * cluster enforces policies or the pod is on the host network: conservative. The internet is
 * pruned only when both files cut it into the same address classes (ipBlocks cut them).
 */
export const netpolPruning = {
  /** Off: every pair is evaluated (the tests' reference). */
  enabled: true,
}

export class NetpolPairFilter {
  /** Per destination (by index): 1 when a policy edit can change a pair towards it, whatever the source. */
  private readonly towards: Uint8Array
  private readonly every: Uint8Array
  private readonly ingress: Set<Workload>
  private readonly egress: Set<Workload>
  private readonly internetStable: boolean
  /** Per protocol, the pod ports the differing rules cover (a protocol absent: no change on it), or every port. */
  private readonly affected: ReadonlyMap<NetworkProtocol, readonly PortRange[]> | 'every'
  private readonly footprints: Footprint[] = []

  /** `destinations`: the references asked, in the order `row` answers for. */
  constructor(
    base: NetworkSession,
    private readonly head: NetworkSession,
    change: NetpolChange,
    destinations: readonly string[],
  ) {
    const model = head.reach.ctx.model
    this.ingress = selected(model, change, 'Ingress')
    this.egress = selected(model, change, 'Egress')
    this.internetStable = sameInternet(base.reach.ctx.model, model, head.family)
    this.every = new Uint8Array(destinations.length).fill(1)
    this.towards = new Uint8Array(destinations.length)
    this.affected = ruleOnlyPorts(base.reach.ctx.model, model, change)
    const reach = head.reach
    destinations.forEach((ref, i) => {
      let affected = true
      try {
        const footprint = footprintOf(head.env, ref, reach.destination(ref, reach.source('internet')).target)
        this.footprints[i] = footprint
        affected =
          footprint.unknown ||
          footprint.ingress.some((stage) => stage.receivers.some((actor) => this.holds(this.ingress, actor))) ||
          footprint.relays.some((actor) => this.holds(this.egress, actor) || this.holds(this.ingress, actor))
      } catch {
        // not in the head file: never asked about
      }
      this.towards[i] = affected ? 1 : 0
    })
  }

  /** For one source, per destination (by index): 1 when the pair can change (the same on every protocol). */
  row(from: string, protocol: NetworkProtocol): Uint8Array | undefined {
    if (this.affected !== 'every' && !this.affected.has(protocol)) return undefined
    if (from === 'internet' && !this.internetStable) return this.every
    const actors = this.head.reach.source(from).actors
    return actors.some((actor) => this.holds(this.egress, actor)) ? this.every : this.towards
  }

  /** The port intervals to evaluate for a destination (by index), or `every` port. */
  ports(to: number, protocol: NetworkProtocol): readonly PortRange[] | 'every' {
    const footprint = this.footprints[to]
    if (this.affected === 'every' || !footprint || footprint.unknown || footprint.everyPort) return 'every'
    return withTranslated(this.affected.get(protocol)!, footprint, protocol)
  }

  private holds(workloads: ReadonlySet<Workload>, actor: Actor): boolean {
    return actor.pod !== undefined && workloads.has(actor.pod.workload)
  }
}

/** The workloads of the head file whose pods a differing policy (of either file) selects for this direction. */
function selected(model: Model, change: NetpolChange, direction: 'Ingress' | 'Egress'): Set<Workload> {
  const out = new Set<Workload>()
  for (const cluster of model.clusters) {
    const policies = (change.policies.get(cluster.name) ?? []).filter((policy: NetworkPolicy) => policy.policyTypes.includes(direction))
    if (policies.length === 0) continue
    for (const workload of cluster.workloads) {
      // namespaces compare by name: a base policy's namespace object is the base file's
      if (policies.some((policy) => policy.namespace.name === workload.namespace.name && selectorMatches(policy.podSelector, workload.labels))) out.add(workload)
    }
  }
  return out
}

/**
 * The ports an edit to policy rules alone can change (see NetpolPairFilter), or `every` port when
 * a differing policy was added, removed, moved, or changed its selector or types.
 */
export function ruleOnlyPorts(base: Model, head: Model, change: NetpolChange): ReadonlyMap<NetworkProtocol, readonly PortRange[]> | 'every' {
  const raw = new Map<NetworkProtocol, PortRange[]>()
  for (const [clusterName, differing] of change.policies) {
    const a = base.clusters.find((cluster) => cluster.name === clusterName)
    const b = head.clusters.find((cluster) => cluster.name === clusterName)
    if (!a || !b || policyNames(a) !== policyNames(b)) return 'every'
    const inHead = new Set(b.networkPolicies)
    for (const after of differing) {
      if (!inHead.has(after)) continue // its base namesake is found from the head's side
      const before = a.networkPolicies.find((policy) => policy.namespace.name === after.namespace.name && policy.name === after.name)
      if (!before || policyContent(before, 'selection') !== policyContent(after, 'selection')) return 'every'
      for (const direction of ['ingress', 'egress'] as const) {
        const rulesBefore = before[direction]
        const rulesAfter = after[direction]
        for (let i = 0; i < Math.max(rulesBefore.length, rulesAfter.length); i++) {
          const r = rulesBefore[i]
          const s = rulesAfter[i]
          if (r && s && ruleContent(r) === ruleContent(s)) continue
          for (const rule of [r, s]) if (rule && !addRulePorts(raw, rule)) return 'every'
        }
      }
    }
  }
  const merged = new Map<NetworkProtocol, PortRange[]>()
  for (const [protocol, list] of raw) merged.set(protocol, mergeRanges(list))
  return merged
}

/** Adds the ports a rule matches; false when it matches every port of every protocol. */
function addRulePorts(into: Map<NetworkProtocol, PortRange[]>, rule: NetworkPolicyRule): boolean {
  if (!rule.ports) return false
  for (const port of rule.ports) {
    const protocol = port.protocol.toLowerCase() as NetworkProtocol
    // a named port is resolved per pod: every port of its protocol
    const range = typeof port.port === 'number' ? {from: port.port, to: port.endPort ?? port.port} : {from: MIN_PORT, to: MAX_PORT}
    const list = into.get(protocol)
    if (list) list.push(range)
    else into.set(protocol, [range])
  }
  return true
}

function policyNames(cluster: Cluster): string {
  return cluster.networkPolicies.map((policy) => `${policy.namespace.name}/${policy.name}`).join('\u0000')
}

function ruleContent(rule: NetworkPolicyRule): string {
  return decidingContent({peers: rule.peers, ports: rule.ports})
}
