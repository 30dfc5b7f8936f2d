import fc from 'fast-check'
import {afterEach, describe, expect, it} from 'vitest'
import {STRUCTURAL_RULE_IDS} from '../../../src/engine/findings.js'
import type {FlowChange} from '../../../src/engine/network/diff.js'
import {sgOnlyChange} from '../../../src/engine/network/model-delta.js'
import {pairPruning} from '../../../src/engine/network/sg-pruning.js'
import {loadModel} from '../../../src/engine/topology/index.js'
import type {Model} from '../../../src/engine/topology/model.js'
import {checkPruningProperty, diffWith, modelOfDoc} from '../../helpers/diff-pruning.js'
import {type Doc, dualStackTopologyArbitrary, type Json, topologyArbitrary} from '../../fuzz/topology-arbitrary.js'

/**
 * Issue #16: for an edit to security-group rules only, diff evaluates only the pairs the edit can
 * change (sg-pruning.ts) on the ports it covers or that are translated to them. The reference is
 * the full evaluation (every pair, every port: `everyPort`), which must give the same list; and
 * with pair pruning off, the port restriction alone must too.
 */

const SEED = Number(process.env.ACKNET_FUZZ_SEED ?? 20_261_204)

const modelOf = modelOfDoc

function diffOf(base: Model, head: Model, options: {everyPort?: boolean; pruning?: boolean; family?: 4 | 6} = {}): FlowChange[] {
  return diffWith(base, head, {everyPort: options.everyPort, family: options.family, pruning: {switch: pairPruning, enabled: options.pruning ?? true}})
}

afterEach(() => {
  pairPruning.enabled = true
})

// peers a receiver can see: the VPC, the pod CIDR, the NAT gateway's EIPs (SNAT), a public block, everything
const PEERS = ['0.0.0.0/0', '192.168.0.0/16', '192.168.0.0/24', '192.168.32.0/19', '172.20.0.0/16', '47.96.0.10/32', '47.96.0.0/24', '203.0.113.0/24', '8.8.8.0/24', 'sg:nodes', 'sg:pods', 'sg:db', 'sg:open']
const PORTS = ['1/65535', '22/22', '80/80', '8080/8080', '2222/2222', '30000/32767', '30000/30100', '30080/30080', '5432/5432']

const ruleArbitrary = fc.record({
  direction: fc.constantFrom('ingress', 'egress'),
  protocol: fc.constantFrom('tcp', 'tcp', 'udp', 'icmp', 'all'),
  ports: fc.constantFrom(...PORTS),
  peer: fc.constantFrom(...PEERS),
  action: fc.constantFrom('accept', 'accept', 'drop'),
  priority: fc.constantFrom(1, 1, 2, 5, 50, 100),
})

type Rule = Record<string, Json>

const editArbitrary = fc.oneof(
  fc.record({kind: fc.constant('add' as const), group: fc.nat(), rule: ruleArbitrary}),
  fc.record({kind: fc.constant('remove' as const), group: fc.nat(), at: fc.nat()}),
  fc.record({kind: fc.constant('ports' as const), group: fc.nat(), at: fc.nat(), ports: fc.constantFrom(...PORTS)}),
  fc.record({kind: fc.constant('priority' as const), group: fc.nat(), at: fc.nat(), priority: fc.constantFrom(1, 2, 50, 100)}),
  fc.record({kind: fc.constant('action' as const), group: fc.nat(), at: fc.nat()}),
  fc.record({kind: fc.constant('peer' as const), group: fc.nat(), at: fc.nat(), peer: fc.constantFrom(...PEERS)}),
)
type Edit = typeof editArbitrary extends fc.Arbitrary<infer T> ? T : never

/** More ways in than the base arbitrary has: a DNAT entry, an internet SLB, public ECS, headless and internet LoadBalancer Services. */
const extrasArbitrary = fc.record({
  dnat: fc.boolean(),
  dnatPort: fc.constantFrom(22, 80, 30080),
  internetSlb: fc.boolean(),
  headless: fc.boolean(),
  internetLb: fc.boolean(),
  rules: fc.array(ruleArbitrary, {maxLength: 4}),
})
type Extras = typeof extrasArbitrary extends fc.Arbitrary<infer T> ? T : never

const FIXED_IPS: Record<string, string> = {'node-a': '192.168.0.200', 'pod-a': '192.168.33.10', 'data-a': '192.168.64.10'}

function withExtras(doc: Doc, extras: Extras): Doc {
  const out = structuredClone(doc) as Doc & {instances: Array<Record<string, Json>>; securityGroups: Array<{name: string; type?: string; rules: Rule[]}>; clusters: Array<{services: Array<{metadata: Record<string, Json>; spec: Record<string, Json>}>}>}
  out.instances.forEach((instance, i) => {
    instance.ip = FIXED_IPS[instance.vswitch as string]!.replace(/\d+$/, (n) => String(Number(n) + i))
  })
  for (const group of out.securityGroups) group.rules = [...group.rules, ...extras.rules.map((rule) => legal(rule as unknown as Rule, group, out.securityGroups))]
  const target = out.instances[0]
  if (out.natGateways) {
    const nat = (out.natGateways as Array<Record<string, Json>>)[0]!
    nat.eips = ['47.96.0.10', '47.96.0.11']
    if (extras.dnat && target) nat.dnat = [{eip: '47.96.0.11', externalPort: 2222, internalIp: target.ip as string, internalPort: extras.dnatPort, protocol: 'tcp'}]
  }
  if (extras.internetSlb && target) {
    out.loadBalancers = [{name: 'public-slb', vpc: 'prod', vswitch: 'node-a', addressType: 'internet', address: '47.96.1.1', listeners: [{port: 443, protocol: 'tcp', backends: [`instance:${target.name as string}:${extras.dnatPort}`]}]}]
  }
  const service = out.clusters[0]?.services[0]
  if (service && extras.headless) service.spec.clusterIP = 'None'
  else if (service && extras.internetLb && service.spec.type === 'LoadBalancer') service.metadata.annotations = {'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type': 'internet'}
  return out
}

/** sg: peers only where the base arbitrary allows them (basic groups naming basic groups). */
function legal(rule: Rule, group: {type?: string}, groups: Array<{name: string; type?: string}>): Rule {
  const copy = {...rule}
  if (copy.protocol === 'icmp' || copy.protocol === 'all') delete copy.ports
  const peer = copy.peer as string
  if (peer.startsWith('sg:')) {
    const other = groups.find((g) => g.name === peer.slice(3))
    if (!other || group.type !== 'basic' || other.type !== 'basic') copy.peer = '0.0.0.0/0'
  }
  return copy
}

function edited(doc: Doc, edits: readonly Edit[]): Doc {
  const out = structuredClone(doc) as Doc & {securityGroups: Array<{name: string; type?: string; rules: Rule[]}>}
  const groups = out.securityGroups
  for (const edit of edits) {
    const group = groups[edit.group % groups.length]!
    const at = 'at' in edit ? edit.at % Math.max(1, group.rules.length) : 0
    const rule = group.rules[at]
    switch (edit.kind) {
      case 'add':
        group.rules.splice(edit.group % (group.rules.length + 1), 0, legal(edit.rule as unknown as Rule, group, groups))
        break
      case 'remove':
        if (rule) group.rules.splice(at, 1)
        break
      case 'ports':
        if (rule && (rule.protocol === 'tcp' || rule.protocol === 'udp')) rule.ports = edit.ports
        break
      case 'priority':
        if (rule) rule.priority = edit.priority
        break
      case 'action':
        if (rule) rule.action = rule.action === 'drop' ? 'accept' : 'drop'
        break
      case 'peer':
        if (rule) group.rules[at] = legal({...rule, peer: edit.peer}, group, groups)
        break
    }
  }
  return out
}

describe('diff of a security-group edit: pruned pairs', () => {
  it('gives the full evaluation (every pair, every port) for random rule edits on random topologies', () => {
    const {compared, changes, pruned} = checkPruningProperty({
      topology: topologyArbitrary, extras: extrasArbitrary, edit: editArbitrary, withExtras, edited,
      handles: sgOnlyChange, pruning: pairPruning, numRuns: Number(process.env.ACKNET_FUZZ_RUNS ?? 150), seed: SEED,
      alsoEqual: (base, head) => [['ports only', diffOf(base, head, {pruning: false})]],
    })
    // the comparison must have been made, on edits that change something, with pairs skipped
    expect(compared).toBeGreaterThan(80)
    expect(changes).toBeGreaterThan(200)
    expect(pruned).toBeGreaterThan(40)
  })

  it('and over IPv6 (--family 6) on dual-stack documents', () => {
    let compared = 0
    fc.assert(
      fc.property(dualStackTopologyArbitrary, fc.array(editArbitrary, {minLength: 1, maxLength: 3}), fc.constantFrom('::/0', '2408:4005:3bc:1210::/64', '2001:250::/32'), (doc, edits, peer) => {
        const base = modelOf(doc)
        // the edits' IPv4 peers, and one IPv6 peer in place of the first edited rule's
        const headDoc = edited(doc, [...edits, {kind: 'peer', group: edits[0]!.group, at: 0, peer}])
        const head = base && modelOf(headDoc)
        if (!base || !head || !sgOnlyChange(base, head)) return
        const full = diffOf(base, head, {everyPort: true, family: 6})
        expect(diffOf(base, head, {family: 6}), 'pruned').toEqual(full)
        compared++
      }),
      {numRuns: 40, seed: SEED},
    )
    expect(compared).toBeGreaterThan(20)
  })
})

/** How many (pair, protocol) the diff traces (counted through the sessions' range calls). */
/**
 * A Terway cluster behind a NAT gateway, an internet SLB in front of an ECS, a nodePort Service:
 * the ways a receiver sees a sender from an address other than its own. `nodes` carries the
 * edited rules; each case edits one rule and must find the change the full evaluation finds.
 */
function channels(nodeRules: string, extraRules = ''): Model {
  const text = `apiVersion: acknet/v1
kind: Topology
metadata: {name: channels}
vpcs:
  - name: prod
    cidr: 192.168.0.0/16
    routeTables: [{name: system, routes: [{destination: 0.0.0.0/0, nextHop: "nat:gw"}]}]
    vswitches:
      - {name: node-a, zone: z, cidr: 192.168.0.0/24}
      - {name: pod-a, zone: z, cidr: 192.168.32.0/19}
      - {name: data-a, zone: z, cidr: 192.168.64.0/24}
securityGroups:
  - name: nodes
    vpc: prod
    type: enterprise
    rules:
${nodeRules}
      - {direction: egress, protocol: all, peer: 0.0.0.0/0}
  - name: client
    vpc: prod
    type: enterprise
    rules:
      - {direction: egress, protocol: all, peer: 0.0.0.0/0}
${extraRules}
instances:
  - {name: client, vswitch: data-a, ip: 192.168.64.10, securityGroups: [client]}
  - {name: web, vswitch: data-a, ip: 192.168.64.20, securityGroups: [nodes], listens: [{port: 8080}]}
natGateways:
  - {name: gw, vpc: prod, vswitch: node-a, eips: [47.96.0.10], snat: [{source: 192.168.0.0/16}]}
loadBalancers:
  - {name: public, vpc: prod, vswitch: node-a, addressType: internet, address: 47.96.1.1, listeners: [{port: 443, protocol: tcp, backends: ["instance:web:8080"]}]}
clusters:
  - name: shop
    vpc: prod
    network: {plugin: terway, mode: shared, podVSwitches: [pod-a]}
    serviceCidr: 172.21.0.0/20
    nodePools: [{name: default, instanceType: ecs.g7.xlarge, count: 2, vswitches: [node-a], securityGroups: [nodes]}]
    namespaces: [{name: web}]
    workloads: [{name: frontend, namespace: web, replicas: 2, labels: {app: frontend}, ports: [{name: http, containerPort: 8080}]}]
    services:
      - {apiVersion: v1, kind: Service, metadata: {name: frontend, namespace: web}, spec: {type: NodePort, selector: {app: frontend}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}}
`
  const loaded = loadModel('channels.yaml', text)
  expect(loaded.findings.filter((f) => STRUCTURAL_RULE_IDS.has(f.ruleId))).toEqual([])
  return loaded.model
}

const rule = (peer: string, ports = '1/65535') => `      - {direction: ingress, protocol: tcp, ports: "${ports}", peer: ${peer}}`

describe('diff of a security-group edit: each way a receiver sees the sender', () => {
  it('from its NAT gateway EIP: the ECS behind the internet SLB, reached from a pod of the VPC', () => {
    const base = channels([rule('192.168.0.0/16'), rule('47.96.0.10/32')].join('\n'))
    const head = channels(rule('192.168.0.0/16'))
    const full = diffOf(base, head, {everyPort: true})
    expect(full.some((c) => c.from === 'instance:client' && c.to === 'slb:public' && c.change === 'removed')).toBe(true)
    expect(diffOf(base, head)).toEqual(full)
  })

  it('from the node in front of a nodePort endpoint (kube-proxy SNAT), and not from the sender', () => {
    const base = channels([rule('192.168.64.0/24'), rule('192.168.0.0/24')].join('\n'))
    const head = channels(rule('192.168.64.0/24'))
    const full = diffOf(base, head, {everyPort: true})
    expect(full.some((c) => c.from === 'instance:client' && c.to === 'nodeport:web/frontend' && c.change === 'removed')).toBe(true)
    expect(diffOf(base, head)).toEqual(full)
  })

  it('on the Service port whose targetPort the edit covers (the port the sender connects to)', () => {
    const base = channels(rule('192.168.0.0/16', '8080/8080'))
    const head = channels(rule('192.168.0.0/16', '9090/9090'))
    const full = diffOf(base, head, {everyPort: true})
    // the pod reaches the Service on 80 (cluster IP → targetPort 8080): reported on port 80
    expect(full.some((c) => c.to === 'svc:web/frontend' && c.ports === '80' && c.change === 'removed')).toBe(true)
    expect(diffOf(base, head)).toEqual(full)
  })
})
