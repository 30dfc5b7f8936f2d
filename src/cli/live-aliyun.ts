import {AcknetError} from '../errors.js'
import type {AliyunInputs, LoadedInput} from '../engine/import/aliyun.js'
import {list, strings} from '../engine/import/aliyun/common.js'
import {ccmTagOf, listenersOf} from '../engine/import/aliyun/slb.js'
import {commandLine, Progress, runToolJson, type ToolCall} from './run-tool.js'

/**
 * `acknet import aliyun --live`: runs the installed `aliyun` CLI for every Describe* call the
 * file-based import reads (pages included), then hands the responses to the same importer, so
 * the topology is the one the files would give.
 */
export interface AliyunLiveOptions {
  region: string
  vpcId?: string
  profile?: string
}

type Obj = Record<string, any>

const INSTALL = 'install the aliyun CLI (https://github.com/aliyun/aliyun-cli) and configure a profile, or pass the Describe* responses as files (--vpc, --vswitches, …)'
/** Each API's largest page (the API references' PageSize / MaxResults maximums). */
const PAGE_SIZE = 50
const MAX_PAGES = 1000

export function importAliyunLive(options: AliyunLiveOptions): AliyunInputs {
  const progress = new Progress('aliyun')
  const common = [...(options.profile ? ['--profile', options.profile] : []), '--RegionId', options.region]
  const inVpc = options.vpcId ? ['--VpcId', options.vpcId] : []
  const call = (product: string, api: string, params: string[]): Obj => {
    const tool: ToolCall = {bin: 'aliyun', args: [product, api, ...common, ...params], install: INSTALL}
    progress.step(`${api} ${params.filter((p) => !p.startsWith('--')).join(' ')}`)
    const response = runToolJson(tool)
    if (!response || typeof response !== 'object' || Array.isArray(response)) throw new AcknetError(`\`${commandLine(tool)}\` printed no JSON object`)
    return response as Obj
  }
  /** Every page of a PageNumber/PageSize API, until TotalCount items (or an empty page) came back. */
  const paged = (product: string, api: string, params: string[], outer: string, inner: string): Obj[] => {
    const pages: Obj[] = []
    let seen = 0
    for (let page = 1; page <= MAX_PAGES; page++) {
      const response = call(product, api, [...params, '--PageSize', String(PAGE_SIZE), '--PageNumber', String(page)])
      pages.push(response)
      const count = list(response, outer, inner).length
      seen += count
      const total = Number(response.TotalCount)
      if (count === 0 || !Number.isFinite(total) || seen >= total) break
    }
    return pages
  }
  /** Every page of a NextToken/MaxResult API (DescribeRouteEntryList). */
  const tokened = (product: string, api: string, params: string[]): Obj[] => {
    const pages: Obj[] = []
    let token: string | undefined
    for (let page = 1; page <= MAX_PAGES; page++) {
      const response = call(product, api, [...params, '--MaxResult', '100', ...(token ? ['--NextToken', token] : [])])
      pages.push(response)
      token = typeof response.NextToken === 'string' && response.NextToken !== '' ? response.NextToken : undefined
      if (!token) break
    }
    return pages
  }
  const input = (label: string, responses: Obj[]): LoadedInput[] => (responses.length > 0 ? [{file: `aliyun ${label} (live, ${responses.length} response(s))`, data: responses}] : [])

  const vpc = paged('vpc', 'DescribeVpcs', inVpc, 'Vpcs', 'Vpc')
  const vswitches = paged('vpc', 'DescribeVSwitches', inVpc, 'VSwitches', 'VSwitch')
  const groups = paged('ecs', 'DescribeSecurityGroups', inVpc, 'SecurityGroups', 'SecurityGroup')
  const groupAttributes = groups.flatMap((page) => list(page, 'SecurityGroups', 'SecurityGroup')).map((group) => call('ecs', 'DescribeSecurityGroupAttribute', ['--SecurityGroupId', String(group.SecurityGroupId)]))
  const tables = paged('vpc', 'DescribeRouteTableList', inVpc, 'RouterTableList', 'RouterTableListType')
  const entries = tables.flatMap((page) => list(page, 'RouterTableList', 'RouterTableListType')).flatMap((table) => tokened('vpc', 'DescribeRouteEntryList', ['--RouteTableId', String(table.RouteTableId)]))
  // the ENIs' Ipv6Sets are filled only when asked for (DescribeInstances reference, AdditionalAttributes)
  const instances = paged('ecs', 'DescribeInstances', [...inVpc, '--AdditionalAttributes.1', 'NETWORK_PRIMARY_ENI_IP'], 'Instances', 'Instance')
  const nats = paged('vpc', 'DescribeNatGateways', inVpc, 'NatGateways', 'NatGateway')
  const natEntries: Obj[] = []
  for (const nat of nats.flatMap((page) => list(page, 'NatGateways', 'NatGateway'))) {
    for (const table of strings(nat, 'SnatTableIds', 'SnatTableId')) natEntries.push(...paged('vpc', 'DescribeSnatTableEntries', ['--SnatTableId', table], 'SnatTableEntries', 'SnatTableEntry'))
    for (const table of strings(nat, 'ForwardTableIds', 'ForwardTableId')) natEntries.push(...paged('vpc', 'DescribeForwardTableEntries', ['--ForwardTableId', table], 'ForwardTableEntries', 'ForwardTableEntry'))
  }
  const slb: Obj[] = paged('slb', 'DescribeLoadBalancers', inVpc, 'LoadBalancers', 'LoadBalancer')
  const acls = new Set<string>()
  const vServerGroups = new Set<string>()
  // SLBs of LoadBalancer Services come with their Service from kubectl: no need to describe them
  for (const lb of slb.flatMap((page) => list(page, 'LoadBalancers', 'LoadBalancer')).filter((candidate) => !ccmTagOf(candidate))) {
    const id = String(lb.LoadBalancerId)
    const attribute = call('slb', 'DescribeLoadBalancerAttribute', ['--LoadBalancerId', id])
    slb.push(attribute)
    for (const {port, protocol} of listenersOf(attribute)) {
      const detail = call('slb', `DescribeLoadBalancer${protocol.toUpperCase()}ListenerAttribute`, ['--LoadBalancerId', id, '--ListenerPort', String(port)])
      slb.push({LoadBalancerId: id, ...detail})
      if (typeof detail.VServerGroupId === 'string' && detail.VServerGroupId !== '') vServerGroups.add(detail.VServerGroupId)
      if (String(detail.AclStatus ?? '').toLowerCase() === 'on' && typeof detail.AclId === 'string') acls.add(detail.AclId)
    }
  }
  for (const group of vServerGroups) slb.push(call('slb', 'DescribeVServerGroupAttribute', ['--VServerGroupId', group]))
  for (const acl of acls) slb.push(call('slb', 'DescribeAccessControlListAttribute', ['--AclId', acl]))
  const ipv6Gateways = paged('vpc', 'DescribeIpv6Gateways', inVpc, 'Ipv6Gateways', 'Ipv6Gateway')
  // only a VPC with an IPv6 gateway has addresses with IPv6 internet bandwidth
  const ipv6Addresses = ipv6Gateways.some((page) => list(page, 'Ipv6Gateways', 'Ipv6Gateway').length > 0) ? paged('vpc', 'DescribeIpv6Addresses', inVpc, 'Ipv6Addresses', 'Ipv6Address') : []
  progress.done()
  return {
    vpc: input('vpc DescribeVpcs', vpc),
    vswitches: input('vpc DescribeVSwitches', vswitches),
    securityGroups: input('ecs DescribeSecurityGroups + DescribeSecurityGroupAttribute', [...groups, ...groupAttributes]),
    routeTables: input('vpc DescribeRouteTableList + DescribeRouteEntryList', [...tables, ...entries]),
    instances: input('ecs DescribeInstances', instances),
    nat: input('vpc DescribeNatGateways + DescribeSnatTableEntries + DescribeForwardTableEntries', [...nats, ...natEntries]),
    slb: input('slb DescribeLoadBalancers + attributes', slb),
    ipv6Gateways: input('vpc DescribeIpv6Gateways + DescribeIpv6Addresses', [...ipv6Gateways, ...ipv6Addresses]),
  }
}
