import {formatIpv4, type Ipv4} from '../../cidr/ipv4.js'
import type {ReachContext} from '../context.js'
import {type Decision, deny, pass} from '../decision.js'
import type {Actor} from '../endpoints.js'
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
  source: Ipv4
  /** Set when the traffic left through the internet (SNAT or own public IP). */
  publicSource?: Ipv4
  returnVia?: string
}

export function returnStep(ctx: ReachContext, input: ReturnInput): Decision {
  const {sender, answering, source} = input
  if (input.returnVia) return pass('return-route', 'reply', () => input.returnVia!)
  if (answering.kind === 'outside') return pass('return-route', 'reply', () => (input.publicSource !== undefined && !sender.publicIp ? 'replies return through the NAT gateway (SNAT session)' : 'replies return to the public address'))
  if (sender.kind === 'outside') return pass('return-route', 'reply', () => 'replies return through the public IP / EIP')
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
    if (entry) return pass('return-route', object, () => `${table.name}: ${describeEntry(entry)} routes the reply to ${formatIpv4(source)}`)
    const owner = ctx.flannelNodeOf(flannel, source)
    return deny('return-route', 'NO_RETURN_ROUTE', object, () => `the reply to Flannel pod IP ${formatIpv4(source)} leaves vSwitch ${vswitch.name}, whose table ${table.name} has no node route for ${owner ? `node ${owner.name}` : 'it'} (${table.isSystem ? 'node route missing' : `add ${table.name} to network.routeTables or masquerade this destination`})`, rule('flannel-node-route'))
  }
  const entry = lookup.lookup(source)
  const routed = () => `${table.name}: ${describeEntry(entry!)}`
  if (entry?.target.kind === 'local') return pass('return-route', object, routed)
  // a peer route back counts only when it leads to the sender's own VPC (one-way peering otherwise)
  if (entry?.target.kind === 'peer' && sender.vpc && entry.target.vpc === sender.vpc.name) return pass('return-route', object, routed)
  if (entry && sender.vpc === answering.vpc && entry.target.kind !== 'blackhole') return pass('return-route', object, routed)
  const peering = sender.vpc !== undefined && sender.vpc !== answering.vpc
  return deny('return-route', 'NO_RETURN_ROUTE', object, () => `${table.name} (vSwitch ${vswitch.name}) ${entry ? `sends replies for ${formatIpv4(source)} to ${describeEntry(entry)}` : `has no route back to ${formatIpv4(source)}`}`, rule(peering ? 'peering' : 'no-entry'))
}
