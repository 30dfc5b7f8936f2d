import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {REASON_CODES, STEP_ORDER} from '../../../src/engine/reach/codes.js'
import {ReachContext} from '../../../src/engine/reach/context.js'
import {reach, type ReachQuery} from '../../../src/engine/reach/reach.js'
import type {ReachResult} from '../../../src/engine/reach/result.js'
import {loadModelOrThrow} from '../../../src/engine/topology/index.js'

/**
 * Reach cases over two small hand-made topologies (fixtures/reach/): every reason code of
 * SPEC §4.3 and every step of §4.2, each asserting verdict, reason code and object.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/reach/${name}`, import.meta.url))
const contexts = new Map<string, ReachContext>()
function ask(file: string, from: string, to: string, options: Omit<ReachQuery, 'from' | 'to'> = {}): ReachResult {
  let ctx = contexts.get(file)
  if (!ctx) contexts.set(file, (ctx = new ReachContext(loadModelOrThrow(fixture(file)).model)))
  return reach(ctx, {from, to, ...options})
}

const seenCodes = new Set<string>()
const seenSteps = new Set<string>()
function record(result: ReachResult): ReachResult {
  if (result.reason) seenCodes.add(result.reason.code)
  for (const path of result.paths) for (const hop of path.hops) seenSteps.add(hop.step)
  return result
}

type Case = [from: string, to: string, port: number | undefined, verdict: ReachResult['verdict'], code: string | null, object: string | null]

const terwayCases: Case[] = [
  // allowed paths
  ['pod:web/frontend', 'svc:web/api', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'pod:web/api', 9000, 'allowed', null, null],
  ['node:default', 'instance:db-1', 5432, 'allowed', null, null],
  ['pod:web/batch', 'instance:worker', 80, 'allowed', null, null],
  ['instance:bastion', 'internet', 443, 'allowed', null, null],
  ['node:default', 'internet', 443, 'allowed', null, null],
  ['internet', 'instance:db-1', 22, 'allowed', null, null],
  ['internet', 'ip:47.96.0.10', 2222, 'allowed', null, null],
  ['internet', 'lb:web/frontend', undefined, 'allowed', null, null],
  ['instance:bastion', 'slb:legacy-slb', 80, 'allowed', null, null],
  ['node:default', 'lb:web/internal-lb', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'instance:partner-box', undefined, 'allowed', null, null],
  ['internet', 'url:http://shop.example.com/api/orders', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'url:http://shop.example.com/', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'dns:pg.internal.example', 22, 'allowed', null, null],
  ['pod:web/frontend', 'dns:api', undefined, 'allowed', null, null],
  ['pod:web/frontend', 'dns:api.web.svc.cluster.local', undefined, 'allowed', null, null],
  // NetworkPolicy
  ['pod:web/batch', 'instance:db-1', 5432, 'denied', 'NETPOL_EGRESS_DENIED', 'networkPolicy/web/batch-egress'],
  ['pod:web/batch', 'internet', 80, 'denied', 'NETPOL_EGRESS_DENIED', 'networkPolicy/web/batch-egress'],
  ['pod:web/frontend', 'pod:web/api', 9001, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/web/api-allow-frontend'],
  ['pod:web/frontend', 'dns:pg.data.svc.cluster.local', undefined, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/data/pg-deny-all'],
  ['pod:web/frontend', 'dns:pg-1.pg.data.svc.cluster.local', undefined, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/data/pg-deny-all'],
  ['pod:web/frontend', 'nodeport:web/api-np', undefined, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/web/api-allow-frontend'],
  // security groups
  ['pod:web/frontend', 'instance:db-1', 5432, 'denied', 'SG_INGRESS_DENIED', 'securityGroup/db'],
  ['instance:worker', 'instance:db-1', 5432, 'denied', 'SG_INGRESS_DENIED', 'securityGroup/db'],
  ['pod:web/frontend', 'instance:cache-1', undefined, 'denied', 'SG_INGRESS_DENIED', 'securityGroup/cache'],
  ['pod:web/frontend', 'instance:db-1', 25, 'denied', 'SG_EGRESS_DENIED', 'securityGroup/pods'],
  // routing
  ['pod:web/frontend', 'ip:10.99.1.1', 80, 'denied', 'BLACKHOLE_ROUTE', 'routeTable/prod/system'],
  ['instance:oneway-box', 'internet', 80, 'denied', 'NO_ROUTE', 'routeTable/oneway/system'],
  ['pod:web/frontend', 'internet', 443, 'denied', 'NO_SNAT', 'natGateway/prod-nat'],
  ['pod:web/frontend', 'instance:other-box', 80, 'denied', 'DIFFERENT_VPC', 'routeTable/prod/system'],
  ['instance:iso-box', 'instance:other-box', 80, 'denied', 'DIFFERENT_VPC', 'routeTable/prod/isolated'],
  ['instance:oneway-box', 'instance:worker', 80, 'denied', 'DIFFERENT_VPC', 'routeTable/oneway/system'],
  ['pod:web/frontend', 'instance:oneway-box', 80, 'denied', 'NO_RETURN_ROUTE', 'routeTable/oneway/system'],
  // a private address outside every VPC: the NAT gateway never delivers it (issue #13)
  ['node:default', 'ip:172.31.5.5', 443, 'denied', 'NOT_INTERNET_ROUTABLE', 'routeTable/prod/system'],
  ['instance:bastion', 'ip:10.200.0.1', 443, 'denied', 'NOT_INTERNET_ROUTABLE', 'routeTable/prod/system'],
  // services, SLB, DNAT, Ingress, DNS
  ['instance:db-1', 'svc:web/api', undefined, 'denied', 'CLUSTER_IP_UNREACHABLE', 'cluster/shop'],
  ['pod:web/api', 'svc:web/ghost', undefined, 'denied', 'NO_ENDPOINTS', 'service/web/ghost'],
  ['pod:web/frontend', 'svc:web/api', 81, 'denied', 'PORT_NOT_EXPOSED', 'service/web/api'],
  ['internet', 'ip:47.96.0.10', 2223, 'denied', 'PORT_NOT_EXPOSED', 'natGateway/prod-nat'],
  ['instance:bastion', 'slb:legacy-slb', 81, 'denied', 'PORT_NOT_EXPOSED', 'loadBalancer/legacy-slb'],
  ['internet', 'instance:cache-1', undefined, 'denied', 'NO_PUBLIC_ADDRESS', 'instance/cache-1'],
  ['internet', 'nodeport:web/api-np', undefined, 'denied', 'NO_PUBLIC_ADDRESS', 'service/web/api-np'],
  ['internet', 'lb:web/internal-lb', undefined, 'denied', 'LB_NOT_INTERNET_FACING', 'service/web/internal-lb'],
  ['instance:bastion', 'lb:web/internal-lb', undefined, 'denied', 'LB_ACL_DENIED', 'service/web/internal-lb'],
  ['instance:worker', 'slb:legacy-slb', 80, 'denied', 'LB_ACL_DENIED', 'loadBalancer/legacy-slb'],
  ['internet', 'url:http://nope.example.com/', undefined, 'denied', 'NO_INGRESS_RULE', 'cluster/shop'],
  ['internet', 'url:http://shop.example.com/ghost/x', undefined, 'denied', 'NO_ENDPOINTS', 'service/web/ghost'],
  ['pod:web/frontend', 'dns:nope', 80, 'denied', 'UNRESOLVED_NAME', 'dns/nope'],
  ['instance:worker', 'dns:api.web', 80, 'denied', 'UNRESOLVED_NAME', 'dns/api.web'],
  ['pod:web/frontend', 'instance:partner-box', 8443, 'denied', 'PORT_NOT_LISTENING', 'instance/partner-box'],
]

const flannelCases: Case[] = [
  ['pod:default/client', 'pod:default/web', undefined, 'partial', 'ROUTE_QUOTA_EXCEEDED', 'routeTable/flan/system'],
  ['instance:app-1', 'pod:default/web', undefined, 'partial', 'ROUTE_QUOTA_EXCEEDED', 'routeTable/flan/system'],
  ['pod:default/client', 'svc:default/web', undefined, 'partial', 'ROUTE_QUOTA_EXCEEDED', 'routeTable/flan/system'],
  ['pod:default/web', 'instance:mysql-1', undefined, 'denied', 'NO_RETURN_ROUTE', 'routeTable/flan/data-rt'],
  ['instance:mysql-1', 'pod:default/web', undefined, 'denied', 'NO_ROUTE', 'routeTable/flan/data-rt'],
  ['pod:default/web', 'instance:app-1', 80, 'allowed', null, null],
  ['pod:default/agent', 'instance:mysql-1', undefined, 'allowed', null, null],
  ['instance:app-1', 'nodeport:default/web', undefined, 'allowed', null, null],
  ['pod:default/client', 'internet', 443, 'allowed', null, null],
  ['internet', 'lb:default/web', undefined, 'denied', 'SG_INGRESS_DENIED', 'securityGroup/k8s'],
  ['instance:app-1', 'svc:default/web', undefined, 'denied', 'CLUSTER_IP_UNREACHABLE', 'cluster/fl'],
]

describe('reach: Terway cluster, ECS, NAT, SLB, peering', () => {
  it.each(terwayCases)('%s → %s (port %s): %s %s %s', (from, to, port, verdict, code, object) => {
    const result = record(ask('terway.yaml', from, to, {port}))
    expect(result.verdict).toBe(verdict)
    expect(result.reason?.code ?? null).toBe(code)
    expect(result.reason?.object ?? null).toBe(object)
  })
})

describe('reach: Flannel cluster, route quota, masquerade, return routes', () => {
  it.each(flannelCases)('%s → %s (port %s): %s %s %s', (from, to, port, verdict, code, object) => {
    const result = record(ask('flannel.yaml', from, to, {port}))
    expect(result.verdict).toBe(verdict)
    expect(result.reason?.code ?? null).toBe(code)
    expect(result.reason?.object ?? null).toBe(object)
  })
})

const multiCases: Case[] = [
  ['pod:serverless/prod/job', 'pod:serverless/prod/api', undefined, 'allowed', null, null],
  // a pod of another cluster has no identity for this cluster's podSelector peers
  ['pod:classic/prod/api', 'pod:serverless/prod/api', undefined, 'denied', 'NETPOL_INGRESS_DENIED', 'networkPolicy/prod/api-from-job'],
  // Terway exclusive mode skips NetworkPolicy: deny-all in classic has no effect
  ['pod:serverless/prod/job', 'pod:classic/prod/api', undefined, 'allowed', null, null],
  ['node:classic/big', 'pod:classic/prod/exporter', undefined, 'allowed', null, null],
  ['pod:serverless/prod/job', 'ip:10.0.0.250', 22, 'allowed', null, null],
  ['pod:serverless/prod/job', 'ip:8.8.8.8', 53, 'denied', 'NO_ROUTE', 'routeTable/main/system'],
]

describe('reach: ACS and Terway exclusive clusters side by side', () => {
  it.each(multiCases)('%s → %s (port %s): %s %s %s', (from, to, port, verdict, code, object) => {
    const result = record(ask('multi.yaml', from, to, {port}))
    expect(result.verdict).toBe(verdict)
    expect(result.reason?.code ?? null).toBe(code)
    expect(result.reason?.object ?? null).toBe(object)
  })

  it('exclusive mode shows NetworkPolicy as a skipped step; a short reference is ambiguous with two clusters', () => {
    const out = ask('multi.yaml', 'pod:serverless/prod/job', 'pod:classic/prod/api')
    expect(out.paths[0]!.hops.find((h) => h.step === 'netpol-ingress')).toMatchObject({result: 'skip', detail: expect.stringMatching(/exclusive mode/)})
    expect(() => ask('multi.yaml', 'pod:prod/api', 'pod:prod/job')).toThrow(/ambiguous: the topology has 2 clusters; write pod:CLUSTER\/prod\/api/)
  })

  it('udp and icmp are evaluated; icmp needs no port', () => {
    expect(ask('multi.yaml', 'pod:serverless/prod/job', 'ip:10.0.0.1', {protocol: 'udp', port: 53}).verdict).toBe('allowed')
    const icmp = ask('multi.yaml', 'pod:serverless/prod/job', 'pod:serverless/prod/api', {protocol: 'icmp'})
    expect(icmp).toMatchObject({verdict: 'allowed', port: null, protocol: 'icmp'})
  })
})

describe('reach: path details', () => {
  it('a Flannel pod is masqueraded to its node IP outside nonMasqueradeCidrs and keeps its IP inside them', () => {
    const out = ask('flannel.yaml', 'pod:default/web', 'instance:app-1', {port: 80})
    expect(out.paths[0]!.hops.find((h) => h.step === 'source-nat')!.detail).toMatch(/^srcIp 172\.20\.0\.2 → 192\.168\.0\.\d+ \(ip-masq-agent/)
    const kept = ask('flannel.yaml', 'pod:default/web', 'instance:mysql-1')
    expect(kept.paths[0]!.hops.find((h) => h.step === 'source-nat')!.detail).toMatch(/^srcIp 172\.20\.0\.2 kept \(destination in nonMasqueradeCidrs 192\.168\.64\.0\/24\)/)
  })

  it('groups replicas with identical hops: 5 × 1 pairs, 3 reachable, 2 cut off by the quota', () => {
    const out = ask('flannel.yaml', 'instance:app-1', 'pod:default/web')
    expect(out.paths.map((p) => [p.verdict, p.count])).toEqual([['denied', 2], ['allowed', 3]])
    expect(out.paths[0]!.to).toEqual(['default/web-3', 'default/web-4'])
    expect(out.reason!.message).toMatch(/node pool-3 got no route entry .* quota is full/)
  })

  it('NetworkPolicy is a skipped step in a Flannel cluster', () => {
    const out = ask('flannel.yaml', 'pod:default/web', 'instance:app-1', {port: 80})
    expect(out.paths[0]!.hops[0]).toMatchObject({step: 'netpol-egress', result: 'skip', object: 'cluster/fl'})
  })

  it('the hops run in SPEC path order and name the deciding rule', () => {
    const out = ask('terway.yaml', 'pod:web/frontend', 'svc:web/api')
    const hops = out.paths[0]!.hops
    expect(hops.map((h) => h.step)).toEqual(STEP_ORDER)
    expect(hops.find((h) => h.step === 'netpol-ingress')).toMatchObject({object: 'networkPolicy/web/api-allow-frontend', detail: expect.stringContaining('rule 0')})
    expect(hops.find((h) => h.step === 'service')!.detail).toMatch(/cluster IP 172\.21\.0\.\d+:80 → endpoint web\/api-\d 192\.168\.32\.\d+:9000 \(targetPort http\)/)
    expect(out.port).toBe(80)
    expect(out.from).toEqual({ref: 'pod:web/frontend', kind: 'pod', address: expect.stringMatching(/^192\.168\.32\./)})
  })

  it('the denying SG rule is named with its priority and the fix is concrete', () => {
    const out = ask('terway.yaml', 'pod:web/frontend', 'instance:db-1', {port: 5432})
    expect(out.reason!.message).toMatch(/db rule 1 \(drop tcp 5432\/5432 from 192\.168\.32\.0\/19, priority 10\)/)
    expect(out.fix).toBe('add an ingress rule to security group db: tcp 5432 from 192.168.32.0/19 (vSwitch pod-i) with priority < 10, or remove the drop rule')
  })

  it('--explain lists the rules that lost and the policies that did not select the pod', () => {
    // pods rule 4 (drop tcp 25, priority 1) beats rule 3 (accept all, priority 1): drop wins the tie
    const out = ask('terway.yaml', 'pod:web/frontend', 'instance:db-1', {port: 25, explain: true})
    expect(out.reason).toMatchObject({code: 'SG_EGRESS_DENIED', object: 'securityGroup/pods'})
    expect(out.paths[0]!.considered).toEqual(expect.arrayContaining([expect.objectContaining({step: 'sg-egress', object: 'securityGroup/pods', detail: expect.stringContaining('pods rule 3 (accept all')})]))
    const policies = ask('terway.yaml', 'pod:web/frontend', 'pod:web/api', {port: 9000, explain: true})
    expect(policies.paths[0]!.considered).toEqual(expect.arrayContaining([expect.objectContaining({object: 'networkPolicy/web/batch-egress'})]))
    expect(out.missing).toEqual([])
  })

  it('a destination with several ports and no --port is an exit-2 error naming the flag', () => {
    expect(() => ask('terway.yaml', 'pod:web/frontend', 'instance:db-1')).toThrow(/declares several tcp ports \(5432, 22\): add --port N/)
    expect(() => ask('terway.yaml', 'pod:web/frontend', 'instance:worker')).toThrow(/declares no tcp port: add --port N/)
  })

  it('an unknown endpoint is an exit-2 error listing the closest names', () => {
    try {
      ask('terway.yaml', 'pod:web/frontnd', 'instance:db-1', {port: 5432})
      expect.unreachable()
    } catch (error) {
      expect((error as {exitCode: number}).exitCode).toBe(2)
      expect((error as Error).message).toBe('unknown endpoint pod:web/frontnd: no workload of that name in the topology')
      expect((error as {hints: string[]}).hints[0]).toMatch(/closest: pod:web\/frontend/)
    }
    expect(() => ask('terway.yaml', 'instance:db1', 'internet', {port: 1})).toThrow(/unknown endpoint instance:db1/)
    expect(() => ask('terway.yaml', 'pods:web/x', 'internet', {port: 1})).toThrow(/not an endpoint/)
  })

  it('--explain names an input the answer depends on that the file does not give', () => {
    const text = `apiVersion: acknet/v1
kind: Topology
metadata: {name: t}
instanceTypes: [{name: ecs.custom.x, enis: 4}]
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    vswitches: [{name: n, zone: z, cidr: 192.168.0.0/20}, {name: p, zone: z, cidr: 192.168.16.0/20}]
clusters:
  - name: c
    vpc: v
    network: {plugin: terway, podVSwitches: [p]}
    serviceCidr: 172.16.0.0/20
    nodePools: [{name: pool, instanceType: ecs.custom.x, count: 1, vswitches: [n]}]
    workloads: [{name: a, namespace: ns, replicas: 1, labels: {app: a}, ports: [{containerPort: 80, protocol: TCP}]}]
`
    const ctx = new ReachContext(loadModelOrThrow('inline.yaml', text).model)
    const out = reach(ctx, {from: 'node:pool', to: 'pod:ns/a', explain: true})
    expect(out.missing).toEqual(['node pool c/pool (ecs.custom.x): the catalog lacks ipv4PerEni, so pod capacity is unknown; add instanceTypes[].ipv4PerEni'])
  })

  it('a workload with no replicas answers denied NO_ENDPOINTS as source or destination', () => {
    const text = `apiVersion: acknet/v1
kind: Topology
metadata: {name: t}
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    vswitches: [{name: n, zone: z, cidr: 192.168.0.0/20}, {name: p, zone: z, cidr: 192.168.16.0/20}]
clusters:
  - name: c
    vpc: v
    network: {plugin: terway, podVSwitches: [p]}
    serviceCidr: 172.16.0.0/20
    nodePools: [{name: pool, instanceType: ecs.g7.2xlarge, count: 1, vswitches: [n]}]
    workloads:
      - {name: idle, namespace: ns, replicas: 0, labels: {app: idle}, ports: [{containerPort: 80, protocol: TCP}]}
      - {name: busy, namespace: ns, replicas: 1, labels: {app: busy}, ports: [{containerPort: 80, protocol: TCP}]}
`
    const ctx = new ReachContext(loadModelOrThrow('inline.yaml', text).model)
    expect(reach(ctx, {from: 'pod:ns/busy', to: 'pod:ns/idle'})).toMatchObject({verdict: 'denied', reason: {code: 'NO_ENDPOINTS', object: 'workload/ns/idle'}})
    expect(reach(ctx, {from: 'pod:ns/idle', to: 'pod:ns/busy'})).toMatchObject({verdict: 'denied', reason: {code: 'NO_ENDPOINTS', object: 'workload/ns/idle'}, paths: []})
  })

  it('covers every reason code of SPEC §4.3 and every step of §4.2', () => {
    expect([...seenCodes].sort()).toEqual([...REASON_CODES].sort())
    expect([...seenSteps].sort()).toEqual([...STEP_ORDER].sort())
  })
})
