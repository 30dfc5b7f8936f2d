import {quoted} from '../escape.js'
import type {RouteTableDoc} from '../document.js'
import {text, type AliyunContext} from './common.js'

/**
 * DescribeRouteTableList (or the older DescribeRouteTables) → each VPC's `routeTables`. The
 * older API names a table's VRouter, not its VPC: matched through DescribeVpcs' VRouterId.
 */
export function mapRouteTables(c: AliyunContext): void {
  c.names.table.assign('system', 'system')
  const onlyVpc = c.vpcById.size === 1 ? [...c.vpcById.values()][0] : undefined
  for (const table of c.r.routeTables) {
    const id = text(table.RouteTableId)
    if (!id) continue
    const vpc = c.vpcById.get(text(table.VpcId) ?? '') ?? c.vpcByRouter.get(text(table.VRouterId) ?? '') ?? onlyVpc
    if (!vpc) {
      c.warnings.push(`route table ${quoted(id)}: its VPC ${quoted(text(table.VpcId) ?? text(table.VRouterId) ?? '(unknown)')} is not imported (pass --vpc with DescribeVpcs); table skipped`)
      continue
    }
    const system = String(table.RouteTableType ?? '').toLowerCase() === 'system'
    if (!system && String(table.AssociateType ?? '').toLowerCase() === 'gateway') {
      c.warnings.push(`route table ${quoted(id)} is a gateway route table (bound to an IPv4 gateway); acknet does not model IPv4 gateways, skipped`)
      continue
    }
    const doc: RouteTableDoc = {name: system ? 'system' : c.names.table.assign(id, text(table.RouteTableName)), routes: []}
    c.tableById.set(id, {vpc, doc, system})
    vpc.routeTables = [...(vpc.routeTables ?? []), doc]
    if (!system) c.sources.set(doc, c.source(c.names.table, id, 'DescribeRouteTableList'))
  }
}

/** An empty system table adds nothing; custom tables stay so vSwitch bindings resolve. */
export function pruneRouteTables(c: AliyunContext): void {
  for (const vpc of c.vpcById.values()) {
    vpc.routeTables = vpc.routeTables?.filter((table) => table.name !== 'system' || table.routes.length > 0)
    if (vpc.routeTables?.length === 0) delete vpc.routeTables
  }
}
