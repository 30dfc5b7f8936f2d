import {describe, expect, it} from 'vitest'
import {requireCidr} from '../../../src/engine/cidr/cidr.js'
import {podVSwitchAddresses, prefixesIn, terwayCapacity, terwayCapacityIsNegative, terwayDualStack, terwayEligibility, terwayMaxPods, terwayMemberPods} from '../../../src/engine/capacity/terway.js'
import {lookupInstanceType} from '../../../src/engine/platform/catalog.js'

const type = (name: string) => lookupInstanceType(name)!

describe('Terway max pods (facts W5, W6, W8)', () => {
  it('W5 shared: g7.4xlarge (8 − 1) × 30 = 210, g7.xlarge 45, g6.xlarge 20', () => {
    expect(terwayMaxPods(type('ecs.g7.4xlarge'), 'shared')).toEqual({ok: true, pods: 210})
    for (const name of ['ecs.g7.xlarge', 'ecs.r7.xlarge', 'ecs.c7.xlarge']) expect(terwayMaxPods(type(name), 'shared')).toEqual({ok: true, pods: 45})
    expect(terwayMaxPods(type('ecs.g6.xlarge'), 'shared')).toEqual({ok: true, pods: 20})
  })

  it('W5 eligibility: g7.large gives 12 and joins; g6.large gives 6 and is rejected', () => {
    expect(terwayCapacity({limits: type('ecs.g7.large'), mode: 'shared'})).toMatchObject({instanceType: 'ecs.g7.large', mode: 'shared', maxPodsPerNode: 12, eligible: true})
    // 12 > 11 joins, 11 does not: the boundary of the rule
    expect(terwayEligibility({enis: 2, ipv4PerEni: 12}, 'shared')).toEqual({eligible: true})
    expect(terwayEligibility({enis: 2, ipv4PerEni: 11}, 'shared')).toMatchObject({eligible: false})
    const g6 = terwayCapacity({limits: type('ecs.g6.large'), mode: 'shared'})
    expect(g6).toMatchObject({maxPodsPerNode: 6, eligible: false})
    expect(g6.reason).toMatch(/greater than 11.*6/)
    expect(terwayCapacityIsNegative(g6)).toBe(true)
  })

  it('W6 exclusive: g7.4xlarge 7 pods and eligible (> 6 ENIs); g7.xlarge 3 and not eligible', () => {
    expect(terwayCapacity({limits: type('ecs.g7.4xlarge'), mode: 'exclusive'})).toMatchObject({maxPodsPerNode: 7, eligible: true})
    const small = terwayCapacity({limits: type('ecs.g7.xlarge'), mode: 'exclusive'})
    expect(small).toMatchObject({maxPodsPerNode: 3, eligible: false})
    expect(small.reason).toMatch(/more than 6 ENIs; this type has 4/)
  })

  it('trunk ADDS member-ENI pods to the shared-ENI pods: g7.xlarge 45 ordinary + 16 member (facts §10)', () => {
    const result = terwayCapacity({limits: type('ecs.g7.xlarge'), mode: 'trunk'})
    expect(result).toMatchObject({maxPodsPerNode: 45, memberPodsPerNode: 16, eligible: true})
    expect(result.reason).toBeUndefined()
    expect(terwayCapacityIsNegative(result)).toBe(false)
    expect(terwayMaxPods(type('ecs.g7.xlarge'), 'trunk')).toEqual({ok: true, pods: 45})
    expect(terwayMemberPods(type('ecs.g7.xlarge'))).toEqual({ok: true, pods: 16})
    // g8a.xlarge: a real response with EniTotalQuantity 5 → one member ENI
    expect(terwayCapacity({limits: type('ecs.g8a.xlarge'), mode: 'trunk'})).toMatchObject({maxPodsPerNode: 45, memberPodsPerNode: 1})
  })

  it('trunk: nodes until exhaustion divide by ordinary + member pods (both draw on the pod vSwitches)', () => {
    // /22: 1,020 usable; 45 + 16 = 61 per node → 16 nodes (a division by 45 alone said 22)
    const result = terwayCapacity({limits: type('ecs.g7.xlarge'), mode: 'trunk', nodes: 20, podVSwitches: [requireCidr('10.0.0.0/22')]})
    expect(result).toMatchObject({podVSwitchUsable: 1020, nodesUntilExhaustion: 16, podsDemand: 20 * 61})
    expect(terwayCapacityIsNegative(result)).toBe(true)
  })

  it('trunk on a type without trunk support: ordinary pods stay, no member pods, and a reason', () => {
    const result = terwayCapacity({limits: {name: 'x', enis: 4, ipv4PerEni: 15, eniTotal: 20, trunk: false}, mode: 'trunk'})
    expect(result).toMatchObject({maxPodsPerNode: 45, memberPodsPerNode: 0})
    expect(result.reason).toMatch(/does not support ENI trunking/)
    expect(terwayCapacityIsNegative(result)).toBe(true)
    expect(terwayCapacity({limits: type('ecs.ebmg5.24xlarge'), mode: 'trunk'})).toMatchObject({maxPodsPerNode: 310, memberPodsPerNode: 0})
  })

  it('prefix: (EniQuantity − 1) × (IPv4PerEni − 1) × 16 — 672 for g7.xlarge (not 4,256), no EniTotalQuantity needed', () => {
    expect(terwayMaxPods(type('ecs.g7.xlarge'), 'prefix')).toEqual({ok: true, pods: 672})
    // Terway's e2e minimum: g7ne.xlarge and g9i.2xlarge = 3 × 14 × 16
    expect(terwayMaxPods(type('ecs.g7ne.xlarge'), 'prefix')).toEqual({ok: true, pods: 672})
    expect(terwayMaxPods(type('ecs.g9i.2xlarge'), 'prefix')).toEqual({ok: true, pods: 672})
    expect(terwayMaxPods({enis: 8, ipv4PerEni: 30}, 'prefix')).toEqual({ok: true, pods: 7 * 29 * 16})
    expect(terwayCapacity({limits: type('ecs.g7.4xlarge'), mode: 'prefix'})).toMatchObject({maxPodsPerNode: 3248, eligible: true})
  })

  it('prefix: a pod vSwitch of mask m holds 2^(28−m) − 2 whole /28 prefixes', () => {
    expect(prefixesIn(requireCidr('10.0.0.0/24'))).toBe(14)
    expect(prefixesIn(requireCidr('10.0.0.0/19'))).toBe(510)
    expect(prefixesIn(requireCidr('10.0.0.0/27'))).toBe(0)
    expect(prefixesIn(requireCidr('10.0.0.0/28'))).toBe(0)
    expect(prefixesIn(requireCidr('10.0.0.0/29'))).toBe(0)
    expect(podVSwitchAddresses([requireCidr('10.0.0.0/24')], 'prefix')).toBe(224)
    expect(podVSwitchAddresses([requireCidr('10.0.0.0/24')], 'shared')).toBe(252)
    // /19: 510 × 16 = 8,160 addresses → 12 nodes of 672
    expect(terwayCapacity({limits: type('ecs.g7.xlarge'), mode: 'prefix', podVSwitches: [requireCidr('10.0.0.0/19')]})).toMatchObject({podVSwitchUsable: 8160, nodesUntilExhaustion: 12})
  })

  it('names the source of every value the answer used', () => {
    expect(terwayCapacity({limits: type('ecs.g7.xlarge'), mode: 'trunk'}).source).toEqual({
      enis: expect.stringMatching(/^shipped catalog: .*\(g7\)/),
      ipv4PerEni: expect.stringMatching(/^shipped catalog/),
      // EniTotalQuantity comes from a real API response, not from the page
      eniTotal: expect.stringMatching(/^shipped catalog: DescribeInstanceTypes response: github:kubernetes-sigs\/alibaba-cloud-csi-driver /),
      trunk: expect.stringMatching(/^shipped catalog: DescribeInstanceTypes response/),
      // dual stack is always reported, from IPv6 per ENI
      ipv6PerEni: expect.stringMatching(/^shipped catalog: .*\(g7\)/),
    })
    expect(Object.keys(terwayCapacity({limits: type('ecs.g7.xlarge'), mode: 'exclusive'}).source)).toEqual(['enis', 'ipv6PerEni'])
    expect(Object.keys(terwayCapacity({limits: type('ecs.d1.2xlarge'), mode: 'exclusive'}).source)).toEqual(['enis'])
  })

  it('names the missing input and the flag/field that supplies it — never guesses', () => {
    expect(() => terwayCapacity({limits: type('ecs.g7.4xlarge'), mode: 'trunk'})).toThrow(/trunk mode needs the total ENI count \(EniTotalQuantity\).*--eni-total N.*--catalog FILE.*instanceTypes\[\]\.eniTotal/)
    expect(() => terwayCapacity({limits: type('ecs.c4.xlarge'), mode: 'shared'})).toThrow(/needs IPv4 addresses per ENI.*--ips-per-eni N.*instanceTypes\[\]\.ipv4PerEni/)
    expect(() => terwayCapacity({limits: type('ecs.c4.xlarge'), mode: 'prefix'})).toThrow(/--ips-per-eni/)
    // exclusive needs only the ENI count, and its eligibility test too
    expect(terwayCapacity({limits: type('ecs.c4.4xlarge'), mode: 'exclusive'})).toMatchObject({maxPodsPerNode: 7, eligible: true})
    expect(terwayEligibility(type('ecs.c4.xlarge'), 'trunk')).toMatchObject({eligible: 'unknown'})
  })

  it('W7 pod vSwitch sizing: 20 × g7.4xlarge need 4,200; a /20 holds 19 nodes, a /19 holds 38', () => {
    const limits = type('ecs.g7.4xlarge')
    const slash20 = terwayCapacity({limits, mode: 'shared', nodes: 20, podVSwitches: [requireCidr('192.168.32.0/20')]})
    expect(slash20).toMatchObject({nodes: 20, podsDemand: 4200, podVSwitchUsable: 4092, nodesUntilExhaustion: 19})
    expect(terwayCapacityIsNegative(slash20)).toBe(true)
    const slash19 = terwayCapacity({limits, mode: 'shared', nodes: 20, podVSwitches: [requireCidr('192.168.32.0/19')]})
    expect(slash19).toMatchObject({podsDemand: 4200, podVSwitchUsable: 8188, nodesUntilExhaustion: 38})
    expect(terwayCapacityIsNegative(slash19)).toBe(false)
    // usable addresses add up over several pod vSwitches, 4 reserved in each
    const two = terwayCapacity({limits, mode: 'shared', podVSwitches: [requireCidr('10.0.0.0/24'), requireCidr('10.0.1.0/24')]})
    expect(two).toMatchObject({podVSwitchUsable: 504, nodesUntilExhaustion: 2})
    expect(two.nodes).toBeUndefined()
  })
})

describe('dual stack in terway capacity (SPEC §8, facts §10 V5/V6/V8)', () => {
  const custom = (ipv4PerEni: number, ipv6PerEni: number | undefined, enis = 4) => ({name: 'custom', enis, ipv4PerEni, ipv6PerEni})

  it('V5 shared/trunk at the boundary: g6.xlarge (1 < 10) no with the reason, IPv6 one below IPv4 no, equal yes', () => {
    for (const mode of ['shared', 'trunk'] as const) {
      expect(terwayDualStack(type('ecs.g6.xlarge'), mode)).toEqual({supported: false, reason: `in ${mode} mode Terway turns IPv6 off unless IPv6 per ENI equals IPv4 per ENI; ecs.g6.xlarge has 1 IPv6 and 10 IPv4 per ENI`})
      expect(terwayDualStack(custom(15, 14), mode).supported).toBe(false)
      expect(terwayDualStack(custom(15, 15), mode)).toEqual({supported: true})
      expect(terwayDualStack(type('ecs.g7.xlarge'), mode)).toEqual({supported: true})
    }
  })

  it('V6 exclusive: any IPv6 per ENI is enough (g6.xlarge: 1 yes), 0 is not (ecs.e4.large)', () => {
    expect(terwayDualStack(type('ecs.g6.xlarge'), 'exclusive')).toEqual({supported: true})
    expect(type('ecs.e4.large').ipv6PerEni).toBe(0)
    expect(terwayDualStack(type('ecs.e4.large'), 'exclusive')).toEqual({supported: false, reason: 'ecs.e4.large has no IPv6 address per ENI, so exclusive mode cannot give pods IPv6'})
  })

  it('V8 prefix: one IPv6 /80 per ENI that has IPv4 prefixes — ENIs − 1 per node (g7.xlarge 3, g7.4xlarge 7)', () => {
    expect(terwayDualStack(type('ecs.g7.xlarge'), 'prefix')).toEqual({supported: true, ipv6PrefixesPerNode: 3})
    expect(terwayDualStack(type('ecs.g7.4xlarge'), 'prefix')).toEqual({supported: true, ipv6PrefixesPerNode: 7})
    expect(terwayDualStack(custom(10, 1), 'prefix')).toEqual({supported: true, ipv6PrefixesPerNode: 3})
    expect(terwayDualStack(custom(10, 0), 'prefix').supported).toBe(false)
    // other modes add no prefixes
    expect(terwayDualStack(type('ecs.g7.xlarge'), 'shared')).not.toHaveProperty('ipv6PrefixesPerNode')
  })

  it('always reported in the result; supported null with the missing input when the type has no IPv6 figure', () => {
    expect(terwayCapacity({limits: type('ecs.g6.xlarge'), mode: 'shared'})).toMatchObject({eligible: true, dualStack: {supported: false}})
    const d1 = terwayCapacity({limits: type('ecs.d1.2xlarge'), mode: 'shared'})
    expect(d1.dualStack).toEqual({supported: null, missing: {input: 'ipv6PerEni', flag: '--ipv6-per-eni', field: 'instanceTypes[].ipv6PerEni'}})
    expect(d1).not.toHaveProperty('ipStack')
    expect(terwayCapacityIsNegative(d1)).toBe(false)
  })

  it('ipStack dual makes it a requirement: not supported is negative, supported is not, an unknown figure is exit 2', () => {
    const g6 = terwayCapacity({limits: type('ecs.g6.xlarge'), mode: 'shared', ipStack: 'dual'})
    expect(g6).toMatchObject({eligible: true, ipStack: 'dual', dualStack: {supported: false}})
    expect(terwayCapacityIsNegative(g6)).toBe(true)
    expect(terwayCapacityIsNegative(terwayCapacity({limits: type('ecs.g6.xlarge'), mode: 'shared'}))).toBe(false)
    expect(terwayCapacityIsNegative(terwayCapacity({limits: type('ecs.g7.xlarge'), mode: 'shared', ipStack: 'dual'}))).toBe(false)
    expect(terwayCapacityIsNegative(terwayCapacity({limits: type('ecs.g6.xlarge'), mode: 'exclusive', ipStack: 'dual'}))).toBe(true) // 3 ENIs: cannot join
    expect(() => terwayCapacity({limits: type('ecs.d1.2xlarge'), mode: 'shared', ipStack: 'dual'})).toThrow(/^ecs\.d1\.2xlarge: dual stack in shared mode needs IPv6 addresses per ENI \(EniIpv6AddressQuantity\).*--ipv6-per-eni N, or --catalog FILE.*or set instanceTypes\[\]\.ipv6PerEni in the topology$/)
  })
})
