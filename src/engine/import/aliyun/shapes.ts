import {AcknetError} from '../../../errors.js'
import {emptyResponses, list, type Obj, type Responses} from './common.js'

/**
 * Which API responses each `import aliyun` flag accepts and how each is recognised (by its
 * keys: the aliyun CLI prints no API name). A file given to the wrong flag is an exit-2 error
 * that says what was expected.
 */
export interface LoadedInput {
  file: string
  data: unknown
}

export interface AliyunInputs {
  vpc?: LoadedInput[]
  vswitches?: LoadedInput[]
  securityGroups?: LoadedInput[]
  routeTables?: LoadedInput[]
  instances?: LoadedInput[]
  nat?: LoadedInput[]
  slb?: LoadedInput[]
  ipv6Gateways?: LoadedInput[]
}

interface Shape {
  api: string
  test: (r: Obj) => boolean
  take: (r: Obj, into: Responses) => void
}

export const SHAPES: Record<keyof AliyunInputs, Shape[]> = {
  vpc: [{api: 'DescribeVpcs', test: (r) => 'Vpcs' in r, take: (r, into) => into.vpcs.push(...list(r, 'Vpcs', 'Vpc'))}],
  vswitches: [{api: 'DescribeVSwitches', test: (r) => 'VSwitches' in r, take: (r, into) => into.vswitches.push(...list(r, 'VSwitches', 'VSwitch'))}],
  securityGroups: [
    {api: 'DescribeSecurityGroups', test: (r) => 'SecurityGroups' in r, take: (r, into) => into.groups.push(...list(r, 'SecurityGroups', 'SecurityGroup'))},
    {api: 'DescribeSecurityGroupAttribute', test: (r) => 'Permissions' in r && 'SecurityGroupId' in r, take: (r, into) => into.groupAttributes.push(r)},
  ],
  routeTables: [
    {api: 'DescribeRouteTableList', test: (r) => 'RouterTableList' in r, take: (r, into) => into.routeTables.push(...list(r, 'RouterTableList', 'RouterTableListType'))},
    {api: 'DescribeRouteEntryList', test: (r) => 'RouteEntrys' in r && !('RouteTableId' in r && 'VRouterId' in r), take: (r, into) => into.routeEntries.push(...list(r, 'RouteEntrys', 'RouteEntry'))},
    {
      // the older API: tables name their VRouter, not their VPC, and carry their entries
      api: 'DescribeRouteTables',
      test: (r) => 'RouteTables' in r,
      take: (r, into) => {
        for (const table of list(r, 'RouteTables', 'RouteTable')) {
          into.routeTables.push(table)
          into.routeEntries.push(...list(table, 'RouteEntrys', 'RouteEntry').map((entry) => ({RouteTableId: table.RouteTableId, ...entry})))
        }
      },
    },
  ],
  instances: [{api: 'DescribeInstances', test: (r) => 'Instances' in r, take: (r, into) => into.instances.push(...list(r, 'Instances', 'Instance'))}],
  nat: [
    {api: 'DescribeNatGateways', test: (r) => 'NatGateways' in r, take: (r, into) => into.natGateways.push(...list(r, 'NatGateways', 'NatGateway'))},
    {api: 'DescribeSnatTableEntries', test: (r) => 'SnatTableEntries' in r, take: (r, into) => into.snatEntries.push(...list(r, 'SnatTableEntries', 'SnatTableEntry'))},
    {api: 'DescribeForwardTableEntries', test: (r) => 'ForwardTableEntries' in r, take: (r, into) => into.forwardEntries.push(...list(r, 'ForwardTableEntries', 'ForwardTableEntry'))},
  ],
  slb: [
    {api: 'DescribeLoadBalancers', test: (r) => 'LoadBalancers' in r, take: (r, into) => into.loadBalancers.push(...list(r, 'LoadBalancers', 'LoadBalancer'))},
    // before DescribeLoadBalancerAttribute: both carry BackendServers, only this one a VServerGroupId
    {api: 'DescribeVServerGroupAttribute', test: (r) => 'VServerGroupId' in r && 'BackendServers' in r && !('ListenerPort' in r), take: (r, into) => into.vServerGroups.push(r)},
    {api: 'DescribeLoadBalancerAttribute', test: (r) => 'LoadBalancerId' in r && ('BackendServers' in r || 'ListenerPortsAndProtocol' in r || 'ListenerPortsAndProtocal' in r), take: (r, into) => into.loadBalancerAttributes.push(r)},
    // a listener on a vServer group has no BackendServerPort: its backends carry their own ports
    {api: 'DescribeLoadBalancer{TCP,UDP,HTTP,HTTPS}ListenerAttribute', test: (r) => 'ListenerPort' in r && ('BackendServerPort' in r || 'VServerGroupId' in r || 'Status' in r), take: (r, into) => into.listenerAttributes.push(r)},
    // an ACL with no entries has no AclEntrys at all
    {api: 'DescribeAccessControlListAttribute', test: (r) => 'AclId' in r && ('AclEntrys' in r || 'AclName' in r), take: (r, into) => into.acls.push(r)},
  ],
  ipv6Gateways: [
    {api: 'DescribeIpv6Gateways', test: (r) => 'Ipv6Gateways' in r, take: (r, into) => into.ipv6Gateways.push(...list(r, 'Ipv6Gateways', 'Ipv6Gateway'))},
    // the addresses say which have internet bandwidth (Ipv6InternetBandwidth): the gateway's `internet` list
    {api: 'DescribeIpv6Addresses', test: (r) => 'Ipv6Addresses' in r, take: (r, into) => into.ipv6Addresses.push(...list(r, 'Ipv6Addresses', 'Ipv6Address'))},
  ],
}

export const FLAG_NAMES: Record<keyof AliyunInputs, string> = {vpc: '--vpc', vswitches: '--vswitches', securityGroups: '--security-groups', routeTables: '--route-tables', instances: '--instances', nat: '--nat', slb: '--slb', ipv6Gateways: '--ipv6-gateways'}

/** Sorts every response of every flag into `Responses`; `sources` gets one line per input file. */
export function collect(inputs: AliyunInputs, sources: string[]): Responses {
  const into = emptyResponses()
  for (const flag of Object.keys(SHAPES) as Array<keyof AliyunInputs>) {
    for (const input of inputs[flag] ?? []) {
      const responses = Array.isArray(input.data) ? input.data : [input.data]
      const apis = new Set<string>()
      responses.forEach((response, index) => {
        const shape = response && typeof response === 'object' ? SHAPES[flag].find((candidate) => candidate.test(response as Obj)) : undefined
        if (!shape) {
          const where = Array.isArray(input.data) ? ` (array element ${index + 1})` : ''
          throw new AcknetError(`is not a response ${FLAG_NAMES[flag]} accepts${where}; expected the JSON of ${SHAPES[flag].map((s) => s.api).join(', ')} as printed by the aliyun CLI`, {position: {file: input.file}})
        }
        shape.take(response as Obj, into)
        apis.add(shape.api)
      })
      sources.push(`${[...apis].join(' + ')}: ${input.file}`)
    }
  }
  return into
}
