import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {importAliyun} from '../../../src/engine/import/aliyun.js'
import type {TopologyDoc} from '../../../src/engine/import/document.js'
import {finishImport} from '../../../src/engine/import/finish.js'
import {readDocuments, readStructured} from '../../../src/engine/import/io.js'
import {importKubectl} from '../../../src/engine/import/kubectl.js'
import {importTerraform} from '../../../src/engine/import/terraform.js'
import {emptyConfig} from '../../../src/engine/lint/config.js'
import {lintInput} from '../../../src/engine/lint/run.js'
import {aliyunInputs} from './helpers.js'

/**
 * Issue #14: each import on a real public sample, kept as its source printed it in
 * fixtures/import/real/ (the README there names repository, path, commit and licence).
 */
const REAL = 'fixtures/import/real'
const real = (file: string) => readStructured(`${REAL}/${file}`)
const K9S = ['k9s-no.json', 'k9s-dp.json', 'k9s-svc.json', 'k9s-np.json', 'k9s-ing.json']
/** The k9s objects as one `kubectl get … -o json` List, in the order kubectl prints kinds. */
const k9sList = () => ({apiVersion: 'v1', kind: 'List', items: K9S.map(real)})

type Any = any
const schemaFindings = (text: string) => lintInput({file: 'imported.yaml', text}, {config: emptyConfig()}).findings.filter((finding) => finding.ruleId === 'schema')

/** The VPC side of fixtures/import/aliyun as the file the CLI writes, to merge a real sample into. */
function vpcSide(): {text: string; doc: TopologyDoc} {
  const text = finishImport(importAliyun(aliyunInputs(), {name: 'shop-prod'}))
  return {text, doc: yaml.load(text) as TopologyDoc}
}

describe('aliyun ecs DescribeInstances (real sample: alibaba-cloud-csi-driver)', () => {
  const response = real('csi-driver-describe-instances.json')

  it('the VPC instance whose response holds no VpcAttributes is skipped with a warning that does not call it classic', () => {
    const r = importAliyun({instances: [{file: 'i.json', data: response}]})
    expect(r.document.instances).toBeUndefined()
    expect(r.warnings).toEqual(['instance i-2zec1slzwdzrwmvlr4w2 is in a VPC but its response has no VpcAttributes.VSwitchId; skipped'])
    expect(r.warnings.join('\n')).not.toMatch(/classic/)
  })

  it('merged into a VPC import it adds nothing, changes nothing, and the file lints with no schema finding', () => {
    const base = vpcSide()
    const merged = importAliyun({...aliyunInputs(), instances: [...aliyunInputs().instances!, {file: 'csi.json', data: response}]}, {name: 'shop-prod'})
    expect(merged.document.instances!.map((instance) => instance.name).sort()).toEqual(base.doc.instances!.map((instance) => instance.name).sort())
    expect(merged.document.instances!.length).toBe(3)
    expect(merged.warnings).toContain('instance i-2zec1slzwdzrwmvlr4w2 is in a VPC but its response has no VpcAttributes.VSwitchId; skipped')
    expect(schemaFindings(finishImport(merged))).toEqual([])
  })
})

describe('kubectl objects (real samples: k9s render test data)', () => {
  it('the minikube node: one unlabelled pool of instance type unknown, and a warning for each thing kubectl cannot tell', () => {
    const r = importKubectl(real('k9s-no.json'), {file: 'k9s-no.json', cluster: 'minikube', vpc: 'prod'})
    expect(r.document.clusters![0]!.nodePools).toEqual([{name: 'unlabelled', instanceType: 'unknown', count: 1, vswitches: []}])
    expect(r.warnings).toEqual([
      '1 node(s) have no alibabacloud.com/nodepool-id label (not in an ACK node pool); grouped as pool "unlabelled"',
      'node pool unlabelled: its vSwitches are unknown (pass --node-vswitches, or --merge a topology whose vSwitches contain the node IPs 192.168.64.107)',
      'could not tell the network plugin (no terway or flannel DaemonSet in kube-system or kube-flannel, no Flannel node annotations); pass --plugin',
    ])
  })

  it('the Deployment, ClusterIP Service, NetworkPolicy (ipBlock with except) and Ingress are mapped as kubectl printed them', () => {
    const r = importKubectl(k9sList(), {file: 'k9s.json', cluster: 'k9s', vpc: 'prod', plugin: 'terway', podVSwitches: ['pod-i'], serviceCidr: '10.47.240.0/20', nodeVSwitches: ['data-i']})
    const cluster: Any = r.document.clusters![0]!
    expect(cluster.workloads).toEqual([{name: 'icx-db', namespace: 'icx', kind: 'Deployment', replicas: 1, labels: {app: 'icx-db'}, ports: [{name: 'client', containerPort: 5432, protocol: 'TCP'}]}])
    expect(cluster.services.map((service: Any) => [service.metadata.namespace, service.metadata.name, service.spec.type, service.spec.clusterIP, service.spec.ports])).toEqual([
      ['default', 'dictionary1', 'ClusterIP', '10.47.248.116', [{name: 'http', port: 4001, protocol: 'TCP', targetPort: 'http'}]],
    ])
    const policy = cluster.networkPolicies[0]
    expect(policy.metadata).toEqual({name: 'fred', namespace: 'default'})
    expect(policy.spec.ingress[0].from[0]).toEqual({ipBlock: {cidr: '172.17.0.0/16', except: ['172.17.1.0/24', '172.17.3.0/24', '172.17.4.0/24']}})
    expect(policy.spec.egress[0]).toEqual({ports: [{port: 5978, protocol: 'TCP'}], to: [{ipBlock: {cidr: '10.0.0.0/24'}}]})
    // the sample's Ingress holds the pre-1.19 backend (serviceName/servicePort): written in the v1 form, with a note
    expect(cluster.ingresses).toEqual([{apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'test-ingress', namespace: 'default', labels: {role: 'ingress'}, annotations: {'nginx.ingress.kubernetes.io/rewrite-target': '/'}}, spec: {rules: [{http: {paths: [{backend: {service: {name: 'test', port: {number: 80}}}, path: '/testpath'}]}}]}}])
    const ingressNote = 'Ingress default/test-ingress: 1 backend(s) in the pre-1.19 form (serviceName/servicePort) written in the networking.k8s.io/v1 form (service.name/port)'
    expect(r.notes!.has(ingressNote)).toBe(true)
    // kubectl's bookkeeping is not kept (the last-applied annotation holds the whole object again)
    expect(JSON.stringify(r.document)).not.toContain('last-applied-configuration')
    expect(r.warnings).toEqual(['1 node(s) have no alibabacloud.com/nodepool-id label (not in an ACK node pool); grouped as pool "unlabelled"', ingressNote])
  })

  it('merged into the VPC import: the node lands on the vSwitch holding its IP, and the file lints with no schema finding', () => {
    const base = vpcSide()
    const r = importKubectl(k9sList(), {file: 'k9s.json', cluster: 'k9s', plugin: 'terway', podVSwitches: ['pod-i'], serviceCidr: '172.21.0.0/20', context: base.doc})
    const text = finishImport(r, base.doc, 'base.yaml')
    const cluster: Any = (yaml.load(text) as TopologyDoc).clusters!.find((c) => c.name === 'k9s')!
    // 192.168.64.107 is in data-i (192.168.64.0/24) of fixtures/import/aliyun/vswitches.json
    expect(cluster.vpc).toBe('prod')
    expect(cluster.nodePools).toEqual([{name: 'unlabelled', instanceType: 'unknown', count: 1, vswitches: ['data-i']}])
    expect(schemaFindings(text)).toEqual([])
  })
})

describe('the pre-1.19 Ingress backend the k9s sample holds: each form it takes', () => {
  const ingress = (spec: Any) => ({apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: {name: 'old', namespace: 'web'}, spec})
  const imported = (spec: Any) => (importKubectl(ingress(spec), {file: 'i.json', cluster: 'c', vpc: 'prod', plugin: 'terway'}).document.clusters![0] as Any).ingresses[0].spec

  it('a numeric servicePort (number or digits) is port.number, a named one port.name; spec.backend is defaultBackend', () => {
    expect(imported({backend: {serviceName: 'web', servicePort: 'http'}, rules: [{host: 'a.example', http: {paths: [{path: '/', backend: {serviceName: 'api', servicePort: '8080'}}]}}]})).toEqual({
      defaultBackend: {service: {name: 'web', port: {name: 'http'}}},
      rules: [{host: 'a.example', http: {paths: [{path: '/', backend: {service: {name: 'api', port: {number: 8080}}}}]}}],
    })
  })

  it('a v1 backend is left as it is, with no note', () => {
    const spec = {defaultBackend: {service: {name: 'web', port: {number: 80}}}, rules: [{http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'api', port: {name: 'http'}}}}]}}]}
    const r = importKubectl(ingress(spec), {file: 'i.json', cluster: 'c', vpc: 'prod', plugin: 'terway'})
    expect((r.document.clusters![0] as Any).ingresses[0].spec).toEqual(spec)
    expect(r.warnings.filter((w) => /pre-1\.19/.test(w))).toEqual([])
  })
})

describe('kubectl bare Pods, ReplicaSets, Jobs (real samples: k9s render test data)', () => {
  const list = (...files: string[]) => ({apiVersion: 'v1', kind: 'List', items: files.map(real)})
  const flags = {file: 'k9s.json', cluster: 'k9s', vpc: 'prod', plugin: 'terway' as const, podVSwitches: ['pod-i'], serviceCidr: '172.21.0.0/20', nodeVSwitches: ['data-i']}
  const workloads = (r: ReturnType<typeof importKubectl>) => (r.document.clusters![0] as Any).workloads

  it('a ReplicaSet whose Deployment is not in the input is workload of the Deployment, without the per-rollout pod-template-hash', () => {
    const r = importKubectl(real('k9s-rs.json'), flags)
    expect(workloads(r)).toEqual([{name: 'icx-db', namespace: 'icx', replicas: 1, labels: {app: 'icx-db'}, ports: [{name: 'client', containerPort: 5432, protocol: 'TCP'}]}])
    expect(r.warnings).toEqual(['ReplicaSet icx/icx-db-7d4b578979 belongs to Deployment icx-db, which is not in the input; imported as workload icx/icx-db'])
  })

  it('with its Deployment in the input, the ReplicaSet adds nothing: one workload', () => {
    const r = importKubectl(list('k9s-dp.json', 'k9s-rs.json'), flags)
    expect(workloads(r)).toEqual([{name: 'icx-db', namespace: 'icx', kind: 'Deployment', replicas: 1, labels: {app: 'icx-db'}, ports: [{name: 'client', containerPort: 5432, protocol: 'TCP'}]}])
    expect(r.warnings).toEqual([])
  })

  it('the pod of ReplicaSet nginx-7fb78fb6d8 is workload nginx; the bare Pod also named nginx is its own workload nginx-pod, not a second replica', () => {
    const r = importKubectl(list('k9s-po_init.json', 'k9s-p1.json'), flags)
    // in input order: the bare Pod comes first, and is still the one renamed
    expect(workloads(r)).toEqual([
      {name: 'nginx-pod', namespace: 'default', ports: [{containerPort: 80, protocol: 'TCP'}], replicas: 1},
      {name: 'nginx', namespace: 'default', labels: {app: 'nginx'}, ports: [{containerPort: 80, protocol: 'TCP'}], replicas: 1},
    ])
    expect(r.warnings).toEqual(['Pod default/nginx is not a pod of Deployment nginx (not owned by it) but has the name of its workload; imported as workload default/nginx-pod'])
    // alone, the bare Pod keeps its name
    expect(workloads(importKubectl(real('k9s-po_init.json'), flags))).toEqual([{name: 'nginx', namespace: 'default', ports: [{containerPort: 80, protocol: 'TCP'}], replicas: 1}])
  })

  it('a bare Pod named like a Deployment of the input (the sample Pod moved to its namespace and renamed) is workload NAME-pod too', () => {
    const pod: Any = real('k9s-po_init.json')
    pod.metadata = {...pod.metadata, name: 'icx-db', namespace: 'icx'}
    const r = importKubectl(list('k9s-dp.json'), flags)
    const both = importKubectl({apiVersion: 'v1', kind: 'List', items: [real('k9s-dp.json'), pod]}, flags)
    expect(workloads(both).map((w: Any) => [w.name, w.kind, w.replicas])).toEqual([['icx-db', 'Deployment', 1], ['icx-db-pod', undefined, 1]])
    expect(both.warnings).toEqual(['Pod icx/icx-db is not a pod of Deployment icx-db (not owned by it) but has the name of its workload; imported as workload icx/icx-db-pod'])
    expect(workloads(r)).toHaveLength(1)
  })

  it('a Job and its CronJob are named in one warning; the DaemonSet (hostNetwork) and StatefulSet are workloads', () => {
    const r = importKubectl(list('k9s-job.json', 'k9s-cj.json', 'k9s-ds.json', 'k9s-sts.json'), flags)
    expect(workloads(r)).toEqual([
      {name: 'nginx-sts', namespace: 'default', kind: 'StatefulSet', replicas: 4, labels: {app: 'nginx-sts'}, ports: [{name: 'web', containerPort: 80, protocol: 'TCP'}]},
      {name: 'fluentd-gcp-v3.2.0', namespace: 'kube-system', kind: 'DaemonSet', labels: {'k8s-app': 'fluentd-gcp', 'kubernetes.io/cluster-service': 'true', version: 'v3.2.0'}, hostNetwork: true},
    ])
    expect(r.warnings).toEqual(['2 Job/CronJob(s) (default/hello-1567179180, default/hello) are not modelled (run-to-completion pods); not imported — add a workload by hand if their traffic matters'])
  })

  it('all of them merged into the VPC import lint with no schema finding', () => {
    const base = vpcSide()
    const r = importKubectl(list('k9s-dp.json', 'k9s-rs.json', 'k9s-p1.json', 'k9s-po_init.json', 'k9s-job.json', 'k9s-cj.json', 'k9s-ds.json', 'k9s-sts.json'), {...flags, vpc: undefined, context: base.doc})
    const text = finishImport(r, base.doc, 'base.yaml')
    const cluster: Any = (yaml.load(text) as TopologyDoc).clusters!.find((c) => c.name === 'k9s')!
    // the written file orders workloads by namespace, then name
    expect(cluster.workloads.map((w: Any) => `${w.namespace}/${w.name}`)).toEqual(['default/nginx', 'default/nginx-pod', 'default/nginx-sts', 'icx/icx-db', 'kube-system/fluentd-gcp-v3.2.0'])
    expect(cluster.workloads.find((w: Any) => w.name === 'nginx').replicas).toBe(1)
    expect(schemaFindings(text)).toEqual([])
  })
})

describe('Flannel (real samples: flannel-io/flannel kube-flannel.yml and its fake node)', () => {
  const manifest = () => readDocuments(`${REAL}/flannel-kube-flannel.yml`)

  it('the upstream manifest alone: plugin from the DaemonSet in namespace kube-flannel, pod CIDR from its ConfigMap', () => {
    const r = importKubectl(manifest(), {file: 'kube-flannel.yml', cluster: 'flannel', vpc: 'prod'})
    const cluster: Any = r.document.clusters![0]
    expect(cluster.network).toEqual({plugin: 'flannel', podCidr: '10.244.0.0/16'})
    expect(cluster.workloads).toEqual([{name: 'kube-flannel-ds', namespace: 'kube-flannel', kind: 'DaemonSet', labels: {tier: 'node', app: 'flannel'}, ports: [{name: 'healthz', containerPort: 8081, protocol: 'TCP'}], hostNetwork: true}])
    expect(cluster.namespaces).toEqual([{name: 'kube-flannel', labels: {'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged'}}])
    expect(r.warnings).toEqual(['1 ClusterRole, 1 ClusterRoleBinding, 1 ServiceAccount object(s) say nothing about the network; not imported'])
  })

  it('the node alone: flannel from its annotations, the pod CIDR the /16 around its podCIDR 10.244.7.0/24 (python3 ipaddress: 10.244.0.0/16), mask /24', () => {
    const r = importKubectl(real('flannel-fake-node.yaml'), {file: 'fake-node.yaml', cluster: 'flannel', vpc: 'prod'})
    expect((r.document.clusters![0] as Any).network).toEqual({plugin: 'flannel', podCidr: '10.244.0.0/16', nodeCidrMask: 24})
    expect(r.warnings).toEqual([
      '1 node(s) have no alibabacloud.com/nodepool-id label (not in an ACK node pool); grouped as pool "unlabelled"',
      'node pool unlabelled: its vSwitches are unknown (pass --node-vswitches; the nodes have no InternalIP address to find them by)',
      "Flannel pod CIDR 10.244.0.0/16 is the smallest /16 or larger block holding every node's podCIDR; pass --pod-cidr (or include the kube-system/kube-flannel-cfg ConfigMap) to set it exactly",
    ])
  })

  it('manifest and node together, merged into the VPC import, lint with no schema finding', () => {
    const base = vpcSide()
    const r = importKubectl([...manifest(), real('flannel-fake-node.yaml')], {file: 'flannel.yml', cluster: 'flannel', context: base.doc, nodeVSwitches: ['data-i']})
    const text = finishImport(r, base.doc, 'base.yaml')
    const cluster: Any = (yaml.load(text) as TopologyDoc).clusters!.find((c) => c.name === 'flannel')!
    expect(cluster.network).toEqual({plugin: 'flannel', podCidr: '10.244.0.0/16', nodeCidrMask: 24})
    expect(cluster.nodePools).toEqual([{name: 'unlabelled', instanceType: 'unknown', count: 1, vswitches: ['data-i']}])
    expect(schemaFindings(text)).toEqual([])
  })
})

describe('aliyun DescribeVpcs / DescribeVSwitches / DescribeSecurityGroups / vServer group (real samples: alibaba/footmark unit tests)', () => {
  const file = (name: string) => ({file: name, data: real(name)})
  // footmark's mock server answers every call with this one body (DescribeVpcs, DescribeVSwitches and DescribeInstances in one)
  const mock = () => file('footmark-vpc-mock-describe.json')

  it('the 2016 default VPC (VRouterId, no RouteTableIds, empty VpcName) and its vSwitch; the instance of another region is flagged', () => {
    const r = importAliyun({vpc: [mock()], vswitches: [mock()], instances: [mock()]})
    expect(r.document.metadata).toEqual({name: 'vpc-wz9rxpux51xpj0dwafuoz', region: 'cn-shenzhen'})
    expect(r.document.vpcs).toEqual([{name: 'vpc-wz9rxpux51xpj0dwafuoz', cidr: '172.18.0.0/16', vswitches: [{name: 'Test', zone: 'cn-shenzhen-a', cidr: '172.18.0.0/19'}]}])
    // the instance (us-west-1) is in a vSwitch and group of another VPC: kept by id, and the region mismatch said
    expect(r.document.instances).toEqual([{name: 'Access', vswitch: 'vsw-rj9l1xrwcnptti4o1q2cf', securityGroups: ['sg-rj94i8agzbqdiy8n76jb'], ip: '192.168.69.23'}])
    expect(r.warnings).toEqual([
      'the instances are in region us-west-1, the VPCs in cn-shenzhen (metadata.region); a topology describes one region — import each region into its own file',
      'vSwitch vsw-rj9l1xrwcnptti4o1q2cf is referenced but not in the imported files; referenced by its id (merge into a file that names it vsw-rj9l1xrwcnptti4o1q2cf, or import it too)',
      'security group sg-rj94i8agzbqdiy8n76jb is referenced but not in the imported files; referenced by its id (merge into a file that names it sg-rj94i8agzbqdiy8n76jb, or import it too)',
    ])
  })

  it('instances of the VPCs\' own region raise no region warning', () => {
    const response: Any = real('footmark-vpc-mock-describe.json')
    const local = {...response, Instances: {Instance: response.Instances.Instance.map((instance: Any) => ({...instance, RegionId: 'cn-shenzhen'}))}}
    const r = importAliyun({vpc: [mock()], vswitches: [mock()], instances: [{file: 'i.json', data: local}]})
    expect(r.warnings.filter((w) => /region/.test(w))).toEqual([])
  })

  it('DescribeVSwitches of a VPC not imported: skipped with a warning', () => {
    const r = importAliyun({vpc: [mock()], vswitches: [file('footmark-describe-vswitches.json')]})
    expect(r.document.vpcs!.map((vpc) => [vpc.name, vpc.vswitches])).toEqual([['vpc-wz9rxpux51xpj0dwafuoz', []]])
    expect(r.warnings).toEqual(['vSwitch vsw-j6c1byawdpc2lbwy7s1q1: its VPC vpc-2zewr6sjkz4gn8wvua2j1 is not imported (pass --vpc with DescribeVpcs); vSwitch skipped'])
  })

  it('DescribeSecurityGroups with classic groups ("VpcId": ""): those are skipped, the VPC group is kept (its rules unknown)', () => {
    const r = importAliyun({securityGroups: [file('footmark-describe-security-groups.json')]})
    expect(r.document.securityGroups).toEqual([{name: 'hi-control', vpc: 'vpc-2zegy4zyl0nv0w5i1ay6j', rules: []}])
    expect(r.warnings).toEqual([
      'security group sg-2zegbxmrjvoz4ypz3kku has no VpcId (classic network); skipped',
      'security group sg-2zeaikpg8zhl7j5rrfnt has no VpcId (classic network); skipped',
      'security group sg-25y6ag32b has no VpcId (classic network); skipped',
      'VPC vpc-2zegy4zyl0nv0w5i1ay6j is referenced but not in the imported files; referenced by its id (merge into a file that names it vpc-2zegy4zyl0nv0w5i1ay6j, or import it too)',
      'security group hi-control: no DescribeSecurityGroupAttribute response, so its rules are unknown (add one per group to --security-groups)',
    ])
  })

  it('a vServer group response no imported listener names is not imported, with a warning', () => {
    const r = importAliyun({slb: [file('footmark-vserver-group.json')]})
    expect(r.document.loadBalancers).toBeUndefined()
    expect(r.warnings).toEqual(["vServer group(s) rsp-3ns1daa6i1fkh are used by no imported listener (add the SLB's DescribeLoadBalancerAttribute and its listener attributes to --slb); not imported"])
  })

  it('all of them merged into the VPC import lint with no schema finding', () => {
    const base = vpcSide()
    const extra = {vpc: [mock()], vswitches: [mock(), file('footmark-describe-vswitches.json')], securityGroups: [file('footmark-describe-security-groups.json')], instances: [mock()], slb: [file('footmark-vserver-group.json')]}
    const inputs = aliyunInputs()
    const merged = importAliyun({vpc: [...inputs.vpc!, ...extra.vpc], vswitches: [...inputs.vswitches!, ...extra.vswitches], securityGroups: [...inputs.securityGroups!, ...extra.securityGroups], routeTables: inputs.routeTables, instances: [...inputs.instances!, ...extra.instances], nat: inputs.nat, slb: [...inputs.slb!, ...extra.slb]}, {name: 'shop-prod'})
    const text = finishImport(merged)
    expect((yaml.load(text) as TopologyDoc).vpcs!.map((vpc) => vpc.name)).toEqual([...base.doc.vpcs!.map((vpc) => vpc.name), 'vpc-wz9rxpux51xpj0dwafuoz'])
    expect(schemaFindings(text)).toEqual([])
    expect(schemaFindings(finishImport(importAliyun(extra)))).toEqual([])
  })
})

describe('terraform show -json of an alicloud state (real sample: idcos/cloudiac)', () => {
  const state = () => real('cloudiac-terraform-show.json')

  it('the instance with its private IP and public bandwidth; its vSwitch and group (not in the state) kept by id; the entry with no values skipped', () => {
    const r = importTerraform(state(), {file: 'cloudiac.json'})
    expect(r.document.instances).toEqual([{name: 'cloudiac-example-qa', vswitch: 'vsw-2zekn3er4lwdn2acoqu2z', securityGroups: ['sg-2ze0kub9scdir50230yk'], ip: '192.168.0.217', publicIp: true}])
    expect(r.warnings).toEqual([
      'alicloud_instance.web[key]: no vswitch_id in this state (the resource has no values); skipped',
      'alicloud_instance.web[0]: vswitch_id vsw-2zekn3er4lwdn2acoqu2z does not resolve to a vSwitch in this state; kept by its id (merge into a file that names it, or import it too)',
      'alicloud_instance.web[0]: security_groups sg-2ze0kub9scdir50230yk does not resolve to a security group in this state; kept by its id (merge into a file that names it, or import it too)',
    ])
    expect(schemaFindings(finishImport(r))).toEqual([])
  })

  it('a classic-network instance (vswitch_id "") is skipped too; one with no instance_name, host_name or id is named after its address, in a name a reference can hold', () => {
    const doc: Any = state()
    const web = doc.values.root_module.resources[1]
    const classic = {...web, address: 'alicloud_instance.old', name: 'old', index: undefined, values: {...web.values, vswitch_id: '', id: 'i-classic'}}
    const unnamed = {...web, address: 'alicloud_instance.web["blue"]', index: 'blue', values: {...web.values, instance_name: '', host_name: '', id: ''}}
    doc.values.root_module.resources = [classic, unnamed]
    const r = importTerraform(doc, {file: 'cloudiac.json'})
    expect(r.document.instances!.map((instance) => instance.name)).toEqual(['web-blue'])
    expect(r.warnings[0]).toBe('alicloud_instance.old: no vswitch_id in this state (classic network?); skipped')
  })
})
