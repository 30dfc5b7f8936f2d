import type {RouteDoc} from '../document.js'
import {quoted} from '../escape.js'
import {list, text, type AliyunContext} from './common.js'

/**
 * DescribeRouteEntryList (or the entries inside DescribeRouteTables) → each table's `routes`.
 * System entries (vSwitch CIDRs, 100.64.0.0/10) are implicit in the model; entries to ACK
 * nodes are Flannel pod routes, derived from the node pools. Runs after instances and NAT
 * gateways, which routes point at.
 */
export function mapRouteEntries(c: AliyunContext): void {
  let flannelRoutes = 0
  for (const entry of c.r.routeEntries) {
    const table = c.tableById.get(String(entry.RouteTableId))
    const destination = text(entry.DestinationCidrBlock)
    if (!destination) continue
    const type = String(entry.Type ?? 'Custom').toLowerCase()
    if (type === 'system') continue
    if (!table) {
      c.warnings.push(`route ${quoted(destination)} is in route table ${quoted(entry.RouteTableId)}, which is not imported (add DescribeRouteTableList to --route-tables); skipped`)
      continue
    }
    const where = `${table.vpc.name}/${table.doc.name}`
    if (type !== 'custom') {
      c.warnings.push(`route ${quoted(destination)} in ${where} is a ${quoted(entry.Type)} route (learned dynamically); not imported`)
      continue
    }
    const hops = list(entry, 'NextHops', 'NextHop')
    const hop = hops[0] ?? {NextHopType: entry.NextHopType, NextHopId: entry.InstanceId ?? entry.NextHopId}
    if (hops.length > 1) c.warnings.push(`route ${quoted(destination)} in ${where} has ${hops.length} next hops (ECMP); only the first is imported`)
    const hopType = String(hop.NextHopType ?? '')
    const hopId = String(hop.NextHopId ?? hop.InstanceId ?? '')
    let nextHop: string | undefined
    // the API reference writes Ipv6Gateway, the ROS and some console pages IPv6Gateway: either
    if (hopType.toLowerCase() === 'ipv6gateway') {
      const gateway = c.ipv6GatewayById.get(hopId)
      // creating the gateway put ::/0 → it into the system table: the model adds that route itself
      if (gateway && table.system && destination === '::/0' && gateway.vpc === table.vpc.name) continue
      nextHop = `ipv6gw:${gateway?.name ?? c.ref(c.names.ipv6gw, hopId, 'IPv6 gateway')}`
    } else if (hopType === 'NatGateway') nextHop = `nat:${c.natById.get(hopId)?.name ?? c.ref(c.names.nat, hopId, 'NAT gateway')}`
    else if (hopType === 'Instance' && c.ackNodeIds.has(hopId)) {
      flannelRoutes++
      continue
    } else if (hopType === 'Instance') nextHop = `instance:${c.ref(c.names.instance, hopId, 'instance')}`
    if (!nextHop) {
      c.warnings.push(`route ${quoted(destination)} in ${where} goes to a ${quoted(hopType || 'unknown')} next hop (${quoted(hopId)}); acknet models nat, instance, ipv6gw, peer and blackhole next hops, skipped`)
      continue
    }
    const route: RouteDoc = {destination, nextHop}
    const description = text(entry.Description)
    if (description) route.description = description
    table.doc.routes.push(route)
  }
  if (flannelRoutes > 0) c.warnings.push(`${flannelRoutes} route(s) point at ACK nodes (Flannel pod ranges); acknet derives them from the cluster's node pools, not imported as custom routes`)
  for (const {doc} of c.tableById.values()) doc.routes.sort((a, b) => a.destination.localeCompare(b.destination, 'en'))
}
