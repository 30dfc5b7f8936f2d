import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {ReachContext} from '../../../src/engine/reach/context.js'
import {reach} from '../../../src/engine/reach/reach.js'
import type {ReachResult} from '../../../src/engine/reach/result.js'
import {loadModelOrThrow} from '../../../src/engine/topology/index.js'

/**
 * VPC peering is not transitive (traffic that crosses a peering connection is delivered only to
 * the peer VPC's own CIDRs, never through its NAT gateway or its routes), and a DNAT entry
 * forwards only to a private address of its VPC.
 */

// hub peers with spoke and third; spoke and third send everything to hub; hub and third have NAT gateways
const PEERING = `
apiVersion: acknet/v1
kind: Topology
metadata: { name: peering }
vpcs:
  - name: hub
    cidr: 192.168.0.0/16
    secondaryCidrs: [172.16.0.0/16]
    routeTables:
      - name: system
        routes:
          - { destination: 0.0.0.0/0, nextHop: "nat:hub-nat" }
          - { destination: 10.20.0.0/16, nextHop: "peer:spoke" }
          - { destination: 10.30.0.0/16, nextHop: "peer:third" }
    vswitches:
      - { name: hub-a, zone: cn-hangzhou-i, cidr: 192.168.0.0/24 }
      - { name: hub-b, zone: cn-hangzhou-i, cidr: 192.168.1.0/24 }
      - { name: hub-sec, zone: cn-hangzhou-i, cidr: 172.16.0.0/24 }
  - name: spoke
    cidr: 10.20.0.0/16
    routeTables:
      - name: system
        routes:
          - { destination: 0.0.0.0/0, nextHop: "peer:hub" }
    vswitches:
      - { name: spoke-a, zone: cn-hangzhou-i, cidr: 10.20.0.0/24 }
  - name: third
    cidr: 10.30.0.0/16
    routeTables:
      - name: system
        routes:
          - { destination: 0.0.0.0/0, nextHop: "nat:third-nat" }
          - { destination: 192.168.0.0/16, nextHop: "peer:hub" }
    vswitches:
      - { name: third-a, zone: cn-hangzhou-i, cidr: 10.30.0.0/24 }
securityGroups:
  - name: open-hub
    vpc: hub
    type: enterprise
    rules:
      - { direction: ingress, protocol: all, peer: 0.0.0.0/0 }
      - { direction: egress, protocol: all, peer: 0.0.0.0/0 }
  - name: open-spoke
    vpc: spoke
    type: enterprise
    rules:
      - { direction: ingress, protocol: all, peer: 0.0.0.0/0 }
      - { direction: egress, protocol: all, peer: 0.0.0.0/0 }
  - name: open-third
    vpc: third
    type: enterprise
    rules:
      - { direction: ingress, protocol: all, peer: 0.0.0.0/0 }
      - { direction: egress, protocol: all, peer: 0.0.0.0/0 }
instances:
  - { name: hub-box, vswitch: hub-a, ip: 192.168.0.10, securityGroups: [open-hub] }
  - { name: hub-private, vswitch: hub-b, ip: 192.168.1.10, securityGroups: [open-hub] }
  - { name: hub-sec-box, vswitch: hub-sec, ip: 172.16.0.10, securityGroups: [open-hub] }
  - { name: spoke-box, vswitch: spoke-a, ip: 10.20.0.10, securityGroups: [open-spoke] }
  - { name: third-box, vswitch: third-a, ip: 10.30.0.10, securityGroups: [open-third] }
natGateways:
  - name: hub-nat
    vpc: hub
    vswitch: hub-a
    eips: [47.96.0.20]
    snat: [{ source: "vswitch:hub-a" }]
    dnat:
      - { eip: 47.96.0.20, externalPort: 2222, internalIp: 192.168.0.10, internalPort: 22, protocol: tcp }
      - { eip: 47.96.0.20, externalPort: 8080, internalIp: 47.96.0.20, internalPort: 8080, protocol: tcp }
      - { eip: 47.96.0.20, externalPort: 8081, internalIp: 8.8.8.8, internalPort: 80, protocol: tcp }
      - { eip: 47.96.0.20, externalPort: 8082, internalIp: 47.96.0.30, internalPort: 80, protocol: tcp }
  - name: third-nat
    vpc: third
    vswitch: third-a
    eips: [47.96.0.30]
    snat: [{ source: "vswitch:third-a" }]
loadBalancers:
  - name: hub-web
    vpc: hub
    vswitch: hub-a
    addressType: internet
    address: 47.96.0.40
    listeners:
      - { port: 443, protocol: tcp, backends: ["instance:hub-box:8443"] }
`

const cycles = fileURLToPath(new URL('../../corpus/files/cycles.yaml', import.meta.url))
const contexts = new Map<string, ReachContext>()
function ask(file: string, from: string, to: string, port: number): ReachResult {
  let ctx = contexts.get(file)
  if (!ctx) contexts.set(file, (ctx = new ReachContext((file === 'peering' ? loadModelOrThrow('peering.yaml', PEERING) : loadModelOrThrow(file)).model)))
  return reach(ctx, {from, to, port})
}

type Case = [from: string, to: string, port: number, verdict: ReachResult['verdict'], code: string | null, object: string | null]

const peeringCases: Case[] = [
  // peering delivers to the peer VPC's primary and secondary CIDRs, both ways
  ['instance:spoke-box', 'instance:hub-box', 80, 'allowed', null, null],
  ['instance:spoke-box', 'instance:hub-sec-box', 80, 'allowed', null, null],
  ['instance:hub-box', 'instance:third-box', 80, 'allowed', null, null],
  // not transitive: spoke cannot use hub's NAT gateway, hub's peer routes or hub's public SLB
  ['instance:spoke-box', 'internet', 443, 'denied', 'NO_ROUTE', 'routeTable/spoke/system'],
  ['instance:spoke-box', 'ip:8.8.8.8', 53, 'denied', 'NO_ROUTE', 'routeTable/spoke/system'],
  ['instance:spoke-box', 'slb:hub-web', 443, 'denied', 'NO_ROUTE', 'routeTable/spoke/system'],
  ['instance:spoke-box', 'instance:third-box', 80, 'denied', 'DIFFERENT_VPC', 'routeTable/spoke/system'],
  ['instance:third-box', 'instance:spoke-box', 80, 'denied', 'DIFFERENT_VPC', 'routeTable/third/system'],
  // a VPC's public SLB address is reached through the internet: third goes out through its own NAT
  ['instance:third-box', 'slb:hub-web', 443, 'allowed', null, null],
  // same-VPC NAT keeps its SNAT semantics
  ['instance:hub-box', 'internet', 443, 'allowed', null, null],
  ['instance:hub-private', 'internet', 443, 'denied', 'NO_SNAT', 'natGateway/hub-nat'],
  ['instance:hub-private', 'slb:hub-web', 443, 'denied', 'NO_SNAT', 'natGateway/hub-nat'],
  // DNAT: a private address of the VPC is delivered; its own EIP, another gateway's EIP or an outside address is not
  ['internet', 'ip:47.96.0.20', 2222, 'allowed', null, null],
  ['internet', 'ip:47.96.0.20', 8080, 'denied', 'NO_PUBLIC_ADDRESS', 'natGateway/hub-nat'],
  ['internet', 'ip:47.96.0.20', 8081, 'denied', 'NO_PUBLIC_ADDRESS', 'natGateway/hub-nat'],
  ['internet', 'ip:47.96.0.20', 8082, 'denied', 'NO_PUBLIC_ADDRESS', 'natGateway/hub-nat'],
  ['instance:hub-box', 'ip:47.96.0.20', 8080, 'denied', 'NO_PUBLIC_ADDRESS', 'natGateway/hub-nat'],
  ['instance:third-box', 'ip:47.96.0.20', 2222, 'allowed', null, null],
]

// cycles.yaml: a and b send 0.0.0.0/0 to each other; a's NAT DNATs its EIP to itself
const cycleCases: Case[] = [
  ['instance:box-b', 'internet', 443, 'denied', 'NO_ROUTE', 'routeTable/b/system'],
  ['instance:box-b', 'ip:10.50.0.5', 80, 'denied', 'NO_ROUTE', 'routeTable/b/system'],
  ['pod:web/frontend', 'internet', 443, 'denied', 'NO_ROUTE', 'routeTable/a/system'],
  ['instance:box-b', 'instance:router-a', 80, 'denied', 'NO_RETURN_ROUTE', 'routeTable/a/hop'],
  ['internet', 'ip:47.96.0.10', 8080, 'denied', 'NO_PUBLIC_ADDRESS', 'natGateway/a-nat'],
]

describe('reach: VPC peering is not transitive', () => {
  it.each(peeringCases)('%s → %s (port %s): %s %s %s', (from, to, port, verdict, code, object) => {
    const result = ask('peering', from, to, port)
    expect(result.verdict).toBe(verdict)
    expect(result.reason?.code ?? null).toBe(code)
    expect(result.reason?.object ?? null).toBe(object)
  })

  it('says why: the peer route, the peer VPC and its CIDRs', () => {
    const result = ask('peering', 'instance:spoke-box', 'internet', 443)
    expect(result.reason?.message).toBe('0.0.0.0/0 → peer:hub would hand internet traffic to VPC hub, but peering is not transitive: VPC hub accepts only traffic to its own CIDRs (192.168.0.0/16, 172.16.0.0/16), and never forwards it through its NAT gateway, its peer routes or its default route')
  })

  it('the DNAT hop says where the entry points', () => {
    expect(ask('peering', 'internet', 'ip:47.96.0.20', 8080).reason?.message).toContain("to 47.96.0.20:8080, the gateway's own EIP (a hairpin to itself)")
    expect(ask('peering', 'internet', 'ip:47.96.0.20', 8081).reason?.message).toContain('to 8.8.8.8:80, outside VPC hub')
    expect(ask('peering', 'internet', 'ip:47.96.0.20', 8082).reason?.message).toContain('to 47.96.0.30:80, an EIP of natGateway/third-nat')
    expect(ask('peering', 'internet', 'ip:47.96.0.20', 8080).fix).toBe('point the DNAT entry of NAT gateway hub-nat at the private address of the instance or pod that serves it')
  })
})

describe('reach: reference cycles (test/corpus/files/cycles.yaml) end in a denial', () => {
  it.each(cycleCases)('%s → %s (port %s): %s %s %s', (from, to, port, verdict, code, object) => {
    const result = ask(cycles, from, to, port)
    expect(result.verdict).toBe(verdict)
    expect(result.reason?.code ?? null).toBe(code)
    expect(result.reason?.object ?? null).toBe(object)
  })
})
