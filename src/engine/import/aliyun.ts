import {emptyDocument, type ImportResult} from './document.js'
import {AliyunContext, text, type AliyunOptions} from './aliyun/common.js'
import {mapInstances, resolveInstances} from './aliyun/instance.js'
import {mapIpv6Gateways} from './aliyun/ipv6-gateway.js'
import {mapNatGateways} from './aliyun/nat.js'
import {mapRouteEntries} from './aliyun/route-entry.js'
import {mapRouteTables, pruneRouteTables} from './aliyun/route-table.js'
import {mapSecurityGroups} from './aliyun/security-group.js'
import {collect, type AliyunInputs} from './aliyun/shapes.js'
import {mapLoadBalancers} from './aliyun/slb.js'
import {mapVpcs} from './aliyun/vpc.js'
import {mapVSwitches} from './aliyun/vswitch.js'

export type {AliyunInputs, LoadedInput} from './aliyun/shapes.js'
export type {AliyunOptions} from './aliyun/common.js'

/**
 * `acknet import aliyun`: the JSON the official `aliyun` CLI prints for the VPC, ECS, NAT and
 * SLB Describe* APIs → a topology. `aliyun/shapes.ts` recognises each response; one mapper per
 * API object (aliyun/*.ts) turns its objects into topology objects. The table below is the
 * order they run in: each may refer to what an earlier one mapped (vSwitches name their route
 * tables; routes point at instances and NAT gateways).
 */
const MAPPERS: Array<(c: AliyunContext) => void> = [
  mapVpcs,
  mapRouteTables,
  mapVSwitches,
  (c) => {
    // instances name their security groups, and rules name peer groups: groups first, then resolve
    const pending = mapInstances(c)
    mapSecurityGroups(c)
    resolveInstances(c, pending)
  },
  mapNatGateways,
  mapIpv6Gateways,
  mapRouteEntries,
  pruneRouteTables,
  mapLoadBalancers,
]

export function importAliyun(inputs: AliyunInputs, options: AliyunOptions = {}): ImportResult {
  const inputsText: string[] = []
  const responses = collect(inputs, inputsText)
  const regions = [...new Set(responses.vpcs.map((vpc) => text(vpc.RegionId)).filter((r): r is string => r !== undefined))]
  const document = emptyDocument(options.name ?? 'imported', regions[0])
  const c = new AliyunContext(responses, document, options)
  if (regions.length > 1) c.warnings.push(`the VPCs come from ${regions.length} regions (${regions.join(', ')}); metadata.region is ${regions[0]} — import each region into its own file`)
  for (const mapper of MAPPERS) mapper(c)

  if (c.vpcById.size > 0) document.vpcs = [...c.vpcById.values()]
  if (c.instances.length > 0) document.instances = c.instances
  if (c.groups.length > 0) document.securityGroups = c.groups
  if (c.natById.size > 0) document.natGateways = [...c.natById.values()]
  if (c.ipv6GatewayById.size > 0) document.ipv6Gateways = [...c.ipv6GatewayById.values()]
  if (c.loadBalancers.length > 0) document.loadBalancers = c.loadBalancers
  if (!options.name && document.vpcs?.[0]) document.metadata.name = document.vpcs[0].name
  return {document, sources: c.sources, inputs: inputsText, warnings: c.warnings, notes: c.notes}
}
