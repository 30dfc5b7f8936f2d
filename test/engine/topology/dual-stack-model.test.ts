import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {formatIpv6Cidr} from '../../../src/engine/cidr/cidr6.js'
import {formatIpv6} from '../../../src/engine/cidr/ipv6.js'
import {compileFastCheck} from '../../../src/engine/topology/fast-check.js'
import {loadModel} from '../../../src/engine/topology/index.js'
import {TopologySchema} from '../../../src/engine/topology/schema.js'
import {parseYaml} from '../../../src/engine/topology/yaml.js'

/**
 * The dual-stack fields of the topology (SPEC §8) in the typed model: parsed IPv6 blocks and
 * addresses (cidr6.ts types, never strings), IPv6 allocation against Python's `ipaddress`, the
 * IPv6 gateway's system route, and located findings for each new field.
 */
const HEADER = 'apiVersion: acknet/v1\nkind: Topology\nmetadata: {name: t}\n'
const v6 = (address: bigint | undefined) => (address === undefined ? undefined : formatIpv6(address))

/** Python's ipaddress, the independent oracle: `list(network)[i]` for each index. */
function pythonAddresses(network: string, indexes: number[]): string[] {
  const script = `import ipaddress,sys\nn=ipaddress.ip_network(sys.argv[1])\nprint("\\n".join(str(n[int(i)]) for i in sys.argv[2:]))`
  return execFileSync('python3', ['-c', script, network, ...indexes.map(String)], {encoding: 'utf8'}).trim().split('\n')
}

describe('fixtures/dual-stack.yaml in the model', () => {
  const {model, findings} = loadModel('fixtures/dual-stack.yaml')
  const vpc = model.vpcByName.get('prod')!
  const cluster = model.clusterByName.get('shop')!

  it('resolves without a finding', () => {
    expect(findings).toEqual([])
  })

  it('keeps the VPC and vSwitch IPv6 blocks as Ipv6Cidr values', () => {
    expect(vpc.ipv6Cidr).toEqual({family: 6, network: 0x2408_4005_03bc_1200n << 64n, prefix: 56})
    expect(formatIpv6Cidr(model.vswitchByName.get('pod-j')!.ipv6Cidr!)).toBe('2408:4005:3bc:1211::/64')
    expect(cluster.ipStack).toBe('dual')
  })

  it('takes given instance IPv6 addresses and allocates `ipv6: true` from the /64 (first address reserved)', () => {
    expect(v6(model.instanceByName.get('pg-primary')!.ipv6)).toBe('2408:4005:3bc:1230::10')
    expect(model.instanceByName.get('pg-primary')!.ipv6Given).toBe(true)
    const runner = model.instanceByName.get('jobs-runner')!
    expect(runner.ipv6Given).toBe(false)
    expect(v6(runner.ipv6)).toBe(pythonAddresses('2408:4005:3bc:1220::/64', [1])[0])
  })

  it('gives nodes an address of their vSwitch /64 and pods one of their pod vSwitch /64 (g7: IPv6 = IPv4 per ENI)', () => {
    const node = cluster.nodes[0]!
    expect(node.vswitch.name).toBe('node-i')
    expect(v6(node.ipv6)).toBe('2408:4005:3bc:1200::1')
    for (const pod of cluster.pods) {
      expect(pod.ipv6, pod.name).toBeDefined()
      expect(pod.vswitch!.ipv6Cidr!.network).toBe(pod.ipv6! & ~((1n << 64n) - 1n))
    }
    expect(model.ipv6Owners.get(node.ipv6!)).toEqual({kind: 'node', node})
    expect(model.duplicateIpv6s).toEqual([])
    expect(model.vswitchByName.get('ops-i')!.ipv6Allocated).toBe(2) // bastion (given) and jobs-runner
  })

  it('adds ::/0 → ipv6gw to the system table only, and counts the custom IPv6 route against the quota', () => {
    const gateway = model.ipv6GatewayByName.get('prod-ipv6gw')!
    expect(vpc.ipv6Gateway).toBe(gateway)
    expect(gateway.internet.map(formatIpv6Cidr)).toEqual(['2408:4005:3bc:1210::/64', '2408:4005:3bc:1211::/64', '2408:4005:3bc:1220::10/128'])
    const system = vpc.systemRouteTable
    expect(system.ipv6Routes).toHaveLength(1)
    expect(system.ipv6Routes[0]).toMatchObject({destination: {family: 6, network: 0n, prefix: 0}, system: true, nextHop: {type: 'ipv6gw', name: 'prod-ipv6gw', gateway}})
    expect(system.headroom).toBe(199) // the gateway's route is a system route
    const data = vpc.routeTableByName.get('data')!
    expect(data.routes).toHaveLength(1)
    expect(data.ipv6Routes).toMatchObject([{destination: {prefix: 0}, system: false, index: 1, nextHop: {type: 'blackhole'}}])
    expect(data.headroom).toBe(198)
    expect(data.ipv6SystemRoutes.map((route) => route.vswitch.name)).toEqual(['node-i', 'node-j', 'pod-i', 'pod-j', 'ops-i', 'data-i'])
  })

  it('types IPv6 security-group peers and ipBlocks by family', () => {
    const rules = model.securityGroupByName.get('k8s-cluster')!.rules
    expect(rules[1]!.peer).toEqual({type: 'cidr6', cidr: {family: 6, network: 0x2408_4005_03bc_1200n << 64n, prefix: 56}})
    expect(rules[3]!.peer).toEqual({type: 'cidr6', cidr: {family: 6, network: 0n, prefix: 0}})
    expect(rules[2]!.peer.type).toBe('cidr')
    const policy = cluster.networkPolicies.find((p) => p.name === 'frontend-egress')!
    const [v4, v6Peer] = policy.egress[1]!.peers!
    expect(v4!.ipBlock!.family).toBe(4)
    expect(v6Peer!.ipBlock).toMatchObject({family: 6, cidr: {prefix: 64}, except: []})
  })

  it('reads Service ipFamilies and ipFamilyPolicy, defaulting as Kubernetes does', () => {
    const lb = cluster.serviceByName.get('ingress-nginx/nginx-ingress-lb')!
    expect([lb.ipFamilyPolicy, lb.ipFamilies]).toEqual(['PreferDualStack', ['IPv4', 'IPv6']])
    const orders = cluster.serviceByName.get('api/orders')!
    expect([orders.ipFamilyPolicy, orders.ipFamilies]).toEqual(['SingleStack', []])
  })

  it('locates every new field for findings (loader positions)', () => {
    const text = readFileSync('fixtures/dual-stack.yaml', 'utf8').split('\n')
    const lineOf = (needle: string) => text.findIndex((line) => line.includes(needle)) + 1
    const vswitch = model.vswitchByName.get('data-i')!
    expect(model.locate(vswitch.source, 'value', 'ipv6Cidr').line).toBe(lineOf('"2408:4005:3bc:1230::/64"'))
    expect(model.locate(vpc.source, 'value', 'ipv6Cidr').line).toBe(lineOf('ipv6Cidr: 2408:4005:3bc:1200::/56'))
    expect(model.locate(cluster.source, 'value', 'ipStack').line).toBe(lineOf('ipStack: dual'))
    expect(model.locate(model.instanceByName.get('jobs-runner')!.source, 'value', 'ipv6').line).toBe(lineOf('ipv6: true'))
    const gateway = model.ipv6GatewayByName.get('prod-ipv6gw')!
    expect(model.locate(gateway.source, 'value', 'internet[2]').line).toBe(lineOf('"2408:4005:3bc:1220::10/128"'))
    const data = vpc.routeTableByName.get('data')!
    expect(model.locate(data.ipv6Routes[0]!.source, 'value', 'destination').line).toBe(lineOf('destination: "::/0"'))
    expect(model.locate(cluster.serviceByName.get('web/frontend')!.source, 'value', 'spec.ipFamilyPolicy').line).toBe(lineOf('RequireDualStack'))
  })

  it('takes the fast validity path, which zod agrees with (zod stays lazy)', () => {
    const data = parseYaml('dual-stack.yaml', readFileSync('fixtures/dual-stack.yaml', 'utf8')).documents[0]
    expect(compileFastCheck(TopologySchema)(data)).toBe(true)
    expect(TopologySchema.safeParse(data).success).toBe(true)
  })
})

describe('the zod path (a file that is not certainly valid) keeps the dual-stack fields', () => {
  it('one broken list item elsewhere: zod prunes it, and the IPv6 fields still reach the model', () => {
    const text = readFileSync('fixtures/dual-stack.yaml', 'utf8').replace('expect: denied }', 'expect: denied, colour: red }')
    const {loaded, model, findings} = loadModel('dual-stack.yaml', text)
    expect(findings.map((f) => f.ruleId)).toEqual(['schema'])
    expect(loaded.topology).toBeDefined()
    expect(loaded.topology).not.toBe(loaded.data) // zod's copy, not the fast path's
    expect(formatIpv6Cidr(model.vpcs[0]!.ipv6Cidr!)).toBe('2408:4005:3bc:1200::/56')
    expect(model.clusters[0]!.ipStack).toBe('dual')
    expect(model.ipv6Gateways).toHaveLength(1)
    expect(v6(model.instanceByName.get('jobs-runner')!.ipv6)).toBe('2408:4005:3bc:1220::1')
    expect(model.clusters[0]!.serviceByName.get('web/frontend')!.ipFamilyPolicy).toBe('RequireDualStack')
    expect(model.expectations).toHaveLength(8) // nine in the file, the broken one pruned
    expect(model.expectations.map((e) => e.family ?? null)).toEqual([null, null, null, 6, 6, null, 6, null])
  })
})

describe('dual-stack allocation at the edge of a block', () => {
  // a /124 (16 addresses; vswitch-cidr reports that it is not a /64) keeps the bound testable:
  // the first address and the last nine are reserved (V3), so 1–6 are handed out
  const text = (auto: number, given = '') => `${HEADER}vpcs:
  - name: v
    cidr: 10.0.0.0/8
    ipv6Cidr: "2408:4005:3bc:1200::/56"
    vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24, ipv6Cidr: "2408:4005:3bc:1200::/124"}]
instances:
${given}${Array.from({length: auto}, (_, i) => `  - {name: a${i}, vswitch: s, ipv6: true}\n`).join('')}`

  it('hands out exactly the usable addresses, in order, skipping given ones', () => {
    const {model} = loadModel('t.yaml', text(6, '  - {name: g, vswitch: s, ipv6: "2408:4005:3bc:1200::3"}\n'))
    const got = model.instances.filter((i) => i.name.startsWith('a')).map((i) => v6(i.ipv6))
    const usable = pythonAddresses('2408:4005:3bc:1200::/124', [1, 2, 4, 5, 6])
    expect(got).toEqual([...usable, undefined]) // the sixth does not fit
    expect(pythonAddresses('2408:4005:3bc:1200::/124', [6])[0]).toBe('2408:4005:3bc:1200::6')
    expect(model.vswitchByName.get('s')!.ipv6Allocated).toBe(6)
  })

  it('gives no address when the vSwitch has no /64', () => {
    const {model, findings} = loadModel('t.yaml', `${HEADER}vpcs:
  - {name: v, cidr: 10.0.0.0/8, vswitches: [{name: s, zone: z, cidr: 10.0.0.0/24}]}
instances:
  - {name: a, vswitch: s, ipv6: true}
`)
    expect(findings).toEqual([])
    expect(model.instances[0]!.ipv6).toBeUndefined()
  })
})

describe('pods on an instance type Terway runs IPv4-only', () => {
  it('g6 in shared mode (1 IPv6 vs 10 IPv4 per ENI): nodes get IPv6, pods do not; hostNetwork pods share the node address', () => {
    const {model} = loadModel('t.yaml', `${HEADER}vpcs:
  - name: v
    cidr: 10.0.0.0/8
    ipv6Cidr: "2408:4005:3bc:1200::/56"
    vswitches:
      - {name: n, zone: z, cidr: 10.0.0.0/24, ipv6Cidr: "2408:4005:3bc:1200::/64"}
      - {name: p, zone: z, cidr: 10.0.1.0/24, ipv6Cidr: "2408:4005:3bc:1201::/64"}
clusters:
  - name: c
    vpc: v
    ipStack: dual
    network: {plugin: terway, podVSwitches: [p]}
    nodePools:
      - {name: g6, instanceType: ecs.g6.xlarge, count: 1, vswitches: [n]}
      - {name: g7, instanceType: ecs.g7.xlarge, count: 1, vswitches: [n]}
    workloads:
      - {name: on-g6, nodePool: g6, replicas: 1}
      - {name: on-g7, nodePool: g7, replicas: 1}
      - {name: host, nodePool: g6, replicas: 1, hostNetwork: true}
`)
    const cluster = model.clusters[0]!
    const pod = (name: string) => cluster.workloadByName.get(`default/${name}`)!.pods[0]!
    expect(cluster.nodes.map((node) => v6(node.ipv6))).toEqual(['2408:4005:3bc:1200::1', '2408:4005:3bc:1200::2'])
    expect(pod('on-g6').ipv6).toBeUndefined()
    expect(v6(pod('on-g7').ipv6)).toBe('2408:4005:3bc:1201::1')
    expect(pod('host').ipv6).toBe(cluster.nodes[0]!.ipv6)
  })

  it('an IPv4 cluster in a dual-stack VPC gives nothing IPv6', () => {
    const {model} = loadModel('t.yaml', `${HEADER}vpcs:
  - name: v
    cidr: 10.0.0.0/8
    ipv6Cidr: "2408:4005:3bc:1200::/56"
    vswitches: [{name: n, zone: z, cidr: 10.0.0.0/24, ipv6Cidr: "2408:4005:3bc:1200::/64"}]
clusters:
  - name: c
    vpc: v
    network: {plugin: terway, podVSwitches: [n]}
    nodePools: [{name: p, instanceType: ecs.g7.xlarge, count: 1, vswitches: [n]}]
    workloads: [{name: w, replicas: 1}]
`)
    expect(model.clusters[0]!.ipStack).toBe('ipv4')
    expect(model.clusters[0]!.nodes[0]!.ipv6).toBeUndefined()
    expect(model.clusters[0]!.pods[0]!.ipv6).toBeUndefined()
  })
})

describe('located findings for the dual-stack fields', () => {
  const vpcWith = (vpcExtra: string, vswitchExtra = '', rest = '') => `${HEADER}vpcs:
  - name: v
    cidr: 10.0.0.0/8${vpcExtra}
    vswitches:
      - {name: s, zone: z, cidr: 10.0.0.0/24${vswitchExtra}}
${rest}`
  const only = (text: string) => loadModel('t.yaml', text).findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)
  /** line:column (1-based) where `needle` starts in `text`: the oracle for "the finding points at this value". */
  const at = (text: string, needle: string) => {
    const offset = text.indexOf(needle)
    if (offset < 0 || text.indexOf(needle, offset + 1) >= 0) throw new Error(`needle ${needle} must occur once`)
    const before = text.slice(0, offset).split('\n')
    return `${before.length}:${before.at(-1)!.length + 1}`
  }

  it('a malformed or IPv4 ipv6Cidr is cidr-syntax at its value', () => {
    const hostBits = vpcWith('\n    ipv6Cidr: "2408:4005:3bc:1200::1/56"')
    expect(only(hostBits)).toEqual([`cidr-syntax ${at(hostBits, '"2408')} 2408:4005:3bc:1200::1/56 has host bits set; did you mean 2408:4005:3bc:1200::/56?`])
    const ipv4 = vpcWith('', ', ipv6Cidr: 10.1.0.0/16')
    expect(only(ipv4)).toEqual([`cidr-syntax ${at(ipv4, '10.1.0.0/16')} "10.1.0.0/16" is not an IPv6 CIDR block (expected text like 2408:4005:3bc::/56); 10.1.0.0/16 is an IPv4 block`])
  })

  it('an IPv6 block in an IPv4-only field says so', () => {
    const text = vpcWith('', '', 'natGateways: [{name: n, vpc: v, vswitch: s, snat: [{source: "2408:4005:3bc:1200::/64"}]}]\n')
    expect(only(text)).toEqual([`cidr-syntax ${at(text, '"2408')} "2408:4005:3bc:1200::/64" is an IPv6 block; acknet plans IPv4 CIDRs only here`])
  })

  it('an instance ipv6 that is not an IPv6 address is a schema finding at its value', () => {
    const text = vpcWith('', '', 'instances:\n  - {name: i, vswitch: s, ipv6: 10.0.0.5}\n')
    expect(only(text)).toEqual([`schema ${at(text, '10.0.0.5')} "10.0.0.5" is not an IPv6 address (this is an IPv4 address; it belongs in ip)`])
  })

  it('next hops must match the destination family', () => {
    const routes = (lines: string) => vpcWith(`\n    routeTables:\n      - name: system\n        routes:\n${lines}`, '', 'natGateways: [{name: n, vpc: v, vswitch: s}]\nipv6Gateways: [{name: g, vpc: v}]\n')
    const ipv4ToGateway = routes('          - {destination: 0.0.0.0/0, nextHop: "ipv6gw:g"}\n')
    expect(only(ipv4ToGateway)).toEqual([`unknown-reference ${at(ipv4ToGateway, '"ipv6gw:g"')} an IPv6 gateway carries IPv6 only; route 0.0.0.0/0 needs nat:NAME, instance:NAME, peer:VPC or blackhole`])
    const ipv6ToNat = routes('          - {destination: "::/0", nextHop: "nat:n"}\n')
    expect(only(ipv6ToNat)).toEqual([`unknown-reference ${at(ipv6ToNat, '"nat:n"')} route ::/0: NAT gateways forward IPv4 only; IPv6 traffic leaves through an IPv6 gateway (nextHop: ipv6gw:NAME)`])
    const unknown = routes('          - {destination: "2001:250::/32", nextHop: "ipv6gw:gg"}\n')
    expect(only(unknown)).toEqual([`unknown-reference ${at(unknown, '"ipv6gw:gg"')} unknown IPv6 gateway "gg"; did you mean \`g\`?`])
    expect(only(routes('          - {destination: "2001:250::/32", nextHop: "ipv6gw:g"}\n'))).toEqual([])
  })

  it('schema: ipStack and the Service IP family fields take only their Kubernetes/ACK values', () => {
    const cluster = (clusterExtra: string, spec = '{ports: [{port: 80}]}') => vpcWith('', '', `clusters:
  - name: c
    vpc: v${clusterExtra}
    network: {plugin: terway, podVSwitches: [s]}
    services:
      - {metadata: {name: x}, spec: ${spec}}
`)
    const stack = cluster('\n    ipStack: ipv6')
    expect(only(stack)).toEqual([`schema ${at(stack, 'ipv6\n')} clusters[0].ipStack: must be one of "ipv4", "dual"; got "ipv6"; did you mean \`ipv4\`?`])
    const policy = cluster('', '{ipFamilyPolicy: PreferDualstack, ports: [{port: 80}]}')
    expect(only(policy)).toEqual([expect.stringMatching(new RegExp(`^schema ${at(policy, 'PreferDualstack')} .*"SingleStack", "PreferDualStack", "RequireDualStack"`))])
    const families = cluster('', '{ipFamilies: [IPv4, ipv6], ports: [{port: 80}]}')
    expect(only(families)).toEqual([expect.stringMatching(new RegExp(`^schema ${at(families, 'ipv6]')} .*"IPv4", "IPv6"`))])
    expect(only(cluster('\n    ipStack: dual', '{ipFamilyPolicy: RequireDualStack, ipFamilies: [IPv6, IPv4], ports: [{port: 80}]}'))).toEqual([])
  })

  it('an ipBlock except of the other family is cidr-syntax at that except', () => {
    const text = vpcWith('', '', `clusters:
  - name: c
    vpc: v
    network: {plugin: terway, podVSwitches: [s]}
    networkPolicies:
      - metadata: {name: p}
        spec:
          ingress:
            - from: [{ipBlock: {cidr: "::/0", except: [10.0.0.0/8, "2001:250::/32"]}}]
`)
    expect(only(text)).toEqual([`cidr-syntax ${at(text, '10.0.0.0/8,')} ipBlock except "10.0.0.0/8" is IPv4 but its cidr is IPv6; except blocks lie inside cidr`])
    const peer = loadModel('t.yaml', text).model.clusters[0]!.networkPolicies[0]!.ingress[0]!.peers![0]!
    expect(peer.ipBlock).toMatchObject({family: 6, except: [{family: 6, prefix: 32}]})
  })

  it('network.erdma belongs to Terway', () => {
    const text = vpcWith('', '', 'clusters:\n  - {name: c, vpc: v, network: {plugin: flannel, podCidr: 172.20.0.0/16, erdma: true}}\n')
    expect(only(text)).toEqual([`schema ${at(text, 'erdma')} network.erdma is a Terway setting; Flannel clusters have no eRDMA option`])
  })
})
