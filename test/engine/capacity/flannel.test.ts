import {spawnSync} from 'node:child_process'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {formatCidr, requireCidr} from '../../../src/engine/cidr/cidr.js'
import {flannelLimits, flannelNodeRange, flannelPodCidrProblems, flannelRanges, nodeCidrMaskForPods} from '../../../src/engine/capacity/flannel.js'

describe('Flannel limits (facts W2, W3)', () => {
  it('W2: 172.20.0.0/16 at 64 pods → /26, 1,024 ranges, 200 nodes by quota, 63 pods/node, 12,600 pods', () => {
    const nodeCidrMask = nodeCidrMaskForPods(64)!
    expect(nodeCidrMask).toBe(26)
    expect(flannelLimits({podCidr: requireCidr('172.20.0.0/16'), nodeCidrMask, routeQuota: 200, customRoutes: 0})).toEqual({
      addressesPerNode: 64, podsPerNode: 63, rangeCount: 1024, routeCapacity: 200, maxNodes: 200, maxPods: 12_600, limitedBy: 'route-quota',
    })
  })

  it('W3: /16 with mask /24 → 256 ranges, 200 by quota, 255 pods per node', () => {
    expect(flannelLimits({podCidr: requireCidr('172.20.0.0/16'), nodeCidrMask: 24, routeQuota: 200, customRoutes: 0})).toMatchObject({rangeCount: 256, maxNodes: 200, podsPerNode: 255, maxPods: 51_000})
  })

  it('the pod CIDR binds when it has fewer ranges than the route capacity; a tie is the route quota', () => {
    expect(flannelLimits({podCidr: requireCidr('10.0.0.0/20'), nodeCidrMask: 26, routeQuota: 200, customRoutes: 3})).toMatchObject({rangeCount: 64, routeCapacity: 197, maxNodes: 64, limitedBy: 'pod-cidr'})
    expect(flannelLimits({podCidr: requireCidr('10.0.0.0/18'), nodeCidrMask: 26, routeQuota: 256, customRoutes: 0})).toMatchObject({rangeCount: 256, routeCapacity: 256, limitedBy: 'route-quota'})
    expect(flannelLimits({podCidr: requireCidr('10.0.0.0/16'), nodeCidrMask: 24, routeQuota: 5, customRoutes: 9})).toMatchObject({routeCapacity: 0, maxNodes: 0, maxPods: 0})
  })

  it('pods per node round up to a power of two, read as addresses per node (console choices)', () => {
    expect([256, 255, 200, 129, 128, 100, 65, 64, 63, 33, 32, 17, 16, 10, 1].map(nodeCidrMaskForPods)).toEqual([24, 24, 24, 24, 25, 25, 25, 26, 26, 26, 27, 27, 28, 28, 28])
    expect(nodeCidrMaskForPods(257)).toBeUndefined()
    expect(nodeCidrMaskForPods(0)).toBeUndefined()
  })

  it('refuses pod CIDRs that overlap the VPC or Service CIDR or break the platform rules', () => {
    const pod = requireCidr('172.20.0.0/16')
    expect(flannelPodCidrProblems(pod, 26, {vpcCidrs: [requireCidr('192.168.0.0/16')], serviceCidr: requireCidr('172.21.0.0/20')})).toEqual([])
    expect(flannelPodCidrProblems(pod, 26, {vpcCidrs: [requireCidr('172.16.0.0/12')]})[0]).toMatch(/overlaps the VPC CIDR 172\.16\.0\.0\/12/)
    expect(flannelPodCidrProblems(pod, 26, {serviceCidr: requireCidr('172.20.128.0/20')})[0]).toMatch(/overlaps the Service CIDR/)
    expect(flannelPodCidrProblems(requireCidr('100.64.0.0/16'), 26)[0]).toMatch(/must be inside 10\.0\.0\.0\/8/)
    expect(flannelPodCidrProblems(requireCidr('10.0.0.0/25'), 24)[0]).toMatch(/larger than the pod CIDR/)
    expect(flannelPodCidrProblems(pod, 29)[0]).toMatch(/outside \/24–\/28/)
  })

  it('ranges match Python ipaddress subnets(new_prefix) for 1,000 random cases (one python3 process)', () => {
    const cases = fc.sample(
      fc.record({octets: fc.integer({min: 0, max: 2 ** 32 - 1}), prefix: fc.integer({min: 8, max: 28}), extra: fc.integer({min: 0, max: 8}), count: fc.integer({min: 1, max: 40})}),
      {numRuns: 1000, seed: 4242},
    ).map(({octets, prefix, extra, count}) => {
      const mask = Math.min(28, Math.max(24, prefix + extra))
      const network = octets - (octets % 2 ** (32 - prefix))
      const pod = {network, prefix}
      return {pod: formatCidr(pod), mask, count, ours: [...flannelRanges(pod, mask, count)].map(formatCidr)}
    })
    const script = `
import ipaddress, json, sys, itertools
for line in sys.stdin:
    c = json.loads(line)
    net = ipaddress.ip_network(c["pod"])
    subs = [] if c["mask"] < net.prefixlen else [str(s) for s in itertools.islice(net.subnets(new_prefix=c["mask"]), c["count"])]
    print(json.dumps(subs))
`
    const run = spawnSync('python3', ['-c', script], {input: cases.map((c) => JSON.stringify(c)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
    expect(run.status, run.stderr).toBe(0)
    const expected = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as string[])
    cases.forEach((c, i) => expect(c.ours, `${c.pod} /${c.mask}`).toEqual(expected[i]))
    // the per-index helper used by the resolver agrees with the stream
    for (const c of cases.slice(0, 100)) c.ours.forEach((cidr, index) => expect(formatCidr(flannelNodeRange(requireCidr(c.pod), c.mask, index)!)).toBe(cidr))
  })
})
