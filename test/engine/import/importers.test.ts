import {describe, expect, it} from 'vitest'
import {importAliyun} from '../../../src/engine/import/aliyun.js'
import {readStructured} from '../../../src/engine/import/io.js'
import {importKubectl} from '../../../src/engine/import/kubectl.js'
import {mergeInto} from '../../../src/engine/import/merge.js'
import {importTerraform} from '../../../src/engine/import/terraform.js'
import type {ImportResult} from '../../../src/engine/import/document.js'
import {aliyunInputs, KUBECTL_FILE} from './helpers.js'

describe('import aliyun', () => {
  const result = importAliyun(aliyunInputs())

  it('reports everything it does not map, one warning each', () => {
    const w = result.warnings.join('\n')
    expect(w).toMatch(/5 ECS instance\(s\) are nodes of ACK cluster c8f3e1d2a9b7c4e5f60718293a4b5c6d7/)
    expect(w).toMatch(/fwd-bp1ipmap000000000002 .* maps ports Any → Any/)
    expect(w).toMatch(/172\.30\.0\.0\/16 in prod\/isolated goes to a VpnGateway next hop/)
    expect(w).toMatch(/SLB lb-bp1ccmfrontend00000002 .* managed by ACK's cloud controller/)
    expect(result.warnings).toHaveLength(4)
    // the IPv6 rule is imported, not warned about
    expect(result.document.securityGroups!.find((g) => g.name === 'bastion')!.rules).toContainEqual({direction: 'ingress', protocol: 'tcp', ports: '22/22', peer: '2001:db8::/32'})
  })

  it('names each object with its id in a source comment', () => {
    const vpc = result.document.vpcs![0]!
    expect(result.sources.get(vpc)).toBe('vpc-bp1prod7x3k9ovxq0001 (DescribeVpcs)')
    expect(result.sources.get(vpc.vswitches.find((v) => v.name === 'data-i')!)).toBe('vsw-bp1data0i00000000003 (DescribeVSwitches)')
  })

  it('uses the id when a resource has no name, and disambiguates duplicate names', () => {
    const vpcs = {file: 'v.json', data: {Vpcs: {Vpc: [{VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16', VpcName: ''}, {VpcId: 'vpc-b', CidrBlock: '10.1.0.0/16', VpcName: 'x'}, {VpcId: 'vpc-c', CidrBlock: '10.2.0.0/16', VpcName: 'x'}]}}}
    const r = importAliyun({vpc: [vpcs]})
    expect(r.document.vpcs!.map((v) => v.name)).toEqual(['vpc-a', 'x', 'x-vpc-c'])
    expect(r.warnings).toEqual(['two VPCs are named "x"; vpc-c is named "x-vpc-c" instead'])
  })

  it('refuses a response given to the wrong flag, naming the file and what it expected', () => {
    expect(() => importAliyun({vpc: [{file: 'sg.json', data: {SecurityGroups: {SecurityGroup: []}}}]})).toThrow(/is not a response --vpc accepts; expected the JSON of DescribeVpcs/)
  })

  it('keeps references to resources outside the import by id, with a warning', () => {
    const r = importAliyun({instances: [{file: 'i.json', data: {Instances: {Instance: [{InstanceId: 'i-1', InstanceName: 'web', VpcAttributes: {VSwitchId: 'vsw-x', PrivateIpAddress: {IpAddress: ['10.0.0.5']}}, SecurityGroupIds: {SecurityGroupId: ['sg-y']}}]}}}]})
    expect(r.document.instances).toEqual([{name: 'web', vswitch: 'vsw-x', ip: '10.0.0.5', securityGroups: ['sg-y']}])
    expect(r.warnings.join('\n')).toMatch(/vSwitch vsw-x is referenced but not in the imported files/)
  })
})

describe('import kubectl', () => {
  const data = readStructured(KUBECTL_FILE)

  it('groups nodes into pools by pool label and instance type, named by id without --pool-name', () => {
    const r = importKubectl(data, {file: KUBECTL_FILE, cluster: 'shop', vpc: 'prod', nodeVSwitches: ['node-i']})
    const pools = r.document.clusters![0]!.nodePools!
    expect(pools.map((p) => [p.name, p.instanceType, p.count])).toEqual([['np0default0000000000000001', 'ecs.g7.xlarge', 3], ['np0big000000000000000000002', 'ecs.g7.4xlarge', 2]])
    expect(r.document.metadata.region).toBe('cn-hangzhou')
  })

  it('infers the plugin from the DaemonSets and the Service CIDR from the cluster IPs (with a warning)', () => {
    const r = importKubectl(data, {file: KUBECTL_FILE, cluster: 'shop', vpc: 'prod'})
    const cluster = r.document.clusters![0]!
    expect(cluster.network?.plugin).toBe('terway')
    // cluster IPs 172.21.0.1 … 172.21.7.9 fit in 172.21.0.0/20
    expect(cluster.serviceCidr).toBe('172.21.0.0/20')
    expect(r.warnings.join('\n')).toMatch(/Service CIDR not given; 172\.21\.0\.0\/20/)
    expect(r.warnings.join('\n')).toMatch(/node pool np0default0000000000000001: its vSwitches are unknown/)
    expect(r.warnings.join('\n')).toMatch(/Terway pod vSwitches unknown/)
  })

  it('needs a VPC, from --vpc or the merge target', () => {
    expect(() => importKubectl(data, {file: KUBECTL_FILE, cluster: 'shop'})).toThrow(/pass --vpc NAME/)
  })

  it('--merge without --vpc: the one VPC that holds every node IP', () => {
    const vpcs = [{name: 'other', cidr: '10.0.0.0/16', vswitches: []}, {name: 'prod', cidr: '192.168.0.0/16', vswitches: []}]
    const context = {apiVersion: 'acknet/v1', kind: 'Topology', metadata: {name: 't'}, vpcs} as unknown as Parameters<typeof importKubectl>[1]['context']
    expect(importKubectl(data, {file: KUBECTL_FILE, cluster: 'shop', context}).document.clusters![0]!.vpc).toBe('prod')
    // two VPCs that both hold the node IPs: no guess
    const both = {...context!, vpcs: [...vpcs, {name: 'wide', cidr: '192.168.0.0/17', secondaryCidrs: ['192.168.128.0/17'], vswitches: []}]}
    expect(() => importKubectl(data, {file: KUBECTL_FILE, cluster: 'shop', context: both as typeof context})).toThrow(/pass --vpc NAME/)
  })

  it('an inferred Service CIDR respects /16–/24: cluster IPs spread wider give a warning, not an invalid block', () => {
    const wide = {kind: 'List', items: [
      {kind: 'Service', metadata: {name: 'a', namespace: 'x'}, spec: {clusterIP: '172.21.0.1', ports: [{port: 80}]}},
      {kind: 'Service', metadata: {name: 'b', namespace: 'x'}, spec: {clusterIP: '172.30.0.1', ports: [{port: 80}]}},
    ]}
    const r = importKubectl(wide, {file: 'k.json', cluster: 'c', vpc: 'v'})
    expect(r.document.clusters![0]!.serviceCidr).toBeUndefined()
    expect(r.warnings.join('\n')).toMatch(/cluster IPs span 172\.16\.0\.0\/12, which is not a valid Service CIDR \(.*\/16–\/24 mask, got \/12\); pass --service-cidr/)
  })

  it('splits a pool that mixes instance types, skips virtual nodes, reads the Flannel pod CIDR from its ConfigMap', () => {
    const node = (name: string, pool: string | undefined, type: string, extra: Record<string, string> = {}) => ({kind: 'Node', metadata: {name, labels: {...(pool ? {'alibabacloud.com/nodepool-id': pool} : {}), 'node.kubernetes.io/instance-type': type, ...extra}}, spec: {podCIDR: '172.20.1.0/25'}, status: {addresses: [{type: 'InternalIP', address: '10.0.0.9'}]}})
    const list = {kind: 'List', items: [
      node('a', 'np1', 'ecs.g7.xlarge'), node('b', 'np1', 'ecs.g7.2xlarge'), node('c', undefined, 'ecs.c7.large'), node('v', 'np1', 'x', {type: 'virtual-kubelet'}),
      {kind: 'DaemonSet', metadata: {name: 'kube-flannel-ds', namespace: 'kube-system'}, spec: {template: {spec: {hostNetwork: true, containers: []}}}},
      {kind: 'ConfigMap', metadata: {name: 'kube-flannel-cfg', namespace: 'kube-system'}, data: {'net-conf.json': '{"Network": "172.20.0.0/16", "Backend": {"Type": "ali-vpc"}}'}},
      {kind: 'Pod', metadata: {name: 'p'}},
    ]}
    const r = importKubectl(list, {file: 'k.json', cluster: 'c', vpc: 'v', nodeVSwitches: ['n']})
    const cluster = r.document.clusters![0]!
    expect(cluster.nodePools!.map((p) => [p.name, p.count])).toEqual([['np1-g7-xlarge', 1], ['np1-g7-2xlarge', 1], ['unlabelled', 1]])
    expect(cluster.network).toEqual({plugin: 'flannel', podCidr: '172.20.0.0/16', nodeCidrMask: 25})
    const w = r.warnings.join('\n')
    expect(w).toMatch(/1 virtual node\(s\)/)
    expect(w).toMatch(/1 node\(s\) have no alibabacloud\.com\/nodepool-id label/)
    expect(w).toMatch(/np1 mix instance types/)
    // a bare Pod (no controller) is a workload with its own labels, not dropped
    expect(cluster.workloads!.find((workload) => workload.name === 'p')).toEqual({name: 'p', namespace: 'default', replicas: 1})
  })
})

describe('import terraform', () => {
  it('follows a plan\'s references through the configuration when ids are unknown', () => {
    const file = 'fixtures/import/terraform-plan.json'
    const r = importTerraform(readStructured(file), {file})
    const d = r.document
    expect(d.metadata).toEqual({name: 'staging', region: 'cn-shanghai'})
    expect(d.vpcs![0]!.vswitches.map((v) => v.name)).toEqual(['staging-nodes', 'staging-pods'])
    expect(d.vpcs![0]!.routeTables).toEqual([{name: 'system', routes: [{destination: '0.0.0.0/0', nextHop: 'nat:staging-nat'}]}])
    expect(d.instances).toEqual([{name: 'jump', vswitch: 'staging-nodes', securityGroups: ['staging-nodes'], ip: '10.20.0.5', publicIp: true}])
    expect(d.natGateways![0]!.snat).toEqual([{source: 'vswitch:staging-nodes'}])
    expect(d.clusters![0]).toMatchObject({name: 'staging', vpc: 'staging', network: {plugin: 'terway', podVSwitches: ['staging-pods']}, nodePools: [{name: 'workers', count: 4, vswitches: ['staging-nodes'], securityGroups: ['staging-nodes']}]})
    const w = r.warnings.join('\n')
    expect(w).toMatch(/kubernetes_namespace/)
    expect(w).toMatch(/gre is not modelled/)
    expect(w).toMatch(/EIP address is not known until apply/)
    expect(w).toMatch(/2 instance types/)
  })

  it('refuses a file that is not terraform show -json', () => {
    expect(() => importTerraform({resources: []}, {file: 't.json'})).toThrow(/is not `terraform show -json` output/)
  })
})

describe('merge', () => {
  it('adds new objects, updates existing ones field by field, keeps the rest of the file', () => {
    const existing = {apiVersion: 'acknet/v1', kind: 'Topology', metadata: {name: 'mine'}, settings: {routeEntriesPerTable: 400}, instances: [{name: 'db-1', vswitch: 'old', securityGroups: ['db'], listens: [{port: 5432}]}, {name: 'keep', vswitch: 'a', securityGroups: []}], expectations: [{from: 'a', to: 'b', expect: 'allowed'}]} as never
    const imported: ImportResult = {document: {apiVersion: 'acknet/v1', kind: 'Topology', metadata: {name: 'new', region: 'cn-beijing'}, instances: [{name: 'db-1', vswitch: 'data-i', securityGroups: ['db'], ip: '10.0.0.1'}, {name: 'new-1', vswitch: 'x', securityGroups: []}]}, sources: new Map(), inputs: [], warnings: []}
    const merged = mergeInto(existing, imported) as any
    expect(merged.metadata).toEqual({name: 'mine', region: 'cn-beijing'})
    expect(merged.settings).toEqual({routeEntriesPerTable: 400})
    expect(merged.expectations).toHaveLength(1)
    expect(merged.instances).toEqual([{name: 'db-1', vswitch: 'data-i', securityGroups: ['db'], ip: '10.0.0.1', listens: [{port: 5432}]}, {name: 'keep', vswitch: 'a', securityGroups: []}, {name: 'new-1', vswitch: 'x', securityGroups: []}])
  })
})
