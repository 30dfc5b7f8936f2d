import {formatCidr} from '../../cidr/cidr.js'
import {formatIpv6Cidr, ipv6CidrContainsAddress} from '../../cidr/cidr6.js'
import {formatIpv4, type Ipv4} from '../../cidr/ipv4.js'
import type {DnatEntry, NatGateway} from '../../topology/model.js'
import {type Decision, deny, pass} from '../decision.js'
import {type Actor, workloadObject} from '../endpoints.js'
import {formatAddress} from '../family.js'
import {failBefore, type Leg, type PairOutcome, runLeg, type TraceEnv} from './leg.js'
import {actorAt} from './load-balancer.js'

/** Step 4/5 for DNAT and public entry: how the internet reaches an address in a VPC. */

export interface PublicEntry {
  decision: Decision
  returnVia?: string
}

/** Its own public IP/EIP, else a DNAT entry for the port, else NO_PUBLIC_ADDRESS. */
export function publicEntry(receiver: Actor, protocol: string, port: number): PublicEntry {
  if (typeof receiver.address !== 'number') return ipv6PublicEntry(receiver, receiver.address)
  if (receiver.publicIp) return {decision: pass('route', receiver.object, () => `internet → the public IP / EIP of ${receiver.name}`)}
  for (const nat of receiver.vpc?.natGateways ?? []) {
    for (const dnat of nat.dnat) {
      if (dnat.internalIp !== receiver.address || dnat.internalPort !== port || (dnat.protocol !== 'any' && dnat.protocol !== protocol)) continue
      return {
        decision: pass('route', `natGateway/${nat.name}`, () => `DNAT entry ${dnat.index}: ${formatIpv4(dnat.eip)}:${dnat.externalPort} → ${formatIpv4(dnat.internalIp)}:${dnat.internalPort}`, {kind: 'dnat', gateway: nat.name, index: dnat.index}),
        returnVia: `replies return through DNAT entry ${dnat.index} of natGateway/${nat.name}`,
      }
    }
  }
  const object = receiver.kind === 'pod' && receiver.pod ? workloadObject(receiver.pod.workload) : receiver.object
  return {decision: deny('route', 'NO_PUBLIC_ADDRESS', object, () => `${receiver.name} has no public IP, EIP, DNAT entry for ${protocol}/${port} or internet-facing SLB`)}
}

/**
 * From the internet over IPv6 (SPEC §8, facts §10): no EIP or DNAT; the VPC's IPv6 gateway delivers
 * to addresses in its `internet` list (those with IPv6 internet bandwidth), and to nothing else.
 */
export function ipv6PublicEntry(receiver: Actor, address: bigint): PublicEntry {
  const vpc = receiver.vpc
  const gateway = vpc?.ipv6Gateway
  if (!gateway) return {decision: deny('route', 'NO_IPV6_INTERNET', vpc ? `vpc/${vpc.name}` : receiver.object, () => `VPC ${vpc?.name ?? '(none)'} has no IPv6 gateway: the internet cannot reach ${receiver.name} ${formatAddress(address)} over IPv6`)}
  const listed = gateway.internet.find((block) => ipv6CidrContainsAddress(block, address))
  const object = `ipv6Gateway/${gateway.name}`
  if (!listed) return {decision: deny('route', 'NO_IPV6_INTERNET', object, () => `${receiver.name} ${formatAddress(address)} is not in the internet list of IPv6 gateway ${gateway.name} (${gateway.internet.map(formatIpv6Cidr).join(', ') || 'empty'}): it has no IPv6 internet bandwidth`)}
  return {decision: pass('route', object, () => `internet → IPv6 gateway ${gateway.name} → ${receiver.name} ${formatAddress(address)} (internet list ${formatIpv6Cidr(listed)}, no DNAT)`)}
}

export function viaDnat(env: TraceEnv, sender: Actor, nat: NatGateway, eip: Ipv4, protocol: string, port: number): PairOutcome[] {
  const object = `natGateway/${nat.name}`
  const entry = nat.dnat.find((d) => d.eip === eip && d.externalPort === port && (d.protocol === 'any' || d.protocol === protocol))
  if (!entry) {
    return [failBefore(env, sender, eip, port, deny('service', 'PORT_NOT_EXPOSED', object, () => `natGateway/${nat.name} has no DNAT entry for ${formatIpv4(eip)}:${protocol}/${port}`), protocol, object)]
  }
  // Alibaba forwards a DNAT entry only to a private address of the gateway's VPC; one pointing
  // elsewhere (its own EIP: a hairpin to itself) reaches no host
  const nowhere = env.ctx.holdsAddress(nat.vpc, entry.internalIp) ? undefined : dnatNowhere(env, nat, entry, protocol)
  const actor = actorAt(env, entry.internalIp, nat.vpc)
  const rule = {kind: 'dnat' as const, gateway: nat.name, index: entry.index}
  const leg: Leg = {
    sender,
    dstAddress: eip,
    dstPort: port,
    service: [pass('service', object, () => `DNAT entry ${entry.index}: ${formatIpv4(eip)}:${port} → ${formatIpv4(entry.internalIp)}:${entry.internalPort}`, rule)],
    route: sender.kind === 'outside' ? pass('route', object, () => `internet → EIP ${formatIpv4(eip)} of natGateway/${nat.name}`) : undefined,
    // the port step runs at the pod or instance behind the entry like anywhere else (declared ports included)
    stages: nowhere ? [{kind: 'fixed', decision: nowhere}] : [{kind: 'eni', actor, port: entry.internalPort}],
    returnVia: `replies return through DNAT entry ${entry.index} of natGateway/${nat.name}`,
    to: actor.name,
  }
  return [runLeg(env, leg, protocol, actor)]
}

/** The denial for a DNAT entry whose internal address is not in the gateway's VPC. */
function dnatNowhere(env: TraceEnv, nat: NatGateway, entry: DnatEntry, protocol: string): Decision {
  const internal = entry.internalIp
  const other = env.ctx.natByEip(internal)
  const what = other === nat ? "the gateway's own EIP (a hairpin to itself)" : other ? `an EIP of natGateway/${other.name}` : `outside VPC ${nat.vpc.name}`
  return deny('route', 'NO_PUBLIC_ADDRESS', `natGateway/${nat.name}`, () => `DNAT entry ${entry.index} forwards ${formatIpv4(entry.eip)}:${entry.externalPort} to ${formatIpv4(internal)}:${entry.internalPort}, ${what}; a DNAT entry delivers only to a private address in VPC ${nat.vpc.name} (${nat.vpc.cidrs.map(formatCidr).join(', ')}), so nothing answers on ${formatIpv4(entry.eip)} ${protocol}/${entry.externalPort}`, {kind: 'dnat', gateway: nat.name, index: entry.index})
}
