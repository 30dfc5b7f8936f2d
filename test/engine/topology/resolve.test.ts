import {execFileSync} from 'node:child_process'
import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {formatCidr} from '../../../src/engine/cidr/cidr.js'
import {formatIpv4, parseIpv4} from '../../../src/engine/cidr/ipv4.js'
import {AcknetError} from '../../../src/errors.js'
import {loadModel, loadModelOrThrow} from '../../../src/engine/topology/index.js'

const HEADER = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: t}\n'
const fmt = (address: number | undefined) => (address === undefined ? undefined : formatIpv4(address))

function resolve(text: string, file = 'topology.yaml') {
  return loadModel(file, text)
}

const FLANNEL = (count: number, extra = '') => `${HEADER}settings: {routeEntriesPerTable: 10}
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    routeTables:
      - name: system
        routes:
          - {destination: 0.0.0.0/0, nextHop: "nat:n"}
          - {destination: 10.0.0.0/8, nextHop: blackhole}
    vswitches:
      - {name: a, zone: z1, cidr: 192.168.0.0/24}
      - {name: b, zone: z2, cidr: 192.168.1.0/24}
natGateways:
  - {name: n, vpc: v, vswitch: a}
clusters:
  - name: f
    vpc: v
    network: {plugin: flannel, podCidr: 172.20.0.0/16, nodeCidrMask: 26}
    serviceCidr: 172.21.0.0/20
    nodePools:
      - {name: p1, instanceType: ecs.g7.xlarge, count: ${count}, vswitches: [a, b]}
    workloads:
      - {name: web, namespace: shop, replicas: 7, labels: {app: web}, ports: [{containerPort: 8080}]}
      - {name: agent, namespace: kube-system, kind: DaemonSet, hostNetwork: true, labels: {app: agent}}
${extra}`

describe('allocation', () => {
  it('numbers nodes in pool order, round-robin over vSwitches, addresses upward skipping explicit ones', () => {
    const {model, findings} = resolve(`${HEADER}vpcs:
  - name: v
    cidr: 10.0.0.0/16
    vswitches:
      - {name: a, zone: z, cidr: 10.0.0.0/24}
      - {name: b, zone: z, cidr: 10.0.1.0/24}
      - {name: pods, zone: z, cidr: 10.0.64.0/20}
instances:
  - {name: db, vswitch: a, ip: 10.0.0.2}
  - {name: auto, vswitch: a}
clusters:
  - name: c
    vpc: v
    network: {plugin: terway, podVSwitches: [pods]}
    nodePools:
      - {name: p1, instanceType: ecs.g7.xlarge, count: 3, vswitches: [a, b]}
      - {name: p2, instanceType: ecs.g7.xlarge, count: 2, vswitches: [b]}
`)
    expect(findings).toEqual([])
    // instance without ip first: 10.0.0.1 (10.0.0.2 is given), then nodes
    expect(fmt(model.instanceByName.get('auto')!.ip)).toBe('10.0.0.1')
    const nodes = model.clusters[0]!.nodes
    expect(nodes.map((n) => [n.name, n.index, n.vswitch.name, fmt(n.ip)])).toEqual([
      ['p1-0', 0, 'a', '10.0.0.3'],
      ['p1-1', 1, 'b', '10.0.1.1'],
      ['p1-2', 2, 'a', '10.0.0.4'],
      ['p2-0', 3, 'b', '10.0.1.2'],
      ['p2-1', 4, 'b', '10.0.1.3'],
    ])
  })

  it('never hands out the four reserved addresses of a small vSwitch, and counts the overflow', () => {
    const {model} = resolve(`${HEADER}vpcs:
  - name: v
    cidr: 10.0.0.0/16
    vswitches: [{name: tiny, zone: z, cidr: 10.0.0.0/29}]
instances:
${Array.from({length: 6}, (_, i) => `  - {name: i${i}, vswitch: tiny}`).join('\n')}
`)
    const tiny = model.vswitchByName.get('tiny')!
    // /29: .0 network, .5 .6 .7 reserved → .1 .2 .3 .4 usable (python: 8 - 4)
    expect(model.instances.map((i) => fmt(i.ip))).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', undefined, undefined])
    expect(tiny.usable).toBe(4)
    expect(tiny.allocated).toBe(4)
    expect(tiny.overflow).toBe(2)
  })

  it('places replica r on node r mod N of its pool; DaemonSets get one pod per node', () => {
    const {model, findings} = resolve(FLANNEL(3))
    expect(findings).toEqual([])
    const cluster = model.clusters[0]!
    const web = cluster.workloadByName.get('shop/web')!
    expect(web.pods.map((p) => p.node!.name)).toEqual(['p1-0', 'p1-1', 'p1-2', 'p1-0', 'p1-1', 'p1-2', 'p1-0'])
    // Flannel: .1 is the bridge, pods from .2 in their node's range
    expect(web.pods.map((p) => fmt(p.ip))).toEqual(['172.20.0.2', '172.20.0.66', '172.20.0.130', '172.20.0.3', '172.20.0.67', '172.20.0.131', '172.20.0.4'])
    const agent = cluster.workloadByName.get('kube-system/agent')!
    expect(agent.replicas).toBe(3)
    expect(agent.pods.map((p) => fmt(p.ip))).toEqual(cluster.nodes.map((n) => fmt(n.ip)))
  })

  it('gives node i the i-th /mask of the pod CIDR (python ipaddress as oracle)', () => {
    const {model} = resolve(FLANNEL(40))
    const ranges = model.clusters[0]!.nodes.map((n) => formatCidr(n.podRange!))
    const oracle = execFileSync('python3', ['-c', 'import ipaddress,itertools;print("\\n".join(str(n) for n in itertools.islice(ipaddress.ip_network("172.20.0.0/16").subnets(new_prefix=26),40)))'], {encoding: 'utf8'}).trim().split('\n')
    expect(ranges).toEqual(oracle)
  })
})

describe('Flannel route entries', () => {
  it('fills the table in node order up to the quota and records the nodes left without a route', () => {
    const {model} = resolve(FLANNEL(12))
    const table = model.vpcByName.get('v')!.systemRouteTable
    // quota 10 − 2 custom = 8 node routes
    expect(table.flannelRoutes.map((r) => r.node.name)).toEqual(['p1-0', 'p1-1', 'p1-2', 'p1-3', 'p1-4', 'p1-5', 'p1-6', 'p1-7'])
    expect(table.flannelCutOff.map((c) => c.node.name)).toEqual(['p1-8', 'p1-9', 'p1-10', 'p1-11'])
    expect(table.headroom).toBe(0)
    const node8 = model.clusters[0]!.nodes[8]!
    expect(table.flannelRouteByNode.has(node8)).toBe(false)
    expect(formatCidr(table.flannelRouteByNode.get(model.clusters[0]!.nodes[7]!)!.destination)).toBe('172.20.1.192/26')
  })

  it('shares a table between Flannel clusters in file order', () => {
    const second = `  - name: g
    vpc: v
    network: {plugin: flannel, podCidr: 172.22.0.0/16}
    serviceCidr: 172.23.0.0/20
    nodePools:
      - {name: q, instanceType: ecs.g7.xlarge, count: 4, vswitches: [b]}
`
    const {model, findings} = resolve(FLANNEL(5, second))
    expect(findings).toEqual([])
    const table = model.vpcByName.get('v')!.systemRouteTable
    expect(table.flannelRoutes.map((r) => `${r.cluster.name}/${r.node.name}`)).toEqual(['f/p1-0', 'f/p1-1', 'f/p1-2', 'f/p1-3', 'f/p1-4', 'g/q-0', 'g/q-1', 'g/q-2'])
    expect(table.flannelCutOff.map((c) => `${c.cluster.name}/${c.node.name}`)).toEqual(['g/q-3'])
  })

  it('puts node routes only in the cluster’s route tables', () => {
    const text = FLANNEL(2).replace('network: {plugin: flannel, podCidr: 172.20.0.0/16, nodeCidrMask: 26}', 'network: {plugin: flannel, podCidr: 172.20.0.0/16, routeTables: [system, extra]}')
      .replace('    vswitches:\n      - {name: a', '      - name: extra\n    vswitches:\n      - {name: a')
    const {model, findings} = resolve(text)
    expect(findings).toEqual([])
    const vpc = model.vpcByName.get('v')!
    expect(vpc.routeTableByName.get('extra')!.flannelRoutes).toHaveLength(2)
    expect(vpc.systemRouteTable.flannelRoutes).toHaveLength(2)
    expect(vpc.systemRouteTable.systemRoutes.map((r) => r.vswitch.name)).toEqual(['a', 'b'])
  })
})

describe('Terway, ACS and hostNetwork pods', () => {
  const TERWAY = `${HEADER}vpcs:
  - name: v
    cidr: 10.0.0.0/16
    vswitches:
      - {name: node-1, zone: z1, cidr: 10.0.0.0/24}
      - {name: node-2, zone: z2, cidr: 10.0.1.0/24}
      - {name: node-3, zone: z3, cidr: 10.0.2.0/24}
      - {name: pod-1, zone: z1, cidr: 10.0.32.0/24}
      - {name: pod-1b, zone: z1, cidr: 10.0.33.0/25}
      - {name: pod-2, zone: z2, cidr: 10.0.34.0/24}
securityGroups:
  - {name: nodes, vpc: v, type: enterprise}
  - {name: pods, vpc: v, type: enterprise}
clusters:
  - name: t
    vpc: v
    network: {podVSwitches: [pod-1, pod-1b, pod-2]}
    nodePools:
      - {name: p, instanceType: ecs.g7.xlarge, count: 3, vswitches: [node-1, node-2, node-3], securityGroups: [nodes]}
    workloads:
      - {name: api, replicas: 6, labels: {app: api}}
      - {name: host, replicas: 1, hostNetwork: true}
  - name: serverless
    type: acs
    vpc: v
    network: {podVSwitches: [pod-1, pod-2], podSecurityGroups: [pods]}
    workloads:
      - {name: job, namespace: batch, replicas: 3}
      - {name: ds, kind: DaemonSet}
`
  it('takes pod addresses from the pod vSwitches of the node’s zone (most free first), falling back to the node vSwitch', () => {
    const {model, findings} = resolve(TERWAY)
    expect(findings).toEqual([])
    const cluster = model.clusterByName.get('t')!
    expect(cluster.network.plugin).toBe('terway')
    const api = cluster.workloadByName.get('default/api')!
    expect(api.pods.map((p) => [p.node!.name, p.vswitch!.name, fmt(p.ip)])).toEqual([
      ['p-0', 'pod-1', '10.0.32.1'],
      ['p-1', 'pod-2', '10.0.34.1'],
      ['p-2', 'node-3', '10.0.2.2'], // zone z3 has no pod vSwitch: the node's (primary ENI) vSwitch
      ['p-0', 'pod-1', '10.0.32.2'],
      ['p-1', 'pod-2', '10.0.34.2'],
      ['p-2', 'node-3', '10.0.2.3'],
    ])
    expect(api.pods[0]!.securityGroups.map((g) => g.name)).toEqual(['nodes'])
    const host = cluster.workloadByName.get('default/host')!
    expect(fmt(host.pods[0]!.ip)).toBe(fmt(cluster.nodes[0]!.ip))
    expect(model.ipOwners.get(cluster.nodes[0]!.ip!)).toMatchObject({kind: 'node'})
    expect(model.ipOwners.get(api.pods[0]!.ip!)).toMatchObject({kind: 'pod'})
  })

  it('ACS pods come from the pod vSwitches round-robin and DaemonSets have none', () => {
    const {model} = resolve(TERWAY)
    const acs = model.clusterByName.get('serverless')!
    expect(acs.nodes).toEqual([])
    const job = acs.workloadByName.get('batch/job')!
    expect(job.pods.map((p) => [p.vswitch!.name, fmt(p.ip), p.node])).toEqual([
      ['pod-1', '10.0.32.3', undefined],
      ['pod-2', '10.0.34.3', undefined],
      ['pod-1', '10.0.32.4', undefined],
    ])
    expect(job.pods[0]!.securityGroups.map((g) => g.name)).toEqual(['pods'])
    expect(acs.workloadByName.get('default/ds')!.pods).toEqual([])
  })
})

describe('Services', () => {
  it('allocates ClusterIPs skipping .1, .10 and given ones; headless gets none; NodePorts and SLBs', () => {
    const services = [
      `{metadata: {name: a, namespace: shop}, spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}}`,
      `{metadata: {name: given, namespace: shop}, spec: {clusterIP: 172.21.0.2, ports: [{port: 81}]}}`,
      `{metadata: {name: b, namespace: shop}, spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}, {port: 443, nodePort: 30000}]}}`,
      `{metadata: {name: h, namespace: shop}, spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}}`,
      `{metadata: {name: lb, namespace: shop, annotations: {service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet, acknet.io/acl-type: white, acknet.io/acl-cidrs: "10.0.0.0/8, 192.168.0.0/16"}}, spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}}`,
      ...Array.from({length: 8}, (_, i) => `{metadata: {name: s${i}, namespace: shop}, spec: {ports: [{port: 80}]}}`),
    ]
    const text = FLANNEL(2) + `    services:\n${services.map((s) => `      - ${s}`).join('\n')}\n`
    const {model, findings} = resolve(text)
    expect(findings).toEqual([])
    const cluster = model.clusters[0]!
    const ipOf = (name: string) => fmt(cluster.serviceByName.get(`shop/${name}`)!.clusterIP)
    expect(['a', 'given', 'b', 'h', 'lb', 's0', 's1', 's2', 's3', 's4', 's5'].map(ipOf)).toEqual([
      '172.21.0.3', '172.21.0.2', '172.21.0.4', undefined, '172.21.0.5', '172.21.0.6', '172.21.0.7', '172.21.0.8', '172.21.0.9', '172.21.0.11', '172.21.0.12',
    ])
    const nodePort = cluster.serviceByName.get('shop/b')!
    expect(nodePort.ports.map((p) => [p.nodePort, p.nodePortGiven])).toEqual([[30001, false], [30000, true]])
    expect(nodePort.endpoints.map((w) => w.name)).toEqual(['web'])
    const lb = cluster.serviceByName.get('shop/lb')!.loadBalancer!
    expect(lb.name).toBe('f/shop/lb')
    expect(lb.addressType).toBe('intranet')
    expect(lb.acl).toEqual({type: 'white', cidrs: [{network: parseIpv4('10.0.0.0'), prefix: 8}, {network: parseIpv4('192.168.0.0'), prefix: 16}]})
    // Flannel: the nodes are the backends, on the nodePort
    expect(lb.listeners).toHaveLength(1)
    expect(lb.listeners[0]!.backends.map((b) => (b.kind === 'node' ? `${b.node.name}:${b.port}` : b.kind))).toEqual(['p1-0:30002', 'p1-1:30002'])
    expect(model.loadBalancerByName.get('f/shop/lb')).toBe(lb)
  })
})

describe('structural findings', () => {
  const BASE = `${HEADER}vpcs:
  - name: prod
    cidr: 192.168.0.0/16
    vswitches:
      - {name: node-i, zone: z, cidr: 192.168.0.0/24}
      - {name: node-j, zone: z, cidr: 192.168.1.0/24}
`
  it('unknown-reference points at the value and suggests the closest names', () => {
    const {findings} = resolve(`${BASE}instances:\n  - {name: db, vswitch: node-k}\n`)
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ruleId: 'unknown-reference', line: 11, column: 25, path: 'instances[0].vswitch'})
    expect(findings[0]!.message).toMatch(/unknown vSwitch "node-k"; did you mean `node-i` or `node-j`\?/)
  })

  it('duplicate-name is reported on each later one', () => {
    const {findings} = resolve(`${BASE}instances:\n  - {name: db, vswitch: node-i}\n  - {name: db, vswitch: node-i}\n  - {name: db, vswitch: node-j}\n`)
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['duplicate-name', 12, 12], ['duplicate-name', 13, 12]])
    expect(findings[0]!.message).toMatch(/duplicate instance name "db" \(first at line 11\)/)
  })

  it('cidr-syntax gives the network form for host bits', () => {
    const {findings} = resolve(BASE.replace('192.168.1.0/24', '192.168.1.5/24'))
    expect(findings).toEqual([expect.objectContaining({ruleId: 'cidr-syntax', line: 9, column: 39, path: 'vpcs[0].vswitches[1].cidr'})])
    expect(findings[0]!.message).toMatch(/did you mean 192\.168\.1\.0\/24\?/)
  })

  it('does not report references to objects that were already reported as broken', () => {
    const {findings} = resolve(`${BASE.replace('192.168.1.0/24', 'not-a-cidr')}instances:\n  - {name: db, vswitch: node-j}\n`)
    expect(findings.map((f) => f.ruleId)).toEqual(['cidr-syntax'])
  })

  it('loadModelOrThrow refuses with exit 2 and file:line:column', () => {
    let error: unknown
    try {
      loadModelOrThrow('bad.yaml', `${BASE}instances:\n  - {name: db, vswitch: node-k}\n  - {name: db2, vswitch: nope}\n`)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(AcknetError)
    expect((error as AcknetError).exitCode).toBe(2)
    expect((error as AcknetError).located).toMatch(/^bad\.yaml:11:25: unknown vSwitch "node-k".*\[unknown-reference\] \(\+1 more; run: acknet lint bad\.yaml\)$/)
  })

  it('loadModelOrThrow lets non-structural problems through (an exceeded quota)', () => {
    const {model} = loadModelOrThrow('q.yaml', FLANNEL(12))
    expect(model.routeTables[0]!.flannelCutOff).toHaveLength(4)
  })
})

describe('manifests', () => {
  it('loads Services, NetworkPolicies, Ingresses and workloads from globbed files, with positions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acknet-manifests-'))
    mkdirSync(join(dir, 'k8s', 'apps'), {recursive: true})
    writeFileSync(join(dir, 'k8s', 'apps', 'web.yaml'), `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, uid: 123, resourceVersion: "9"}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {alibabacloud.com/nodepool-id: p1}
      containers:
        - name: web
          image: nginx
          ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ignored}
data: {a: b}
`)
    writeFileSync(join(dir, 'k8s', 'policies.yml'), `apiVersion: v1
kind: List
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny, namespace: shop}
    spec: {podSelector: {}}
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: typo, namespace: shop}
    spec: {podSelecter: {}}
`)
    const topology = join(dir, 'topology.yaml')
    writeFileSync(topology, FLANNEL(2).replace('    workloads:\n', '    manifests: ["k8s/**/*.yaml", "k8s/*.yml", "missing/*.yaml"]\n    workloads:\n'))
    const {model, findings} = loadModel(topology)
    const cluster = model.clusters[0]!
    const web = cluster.workloadByName.get('shop/web')
    // the inline shop/web comes first; the manifest's Deployment of the same name is a duplicate
    expect(web!.source.file).toBe(topology)
    expect(findings.map((f) => [f.ruleId, f.file.endsWith('web.yaml') || f.file.endsWith('policies.yml') || f.file.endsWith('topology.yaml'), f.line, f.column])).toEqual([
      ['schema', true, 11, 12],
      ['schema', true, 25, 47],
      ['duplicate-name', true, 3, 18],
    ])
    expect(findings[0]!.message).toMatch(/unknown field "podSelecter".*did you mean `podSelector`/)
    expect(findings[0]!.path).toBe('[0].items[1].spec.podSelecter')
    expect(findings[1]!.message).toMatch(/"missing\/\*\.yaml" matches no file/)
    expect(cluster.serviceByName.get('shop/web')!.endpoints.map((w) => w.name)).toEqual(['web'])
    expect(cluster.networkPolicies.map((p) => p.name)).toEqual(['deny'])
    expect(cluster.manifestFiles).toHaveLength(2)
  })

  it('maps a Deployment to a workload on the pool named by nodeSelector', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acknet-manifests-'))
    writeFileSync(join(dir, 'app.yaml'), `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: db, tier: data}}
    spec:
      hostNetwork: false
      nodeSelector: {acknet.io/node-pool: p2}
      containers: [{name: db, ports: [{name: pg, containerPort: 5432}]}]
`)
    const topology = join(dir, 't.yaml')
    writeFileSync(topology, FLANNEL(2).replace('      - {name: p1, instanceType: ecs.g7.xlarge, count: 2, vswitches: [a, b]}', '      - {name: p1, instanceType: ecs.g7.xlarge, count: 2, vswitches: [a, b]}\n      - {name: p2, instanceType: ecs.g7.xlarge, count: 1, vswitches: [b]}').replace('    workloads:\n', '    manifests: [app.yaml]\n    workloads:\n'))
    const {model, findings} = loadModel(topology)
    expect(findings).toEqual([])
    const db = model.clusters[0]!.workloadByName.get('data/db')!
    expect(db).toMatchObject({workloadKind: 'StatefulSet', replicas: 3, labels: {app: 'db', tier: 'data'}, hostNetwork: false})
    expect(db.ports).toEqual([{name: 'pg', containerPort: 5432, protocol: 'TCP'}])
    expect(db.nodePool!.name).toBe('p2')
    expect(db.pods.map((p) => p.node!.name)).toEqual(['p2-0', 'p2-0', 'p2-0'])
    expect(model.clusters[0]!.namespaceByName.get('data')).toMatchObject({declared: false, labels: {'kubernetes.io/metadata.name': 'data'}})
    expect(db.source.file.endsWith('app.yaml')).toBe(true)
    expect(model.locate(db.source, 'value', 'metadata.name')).toMatchObject({line: 3, column: 18})
  })
})

describe('determinism', () => {
  it('gives every node, pod, Service and SLB the same address on every run', () => {
    const snapshot = () => {
      const {model} = loadModel('fixtures/production.yaml')
      return JSON.stringify([
        model.clusters.flatMap((c) => c.nodes.map((n) => [n.name, n.ip])),
        model.clusters.flatMap((c) => c.pods.map((p) => [p.name, p.ip, p.vswitch?.name])),
        model.clusters.flatMap((c) => c.services.map((s) => [s.name, s.clusterIP, s.ports.map((p) => p.nodePort)])),
        model.loadBalancers.map((lb) => [lb.name, lb.address]),
        model.natGateways.map((n) => n.ip),
      ])
    }
    expect(snapshot()).toBe(snapshot())
  })
})

describe('fixtures', () => {
  it('production.yaml resolves without structural findings', () => {
    const {model, findings} = loadModel('fixtures/production.yaml')
    expect(findings).toEqual([])
    const cluster = model.clusterByName.get('shop')!
    expect(cluster.nodes).toHaveLength(9)
    expect(new Set(cluster.nodes.map((n) => n.zone))).toEqual(new Set(['cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k']))
    expect(cluster.workloadByName.get('api/session-store')!.replicas).toBe(3) // from fixtures/k8s/production
    expect(cluster.serviceByName.get('api/session-store')!.headless).toBe(true)
    expect(cluster.ingressController!.name).toBe('nginx-ingress-lb')
    expect(model.vswitchByName.get('data-i')!.routeTable.name).toBe('data')
    expect(model.expectations.length).toBeGreaterThanOrEqual(4)
    expect(model.duplicateIps).toEqual([])
  })

  it('flannel-near-quota.yaml uses 190 of 200 entries', () => {
    const {model, findings} = loadModel('fixtures/flannel-near-quota.yaml')
    expect(findings).toEqual([])
    const table = model.routeTables[0]!
    expect(table.routes.length + table.flannelRoutes.length).toBe(190)
    expect(table.headroom).toBe(10)
    expect(table.flannelCutOff).toEqual([])
  })
})
