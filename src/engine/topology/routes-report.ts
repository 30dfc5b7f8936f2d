import {compareCidrs, formatCidr} from '../cidr/cidr.js'
import {compareIpv6Cidrs, formatIpv6Cidr} from '../cidr/cidr6.js'
import {formatIpv4} from '../cidr/ipv4.js'
import type {Ipv6NextHop, Model, NextHop, RouteTable} from './model.js'
import {customRouteCount} from './route-count.js'

/**
 * What `acknet routes` shows (and prints as JSON): per route table, its custom entries, the
 * Flannel node entries that fit, the quota and headroom, and the nodes left without a route.
 */
export interface RoutesReport {
  file: string
  tables: RouteTableReport[]
}

export interface RouteTableReport {
  vpc: string
  name: string
  system: boolean
  /** Custom-entry quota (settings.routeEntriesPerTable). */
  quota: number
  customEntries: number
  flannelEntries: number
  /** customEntries + flannelEntries. */
  used: number
  /** quota − used; never negative (see `missing`). */
  headroom: number
  /** Entries wanted beyond the quota: custom overflow + Flannel nodes left without a route. */
  missing: number
  vswitches: string[]
  /** Custom entries of both families (IPv6 ones *0.2*), in file order. */
  routes: Array<{destination: string; nextHop: string}>
  /** *0.2* `::/0 → ipv6gw:NAME`, added to the system table by the VPC's IPv6 gateway (not counted against the quota). */
  gatewayRoutes: Array<{destination: string; nextHop: string}>
  flannelRoutes: Array<{destination: string; cluster: string; node: string; nodeIp: string | null}>
  /** Local routes of every vSwitch CIDR of the VPC, then of every vSwitch IPv6 /64 (not counted against the quota). */
  systemRoutes: Array<{destination: string; vswitch: string}>
  nodesWithoutRoute: Array<{cluster: string; node: string; podRange: string}>
}

export function nextHopText(hop: NextHop | Ipv6NextHop): string {
  return hop.type === 'blackhole' ? 'blackhole' : `${hop.type}:${hop.name}`
}

export function routesReport(model: Model): RoutesReport {
  return {file: model.file, tables: model.routeTables.map(tableReport)}
}

function tableReport(table: RouteTable): RouteTableReport {
  const custom = customRouteCount(table)
  const used = custom + table.flannelRoutes.length
  const customRoutes = [
    ...table.routes.map((route) => ({index: route.index, destination: formatCidr(route.destination), nextHop: nextHopText(route.nextHop)})),
    ...table.ipv6Routes.filter((route) => !route.system).map((route) => ({index: route.index, destination: formatIpv6Cidr(route.destination), nextHop: nextHopText(route.nextHop)})),
  ].sort((a, b) => a.index - b.index)
  return {
    vpc: table.vpc.name,
    name: table.name,
    system: table.isSystem,
    quota: table.quota,
    customEntries: custom,
    flannelEntries: table.flannelRoutes.length,
    used,
    headroom: Math.max(0, table.quota - used),
    missing: Math.max(0, custom - table.quota) + table.flannelCutOff.length,
    vswitches: table.vswitches.map((vswitch) => vswitch.name),
    routes: customRoutes.map(({destination, nextHop}) => ({destination, nextHop})),
    gatewayRoutes: table.ipv6Routes.filter((route) => route.system).map((route) => ({destination: formatIpv6Cidr(route.destination), nextHop: nextHopText(route.nextHop)})),
    flannelRoutes: table.flannelRoutes.map((route) => ({destination: formatCidr(route.destination), cluster: route.cluster.name, node: route.node.name, nodeIp: route.node.ip === undefined ? null : formatIpv4(route.node.ip)})),
    systemRoutes: [
      ...[...table.systemRoutes].sort((a, b) => compareCidrs(a.destination, b.destination)).map((route) => ({destination: formatCidr(route.destination), vswitch: route.vswitch.name})),
      ...[...table.ipv6SystemRoutes].sort((a, b) => compareIpv6Cidrs(a.destination, b.destination)).map((route) => ({destination: formatIpv6Cidr(route.destination), vswitch: route.vswitch.name})),
    ],
    nodesWithoutRoute: table.flannelCutOff.map(({node, cluster}) => ({cluster: cluster.name, node: node.name, podRange: node.podRange ? formatCidr(node.podRange) : ''})),
  }
}
