import {formatCidr} from '../cidr/cidr.js'
import {formatIpv6Cidr} from '../cidr/cidr6.js'
import {REASON_CODE_INFO} from './codes.js'
import type {ReachContext} from './context.js'
import type {Decision} from './decision.js'
import {formatAddress} from './family.js'
import type {PairOutcome} from './legs/leg.js'
import type {Vpc} from '../topology/model.js'

/** The catalogue's usual fix, made concrete from the denying decision's data (never its text). */
export function fixHint(ctx: ReachContext, decision: Decision, protocol: string, port: number, outcome: PairOutcome): string {
  const code = decision.code!
  const name = decision.object.split('/').slice(1).join('/')
  const what = protocol === 'icmp' ? 'icmp' : `${protocol} ${port}`
  const address = outcome.translatedSource
  // a workload's replicas share their vSwitch: the rule to add covers its CIDR, not one pod IP
  const vswitch = address === undefined ? undefined : ctx.vswitchHolding(address)
  const block = vswitch && (typeof address === 'number' ? formatCidr(vswitch.cidr) : vswitch.ipv6Cidr && formatIpv6Cidr(vswitch.ipv6Cidr))
  const source = address === undefined || outcome.sender.kind === 'outside' ? undefined : vswitch ? `${block} (vSwitch ${vswitch.name})` : formatAddress(address)
  const rule = decision.rule
  const dropRule = rule?.kind === 'securityGroup' && rule.action === 'drop' && rule.index !== undefined ? rule : undefined
  const beforeDrop = dropRule ? ` with priority < ${dropRule.priority}, or remove the drop rule` : ''
  const ipv6 = ctx.family === 6
  switch (code) {
    case 'SG_INGRESS_DENIED':
      // over IPv6 an internet client needs an IPv6 peer: the usual 0.0.0.0/0 admits no IPv6 address
      if (ipv6 && source === undefined && outcome.sender.kind === 'outside') return `add an ingress rule to security group ${name}: ${what} from ::/0 (or the clients' IPv6 block; 0.0.0.0/0 admits no IPv6 peer)${beforeDrop}`
      return `add an ingress rule to security group ${name}: ${what} from ${source ?? (outcome.sender.kind === 'outside' ? outcome.sender.name : 'the source')}${beforeDrop}`
    case 'SG_EGRESS_DENIED':
      return `add an egress rule to security group ${name}: ${what} to the destination${ipv6 ? ' as an IPv6 peer (::/0 for the internet; 0.0.0.0/0 admits no IPv6 address)' : ''}${beforeDrop}`
    case 'NO_ROUTE':
      return ipv6 ? noRouteIpv6(ctx, decision) : REASON_CODE_INFO[code].fix
    case 'NETPOL_INGRESS_DENIED':
      return `add an ingress rule allowing ${what} from the source to NetworkPolicy ${name} (or another policy selecting the destination pods)`
    case 'NETPOL_EGRESS_DENIED':
      return `add an egress rule allowing ${what} to the destination to NetworkPolicy ${name} (or another policy selecting the source pods)`
    case 'NO_PUBLIC_ADDRESS':
      // a DNAT entry that forwards outside its VPC (to its own EIP, say)
      if (rule?.kind === 'dnat') return `point the DNAT entry of NAT gateway ${rule.gateway} at the private address of the instance or pod that serves it`
      return REASON_CODE_INFO[code].fix
    case 'NO_SNAT':
      return `add an SNAT entry to NAT gateway ${name} covering ${source ?? 'the source'} (its vSwitch or CIDR), or give the source a public IP`
    case 'NO_RETURN_ROUTE':
      if (rule?.kind === 'route' && rule.cause === 'flannel-node-route') return `add route table ${name} to the Flannel cluster's network.routeTables (so node routes land there), or masquerade this destination (remove it from nonMasqueradeCidrs)`
      // a reply to an IPv6 internet client leaves by route: the table needs ::/0 → ipv6gw (custom tables do not get it)
      if (ipv6 && outcome.sender.kind === 'outside') return `add ${defaultToIpv6Gateway(ctx, decision)} to route table ${name}: the reply to an IPv6 internet client leaves through the VPC's IPv6 gateway`
      if (rule?.kind === 'route' && rule.cause === 'peering') return `add a route back to the source (${source ?? formatAddress(address ?? 0)}) → peer:${outcome.sender.vpc?.name ?? 'SOURCE-VPC'} in route table ${name}: peering needs routes in both directions`
      return `add a route for ${source ?? 'the source'} to route table ${name}`
    case 'NO_IPV6_ADDRESS': {
      const [kind] = decision.object.split('/')
      if (kind === 'service') return `set ipFamilyPolicy: PreferDualStack (or ipFamilies with IPv6) on Service ${name}, or ask over IPv4`
      if (kind === 'cluster') return `make cluster ${name} dual stack (ipStack: dual with Terway, an ipv6Cidr on every node and pod vSwitch, an instance type whose IPv6 per ENI allows it), or ask over IPv4`
      if (kind === 'vswitch') return `give vSwitch ${name} an ipv6Cidr (a /64 of the VPC's IPv6 block)`
      if (kind === 'instance') return `give instance ${name} ipv6 (an address in its vSwitch /64, or true)`
      return `${decision.object} has no IPv6 address in the topology: ask over IPv4 (--family 4)`
    }
    case 'NO_IPV4_ADDRESS':
      return `set ipFamilyPolicy: PreferDualStack (ipFamilies [IPv6, IPv4]) on Service ${name}, or ask over IPv6 (--family 6)`
    case 'NO_IPV6_INTERNET':
      if (decision.object.startsWith('vpc/')) return `create an IPv6 gateway for VPC ${name} (ipv6Gateways:) and list the address in its internet`
      return `add ${address !== undefined && typeof address !== 'number' && outcome.sender.kind !== 'outside' ? `${formatAddress(address)}/128 (or its vSwitch /64)` : 'the receiver\'s IPv6 address (or its vSwitch /64)'} to the internet list of IPv6 gateway ${name}`
    default:
      return REASON_CODE_INFO[code].fix
  }
}

/** The VPC of a `routeTable/VPC/NAME` object. */
function vpcOfTable(ctx: ReachContext, decision: Decision): Vpc | undefined {
  return decision.object.startsWith('routeTable/') ? ctx.model.vpcByName.get(decision.object.split('/')[1]!) : undefined
}

/** `::/0 → ipv6gw:NAME` naming the VPC's IPv6 gateway, or saying to create one (SPEC §8). */
function defaultToIpv6Gateway(ctx: ReachContext, decision: Decision): string {
  const vpc = vpcOfTable(ctx, decision)
  const gateway = vpc?.ipv6Gateway
  if (gateway) return `::/0 → ipv6gw:${gateway.name}`
  return `::/0 → ipv6gw:NAME (VPC ${vpc?.name ?? 'of the table'} has no IPv6 gateway: create one under ipv6Gateways:)`
}

/**
 * NO_ROUTE over IPv6: internet traffic goes to the IPv6 gateway, never to a NAT gateway (the loader
 * already rejects an IPv6 route to nat: and an ipv6gw: of another VPC, so no entry is the case left).
 */
function noRouteIpv6(ctx: ReachContext, decision: Decision): string {
  const table = decision.object.split('/').slice(1).join('/')
  return `add a route entry for the destination to route table ${table} (${defaultToIpv6Gateway(ctx, decision)} for the internet, the peer VPC's IPv6 block → peer:VPC for a peered VPC), or bind the vSwitch to a table that has one`
}
