import {cidrContainsAddress, formatCidr} from '../../cidr/cidr.js'
import {formatIpv4, type Ipv4} from '../../cidr/ipv4.js'
import {NOT_INTERNET_ROUTABLE_BLOCKS} from '../../platform/address-space.js'
import type {RouteTable} from '../../topology/model.js'
import type {ReachContext} from '../context.js'
import {type Decision, deny, pass} from '../decision.js'
import {type Actor, INTERNET_ADDRESS} from '../endpoints.js'
import {describeEntry, type RouteEntry} from '../routes.js'

/**
 * Step 5: the route table of the sender's vSwitch (longest prefix match over system routes,
 * custom entries and Flannel node routes), and NAT gateway SNAT for destinations outside the VPC.
 */
export interface RouteOutcome {
  decision: Decision
  /** The public address the traffic leaves with (SNAT EIP, own public IP) when it goes out to the internet. */
  publicSource?: Ipv4
}

export function routeTableObject(table: RouteTable): string {
  return `routeTable/${table.vpc.name}/${table.name}`
}

export function routeStep(ctx: ReachContext, sender: Actor, destination: Ipv4, receiver: Actor, source: Ipv4): RouteOutcome {
  const outcome = (decision: Decision): RouteOutcome => ({decision})
  if (!sender.vswitch || !sender.vpc) {
    // an outside sender to an outside destination: nothing of ours on the way
    return outcome(pass('route', 'internet', () => 'outside any VPC of the topology'))
  }
  const table = sender.vswitch.routeTable
  const object = routeTableObject(table)
  const rule = (entry: RouteEntry | undefined, cause?: 'flannel-node-route' | 'peering' | 'no-entry' | 'blackhole' | 'not-internet-routable' | 'quota') => ({kind: 'route' as const, table: object, destination: entry?.destination, target: entry?.target, cause})
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
    return outcome(deny('route', 'NO_ROUTE', object, () => `${table.name} has no Flannel node route for ${formatIpv4(destination)}${owner ? ` (node ${owner.name}, pod range ${formatCidr(owner.podRange!)})` : ''}; Flannel pod CIDR ${formatCidr(flannel.network.podCidr)} is routed only by node routes`, rule(undefined, 'flannel-node-route')))
  }
  const entry = lookup.lookup(destination)
  const what = receiver.kind === 'outside' && receiver.name.startsWith('internet') ? 'the internet' : formatIpv4(destination)
  const receiverVpc = receiver.kind === 'outside' ? undefined : receiver.vpc ?? ctx.vpcOf(destination)
  // routing follows the address on the packet: a VPC's public address (internet SLB, EIP) is
  // reached through the internet, not delivered into that VPC
  const destinationVpc = receiverVpc && (receiverVpc === sender.vpc || ctx.holdsAddress(receiverVpc, destination)) ? receiverVpc : undefined
  if (entry?.target.kind === 'blackhole') return outcome(deny('route', 'BLACKHOLE_ROUTE', object, () => `${describeEntry(entry)} drops traffic to ${formatIpv4(destination)}`, rule(entry, 'blackhole')))
  if (destinationVpc && destinationVpc !== sender.vpc) {
    if (entry?.target.kind === 'peer' && entry.target.vpc === destinationVpc.name) return outcome(pass('route', object, () => `${describeEntry(entry)} (peering to VPC ${destinationVpc.name})`, rule(entry)))
    return outcome(deny('route', 'DIFFERENT_VPC', object, () => `${formatIpv4(destination)} is in VPC ${destinationVpc.name}; ${table.name} in VPC ${sender.vpc!.name} has no peer:${destinationVpc.name} route for it${entry ? ` (matched ${describeEntry(entry)})` : ''}`, rule(entry, 'peering')))
  }
  if (!entry) return outcome(deny('route', 'NO_ROUTE', object, () => `no entry in ${table.name} covers ${what === 'the internet' ? 'the internet (no 0.0.0.0/0 route)' : what}`, rule(undefined, 'no-entry')))
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
      return natStep(ctx, entry, table, source, sender, destination, rule(entry))
  }
}

/** Why a peer route cannot carry traffic for an address outside the peer VPC. */
function notTransitive(ctx: ReachContext, entry: RouteEntry, what: string): string {
  const peerName = (entry.target as {vpc: string}).vpc
  const peer = ctx.model.vpcByName.get(peerName)
  const own = peer ? ` (${peer.cidrs.map(formatCidr).join(', ')})` : ''
  return `${describeEntry(entry)} would hand ${what} to VPC ${peerName}, but peering is not transitive: VPC ${peerName} accepts only traffic to its own CIDRs${own}, and never forwards it through its NAT gateway, its peer routes or its default route`
}

/** A private or reserved address that no VPC of the file holds: the internet never delivers it. */
export function notInternetRoutable(ctx: ReachContext, address: Ipv4): boolean {
  return ctx.vpcOf(address) === undefined && NOT_INTERNET_ROUTABLE_BLOCKS.some((block) => cidrContainsAddress(block, address))
}

function natStep(ctx: ReachContext, entry: RouteEntry, table: RouteTable, source: Ipv4, sender: Actor, destination: Ipv4, routeRule: Decision['rule']): RouteOutcome {
  const name = (entry.target as {name: string}).name
  const object = routeTableObject(table)
  if (notInternetRoutable(ctx, destination)) {
    return {decision: deny('route', 'NOT_INTERNET_ROUTABLE', object, () => `${describeEntry(entry)} sends ${formatIpv4(destination)} to the internet, but it is a private or reserved address outside every VPC of the topology: no NAT gateway or EIP delivers it (route it to a VPC peer, VPN or instance next hop)`, {kind: 'route', table: object, destination: entry.destination, target: entry.target, cause: 'not-internet-routable'})}
  }
  if (sender.publicIp) {
    return {decision: pass('route', object, () => `${describeEntry(entry)}; ${sender.name} goes out on its own public IP (no SNAT needed)`, routeRule), publicSource: INTERNET_ADDRESS}
  }
  const nat = ctx.model.natGatewayByName.get(name)
  if (!nat) return {decision: deny('route', 'NO_ROUTE', object, () => `${describeEntry(entry)}: NAT gateway ${name} is not in the topology`, routeRule)}
  const snat = nat.snat.find((s) => cidrContainsAddress(s.sourceCidr, source))
  const natObject = `natGateway/${nat.name}`
  if (!snat) {
    return {decision: deny('route', 'NO_SNAT', natObject, () => `${describeEntry(entry)}, but no SNAT entry of ${nat.name} covers source ${formatIpv4(source)} (SNAT sources: ${nat.snat.map((s) => formatCidr(s.sourceCidr)).join(', ') || 'none'})`)}
  }
  const publicSource = snat.eip ?? nat.eips[0] ?? INTERNET_ADDRESS
  return {
    decision: pass('route', natObject, () => `${describeEntry(entry)}; SNAT entry ${snat.index} (${snat.vswitch ? `vswitch:${snat.vswitch.name}` : formatCidr(snat.sourceCidr)}) → ${nat.eips.length > 0 ? formatIpv4(publicSource) : 'EIP'}`, {kind: 'snat', gateway: nat.name, index: snat.index}),
    publicSource,
  }
}
