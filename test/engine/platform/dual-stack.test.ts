/**
 * Dual stack facts (alibaba-facts.md §10 V4–V9). Instance figures are rows of the refreshed
 * catalog, shared/data/ecs-instance-types.csv (privateIpsPerEni, ipv6PerEni), given literally so
 * the test does not depend on which catalog build is shipped.
 */
import {describe, expect, it} from 'vitest'
import {dualStackClusterProblems, dualStackSupport, parseKubernetesMinor} from '../../../src/engine/platform/dual-stack.js'

const type = (name: string, ipv4PerEni: number | undefined, ipv6PerEni: number | undefined) => ({name, ipv4PerEni, ipv6PerEni})

describe('dualStackSupport per instance type and Terway mode', () => {
  // facts §10: "g6, t6, gn6i and 6th-generation bare metal (IPv6 per ENI 1) cannot run
  // shared-ENI dual stack; g7, c7, r7, g8i, gn7i, ebmg7 (IPv6 = IPv4) can."
  it.each([
    type('ecs.g7.xlarge', 15, 15),
    type('ecs.c7.large', 6, 6),
    type('ecs.r7.16xlarge', 30, 30),
    type('ecs.g8i.xlarge', 15, 15),
    type('ecs.ebmg7.32xlarge', 20, 20),
  ])('V5: $name (IPv6 = IPv4 per ENI) runs shared and trunk dual stack', (limits) => {
    expect(dualStackSupport(limits, 'shared')).toEqual({supported: true})
    expect(dualStackSupport(limits, 'trunk')).toEqual({supported: true})
  })

  it.each([
    type('ecs.g6.large', 6, 1),
    type('ecs.t6-c1m1.large', 2, 1),
    type('ecs.gn6i-c4g1.xlarge', 10, 1),
    type('ecs.ebmg6.26xlarge', 20, 1),
  ])('V5: $name (IPv6 per ENI 1) cannot run shared-ENI dual stack, but exclusive can (V6)', (limits) => {
    const shared = dualStackSupport(limits, 'shared')
    expect(shared.supported).toBe(false)
    if (shared.supported === false) expect(shared.reason).toMatch(new RegExp(`${limits.name} has 1 IPv6 and ${limits.ipv4PerEni} IPv4 per ENI`))
    expect(dualStackSupport(limits, 'trunk').supported).toBe(false)
    expect(dualStackSupport(limits, 'exclusive')).toEqual({supported: true})
  })

  it('V5 boundary: one more or one fewer IPv6 than IPv4 per ENI is not equal', () => {
    expect(dualStackSupport(type('x', 10, 9), 'shared').supported).toBe(false)
    expect(dualStackSupport(type('x', 10, 11), 'shared').supported).toBe(false)
    expect(dualStackSupport(type('x', 10, 10), 'shared').supported).toBe(true)
  })

  it('V6/V8: exclusive and prefix need any IPv6 per ENI; ecs.e4.large publishes 0', () => {
    const e4 = type('ecs.e4.large', 2, 0)
    expect(dualStackSupport(e4, 'exclusive')).toEqual({supported: false, reason: 'ecs.e4.large has no IPv6 address per ENI, so exclusive mode cannot give pods IPv6'})
    expect(dualStackSupport(e4, 'prefix').supported).toBe(false)
    expect(dualStackSupport(type('x', 2, 1), 'prefix')).toEqual({supported: true})
  })

  it('a type with no published IPv6 (or IPv4) figure names the missing input', () => {
    expect(dualStackSupport(type('ecs.d1-c14d3.14xlarge', 20, undefined), 'shared')).toEqual({supported: 'unknown', missing: 'ipv6PerEni', field: 'instanceTypes[].ipv6PerEni'})
    expect(dualStackSupport(type('x', undefined, 4), 'shared')).toEqual({supported: 'unknown', missing: 'ipv4PerEni', field: 'instanceTypes[].ipv4PerEni'})
    // exclusive needs no IPv4 figure
    expect(dualStackSupport(type('x', undefined, 4), 'exclusive')).toEqual({supported: true})
  })
})

describe('dualStackClusterProblems', () => {
  const ok = {kind: 'ack' as const, plugin: 'terway' as const, kubernetesVersion: '1.30.1-aliyun.1', vpcHasIpv6: true}

  it('a Terway cluster on 1.22+ in a VPC with IPv6 has none', () => {
    expect(dualStackClusterProblems(ok)).toEqual([])
    expect(dualStackClusterProblems({...ok, kubernetesVersion: '1.22'})).toEqual([])
    expect(dualStackClusterProblems({...ok, kubernetesVersion: undefined})).toEqual([])
  })

  it('V4: Flannel, Kubernetes 1.21 and a VPC without IPv6 each give a problem', () => {
    expect(dualStackClusterProblems({...ok, plugin: 'flannel'})).toEqual([{requirement: 'V4', input: 'plugin', message: 'dual stack needs Terway; Flannel clusters are IPv4 only'}])
    expect(dualStackClusterProblems({...ok, kubernetesVersion: 'v1.21.14'})).toEqual([{requirement: 'V4', input: 'kubernetesVersion', message: 'dual stack needs Kubernetes 1.22 or later, got v1.21.14'}])
    expect(dualStackClusterProblems({...ok, kubernetesVersion: '0.99'}).map((p) => p.requirement)).toEqual(['V4'])
    expect(dualStackClusterProblems({...ok, kubernetesVersion: '2.0'})).toEqual([])
    expect(dualStackClusterProblems({...ok, vpcHasIpv6: false}).map((p) => p.message)).toEqual(["dual stack needs the cluster's VPC to have an IPv6 block (ipv6Cidr)"])
  })

  it('V7: eRDMA; V9: ACS', () => {
    expect(dualStackClusterProblems({...ok, erdma: true})).toEqual([{requirement: 'V7', input: 'erdma', message: 'eRDMA cannot be combined with dual stack'}])
    expect(dualStackClusterProblems({...ok, kind: 'acs'})).toEqual([{requirement: 'V9', input: 'kind', message: 'ACS clusters do not support dual stack'}])
  })

  it('reads Kubernetes versions in the usual spellings', () => {
    expect(parseKubernetesMinor('1.22.3-aliyun.1')).toEqual({major: 1, minor: 22})
    expect(parseKubernetesMinor('v1.30')).toEqual({major: 1, minor: 30})
    expect(parseKubernetesMinor('latest')).toBeUndefined()
  })
})
