import {formatIpv6Cidr, ipv6Cidr, parseIpv6Cidr} from '../../cidr/cidr6.js'
import type {RouteTableDoc, VpcDoc, VSwitchDoc} from '../document.js'
import {str, type TerraformContext} from './context.js'

/**
 * The /64 that `ipv6_cidr_block_mask` N picks inside the VPC's IPv6 block (the N-th /64: the
 * alicloud provider's "the last 8 bits of the vSwitch IPv6 CIDR block"); a plan knows the mask
 * before apply even when the block is "known after apply" in the VPC's state only.
 */
function vswitchIpv6FromMask(vpcBlock: string | undefined, mask: unknown): string | undefined {
  const index = Number(mask)
  const parsed = vpcBlock ? parseIpv6Cidr(vpcBlock) : undefined
  if (!parsed?.ok || !Number.isInteger(index) || index < 0 || parsed.cidr.prefix > 64 || index >= 2 ** (64 - parsed.cidr.prefix)) return undefined
  return formatIpv6Cidr(ipv6Cidr(parsed.cidr.network + (BigInt(index) << 64n), 64))
}

/** alicloud_vpc → `vpcs` (the IPv6 block when enable_ipv6 gave one). */
export function mapVpcs(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_vpc')) {
    const doc: VpcDoc = {name: t.nameOf(r, 'VPC', 'vpc_name', 'name'), cidr: String(r.values.cidr_block ?? ''), vswitches: []}
    const secondary = r.values.secondary_cidr_blocks
    if (Array.isArray(secondary) && secondary.length > 0) doc.secondaryCidrs = secondary
    // ipv6_cidr_block is the first block; newer providers also list ipv6_cidr_blocks [{ipv6_cidr_block, ipv6_isp}]
    const blocks = Array.isArray(r.values.ipv6_cidr_blocks) ? r.values.ipv6_cidr_blocks.map((b: {ipv6_cidr_block?: unknown}) => str(b?.ipv6_cidr_block)) : []
    const ipv6 = str(r.values.ipv6_cidr_block) ?? blocks.find(Boolean)
    if (ipv6) doc.ipv6Cidr = ipv6
    else if (r.values.enable_ipv6 === true) t.warnings.push(`${r.address}: enable_ipv6 is set but the IPv6 block is not known until apply; ipv6Cidr not imported`)
    t.vpcs.push(doc)
    t.sources.set(doc, t.sourceOf(r))
  }
}

/** alicloud_vswitch → its VPC's `vswitches`. */
export function mapVSwitches(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_vswitch')) {
    const vpc = t.vpcDoc(t.name(t.ref(r, 'vpc_id')?.resource))
    const doc: VSwitchDoc = {name: t.nameOf(r, 'vSwitch', 'vswitch_name', 'name'), zone: String(r.values.zone_id ?? r.values.availability_zone ?? ''), cidr: String(r.values.cidr_block ?? '')}
    if (!vpc) {
      t.warnings.push(`${r.address}: its VPC is not in this ${t.where}; vSwitch skipped`)
      continue
    }
    const ipv6 = str(r.values.ipv6_cidr_block) ?? (r.values.ipv6_cidr_block_mask !== undefined && r.values.ipv6_cidr_block_mask !== null ? vswitchIpv6FromMask(vpc.ipv6Cidr, r.values.ipv6_cidr_block_mask) : undefined)
    if (ipv6) doc.ipv6Cidr = ipv6
    else if (r.values.enable_ipv6 === true) t.warnings.push(`${r.address}: enable_ipv6 is set but neither ipv6_cidr_block nor (with the VPC's block) ipv6_cidr_block_mask is known; ipv6Cidr not imported`)
    t.vswitchVpc.set(r, vpc)
    vpc.vswitches.push(doc)
    t.sources.set(doc, t.sourceOf(r))
  }
}

/** alicloud_route_table → its VPC's `routeTables` (gateway tables are not modelled). */
export function mapRouteTables(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_route_table')) {
    const vpc = t.vpcDoc(t.name(t.ref(r, 'vpc_id')?.resource))
    const doc: RouteTableDoc = {name: t.nameOf(r, 'route table', 'route_table_name', 'name'), routes: []}
    if (!vpc) {
      t.warnings.push(`${r.address}: its VPC is not in this ${t.where}; skipped`)
      continue
    }
    if (str(r.values.associate_type) === 'Gateway') {
      t.warnings.push(`${r.address} is a gateway route table; acknet does not model IPv4 gateways, skipped`)
      continue
    }
    vpc.routeTables = [...(vpc.routeTables ?? []), doc]
    t.tables.set(r, {vpc, doc})
    t.sources.set(doc, t.sourceOf(r))
  }
}

/** alicloud_route_table_attachment → the vSwitch's `routeTable`. */
export function mapRouteTableAttachments(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_route_table_attachment')) {
    const table = t.tables.get(t.ref(r, 'route_table_id')?.resource as never)
    const vswitch = t.ref(r, 'vswitch_id')?.resource
    const doc = table?.vpc.vswitches.find((v) => v.name === t.name(vswitch))
    if (table && doc) doc.routeTable = table.doc.name
    else t.warnings.push(`${r.address}: route table or vSwitch not in this ${t.where}; binding skipped`)
  }
}

function systemTable(vpc: VpcDoc): RouteTableDoc {
  let table = vpc.routeTables?.find((candidate) => candidate.name === 'system')
  if (!table) {
    table = {name: 'system', routes: []}
    vpc.routeTables = [table, ...(vpc.routeTables ?? [])]
  }
  return table
}

/** alicloud_route_entry → a table's `routes` (a VPC's route_table_id is its system table). Runs after NAT gateways and instances. */
export function mapRouteEntries(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_route_entry')) {
    const hit = t.ref(r, 'route_table_id')
    const vpc = hit?.resource.type === 'alicloud_vpc' ? t.vpcDoc(t.name(hit.resource)) : undefined
    const table = vpc ? {doc: systemTable(vpc)} : t.tables.get(hit?.resource as never)
    const destination = str(r.values.destination_cidrblock ?? r.values.destination_cidr_block)
    if (!table || !destination) {
      t.warnings.push(`${r.address}: route table ${table ? '' : 'not in this file '}or destination unknown; skipped`)
      continue
    }
    const hopType = String(r.values.nexthop_type ?? 'Instance')
    const hop = t.ref(r, 'nexthop_id')?.resource
    let nextHop: string | undefined
    // the provider documents Ipv6Gateway; the ROS reference spells it IPv6Gateway: either
    if (hopType.toLowerCase() === 'ipv6gateway') {
      // creating the gateway put ::/0 → it into the system table: the model adds that route itself
      if (vpc && destination === '::/0' && hop?.type === 'alicloud_vpc_ipv6_gateway' && t.ipv6Gateways.get(hop)?.vpc === vpc.name) continue
      nextHop = `ipv6gw:${t.name(hop) ?? t.unresolved(r, 'nexthop_id', 'IPv6 gateway')}`
    } else if (hopType === 'NatGateway' && hop) nextHop = `nat:${t.name(hop)}`
    else if (hopType === 'Instance' && hop?.type === 'alicloud_instance') nextHop = `instance:${t.name(hop)}`
    if (!nextHop) {
      t.warnings.push(`${r.address}: next hop ${hopType} ${str(r.values.nexthop_id) ?? ''} is not modelled or not in this file; route skipped`.replace('  ', ' '))
      continue
    }
    const route: {destination: string; nextHop: string; description?: string} = {destination, nextHop}
    if (str(r.values.description)) route.description = r.values.description
    table.doc.routes.push(route)
  }
  for (const vpc of t.vpcs) for (const table of vpc.routeTables ?? []) table.routes.sort((a, b) => a.destination.localeCompare(b.destination, 'en'))
}
