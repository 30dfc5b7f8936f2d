/**
 * `plan --ip-stack dual` (SPEC §8, facts §10 V1/V2/V4/V5): the VPC IPv6 placeholder, one /64
 * per vSwitch at its index in the /56 (checked against Python's ipaddress), and the instance
 * type check at its boundaries.
 */
import {spawnSync} from 'node:child_process'
import fc from 'fast-check'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {type Ipv6Cidr, parseIpv6Cidr} from '../../../src/engine/cidr/cidr6.js'
import {ipv6AddressClass} from '../../../src/engine/cidr/special6.js'
import {PLACEHOLDER_VPC_IPV6_CIDR, planIpv6Layout} from '../../../src/engine/plan/ipv6-layout.js'
import {planCluster} from '../../../src/engine/plan/planner.js'
import {planToTopologyYaml} from '../../../src/engine/plan/topology-yaml.js'
import type {PlanInput} from '../../../src/engine/plan/types.js'
import {lookupInstanceType} from '../../../src/engine/platform/catalog.js'
import {dualStackSupport} from '../../../src/engine/platform/dual-stack.js'
import {AcknetError} from '../../../src/errors.js'
import {formatIpv6Cidr} from '../../../src/engine/cidr/cidr6.js'

const base: PlanInput = {plugin: 'terway', zones: ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j'], region: 'cn-hangzhou', nodes: 50, instanceType: 'ecs.g7.2xlarge', services: 4096, growth: 1.5, avoid: [], routeQuota: 200, name: 'dual', ipStack: 'dual'}
const v6 = (text: string): Ipv6Cidr => {
  const parsed = parseIpv6Cidr(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.cidr
}

/** Python's answer: the index-th /64 of the /56, or the error it raises. */
function pythonSubnets(vpc: string, indexes: number[]): string[] {
  const script = `import ipaddress, sys, json
net = ipaddress.ip_network(sys.argv[1])
subnets = list(net.subnets(new_prefix=64))
print(json.dumps([str(subnets[i]) for i in json.loads(sys.argv[2])]))`
  const run = spawnSync('python3', ['-c', script, vpc, JSON.stringify(indexes)], {encoding: 'utf8'})
  expect(run.status, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as string[]
}

function thrown(fn: () => unknown): AcknetError {
  try {
    fn()
  } catch (error) {
    if (error instanceof AcknetError) return error
    throw error
  }
  throw new Error('expected an AcknetError')
}

describe('IPv6 layout: placeholder /56 and vSwitch /64s by index', () => {
  it('the placeholder is a /56 in the RFC 3849 documentation range, never a block Alibaba assigns', () => {
    expect(PLACEHOLDER_VPC_IPV6_CIDR).toBe('2001:db8::/56')
    expect(ipv6AddressClass(v6(PLACEHOLDER_VPC_IPV6_CIDR))).toBe('documentation')
  })

  it.each([PLACEHOLDER_VPC_IPV6_CIDR, '2408:4005:3de:8500::/56', '240b:4001:21f:ff00::/56'])('%s: /64 number i is what Python lists as subnet i (0…255)', (vpc) => {
    const layout = planIpv6Layout(256, v6(vpc))
    const indexes = [0, 1, 2, 9, 10, 15, 16, 127, 128, 254, 255]
    expect(indexes.map((i) => formatIpv6Cidr(layout.vswitches[i]!))).toEqual(pythonSubnets(vpc, indexes))
  })

  it('a /56 has 256 vSwitch /64s (index 0–255): a 257th is a planner bug', () => {
    expect(planIpv6Layout(256).vswitches).toHaveLength(256)
    expect(() => planIpv6Layout(257)).toThrow(/257 vSwitches: a \/56 has 256 vSwitch \/64s/)
  })
})

describe('planCluster with ipStack dual', () => {
  it('3 zones: the VPC placeholder, /64 index 2z for the node vSwitch and 2z+1 for the pod vSwitch (Python)', () => {
    const {plan, context} = planCluster(base)
    expect(plan).toMatchObject({plugin: 'terway', ipStack: 'dual', vpcCidr: '192.168.0.0/16', vpcIpv6Cidr: '2001:db8::/56', vpcIpv6CidrPlaceholder: true})
    const expected = pythonSubnets('2001:db8::/56', [0, 1, 2, 3, 4, 5])
    expect(plan.zones.flatMap((zone) => [zone.nodeVSwitchIpv6, zone.podVSwitchIpv6])).toEqual(expected)
    // the IPv4 half is the ipv4 plan's, unchanged
    const ipv4 = planCluster({...base, ipStack: 'ipv4'}).plan
    expect(plan.zones.map(({zone, nodeVSwitch, podVSwitch}) => ({zone, nodeVSwitch, podVSwitch}))).toEqual(ipv4.zones)
    expect(plan.limits).toEqual(ipv4.limits)
    expect(Object.keys(ipv4)).not.toContain('ipStack')
    expect(Object.keys(ipv4)).not.toContain('vpcIpv6Cidr')
    expect(context.notes.join('\n')).toMatch(/2001:db8::\/56 is a placeholder .*Alibaba Cloud assigns the VPC's real \/56/)
  })

  it('the YAML carries ipv6Cidr on the VPC and every vSwitch, ipStack: dual and the placeholder comment', () => {
    const result = planCluster(base)
    const text = planToTopologyYaml(result)
    expect(text).toMatch(/# placeholder \(RFC 3849 documentation range\): Alibaba Cloud assigns the VPC's real IPv6 \/56/)
    const doc = yaml.load(text) as {vpcs: Array<{ipv6Cidr: string; vswitches: Array<{name: string; ipv6Cidr: string}>}>; clusters: Array<{ipStack: string}>; securityGroups: Array<{rules: Array<{peer: string; direction: string}>}>}
    expect(doc.vpcs[0]!.ipv6Cidr).toBe('2001:db8::/56')
    expect(doc.vpcs[0]!.vswitches.map((vswitch) => `${vswitch.name} ${vswitch.ipv6Cidr}`)).toEqual([
      'node-h 2001:db8::/64',
      'pod-h 2001:db8:0:1::/64',
      'node-i 2001:db8:0:2::/64',
      'pod-i 2001:db8:0:3::/64',
      'node-j 2001:db8:0:4::/64',
      'pod-j 2001:db8:0:5::/64',
    ])
    expect(doc.clusters[0]!.ipStack).toBe('dual')
    expect(doc.securityGroups[0]!.rules.filter((rule) => rule.peer.includes(':')).map((rule) => `${rule.direction} ${rule.peer}`)).toEqual(['ingress 2001:db8::/56', 'egress ::/0'])
    // an ipv4 plan's YAML has no IPv6 at all
    expect(planToTopologyYaml(planCluster({...base, ipStack: 'ipv4'}))).not.toMatch(/ipv6Cidr|ipStack|::/)
  })

  it('--vpc-ipv6-cidr: the /56 Alibaba assigned replaces the placeholder, each /64 keeps its index (Python); no placeholder note', () => {
    const vpc = '2408:4005:3de:8500::/56'
    const {plan, context} = planCluster({...base, vpcIpv6Cidr: v6(vpc)})
    expect(plan.vpcIpv6Cidr).toBe(vpc)
    expect(plan).not.toHaveProperty('vpcIpv6CidrPlaceholder')
    expect(plan.zones.flatMap((zone) => [zone.nodeVSwitchIpv6, zone.podVSwitchIpv6])).toEqual(pythonSubnets(vpc, [0, 1, 2, 3, 4, 5]))
    expect(context.notes.join('\n')).not.toMatch(/placeholder/)
    const text = planToTopologyYaml(planCluster({...base, vpcIpv6Cidr: v6(vpc)}))
    expect(text).toMatch(/# assigned by Alibaba Cloud; each vSwitch \/64 below is its index in it/)
    expect(text).not.toMatch(/2001:db8|acknet-disable/)
  })

  it.each([
    ['2001:db8::/56', /documentation/],
    ['fd00::/56', /unique-local/],
    ['2408:4005:3de:8000::/52', /inside the \/56 Alibaba Cloud assigns, got \/52/],
    ['2408:4005:3de:8500::/60', /got \/60/],
  ])('--vpc-ipv6-cidr %s is refused (exit 2)', (text, message) => {
    const error = thrown(() => planCluster({...base, vpcIpv6Cidr: v6(text)}))
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(message)
  })

  it('--vpc-ipv6-cidr without --ip-stack dual is refused', () => {
    expect(thrown(() => planCluster({...base, ipStack: 'ipv4', vpcIpv6Cidr: v6('2408:4005:3de:8500::/56')})).message).toBe('--vpc-ipv6-cidr is for dual-stack plans: add --ip-stack dual')
  })

  it('V4: Flannel cannot plan dual stack (exit 2, names the fix)', () => {
    const error = thrown(() => planCluster({...base, plugin: 'flannel', instanceType: undefined, podsPerNode: 64}))
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe('--ip-stack dual: dual stack needs Terway; Flannel clusters are IPv4 only (use --plugin terway)')
  })

  it('V5: ecs.g6.xlarge (1 IPv6 < 10 IPv4 per ENI) cannot run shared-ENI dual stack: exit 1, reason `eni`', () => {
    const error = thrown(() => planCluster({...base, instanceType: 'ecs.g6.xlarge'}))
    expect(error.exitCode).toBe(1)
    expect(error.message).toMatch(/^cannot plan: eni: ecs\.g6\.xlarge cannot run dual stack: .*ecs\.g6\.xlarge has 1 IPv6 and 10 IPv4 per ENI/)
    // the same type plans fine as IPv4
    expect(planCluster({...base, instanceType: 'ecs.g6.xlarge', ipStack: 'ipv4'}).plan.limits.maxPodsPerNode).toBe(20)
  })

  it('V5 boundary: IPv6 per ENI one below IPv4 is refused, equal is planned', () => {
    const catalog = [{name: 'ecs.test.below', enis: 4, ipv4PerEni: 15, ipv6PerEni: 14}, {name: 'ecs.test.equal', enis: 4, ipv4PerEni: 15, ipv6PerEni: 15}]
    expect(thrown(() => planCluster({...base, catalog, instanceType: 'ecs.test.below'})).message).toMatch(/ecs\.test\.below has 14 IPv6 and 15 IPv4 per ENI/)
    expect(planCluster({...base, catalog, instanceType: 'ecs.test.equal'}).plan.limits.maxPodsPerNode).toBe(45)
  })

  it('a type with no published IPv6 figure is named as the missing input (exit 2), never guessed', () => {
    expect(lookupInstanceType('ecs.d1.2xlarge')!.ipv6PerEni).toBeUndefined()
    const error = thrown(() => planCluster({...base, instanceType: 'ecs.d1.2xlarge'}))
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/^ecs\.d1\.2xlarge: dual stack in shared mode needs IPv6 addresses per ENI \(EniIpv6AddressQuantity\), which the catalog does not publish.*--catalog FILE.*instanceTypes\[\]\.ipv6PerEni/)
    // supplying it through the user catalog plans
    expect(planCluster({...base, instanceType: 'ecs.d1.2xlarge', catalog: [{name: 'ecs.d1.2xlarge', ipv6PerEni: 10}]}).plan.ipStack).toBe('dual')
  })

  it('--pods-per-node alone picks a type that runs dual stack in shared mode', () => {
    const {context} = planCluster({...base, instanceType: undefined, podsPerNode: 40})
    const chosen = lookupInstanceType(context.instanceType)!
    expect(dualStackSupport(chosen, 'shared')).toEqual({supported: true})
    expect(context.notes[0]).toMatch(/chosen as the smallest that runs 40 pods per node and dual stack/)
    // when only a non-dual type would fit, the chooser refuses rather than pick it
    const catalog = [{name: 'ecs.test.big', enis: 8, ipv4PerEni: 1000, ipv6PerEni: 1}]
    const big = {...base, instanceType: undefined, podsPerNode: 5000, catalog, nodes: 3, growth: 1}
    expect(thrown(() => planCluster(big)).message).toMatch(/no instance type in the catalog runs 5000 pods per node in shared ENI mode and dual stack/)
    expect(planCluster({...big, ipStack: 'ipv4'}).context.instanceType).toBe('ecs.test.big')
  })
})

describe('random dual-stack plans (Python ipaddress oracle)', () => {
  it('every /64 is the right subnet of the /56, one per vSwitch, and the IPv4 half is the ipv4 plan', () => {
    const samples = fc.sample(
      fc.record({
        zoneCount: fc.integer({min: 1, max: 26}),
        nodes: fc.integer({min: 1, max: 400}),
        instanceType: fc.constantFrom('ecs.g7.xlarge', 'ecs.g7.4xlarge', 'ecs.c7.2xlarge', 'ecs.r7.large', 'ecs.g6.xlarge', 'ecs.d1.2xlarge'),
        vpc: fc.constantFrom(undefined, '2408:4005:3de:8500::/56', '240e:3b4:1f:ff00::/56', '2001:250:200::/56'),
      }),
      {numRuns: 300, seed: 17},
    )
    const cases: Array<{vpc: string; zones: Array<[string, string]>}> = []
    let refused = 0
    for (const sample of samples) {
      const input: PlanInput = {...base, zones: Array.from({length: sample.zoneCount}, (_, i) => `cn-hangzhou-${String.fromCharCode(97 + i)}`), nodes: sample.nodes, instanceType: sample.instanceType, vpcIpv6Cidr: sample.vpc ? v6(sample.vpc) : undefined}
      let plan
      try {
        plan = planCluster(input).plan
      } catch (error) {
        // g6 (V5: exit 1) and d1 (no IPv6 figure: exit 2) are refused for dual stack; anything
        // else only where the ipv4 plan is refused too (the VPC IP quota, say)
        expect(error, String(error)).toBeInstanceOf(AcknetError)
        if (!['ecs.g6.xlarge', 'ecs.d1.2xlarge'].includes(sample.instanceType)) expect(() => planCluster({...input, ipStack: 'ipv4', vpcIpv6Cidr: undefined})).toThrow(AcknetError)
        refused++
        continue
      }
      expect(['ecs.g6.xlarge', 'ecs.d1.2xlarge']).not.toContain(sample.instanceType)
      expect(plan.vpcIpv6Cidr).toBe(sample.vpc ?? PLACEHOLDER_VPC_IPV6_CIDR)
      expect(plan.vpcIpv6CidrPlaceholder).toBe(sample.vpc === undefined ? true : undefined)
      const ipv4 = planCluster({...input, ipStack: 'ipv4', vpcIpv6Cidr: undefined}).plan
      expect(plan.zones.map(({zone, nodeVSwitch, podVSwitch}) => ({zone, nodeVSwitch, podVSwitch}))).toEqual(ipv4.zones)
      cases.push({vpc: plan.vpcIpv6Cidr!, zones: plan.zones.map((zone) => [zone.nodeVSwitchIpv6!, zone.podVSwitchIpv6!])})
    }
    expect(refused).toBeGreaterThan(50)
    expect(cases.length).toBeGreaterThan(150)
    const script = `
import ipaddress, json, sys
for line in sys.stdin:
    c = json.loads(line); vpc = ipaddress.ip_network(c["vpc"]); errors = []
    if vpc.prefixlen != 56: errors.append("vpc not a /56")
    subnets = list(vpc.subnets(new_prefix=64))
    flat = [ipaddress.ip_network(v) for pair in c["zones"] for v in pair]
    for i, net in enumerate(flat):
        if net != subnets[i]: errors.append("vswitch %d is %s, want %s" % (i, net, subnets[i]))
    if len(set(flat)) != len(flat): errors.append("duplicate /64")
    print(json.dumps(errors))
`
    const run = spawnSync('python3', ['-c', script], {input: cases.map((c) => JSON.stringify(c)).join('\n') + '\n', encoding: 'utf8'})
    expect(run.status, run.stderr).toBe(0)
    run.stdout.trim().split('\n').forEach((line, i) => expect(JSON.parse(line), JSON.stringify(cases[i])).toEqual([]))
  })
})
