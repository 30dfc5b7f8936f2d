import type {VSwitchDoc} from '../document.js'
import {quoted} from '../escape.js'
import {strings, text, type AliyunContext} from './common.js'

/** DescribeVSwitches → each VPC's `vswitches`, with the custom route table each is bound to. */
export function mapVSwitches(c: AliyunContext): void {
  const tableOfVSwitch = new Map<string, string>()
  for (const table of c.r.routeTables) for (const vswitchId of strings(table, 'VSwitchIds', 'VSwitchId')) tableOfVSwitch.set(vswitchId, String(table.RouteTableId))
  for (const vswitch of c.r.vswitches) {
    const id = text(vswitch.VSwitchId)
    if (!id) continue
    const vpc = c.vpcById.get(text(vswitch.VpcId) ?? '')
    if (!vpc) {
      c.warnings.push(`vSwitch ${quoted(id)}: its VPC ${quoted(text(vswitch.VpcId) ?? '(unknown)')} is not imported (pass --vpc with DescribeVpcs); vSwitch skipped`)
      continue
    }
    const doc: VSwitchDoc = {name: c.names.vswitch.assign(id, text(vswitch.VSwitchName)), zone: String(vswitch.ZoneId ?? ''), cidr: String(vswitch.CidrBlock ?? '')}
    const ipv6 = text(vswitch.Ipv6CidrBlock)
    if (ipv6) doc.ipv6Cidr = ipv6
    const tableId = text(vswitch.RouteTable?.RouteTableId) ?? tableOfVSwitch.get(id)
    const table = tableId ? c.tableById.get(tableId) : undefined
    if (table && !table.system) doc.routeTable = table.doc.name
    else if (tableId && !table && String(vswitch.RouteTable?.RouteTableType ?? '').toLowerCase() !== 'system') c.warnings.push(`vSwitch ${doc.name} is bound to route table ${quoted(tableId)}, which is not imported (pass --route-tables); it is shown on the system table`)
    vpc.vswitches.push(doc)
    c.sources.set(doc, c.source(c.names.vswitch, id, 'DescribeVSwitches'))
  }
}
