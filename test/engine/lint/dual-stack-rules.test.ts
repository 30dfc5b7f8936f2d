/**
 * Dual stack (issue #17, SPEC §8): the `dual-stack` rule and the IPv6 cases of the block rules,
 * at their boundaries, each citing the requirement of alibaba-facts §10 it checks (V1–V9).
 * Line numbers count from the first line after the RuleTester's 3-line header.
 */
import {describe, expect, it} from 'vitest'
import {ruleTester, runRule} from '../../helpers/rule-tester.js'
import {service, terway, workload} from '../../helpers/topologies.js'

interface DualOptions {
  vpcIpv6?: string | null
  nodeIpv6?: string | null
  podIpv6?: string | null
  stack?: string
  network?: string
  type?: string
  extra?: string
}

const types = (...entries: string[]) => `instanceTypes:\n${entries.map((entry) => `  - ${entry}`).join('\n')}\n`

/**
 * A dual-stack Terway cluster; lines: 4 VPC ipv6Cidr, 6 node vSwitch n, 7 pod vSwitch pv,
 * 11 ipStack, 12 network, 15 node pool, then `extra`. `null` leaves a block out.
 */
function dual({vpcIpv6 = '2408:4005:3bc:1200::/56', nodeIpv6 = '2408:4005:3bc:1200::/64', podIpv6 = '2408:4005:3bc:1201::/64', stack = 'dual', network = 'mode: shared', type = 'ecs.g7.xlarge', extra = ''}: DualOptions = {}): string {
  const block = (text: string | null) => (text === null ? '' : `, ipv6Cidr: "${text}"`)
  return `vpcs:
  - name: p
    cidr: 192.168.0.0/16
    ${vpcIpv6 === null ? 'description: no IPv6 block' : `ipv6Cidr: "${vpcIpv6}"`}
    vswitches:
      - {name: n, zone: z, cidr: 192.168.0.0/24${block(nodeIpv6)}}
      - {name: pv, zone: z, cidr: 192.168.32.0/19${block(podIpv6)}}
clusters:
  - name: c
    vpc: p
    ipStack: ${stack}
    network: {plugin: terway, ${network}, podVSwitches: [pv]}
    serviceCidr: 172.21.0.0/20
    nodePools:
      - {name: np, instanceType: ${type}, count: 2, vswitches: [n]}
${extra}`
}

// ---------------------------------------------------------------------------------------------
// dual-stack: V4–V8 (platform/dual-stack.ts), vSwitches without IPv6, IPv6 gateways

ruleTester('dual-stack', {
  valid: [
    {name: 'V5: g7.xlarge has 15 IPv6 and 15 IPv4 per ENI: shared mode is dual stack', code: dual()},
    {name: 'V5: trunk mode uses the shared-ENI test too', code: dual({network: 'mode: trunk'})},
    {name: 'V5 boundary: a custom type with IPv6 = IPv4 per ENI (10 = 10)', code: dual({type: 'ecs.x', extra: types('{name: ecs.x, enis: 3, ipv4PerEni: 10, ipv6PerEni: 10}')})},
    {name: 'V6: exclusive mode needs only IPv6 per ENI > 0 (g6.xlarge has 1)', code: dual({network: 'mode: exclusive', type: 'ecs.g6.xlarge'})},
    {name: 'V8: prefix mode needs IPv6 on the ENI (g6.xlarge has 1)', code: dual({network: 'mode: prefix', type: 'ecs.g6.xlarge'})},
    {name: 'V6 boundary: exclusive without an IPv4 figure still needs only IPv6', code: dual({network: 'mode: exclusive', type: 'ecs.x', extra: types('{name: ecs.x, enis: 3, ipv6PerEni: 1}')})},
    {name: 'V7: eRDMA off is fine', code: dual({network: 'mode: shared, erdma: false'})},
    {name: 'an IPv4 cluster is not checked (g6 and no vSwitch /64 are fine there)', code: dual({stack: 'ipv4', type: 'ecs.g6.xlarge', nodeIpv6: null, podIpv6: null})},
    {name: 'V9 belongs to acs-unsupported: an ACS cluster is skipped here', code: 'vpcs: [{name: p, cidr: 10.0.0.0/16, vswitches: [{name: a, zone: z, cidr: 10.0.0.0/24}]}]\nclusters: [{name: s, type: acs, vpc: p, ipStack: dual, network: {podVSwitches: [a]}}]\n'},
    {name: 'an IPv6 gateway in a VPC with an IPv6 block, internet blocks inside it', code: dual({extra: 'ipv6Gateways: [{name: g, vpc: p, internet: ["2408:4005:3bc:1201::/64", "2408:4005:3bc:12ff::1/128"]}]\n'})},
    {name: 'an instance with ipv6: true on a vSwitch with a /64', code: dual({extra: 'instances: [{name: i, vswitch: n, ipv6: true}]\n'})},
  ],
  invalid: [
    {name: 'V5: g6.xlarge has 1 IPv6 and 10 IPv4 per ENI', code: dual({type: 'ecs.g6.xlarge'}), errors: [{line: 15, message: 'node pool np of dual-stack cluster c: in shared mode Terway turns IPv6 off unless IPv6 per ENI equals IPv4 per ENI; ecs.g6.xlarge has 1 IPv6 and 10 IPv4 per ENI; Terway runs these nodes IPv4 only, so their pods get no IPv6 address'}]},
    {name: 'V5 boundary: IPv6 one below IPv4 per ENI (9 < 10)', code: dual({type: 'ecs.x', extra: types('{name: ecs.x, enis: 3, ipv4PerEni: 10, ipv6PerEni: 9}')}), errors: [{line: 15, message: /ecs\.x has 9 IPv6 and 10 IPv4 per ENI/}]},
    {name: 'V5: Terway tests equality (daemon.go), so more IPv6 than IPv4 per ENI also turns it off', code: dual({type: 'ecs.x', extra: types('{name: ecs.x, enis: 3, ipv4PerEni: 10, ipv6PerEni: 11}')}), errors: [{line: 15, message: /ecs\.x has 11 IPv6 and 10 IPv4 per ENI/}]},
    {name: 'V5: t6, gn6i and 6th-generation bare metal (1 IPv6 per ENI) in trunk mode', code: dual({network: 'mode: trunk', type: 'ecs.ebmg6.26xlarge'}), errors: [{line: 15, message: /in trunk mode .*ecs\.ebmg6\.26xlarge has 1 IPv6 and 20 IPv4 per ENI/}]},
    {name: 'V6 boundary: exclusive mode with 0 IPv6 per ENI', code: dual({network: 'mode: exclusive', type: 'ecs.x', extra: types('{name: ecs.x, enis: 3, ipv4PerEni: 10, ipv6PerEni: 0}')}), errors: [{line: 15, message: /ecs\.x has no IPv6 address per ENI, so exclusive mode cannot give pods IPv6/}]},
    {name: 'V8: prefix mode with 0 IPv6 per ENI', code: dual({network: 'mode: prefix', type: 'ecs.x', extra: types('{name: ecs.x, enis: 3, ipv4PerEni: 10, ipv6PerEni: 0}')}), errors: [{line: 15, message: /so prefix mode cannot give pods IPv6/}]},
    {name: 'a type with no published IPv6 figure is named as the missing input', code: dual({type: 'ecs.x', extra: types('{name: ecs.x, enis: 3, ipv4PerEni: 10}')}), errors: [{line: 15, message: 'node pool np of dual-stack cluster c: ecs.x has no published IPv6 addresses per ENI (EniIpv6AddressQuantity), so whether Terway gives its pods IPv6 in shared mode is unknown; add instanceTypes[].ipv6PerEni for it'}]},
    {name: 'shared mode without an IPv4 figure names ipv4PerEni', code: dual({type: 'ecs.x', extra: types('{name: ecs.x, enis: 3, ipv6PerEni: 10}')}), errors: [{line: 15, message: /no published IPv4 addresses per ENI .*add instanceTypes\[\]\.ipv4PerEni/}]},
    {name: 'a type missing from the catalog', code: dual({type: 'ecs.nope.xlarge'}), errors: [{line: 15, message: /ecs\.nope\.xlarge is not in the instance catalog.*ipv6PerEni/}]},
    {name: 'V4: the VPC has no IPv6 block', code: dual({vpcIpv6: null, nodeIpv6: null, podIpv6: null}), errors: [{line: 10, message: "cluster c: dual stack needs the cluster's VPC to have an IPv6 block (ipv6Cidr)"}]},
    {name: 'V7: eRDMA and dual stack', code: dual({network: 'mode: shared, erdma: true'}), errors: [{line: 12, message: 'cluster c: eRDMA cannot be combined with dual stack'}]},
    {name: 'a node vSwitch without a /64', code: dual({nodeIpv6: null}), errors: [{line: 15, message: 'cluster c is dual stack, but its node vSwitch n has no IPv6 block (ipv6Cidr): nodes there get no IPv6 address'}]},
    {name: 'a pod vSwitch without a /64', code: dual({podIpv6: null}), errors: [{line: 12, message: /its pod vSwitch pv has no IPv6 block .*pods there get no IPv6 address/}]},
    {name: 'a podNetworking vSwitch without a /64', code: dual({network: 'mode: trunk', extra: '    workloads:\n      - {name: w, podNetworking: {vswitches: [e]}}\n'}).replace('    vswitches:\n', '    vswitches:\n      - {name: e, zone: z, cidr: 192.168.64.0/24}\n'), errors: [{line: 18, message: /pod vSwitch e has no IPv6 block/}]},
    {name: 'an IPv6 gateway in a VPC without an IPv6 block', code: dual({vpcIpv6: null, nodeIpv6: null, podIpv6: null, stack: 'ipv4', extra: 'ipv6Gateways: [{name: g, vpc: p}]\n'}), errors: [{line: 16, message: 'IPv6 gateway g: VPC p has no IPv6 block (ipv6Cidr)'}]},
    {name: 'a second IPv6 gateway in one VPC', code: dual({extra: 'ipv6Gateways: [{name: g, vpc: p}, {name: h, vpc: p}]\n'}), errors: [{line: 16, message: 'IPv6 gateway h: VPC p already has IPv6 gateway g; a VPC has at most one'}]},
    {name: 'an internet block outside the VPC IPv6 block (one bit past the /56)', code: dual({extra: 'ipv6Gateways: [{name: g, vpc: p, internet: ["2408:4005:3bc:1300::/64"]}]\n'}), errors: [{line: 16, message: "IPv6 gateway g: internet block 2408:4005:3bc:1300::/64 is not inside VPC p's IPv6 block 2408:4005:3bc:1200::/56; only addresses of the VPC get IPv6 internet bandwidth"}]},
    {name: 'ipv6: true on a vSwitch without a /64', code: dual({stack: 'ipv4', nodeIpv6: null, extra: 'instances: [{name: i, vswitch: n, ipv6: true}]\n'}), errors: [{line: 16, message: 'instance i asks for an IPv6 address, but its vSwitch n has no IPv6 block (ipv6Cidr)'}]},
  ],
})

it('V4: a Flannel cluster with ipStack: dual is reported at network.plugin', () => {
  const code = `vpcs:
  - {name: p, cidr: 192.168.0.0/16, ipv6Cidr: "2408:4005:3bc:1200::/56", vswitches: [{name: n, zone: z, cidr: 192.168.0.0/20, ipv6Cidr: "2408:4005:3bc:1200::/64"}]}
clusters:
  - name: c
    vpc: p
    ipStack: dual
    network: {plugin: flannel, podCidr: 172.20.0.0/16}
`
  expect(runRule('dual-stack', code).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(['7:23 cluster c: dual stack needs Terway; Flannel clusters are IPv4 only'])
})

// ---------------------------------------------------------------------------------------------
// V1–V3: the IPv6 blocks and addresses, in the rules that check the IPv4 ones

ruleTester('vpc-cidr', {
  valid: [
    {name: 'V1: the /56 Alibaba assigns', code: dual()},
    {name: 'V1 boundary: /48 and /64 are accepted', code: dual({vpcIpv6: '2408:4005::/48', nodeIpv6: '2408:4005:0:1::/64', podIpv6: '2408:4005:0:2::/64'})},
    dual({vpcIpv6: '2408:4005:3bc:1200::/64', nodeIpv6: null, podIpv6: null}),
  ],
  invalid: [
    {name: 'V1 boundary: /47', code: dual({vpcIpv6: '2408:4004::/47', nodeIpv6: null, podIpv6: null}), errors: [{line: 4, message: 'VPC p: IPv6 block 2408:4004::/47: a VPC IPv6 block is a /56 as Alibaba assigns it (/48–/64 accepted), got /47'}]},
    {name: 'V1 boundary: /65', code: dual({vpcIpv6: '2408:4005:3bc:1200::/65', nodeIpv6: null, podIpv6: null}), errors: [{line: 4, message: /got \/65/}]},
    {name: 'V1: not global unicast (a unique local block)', code: dual({vpcIpv6: 'fd00:1::/56', nodeIpv6: null, podIpv6: null}), errors: [{line: 4, message: /global unicast space \(2000::\/3\); this block is unique-local/}]},
  ],
})

ruleTester('vswitch-cidr', {
  valid: [{name: 'V2: /64s inside the /56', code: dual()}, {name: 'V2 boundary: the last /64 of the /56', code: dual({podIpv6: '2408:4005:3bc:12ff::/64'})}],
  invalid: [
    {name: 'V2: a /63 is not a vSwitch block', code: dual({podIpv6: '2408:4005:3bc:1202::/63'}), errors: [{line: 7, message: 'vSwitch pv: IPv6 block 2408:4005:3bc:1202::/63: a vSwitch IPv6 block is a /64, got /63'}]},
    {name: 'V2 boundary: the first /64 after the /56', code: dual({podIpv6: '2408:4005:3bc:1300::/64'}), errors: [{line: 7, message: "vSwitch pv: IPv6 block 2408:4005:3bc:1300::/64 is not inside VPC p's IPv6 block 2408:4005:3bc:1200::/56"}]},
    {name: 'V2: a /64 in a VPC without an IPv6 block', code: dual({vpcIpv6: null, podIpv6: null, stack: 'ipv4'}), errors: [{line: 6, message: 'vSwitch n: IPv6 block 2408:4005:3bc:1200::/64, but VPC p has no IPv6 block (ipv6Cidr) to take it from'}]},
  ],
})

ruleTester('vswitch-overlap', {
  valid: [{name: 'adjacent /64s', code: dual({podIpv6: '2408:4005:3bc:1201::/64'})}],
  invalid: [{name: 'the same /64 twice', code: dual({podIpv6: '2408:4005:3bc:1200::/64'}), errors: [{line: 7, message: 'vSwitch pv (IPv6 2408:4005:3bc:1200::/64) overlaps vSwitch n (IPv6 2408:4005:3bc:1200::/64)'}]}],
})

const instance = (address: string) => dual({stack: 'ipv4', extra: `instances: [{name: i, vswitch: n, ipv6: "${address}"}]\n`})
ruleTester('ip-address', {
  valid: [
    {name: 'V3 boundary: the first usable address (network + 1)', code: instance('2408:4005:3bc:1200::1')},
    {name: 'V3 boundary: the last usable address (last − 9)', code: instance('2408:4005:3bc:1200:ffff:ffff:ffff:fff6')},
  ],
  invalid: [
    {name: 'V3: the first address is reserved', code: instance('2408:4005:3bc:1200::'), errors: [{line: 16, message: 'instance i: IPv6 2408:4005:3bc:1200:: is reserved in vSwitch n (2408:4005:3bc:1200::/64): the first and the last nine addresses are reserved'}]},
    {name: 'V3 boundary: the ninth-last address (last − 8) is reserved', code: instance('2408:4005:3bc:1200:ffff:ffff:ffff:fff7'), errors: [{line: 16, message: /fff7 is reserved/}]},
    {name: 'an address outside the vSwitch /64', code: instance('2408:4005:3bc:1201::5'), errors: [{line: 16, message: 'instance i: IPv6 2408:4005:3bc:1201::5 is outside its vSwitch n (2408:4005:3bc:1200::/64)'}]},
    {name: 'an address on a vSwitch without IPv6', code: dual({stack: 'ipv4', nodeIpv6: null, extra: 'instances: [{name: i, vswitch: n, ipv6: "2408:4005:3bc:1200::5"}]\n'}), errors: [{line: 16, message: 'instance i: IPv6 2408:4005:3bc:1200::5 is given, but its vSwitch n has no IPv6 block (ipv6Cidr)'}]},
    {name: 'one IPv6 address twice', code: dual({stack: 'ipv4', extra: 'instances:\n  - {name: i, vswitch: n, ipv6: "2408:4005:3bc:1200::5"}\n  - {name: j, vswitch: n, ipv6: "2408:4005:3bc:1200::5"}\n'}), errors: [{line: 18, message: 'instance j: IPv6 2408:4005:3bc:1200::5 is already used by instance i'}]},
  ],
})

const routes = (lines: string, extra = '') => dual({extra: `${extra}`}).replace('    vswitches:\n', `    routeTables:\n      - name: system\n        routes:\n${lines}    vswitches:\n`)
ruleTester('route-destination', {
  valid: [
    {name: 'an IPv6 route that contains a vSwitch /64 (the /56)', code: routes('          - {destination: "2408:4005:3bc:1200::/56", nextHop: blackhole}\n')},
    {name: '::/0 in a custom table when the gateway routes only the system table', code: routes('          - {destination: "2001:250::/32", nextHop: blackhole}\n')},
  ],
  invalid: [
    {name: 'an IPv6 route equal to a vSwitch /64', code: routes('          - {destination: "2408:4005:3bc:1201::/64", nextHop: blackhole}\n'), errors: [{line: 8, message: 'route 2408:4005:3bc:1201::/64 in table system equals the IPv6 block of vSwitch pv (2408:4005:3bc:1201::/64), which the table already routes locally'}]},
    {name: 'an IPv6 route inside a vSwitch /64', code: routes('          - {destination: "2408:4005:3bc:1201::/96", nextHop: blackhole}\n'), errors: [{line: 8, message: /2408:4005:3bc:1201::\/96 in table system lies inside the IPv6 block of vSwitch pv/}]},
    {name: 'the same IPv6 destination twice', code: routes('          - {destination: "2001:250::/32", nextHop: blackhole}\n          - {destination: "2001:250::/32", nextHop: blackhole}\n'), errors: [{line: 9, message: 'route 2001:250::/32 appears twice in table system (first as routes[0])'}]},
    {name: '::/0 in the system table next to the one the IPv6 gateway added', code: routes('          - {destination: "::/0", nextHop: "ipv6gw:g"}\n', 'ipv6Gateways: [{name: g, vpc: p}]\n'), errors: [{line: 8, message: 'route ::/0 in table system: creating IPv6 gateway g already added ::/0 to the system table'}]},
  ],
})

ruleTester('route-quota', {
  valid: [{name: 'one IPv4 and one IPv6 custom route fill a quota of 2 (the gateway route is free)', code: `settings: {routeEntriesPerTable: 2}\n${routes('          - {destination: 10.0.0.0/8, nextHop: blackhole}\n          - {destination: "2001:250::/32", nextHop: blackhole}\n', 'ipv6Gateways: [{name: g, vpc: p}]\n')}`}],
  invalid: [{name: 'a third route of either family exceeds it', code: `settings: {routeEntriesPerTable: 2}\n${routes('          - {destination: 10.0.0.0/8, nextHop: blackhole}\n          - {destination: "2001:250::/32", nextHop: blackhole}\n          - {destination: "2001:251::/32", nextHop: blackhole}\n')}`, errors: [{line: 11, message: 'route table system of VPC p has 3 custom routes; the quota is 2'}]}],
})

const sg = (rules: string, vpcIpv6 = true) => `vpcs: [{name: p, cidr: 10.0.0.0/16${vpcIpv6 ? ', ipv6Cidr: "2408:4005:3bc:1200::/56"' : ''}}]\nsecurityGroups:\n  - name: g\n    vpc: p\n    rules:\n${rules}`
ruleTester('sg-open-admin-port', {
  valid: [{name: 'SSH from one IPv6 block', code: sg('      - {direction: ingress, protocol: tcp, ports: "22/22", peer: "2001:250::/32"}\n')}],
  invalid: [
    {name: 'SSH from ::/0', code: sg('      - {direction: ingress, protocol: tcp, ports: "22/22", peer: "::/0"}\n'), errors: [{line: 6, message: 'security group g accepts tcp from ::/0 to 22 (SSH)'}]},
    {name: 'a drop from 0.0.0.0/0 does not close SSH from ::/0', code: sg('      - {direction: ingress, protocol: tcp, ports: "22/22", peer: "::/0", priority: 5}\n      - {direction: ingress, protocol: tcp, ports: "22/22", peer: 0.0.0.0/0, action: drop, priority: 1}\n'), errors: [{line: 6, message: /from ::\/0 to 22 \(SSH\)/}]},
  ],
})

ruleTester('sg-rule-shadowed', {
  valid: [
    {name: 'an IPv6 rule below an IPv4 rule of the same ports: different families never touch', code: sg('      - {direction: ingress, protocol: tcp, ports: "80/80", peer: 0.0.0.0/0}\n      - {direction: ingress, protocol: tcp, ports: "80/80", peer: "::/0"}\n')},
    {name: 'in a dual-stack VPC, a rule for any address is not covered by 0.0.0.0/0 alone (IPv6 packets reach it)', code: sg('      - {direction: ingress, protocol: tcp, ports: "80/80", peer: 0.0.0.0/0}\n      - {direction: ingress, protocol: tcp, ports: "80/80"}\n')},
  ],
  invalid: [
    {name: 'an IPv6 rule inside an earlier IPv6 rule', code: sg('      - {direction: ingress, protocol: tcp, ports: "80/80", peer: "::/0"}\n      - {direction: ingress, protocol: tcp, ports: "80/80", peer: "2001:250::/32"}\n'), errors: [{line: 7, message: /rule #1 \(accept tcp 80 from 2001:250::\/32, priority 1\) is never reached: rule #0 \(accept tcp 80 from ::\/0, priority 1\) decides/}]},
    {name: 'a rule for any address covered by 0.0.0.0/0 and ::/0 together', code: sg('      - {direction: ingress, protocol: tcp, ports: "80/80", peer: 0.0.0.0/0}\n      - {direction: ingress, protocol: tcp, ports: "80/80", peer: "::/0"}\n      - {direction: ingress, protocol: tcp, ports: "80/80"}\n'), errors: [{line: 8, message: /rule #2 \(accept tcp 80 from any address, priority 1\) is never reached: rules #0 .*, #1 /}]},
    {name: 'in an IPv4-only VPC, 0.0.0.0/0 still covers a rule for any address', code: sg('      - {direction: ingress, protocol: tcp, ports: "80/80", peer: 0.0.0.0/0}\n      - {direction: ingress, protocol: tcp, ports: "80/80"}\n', false), errors: [{line: 7, message: /rule #1 \(accept tcp 80 from 0\.0\.0\.0\/0, priority 1\) is never reached/}]},
  ],
})

// ---------------------------------------------------------------------------------------------
// Services: service-ip-family owns "requires IPv6 in a single-stack cluster" (not dual-stack)

ruleTester('service-ip-family', {
  valid: [
    {name: 'RequireDualStack in a dual-stack cluster', code: dual({extra: `    services:\n      ${service('s', '{ipFamilyPolicy: RequireDualStack, ipFamilies: [IPv6, IPv4], ports: [{port: 80}]}')}\n`})},
    {name: 'IPv6-only in a dual-stack cluster', code: dual({extra: `    services:\n      ${service('s', '{ipFamilies: [IPv6], ports: [{port: 80}]}')}\n`})},
  ],
  invalid: [
    {name: 'RequireDualStack when the same cluster says ipStack: ipv4', code: dual({stack: 'ipv4', extra: `    services:\n      ${service('s', '{ipFamilyPolicy: RequireDualStack, ports: [{port: 80}]}')}\n`}), errors: [{line: 17, message: /ipFamilyPolicy RequireDualStack in cluster c, which is IPv4 only/}]},
  ],
})

describe('one owner per dual-stack fact', () => {
  it('ACS with ipStack: dual is acs-unsupported alone (V9)', () => {
    const code = 'vpcs: [{name: p, cidr: 10.0.0.0/16, ipv6Cidr: "2408:4005:3bc:1200::/56", vswitches: [{name: a, zone: z, cidr: 10.0.0.0/24}]}]\nclusters: [{name: s, type: acs, vpc: p, ipStack: dual, network: {podVSwitches: [a]}}]\n'
    expect(runRule('acs-unsupported', code).map((f) => f.message)).toEqual(['ACS cluster s: dual stack is not supported in ACS'])
    expect(runRule('dual-stack', code)).toEqual([])
  })

  it('a Service requiring IPv6 in an IPv4 cluster is service-ip-family alone', () => {
    const code = terway({services: [service('s', '{ipFamilyPolicy: RequireDualStack, ports: [{port: 80}]}')], workloads: [workload('a', 1)]})
    expect(runRule('service-ip-family', code)).toHaveLength(1)
    expect(runRule('dual-stack', code)).toEqual([])
  })
})
