import type {AnyCidr} from '../cidr/any.js'
import {cidrContainsAddress} from '../cidr/cidr.js'
import {ipv6CidrContainsAddress} from '../cidr/cidr6.js'
import {type Ipv4} from '../cidr/ipv4.js'
import type {Cluster, FlannelNetwork, IpOwner, Ipv6NextHop, LoadBalancer, Model, NatGateway, NetworkPolicy, NextHop, Node, RouteTable, SecurityGroup, Service, Vpc} from '../topology/model.js'
import type {Address, Family} from './family.js'
import {type NetworkPolicyObject, NetworkPolicySet} from './netpol.js'
import {type RouteEntry, RouteLookup, type RouteTarget} from './routes.js'
import {type EniPolicy, type SecurityGroupInput, SecurityGroupIndex, type SecurityGroupRuleInput} from './security-groups.js'
import {addressClassBlocks, groupMemberships, ipv4GroupsOf, loadBalancersByAddress, type ModelIndex, namespaceKey, natGatewaysByEip, servicesByClusterIp, suppliedModelIndex} from './model-index.js'

/**
 * Everything reach computes once per model and shares across queries (a matrix runs thousands):
 * sorted security-group rules per distinct ENI group set, address → group membership, one
 * longest-prefix structure per route table, compiled NetworkPolicies per cluster. Each is built
 * on first use, so one question reads only what it needs (and, with a stored ModelIndex, only
 * the objects of its endpoints).
 * A context answers in one address family (SPEC §8): actors carry their address of that family,
 * and group membership and owners are by addresses of that family.
 */
export class ReachContext {
  readonly model: Model
  readonly family: Family
  private readonly sg: SecurityGroupIndex
  private readonly eniByGroups = new WeakMap<readonly SecurityGroup[], EniPolicy>()
  private readonly lookups = new Map<RouteTable, RouteLookup>()
  private readonly policies = new Map<Cluster, NetworkPolicySet>()
  /** Stored with the model by the compiled-model cache; else each index is built from the model on first use. */
  private readonly index: ModelIndex | undefined
  private memberships?: Map<Address, ReadonlySet<string>>
  private natByEipMap?: Map<Ipv4, NatGateway>
  private lbByAddress?: Map<Ipv4, LoadBalancer>
  private serviceByClusterIp?: Map<Ipv4, Service>
  private classBlocks?: AnyCidr[]

  constructor(model: Model, family: Family = 4) {
    this.model = model
    this.family = family
    this.index = suppliedModelIndex(model)
    // with a stored index the model is read lazily: groups are looked up by name as rules name them
    // (names are unique in a model the cache stores: duplicates are refused)
    this.sg = new SecurityGroupIndex(this.index ? (name) => {
      const group = model.securityGroupByName.get(name)
      return group && toSgInput(group)
    } : model.securityGroups.map(toSgInput))
  }

  /** Groups whose members include this address (for `sg:NAME` peers and the basic same-group default). */
  groupsOf(ip: Address): ReadonlySet<string> {
    if (this.family === 4) {
      // perf: read per address, from a stored index or the model's owners; the sets are made as asked
      this.memberships ??= new Map()
      let set = this.memberships.get(ip)
      if (!set) this.memberships.set(ip, (set = new Set(this.index ? this.index.groupsByAddress.get(ip as Ipv4) ?? [] : ipv4GroupsOf(this.model, ip as Ipv4))))
      return set
    }
    this.memberships ??= groupMemberships(this.model, this.family)
    return this.memberships.get(ip) ?? EMPTY
  }

  /** Every block that tells addresses apart in this family (addressClassBlocks), each once. */
  addressClassBlocks(): AnyCidr[] {
    this.classBlocks ??= (this.family === 4 ? this.index?.addressClassBlocks : undefined) ?? addressClassBlocks(this.model, this.family)
    return this.classBlocks
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
      const index = this.index
      // a stored index gives each namespace's policies: only the namespaces asked about are compiled
      set = index
        ? NetworkPolicySet.byNamespace((namespace) => (index.policiesByNamespace.get(namespaceKey(cluster, namespace)) ?? []).map(toPolicyObject))
        : new NetworkPolicySet(cluster.networkPolicies.map(toPolicyObject))
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
    if (typeof ip !== 'number') return undefined
    this.natByEipMap ??= this.index?.natByEip ?? natGatewaysByEip(this.model)
    return this.natByEipMap.get(ip)
  }

  loadBalancerAt(ip: Address): LoadBalancer | undefined {
    if (typeof ip !== 'number') return undefined
    this.lbByAddress ??= this.index?.lbByAddress ?? loadBalancersByAddress(this.model)
    return this.lbByAddress.get(ip)
  }

  serviceAt(ip: Address): Service | undefined {
    if (typeof ip !== 'number') return undefined
    this.serviceByClusterIp ??= this.index?.serviceByClusterIp ?? servicesByClusterIp(this.model)
    return this.serviceByClusterIp.get(ip)
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
