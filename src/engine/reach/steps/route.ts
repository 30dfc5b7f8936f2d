import {cidrContainsAddress, formatCidr} from '../../cidr/cidr.js'
import {formatIpv6Cidr, ipv6CidrContainsAddress} from '../../cidr/cidr6.js'
import {IPV6_PUBLIC_BLOCKS, NOT_INTERNET_ROUTABLE_BLOCKS} from '../../platform/address-space.js'
import type {RouteTable} from '../../topology/model.js'
import type {ReachContext} from '../context.js'
import {type Decision, deny, pass, type RouteCause} from '../decision.js'
import {type Actor, INTERNET_ADDRESS} from '../endpoints.js'
import {type Address, formatAddress} from '../family.js'
import {describeEntry, type RouteEntry} from '../routes.js'

/**
 * Step 5: the route table of the sender's vSwitch (longest prefix match over system routes,
 * custom entries and Flannel node routes), and NAT gateway SNAT for destinations outside the VPC.
 * IPv6 (SPEC §8): the table's IPv6 entries, and the VPC's IPv6 gateway for the internet, which
 * carries only addresses in its `internet` list and translates nothing.
 */
export interface RouteOutcome {
  decision: Decision
  /** The public address the traffic leaves with (SNAT EIP, own public IP) when it goes out to the internet. */
  publicSource?: Address
}

export function routeTableObject(table: RouteTable): string {
  return `routeTable/${table.vpc.name}/${table.name}`
}

export function routeStep(ctx: ReachContext, sender: Actor, destination: Address, receiver: Actor, source: Address): RouteOutcome {
  const outcome = (decision: Decision): RouteOutcome => ({decision})
  if (!sender.vswitch || !sender.vpc) {
    // an outside sender to an outside destination: nothing of ours on the way
    return outcome(pass('route', 'internet', () => 'outside any VPC of the topology'))
  }
  const table = sender.vswitch.routeTable
  const object = routeTableObject(table)
  const rule = (entry: RouteEntry | undefined, cause?: RouteCause) => ({kind: 'route' as const, table: object, destination: entry?.destination, target: entry?.target, cause})
  const lookup = ctx.routes(table)
  // same node, addressed to the receiver itself: delivered locally (an SLB, nodePort or EIP in between is not on the node)
  if (sender.node && receiver.node === sender.node && receiver.kind !== 'outside' && destination === receiver.address) {
    return outcome(pass('route', object, () => `same node ${sender.node!.name}: delivered locally, no VPC route used`))
  }
  const flannel = ctx.flannelClusterOf(sender.vpc, destination)
  if (flannel) {
    const owner = ctx.flannelNodeOf(flannel, destination)
    const entry = lookup.lookup(destination, (e) => e.target.kind === 'node' && e.target.cluster === flannel.name)
    if (entry) return outcome(pass('route', object, () => `${describeEntry(entry)} (Flannel node route in ${table.name})`, rule(entry)))
    if (owner && table.flannelCutOff.some((c) => c.node === owner) && flannel.network.routeTables.includes(table)) {
      return outcome(deny('route', 'ROUTE_QUOTA_EXCEEDED', object, () => `node ${owner.name} got no route entry for its pod range ${owner.podRange ? formatCidr(owner.podRange) : ''} in ${table.name}: the table's ${table.quota}-entry quota is full`, rule(undefined, 'quota')))
    }
    return outcome(deny('route', 'NO_ROUTE', object, () => `${table.name} has no Flannel node route for ${formatAddress(destination)}${owner ? ` (node ${owner.name}, pod range ${formatCidr(owner.podRange!)})` : ''}; Flannel pod CIDR ${formatCidr(flannel.network.podCidr)} is routed only by node routes`, rule(undefined, 'flannel-node-route')))
  }
  const entry = lookup.lookup(destination)
  const what = receiver.kind === 'outside' && receiver.name.startsWith('internet') ? 'the internet' : formatAddress(destination)
  const receiverVpc = receiver.kind === 'outside' ? undefined : receiver.vpc ?? ctx.vpcOf(destination)
  // routing follows the address on the packet: a VPC's public address (internet SLB, EIP) is
  // reached through the internet, not delivered into that VPC
  const destinationVpc = receiverVpc && (receiverVpc === sender.vpc || ctx.holdsAddress(receiverVpc, destination)) ? receiverVpc : undefined
  if (entry?.target.kind === 'blackhole') return outcome(deny('route', 'BLACKHOLE_ROUTE', object, () => `${describeEntry(entry)} drops traffic to ${formatAddress(destination)}`, rule(entry, 'blackhole')))
  if (destinationVpc && destinationVpc !== sender.vpc) {
    if (entry?.target.kind === 'peer' && entry.target.vpc === destinationVpc.name) return outcome(pass('route', object, () => `${describeEntry(entry)} (peering to VPC ${destinationVpc.name})`, rule(entry)))
    return outcome(deny('route', 'DIFFERENT_VPC', object, () => `${formatAddress(destination)} is in VPC ${destinationVpc.name}; ${table.name} in VPC ${sender.vpc!.name} has no peer:${destinationVpc.name} route for it${entry ? ` (matched ${describeEntry(entry)})` : ''}`, rule(entry, 'peering')))
  }
  if (!entry) return outcome(deny('route', 'NO_ROUTE', object, () => `no entry in ${table.name} covers ${what === 'the internet' ? `the internet (no ${typeof destination === 'number' ? '0.0.0.0/0' : '::/0'} route)` : what}`, rule(undefined, 'no-entry')))
  switch (entry.target.kind) {
    case 'local':
    case 'node':
    case 'instance':
      return outcome(pass('route', object, () => describeEntry(entry), rule(entry)))
    case 'peer': {
      // peering delivers only addresses of the peer VPC: anything else would need the peer to forward it
      const peer = ctx.model.vpcByName.get(entry.target.vpc)
      if (peer && ctx.holdsAddress(peer, destination)) return outcome(pass('route', object, () => `${describeEntry(entry)} (peering to VPC ${peer.name})`, rule(entry)))
      return outcome(deny('route', 'NO_ROUTE', object, () => notTransitive(ctx, entry, what === 'the internet' ? 'internet traffic' : `traffic to ${what}`), rule(entry, 'peering')))
    }
    case 'nat':
      if (typeof destination !== 'number' || typeof source !== 'number') return outcome(deny('route', 'NO_ROUTE', object, () => `${describeEntry(entry)}: a NAT gateway carries no IPv6 (IPv6 internet traffic goes through an IPv6 gateway)`, rule(entry, 'no-entry')))
      return natStep(ctx, entry, table, source, sender, destination, rule(entry))
    case 'ipv6gw':
      return ipv6GatewayStep(ctx, entry, table, source, sender, destination)
  }
}

/**
 * An IPv6 route to the VPC's IPv6 gateway (SPEC §8, facts §10): no SNAT, the source keeps its
 * address, and only addresses in the gateway's `internet` list have IPv6 internet bandwidth.
 */
function ipv6GatewayStep(ctx: ReachContext, entry: RouteEntry, table: RouteTable, source: Address, sender: Actor, destination: Address): RouteOutcome {
  const name = (entry.target as {name: string}).name
  const object = routeTableObject(table)
  const routeRule = {kind: 'route' as const, table: object, destination: entry.destination, target: entry.target}
  if (notInternetRoutable(ctx, destination)) {
    return {decision: deny('route', 'NOT_INTERNET_ROUTABLE', object, () => `${describeEntry(entry)} sends ${formatAddress(destination)} to the internet, but it is not a global unicast address (2000::/3) of the internet and no VPC of the topology holds it`, {...routeRule, cause: 'not-internet-routable'})}
  }
  const gateway = ctx.model.ipv6GatewayByName.get(name)
  if (!gateway || gateway.vpc !== table.vpc) return {decision: deny('route', 'NO_ROUTE', object, () => `${describeEntry(entry)}: VPC ${table.vpc.name} has no IPv6 gateway ${name} in the topology`, {...routeRule, cause: 'no-entry'})}
  const gatewayObject = `ipv6Gateway/${gateway.name}`
  const listed = typeof source === 'number' ? undefined : gateway.internet.find((block) => ipv6CidrContainsAddress(block, source))
  if (!listed) {
    return {decision: deny('route', 'NO_IPV6_INTERNET', gatewayObject, () => `${describeEntry(entry)}, but ${sender.name}'s address ${formatAddress(source)} is not in the internet list of IPv6 gateway ${gateway.name} (${gateway.internet.map(formatIpv6Cidr).join(', ') || 'empty'}): it has no IPv6 internet bandwidth`, {...routeRule, cause: 'ipv6-internet'})}
  }
  return {decision: pass('route', gatewayObject, () => `${describeEntry(entry)}; ${formatAddress(source)} has IPv6 internet bandwidth (internet list ${formatIpv6Cidr(listed)}), no SNAT`, routeRule), publicSource: source}
}

/** Why a peer route cannot carry traffic for an address outside the peer VPC. */
function notTransitive(ctx: ReachContext, entry: RouteEntry, what: string): string {
  const peerName = (entry.target as {vpc: string}).vpc
  const peer = ctx.model.vpcByName.get(peerName)
  const own = peer ? ` (${peer.cidrs.map(formatCidr).join(', ')})` : ''
  return `${describeEntry(entry)} would hand ${what} to VPC ${peerName}, but peering is not transitive: VPC ${peerName} accepts only traffic to its own CIDRs${own}, and never forwards it through its NAT gateway, its peer routes or its default route`
}

/** A private or reserved address that no VPC of the file holds: the internet never delivers it (IPv6: anything outside 2000::/3). */
export function notInternetRoutable(ctx: ReachContext, address: Address): boolean {
  if (ctx.vpcOf(address) !== undefined) return false
  if (typeof address !== 'number') return !IPV6_PUBLIC_BLOCKS.some((block) => ipv6CidrContainsAddress(block, address))
  return NOT_INTERNET_ROUTABLE_BLOCKS.some((block) => cidrContainsAddress(block, address))
}

function natStep(ctx: ReachContext, entry: RouteEntry, table: RouteTable, source: number, sender: Actor, destination: number, routeRule: Decision['rule']): RouteOutcome {
  const name = (entry.target as {name: string}).name
  const object = routeTableObject(table)
  if (notInternetRoutable(ctx, destination)) {
    return {decision: deny('route', 'NOT_INTERNET_ROUTABLE', object, () => `${describeEntry(entry)} sends ${formatAddress(destination)} to the internet, but it is a private or reserved address outside every VPC of the topology: no NAT gateway or EIP delivers it (route it to a VPC peer, VPN or instance next hop)`, {kind: 'route', table: object, destination: entry.destination, target: entry.target, cause: 'not-internet-routable'})}
  }
  if (sender.publicIp) {
    return {decision: pass('route', object, () => `${describeEntry(entry)}; ${sender.name} goes out on its own public IP (no SNAT needed)`, routeRule), publicSource: INTERNET_ADDRESS}
  }
  const nat = ctx.model.natGatewayByName.get(name)
  if (!nat) return {decision: deny('route', 'NO_ROUTE', object, () => `${describeEntry(entry)}: NAT gateway ${name} is not in the topology`, routeRule)}
  const snat = nat.snat.find((s) => cidrContainsAddress(s.sourceCidr, source))
  const natObject = `natGateway/${nat.name}`
  if (!snat) {
    return {decision: deny('route', 'NO_SNAT', natObject, () => `${describeEntry(entry)}, but no SNAT entry of ${nat.name} covers source ${formatAddress(source)} (SNAT sources: ${nat.snat.map((s) => formatCidr(s.sourceCidr)).join(', ') || 'none'})`)}
  }
  const publicSource = snat.eip ?? nat.eips[0] ?? INTERNET_ADDRESS
  return {
    decision: pass('route', natObject, () => `${describeEntry(entry)}; SNAT entry ${snat.index} (${snat.vswitch ? `vswitch:${snat.vswitch.name}` : formatCidr(snat.sourceCidr)}) → ${nat.eips.length > 0 ? formatAddress(publicSource) : 'EIP'}`, {kind: 'snat', gateway: nat.name, index: snat.index}),
    publicSource,
  }
}
