import {describe, expect, it} from 'vitest'
import {requireCidr} from '../../../src/engine/cidr/cidr.js'
import {terwayCapacity, terwayCapacityIsNegative, terwayEligibility, terwayMaxPods} from '../../../src/engine/capacity/terway.js'
import {lookupInstanceType} from '../../../src/engine/platform/catalog.js'

const type = (name: string) => lookupInstanceType(name)!

describe('Terway max pods (facts W5, W6, W8)', () => {
  it('W5 shared: g7.4xlarge (8 − 1) × 30 = 210, g7.xlarge 45, g6.xlarge 20', () => {
    expect(terwayMaxPods(type('ecs.g7.4xlarge'), 'shared')).toEqual({ok: true, pods: 210})
    for (const name of ['ecs.g7.xlarge', 'ecs.r7.xlarge', 'ecs.c7.xlarge']) expect(terwayMaxPods(type(name), 'shared')).toEqual({ok: true, pods: 45})
    expect(terwayMaxPods(type('ecs.g6.xlarge'), 'shared')).toEqual({ok: true, pods: 20})
  })

  it('W5 eligibility: g7.large gives 12 and joins; g6.large gives 6 and is rejected', () => {
    expect(terwayCapacity({limits: type('ecs.g7.large'), mode: 'shared'})).toEqual({instanceType: 'ecs.g7.large', mode: 'shared', maxPodsPerNode: 12, eligible: true})
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

  it('W6 trunk: g7.xlarge 20 − 4 = 16', () => {
    expect(terwayCapacity({limits: type('ecs.g7.xlarge'), mode: 'trunk'})).toMatchObject({maxPodsPerNode: 16, eligible: true})
  })

  it('trunk on a type without trunk support gives 0 pods and a reason', () => {
    const result = terwayCapacity({limits: {name: 'x', enis: 4, ipv4PerEni: 15, eniTotal: 20, trunk: false}, mode: 'trunk'})
    expect(result.maxPodsPerNode).toBe(0)
    expect(result.reason).toMatch(/does not support ENI trunking/)
    expect(terwayCapacityIsNegative(result)).toBe(true)
  })

  it('W8 prefix: (15 − 1) × 16 × (4 − 1) = 672; g7.xlarge catalog figures give 4,256', () => {
    expect(terwayMaxPods({enis: 4, ipv4PerEni: 15, eniTotal: 4}, 'prefix')).toEqual({ok: true, pods: 672})
    expect(terwayMaxPods(type('ecs.g7.xlarge'), 'prefix')).toEqual({ok: true, pods: 4256})
  })

  it('names the missing input and the flag/field that supplies it — never guesses', () => {
    expect(() => terwayCapacity({limits: type('ecs.g7.4xlarge'), mode: 'trunk'})).toThrow(/trunk mode needs the total ENI count \(EniTotalQuantity\).*--eni-total N.*instanceTypes\[\]\.eniTotal/)
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
