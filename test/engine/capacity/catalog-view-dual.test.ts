/** `instance-types` dual stack: the per-mode verdicts, the --ip-stack dual filter and its missing-input hint. */
import {describe, expect, it} from 'vitest'
import {dualStackFlags, queryInstanceTypes, viewInstanceType} from '../../../src/engine/capacity/catalog-view.js'
import {lookupInstanceType} from '../../../src/engine/platform/catalog.js'

describe('instance-types dual stack', () => {
  it('per mode: g6.xlarge only exclusive and prefix (IPv6 1 ≠ IPv4 10); g7.xlarge all; d1.2xlarge unknown (null)', () => {
    expect(dualStackFlags(viewInstanceType(lookupInstanceType('ecs.g6.xlarge')!))).toEqual({shared: false, exclusive: true, trunk: false, prefix: true})
    expect(dualStackFlags(viewInstanceType(lookupInstanceType('ecs.g7.xlarge')!))).toEqual({shared: true, exclusive: true, trunk: true, prefix: true})
    expect(dualStackFlags(viewInstanceType(lookupInstanceType('ecs.d1.2xlarge')!))).toEqual({shared: null, exclusive: null, trunk: null, prefix: null})
  })

  it('--ip-stack dual keeps the types that run it in the mode: g6 none in shared, all 9 in exclusive', () => {
    const all = queryInstanceTypes({family: 'g6'}).types
    expect(all.length).toBe(9)
    expect(queryInstanceTypes({family: 'g6', ipStack: 'dual'})).toEqual({types: []})
    expect(queryInstanceTypes({family: 'g6', ipStack: 'dual', mode: 'exclusive'}).types.map((view) => view.limits.name)).toEqual(all.map((view) => view.limits.name))
    const g7 = queryInstanceTypes({family: 'g7', ipStack: 'dual'}).types
    expect(g7.length).toBeGreaterThan(0)
    expect(g7.every((view) => view.limits.ipv6PerEni === view.limits.ipv4PerEni)).toBe(true)
  })

  it('combines with --min-pods (both must hold)', () => {
    const names = queryInstanceTypes({family: 'g7', minPods: 100, ipStack: 'dual'}).types.map((view) => view.limits.name)
    expect(names).toContain('ecs.g7.4xlarge')
    expect(names).not.toContain('ecs.g7.xlarge') // 45 pods
    expect(queryInstanceTypes({family: 'g6', minPods: 100, ipStack: 'dual'}).types).toEqual([])
  })

  it('nothing left because no IPv6 figure is published: says how many and how to add it', () => {
    const query = queryInstanceTypes({family: 'd1', ipStack: 'dual'})
    expect(query.types).toEqual([])
    expect(query.missing).toMatchObject({input: 'ipv6PerEni', types: 6, of: 6, hint: expect.stringMatching(/EniIpv6AddressQuantity.*--catalog.*instanceTypes\[\]\.ipv6PerEni/)})
    // with the figure supplied the same query answers
    const catalog = [{name: 'ecs.d1.2xlarge', ipv6PerEni: 10}]
    expect(queryInstanceTypes({family: 'd1', ipStack: 'dual'}, catalog).types.map((view) => view.limits.name)).toEqual(['ecs.d1.2xlarge'])
  })
})
