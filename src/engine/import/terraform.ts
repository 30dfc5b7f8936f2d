import {emptyDocument, type ImportResult} from './document.js'
import {mapClusters, mapNodePools} from './terraform/cluster.js'
import {TerraformContext} from './terraform/context.js'
import {readTerraform} from './terraform/input.js'
import {mapEipAssociations, mapInstances} from './terraform/instance.js'
import {mapIpv6Gateways, mapIpv6InternetBandwidths} from './terraform/ipv6-gateway.js'
import {mapNatEntries, mapNatGateways} from './terraform/nat.js'
import {mapSecurityGroupRules, mapSecurityGroups} from './terraform/security-group.js'
import {mapListeners, mapLoadBalancers} from './terraform/slb.js'
import {mapRouteEntries, mapRouteTableAttachments, mapRouteTables, mapVpcs, mapVSwitches} from './terraform/vpc.js'

/**
 * `acknet import terraform FILE`: `terraform show -json` of a state or of a plan, or a raw
 * terraform.tfstate (v4), alicloud provider. One mapper per resource type (terraform/*.ts);
 * the table says which types each maps and the order they run in (a mapper may refer to what
 * an earlier one mapped). A new resource type is one small mapper and one row here.
 */
const MAPPERS: Array<{types: string[]; map: (t: TerraformContext) => void}> = [
  {types: ['alicloud_vpc'], map: mapVpcs},
  {types: ['alicloud_vswitch'], map: mapVSwitches},
  {types: ['alicloud_route_table'], map: mapRouteTables},
  {types: ['alicloud_route_table_attachment'], map: mapRouteTableAttachments},
  {types: ['alicloud_security_group'], map: mapSecurityGroups},
  {types: ['alicloud_security_group_rule'], map: mapSecurityGroupRules},
  {types: ['alicloud_eip', 'alicloud_eip_address', 'alicloud_eip_association'], map: mapEipAssociations},
  {types: ['alicloud_instance'], map: mapInstances},
  {types: ['alicloud_nat_gateway'], map: mapNatGateways},
  {types: ['alicloud_snat_entry', 'alicloud_forward_entry'], map: mapNatEntries},
  {types: ['alicloud_vpc_ipv6_gateway'], map: mapIpv6Gateways},
  {types: ['alicloud_vpc_ipv6_internet_bandwidth', 'alicloud_vpc_ipv6_address'], map: mapIpv6InternetBandwidths},
  {types: ['alicloud_route_entry'], map: mapRouteEntries},
  {types: ['alicloud_slb', 'alicloud_slb_load_balancer'], map: mapLoadBalancers},
  {types: ['alicloud_slb_listener', 'alicloud_slb_backend_server', 'alicloud_slb_attachment', 'alicloud_slb_acl', 'alicloud_slb_acl_entry_attachment'], map: mapListeners},
  {types: ['alicloud_cs_managed_kubernetes', 'alicloud_cs_kubernetes', 'alicloud_cs_serverless_kubernetes'], map: mapClusters},
  {types: ['alicloud_cs_kubernetes_node_pool'], map: mapNodePools},
]

export const MAPPED_TYPES: ReadonlySet<string> = new Set(MAPPERS.flatMap((mapper) => mapper.types))

export function importTerraform(data: unknown, options: {file: string; name?: string}): ImportResult {
  const input = readTerraform(data, options.file)
  const t = new TerraformContext(input.resources, input.isPlan)
  const unmapped = new Map<string, number>()
  for (const r of input.resources) if (!MAPPED_TYPES.has(r.type)) unmapped.set(r.type, (unmapped.get(r.type) ?? 0) + 1)
  for (const [type, count] of unmapped) t.warnings.push(`${count} ${type} resource(s) are not mapped by acknet; not imported`)
  for (const mapper of MAPPERS) mapper.map(t)

  const document = emptyDocument(options.name ?? t.vpcs[0]?.name ?? t.clusters[0]?.name ?? 'imported')
  // A zone id is its region plus a letter (cn-hangzhou-i): the state itself names no region.
  const zone = t.vpcs.flatMap((vpc) => vpc.vswitches).map((vswitch) => vswitch.zone).find((z) => /-[a-z]$/.test(z))
  if (input.region ?? zone) document.metadata.region = input.region ?? zone!.replace(/-[a-z]$/, '')
  if (t.vpcs.length > 0) document.vpcs = t.vpcs
  if (t.groups.length > 0) document.securityGroups = t.groups
  if (t.instances.length > 0) document.instances = t.instances
  if (t.nats.length > 0) document.natGateways = t.nats
  if (t.ipv6Gateways.size > 0) document.ipv6Gateways = [...t.ipv6Gateways.values()]
  if (t.loadBalancers.size > 0) document.loadBalancers = [...t.loadBalancers.values()]
  if (t.clusters.length > 0) document.clusters = t.clusters
  for (const vpc of t.vpcs) if (vpc.routeTables?.length === 0) delete vpc.routeTables
  return {document, sources: t.sources, inputs: [`${input.kind}: ${options.file}`], warnings: t.warnings, notes: t.notes}
}
