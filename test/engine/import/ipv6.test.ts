import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {importAliyun} from '../../../src/engine/import/aliyun.js'
import {finishImport} from '../../../src/engine/import/finish.js'
import {TopologySchema} from '../../../src/engine/topology/schema.js'

/**
 * Dual stack from the aliyun CLI: the responses below keep the field names and nesting of the
 * API references (DescribeVpcs Ipv6CidrBlock + Ipv6CidrBlocks.Ipv6CidrBlock[{Ipv6CidrBlock,
 * Ipv6Isp}], DescribeVSwitches Ipv6CidrBlock, DescribeSecurityGroupAttribute
 * Ipv6SourceCidrIp/Ipv6DestCidrIp, DescribeRouteEntryList IpVersion + NextHops with
 * NextHopType Ipv6Gateway, DescribeInstances NetworkInterfaces…Ipv6Sets.Ipv6Set[].Ipv6Address,
 * DescribeIpv6Gateways, DescribeIpv6Addresses with Ipv6InternetBandwidth).
 */
const VPCS = {
  Vpcs: {Vpc: [{VpcId: 'vpc-dual', VpcName: 'prod', CidrBlock: '10.0.0.0/16', RegionId: 'cn-hangzhou', VRouterId: 'vrt-dual', Ipv6CidrBlock: '2408:4005:3bc:1200::/56', Ipv6CidrBlocks: {Ipv6CidrBlock: [{Ipv6CidrBlock: '2408:4005:3bc:1200::/56', Ipv6Isp: 'BGP'}]}}]},
}
const VSWITCHES = {
  VSwitches: {
    VSwitch: [
      {VSwitchId: 'vsw-pod-i', VSwitchName: 'pod-i', VpcId: 'vpc-dual', ZoneId: 'cn-hangzhou-i', CidrBlock: '10.0.32.0/19', Ipv6CidrBlock: '2408:4005:3bc:1210::/64', RouteTable: {RouteTableId: 'vtb-system', RouteTableType: 'System'}},
      {VSwitchId: 'vsw-ops-i', VSwitchName: 'ops-i', VpcId: 'vpc-dual', ZoneId: 'cn-hangzhou-i', CidrBlock: '10.0.12.0/24', Ipv6CidrBlock: '2408:4005:3bc:1220::/64', RouteTable: {RouteTableId: 'vtb-system', RouteTableType: 'System'}},
      {VSwitchId: 'vsw-data-i', VSwitchName: 'data-i', VpcId: 'vpc-dual', ZoneId: 'cn-hangzhou-i', CidrBlock: '10.0.128.0/24', Ipv6CidrBlock: '2408:4005:3bc:1230::/64', RouteTable: {RouteTableId: 'vtb-data', RouteTableType: 'Custom'}},
    ],
  },
}
const TABLES = {
  RouterTableList: {
    RouterTableListType: [
      {RouteTableId: 'vtb-system', RouteTableType: 'System', VpcId: 'vpc-dual', VSwitchIds: {VSwitchId: ['vsw-pod-i', 'vsw-ops-i']}},
      {RouteTableId: 'vtb-data', RouteTableType: 'Custom', RouteTableName: 'data', VpcId: 'vpc-dual', VSwitchIds: {VSwitchId: ['vsw-data-i']}},
    ],
  },
}
const hop = (NextHopType: string, NextHopId: string) => ({NextHops: {NextHop: [{NextHopType, NextHopId}]}})
const ENTRIES = {
  RouteEntrys: {
    RouteEntry: [
      {RouteTableId: 'vtb-system', DestinationCidrBlock: '::/0', IpVersion: 'IPv6', Type: 'Custom', ...hop('Ipv6Gateway', 'ipv6gw-dual')},
      {RouteTableId: 'vtb-system', DestinationCidrBlock: '2408:4005:3bc:1210::/64', IpVersion: 'IPv6', Type: 'System', ...hop('local', '')},
      {RouteTableId: 'vtb-data', DestinationCidrBlock: '::/0', IpVersion: 'IPv6', Type: 'Custom', ...hop('Ipv6Gateway', 'ipv6gw-dual')},
      {RouteTableId: 'vtb-data', DestinationCidrBlock: '2001:db8::/32', IpVersion: 'IPv6', Type: 'Custom', ...hop('Ipv6Gateway', 'ipv6gw-other')},
    ],
  },
}
const GROUP = {SecurityGroups: {SecurityGroup: [{SecurityGroupId: 'sg-ops', SecurityGroupName: 'ops', VpcId: 'vpc-dual', SecurityGroupType: 'normal'}]}}
const GROUP_ATTRIBUTE = {
  SecurityGroupId: 'sg-ops',
  VpcId: 'vpc-dual',
  InnerAccessPolicy: 'Accept',
  Permissions: {
    Permission: [
      {SecurityGroupRuleId: 'sgr-ssh6', Direction: 'ingress', IpProtocol: 'TCP', PortRange: '22/22', Ipv6SourceCidrIp: '2001:db8::/32', SourceCidrIp: '', Policy: 'Accept', Priority: 1},
      {SecurityGroupRuleId: 'sgr-out6', Direction: 'egress', IpProtocol: 'ALL', PortRange: '-1/-1', Ipv6DestCidrIp: '::/0', DestCidrIp: '', Policy: 'Accept', Priority: 1},
      {SecurityGroupRuleId: 'sgr-pl', Direction: 'ingress', IpProtocol: 'TCP', PortRange: '443/443', SourcePrefixListId: 'pl-x', Policy: 'Accept', Priority: 1},
    ],
  },
}
const INSTANCES = {
  Instances: {
    Instance: [
      {
        InstanceId: 'i-bastion',
        InstanceName: 'bastion',
        RegionId: 'cn-hangzhou',
        InstanceNetworkType: 'vpc',
        VpcAttributes: {VpcId: 'vpc-dual', VSwitchId: 'vsw-ops-i', PrivateIpAddress: {IpAddress: ['10.0.12.10']}},
        SecurityGroupIds: {SecurityGroupId: ['sg-ops']},
        NetworkInterfaces: {NetworkInterface: [{NetworkInterfaceId: 'eni-1', Type: 'Primary', PrimaryIpAddress: '10.0.12.10', Ipv6Sets: {Ipv6Set: [{Ipv6Address: '2408:4005:3bc:1220::10'}]}}]},
      },
    ],
  },
}
const GATEWAYS = {Ipv6Gateways: {Ipv6Gateway: [{Ipv6GatewayId: 'ipv6gw-dual', VpcId: 'vpc-dual', Name: 'prod-ipv6gw', Status: 'Available', Spec: 'Small', RegionId: 'cn-hangzhou'}]}, TotalCount: 1}
const ADDRESSES = {
  Ipv6Addresses: {
    Ipv6Address: [
      {Ipv6AddressId: 'ipv6-bastion', Ipv6Address: '2408:4005:3bc:1220::10', VSwitchId: 'vsw-ops-i', VpcId: 'vpc-dual', Ipv6GatewayId: 'ipv6gw-dual', AssociatedInstanceId: 'i-bastion', Ipv6InternetBandwidth: {Ipv6InternetBandwidthId: 'ipv6bw-1', Bandwidth: 10, InternetChargeType: 'PayByTraffic', BusinessStatus: 'Normal'}},
      {Ipv6AddressId: 'ipv6-private', Ipv6Address: '2408:4005:3bc:1230::20', VSwitchId: 'vsw-data-i', VpcId: 'vpc-dual', Ipv6GatewayId: 'ipv6gw-dual', AssociatedInstanceId: 'i-db'},
    ],
  },
  TotalCount: 2,
}

const input = (file: string, data: unknown) => [{file, data}]
const dual = () =>
  importAliyun({
    vpc: input('vpcs.json', VPCS),
    vswitches: input('vswitches.json', VSWITCHES),
    routeTables: input('tables.json', [TABLES, ENTRIES]),
    securityGroups: input('sgs.json', [GROUP, GROUP_ATTRIBUTE]),
    instances: input('ecs.json', INSTANCES),
    ipv6Gateways: input('ipv6.json', [GATEWAYS, ADDRESSES]),
  })

describe('import aliyun: dual stack (IPv6)', () => {
  const result = dual()
  const vpc = result.document.vpcs![0]!

  it('keeps the VPC IPv6 block and each vSwitch /64', () => {
    expect(vpc.ipv6Cidr).toBe('2408:4005:3bc:1200::/56')
    expect(Object.fromEntries(vpc.vswitches.map((v) => [v.name, v.ipv6Cidr]))).toEqual({'pod-i': '2408:4005:3bc:1210::/64', 'ops-i': '2408:4005:3bc:1220::/64', 'data-i': '2408:4005:3bc:1230::/64'})
  })

  it('imports the IPv6 gateway with the addresses that have IPv6 internet bandwidth as /128s', () => {
    expect(result.document.ipv6Gateways).toEqual([{name: 'prod-ipv6gw', vpc: 'prod', internet: ['2408:4005:3bc:1220::10/128']}])
    expect(result.sources.get(result.document.ipv6Gateways![0]!)).toBe('ipv6gw-dual (DescribeIpv6Gateways + DescribeIpv6Addresses)')
  })

  it('imports IPv6 routes to the gateway; the system ::/0 route is implied by the gateway', () => {
    const tables = Object.fromEntries((vpc.routeTables ?? []).map((t) => [t.name, t.routes]))
    expect(tables.system ?? []).toEqual([])
    // an unknown gateway is kept by id, with a note
    expect(tables.data).toEqual([
      {destination: '::/0', nextHop: 'ipv6gw:prod-ipv6gw'},
      {destination: '2001:db8::/32', nextHop: 'ipv6gw:ipv6gw-other'},
    ])
    expect(result.notes).toContain('IPv6 gateway ipv6gw-other is referenced but not in the imported files; referenced by its id (merge into a file that names it ipv6gw-other, or import it too)')
  })

  it('imports IPv6 security-group peers in both directions; a prefix list is still skipped', () => {
    const rules = result.document.securityGroups![0]!.rules
    expect(rules).toContainEqual({direction: 'ingress', protocol: 'tcp', ports: '22/22', peer: '2001:db8::/32'})
    expect(rules).toContainEqual({direction: 'egress', protocol: 'all', peer: '::/0'})
    expect(rules).toHaveLength(2)
    expect(result.warnings.join('\n')).toMatch(/sgr-pl.* matches prefix list pl-x; acknet models CIDRs \(IPv4 and IPv6\) and groups, skipped/)
  })

  it("imports the primary ENI's IPv6 address", () => {
    expect(result.document.instances![0]).toMatchObject({name: 'bastion', ip: '10.0.12.10', ipv6: '2408:4005:3bc:1220::10'})
  })

  it('no longer says "acknet models IPv4", and the file passes the topology schema', () => {
    expect(result.warnings.join('\n')).not.toMatch(/models IPv4/)
    const parsed = TopologySchema.safeParse(yaml.load(finishImport(dual())))
    expect(parsed.success ? [] : parsed.error.issues).toEqual([])
  })

  it('without DescribeIpv6Addresses the gateway has no internet list, with a note saying so', () => {
    const alone = importAliyun({vpc: input('vpcs.json', VPCS), ipv6Gateways: input('gw.json', GATEWAYS)})
    expect(alone.document.ipv6Gateways).toEqual([{name: 'prod-ipv6gw', vpc: 'prod', internet: []}])
    expect([...alone.notes!].join('\n')).toMatch(/prod-ipv6gw: no DescribeIpv6Addresses response/)
  })

  it('a VPC with two IPv6 blocks keeps the first and names the other', () => {
    const two = {Vpcs: {Vpc: [{VpcId: 'vpc-2', CidrBlock: '10.0.0.0/16', Ipv6CidrBlock: '2408:4005:3bc:1200::/56', Ipv6CidrBlocks: {Ipv6CidrBlock: [{Ipv6CidrBlock: '2408:4005:3bc:1200::/56', Ipv6Isp: 'BGP'}, {Ipv6CidrBlock: '2408:4005:3bc:1300::/56', Ipv6Isp: 'BGP'}]}}]}}
    const r = importAliyun({vpc: input('v.json', two)})
    expect(r.document.vpcs![0]!.ipv6Cidr).toBe('2408:4005:3bc:1200::/56')
    expect(r.warnings).toEqual([`VPC vpc-2: 1 more IPv6 block(s) (2408:4005:3bc:1300::/56) not imported (acknet models one IPv6 block per VPC)`])
  })

  it('a DescribeVpcs without IPv6 (empty Ipv6CidrBlocks) gives no ipv6Cidr', () => {
    const r = importAliyun({vpc: input('v.json', {Vpcs: {Vpc: [{VpcId: 'vpc-4', CidrBlock: '10.0.0.0/16', Ipv6CidrBlock: '', Ipv6CidrBlocks: {Ipv6CidrBlock: []}}]}})})
    expect(r.document.vpcs![0]!.ipv6Cidr).toBeUndefined()
    expect(r.warnings).toEqual([])
  })
})
