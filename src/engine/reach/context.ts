import {cidrContainsAddress} from '../cidr/cidr.js'
import {ipv6CidrContainsAddress} from '../cidr/cidr6.js'
import {type Ipv4} from '../cidr/ipv4.js'
import type {Cluster, FlannelNetwork, IpOwner, Ipv6NextHop, LoadBalancer, Model, NatGateway, NetworkPolicy, NextHop, Node, RouteTable, SecurityGroup, Service, Vpc} from '../topology/model.js'
import type {Address, Family} from './family.js'
import {type NetworkPolicyObject, NetworkPolicySet} from './netpol.js'
import {type RouteEntry, RouteLookup, type RouteTarget} from './routes.js'
import {type EniPolicy, type SecurityGroupInput, SecurityGroupIndex, type SecurityGroupRuleInput} from './security-groups.js'

/**
 * Everything reach computes once per model and shares across queries (a matrix runs thousands):
 * sorted security-group rules per distinct ENI group set, address → group membership, one
 * longest-prefix structure per route table, compiled NetworkPolicies per cluster.
 * A context answers in one address family (SPEC §8): actors carry their address of that family,
 * and group membership and owners are by addresses of that family.
 */
export class ReachContext {
  readonly model: Model
  readonly family: Family
  private readonly sg: SecurityGroupIndex
  private readonly eniByGroups = new WeakMap<readonly SecurityGroup[], EniPolicy>()
  private readonly memberships = new Map<Address, Set<string>>()
  private readonly lookups = new Map<RouteTable, RouteLookup>()
  private readonly policies = new Map<Cluster, NetworkPolicySet>()
  private readonly natByEipMap = new Map<Ipv4, NatGateway>()
  private readonly lbByAddress = new Map<Ipv4, LoadBalancer>()
  private readonly serviceByClusterIp = new Map<Ipv4, Service>()

  constructor(model: Model, family: Family = 4) {
    this.model = model
    this.family = family
    this.sg = new SecurityGroupIndex(model.securityGroups.map(toSgInput))
    const v6 = family === 6
    for (const instance of model.instances) this.addMembers(v6 ? instance.ipv6 : instance.ip, instance.securityGroups)
    for (const cluster of model.clusters) {
      for (const node of cluster.nodes) this.addMembers(v6 ? node.ipv6 : node.ip, node.securityGroups)
      // Terway/ACS pods have their own ENI addresses; Flannel pods share the node's ENI
      if (cluster.network.plugin !== 'flannel') {
        for (const pod of cluster.pods) if (!pod.workload.hostNetwork) this.addMembers(v6 ? pod.ipv6 : pod.ip, pod.securityGroups)
      }
      for (const service of cluster.services) if (service.clusterIP !== undefined) this.serviceByClusterIp.set(service.clusterIP, service)
    }
    for (const nat of model.natGateways) for (const eip of nat.eips) this.natByEipMap.set(eip, nat)
    for (const lb of model.loadBalancers) if (lb.address !== undefined) this.lbByAddress.set(lb.address, lb)
  }

  private addMembers(ip: Address | undefined, groups: readonly SecurityGroup[]): void {
    if (ip === undefined || groups.length === 0) return
    let set = this.memberships.get(ip)
    if (!set) this.memberships.set(ip, (set = new Set()))
    for (const group of groups) set.add(group.name)
  }

  /** Groups whose members include this address (for `sg:NAME` peers and the basic same-group default). */
  groupsOf(ip: Address): ReadonlySet<string> {
    return this.memberships.get(ip) ?? EMPTY
  }

  eni(groups: readonly SecurityGroup[]): EniPolicy {
    // perf: pods share their workload's (or cluster's) group array, so looking the array up by
    // identity skips building the name key on every query (≈ 8% of lint's 1,000 expectations)
    let policy = this.eniByGroups.get(groups)
    if (!policy) this.eniByGroups.set(groups, (policy = this.sg.forEni(groups.map((g) => g.name))))
    return policy
  }

  routes(table: RouteTable): RouteLookup {
    let lookup = this.lookups.get(table)
    if (!lookup) {
      const entries: RouteEntry[] = []
      for (const system of table.systemRoutes) entries.push({destination: system.destination, target: {kind: 'local', vswitch: system.vswitch.name}})
      for (const route of table.routes) entries.push({destination: route.destination, target: routeTarget(route.nextHop)})
      for (const flannel of table.flannelRoutes) entries.push({destination: flannel.destination, target: {kind: 'node', cluster: flannel.cluster.name, node: flannel.node.name}})
      // IPv6 entries go to their own buckets: an IPv4 lookup never meets them
      for (const system of table.ipv6SystemRoutes) entries.push({destination: system.destination, target: {kind: 'local', vswitch: system.vswitch.name}})
      for (const route of table.ipv6Routes) entries.push({destination: route.destination, target: routeTarget(route.nextHop)})
      lookup = new RouteLookup(entries)
      this.lookups.set(table, lookup)
    }
    return lookup
  }

  networkPolicies(cluster: Cluster): NetworkPolicySet {
    let set = this.policies.get(cluster)
    if (!set) {
      set = new NetworkPolicySet(cluster.networkPolicies.map(toPolicyObject))
      this.policies.set(cluster, set)
    }
    return set
  }

  /** The Flannel cluster of this VPC whose pod CIDR holds the address, if any (Flannel pod CIDRs are IPv4 only). */
  flannelClusterOf(vpc: Vpc, ip: Address): (Cluster & {network: FlannelNetwork}) | undefined {
    if (typeof ip !== 'number') return undefined
    for (const cluster of vpc.clusters) {
      if (cluster.network.plugin === 'flannel' && cidrContainsAddress(cluster.network.podCidr, ip)) return cluster as Cluster & {network: FlannelNetwork}
    }
    return undefined
  }

  /** The node whose Flannel pod range holds the address (ranges are handed out in node order). */
  flannelNodeOf(cluster: Cluster & {network: FlannelNetwork}, ip: Address): Node | undefined {
    if (typeof ip !== 'number') return undefined
    const {podCidr, nodeCidrMask} = cluster.network
    const index = Math.floor((ip - podCidr.network) / 2 ** (32 - nodeCidrMask))
    const node = cluster.nodes[index]
    return node?.podRange && cidrContainsAddress(node.podRange, ip) ? node : undefined
  }

  /**
   * Whether the address belongs to the VPC: its primary or secondary CIDRs, or the pod CIDR of
   * one of its Flannel clusters. Peering delivers only such addresses (it is not transitive), and
   * a DNAT entry can forward only to one.
   */
  holdsAddress(vpc: Vpc, ip: Address): boolean {
    if (typeof ip !== 'number') return vpc.ipv6Cidr !== undefined && ipv6CidrContainsAddress(vpc.ipv6Cidr, ip)
    return vpc.cidrs.some((c) => cidrContainsAddress(c, ip)) || this.flannelClusterOf(vpc, ip) !== undefined
  }

  /** The VPC whose CIDRs hold the address (first match). */
  vpcOf(ip: Address): Vpc | undefined {
    if (typeof ip !== 'number') {
      for (const vpc of this.model.vpcs) if (vpc.ipv6Cidr && ipv6CidrContainsAddress(vpc.ipv6Cidr, ip)) return vpc
      return undefined
    }
    for (const vpc of this.model.vpcs) if (vpc.cidrs.some((c) => cidrContainsAddress(c, ip))) return vpc
    // Flannel pod CIDRs lie outside the VPC CIDR but belong to it
    for (const vpc of this.model.vpcs) if (this.flannelClusterOf(vpc, ip)) return vpc
    return undefined
  }

  natByEip(ip: Address): NatGateway | undefined {
    return typeof ip === 'number' ? this.natByEipMap.get(ip) : undefined
  }

  loadBalancerAt(ip: Address): LoadBalancer | undefined {
    return typeof ip === 'number' ? this.lbByAddress.get(ip) : undefined
  }

  serviceAt(ip: Address): Service | undefined {
    return typeof ip === 'number' ? this.serviceByClusterIp.get(ip) : undefined
  }

  /** Whoever owns a private address of either family (first claimant). */
  ownerOf(ip: Address): IpOwner | undefined {
    return typeof ip === 'number' ? this.model.ipOwners.get(ip) : this.model.ipv6Owners.get(ip)
  }

  /** The vSwitch whose block of the address's family holds it. */
  vswitchHolding(ip: Address): Model['vswitches'][number] | undefined {
    if (typeof ip === 'number') return this.model.vswitches.find((v) => cidrContainsAddress(v.cidr, ip))
    return this.model.vswitches.find((v) => v.ipv6Cidr !== undefined && ipv6CidrContainsAddress(v.ipv6Cidr, ip))
  }
}

const EMPTY: ReadonlySet<string> = new Set()

function toSgInput(group: SecurityGroup): SecurityGroupInput {
  // perf: rules are converted when a query first touches the group (a single reach touches a
  // few of the xl file's 200 groups), and CIDR/port texts are left to the lazy rule description
  let rules: SecurityGroupRuleInput[] | undefined
  return {
    name: group.name,
    type: group.type,
    innerAccess: group.innerAccess,
    get rules() {
      return (rules ??= group.rules.map((rule) => ({
        direction: rule.direction,
        action: rule.action,
        priority: rule.priority,
        protocol: rule.protocol,
        portRange: rule.ports,
        peerGroup: rule.peer.type === 'sg' ? rule.peer.name : undefined,
        peerCidr: rule.peer.type === 'cidr' || rule.peer.type === 'cidr6' ? rule.peer.cidr : undefined,
      })))
    },
  }
}

function toPolicyObject(policy: NetworkPolicy): NetworkPolicyObject {
  const rules = (list: NetworkPolicy['ingress'], key: 'from' | 'to') =>
    list.map((rule) => ({
      [key]: rule.peers?.map((peer) => ({
        podSelector: peer.podSelector,
        namespaceSelector: peer.namespaceSelector,
        // of one family: the evaluator matches it against addresses of that family only
        ipBlock: peer.ipBlock,
      })),
      ports: rule.ports,
    }))
  return {
    metadata: {name: policy.name, namespace: policy.namespace.name},
    spec: {
      podSelector: policy.podSelector,
      // already defaulted by the resolver; an explicit list keeps the evaluator from re-defaulting
      policyTypes: policy.policyTypes.length > 0 ? policy.policyTypes : ['Ingress'],
      ingress: rules(policy.ingress, 'from'),
      egress: rules(policy.egress, 'to'),
    },
  }
}

/** The lookup's target for a route's next hop, either family (IPv4 has nat:, IPv6 ipv6gw:). */
function routeTarget(hop: NextHop | Ipv6NextHop): RouteTarget {
  switch (hop.type) {
    case 'blackhole':
      return {kind: 'blackhole'}
    case 'nat':
      return {kind: 'nat', name: hop.name}
    case 'ipv6gw':
      return {kind: 'ipv6gw', name: hop.name}
    case 'instance':
      return {kind: 'instance', name: hop.name}
    case 'peer':
      return {kind: 'peer', vpc: hop.name}
  }
}
