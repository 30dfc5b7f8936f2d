import type {ReachContext} from '../context.js'
import {type Decision, deny, pass} from '../decision.js'
import type {Actor} from '../endpoints.js'
import {type Address, formatAddress} from '../family.js'
import {describeEntry} from '../routes.js'
import {routeTableObject} from './route.js'

/**
 * Step 9: the reply leaves from the answering receiver's vSwitch, so that vSwitch's route table
 * must route the translated source back (a Flannel pod IP needs its node's route there too).
 * Replies to traffic delivered by an SLB or a DNAT entry return through it (`returnVia`).
 */
export interface ReturnInput {
  sender: Actor
  /** The receiver that answers (for a nodePort: the node). */
  answering: Actor
  /** The source address after step 2. */
  source: Address
  /** Set when the traffic left through the internet (SNAT, own public IP, IPv6 gateway). */
  publicSource?: Address
  returnVia?: string
}

export function returnStep(ctx: ReachContext, input: ReturnInput): Decision {
  const {sender, answering, source} = input
  if (input.returnVia) return pass('return-route', 'reply', () => input.returnVia!)
  if (answering.kind === 'outside') {
    if (typeof source !== 'number') return pass('return-route', 'reply', () => 'replies return through the IPv6 gateway to the pod or host address (no SNAT)')
    return pass('return-route', 'reply', () => (input.publicSource !== undefined && !sender.publicIp ? 'replies return through the NAT gateway (SNAT session)' : 'replies return to the public address'))
  }
  if (sender.kind === 'outside') {
    if (typeof source !== 'number') return ipv6InternetReturn(ctx, answering, source)
    return pass('return-route', 'reply', () => 'replies return through the public IP / EIP')
  }
  if (!answering.vswitch || !answering.vpc) return pass('return-route', 'reply', () => 'no vSwitch on the reply side')
  const vswitch = answering.vswitch
  const table = vswitch.routeTable
  const object = routeTableObject(table)
  const rule = (cause?: 'flannel-node-route' | 'peering' | 'no-entry') => ({kind: 'route' as const, table: object, cause})
  if (sender.node && answering.node === sender.node) return pass('return-route', object, () => `same node ${sender.node!.name}: reply delivered locally`)
  const lookup = ctx.routes(table)
  const flannel = ctx.flannelClusterOf(answering.vpc, source)
  if (flannel) {
    const entry = lookup.lookup(source, (e) => e.target.kind === 'node' && e.target.cluster === flannel.name)
    if (entry) return pass('return-route', object, () => `${table.name}: ${describeEntry(entry)} routes the reply to ${formatAddress(source)}`)
    const owner = ctx.flannelNodeOf(flannel, source)
    return deny('return-route', 'NO_RETURN_ROUTE', object, () => `the reply to Flannel pod IP ${formatAddress(source)} leaves vSwitch ${vswitch.name}, whose table ${table.name} has no node route for ${owner ? `node ${owner.name}` : 'it'} (${table.isSystem ? 'node route missing' : `add ${table.name} to network.routeTables or masquerade this destination`})`, rule('flannel-node-route'))
  }
  const entry = lookup.lookup(source)
  const routed = () => `${table.name}: ${describeEntry(entry!)}`
  if (entry?.target.kind === 'local') return pass('return-route', object, routed)
  // a peer route back counts only when it leads to the sender's own VPC (one-way peering otherwise)
  if (entry?.target.kind === 'peer' && sender.vpc && entry.target.vpc === sender.vpc.name) return pass('return-route', object, routed)
  if (entry && sender.vpc === answering.vpc && entry.target.kind !== 'blackhole') return pass('return-route', object, routed)
  const peering = sender.vpc !== undefined && sender.vpc !== answering.vpc
  return deny('return-route', 'NO_RETURN_ROUTE', object, () => `${table.name} (vSwitch ${vswitch.name}) ${entry ? `sends replies for ${formatAddress(source)} to ${describeEntry(entry)}` : `has no route back to ${formatAddress(source)}`}`, rule(peering ? 'peering' : 'no-entry'))
}

/**
 * A reply to the internet over IPv6 leaves by routing (no EIP or DNAT session holds it): the
 * answering vSwitch's table needs a route to the IPv6 gateway for it (SPEC §8: the system table
 * gets `::/0 → ipv6gw:NAME` with the gateway; custom tables need it themselves).
 */
function ipv6InternetReturn(ctx: ReachContext, answering: Actor, client: bigint): Decision {
  if (!answering.vswitch) return pass('return-route', 'reply', () => 'no vSwitch on the reply side')
  const table = answering.vswitch.routeTable
  const object = routeTableObject(table)
  const entry = ctx.routes(table).lookup(client)
  if (entry?.target.kind === 'ipv6gw') return pass('return-route', object, () => `${table.name}: ${describeEntry(entry)} routes the reply to ${formatAddress(client)}`)
  return deny('return-route', 'NO_RETURN_ROUTE', object, () => `${table.name} (vSwitch ${answering.vswitch!.name}) ${entry ? `sends replies for ${formatAddress(client)} to ${describeEntry(entry)}` : `has no route back to ${formatAddress(client)}`}, not to an IPv6 gateway (add ::/0 → ipv6gw:NAME)`, {kind: 'route', table: object, cause: 'no-entry'})
}
