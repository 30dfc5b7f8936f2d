import {describe, expect, it} from 'vitest'
import {runCli, runJson} from '../helpers/cli.js'

describe('acknet flannel ranges', () => {
  it('W2 summary: exact SPEC fields', () => {
    const {code, json} = runJson(['flannel', 'ranges', '--pod-cidr', '172.20.0.0/16', '--pods-per-node', '64', '--json'])
    expect(code).toBe(0)
    expect(json).toEqual({podCidr: '172.20.0.0/16', nodeCidrMask: 26, addressesPerNode: 64, podsPerNode: 63, rangeCount: 1024, routeCapacity: 200, maxNodes: 200, maxPods: 12_600, limitedBy: 'route-quota', ranges: []})
  })

  it('default mask is /26; custom routes reduce the route capacity; pod-cidr can bind', () => {
    expect(runJson(['flannel', 'ranges', '--pod-cidr', '10.0.0.0/16', '--custom-routes', '10', '--json']).json).toMatchObject({nodeCidrMask: 26, routeCapacity: 190, maxNodes: 190})
    expect(runJson(['flannel', 'ranges', '--pod-cidr', '10.0.0.0/20', '--node-cidr-mask', '24', '--json']).json).toMatchObject({rangeCount: 16, maxNodes: 16, maxPods: 16 * 255, limitedBy: 'pod-cidr'})
  })

  it('--nodes lists ranges in node order; beyond the max nodes exits 1', () => {
    const {code, json} = runJson(['flannel', 'ranges', '--pod-cidr', '172.20.0.0/16', '--node-cidr-mask', '24', '--nodes', '3', '--json'])
    expect(code).toBe(0)
    expect(json.ranges).toEqual([{node: 0, cidr: '172.20.0.0/24'}, {node: 1, cidr: '172.20.1.0/24'}, {node: 2, cidr: '172.20.2.0/24'}])
    const over = runJson(['flannel', 'ranges', '--pod-cidr', '172.20.0.0/16', '--nodes', '201', '--json'])
    expect(over.code).toBe(1)
    expect(over.json.ranges).toHaveLength(201)
    expect(over.stderr).toMatch(/201 nodes exceed the 200 this cluster holds \(limited by route-quota\)/)
  })

  it('streams 100,000 ranges (valid JSON, last range right)', () => {
    const {code, json} = runJson(['flannel', 'ranges', '--pod-cidr', '10.0.0.0/8', '--node-cidr-mask', '26', '--nodes', '100000', '--route-quota', '100000', '--json'])
    expect(code).toBe(0)
    expect(json.ranges).toHaveLength(100_000)
    // node 99,999 × 64 addresses = 6,399,936 = 0x61A7C0 → 10.97.167.192
    expect(json.ranges[99_999]).toEqual({node: 99_999, cidr: '10.97.167.192/26'})
    const text = runCli(['flannel', 'ranges', '--pod-cidr', '10.0.0.0/8', '--nodes', '100000', '--route-quota', '100000'])
    expect(text.code).toBe(0)
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^99999\s+10\.97\.167\.192\/26$/)
  })

  it('human output marks nodes beyond the route quota', () => {
    const {stdout} = runCli(['flannel', 'ranges', '--pod-cidr', '172.20.0.0/16', '--route-quota', '3', '--custom-routes', '1', '--nodes', '3'])
    expect(stdout).toMatch(/^route capacity\s+2 /m)
    expect(stdout).toMatch(/^\s+1\s+172\.20\.0\.64\/26$/m)
    expect(stdout).toMatch(/^\s+2\s+172\.20\.0\.128\/26\s+no route \(quota\)$/m)
  })

  it('explains the pods-per-node rounding', () => {
    const {stdout} = runCli(['flannel', 'ranges', '--pod-cidr', '172.20.0.0/16', '--pods-per-node', '100'])
    expect(stdout).toMatch(/--pods-per-node 100 → \/25: 128 addresses per node, 127 schedulable pods/)
  })

  it.each([
    [['--pod-cidr', '172.20.0.0/16', '--vpc-cidr', '172.16.0.0/12'], /pod CIDR 172\.20\.0\.0\/16 overlaps the VPC CIDR 172\.16\.0\.0\/12/],
    [['--pod-cidr', '172.20.0.0/16', '--service-cidr', '172.20.0.0/20'], /overlaps the Service CIDR 172\.20\.0\.0\/20/],
    [['--pod-cidr', '100.64.0.0/16'], /a Flannel pod CIDR must be inside 10\.0\.0\.0\/8/],
    [['--pod-cidr', '172.20.0.0/16', '--node-cidr-mask', '23'], /Expected an integer greater than or equal to 24/],
    [['--pod-cidr', '172.20.0.0/16', '--pods-per-node', '300'], /less than or equal to 256/],
    [['--pod-cidr', '172.20.0.0/16', '--pods-per-node', '64', '--node-cidr-mask', '26'], /cannot also be provided/],
    [['--pod-cidr', '10.0.0.0/25', '--node-cidr-mask', '24'], /larger than the pod CIDR/],
    [['--pod-cidr', 'abc'], /"abc" is not a CIDR block/],
    [[], /Missing required flag pod-cidr/],
  ])('exit 2: %j', (args, message) => {
    const {code, stdout, stderr} = runCli(['flannel', 'ranges', ...args])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
  })
})
