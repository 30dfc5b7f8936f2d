import {describe, expect, it} from 'vitest'
import {ReachContext} from '../../../src/engine/reach/context.js'
import {reach} from '../../../src/engine/reach/reach.js'
import {loadModelOrThrow} from '../../../src/engine/topology/index.js'

/**
 * Dual stack (issue #17) adds IPv6 security-group rules and IPv6 ipBlocks to the model. Until
 * reach answers per family (ds-reach), IPv4 answers must not change: an IPv6 rule or ipBlock
 * matches no IPv4 packet — it is neither "any address" nor "every peer" — and later rules keep
 * their index in explanations.
 */
const topology = (rules: string, policyPeers: string) => `apiVersion: acknet/v1
kind: Topology
metadata: {name: v4-beside-v6}
vpcs:
  - name: v
    cidr: 192.168.0.0/16
    ipv6Cidr: "2408:4005:3bc:1200::/56"
    vswitches:
      - {name: n, zone: z, cidr: 192.168.0.0/24, ipv6Cidr: "2408:4005:3bc:1200::/64"}
      - {name: e, zone: z, cidr: 192.168.9.0/24, ipv6Cidr: "2408:4005:3bc:1209::/64"}
securityGroups:
  - name: db
    vpc: v
    type: enterprise
    rules:
${rules}
  - {name: open, vpc: v, type: enterprise, rules: [{direction: ingress, protocol: all, peer: 0.0.0.0/0}, {direction: egress, protocol: all, peer: 0.0.0.0/0}]}
instances:
  - {name: db, vswitch: e, ip: 192.168.9.10, securityGroups: [db]}
  - {name: client, vswitch: e, ip: 192.168.9.11, securityGroups: [open]}
clusters:
  - name: c
    vpc: v
    ipStack: dual
    network: {plugin: terway, podVSwitches: [n]}
    nodePools: [{name: p, instanceType: ecs.g7.xlarge, count: 1, vswitches: [n], securityGroups: [open]}]
    workloads:
      - {name: api, namespace: web, replicas: 1, labels: {app: api}, ports: [{containerPort: 80}]}
    networkPolicies:
      - metadata: {name: only, namespace: web}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
            - from: [${policyPeers}]
`

const ask = (text: string, from: string, to: string, port: number) => reach(new ReachContext(loadModelOrThrow('inline.yaml', text).model), {from, to, port})

describe('IPv4 reach beside IPv6 rules', () => {
  it('an accept from ::/0 does not admit IPv4; an IPv4 rule after it still decides, under its own index', () => {
    const ipv6Only = topology('      - {direction: ingress, protocol: tcp, ports: "5432/5432", peer: "::/0"}', '{ipBlock: {cidr: "::/0"}}')
    expect(ask(ipv6Only, 'instance:client', 'instance:db', 5432)).toMatchObject({verdict: 'denied', reason: {code: 'SG_INGRESS_DENIED'}})
    const both = topology('      - {direction: ingress, protocol: tcp, ports: "5432/5432", peer: "::/0"}\n      - {direction: ingress, protocol: tcp, ports: "5432/5432", peer: 192.168.9.0/24}', '{ipBlock: {cidr: "::/0"}}')
    const allowed = ask(both, 'instance:client', 'instance:db', 5432)
    expect(allowed.verdict).toBe('allowed')
    expect(JSON.stringify(allowed)).toMatch(/rule 1 \(accept tcp 5432\/5432 from 192\.168\.9\.0\/24/)
  })

  it('a NetworkPolicy whose only peer is an IPv6 ipBlock admits no IPv4 peer (it is not "every peer")', () => {
    const text = topology('      - {direction: ingress, protocol: all, peer: 0.0.0.0/0}', '{ipBlock: {cidr: "::/0"}}')
    expect(ask(text, 'instance:client', 'pod:web/api', 80)).toMatchObject({verdict: 'denied', reason: {code: 'NETPOL_INGRESS_DENIED'}})
    const withV4 = topology('      - {direction: ingress, protocol: all, peer: 0.0.0.0/0}', '{ipBlock: {cidr: "::/0"}}, {ipBlock: {cidr: 192.168.9.0/24}}')
    expect(ask(withV4, 'instance:client', 'pod:web/api', 80).verdict).toBe('allowed')
  })
})
