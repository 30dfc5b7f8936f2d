import type {RouteTableReport, RoutesReport} from '../engine/topology/routes-report.js'
import {colours as c} from './colors.js'
import {escapeStrings} from './escape.js'
import {renderTable} from './table.js'

/** How many Flannel entries / cut-off nodes to list before summarising (unless --all). */
const LIST_LIMIT = 10

export function renderRoutes(raw: RoutesReport, options: {all?: boolean} = {}): string {
  const report = escapeStrings(raw) // every name made safe for a terminal (issue #15)
  if (report.tables.length === 0) return 'no VPCs in this topology, so no route tables'
  return report.tables.map((table) => renderTableReport(table, options.all ?? false)).join('\n\n')
}

function renderTableReport(table: RouteTableReport, all: boolean): string {
  const lines: string[] = []
  const title = `${c.bold(`route table ${table.vpc}/${table.name}`)}${table.system ? c.dim(' (system)') : ''}`
  const usage = `${table.used}/${table.quota} entries used (${table.customEntries} custom, ${table.flannelEntries} Flannel node)`
  const state = table.missing > 0 ? c.red(`${table.missing} over quota`) : table.headroom <= table.quota * 0.1 ? c.yellow(`headroom ${table.headroom}`) : c.green(`headroom ${table.headroom}`)
  lines.push(`${title}  ${usage}, ${state}`)
  lines.push(`  vSwitches: ${table.vswitches.length > 0 ? table.vswitches.join(', ') : c.dim('none bound')}`)

  const rows: string[][] = table.routes.map((route) => [route.destination, route.nextHop, 'custom'])
  for (const route of table.gatewayRoutes) rows.push([route.destination, route.nextHop, 'system (IPv6 gateway)'])
  const flannel = all ? table.flannelRoutes : table.flannelRoutes.slice(0, LIST_LIMIT)
  for (const route of flannel) rows.push([route.destination, `node ${route.cluster}/${route.node}${route.nodeIp ? ` (${route.nodeIp})` : ''}`, 'flannel'])
  if (!all && table.flannelRoutes.length > LIST_LIMIT) rows.push([c.dim('…'), c.dim(`${table.flannelRoutes.length - LIST_LIMIT} more Flannel node routes (--all lists them)`), ''])
  if (all) for (const route of table.systemRoutes) rows.push([route.destination, `local (vSwitch ${route.vswitch})`, 'system'])
  if (rows.length > 0) lines.push(indent(renderTable(['DESTINATION', 'NEXT HOP', 'KIND'], rows)))
  else lines.push(c.dim('  no custom or Flannel entries'))

  if (table.nodesWithoutRoute.length > 0) {
    const shown = all ? table.nodesWithoutRoute : table.nodesWithoutRoute.slice(0, LIST_LIMIT)
    lines.push(c.red(`  ${table.nodesWithoutRoute.length} Flannel node(s) left without a route (pods on them are unreachable from outside the node):`))
    lines.push(indent(renderTable(['CLUSTER', 'NODE', 'POD RANGE'], shown.map((node) => [node.cluster, node.node, node.podRange]))))
    if (shown.length < table.nodesWithoutRoute.length) lines.push(c.dim(`    … ${table.nodesWithoutRoute.length - shown.length} more (--all lists them)`))
  }
  return lines.join('\n')
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n')
}
