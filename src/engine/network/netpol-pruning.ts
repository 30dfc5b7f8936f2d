import type {Actor} from '../reach/endpoints.js'
import {internetClasses} from '../reach/internet.js'
import {selectorMatches} from '../reach/labels.js'
import type {Model, NetworkPolicy, Workload} from '../topology/model.js'
import type {NetpolChange} from './model-delta.js'
import type {NetworkProtocol, PortRange} from './ports.js'
import type {NetworkSession} from './session.js'
import {footprintOf} from './sg-footprint.js'

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
 * Every port of every protocol of such a pair is evaluated (a policy's ports say little once
 * selection or policyTypes change). Selection is read from labels alone, whether or not the
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
    const reach = head.reach
    destinations.forEach((ref, i) => {
      let affected = true
      try {
        const footprint = footprintOf(head.env, ref, reach.destination(ref, reach.source('internet')).target)
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
  row(from: string, _protocol: NetworkProtocol): Uint8Array {
    if (from === 'internet' && !this.internetStable) return this.every
    const actors = this.head.reach.source(from).actors
    return actors.some((actor) => this.holds(this.egress, actor)) ? this.every : this.towards
  }

  ports(_to: number, _protocol: NetworkProtocol): readonly PortRange[] | 'every' {
    return 'every'
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

/** The internet is traced per address class: its pairs may be skipped only when both files cut it alike. */
function sameInternet(base: Model, head: Model, family: 4 | 6): boolean {
  const a = internetClasses(base, family)
  const b = internetClasses(head, family)
  return a.length === b.length && a.every((cls, i) => cls.name === b[i]!.name && cls.representative === b[i]!.representative)
}
