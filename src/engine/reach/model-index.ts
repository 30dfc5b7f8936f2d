import type {AnyCidr} from '../cidr/any.js'
import type {Cidr} from '../cidr/cidr.js'
import type {Ipv4} from '../cidr/ipv4.js'
import type {Cluster, IpOwner, LoadBalancer, Model, NatGateway, NetworkPolicy, Pod, SecurityGroup, Service} from '../topology/model.js'
import type {Address, Family} from './family.js'
import {type InternetClass, internetClasses, supplyInternetClasses} from './internet.js'
import {groupPeerBlocks, policyIpBlocks} from './peer-blocks.js'

/**
 * What reach reads from the whole model by address (issue #18), as plain data: IPv4 address →
 * the names of the groups on its ENIs, → the Service with that cluster IP, → the NAT gateway with
 * that EIP, → the SLB at that address; the blocks that tell addresses apart and the internet's
 * classes; each namespace's NetworkPolicies. A context builds it from every instance, node, pod and Service; the
 * compiled-model cache stores it beside the model and supplies it, so that one question reads
 * only its own endpoints' objects.
 */
export interface ModelIndex {
  /** IPv4 address → names of the security groups of every ENI with that address, in first-seen order. */
  groupsByAddress: Map<Ipv4, string[]>
  serviceByClusterIp: Map<Ipv4, Service>
  natByEip: Map<Ipv4, NatGateway>
  lbByAddress: Map<Ipv4, LoadBalancer>
  /** Every IPv4 block that tells addresses apart (addressClassBlocks), each once. */
  addressClassBlocks: Cidr[]
  /** The internet's classes over IPv4 (internet.ts). */
  internetClasses: InternetClass[]
  /** Per `CLUSTER/NAMESPACE`: its NetworkPolicies, in file order. */
  policiesByNamespace: Map<string, NetworkPolicy[]>
}

/** The address → group-name membership of one family: every instance, node and ENI-owning pod. */
export function groupMemberships(model: Model, family: Family): Map<Address, Set<string>> {
  const memberships = new Map<Address, Set<string>>()
  const add = (ip: Address | undefined, groups: readonly SecurityGroup[]) => {
    if (ip === undefined || groups.length === 0) return
    let set = memberships.get(ip)
    if (!set) memberships.set(ip, (set = new Set()))
    for (const group of groups) set.add(group.name)
  }
  const v6 = family === 6
  for (const instance of model.instances) add(v6 ? instance.ipv6 : instance.ip, instance.securityGroups)
  for (const cluster of model.clusters) {
    for (const node of cluster.nodes) add(v6 ? node.ipv6 : node.ip, node.securityGroups)
    for (const pod of cluster.pods) if (onOwnEni(pod)) add(v6 ? pod.ipv6 : pod.ip, pod.securityGroups)
  }
  return memberships
}

/**
 * The groups whose members include an IPv4 address, as groupMemberships(model, 4) holds them
 * (names in the same order), found through the model's owner index: one question asks about a
 * few addresses, and building every membership took ≈ 10 ms of a cold `reach` on the xl file.
 */
export function ipv4GroupsOf(model: Model, ip: Ipv4): string[] {
  const owner = model.ipOwners.get(ip)
  if (!owner) return []
  const names = new Set<string>()
  for (const each of duplicatesByIp(model).get(ip) ?? [owner]) for (const group of ownerGroups(each)) names.add(group.name)
  return [...names]
}

const duplicatesOf = new WeakMap<Model, Map<Ipv4, IpOwner[]>>()

function duplicatesByIp(model: Model): Map<Ipv4, IpOwner[]> {
  let map = duplicatesOf.get(model)
  if (!map) duplicatesOf.set(model, (map = new Map(model.duplicateIps.map(({ip, owners}) => [ip, owners]))))
  return map
}

/** An owner's ENI groups (NAT gateways and SLBs have none). */
function ownerGroups(owner: IpOwner): readonly SecurityGroup[] {
  switch (owner.kind) {
    case 'instance':
      return owner.instance.securityGroups
    case 'node':
      return owner.node.securityGroups
    case 'pod':
      return onOwnEni(owner.pod) ? owner.pod.securityGroups : []
    default:
      return []
  }
}

/** Whether a pod's address is on an ENI of its own: Terway and ACS pods; Flannel and hostNetwork pods send from their node's. */
function onOwnEni(pod: Pod): boolean {
  return !pod.workload.hostNetwork && pod.workload.cluster.network.plugin !== 'flannel'
}

export function servicesByClusterIp(model: Model): Map<Ipv4, Service> {
  const map = new Map<Ipv4, Service>()
  for (const cluster of model.clusters) for (const service of cluster.services) if (service.clusterIP !== undefined) map.set(service.clusterIP, service)
  return map
}

export function natGatewaysByEip(model: Model): Map<Ipv4, NatGateway> {
  const map = new Map<Ipv4, NatGateway>()
  for (const nat of model.natGateways) for (const eip of nat.eips) map.set(eip, nat)
  return map
}

export function loadBalancersByAddress(model: Model): Map<Ipv4, LoadBalancer> {
  const map = new Map<Ipv4, LoadBalancer>()
  for (const lb of model.loadBalancers) if (lb.address !== undefined) map.set(lb.address, lb)
  return map
}

/** Each block once, in first-seen order (the address classes depend on the set of blocks only). */
export function distinctBlocks<C extends AnyCidr>(blocks: readonly C[]): C[] {
  // perf: an IPv4 block's key is a number (network × 64 + prefix, below 2^38), not a string per block
  const seenIpv4 = new Set<number>()
  const seenIpv6 = new Set<string>()
  const out: C[] = []
  for (const block of blocks) {
    if (typeof block.network === 'number') {
      const key = block.network * 64 + block.prefix
      if (seenIpv4.has(key)) continue
      seenIpv4.add(key)
    } else {
      const key = `${block.network}/${block.prefix}`
      if (seenIpv6.has(key)) continue
      seenIpv6.add(key)
    }
    out.push(block)
  }
  return out
}

export function namespaceKey(cluster: Cluster, namespace: string): string {
  return `${cluster.name}/${namespace}`
}

/**
 * The blocks that tell one address from another for the steps (the address classes of
 * classes.ts): rule peers (security groups, NetworkPolicy ipBlocks), SLB ACLs, SNAT sources, route
 * destinations, VPC, vSwitch and Flannel blocks; over IPv6 the IPv4 ones and their IPv6 twins with
 * the IPv6 gateways' internet lists. Each block once, in first-seen order: the classes depend on
 * the set of blocks only.
 */
export function addressClassBlocks(model: Model, family: Family): AnyCidr[] {
  const blocks: AnyCidr[] = []
  blocks.push(...groupPeerBlocks(model.securityGroups, 4))
  for (const lb of model.loadBalancers) if (lb.acl) blocks.push(...lb.acl.cidrs)
  for (const nat of model.natGateways) for (const snat of nat.snat) blocks.push(snat.sourceCidr)
  for (const table of model.routeTables) for (const route of table.routes) blocks.push(route.destination)
  for (const vpc of model.vpcs) blocks.push(...vpc.cidrs)
  for (const vswitch of model.vswitches) blocks.push(vswitch.cidr)
  for (const cluster of model.clusters) {
    if (cluster.network.plugin === 'flannel') blocks.push(cluster.network.podCidr, ...cluster.network.nonMasqueradeCidrs)
    blocks.push(...policyIpBlocks(cluster.networkPolicies, 4))
  }
  // IPv6 (SPEC §8): the same kinds of blocks, and the IPv6 gateways' internet lists (an address in one goes out, its neighbour not)
  if (family === 6) {
    blocks.push(...groupPeerBlocks(model.securityGroups, 6))
    for (const table of model.routeTables) for (const route of table.ipv6Routes) blocks.push(route.destination)
    for (const vpc of model.vpcs) if (vpc.ipv6Cidr) blocks.push(vpc.ipv6Cidr)
    for (const vswitch of model.vswitches) if (vswitch.ipv6Cidr) blocks.push(vswitch.ipv6Cidr)
    for (const gateway of model.ipv6Gateways) blocks.push(...gateway.internet)
    for (const cluster of model.clusters) blocks.push(...policyIpBlocks(cluster.networkPolicies, 6))
  }
  return distinctBlocks(blocks)
}

/** Builds the index from a whole model (the cache does this once, when it stores the model). */
export function buildModelIndex(model: Model): ModelIndex {
  const groupsByAddress = new Map<Ipv4, string[]>()
  for (const [ip, names] of groupMemberships(model, 4)) groupsByAddress.set(ip as Ipv4, [...names])
  const policiesByNamespace = new Map<string, NetworkPolicy[]>()
  for (const cluster of model.clusters) {
    for (const policy of cluster.networkPolicies) {
      const key = namespaceKey(cluster, policy.namespace.name)
      const list = policiesByNamespace.get(key)
      if (list) list.push(policy)
      else policiesByNamespace.set(key, [policy])
    }
  }
  return {
    groupsByAddress,
    serviceByClusterIp: servicesByClusterIp(model),
    natByEip: natGatewaysByEip(model),
    lbByAddress: loadBalancersByAddress(model),
    // copies: the index shares no object with the model, so reading it decodes none of the model
    addressClassBlocks: (addressClassBlocks(model, 4) as Cidr[]).map((block) => ({...block})),
    internetClasses: internetClasses(model, 4).map((c) => ({...c, cidrs: c.cidrs.map((block) => ({...block}))})),
    policiesByNamespace,
  }
}

const supplied = new WeakMap<Model, ModelIndex>()

/** Offers a stored index for this model (it must have been built from the same model). */
export function supplyModelIndex(model: Model, index: ModelIndex): void {
  supplied.set(model, index)
  supplyInternetClasses(model, () => index.internetClasses)
}

/** The index supplied for this model, if any. */
export function suppliedModelIndex(model: Model): ModelIndex | undefined {
  return supplied.get(model)
}
