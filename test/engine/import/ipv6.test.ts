import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {importAliyun} from '../../../src/engine/import/aliyun.js'
import {importTerraform} from '../../../src/engine/import/terraform.js'
import {importKubectl} from '../../../src/engine/import/kubectl.js'
import {mergeInto} from '../../../src/engine/import/merge.js'
import type {TopologyDoc} from '../../../src/engine/import/document.js'
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
      {RouteTableId: 'vtb-data', DestinationCidrBlock: '2001:db8::/32', IpVersion: 'IPv6', Type: 'Custom', ...hop('IPv6Gateway', 'ipv6gw-other')},
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

/** A raw terraform.tfstate (v4) with the alicloud provider's attribute names. */
const resource = (type: string, name: string, attributes: Record<string, unknown>) => ({mode: 'managed', type, name, provider: 'provider["registry.terraform.io/aliyun/alicloud"]', instances: [{schema_version: 0, attributes}]})
const TFSTATE = {
  version: 4,
  terraform_version: '1.9.5',
  resources: [
    resource('alicloud_vpc', 'prod', {id: 'vpc-dual', vpc_name: 'prod', cidr_block: '10.0.0.0/16', enable_ipv6: true, ipv6_cidr_block: '2408:4005:3bc:1200::/56', ipv6_cidr_blocks: [{ipv6_cidr_block: '2408:4005:3bc:1200::/56', ipv6_isp: 'BGP'}]}),
    resource('alicloud_vswitch', 'ops', {id: 'vsw-ops', vswitch_name: 'ops-i', vpc_id: 'vpc-dual', zone_id: 'cn-hangzhou-i', cidr_block: '10.0.12.0/24', enable_ipv6: true, ipv6_cidr_block_mask: 32, ipv6_cidr_block: '2408:4005:3bc:1220::/64'}),
    // a plan-like vSwitch whose block is not in the state yet: ipv6_cidr_block_mask 17 picks /64 number 17 (0x11) of the VPC /56
    resource('alicloud_vswitch', 'pod', {id: 'vsw-pod', vswitch_name: 'pod-j', vpc_id: 'vpc-dual', zone_id: 'cn-hangzhou-j', cidr_block: '10.0.64.0/19', enable_ipv6: true, ipv6_cidr_block_mask: 17, ipv6_cidr_block: ''}),
    resource('alicloud_vswitch', 'v4', {id: 'vsw-v4', vswitch_name: 'v4-only', vpc_id: 'vpc-dual', zone_id: 'cn-hangzhou-j', cidr_block: '10.0.200.0/24', enable_ipv6: false, ipv6_cidr_block: ''}),
    resource('alicloud_security_group', 'ops', {id: 'sg-ops', security_group_name: 'ops', vpc_id: 'vpc-dual'}),
    resource('alicloud_security_group_rule', 'ssh6', {id: 'sg-ops:ingress:tcp:22/22:intranet::2001:db8::/32:accept:1', security_group_id: 'sg-ops', type: 'ingress', ip_protocol: 'tcp', port_range: '22/22', cidr_ip: '', ipv6_cidr_ip: '2001:db8::/32', policy: 'accept', priority: 1, nic_type: 'intranet'}),
    resource('alicloud_instance', 'bastion', {id: 'i-bastion', instance_name: 'bastion', vswitch_id: 'vsw-ops', private_ip: '10.0.12.10', security_groups: ['sg-ops'], ipv6_address_count: 1, ipv6_addresses: ['2408:4005:3bc:1220::10']}),
    resource('alicloud_instance', 'worker', {id: 'i-worker', instance_name: 'worker', vswitch_id: 'vsw-ops', security_groups: ['sg-ops'], ipv6_address_count: 1, ipv6_addresses: []}),
    resource('alicloud_vpc_ipv6_gateway', 'gw', {id: 'ipv6gw-dual', ipv6_gateway_name: 'prod-ipv6gw', vpc_id: 'vpc-dual', spec: 'Small'}),
    resource('alicloud_vpc_ipv6_address', 'bastion', {id: 'ipv6-bastion', ipv6_address: '2408:4005:3bc:1220::10', vswitch_id: 'vsw-ops'}),
    resource('alicloud_vpc_ipv6_internet_bandwidth', 'bastion', {id: 'ipv6bw-1', ipv6_address_id: 'ipv6-bastion', ipv6_gateway_id: 'ipv6gw-dual', bandwidth: 10, internet_charge_type: 'PayByBandwidth'}),
    resource('alicloud_vpc_ipv6_internet_bandwidth', 'unknown', {id: 'ipv6bw-2', ipv6_address_id: 'ipv6-elsewhere', ipv6_gateway_id: 'ipv6gw-dual', bandwidth: 10}),
    resource('alicloud_route_entry', 'v6_default', {id: 'vtb-system:vrt:::/0:Ipv6Gateway:ipv6gw-dual', route_table_id: 'vpc-dual', destination_cidrblock: '::/0', nexthop_type: 'Ipv6Gateway', nexthop_id: 'ipv6gw-dual'}),
    resource('alicloud_route_entry', 'v6_partner', {id: 'x', route_table_id: 'vpc-dual', destination_cidrblock: '2001:db8:1::/48', nexthop_type: 'IPv6Gateway', nexthop_id: 'ipv6gw-dual'}),
  ],
}

describe('import terraform: dual stack (IPv6)', () => {
  const result = importTerraform(TFSTATE, {file: 'terraform.tfstate'})
  const vpc = result.document.vpcs![0]!

  it('keeps ipv6_cidr_block of the VPC and vSwitches; a vSwitch known only by its mask gets the N-th /64', () => {
    expect(vpc.ipv6Cidr).toBe('2408:4005:3bc:1200::/56')
    // oracle: python3 -c "import ipaddress; print(list(ipaddress.ip_network('2408:4005:3bc:1200::/56').subnets(new_prefix=64))[17])"
    expect(Object.fromEntries(vpc.vswitches.map((v) => [v.name, v.ipv6Cidr]))).toEqual({'ops-i': '2408:4005:3bc:1220::/64', 'pod-j': '2408:4005:3bc:1211::/64', 'v4-only': undefined})
  })

  it('imports ipv6_cidr_ip rules, instance ipv6_addresses (ipv6_address_count alone: allocate)', () => {
    expect(result.document.securityGroups![0]!.rules).toEqual([{direction: 'ingress', protocol: 'tcp', ports: '22/22', peer: '2001:db8::/32'}])
    expect(Object.fromEntries(result.document.instances!.map((i) => [i.name, i.ipv6]))).toEqual({bastion: '2408:4005:3bc:1220::10', worker: true})
  })

  it('imports the IPv6 gateway, its internet bandwidth as /128s, and Ipv6Gateway routes (system ::/0 implied)', () => {
    expect(result.document.ipv6Gateways).toEqual([{name: 'prod-ipv6gw', vpc: 'prod', internet: ['2408:4005:3bc:1220::10/128']}])
    expect(vpc.routeTables).toEqual([{name: 'system', routes: [{destination: '2001:db8:1::/48', nextHop: 'ipv6gw:prod-ipv6gw'}]}])
    expect(result.warnings.join('\n')).toMatch(/alicloud_vpc_ipv6_internet_bandwidth\.unknown: the IPv6 address ipv6-elsewhere is not an alicloud_vpc_ipv6_address/)
    expect(result.warnings.join('\n')).not.toMatch(/models IPv4|not mapped by acknet/)
  })

  it('passes the topology schema', () => {
    const parsed = TopologySchema.safeParse(yaml.load(finishImport(importTerraform(TFSTATE, {file: 'terraform.tfstate'}))))
    expect(parsed.success ? [] : parsed.error.issues).toEqual([])
  })
})

/** `kubectl get nodes,pods,services -A -o json` of a Terway dual-stack cluster (field names of the v1 API). */
const node = (name: string, addresses: Array<[string, string]>) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {name, labels: {'alibabacloud.com/nodepool-id': 'np-dual', 'node.kubernetes.io/instance-type': 'ecs.g7.xlarge', 'topology.kubernetes.io/zone': 'cn-hangzhou-i'}},
  spec: {providerID: `cn-hangzhou.i-${name}`},
  status: {addresses: addresses.map(([type, address]) => ({type, address}))},
})
const service = (name: string, spec: Record<string, unknown>) => ({apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: 'shop'}, spec: {type: 'ClusterIP', selector: {app: name}, ports: [{port: 80, protocol: 'TCP', targetPort: 8080}], ...spec}})
const DUAL_LIST = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    node('n1', [['InternalIP', '10.0.0.11'], ['InternalIP', '2408:4005:3bc:1200::b'], ['Hostname', 'n1']]),
    node('n2', [['InternalIP', '10.0.0.12'], ['Hostname', 'n2']]),
    {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'web-1', namespace: 'shop', labels: {app: 'web'}}, spec: {nodeName: 'n1', containers: [{name: 'web', image: 'nginx'}]}, status: {podIP: '10.0.32.5', podIPs: [{ip: '10.0.32.5'}, {ip: '2408:4005:3bc:1210::5'}]}},
    service('web', {clusterIP: '172.21.0.10', clusterIPs: ['172.21.0.10', 'fd00:172:21::a'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack'}),
    service('v6', {clusterIP: 'fd00:172:21::b', clusterIPs: ['fd00:172:21::b'], ipFamilies: ['IPv6'], ipFamilyPolicy: 'SingleStack'}),
    service('v4', {clusterIP: '172.21.0.12', clusterIPs: ['172.21.0.12'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack'}),
  ],
}

describe('import kubectl: dual stack (IPv6)', () => {
  const result = importKubectl(DUAL_LIST, {file: 'dual.json', cluster: 'shop', vpc: 'prod', serviceCidr: '172.21.0.0/20'})
  const cluster = result.document.clusters![0]!

  it('sets ipStack: dual from the IPv6 evidence, and names it in a note', () => {
    expect(cluster.ipStack).toBe('dual')
    expect([...result.notes!]).toContain('cluster shop: ipStack dual, from 1 Node(s) with an IPv6 InternalIP or podCIDR (n1); 1 Pod(s) with an IPv6 podIP (shop/web-1); 2 Service(s) with an IPv6 clusterIP (shop/web, …)')
  })

  it('keeps ipFamilies/ipFamilyPolicy unless they are the IPv4 single-stack default', () => {
    const spec = (name: string) => (cluster.services!.find((s) => (s.metadata as {name: string}).name === name)!.spec as Record<string, unknown>)
    expect(spec('web')).toMatchObject({ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack'})
    expect(spec('v6')).toMatchObject({ipFamilies: ['IPv6'], ipFamilyPolicy: 'SingleStack'})
    // the topology's clusterIP is IPv4: an IPv6-only Service has none written (noted), a dual one its IPv4 entry
    expect(spec('v6')).not.toHaveProperty('clusterIP')
    expect(spec('web').clusterIP).toBe('172.21.0.10')
    expect([...result.notes!]).toContain('Service shop/v6: its cluster IP fd00:172:21::b is IPv6 only; not written (a topology\'s clusterIP is IPv4, the IPv6 one is allocated)')
    expect(spec('v4')).not.toHaveProperty('ipFamilies')
    expect(spec('v4')).not.toHaveProperty('ipFamilyPolicy')
  })

  it('an IPv4-only cluster gets no ipStack (what the file does not say stays as it was)', () => {
    const v4 = importKubectl({apiVersion: 'v1', kind: 'List', items: [node('n2', [['InternalIP', '10.0.0.12']]), service('v4', {clusterIP: '172.21.0.12', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack'})]}, {file: 'v4.json', cluster: 'shop', vpc: 'prod'})
    expect(v4.document.clusters![0]).not.toHaveProperty('ipStack')
  })

  it('a node with only IPv6 podCIDRs is evidence too', () => {
    const n = {...node('n3', [['InternalIP', '10.0.0.13']]), spec: {podCIDR: '172.20.1.0/24', podCIDRs: ['172.20.1.0/24', 'fd00:20:1::/64']}}
    expect(importKubectl({apiVersion: 'v1', kind: 'List', items: [n]}, {file: 'n.json', cluster: 'shop', vpc: 'prod'}).document.clusters![0]!.ipStack).toBe('dual')
  })
})

describe('--merge keeps the IPv6 fields the new input does not cover', () => {
  const existing = (): TopologyDoc => ({
    apiVersion: 'acknet/v1',
    kind: 'Topology',
    metadata: {name: 'shop'},
    vpcs: [{name: 'prod', cidr: '10.0.0.0/16', ipv6Cidr: '2408:4005:3bc:1200::/56', vswitches: [{name: 'ops-i', zone: 'cn-hangzhou-i', cidr: '10.0.12.0/24', ipv6Cidr: '2408:4005:3bc:1220::/64'}]}],
    instances: [{name: 'bastion', vswitch: 'ops-i', ip: '10.0.12.10', ipv6: '2408:4005:3bc:1220::10', securityGroups: []}],
    ipv6Gateways: [{name: 'prod-ipv6gw', vpc: 'prod', internet: ['2408:4005:3bc:1220::/64']}],
    clusters: [{name: 'shop', vpc: 'prod', ipStack: 'dual'}],
  })

  it('an IPv4-only aliyun import keeps ipv6Cidr (VPC and vSwitch), the instance ipv6 and the IPv6 gateway', () => {
    const v4 = importAliyun({
      vpc: input('v.json', {Vpcs: {Vpc: [{VpcId: 'vpc-dual', VpcName: 'prod', CidrBlock: '10.0.0.0/16', Ipv6CidrBlocks: {Ipv6CidrBlock: []}}]}}),
      vswitches: input('s.json', {VSwitches: {VSwitch: [{VSwitchId: 'vsw-ops-i', VSwitchName: 'ops-i', VpcId: 'vpc-dual', ZoneId: 'cn-hangzhou-i', CidrBlock: '10.0.12.0/24', Ipv6CidrBlock: ''}]}}),
      instances: input('i.json', {Instances: {Instance: [{InstanceId: 'i-bastion', InstanceName: 'bastion', VpcAttributes: {VSwitchId: 'vsw-ops-i', PrivateIpAddress: {IpAddress: ['10.0.12.10']}}, NetworkInterfaces: {NetworkInterface: [{Type: 'Primary', Ipv6Sets: {Ipv6Set: []}}]}}]}}),
    })
    const merged = mergeInto(existing(), v4)
    expect(merged.vpcs![0]).toMatchObject({ipv6Cidr: '2408:4005:3bc:1200::/56', vswitches: [{name: 'ops-i', ipv6Cidr: '2408:4005:3bc:1220::/64'}]})
    expect(merged.instances![0]!.ipv6).toBe('2408:4005:3bc:1220::10')
    expect(merged.ipv6Gateways).toEqual(existing().ipv6Gateways)
  })

  it('an IPv4-only kubectl import keeps ipStack: dual', () => {
    const v4 = importKubectl({apiVersion: 'v1', kind: 'List', items: [node('n2', [['InternalIP', '10.0.0.12']])]}, {file: 'v4.json', cluster: 'shop', vpc: 'prod'})
    expect(mergeInto(existing(), v4).clusters![0]!.ipStack).toBe('dual')
  })

  it('an imported IPv6 gateway of the same name replaces its internet list, reported', () => {
    const result = importAliyun({vpc: input('v.json', VPCS), ipv6Gateways: input('ipv6.json', [GATEWAYS, ADDRESSES])})
    const merged = mergeInto(existing(), result)
    expect(merged.ipv6Gateways).toEqual([{name: 'prod-ipv6gw', vpc: 'prod', internet: ['2408:4005:3bc:1220::10/128']}])
    expect(result.mergeReport).toContain('IPv6 gateway prod-ipv6gw: internet replaced (1 → 1 entries)')
  })
})

describe('IPv6 that the model still has no place for is a warning, never dropped silently', () => {
  it('terraform: IPv6 entries of an SLB ACL', () => {
    const state = {
      version: 4,
      resources: [
        resource('alicloud_vpc', 'prod', {id: 'vpc-1', vpc_name: 'prod', cidr_block: '10.0.0.0/16'}),
        resource('alicloud_vswitch', 'a', {id: 'vsw-1', vswitch_name: 'a', vpc_id: 'vpc-1', zone_id: 'cn-hangzhou-i', cidr_block: '10.0.1.0/24'}),
        resource('alicloud_slb_load_balancer', 'web', {id: 'lb-1', load_balancer_name: 'web', vswitch_id: 'vsw-1', address_type: 'internet'}),
        resource('alicloud_slb_acl', 'office', {id: 'acl-1', name: 'office', ip_version: 'ipv4', entry_list: [{entry: '203.0.113.0/24', comment: 'v4'}, {entry: '2001:db8::/32', comment: 'v6'}]}),
        resource('alicloud_slb_listener', 'https', {id: 'lb-1:tcp:443', load_balancer_id: 'lb-1', frontend_port: 443, backend_port: 8443, protocol: 'tcp', acl_status: 'on', acl_type: 'white', acl_id: 'acl-1'}),
      ],
    }
    const result = importTerraform(state, {file: 'tfstate'})
    expect(result.document.loadBalancers![0]!.acl).toEqual({type: 'white', cidrs: ['203.0.113.0/24']})
    expect(result.warnings).toContain('alicloud_slb_listener.https: 1 IPv6 entr(ies) of its ACL not imported (a load balancer is IPv4 in acknet: SPEC §8 gives SLBs no IPv6)')
  })
})
