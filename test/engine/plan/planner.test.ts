import {spawnSync} from 'node:child_process'
import fc from 'fast-check'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {type Cidr, cidrContains, cidrsOverlap, formatCidr, requireCidr} from '../../../src/engine/cidr/cidr.js'
import {planCluster, servicePrefixFor, vswitchPrefixFor} from '../../../src/engine/plan/planner.js'
import {planToTopologyYaml} from '../../../src/engine/plan/topology-yaml.js'
import type {Plan, PlanInput, PlanResult} from '../../../src/engine/plan/types.js'
import {validatePodCidr, validateServiceCidr, validateVpcCidr, validateVSwitchCidr, vswitchUsable} from '../../../src/engine/platform/rules.js'
import {TopologySchema} from '../../../src/engine/topology/schema.js'

const base: Omit<PlanInput, 'plugin' | 'zones' | 'nodes'> = {region: 'cn-hangzhou', services: 4096, growth: 1.5, avoid: [], routeQuota: 200, name: 'demo'}
const zones = (n: number): string[] => Array.from({length: n}, (_, i) => `cn-hangzhou-${'abcdefgh'[i]}`)

/** Every SPEC §3 rule a plan must obey, checked with the platform validators and overlap tests. */
function assertValidPlan(plan: Plan, input: PlanInput): void {
  const c = (text: string): Cidr => requireCidr(text)
  const vpc = c(plan.vpcCidr)
  expect(validateVpcCidr(vpc)).toBe(true)
  const vswitches = plan.zones.flatMap((zone) => [zone.nodeVSwitch, ...(zone.podVSwitch ? [zone.podVSwitch] : [])]).map(c)
  expect(vswitches).toHaveLength(input.zones.length * (input.plugin === 'terway' ? 2 : 1))
  for (const vswitch of vswitches) {
    expect(validateVSwitchCidr(vswitch)).toBe(true)
    expect(cidrContains(vpc, vswitch)).toBe(true)
  }
  for (let i = 0; i < vswitches.length; i++) for (let j = i + 1; j < vswitches.length; j++) expect(cidrsOverlap(vswitches[i]!, vswitches[j]!)).toBe(false)
  const service = c(plan.serviceCidr)
  expect(validateServiceCidr(service)).toBe(true)
  expect(cidrsOverlap(service, vpc)).toBe(false)
  const own = [vpc, service]
  if (input.plugin === 'flannel') {
    const pod = c(plan.podCidr!)
    expect(validatePodCidr(pod)).toBe(true)
    expect(plan.nodeCidrMask).toBeGreaterThanOrEqual(24)
    expect(plan.nodeCidrMask).toBeLessThanOrEqual(28)
    expect(cidrsOverlap(pod, vpc)).toBe(false)
    expect(cidrsOverlap(pod, service)).toBe(false)
    own.push(pod)
    expect(plan.zones.every((zone) => zone.podVSwitch === undefined)).toBe(true)
  } else {
    expect(plan.podCidr).toBeUndefined()
    expect(plan.nodeCidrMask).toBeUndefined()
  }
  for (const avoid of input.avoid) for (const block of own) expect(cidrsOverlap(avoid, block), `${formatCidr(avoid)} vs ${formatCidr(block)}`).toBe(false)
  expect(plan.limits.maxNodes).toBeGreaterThanOrEqual(input.nodes)
  expect(plan.limits.maxPods).toBe(plan.limits.maxNodes * plan.limits.maxPodsPerNode)
  expect(['pod-cidr', 'route-quota', 'pod-vswitch', 'node-vswitch', 'eni', 'service-cidr', 'vpc-ip-quota']).toContain(plan.limits.limitedBy)
  // the VPC's 60,000 private addresses (nodes, and Terway pods) are never exceeded (SPEC §3)
  const perNode = 1 + (plan.plugin === 'terway' ? plan.limits.maxPodsPerNode : 0)
  expect(plan.limits.maxNodes * perNode).toBeLessThanOrEqual(60000)
}

function assertYamlIsTopology(result: PlanResult): Record<string, any> {
  const doc = yaml.load(planToTopologyYaml(result)) as Record<string, any>
  const parsed = TopologySchema.safeParse(doc)
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
  return doc
}

describe('acknet plan engine', () => {
  it('flannel, 3 zones, 150 nodes, 64 pods/node: ACK layout, route quota binds, growth warning', () => {
    const input: PlanInput = {...base, plugin: 'flannel', zones: zones(3), nodes: 150, podsPerNode: 64}
    const result = planCluster(input)
    assertValidPlan(result.plan, input)
    expect(result.plan).toMatchObject({
      vpcCidr: '192.168.0.0/16',
      zones: [{zone: 'cn-hangzhou-a', nodeVSwitch: '192.168.0.0/19'}, {zone: 'cn-hangzhou-b', nodeVSwitch: '192.168.32.0/19'}, {zone: 'cn-hangzhou-c', nodeVSwitch: '192.168.64.0/19'}],
      podCidr: '172.20.0.0/16',
      nodeCidrMask: 26,
      serviceCidr: '172.21.0.0/20',
      // 200 entries minus the NAT default route the plan's route table carries
      limits: {maxNodes: 199, maxPods: 199 * 63, maxPodsPerNode: 63, limitedBy: 'route-quota'},
    })
    expect(result.plan.warnings).toHaveLength(1)
    expect(result.plan.warnings[0]).toMatch(/^route-quota: holds 199 nodes, fewer than 150 × 1\.5 growth = 225/)
    const doc = assertYamlIsTopology(result)
    expect(doc.clusters[0].network).toEqual({plugin: 'flannel', podCidr: '172.20.0.0/16', nodeCidrMask: 26})
    expect(doc.vpcs[0].routeTables[0].routes).toEqual([{destination: '0.0.0.0/0', nextHop: 'nat:demo-nat'}])
    expect(doc.clusters[0].nodePools[0]).toMatchObject({count: 150, vswitches: ['node-a', 'node-b', 'node-c']})
  })

  it('terway, 3 zones, 60 × ecs.g7.4xlarge: /19 node + /19 pod vSwitch per zone (W7), pod vSwitches bind', () => {
    const input: PlanInput = {...base, plugin: 'terway', zones: zones(3), nodes: 60, instanceType: 'ecs.g7.4xlarge'}
    const result = planCluster(input)
    assertValidPlan(result.plan, input)
    expect(result.plan.zones[0]).toEqual({zone: 'cn-hangzhou-a', nodeVSwitch: '192.168.0.0/19', podVSwitch: '192.168.32.0/19'})
    // each /19 pod vSwitch: floor(8,188 / 210) = 38 nodes, × 3 zones
    expect(result.plan.limits).toEqual({maxNodes: 114, maxPods: 114 * 210, maxPodsPerNode: 210, limitedBy: 'pod-vswitch'})
    expect(result.plan.warnings).toEqual([])
    const doc = assertYamlIsTopology(result)
    expect(doc.clusters[0].network).toEqual({plugin: 'terway', mode: 'shared', podVSwitches: ['pod-a', 'pod-b', 'pod-c']})
    expect(doc.securityGroups[0].type).toBe('enterprise')
  })

  it('terway, 2 named zones, 400 × ecs.g7.xlarge, avoiding 10.0.0.0/8: /18 pod vSwitches', () => {
    const input: PlanInput = {...base, plugin: 'terway', zones: ['cn-hangzhou-h', 'cn-hangzhou-i'], nodes: 400, instanceType: 'ecs.g7.xlarge', avoid: [requireCidr('10.0.0.0/8')]}
    const result = planCluster(input)
    assertValidPlan(result.plan, input)
    // 300 nodes per zone × 45 pods = 13,500 → /18 (16,380 usable)
    expect(result.plan.zones.map((zone) => zone.podVSwitch)).toEqual(['192.168.0.0/18', '192.168.64.0/18'])
    expect(result.plan.limits).toEqual({maxNodes: 2 * 364, maxPods: 728 * 45, maxPodsPerNode: 45, limitedBy: 'pod-vswitch'})
    const doc = assertYamlIsTopology(result)
    expect(doc.vpcs[0].vswitches.map((v: {name: string}) => v.name)).toEqual(['node-h', 'pod-h', 'node-i', 'pod-i'])
  })

  it('moves away from blocks in --avoid', () => {
    const input: PlanInput = {...base, plugin: 'flannel', zones: zones(2), nodes: 50, avoid: [requireCidr('192.168.0.0/16'), requireCidr('172.16.0.0/12')]}
    const result = planCluster(input)
    assertValidPlan(result.plan, input)
    expect(result.plan.vpcCidr).toBe('10.0.0.0/16')
    expect(result.plan.podCidr).toBe('10.1.0.0/16')
    expect(result.plan.serviceCidr).toBe('10.2.0.0/20')
  })

  it('cannot hold --nodes → exit 1 naming the limit; cannot hold the growth → warning', () => {
    expect(() => planCluster({...base, plugin: 'flannel', zones: zones(1), nodes: 250})).toThrow(expect.objectContaining({exitCode: 1, message: expect.stringMatching(/^cannot plan: route-quota: .*holds 199 nodes, fewer than 250/)}))
    // 4,000 × (1 + 210) addresses would be 844,000: the VPC IP quota holds floor(59,999 / 211) = 284 nodes
    expect(() => planCluster({...base, plugin: 'terway', zones: zones(2), nodes: 4000, instanceType: 'ecs.g7.4xlarge'})).toThrow(expect.objectContaining({exitCode: 1, message: expect.stringMatching(/^cannot plan: vpc-ip-quota: the plan holds at most 284 nodes, fewer than 4,000; a VPC holds at most 60,000 private addresses/)}))
    // below the quota the pod vSwitches still bind: 2 /16-packed zones hold 624 nodes of 45 + 1
    expect(() => planCluster({...base, plugin: 'terway', zones: zones(2), nodes: 1400, instanceType: 'ecs.g7.xlarge', vpcCidr: requireCidr('10.0.0.0/16')})).toThrow(expect.objectContaining({exitCode: 1, message: expect.stringMatching(/^cannot plan: (pod-vswitch|vpc-ip-quota): /)}))
    const atQuota = planCluster({...base, plugin: 'terway', zones: zones(3), nodes: 200, growth: 2, instanceType: 'ecs.g7.4xlarge', vpcCidr: requireCidr('10.0.0.0/8')})
    expect(atQuota.plan.limits).toMatchObject({maxNodes: 284, limitedBy: 'vpc-ip-quota'})
    expect(atQuota.plan.warnings.some((warning) => /^vpc-ip-quota: holds 284 nodes, fewer than 200 × 2 growth = 400/.test(warning))).toBe(true)
    expect(() => planCluster({...base, plugin: 'terway', zones: zones(1), nodes: 5, instanceType: 'ecs.g6.large'})).toThrow(expect.objectContaining({exitCode: 1, message: expect.stringMatching(/^cannot plan: eni: .*greater than 11/)}))
    expect(() => planCluster({...base, plugin: 'terway', zones: zones(1), nodes: 5, instanceType: 'ecs.g7.xlarge', podsPerNode: 64})).toThrow(expect.objectContaining({exitCode: 1, message: expect.stringMatching(/eni: ecs\.g7\.xlarge runs at most 45 pods/)}))
    const raised = planCluster({...base, plugin: 'flannel', zones: zones(1), nodes: 250, routeQuota: 300})
    expect(raised.plan.limits).toMatchObject({maxNodes: 299, limitedBy: 'route-quota'})
    expect(raised.plan.warnings[0]).toMatch(/^route-quota: holds 299 nodes, fewer than 250 × 1\.5 growth = 375/)
  })

  it('bad inputs are exit 2', () => {
    expect(() => planCluster({...base, plugin: 'terway', zones: zones(1), nodes: 5})).toThrow(expect.objectContaining({exitCode: 2, message: expect.stringMatching(/--instance-type T .* or --pods-per-node N/)}))
    expect(() => planCluster({...base, plugin: 'terway', zones: zones(1), nodes: 5, instanceType: 'ecs.g7.xlarg'})).toThrow(expect.objectContaining({exitCode: 2, message: expect.stringMatching(/did you mean ecs\.g7\.xlarge/)}))
    expect(() => planCluster({...base, plugin: 'flannel', zones: zones(1), nodes: 5, vpcCidr: requireCidr('10.0.0.0/16'), avoid: [requireCidr('10.0.0.0/8')]})).toThrow(/overlaps --avoid 10\.0\.0\.0\/8/)
    expect(() => planCluster({...base, plugin: 'flannel', zones: zones(1), nodes: 5, vpcCidr: requireCidr('100.64.0.0/16')})).toThrow(/100\.64\.0\.0\/10/)
    expect(() => planCluster({...base, plugin: 'flannel', zones: zones(1), nodes: 5, growth: 0.5})).toThrow(/--growth/)
    expect(() => planCluster({...base, plugin: 'flannel', zones: zones(1), nodes: 5, podsPerNode: 300})).toThrow(/at most 256/)
  })

  it('a given VPC CIDR is packed tightly when the /19s do not fit', () => {
    const input: PlanInput = {...base, plugin: 'terway', zones: zones(3), nodes: 30, instanceType: 'ecs.g7.xlarge', vpcCidr: requireCidr('10.8.0.0/20')}
    const result = planCluster(input)
    assertValidPlan(result.plan, input)
    expect(result.plan.vpcCidr).toBe('10.8.0.0/20')
    // 15 nodes per zone (× 1.5) × 45 = 675 → /22 pod vSwitches, smaller than the recommended /19
    expect(result.plan.zones.map((zone) => zone.podVSwitch)).toEqual(['10.8.0.0/22', '10.8.4.0/22', '10.8.8.0/22'])
    expect(result.plan.warnings.some((w) => /smaller than the \/19 ACK recommends/.test(w))).toBe(true)
  })

  it('sizes Service CIDRs /16–/24 and vSwitches by usable addresses (total − 4)', () => {
    expect([1, 256, 257, 4096, 4097, 65_536].map(servicePrefixFor)).toEqual([24, 24, 23, 20, 19, 16])
    expect([1, 4, 5, 252, 253, 8188, 8189].map(vswitchPrefixFor)).toEqual([29, 29, 28, 24, 23, 19, 18])
    const many = planCluster({...base, plugin: 'terway', zones: zones(1), nodes: 10, instanceType: 'ecs.g7.xlarge', services: 20_000})
    expect(many.plan.serviceCidr).toBe('172.21.0.0/17')
  })

  it('random inputs give a valid plan or a clean refusal; an independent Python check agrees', () => {
    const types = ['ecs.g7.xlarge', 'ecs.g7.4xlarge', 'ecs.g7.large', 'ecs.c7.2xlarge', 'ecs.r7.16xlarge', 'ecs.g6.large']
    const avoidPool = ['10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12', '172.20.0.0/16', '172.21.0.0/16', '10.0.0.0/16', '192.168.0.0/17']
    const samples = fc.sample(
      fc.record({
        plugin: fc.constantFrom('flannel', 'terway'),
        zoneCount: fc.integer({min: 1, max: 6}),
        nodes: fc.integer({min: 1, max: 3000}),
        podsPerNode: fc.option(fc.integer({min: 1, max: 256}), {nil: undefined}),
        instanceType: fc.option(fc.constantFrom(...types), {nil: undefined}),
        services: fc.integer({min: 1, max: 70_000}),
        growth: fc.constantFrom(1, 1.2, 1.5, 2, 3),
        avoid: fc.subarray(avoidPool, {maxLength: 3}),
        routeQuota: fc.constantFrom(0, 50, 200, 1000, 5000),
      }),
      {numRuns: 1000, seed: 5150},
    )
    const plans: Array<{plan: Plan; avoid: string[]; nodes: number; growth: number; podsPerNode: number}> = []
    let refused = 0
    for (const s of samples) {
      const input: PlanInput = {...base, plugin: s.plugin as PlanInput['plugin'], zones: zones(s.zoneCount), nodes: s.nodes, podsPerNode: s.podsPerNode, instanceType: s.instanceType, services: s.services, growth: s.growth, avoid: s.avoid.map((text) => requireCidr(text)), routeQuota: s.routeQuota}
      let result: PlanResult
      try {
        result = planCluster(input)
      } catch (error) {
        // only AcknetErrors (exit 1 or 2), never a bug
        expect((error as {name: string}).name, String(error)).toBe('AcknetError')
        expect([1, 2]).toContain((error as {exitCode: number}).exitCode)
        refused++
        continue
      }
      assertValidPlan(result.plan, input)
      plans.push({plan: result.plan, avoid: s.avoid, nodes: s.nodes, growth: s.growth, podsPerNode: result.plan.limits.maxPodsPerNode})
    }
    // the VPC IP quota (60,000 addresses) refuses large Terway clusters too
    expect(plans.length).toBeGreaterThan(250)
    expect(refused).toBeGreaterThan(50)
    const script = `
import ipaddress, json, sys, math
for line in sys.stdin:
    c = json.loads(line); p = c["plan"]; n = ipaddress.ip_network
    vpc = n(p["vpcCidr"]); svc = n(p["serviceCidr"])
    vs = [n(z["nodeVSwitch"]) for z in p["zones"]] + [n(z["podVSwitch"]) for z in p["zones"] if "podVSwitch" in z]
    errors = []
    if not all(v.subnet_of(vpc) for v in vs): errors.append("vswitch outside vpc")
    if p["limits"]["maxNodes"] * (1 + (p["limits"]["maxPodsPerNode"] if p["plugin"] == "terway" else 0)) > 60000: errors.append("over the VPC IP quota")
    if any(a.overlaps(b) for i, a in enumerate(vs) for b in vs[i+1:]): errors.append("vswitch overlap")
    own = [vpc, svc] + ([n(p["podCidr"])] if "podCidr" in p else [])
    if any(a.overlaps(b) for i, a in enumerate(own) for b in own[i+1:]): errors.append("own overlap")
    if any(n(a).overlaps(b) for a in c["avoid"] for b in own): errors.append("avoid overlap")
    usable = lambda net: net.num_addresses - 4
    if "podCidr" in p:
        ranges = 2 ** (p["nodeCidrMask"] - n(p["podCidr"]).prefixlen)
        cap = min(ranges, sum(usable(v) for v in vs), 59999)
    else:
        pods = [n(z["podVSwitch"]) for z in p["zones"]]
        # VPC IP quota: 60,000 addresses minus the NAT gateway's, 1 + pods per node
        cap = min(sum(usable(v) // c["podsPerNode"] for v in pods), sum(usable(n(z["nodeVSwitch"])) for z in p["zones"]), 59999 // (1 + c["podsPerNode"]))
        if cap != p["limits"]["maxNodes"]: errors.append("terway maxNodes %d != %d" % (cap, p["limits"]["maxNodes"]))
    if cap < c["nodes"]: errors.append("cannot hold nodes")
    print(json.dumps(errors))
`
    const run = spawnSync('python3', ['-c', script], {input: plans.map((p) => JSON.stringify(p)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
    expect(run.status, run.stderr).toBe(0)
    run.stdout.trim().split('\n').forEach((line, i) => expect(JSON.parse(line), JSON.stringify(plans[i]!.plan)).toEqual([]))
  })
})
