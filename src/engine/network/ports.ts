import type {Cluster, SecurityGroup} from '../topology/model.js'
import type {Actor, ResolvedEndpoint, Target} from '../reach/endpoints.js'

/**
 * Port classes (SPEC §7): for one pair and protocol, the port space is cut only where some rule
 * that touches the pair starts or stops matching. Every port of a range then takes the same
 * decisions in every step, so one representative port per range answers for all of them.
 */

export interface PortRange {
  from: number
  to: number
}

export type NetworkProtocol = 'tcp' | 'udp' | 'sctp' | 'icmp'
export const NETWORK_PROTOCOLS: readonly NetworkProtocol[] = ['tcp', 'udp', 'sctp', 'icmp']

export const MIN_PORT = 1
export const MAX_PORT = 65_535

/** `5432`, `8000-8100`; icmp has no ports (`-`). */
export function formatPorts(protocol: string, range: PortRange): string {
  if (protocol === 'icmp') return '-'
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`
}

/** The set of range starts: a cut at `n` means ports n-1 and n may differ. */
export class Cuts {
  readonly starts = new Set<number>()
  /** Ports [from, to] are one class inside, and may differ from their neighbours. */
  add(from: number, to: number = from): void {
    if (from > MIN_PORT) this.starts.add(Math.max(MIN_PORT, from))
    if (to < MAX_PORT) this.starts.add(to + 1)
  }
  merge(other: Cuts): void {
    for (const start of other.starts) this.starts.add(start)
  }
  /** The partition of 1..65535 (icmp: the single pseudo-port 0). */
  ranges(protocol: string): PortRange[] {
    if (protocol === 'icmp') return [{from: 0, to: 0}]
    const starts = [MIN_PORT, ...[...this.starts].filter((s) => s > MIN_PORT && s <= MAX_PORT).sort((a, b) => a - b)]
    return starts.map((from, index) => ({from, to: index + 1 < starts.length ? starts[index + 1]! - 1 : MAX_PORT}))
  }
}

/**
 * The cut points of one pair: the sender side (egress security-group rules of every sending ENI,
 * the ports of the sender cluster's NetworkPolicies) and the destination side (what the target
 * exposes; for targets delivered on the port the source uses, the receivers' ingress rules,
 * policies, declared container ports, `listens`, and DNAT entries to them).
 */
export class PortCutter {
  private readonly groupCuts = new Map<SecurityGroup, Map<string, Cuts>>()
  private readonly clusterCuts = new Map<Cluster, Map<string, Cuts>>()
  private readonly sourceCuts = new WeakMap<ResolvedEndpoint, Map<string, Cuts>>()
  private readonly targetCuts = new WeakMap<ResolvedEndpoint, Map<string, Cuts>>()

  /** The port ranges for (source, destination, protocol), before merging by verdict. */
  ranges(source: ResolvedEndpoint, destination: ResolvedEndpoint, protocol: string): PortRange[] {
    if (protocol === 'icmp') return [{from: 0, to: 0}]
    if (destination.target.kind === 'url') return [{from: destination.target.port, to: destination.target.port}]
    const cuts = new Cuts()
    cuts.merge(this.forSource(source, protocol))
    cuts.merge(this.forTarget(destination, protocol))
    return cuts.ranges(protocol)
  }

  private forSource(source: ResolvedEndpoint, protocol: string): Cuts {
    return memo(this.sourceCuts, source, protocol, () => this.actorCuts(source.actors, protocol))
  }

  private forTarget(destination: ResolvedEndpoint, protocol: string): Cuts {
    return memo(this.targetCuts, destination, protocol, () => this.cutsOfTarget(destination.target, protocol))
  }

  private cutsOfTarget(target: Target, protocol: string): Cuts {
    const cuts = new Cuts()
    switch (target.kind) {
      case 'actors':
        cuts.merge(this.actorCuts(target.actors, protocol))
        for (const port of target.ports ?? []) if (port.protocol === protocol) cuts.add(port.port)
        // the internet reaches a receiver through a DNAT entry to its port
        for (const actor of target.actors) {
          for (const nat of actor.vpc?.natGateways ?? []) for (const entry of nat.dnat) if (entry.internalIp === actor.address) cuts.add(entry.internalPort)
        }
        break
      case 'service':
        for (const port of target.service.ports) if (port.protocol.toLowerCase() === protocol) cuts.add(port.port)
        // a headless Service delivers on the port the client uses: the endpoints' rules cut it
        if (target.service.headless) cuts.merge(this.actorCuts(target.service.endpoints.flatMap((w) => w.pods.map((pod) => ({pod, groups: pod.securityGroups, cluster: w.cluster}))), protocol))
        break
      case 'nodeport':
        // reached on the nodePort, or on the Service port when no nodePort has that number (service.ts viaNodePort)
        for (const port of target.service.ports) if (port.protocol.toLowerCase() === protocol && port.nodePort !== undefined) cuts.add(port.nodePort), cuts.add(port.port)
        break
      case 'slb':
        for (const listener of target.lb.listeners) cuts.add(listener.port)
        break
      case 'dnat':
        for (const entry of target.nat.dnat) if (entry.eip === target.eip) cuts.add(entry.externalPort)
        break
      case 'url':
        cuts.add(target.port)
        break
      case 'unresolved':
        break
    }
    return cuts
  }

  /** Rules of the actors' ENIs (both directions: cheap and safe), their clusters' policies, declared ports, listens. */
  private actorCuts(actors: ReadonlyArray<Pick<Actor, 'groups' | 'pod' | 'cluster'> & {instance?: Actor['instance']}>, protocol: string): Cuts {
    const cuts = new Cuts()
    const groups = new Set<SecurityGroup>()
    const clusters = new Set<Cluster>()
    const workloads = new Set<NonNullable<Actor['pod']>['workload']>()
    for (const actor of actors) {
      for (const group of actor.groups) groups.add(group)
      if (actor.cluster) clusters.add(actor.cluster)
      if (actor.pod) {
        clusters.add(actor.pod.workload.cluster)
        workloads.add(actor.pod.workload)
      }
      for (const listen of actor.instance?.listens ?? []) if (listen.protocol === protocol) cuts.add(listen.port)
    }
    for (const group of groups) cuts.merge(this.ofGroup(group, protocol))
    for (const cluster of clusters) cuts.merge(this.ofCluster(cluster, protocol))
    for (const workload of workloads) for (const port of workload.ports) if (port.protocol.toLowerCase() === protocol) cuts.add(port.containerPort)
    return cuts
  }

  private ofGroup(group: SecurityGroup, protocol: string): Cuts {
    return memoMap(this.groupCuts, group, protocol, () => {
      const cuts = new Cuts()
      for (const rule of group.rules) {
        if (rule.protocol !== protocol && rule.protocol !== 'all') continue
        if (rule.ports) cuts.add(rule.ports.from, rule.ports.to)
      }
      return cuts
    })
  }

  /** Every port a NetworkPolicy of the cluster names (numbers, endPort ranges, named ports through declared ports). */
  private ofCluster(cluster: Cluster, protocol: string): Cuts {
    return memoMap(this.clusterCuts, cluster, protocol, () => {
      const cuts = new Cuts()
      let named = false
      for (const policy of cluster.networkPolicies) {
        for (const rule of [...policy.ingress, ...policy.egress]) {
          for (const entry of rule.ports ?? []) {
            if ((entry.protocol ?? 'TCP').toLowerCase() !== protocol) continue
            if (entry.port === undefined || entry.port === null) continue
            if (typeof entry.port === 'number' || /^\d+$/.test(entry.port)) cuts.add(Number(entry.port), entry.endPort ?? Number(entry.port))
            else named = true
          }
        }
      }
      // a named port resolves against the destination pod's container ports: any of the cluster's
      if (named) for (const workload of cluster.workloads) for (const port of workload.ports) if (port.protocol.toLowerCase() === protocol) cuts.add(port.containerPort)
      return cuts
    })
  }
}

function memo<K extends object>(map: WeakMap<K, Map<string, Cuts>>, key: K, protocol: string, make: () => Cuts): Cuts {
  let inner = map.get(key)
  if (!inner) map.set(key, (inner = new Map()))
  let cuts = inner.get(protocol)
  if (!cuts) inner.set(protocol, (cuts = make()))
  return cuts
}

function memoMap<K>(map: Map<K, Map<string, Cuts>>, key: K, protocol: string, make: () => Cuts): Cuts {
  let inner = map.get(key)
  if (!inner) map.set(key, (inner = new Map()))
  let cuts = inner.get(protocol)
  if (!cuts) inner.set(protocol, (cuts = make()))
  return cuts
}
