import {describe, expect, it} from 'vitest'
import {ReachContext} from '../../../src/engine/reach/context.js'
import {expandSelectors, runMatrix} from '../../../src/engine/reach/matrix.js'
import {reach, type ReachQuery} from '../../../src/engine/reach/reach.js'
import type {ReachResult} from '../../../src/engine/reach/result.js'
import {ReachSession} from '../../../src/engine/reach/session.js'
import {loadModelOrThrow} from '../../../src/engine/topology/index.js'

/**
 * Issue #13's reach corrections. Each case asserts the answer SPEC §4 (0.2) gives and the old
 * engine did not: pod-to-itself and node-to-local-pod traffic, undeclared container ports,
 * private destinations beyond the VPC, the `internet` endpoint, unplaced replicas, short
 * references, SCTP, hostNetwork, --explain per direction, return-route fixes.
 */

// one Terway cluster enforcing policy: 2 nodes, api (4 replicas, isolated by deny-all), client,
// a hostNetwork agent; an ECS with `listens`; a VPN instance route for 10.200/16
const TERWAY = `
apiVersion: acknet/v1
kind: Topology
metadata: {name: corrections}
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    routeTables:
      - name: system
        routes:
          - {destination: 0.0.0.0/0, nextHop: "nat:gw"}
          - {destination: 10.200.0.0/16, nextHop: "instance:vpn"}
    vswitches:
      - {name: nodes, zone: z, cidr: 192.168.0.0/20}
      - {name: pods, zone: z, cidr: 192.168.16.0/20}
securityGroups:
  - name: open
    vpc: v
    type: enterprise
    rules:
      - {direction: ingress, protocol: all, peer: 0.0.0.0/0}
      - {direction: egress, protocol: all, peer: 0.0.0.0/0}
  - name: web
    vpc: v
    type: enterprise
    rules:
      - {direction: ingress, protocol: tcp, ports: 443/443, peer: 203.0.113.0/24}
      - {direction: ingress, protocol: tcp, ports: 80/80, peer: 0.0.0.0/0}
      - {direction: egress, protocol: all, peer: 0.0.0.0/0}
instances:
  - {name: vpn, vswitch: nodes, ip: 192.168.0.200, securityGroups: [open]}
  - {name: db, vswitch: nodes, ip: 192.168.0.201, securityGroups: [open], listens: [{port: 5432, protocol: tcp}]}
  - {name: www, vswitch: nodes, ip: 192.168.0.202, securityGroups: [web], publicIp: true}
natGateways:
  - name: gw
    vpc: v
    vswitch: nodes
    eips: [47.96.0.20]
    snat: [{source: "vswitch:nodes"}, {source: "vswitch:pods"}]
    dnat:
      - {eip: 47.96.0.20, externalPort: 8080, internalIp: 192.168.16.5, internalPort: 8080, protocol: tcp}
clusters:
  - name: shop
    vpc: v
    network: {plugin: terway, mode: shared, podVSwitches: [pods], podSecurityGroups: [open], networkPolicy: true}
    serviceCidr: 172.21.0.0/20
    nodePools: [{name: pool, instanceType: ecs.g7.2xlarge, count: 2, vswitches: [nodes], securityGroups: [open]}]
    workloads:
      - {name: api, namespace: web, replicas: 4, labels: {app: api}, ports: [{name: http, containerPort: 80, protocol: TCP}]}
      - {name: client, namespace: web, replicas: 1, labels: {app: client}, ports: [{containerPort: 9000, protocol: TCP}]}
      - {name: agent, namespace: web, replicas: 2, hostNetwork: true, labels: {app: agent}, ports: [{containerPort: 9100, protocol: TCP}]}
    services:
      - {apiVersion: v1, kind: Service, metadata: {name: api, namespace: web}, spec: {selector: {app: api}, ports: [{port: 8080, targetPort: 8080}]}}
    networkPolicies:
      - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: api-deny-all, namespace: web}, spec: {podSelector: {matchLabels: {app: api}}, policyTypes: [Ingress]}}
`

const contexts = new Map<string, ReachContext>()
function ask(text: string, from: string, to: string, options: Omit<ReachQuery, 'from' | 'to'> = {}): ReachResult {
  let ctx = contexts.get(text)
  if (!ctx) contexts.set(text, (ctx = new ReachContext(loadModelOrThrow('inline.yaml', text).model)))
  return reach(ctx, {from, to, ...options})
}
const counts = (result: ReachResult) => result.paths.map((p) => [p.verdict, p.count])

describe('a pod always reaches itself, a node the pods it hosts (kubernetes.io network-policies)', () => {
  it('pod:A → pod:A under an isolating policy is partial: each replica reaches itself, not the others', () => {
    const out = ask(TERWAY, 'pod:web/api', 'pod:web/api', {port: 80})
    expect(out.verdict).toBe('partial')
    expect(out.reason).toMatchObject({code: 'NETPOL_INGRESS_DENIED', object: 'networkPolicy/web/api-deny-all'})
    expect(counts(out)).toEqual([['denied', 12], ['allowed', 4]])
    const self = out.paths.find((p) => p.verdict === 'allowed')!
    expect(self.hops.find((h) => h.step === 'netpol-ingress')!.detail).toMatch(/cannot block a pod's access to itself/)
  })

  it('node:P → pod:A is partial: allowed for the replicas hosted on each node', () => {
    const out = ask(TERWAY, 'node:pool', 'pod:web/api', {port: 80})
    expect(out.verdict).toBe('partial')
    // 2 nodes × 4 replicas; replicas alternate nodes, so each node hosts 2
    expect(counts(out)).toEqual([['denied', 4], ['allowed', 4]])
    expect(out.paths[1]!.hops.find((h) => h.step === 'netpol-ingress')!.detail).toMatch(/always allowed by NetworkPolicy/)
  })

  it('another pod is still denied (the exemption is for the node and the pod itself)', () => {
    expect(ask(TERWAY, 'pod:web/client', 'pod:web/api', {port: 80})).toMatchObject({verdict: 'denied', reason: {code: 'NETPOL_INGRESS_DENIED'}})
  })
})

describe('undeclared container ports are a warning, ECS listens stay a hard answer', () => {
  it('directly: allowed with PORT_NOT_DECLARED', () => {
    const out = ask(TERWAY, 'pod:web/api', 'pod:web/client', {port: 9001})
    expect(out.verdict).toBe('allowed')
    expect(out.warnings).toEqual([{code: 'PORT_NOT_DECLARED', object: 'workload/web/client', message: expect.stringMatching(/declares tcp\/9000, not tcp\/9001/)}])
    expect(ask(TERWAY, 'pod:web/api', 'pod:web/client', {port: 9000}).warnings).toBeUndefined()
  })

  it('through a Service and through DNAT (which skipped the port check before)', () => {
    const svc = ask(TERWAY, 'pod:web/api', 'svc:web/api', {port: 8080})
    expect(svc.warnings?.map((w) => w.code)).toEqual(['PORT_NOT_DECLARED'])
    // the DNAT entry points at client-0 (192.168.16.5), which declares 9000 only
    const dnat = ask(TERWAY, 'internet', 'ip:47.96.0.20', {port: 8080})
    expect(dnat.verdict).toBe('allowed')
    expect(dnat.warnings).toEqual([expect.objectContaining({code: 'PORT_NOT_DECLARED', object: 'workload/web/client'})])
  })

  it('an ECS listens list still denies', () => {
    expect(ask(TERWAY, 'pod:web/client', 'instance:db', {port: 5433})).toMatchObject({verdict: 'denied', reason: {code: 'PORT_NOT_LISTENING', object: 'instance/db'}})
  })
})

describe('private destinations beyond every VPC', () => {
  it('behind the NAT route: NOT_INTERNET_ROUTABLE at the route table', () => {
    for (const address of ['172.31.5.5', '100.64.1.1', '169.254.1.1', '127.0.0.1', '224.0.0.5', '10.0.0.9']) {
      expect(ask(TERWAY, 'pod:web/client', `ip:${address}`, {port: 443})).toMatchObject({verdict: 'denied', reason: {code: 'NOT_INTERNET_ROUTABLE', object: 'routeTable/v/system'}})
    }
    expect(ask(TERWAY, 'instance:www', 'ip:172.31.5.5', {port: 443}).reason?.code).toBe('NOT_INTERNET_ROUTABLE')
  })

  it('through an instance next hop (VPN) it is routed; a public address still goes through the NAT', () => {
    expect(ask(TERWAY, 'pod:web/client', 'ip:10.200.0.9', {port: 443}).verdict).toBe('allowed')
    expect(ask(TERWAY, 'pod:web/client', 'ip:8.8.8.8', {port: 443}).verdict).toBe('allowed')
  })
})

describe('internet is every public address', () => {
  it('a rule for 203.0.113.0/24 admits that range only: partial, naming it', () => {
    const out = ask(TERWAY, 'internet', 'instance:www', {port: 443})
    expect(out.verdict).toBe('partial')
    expect(out.reason!.code).toBe('SG_INGRESS_DENIED')
    expect(out.reason!.message).toMatch(/admitted only from 203\.0\.113\.0\/24/)
    expect(out.paths.find((p) => p.verdict === 'allowed')!.from).toEqual(['internet 203.0.113.0/24'])
  })

  it('a rule for 0.0.0.0/0 admits it; one outside host asks about that host', () => {
    expect(ask(TERWAY, 'internet', 'instance:www', {port: 80}).verdict).toBe('allowed')
    expect(ask(TERWAY, 'ip:203.0.113.7', 'instance:www', {port: 443}).verdict).toBe('allowed')
    expect(ask(TERWAY, 'ip:8.8.8.8', 'instance:www', {port: 443}).verdict).toBe('denied')
  })
})

// Flannel pod CIDR /24 with /26 node ranges: 4 ranges for 5 nodes; Terway g7.large: (3 − 1) × 6 = 12 pods per node
const UNPLACED = `
apiVersion: acknet/v1
kind: Topology
metadata: {name: unplaced}
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    vswitches:
      - {name: nodes, zone: z, cidr: 192.168.0.0/20}
      - {name: pods, zone: z, cidr: 192.168.16.0/20}
securityGroups:
  - {name: open, vpc: v, type: enterprise, rules: [{direction: ingress, protocol: all, peer: 0.0.0.0/0}, {direction: egress, protocol: all, peer: 0.0.0.0/0}]}
clusters:
  - name: fl
    vpc: v
    network: {plugin: flannel, podCidr: 172.20.0.0/24, nodeCidrMask: 26}
    serviceCidr: 172.21.0.0/20
    nodePools: [{name: pool, instanceType: ecs.g7.xlarge, count: 5, vswitches: [nodes], securityGroups: [open]}]
    workloads:
      - {name: web, namespace: default, replicas: 5, labels: {app: web}, ports: [{containerPort: 80, protocol: TCP}]}
  - name: tw
    vpc: v
    network: {plugin: terway, mode: shared, podVSwitches: [pods], podSecurityGroups: [open]}
    serviceCidr: 172.22.0.0/20
    nodePools: [{name: small, instanceType: ecs.g7.large, count: 1, vswitches: [nodes], securityGroups: [open]}]
    workloads:
      - {name: api, namespace: default, replicas: 14, labels: {app: api}, ports: [{containerPort: 80, protocol: TCP}]}
`

describe('a replica that cannot run is reported, never dropped', () => {
  it('Flannel node without a pod range: unplaced, and the verdict covers the 4 placed replicas', () => {
    const out = ask(UNPLACED, 'node:fl/pool', 'pod:fl/default/web', {port: 80})
    expect(out.unplaced).toEqual([{replica: 'default/web-4', node: 'fl/pool-4', reason: expect.stringMatching(/node pool-4 has no pod range: pod CIDR 172\.20\.0\.0\/24 has no \/26 left/)}])
    expect(out.paths.reduce((n, p) => n + p.count, 0)).toBe(5 * 4)
  })

  it('Terway node whose ENIs are full: the replicas beyond 12 are unplaced', () => {
    const out = ask(UNPLACED, 'pod:tw/default/api', 'node:tw/small', {port: 22})
    expect(out.unplaced?.map((u) => u.replica)).toEqual(['default/api-12', 'default/api-13'])
    expect(out.unplaced![0]!.reason).toMatch(/ENIs of node small-0 are full: ecs\.g7\.large hosts 12 pods in Terway shared mode/)
    expect(out.paths.reduce((n, p) => n + p.count, 0)).toBe(12)
  })
})

describe('endpoint references', () => {
  it('the cluster part may be left out when exactly one cluster has the name', () => {
    expect(ask(UNPLACED, 'pod:default/web', 'pod:default/api', {port: 80}).from.ref).toBe('pod:default/web')
    expect(ask(UNPLACED, 'node:small', 'pod:default/api', {port: 80}).verdict).not.toBeUndefined()
  })

  it('matrix selectors accept the cluster part with one cluster', () => {
    const session = new ReachSession(loadModelOrThrow('inline.yaml', TERWAY).model)
    const entries = runMatrix(session, {from: ['pod:shop/web/c*'], to: ['pod:shop/web/api'], port: 80})
    expect(entries.map((e) => `${e.from.ref} ${e.to.ref} ${e.verdict}`)).toEqual(['pod:web/client pod:shop/web/api denied'])
    expect(expandSelectors(['pod:shop/web/*'], ['pod:web/a'], () => 'shop')).toEqual(['pod:web/a'])
  })
})

describe('protocols, hostNetwork, --explain', () => {
  it('--protocol sctp: only protocol-all security-group rules match it', () => {
    expect(ask(TERWAY, 'pod:web/client', 'instance:vpn', {protocol: 'sctp', port: 3868}).verdict).toBe('allowed')
    // www accepts tcp 80 and tcp 443 only: its enterprise group drops sctp
    expect(ask(TERWAY, 'pod:web/client', 'instance:www', {protocol: 'sctp', port: 80})).toMatchObject({verdict: 'denied', reason: {code: 'SG_INGRESS_DENIED', object: 'securityGroup/web'}})
  })

  it('a hostNetwork pod says NetworkPolicy does not select it, as source and as destination', () => {
    const out = ask(TERWAY, 'pod:web/agent', 'pod:web/client', {port: 9000})
    expect(out.paths[0]!.hops[0]).toMatchObject({step: 'netpol-egress', result: 'skip', detail: expect.stringMatching(/hostNetwork pod: NetworkPolicy does not select/)})
    const to = ask(TERWAY, 'pod:web/client', 'pod:web/agent', {port: 9100})
    expect(to.paths[0]!.hops.find((h) => h.step === 'netpol-ingress')).toMatchObject({result: 'skip', detail: expect.stringMatching(/hostNetwork/)})
  })

  it('--explain lists an Ingress-only policy under ingress only', () => {
    const out = ask(TERWAY, 'pod:web/client', 'pod:web/agent', {port: 9100, explain: true})
    const egress = ask(TERWAY, 'pod:web/api', 'instance:vpn', {port: 22, explain: true})
    expect(egress.paths[0]!.considered!.filter((c) => c.object === 'networkPolicy/web/api-deny-all')).toEqual([])
    const ingress = ask(TERWAY, 'pod:web/api', 'pod:web/client', {port: 9000, explain: true})
    expect(ingress.paths[0]!.considered!.filter((c) => c.step === 'netpol-egress')).toEqual([])
    expect(ingress.paths[0]!.considered).toEqual(expect.arrayContaining([expect.objectContaining({step: 'netpol-ingress', object: 'networkPolicy/web/api-deny-all'})]))
    expect(out.verdict).toBe('allowed')
  })
})

// a peers with b; b's route back to a's CIDR points at c instead (one-way peering)
const ONE_WAY = (back: string) => `
apiVersion: acknet/v1
kind: Topology
metadata: {name: one-way}
vpcs:
  - {name: a, cidr: 10.1.0.0/16, routeTables: [{name: system, routes: [{destination: 10.2.0.0/16, nextHop: "peer:b"}]}], vswitches: [{name: a1, zone: z, cidr: 10.1.0.0/24}]}
  - {name: b, cidr: 10.2.0.0/16, routeTables: [{name: system, routes: [{destination: 10.1.0.0/16, nextHop: "peer:${back}"}]}], vswitches: [{name: b1, zone: z, cidr: 10.2.0.0/24}]}
  - {name: c, cidr: 10.3.0.0/16, vswitches: [{name: c1, zone: z, cidr: 10.3.0.0/24}]}
securityGroups:
  - {name: sa, vpc: a, type: enterprise, rules: [{direction: ingress, protocol: all, peer: 0.0.0.0/0}, {direction: egress, protocol: all, peer: 0.0.0.0/0}]}
  - {name: sb, vpc: b, type: enterprise, rules: [{direction: ingress, protocol: all, peer: 0.0.0.0/0}, {direction: egress, protocol: all, peer: 0.0.0.0/0}]}
instances:
  - {name: a-box, vswitch: a1, ip: 10.1.0.10, securityGroups: [sa]}
  - {name: b-box, vswitch: b1, ip: 10.2.0.10, securityGroups: [sb]}
`

describe('return routes', () => {
  it('a peer route back counts only when it leads to the sender\'s VPC (one-way peering guard)', () => {
    expect(ask(ONE_WAY('a'), 'instance:a-box', 'instance:b-box', {port: 22}).verdict).toBe('allowed')
    const out = ask(ONE_WAY('c'), 'instance:a-box', 'instance:b-box', {port: 22})
    expect(out).toMatchObject({verdict: 'denied', reason: {code: 'NO_RETURN_ROUTE', object: 'routeTable/b/system'}})
    expect(out.reason!.message).toMatch(/sends replies for 10\.1\.0\.10 to 10\.1\.0\.0\/16 → peer:c/)
  })

  it('the NO_RETURN_ROUTE fix fits the cause: peering or a Flannel node route', () => {
    expect(ask(ONE_WAY('c'), 'instance:a-box', 'instance:b-box', {port: 22}).fix).toBe('add a route back to the source (10.1.0.0/24 (vSwitch a1)) → peer:a in route table b/system: peering needs routes in both directions')
    const flannel = new ReachContext(loadModelOrThrow(new URL('../../../fixtures/reach/flannel.yaml', import.meta.url).pathname).model)
    expect(reach(flannel, {from: 'pod:default/web', to: 'instance:mysql-1'}).fix).toMatch(/^add route table flan\/data-rt to the Flannel cluster's network\.routeTables/)
  })
})
