import {type Cidr, cidrContains, formatCidr} from '../../cidr/cidr.js'
import {parseIpv4, prefixMask} from '../../cidr/ipv4.js'
import type {Finding} from '../../findings.js'
import type {Model, RouteEntry, VSwitch} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

// CreateRouteEntry: a destination may not lie in 100.64.0.0/10 (alibaba-facts §5).
const SHARED_ADDRESS_SPACE: Cidr = {network: parseIpv4('100.64.0.0')!, prefix: 10}

export const routeDestinationRule: LintRule<Model> = {
  id: 'route-destination',
  severity: 'error',
  description: 'A custom route destination equals or lies in a vSwitch CIDR, or is duplicated in its table',
  help: 'Every route table already routes each vSwitch CIDR of the VPC locally; VPC refuses a custom entry whose destination equals or lies inside one (it may contain one), one inside 100.64.0.0/10, and a second entry with the same destination in one table (CreateRouteEntry). Remove the entry or use a destination outside the vSwitch blocks.',
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
      }
    }
    return findings
  },
}

function enclosingVSwitch(destination: Cidr, byBlock: Map<string, VSwitch>): VSwitch | undefined {
  for (let prefix = destination.prefix; prefix >= 0; prefix--) {
    const network = (destination.network & prefixMask(prefix)) >>> 0
    const vswitch = byBlock.get(`${network}/${prefix}`)
    if (vswitch) return vswitch
  }
  return undefined
}
