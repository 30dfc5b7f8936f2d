import {compareCidrs, formatCidr} from '../cidr/cidr.js'
import {formatIpv4} from '../cidr/ipv4.js'
import type {Model, NextHop, RouteTable} from './model.js'

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
  routes: Array<{destination: string; nextHop: string}>
  flannelRoutes: Array<{destination: string; cluster: string; node: string; nodeIp: string | null}>
  /** Local routes of every vSwitch CIDR of the VPC (not counted against the quota). */
  systemRoutes: Array<{destination: string; vswitch: string}>
  nodesWithoutRoute: Array<{cluster: string; node: string; podRange: string}>
}

export function nextHopText(hop: NextHop): string {
  return hop.type === 'blackhole' ? 'blackhole' : `${hop.type}:${hop.name}`
}

export function routesReport(model: Model): RoutesReport {
  return {file: model.file, tables: model.routeTables.map(tableReport)}
}

function tableReport(table: RouteTable): RouteTableReport {
  const used = table.routes.length + table.flannelRoutes.length
  return {
    vpc: table.vpc.name,
    name: table.name,
    system: table.isSystem,
    quota: table.quota,
    customEntries: table.routes.length,
    flannelEntries: table.flannelRoutes.length,
    used,
    headroom: Math.max(0, table.quota - used),
    missing: Math.max(0, table.routes.length - table.quota) + table.flannelCutOff.length,
    vswitches: table.vswitches.map((vswitch) => vswitch.name),
    routes: table.routes.map((route) => ({destination: formatCidr(route.destination), nextHop: nextHopText(route.nextHop)})),
    flannelRoutes: table.flannelRoutes.map((route) => ({destination: formatCidr(route.destination), cluster: route.cluster.name, node: route.node.name, nodeIp: route.node.ip === undefined ? null : formatIpv4(route.node.ip)})),
    systemRoutes: [...table.systemRoutes].sort((a, b) => compareCidrs(a.destination, b.destination)).map((route) => ({destination: formatCidr(route.destination), vswitch: route.vswitch.name})),
    nodesWithoutRoute: table.flannelCutOff.map(({node, cluster}) => ({cluster: cluster.name, node: node.name, podRange: node.podRange ? formatCidr(node.podRange) : ''})),
  }
}
