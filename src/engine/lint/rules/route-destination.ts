import {type Cidr, cidrContains, formatCidr} from '../../cidr/cidr.js'
import {formatIpv6Cidr, ipv6CidrContains} from '../../cidr/cidr6.js'
import {parseIpv4, prefixMask} from '../../cidr/ipv4.js'
import type {Finding} from '../../findings.js'
import type {Ipv6RouteEntry, Model, RouteEntry, RouteTable, VSwitch} from '../../topology/model.js'
import type {RuleContext} from '../rule.js'
import type {LintRule} from '../rule.js'

// CreateRouteEntry: a destination may not lie in 100.64.0.0/10 (alibaba-facts §5).
const SHARED_ADDRESS_SPACE: Cidr = {network: parseIpv4('100.64.0.0')!, prefix: 10}

export const routeDestinationRule: LintRule<Model> = {
  id: 'route-destination',
  severity: 'error',
  description: 'A custom route destination equals or lies in a vSwitch CIDR (or IPv6 /64), or is duplicated in its table',
  help: 'Every route table already routes each vSwitch CIDR of the VPC locally, and each vSwitch IPv6 /64; VPC refuses a custom entry whose destination equals or lies inside one (it may contain one), one inside 100.64.0.0/10, and a second entry with the same destination in one table (CreateRouteEntry). Creating an IPv6 gateway already adds ::/0 to the system table. Remove the entry or use a destination outside the vSwitch blocks.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      // vSwitch CIDRs keyed by network/prefix: "is this destination inside a vSwitch" is then at most 33 lookups
      const vswitchByBlock = new Map<string, VSwitch>()
      for (const vswitch of vpc.vswitches) vswitchByBlock.set(`${vswitch.cidr.network}/${vswitch.cidr.prefix}`, vswitch)
      for (const table of vpc.routeTables) {
        const seen = new Map<string, RouteEntry>()
        for (const route of table.routes) {
          const destination = route.destination
          const text = formatCidr(destination)
          const vswitch = enclosingVSwitch(destination, vswitchByBlock)
          if (vswitch) {
            const relation = vswitch.cidr.prefix === destination.prefix ? 'equals' : 'lies inside'
            findings.push(ctx.finding(route.source, 'destination', `route ${text} in table ${table.name} ${relation} the CIDR of vSwitch ${vswitch.name} (${formatCidr(vswitch.cidr)}), which the table already routes locally`))
          } else if (cidrContains(SHARED_ADDRESS_SPACE, destination)) {
            findings.push(ctx.finding(route.source, 'destination', `route ${text} in table ${table.name} lies in 100.64.0.0/10, which route entries may not use`))
          }
          const key = `${destination.network}/${destination.prefix}`
          const earlier = seen.get(key)
          if (earlier) findings.push(ctx.finding(route.source, 'destination', `route ${text} appears twice in table ${table.name} (first as routes[${earlier.index}])`))
          else seen.set(key, route)
        }
        findings.push(...ipv6Destinations(table, ctx))
      }
    }
    return findings
  },
}

/** The same checks for IPv6 destinations: against the vSwitch /64s, and duplicates (the IPv6 gateway's ::/0 included). */
function ipv6Destinations(table: RouteTable, ctx: RuleContext): Finding[] {
  const findings: Finding[] = []
  const seen = new Map<string, Ipv6RouteEntry>()
  for (const route of table.ipv6Routes) {
    const destination = route.destination
    const text = formatIpv6Cidr(destination)
    const key = `${destination.network}/${destination.prefix}`
    if (route.system) {
      seen.set(key, route)
      continue
    }
    const local = table.ipv6SystemRoutes.find((system) => ipv6CidrContains(system.destination, destination))
    if (local) {
      const relation = local.destination.prefix === destination.prefix ? 'equals' : 'lies inside'
      findings.push(ctx.finding(route.source, 'destination', `route ${text} in table ${table.name} ${relation} the IPv6 block of vSwitch ${local.vswitch.name} (${formatIpv6Cidr(local.destination)}), which the table already routes locally`))
    }
    const earlier = seen.get(key)
    if (earlier?.system) findings.push(ctx.finding(route.source, 'destination', `route ${text} in table ${table.name}: creating IPv6 gateway ${earlier.nextHop.type === 'ipv6gw' ? earlier.nextHop.name : ''} already added ::/0 to the system table`))
    else if (earlier) findings.push(ctx.finding(route.source, 'destination', `route ${text} appears twice in table ${table.name} (first as routes[${earlier.index}])`))
    else seen.set(key, route)
  }
  return findings
}

function enclosingVSwitch(destination: Cidr, byBlock: Map<string, VSwitch>): VSwitch | undefined {
  for (let prefix = destination.prefix; prefix >= 0; prefix--) {
    const network = (destination.network & prefixMask(prefix)) >>> 0
    const vswitch = byBlock.get(`${network}/${prefix}`)
    if (vswitch) return vswitch
  }
  return undefined
}
