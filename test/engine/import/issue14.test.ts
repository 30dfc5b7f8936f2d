import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {importAliyun} from '../../../src/engine/import/aliyun.js'
import type {ImportResult, TopologyDoc} from '../../../src/engine/import/document.js'
import {finishImport} from '../../../src/engine/import/finish.js'
import {parseDocuments, readDocuments, readStructured} from '../../../src/engine/import/io.js'
import {importKubectl} from '../../../src/engine/import/kubectl.js'
import {importTerraform} from '../../../src/engine/import/terraform.js'
import {TopologySchema} from '../../../src/engine/topology/schema.js'

/**
 * Issue #14: shapes that real inputs have and import used to refuse, mis-map or drop without
 * a word. The aliyun responses follow the shapes of Alibaba's API reference examples
 * (fixtures/import/real/README.md says why they are re-typed, not copied); the Kubernetes
 * manifests are a real public sample.
 */
const input = (data: unknown, file = 'r.json') => [{file, data}]
const VPC = {Vpcs: {Vpc: [{VpcId: 'vpc-2zeabc', VpcName: 'prod', CidrBlock: '192.168.0.0/16', RegionId: 'cn-beijing', VRouterId: 'vrt-2zefso23vmu6xi3jeiw0z'}]}}
const VSWITCHES = {VSwitches: {VSwitch: [{VSwitchId: 'vsw-a', VSwitchName: 'a', VpcId: 'vpc-2zeabc', ZoneId: 'cn-beijing-a', CidrBlock: '192.168.1.0/24'}]}}
const schemaIssues = (document: unknown) => {
  const parsed = TopologySchema.safeParse(document)
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

describe('aliyun: real shapes accepted', () => {
  it('the older DescribeRouteTables: tables name their VRouter, matched to the VPC by VRouterId', () => {
    const tables = {PageNumber: 1, TotalCount: 1, PageSize: 10, RouteTables: {RouteTable: [{CreationTime: '2017-08-22T10:40:25Z', RouteTableId: 'vtb-2zevpmy9th8cxmwtarqg4', RouteTableType: 'System', VRouterId: 'vrt-2zefso23vmu6xi3jeiw0z', RouteEntrys: {RouteEntry: [
      {NextHops: {NextHop: []}, Status: 'Available', Type: 'Custom', InstanceId: 'ngw-2ze1', NextHopType: 'NatGateway', RouteTableId: 'vtb-2zevpmy9th8cxmwtarqg4', DestinationCidrBlock: '0.0.0.0/0'},
      {NextHops: {NextHop: []}, Status: 'Available', Type: 'Custom', InstanceId: 'ri-2zeo3xzyf38r4urzdpvfs', NextHopType: 'RouterInterface', RouteTableId: 'vtb-2zevpmy9th8cxmwtarqg4', DestinationCidrBlock: '10.10.0.0/24'},
      {NextHops: {NextHop: []}, Status: 'Available', Type: 'System', InstanceId: '', NextHopType: 'service', RouteTableId: 'vtb-2zevpmy9th8cxmwtarqg4', DestinationCidrBlock: '100.64.0.0/10'},
    ]}}]}}
    // two VPCs: the table must go to the one whose VRouterId it names, not to "the only VPC"
    const vpcs = {Vpcs: {Vpc: [...VPC.Vpcs.Vpc, {VpcId: 'vpc-other', VpcName: 'other', CidrBlock: '10.0.0.0/16', RegionId: 'cn-beijing', VRouterId: 'vrt-other'}]}}
    const nat = {NatGateways: {NatGateway: [{NatGatewayId: 'ngw-2ze1', Name: 'egress', VpcId: 'vpc-2zeabc', Spec: 'Small', IpLists: {IpList: []}, SnatTableIds: {SnatTableId: []}, ForwardTableIds: {ForwardTableId: []}}]}}
    const r = importAliyun({vpc: input(vpcs), vswitches: input(VSWITCHES), routeTables: input(tables), nat: input(nat)})
    const prod = r.document.vpcs!.find((vpc) => vpc.name === 'prod')!
    expect(prod.routeTables).toEqual([{name: 'system', routes: [{destination: '0.0.0.0/0', nextHop: 'nat:egress'}]}])
    expect(r.document.vpcs!.find((vpc) => vpc.name === 'other')!.routeTables).toBeUndefined()
    expect(r.warnings.join('\n')).toMatch(/route 10\.10\.0\.0\/24 in prod\/system goes to a RouterInterface next hop/)
  })

  it('a NAT gateway without NatGatewayPrivateInfo (older Spec-based) is placed on a vSwitch of its VPC, with a note; a one-item id list printed as a bare string is read', () => {
    const nat = {NatGateways: {NatGateway: [{NatGatewayId: 'ngw-old', Name: 'legacy', VpcId: 'vpc-2zeabc', Spec: 'Small', IpLists: {IpList: [{IpAddress: '47.0.0.1', AllocationId: 'eip-1'}]}, ForwardTableIds: {ForwardTableId: 'ftb-uf6gj3mhsg94qsqst'}, SnatTableIds: {SnatTableId: 'stb-uf6dalcdu0krz423p'}}]}}
    const snat = {TotalCount: 1, SnatTableEntries: {SnatTableEntry: [{SnatTableId: 'stb-uf6dalcdu0krz423p', SnatEntryId: 'snat-1', SourceVSwitchId: 'vsw-a', SnatIp: '47.0.0.1'}]}}
    const r = importAliyun({vpc: input(VPC), vswitches: input(VSWITCHES), nat: [{file: 'n.json', data: [nat, snat]}]})
    expect(r.document.natGateways).toEqual([{name: 'legacy', vpc: 'prod', vswitch: 'a', eips: ['47.0.0.1'], snat: [{source: 'vswitch:a', eip: '47.0.0.1'}]}])
    const note = r.warnings.find((w) => /legacy has no vSwitch/.test(w))!
    expect(r.notes!.has(note)).toBe(true)
    expect(schemaIssues(r.document)).toEqual([])
  })

  it('an ACL with no entries (no AclEntrys at all) is accepted: a white list that admits nothing', () => {
    const slb = [
      {LoadBalancers: {LoadBalancer: [{LoadBalancerId: 'lb-1', LoadBalancerName: 'web', VpcId: 'vpc-2zeabc', VSwitchId: 'vsw-a', AddressType: 'internet', NetworkType: 'vpc', Address: '47.0.0.9'}]}},
      {LoadBalancerId: 'lb-1', ListenerPortsAndProtocol: {ListenerPortAndProtocol: [{ListenerPort: 80, ListenerProtocol: 'tcp'}]}, BackendServers: {BackendServer: []}},
      {LoadBalancerId: 'lb-1', ListenerPort: 80, BackendServerPort: 8080, Status: 'running', AclStatus: 'on', AclType: 'white', AclId: 'acl-empty'},
      {AclId: 'acl-empty', AclName: 'nobody', AddressIPVersion: 'ipv4', RelatedListeners: {RelatedListener: []}},
    ]
    const r = importAliyun({vpc: input(VPC), vswitches: input(VSWITCHES), slb: input(slb)})
    expect(r.document.loadBalancers![0]!.acl).toEqual({type: 'white', cidrs: []})
    expect(r.warnings.filter((w) => /acl-empty/.test(w))).toEqual([])
  })

  it('listeners on vServer groups take their backends (each with its own port) from DescribeVServerGroupAttribute', () => {
    const instances = {Instances: {Instance: [{InstanceId: 'i-bp1ek6yd7jvkx', InstanceName: 'web-1', RegionId: 'cn-beijing', VpcAttributes: {VSwitchId: 'vsw-a', PrivateIpAddress: {IpAddress: ['192.168.1.10']}}, SecurityGroupIds: {SecurityGroupId: []}}]}}
    const slb = [
      {LoadBalancers: {LoadBalancer: [{LoadBalancerId: 'lb-1', LoadBalancerName: 'web', VpcId: 'vpc-2zeabc', VSwitchId: 'vsw-a', AddressType: 'internet', NetworkType: 'vpc'}]}},
      {LoadBalancerId: 'lb-1', ListenerPortsAndProtocol: {ListenerPortAndProtocol: [{ListenerPort: 443, ListenerProtocol: 'https'}]}, BackendServers: {BackendServer: [{ServerId: 'i-bp1ek6yd7jvkx', Weight: 100, Type: 'ecs'}]}},
      // the reference's HTTPS listener attribute: a vServer group, and no LoadBalancerId
      {RequestId: '11F52428', ListenerPort: 443, Status: 'running', VServerGroupId: 'rsp-0xiju72x', BackendServerPort: 443, HealthCheck: 'on', XForwardedFor: 'on'},
      // the reference's DescribeVServerGroupAttribute: ports as strings, no Type (ecs)
      {RequestId: '9DEC9C28', VServerGroupId: 'rsp-0xiju72x', VServerGroupName: 'Group1', BackendServers: {BackendServer: [{ServerId: 'i-bp1ek6yd7jvkx', Port: '8443', Weight: '100'}, {ServerId: 'eni-hhshhs', Type: 'eni', Port: 70, Weight: 100}]}},
    ]
    const r = importAliyun({vpc: input(VPC), vswitches: input(VSWITCHES), instances: input(instances), slb: input(slb)})
    expect(r.document.loadBalancers![0]!.listeners).toEqual([{port: 443, protocol: 'https', backends: ['instance:web-1:8443']}])
    expect(r.warnings.join('\n')).toMatch(/backend eni-hhshhs of type eni has no ServerIp; skipped/)
  })

  it('listener attributes without a LoadBalancerId: the only SLB, or the one --listener-slb names, else a warning', () => {
    const lb = (id: string) => ({LoadBalancerId: id, LoadBalancerName: id, VpcId: 'vpc-2zeabc', AddressType: 'intranet', NetworkType: 'vpc'})
    const attr = (id: string) => ({LoadBalancerId: id, ListenerPortsAndProtocol: {ListenerPortAndProtocol: [{ListenerPort: 80, ListenerProtocol: 'tcp'}]}, BackendServers: {BackendServer: [{ServerId: 'i-x', Type: 'ecs'}]}})
    const orphan = {ListenerPort: 80, BackendServerPort: 8080, Status: 'running'}
    const two = [{LoadBalancers: {LoadBalancer: [lb('lb-a'), lb('lb-b')]}}, attr('lb-a'), attr('lb-b'), orphan]
    const unplaced = importAliyun({vpc: input(VPC), slb: input(two)})
    expect(unplaced.warnings.join('\n')).toMatch(/1 listener attribute response\(s\) \(port 80\) have no LoadBalancerId and 2 SLBs are imported; pass --listener-slb/)
    expect(unplaced.document.loadBalancers!.map((l) => l.listeners[0]!.backends)).toEqual([['instance:i-x:80'], ['instance:i-x:80']])
    const named = importAliyun({vpc: input(VPC), slb: input(two)}, {listenerSlb: 'lb-b'})
    expect(named.document.loadBalancers!.map((l) => [l.name, l.listeners[0]!.backends])).toEqual([['lb-a', ['instance:i-x:80']], ['lb-b', ['instance:i-x:8080']]])
    const only = importAliyun({vpc: input(VPC), slb: input([{LoadBalancers: {LoadBalancer: [lb('lb-a')]}}, attr('lb-a'), orphan])})
    expect(only.document.loadBalancers![0]!.listeners[0]!.backends).toEqual(['instance:i-x:8080'])
  })

  it('the misspelt ListenerPortsAndProtocal never doubles a listener (with or without the documented list)', () => {
    const both = {LoadBalancerId: 'lb-1', ListenerPorts: {ListenerPort: [80, 443]}, ListenerPortsAndProtocal: {ListenerPortAndProtocal: [{ListenerPort: 80, ListenerProtocal: 'http'}, {ListenerPort: 443, ListenerProtocal: 'https'}]}, ListenerPortsAndProtocol: {ListenerPortAndProtocol: [{ListenerPort: 80, ListenerProtocol: 'http', ListenerForward: 'off'}, {ListenerPort: '443', ListenerProtocol: 'HTTPS'}]}, BackendServers: {BackendServer: []}}
    const onlyOld = {LoadBalancerId: 'lb-2', ListenerPortsAndProtocal: {ListenerPortAndProtocal: [{ListenerPort: 80, ListenerProtocal: 'http'}]}, BackendServers: {BackendServer: []}}
    const r = importAliyun({vpc: input(VPC), slb: input([{LoadBalancers: {LoadBalancer: [{LoadBalancerId: 'lb-1', VpcId: 'vpc-2zeabc'}, {LoadBalancerId: 'lb-2', VpcId: 'vpc-2zeabc'}]}}, both, onlyOld])})
    expect(r.document.loadBalancers!.map((lb) => lb.listeners.map((l) => `${l.port}/${l.protocol}`))).toEqual([['80/http', '443/https'], ['80/http']])
  })
})

describe('aliyun: no silent mis-mapping', () => {
  it('keeps rule descriptions, and a rewritten name with a note and the original in the source comment', () => {
    const groups = {SecurityGroups: {SecurityGroup: [{SecurityGroupId: 'sg-1', SecurityGroupName: 'web servers: public', VpcId: 'vpc-2zeabc'}]}}
    const attribute = {SecurityGroupId: 'sg-1', VpcId: 'vpc-2zeabc', InnerAccessPolicy: 'Accept', Permissions: {Permission: [{Direction: 'ingress', IpProtocol: 'TCP', PortRange: '443/443', SourceCidrIp: '0.0.0.0/0', Policy: 'Accept', Priority: 1, Description: 'HTTPS from anywhere'}]}}
    const r = importAliyun({vpc: input(VPC), securityGroups: [{file: 's.json', data: [groups, attribute]}]})
    const group = r.document.securityGroups![0]!
    expect(group.name).toBe('web-servers-public')
    expect(group.rules).toEqual([{direction: 'ingress', protocol: 'tcp', ports: '443/443', peer: '0.0.0.0/0', description: 'HTTPS from anywhere'}])
    expect(r.sources.get(group)).toBe('sg-1 "web servers: public" (DescribeSecurityGroups + DescribeSecurityGroupAttribute)')
    const note = r.warnings.find((w) => /sg-1 is named "web servers: public", which a reference cannot hold; named "web-servers-public"/.test(w))
    expect(note).toBeDefined()
    expect(r.notes!.has(note!)).toBe(true)
    expect(finishImport(r)).toContain('# source: sg-1 "web servers: public" (DescribeSecurityGroups + DescribeSecurityGroupAttribute)')
  })

  it('warns when the instances come from several regions', () => {
    const instance = (id: string, region: string) => ({InstanceId: id, InstanceName: id, RegionId: region, VpcAttributes: {VSwitchId: 'vsw-a', PrivateIpAddress: {IpAddress: ['192.168.1.5']}}, SecurityGroupIds: {SecurityGroupId: []}})
    const r = importAliyun({vswitches: input(VSWITCHES), instances: input({Instances: {Instance: [instance('i-1', 'cn-beijing'), instance('i-2', 'cn-hangzhou'), instance('i-3', 'cn-hangzhou')]}})})
    expect(r.warnings.join('\n')).toMatch(/the instances come from 2 regions \(cn-beijing: 1, cn-hangzhou: 2\)/)
  })

  it('the header counts only what is really left out; notes are listed apart', () => {
    const instances = {Instances: {Instance: [{InstanceId: 'i-1', InstanceName: 'web', VpcAttributes: {VSwitchId: 'vsw-elsewhere'}, SecurityGroupIds: {SecurityGroupId: []}}, {InstanceId: 'i-2', InstanceName: 'old'}]}}
    const r = importAliyun({instances: input(instances)})
    const text = finishImport(r)
    // one item left out (the classic instance); the vSwitch kept by id is a note, not a loss
    expect(text).toMatch(/^# 1 item\(s\) could not be mapped and are not in this file:\n# warning: instance i-2 is not in a VPC/m)
    expect(text).toMatch(/^# 1 item\(s\) are in this file with an assumption or a changed name; check them:\n# note: vSwitch vsw-elsewhere is referenced but not in the imported files/m)
  })
})

describe('IDs and names never change the YAML meaning', () => {
  it('a VpcId holding a newline and YAML writes no extra VPC', () => {
    const evil = 'vpc-1\n- name: injected\n  cidr: 10.0.0.0/8'
    const r = importAliyun({vpc: input({Vpcs: {Vpc: [{VpcId: evil, CidrBlock: '192.168.0.0/16', VpcName: ''}, {VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16', VpcName: 'ok\u202e\u001b]0;x\u0007'}]}})})
    const text = finishImport(r)
    const loaded = yaml.load(text) as TopologyDoc
    expect(loaded.vpcs!.map((vpc) => vpc.cidr).sort()).toEqual(['10.1.0.0/16', '192.168.0.0/16'])
    expect(text).not.toContain('\n- name: injected')
    expect(text).not.toMatch(/[\u001b\u0007\u202e]/)
    // every comment line is one line: the id is escaped
    expect(text).toContain('# source: vpc-1\\n- name: injected\\n  cidr: 10.0.0.0/8 (DescribeVpcs)')
  })
})

describe('terraform: real shapes and no silent loss', () => {
  const rawState = {
    version: 4, terraform_version: '1.5.7', serial: 12, lineage: 'a1b2', outputs: {},
    resources: [
      {mode: 'managed', type: 'alicloud_vpc', name: 'main', provider: 'provider["registry.terraform.io/aliyun/alicloud"]', instances: [{schema_version: 0, attributes: {id: 'vpc-uf6a', vpc_name: 'main', cidr_block: '172.16.0.0/12', route_table_id: 'vtb-uf6a'}, sensitive_attributes: []}]},
      {mode: 'managed', type: 'alicloud_vswitch', name: 'zone', provider: 'provider["registry.terraform.io/aliyun/alicloud"]', instances: [{index_key: 0, schema_version: 0, attributes: {id: 'vsw-uf6a', vpc_id: 'vpc-uf6a', vswitch_name: 'zone-b', cidr_block: '172.16.0.0/21', zone_id: 'cn-shanghai-b'}, dependencies: ['alicloud_vpc.main']}]},
      {mode: 'managed', type: 'alicloud_security_group', name: 'web', module: 'module.sg', provider: 'provider["registry.terraform.io/aliyun/alicloud"]', instances: [{schema_version: 0, attributes: {id: 'sg-uf6web', security_group_name: 'web', vpc_id: 'vpc-uf6a', inner_access_policy: 'Accept'}}]},
      {mode: 'managed', type: 'alicloud_instance', name: 'app', provider: 'provider["registry.terraform.io/aliyun/alicloud"]', instances: [{schema_version: 0, attributes: {id: 'i-uf6app', instance_name: 'app', vswitch_id: 'vsw-uf6a', private_ip: '172.16.0.10', security_groups: ['sg-uf6web', 'sg-uf6shared'], internet_max_bandwidth_out: 0, instance_type: 'ecs.g7.large'}}]},
      {mode: 'data', type: 'alicloud_zones', name: 'default', provider: 'provider["registry.terraform.io/aliyun/alicloud"]', instances: [{schema_version: 0, attributes: {id: '1'}}]},
    ],
  }

  it('reads a raw terraform.tfstate v4 (addresses, modules, index keys) like show -json', () => {
    const r = importTerraform(rawState, {file: 'terraform.tfstate'})
    expect(r.inputs).toEqual(['terraform.tfstate v4: terraform.tfstate'])
    expect(r.document.vpcs).toEqual([{name: 'main', cidr: '172.16.0.0/12', vswitches: [{name: 'zone-b', zone: 'cn-shanghai-b', cidr: '172.16.0.0/21'}]}])
    expect(r.document.metadata.region).toBe('cn-shanghai')
    expect(r.sources.get(r.document.vpcs![0]!.vswitches[0]!)).toBe('alicloud_vswitch.zone[0]')
    expect(r.sources.get(r.document.securityGroups![0]!)).toBe('module.sg.alicloud_security_group.web')
  })

  it('an unresolved security group is kept by id with a note (not dropped, which left "(none)")', () => {
    const r = importTerraform(rawState, {file: 'terraform.tfstate'})
    expect(r.document.instances).toEqual([{name: 'app', vswitch: 'zone-b', securityGroups: ['web', 'sg-uf6shared'], ip: '172.16.0.10'}])
    const note = r.warnings.find((w) => /security_groups sg-uf6shared does not resolve to a security group in this state; kept by its id/.test(w))
    expect(note).toBeDefined()
    expect(r.notes!.has(note!)).toBe(true)
  })

  it('refuses an old tfstate format with a clear message', () => {
    expect(() => importTerraform({version: 3, resources: []}, {file: 't.tfstate'})).toThrow(/format version 3; acknet reads version 4/)
  })
})

describe('kubectl: real shapes (online boutique manifests, multi-document YAML)', () => {
  const file = 'fixtures/import/real/online-boutique-manifests.yaml'
  it('reads every --- document: Deployments become workloads with their labels and ports, Services kept', () => {
    const r = importKubectl(readDocuments(file), {file, cluster: 'boutique', vpc: 'prod', serviceCidr: '172.21.0.0/20'})
    const cluster = r.document.clusters![0]!
    expect(cluster.workloads!.map((w) => [w.name, w.kind, w.replicas, w.labels, w.ports])).toEqual([
      ['emailservice', 'Deployment', 1, {app: 'emailservice'}, [{containerPort: 8080}]],
      ['frontend', 'Deployment', 1, {app: 'frontend'}, [{containerPort: 8080}]],
      ['loadgenerator', 'Deployment', 1, {app: 'loadgenerator'}, undefined],
      ['currencyservice', 'Deployment', 1, {app: 'currencyservice'}, [{name: 'grpc', containerPort: 7000}]],
    ])
    expect(cluster.services!.map((s) => `${(s.metadata as {name: string}).name}:${(s.spec as {type: string}).type}`)).toEqual(['emailservice:ClusterIP', 'frontend:ClusterIP', 'frontend-external:LoadBalancer'])
    // no Node and no Namespace in a manifest: those fields are not written (a merge keeps them)
    expect(cluster.nodePools).toBeUndefined()
    expect(cluster.namespaces).toBeUndefined()
    expect(schemaIssues(r.document)).toEqual([])
  })

  it('bare Pods become workloads with their labels; Pods of a controller not in the input are grouped; Jobs are named', () => {
    const pod = (name: string, labels: Record<string, string>, owner?: {kind: string; name: string}) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'web', labels, ...(owner ? {ownerReferences: [{apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true, uid: 'u'}]} : {})}, spec: {containers: [{name: 'c', ports: [{containerPort: 80, protocol: 'TCP'}]}]}})
    const text = [
      yaml.dump(pod('debug', {run: 'debug'})),
      yaml.dump({apiVersion: 'v1', kind: 'List', items: [pod('api-7d9f8-abcde', {app: 'api', 'pod-template-hash': '7d9f8'}, {kind: 'ReplicaSet', name: 'api-7d9f8'}), pod('api-7d9f8-fghij', {app: 'api', 'pod-template-hash': '7d9f8'}, {kind: 'ReplicaSet', name: 'api-7d9f8'})]}),
      yaml.dump({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'migrate', namespace: 'web'}, spec: {template: {spec: {containers: []}}}}),
      yaml.dump(pod('migrate-x1', {'job-name': 'migrate'}, {kind: 'Job', name: 'migrate'})),
      yaml.dump({apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'legacy', namespace: 'web'}, spec: {replicas: 3, template: {metadata: {labels: {app: 'legacy'}}, spec: {containers: []}}}}),
    ].join('---\n')
    const r = importKubectl(parseDocuments(text, 'pods.yaml'), {file: 'pods.yaml', cluster: 'c', vpc: 'v'})
    expect(r.document.clusters![0]!.workloads).toEqual([
      {name: 'legacy', namespace: 'web', replicas: 3, labels: {app: 'legacy'}},
      {name: 'debug', namespace: 'web', replicas: 1, labels: {run: 'debug'}, ports: [{containerPort: 80, protocol: 'TCP'}]},
      {name: 'api', namespace: 'web', replicas: 2, labels: {app: 'api'}, ports: [{containerPort: 80, protocol: 'TCP'}]},
    ])
    // the Job's Pod is the Job's: named once, with it
    expect(r.warnings.join('\n')).toMatch(/1 Job\/CronJob\(s\) \(web\/migrate\) are not modelled \(run-to-completion pods\)/)
  })

  it("nodes' own evidence: Flannel annotations and podCIDR set the plugin and contradict a wrong base; node IPs are kept", () => {
    const node = (name: string, ip: string, podCidr: string) => ({apiVersion: 'v1', kind: 'Node', metadata: {name, labels: {'alibabacloud.com/nodepool-id': 'np1', 'node.kubernetes.io/instance-type': 'ecs.g7.xlarge'}, annotations: {'flannel.alpha.coreos.com/backend-data': '{"VNI":1,"VtepMAC":"ce:f9:c7:a4:de:64"}', 'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/kube-subnet-manager': 'true', 'flannel.alpha.coreos.com/public-ip': ip}}, spec: {podCIDR: podCidr, podCIDRs: [podCidr]}, status: {addresses: [{type: 'InternalIP', address: 'fd00::5'}, {type: 'InternalIP', address: ip}, {type: 'Hostname', address: name}]}})
    const base: TopologyDoc = {apiVersion: 'acknet/v1', kind: 'Topology', metadata: {name: 'x'}, vpcs: [{name: 'prod', cidr: '192.168.0.0/16', vswitches: [{name: 'node-a', zone: 'z', cidr: '192.168.19.0/24'}]}], clusters: [{name: 'c', vpc: 'prod', network: {plugin: 'terway', podVSwitches: ['pod-a']}, nodePools: [{name: 'np1', instanceType: 'ecs.g7.xlarge', count: 5, vswitches: [], securityGroups: ['nodes']}]}]}
    const r = importKubectl({kind: 'List', items: [node('a', '192.168.19.160', '10.244.0.0/24'), node('b', '192.168.19.161', '10.244.1.0/24')]}, {file: 'n.json', cluster: 'c', context: base})
    const cluster = r.document.clusters![0]!
    expect(cluster.network).toEqual({plugin: 'flannel', podCidr: '10.244.0.0/16', nodeCidrMask: 24})
    expect(r.warnings.join('\n')).toMatch(/the merged file says cluster c uses terway, but the cluster shows 2 node\(s\) with flannel\.alpha\.coreos\.com annotations; flannel is used/)
    // the IPv4 InternalIP places the pool, the pool keeps the merged file's security groups
    expect(cluster.nodePools).toEqual([{name: 'np1', instanceType: 'ecs.g7.xlarge', count: 2, vswitches: ['node-a'], securityGroups: ['nodes']}])
    expect(r.sources.get(cluster.nodePools![0]!)).toMatch(/node IPs 192\.168\.19\.160, 192\.168\.19\.161$/)
  })
})

describe('merge never loses what the input does not cover', () => {
  const aliyunFirst = (): TopologyDoc => yaml.load(finishImport(importAliyun(aliyunFiles(), {name: 'shop-prod'}))) as TopologyDoc
  const kube = (kinds: string[]) => {
    const all = readStructured('fixtures/import/kubectl-shop.json') as {items: Array<{kind: string}>}
    return {kind: 'List', items: all.items.filter((item) => kinds.includes(item.kind))}
  }
  const FLAGS = {cluster: 'shop', podVSwitches: ['pod-i', 'pod-j'], serviceCidr: '172.21.0.0/20', nodeSecurityGroups: ['nodes'], poolNames: {np0default0000000000000001: 'default', np0big000000000000000000002: 'big'}}
  const mergeKube = (base: TopologyDoc, kinds: string[]): {text: string; result: ImportResult} => {
    const result = importKubectl(kube(kinds), {file: 'k.json', ...FLAGS, context: base})
    return {text: finishImport(result, base, 'base.yaml'), result}
  }
  const body = (text: string) => text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n')
  const PARTS = {nodes: ['Node'], workloads: ['Deployment', 'StatefulSet', 'DaemonSet', 'Namespace'], edges: ['Service', 'NetworkPolicy', 'Ingress']}

  it('an Ingress-only file keeps the workloads; a List without Node objects keeps the node pools', () => {
    const full = yaml.load(mergeKube(aliyunFirst(), [...PARTS.nodes, ...PARTS.workloads, ...PARTS.edges]).text) as TopologyDoc
    const workloads = full.clusters![0]!.workloads!.length
    expect(workloads).toBeGreaterThan(3)
    const {text, result} = mergeKube(full, ['Ingress'])
    const after = yaml.load(text) as TopologyDoc
    expect(after.clusters![0]!.workloads).toHaveLength(workloads)
    expect(after.clusters![0]!.nodePools).toEqual(full.clusters![0]!.nodePools)
    expect(after.clusters![0]!.services).toEqual(full.clusters![0]!.services)
    expect(result.mergeReport).toEqual([])
  })

  it('every object a merge replaces is listed', () => {
    const full = yaml.load(mergeKube(aliyunFirst(), [...PARTS.nodes, ...PARTS.workloads]).text) as TopologyDoc
    const scaled = kube(['Deployment'])
    ;(scaled.items.find((item: any) => item.metadata.name === 'api') as any).spec.replicas = 7
    const result = importKubectl(scaled, {file: 'k.json', ...FLAGS, context: full})
    finishImport(result, full, 'base.yaml')
    expect(result.mergeReport, JSON.stringify(result.mergeReport)).toEqual(['cluster shop › workload web/api: replicas 2 → 7'])
  })

  it('merging the same inputs in any order gives the same file', () => {
    const orders = [['nodes', 'workloads', 'edges'], ['edges', 'workloads', 'nodes'], ['workloads', 'edges', 'nodes'], ['nodes', 'edges', 'workloads']] as const
    const results = orders.map((order) => {
      let current = aliyunFirst()
      let text = ''
      for (const part of order) {
        text = mergeKube(current, PARTS[part]).text
        current = yaml.load(text) as TopologyDoc
      }
      // re-merging the VPC side changes nothing either
      const again = importAliyun(aliyunFiles(), {name: 'shop-prod'})
      return body(finishImport(again, current, 'x.yaml'))
    })
    for (const result of results.slice(1)) expect(result).toBe(results[0])
    const allAtOnce = body(mergeKube(aliyunFirst(), [...PARTS.nodes, ...PARTS.workloads, ...PARTS.edges]).text)
    expect(results[0]).toBe(allAtOnce)
  })
})

function aliyunFiles() {
  const A = 'fixtures/import/aliyun'
  const load = (...files: string[]) => files.map((file) => ({file: `${A}/${file}`, data: readStructured(`${A}/${file}`)}))
  return {vpc: load('vpcs.json'), vswitches: load('vswitches.json'), securityGroups: load('security-groups.json', 'security-group-attributes.json'), routeTables: load('route-tables.json', 'route-entries.json'), instances: load('instances.json'), nat: load('nat-gateways.json'), slb: load('load-balancers.json')}
}
