import fc from 'fast-check'
import {afterEach, describe, expect, it} from 'vitest'
import {STRUCTURAL_RULE_IDS} from '../../../src/engine/findings.js'
import type {FlowChange} from '../../../src/engine/network/diff.js'
import {netpolOnlyChange} from '../../../src/engine/network/model-delta.js'
import {netpolPruning, ruleOnlyPorts} from '../../../src/engine/network/netpol-pruning.js'
import {loadModel} from '../../../src/engine/topology/index.js'
import type {Model} from '../../../src/engine/topology/model.js'
import {checkPruningProperty, diffWith, modelOfDoc} from '../../helpers/diff-pruning.js'
import {type Doc, type Json, topologyArbitrary} from '../../fuzz/topology-arbitrary.js'

/**
 * Issue #16: for an edit to NetworkPolicies only, diff evaluates only the pairs a differing policy
 * can change (netpol-pruning.ts): a pod the destination delivers to selected for Ingress, or a pod
 * of the source selected for Egress, in either file. The reference is every pair on every port
 * (`everyPort`), which must give the same list.
 */

const SEED = Number(process.env.ACKNET_FUZZ_SEED ?? 20_261_204)
const NAMESPACES = ['web', 'api', 'default']
const APPS = ['frontend', 'backend', 'worker', 'other', 'nginx']

const modelOf = modelOfDoc

function diffOf(base: Model, head: Model, options: {everyPort?: boolean} = {}): FlowChange[] {
  return diffWith(base, head, {everyPort: options.everyPort})
}

afterEach(() => {
  netpolPruning.enabled = true
})

const selectorArbitrary = fc.record({app: fc.constantFrom(...APPS)}, {requiredKeys: []})
const peerArbitrary: fc.Arbitrary<Json> = fc.oneof(
  selectorArbitrary.map((matchLabels) => ({podSelector: {matchLabels}})),
  fc.constantFrom(...NAMESPACES).map((ns) => ({namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': ns}}})),
  fc.tuple(fc.constantFrom(...NAMESPACES), selectorArbitrary).map(([ns, matchLabels]) => ({namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': ns}}, podSelector: {matchLabels}})),
  fc.constantFrom('0.0.0.0/0', '192.168.0.0/16', '192.168.32.0/19', '172.20.0.0/16', '47.96.0.0/24', '8.8.8.0/24').map((cidr) => ({ipBlock: {cidr}})),
  fc.constant<Json>({ipBlock: {cidr: "0.0.0.0/0", except: ["192.168.64.0/24", "47.96.0.10/32"]}}),
)
const portArbitrary: fc.Arbitrary<Json> = fc.oneof(
  fc.record({port: fc.constantFrom(22, 80, 443, 5432, 8080, 30080)}),
  fc.record({port: fc.constantFrom('http', 'metrics')}),
  fc.record({protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constantFrom(53, 80, 8080)}),
  fc.record({port: fc.constant(30000), endPort: fc.constant(32767)}),
  fc.record({protocol: fc.constantFrom('UDP', 'TCP')}),
)
const ruleArbitrary = fc.record({peers: fc.array(peerArbitrary, {maxLength: 2}), ports: fc.array(portArbitrary, {maxLength: 2})})
const typesArbitrary = fc.subarray(['Ingress', 'Egress'])

const editArbitrary = fc.oneof(
  fc.record({kind: fc.constant('add-policy' as const), name: fc.constantFrom('deny-all', 'allow-web', 'allow-db', 'extra'), namespace: fc.constantFrom(...NAMESPACES), selector: selectorArbitrary, ingress: fc.array(ruleArbitrary, {maxLength: 2}), egress: fc.array(ruleArbitrary, {maxLength: 2}), types: typesArbitrary}),
  fc.record({kind: fc.constant('remove-policy' as const), at: fc.nat()}),
  fc.record({kind: fc.constant('move-policy' as const), at: fc.nat(), to: fc.nat()}),
  fc.record({kind: fc.constant('selector' as const), at: fc.nat(), selector: selectorArbitrary}),
  fc.record({kind: fc.constant('types' as const), at: fc.nat(), types: typesArbitrary}),
  fc.record({kind: fc.constant('add-rule' as const), at: fc.nat(), egress: fc.boolean(), rule: ruleArbitrary}),
  fc.record({kind: fc.constant('remove-rule' as const), at: fc.nat(), egress: fc.boolean(), rule: fc.nat()}),
  fc.record({kind: fc.constant('add-peer' as const), at: fc.nat(), egress: fc.boolean(), rule: fc.nat(), peer: peerArbitrary}),
  fc.record({kind: fc.constant('remove-peer' as const), at: fc.nat(), egress: fc.boolean(), rule: fc.nat(), peer: fc.nat()}),
  fc.record({kind: fc.constant('ports' as const), at: fc.nat(), egress: fc.boolean(), rule: fc.nat(), ports: fc.array(portArbitrary, {maxLength: 2})}),
)
/** Edits that leave every policy's name, place, selector and types alone (the port restriction's case). */
const ruleEditArbitrary = fc.oneof(
  fc.record({kind: fc.constant('add-rule' as const), at: fc.nat(), egress: fc.boolean(), rule: ruleArbitrary}),
  fc.record({kind: fc.constant('remove-rule' as const), at: fc.nat(), egress: fc.boolean(), rule: fc.nat()}),
  fc.record({kind: fc.constant('add-peer' as const), at: fc.nat(), egress: fc.boolean(), rule: fc.nat(), peer: peerArbitrary}),
  fc.record({kind: fc.constant('remove-peer' as const), at: fc.nat(), egress: fc.boolean(), rule: fc.nat(), peer: fc.nat()}),
  fc.record({kind: fc.constant('ports' as const), at: fc.nat(), egress: fc.boolean(), rule: fc.nat(), ports: fc.array(portArbitrary, {maxLength: 2})}),
)
type Edit = typeof editArbitrary extends fc.Arbitrary<infer T> ? T : never

interface Policy {
  metadata: {name: string; namespace: string}
  spec: {podSelector: Json; policyTypes?: string[]; ingress?: Array<Record<string, Json[]>>; egress?: Array<Record<string, Json[]>>}
}
type Cluster = {network: Json; networkPolicies: Policy[]; workloads: Array<Record<string, Json>>; services: Json[]; ingresses?: Json[]; ingressController?: Json}

function rule(r: {peers: Json[]; ports: Json[]}, egress: boolean): Record<string, Json[]> {
  const out: Record<string, Json[]> = {}
  if (r.peers.length > 0) out[egress ? 'to' : 'from'] = r.peers
  if (r.ports.length > 0) out.ports = r.ports
  return out
}

function edited(doc: Doc, edits: readonly Edit[]): Doc {
  const out = structuredClone(doc)
  const policies = (out.clusters as unknown as Cluster[])[0]!.networkPolicies
  for (const edit of edits) {
    if (edit.kind === 'add-policy') {
      if (policies.some((p) => p.metadata.name === edit.name && p.metadata.namespace === edit.namespace)) continue
      const spec: Policy['spec'] = {podSelector: {matchLabels: edit.selector}, ingress: edit.ingress.map((r) => rule(r, false)), egress: edit.egress.map((r) => rule(r, true))}
      if (edit.types.length > 0) spec.policyTypes = edit.types
      policies.splice(edit.ingress.length % (policies.length + 1), 0, {metadata: {name: edit.name, namespace: edit.namespace}, spec})
      continue
    }
    const policy = policies[edit.at % Math.max(1, policies.length)]
    if (!policy) continue
    const key = 'egress' in edit && edit.egress ? 'egress' : 'ingress'
    const rules = (policy.spec[key] ??= [])
    const target = 'rule' in edit && typeof edit.rule === 'number' ? rules[edit.rule % Math.max(1, rules.length)] : undefined
    const peersKey = key === 'egress' ? 'to' : 'from'
    switch (edit.kind) {
      case 'remove-policy':
        policies.splice(policies.indexOf(policy), 1)
        break
      case 'move-policy':
        policies.splice(policies.indexOf(policy), 1)
        policies.splice(edit.to % (policies.length + 1), 0, policy)
        break
      case 'selector':
        policy.spec.podSelector = {matchLabels: edit.selector}
        break
      case 'types':
        if (edit.types.length > 0) policy.spec.policyTypes = edit.types
        else delete policy.spec.policyTypes
        break
      case 'add-rule':
        rules.push(rule(edit.rule, edit.egress))
        break
      case 'remove-rule':
        if (target) rules.splice(rules.indexOf(target), 1)
        break
      case 'add-peer':
        if (target) (target[peersKey] ??= []).push(edit.peer)
        break
      case 'remove-peer': {
        const peers = target?.[peersKey]
        if (peers && peers.length > 0) peers.splice(edit.peer % peers.length, 1)
        if (peers && peers.length === 0) delete target![peersKey]
        break
      }
      case 'ports':
        if (target && edit.ports.length > 0) target.ports = edit.ports
        else if (target) delete target.ports
        break
    }
  }
  return out
}

/**
 * Ways in the base arbitrary lacks: an enforcing cluster more often, a Service whose endpoints
 * listen on its targetPort, an Ingress controller and an Ingress, a headless Service; and base
 * policies with egress rules (the base arbitrary has ingress rules only).
 */
const extrasArbitrary = fc.record({terway: fc.boolean(), wired: fc.boolean(), ingress: fc.boolean(), headless: fc.boolean(), base: fc.array(editArbitrary, {maxLength: 3})})
/** Base documents for rule edits: an enforcing cluster with policies that have rules to edit. */
const ruleExtrasArbitrary = fc.record({
  terway: fc.constant(true), wired: fc.boolean(), ingress: fc.boolean(), headless: fc.constant(false),
  base: fc.array(fc.record({kind: fc.constant('add-policy' as const), name: fc.constantFrom('deny-all', 'allow-web', 'allow-db', 'extra'), namespace: fc.constantFrom(...NAMESPACES), selector: selectorArbitrary, ingress: fc.array(ruleArbitrary, {minLength: 1, maxLength: 2}), egress: fc.array(ruleArbitrary, {maxLength: 2}), types: typesArbitrary}), {minLength: 1, maxLength: 3}),
})
type Extras = typeof extrasArbitrary extends fc.Arbitrary<infer T> ? T : never

function withExtras(doc: Doc, extras: Extras): Doc {
  const out = structuredClone(doc)
  const cluster = (out.clusters as unknown as Cluster[])[0]!
  if (extras.terway) cluster.network = {plugin: 'terway', mode: 'shared', podVSwitches: ['pod-a']}
  const service = cluster.services[0] as {metadata: {name: string; namespace: string}; spec: Record<string, Json>} | undefined
  const workload = cluster.workloads.find((w) => !w.hostNetwork && (w.replicas as number) > 0)
  if (service && workload && extras.wired) {
    const ports = workload.ports as Array<{name: string; containerPort: number}>
    if (ports.length === 0) ports.push({name: 'http', containerPort: 8080})
    service.metadata.namespace = workload.namespace as string
    service.spec.selector = workload.labels
    ;(service.spec.ports as Array<Record<string, Json>>)[0]!.targetPort = ports[0]!.containerPort
    if (cluster.services.filter((s) => JSON.stringify((s as {metadata: Json}).metadata) === JSON.stringify(service.metadata)).length > 1) service.metadata.name = 'wired'
  }
  if (service && extras.headless) service.spec.clusterIP = 'None'
  if (extras.ingress) {
    cluster.workloads.push({name: 'nginx', namespace: 'default', replicas: 1, labels: {app: 'nginx'}, ports: [{name: 'http', containerPort: 80}]})
    cluster.services.push({apiVersion: 'v1', kind: 'Service', metadata: {name: 'nginx-ingress-lb', namespace: 'default'}, spec: {type: 'LoadBalancer', selector: {app: 'nginx'}, ports: [{port: 80, targetPort: 80, protocol: 'TCP'}]}})
    cluster.ingressController = {service: 'default/nginx-ingress-lb'}
    if (service) {
      const port = (service.spec.ports as Array<{port: number}>)[0]!.port
      cluster.ingresses = [{apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'site', namespace: service.metadata.namespace}, spec: {rules: [{host: 'shop.example.com', http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: service.metadata.name, port: {number: port}}}}]}}]}}]
    }
  }
  return edited(out, extras.base)
}

describe('diff of a NetworkPolicy edit: pruned pairs', () => {
  it('gives the full evaluation (every pair, every port) for random policy edits on random topologies', () => {
    const {compared, changes, pruned} = checkPruningProperty({
      topology: topologyArbitrary, extras: extrasArbitrary, edit: editArbitrary, withExtras, edited,
      handles: netpolOnlyChange, pruning: netpolPruning, numRuns: Number(process.env.ACKNET_FUZZ_RUNS ?? 200), seed: SEED,
    })
    // the comparison must have been made, on edits that change something, with pairs skipped
    expect(compared).toBeGreaterThan(80)
    expect(changes).toBeGreaterThan(200)
    expect(pruned).toBeGreaterThan(50)
  })

  it('and on the ports of the differing rules alone when only rules change (the rule edits of the same random topologies)', () => {
    let restricted = 0
    const {compared, changes} = checkPruningProperty({
      topology: topologyArbitrary, extras: ruleExtrasArbitrary, edit: ruleEditArbitrary, withExtras, edited,
      handles: (base, head) => {
        const change = netpolOnlyChange(base, head)
        if (change && ruleOnlyPorts(base, head, change) !== 'every') restricted++
        return change
      },
      pruning: netpolPruning, numRuns: Number(process.env.ACKNET_FUZZ_RUNS ?? 150), seed: SEED + 1,
    })
    expect(compared).toBeGreaterThan(60)
    expect(changes).toBeGreaterThan(40)
    // the port restriction itself was exercised, not only the pair filter
    expect(restricted).toBeGreaterThan(40)
  })
})

/**
 * A Terway cluster with an NGINX Ingress controller in front of `web/frontend`, an ECS client and
 * two namespaces; `policies` is the cluster's NetworkPolicy list (YAML flow items).
 */
function shop(policies: readonly string[], options: {replicas?: number; comment?: boolean} = {}): Model {
  const text = `${options.comment ? '# moved down a line: every source position differs\n' : ''}apiVersion: acknet/v1
kind: Topology
metadata: {name: shop}
vpcs:
  - name: prod
    cidr: 192.168.0.0/16
    vswitches:
      - {name: node-a, zone: z, cidr: 192.168.0.0/24}
      - {name: pod-a, zone: z, cidr: 192.168.32.0/19}
      - {name: data-a, zone: z, cidr: 192.168.64.0/24}
securityGroups:
  - name: open
    vpc: prod
    type: enterprise
    rules:
      - {direction: ingress, protocol: all, peer: 0.0.0.0/0}
      - {direction: egress, protocol: all, peer: 0.0.0.0/0}
instances:
  - {name: client, vswitch: data-a, ip: 192.168.64.10, securityGroups: [open]}
clusters:
  - name: shop
    vpc: prod
    network: {plugin: terway, mode: shared, podVSwitches: [pod-a]}
    serviceCidr: 172.21.0.0/20
    nodePools: [{name: default, instanceType: ecs.g7.xlarge, count: 2, vswitches: [node-a], securityGroups: [open]}]
    namespaces: [{name: web}, {name: api}, {name: kube-system}]
    workloads:
      - {name: frontend, namespace: web, replicas: ${options.replicas ?? 2}, labels: {app: frontend}, ports: [{name: http, containerPort: 8080}]}
      - {name: backend, namespace: api, replicas: 1, labels: {app: backend}, ports: [{name: http, containerPort: 9090}]}
      - {name: nginx, namespace: kube-system, replicas: 1, labels: {app: nginx}, ports: [{name: http, containerPort: 80}]}
    services:
      - {apiVersion: v1, kind: Service, metadata: {name: frontend, namespace: web}, spec: {selector: {app: frontend}, ports: [{port: 80, targetPort: 8080}]}}
      - {apiVersion: v1, kind: Service, metadata: {name: nginx-ingress-lb, namespace: kube-system}, spec: {type: LoadBalancer, selector: {app: nginx}, ports: [{port: 80, targetPort: 80}]}}
    ingressController: {service: kube-system/nginx-ingress-lb}
    ingresses:
      - {apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: site, namespace: web}, spec: {rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: frontend, port: {number: 80}}}}]}}]}}
    networkPolicies:
${policies.map((policy) => `      - ${policy}`).join('\n')}
`
  const loaded = loadModel('shop.yaml', text)
  expect(loaded.findings.filter((f) => STRUCTURAL_RULE_IDS.has(f.ruleId))).toEqual([])
  return loaded.model
}

const policy = (namespace: string, name: string, spec: string) => `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: ${name}, namespace: ${namespace}}, spec: ${spec}}`
const denyIngress = (namespace: string, name: string) => policy(namespace, name, '{podSelector: {}, policyTypes: [Ingress]}')
const unrelated = policy('api', 'backend-only', '{podSelector: {matchLabels: {app: backend}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}}]}]}')

describe('diff of a NetworkPolicy edit: what the pruning must keep', () => {
  it('the Ingress controller is selected for Egress: the URL it relays to changes, for every source', () => {
    const base = shop([unrelated])
    const head = shop([unrelated, policy('kube-system', 'no-egress', '{podSelector: {matchLabels: {app: nginx}}, policyTypes: [Egress]}')])
    expect(netpolOnlyChange(base, head)).toBeDefined()
    const full = diffOf(base, head, {everyPort: true})
    // neither source nor the URL's receivers are selected: only the relay is
    for (const from of ['internet', 'pod:api/backend']) expect(full.some((c) => c.from === from && c.to === 'url:http://shop.example.com/' && c.change === 'removed')).toBe(true)
    expect(diffOf(base, head)).toEqual(full)
  })

  it('two unchanged policies swap places: a deny names the first, so the edit is not NetworkPolicy-only', () => {
    const base = shop([denyIngress('web', 'first'), denyIngress('web', 'second'), unrelated])
    const head = shop([denyIngress('web', 'second'), denyIngress('web', 'first'), policy('api', 'backend-only', '{podSelector: {matchLabels: {app: backend}}, policyTypes: [Ingress]}')])
    expect(netpolOnlyChange(base, head)).toBeUndefined()
    const full = diffOf(base, head, {everyPort: true})
    expect(full.some((c) => c.to === 'pod:web/frontend' && c.change === 'changed' && c.head?.reason?.object === 'networkPolicy/web/second')).toBe(true)
    expect(diffOf(base, head)).toEqual(full)
  })

  it('a removed rule changes its ports only, behind the Service port that targets them (80 → 8080 in 8000-8100)', () => {
    const allow = (rules: string) => policy('web', 'allow-frontend', `{podSelector: {matchLabels: {app: frontend}}, policyTypes: [Ingress], ingress: [${rules}]}`)
    const metrics = '{from: [{podSelector: {}}], ports: [{port: 9100}]}'
    const http = '{from: [{namespaceSelector: {}}], ports: [{protocol: TCP, port: 8000, endPort: 8100}]}'
    const base = shop([allow(`${metrics}, ${http}`), unrelated])
    const head = shop([allow(metrics), unrelated])
    const change = netpolOnlyChange(base, head)!
    const ports = ruleOnlyPorts(base, head, change)
    expect(ports === 'every' ? ports : [...ports]).toEqual([['tcp', [{from: 8000, to: 8100}]]])
    const full = diffOf(base, head, {everyPort: true})
    const removed = (to: string, port: string) => full.some((c) => c.from === 'pod:api/backend' && c.to === to && c.ports === port && c.change !== 'added')
    expect(removed('svc:web/frontend', '80')).toBe(true)
    expect(removed('pod:web/frontend', '8000-8100')).toBe(true)
    expect(diffOf(base, head)).toEqual(full)
    // the first rule removed instead: the second takes its index, yet only 9100 can change
    const shifted = shop([allow(http), unrelated])
    const shiftedPorts = ruleOnlyPorts(base, shifted, netpolOnlyChange(base, shifted)!)
    expect(shiftedPorts === 'every' ? shiftedPorts : [...shiftedPorts]).toEqual([['tcp', [{from: 8000, to: 8100}, {from: 9100, to: 9100}]]])
    expect(diffOf(base, shifted)).toEqual(diffOf(base, shifted, {everyPort: true}))
    // a selector edit is not rules alone: every port
    const reselected = shop([policy('web', 'allow-frontend', `{podSelector: {}, policyTypes: [Ingress], ingress: [${metrics}, ${http}]}`), unrelated])
    expect(ruleOnlyPorts(base, reselected, netpolOnlyChange(base, reselected)!)).toBe('every')
  })

  it('counts as NetworkPolicy-only: source positions ignored; any other difference is not', () => {
    const base = shop([unrelated])
    expect(netpolOnlyChange(base, shop([unrelated]))).toBeUndefined() // nothing differs
    const head = shop([unrelated, denyIngress('web', 'deny')])
    expect([...netpolOnlyChange(base, head)!.policies.get('shop')!].map((p) => p.name)).toEqual(['deny'])
    expect([...netpolOnlyChange(base, shop([unrelated, denyIngress('web', 'deny')], {comment: true}))!.policies.get('shop')!].map((p) => p.name)).toEqual(['deny'])
    expect(netpolOnlyChange(base, shop([unrelated, denyIngress('web', 'deny')], {replicas: 3}))).toBeUndefined()
    // a policy edited in place: both versions count (the base one selects in BASE, the head one in HEAD)
    const edited = netpolOnlyChange(shop([denyIngress('web', 'deny')]), shop([policy('web', 'deny', '{podSelector: {matchLabels: {app: other}}, policyTypes: [Ingress]}')]))
    expect(edited!.policies.get('shop')!.map((p) => p.podSelector.matchLabels)).toEqual([{}, {app: 'other'}])
  })
})
