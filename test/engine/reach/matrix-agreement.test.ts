import fc from 'fast-check'
import {readFileSync} from 'node:fs'
import yaml from 'js-yaml'
import {afterEach, describe, expect, it} from 'vitest'
import {AcknetError} from '../../../src/errors.js'
import {STRUCTURAL_RULE_IDS} from '../../../src/engine/findings.js'
import {type MatrixEntry, planMatrix, runMatrix} from '../../../src/engine/reach/matrix.js'
import {farNodeGrouping} from '../../../src/engine/reach/pairs.js'
import {sharedTraces} from '../../../src/engine/reach/shared-traces.js'
import {parseRef} from '../../../src/engine/reach/endpoints.js'
import type {ReachProtocol} from '../../../src/engine/reach/reach.js'
import {ReachSession} from '../../../src/engine/reach/session.js'
import {formatAddress} from '../../../src/engine/reach/family.js'
import type {Model} from '../../../src/engine/topology/model.js'
import {loadModel} from '../../../src/engine/topology/index.js'
// @ts-expect-error plain ESM JavaScript without type declarations (bench/ is not compiled)
import {generate, toYaml} from '../../../bench/gen-xl.js'
import {type Doc, type Json, topologyArbitrary} from '../../fuzz/topology-arbitrary.js'

/**
 * The matrix's fast path (issue #16: the port chosen once per destination, error rows built
 * without throwing, SLB senders on nodes without a backend traced once per node key, traces and
 * whole rows shared across senders of one profile, shared-traces.ts and shared-rows.ts) gives, row
 * for row and field for field, what `session.reach` gives pair by pair with paths — the reference
 * traces every node and shares nothing — and, where reach throws, the row of its error message.
 */
const SEED = Number(process.env.ACKNET_FUZZ_SEED ?? 20_261_204)

afterEach(() => {
  farNodeGrouping.enabled = true
  sharedTraces.enabled = true
  sharedTraces.markFirst = true
})

function resetCounters(): void {
  sharedTraces.hits = sharedTraces.misses = sharedTraces.retraces = sharedTraces.rows = sharedTraces.renamed = sharedTraces.regrouped = sharedTraces.summaryHits = 0
}

const ESTATE_PEERS = ['0.0.0.0/0', '192.168.0.0/16', '192.168.64.0/24', '192.168.65.0/24', '192.168.64.0/26']
const estateRule = (direction: 'ingress' | 'egress', groups: number) =>
  fc
    .record({
      protocol: fc.constantFrom('tcp', 'tcp', 'all', 'udp'),
      ports: fc.constantFrom('1/65535', '80/80', '5432/5432', '22/22', '1/1024'),
      peer: fc.oneof({arbitrary: fc.constantFrom(...ESTATE_PEERS), weight: 4}, {arbitrary: fc.integer({min: 0, max: groups}).map((i) => (i === groups ? 'sg:shared' : `sg:ecs-sg-${i}`)), weight: 1}),
      action: fc.constantFrom('accept', 'accept', 'drop'),
      priority: fc.integer({min: 1, max: 4}),
    })
    .map((r) => ({direction, protocol: r.protocol, ...(r.protocol === 'tcp' || r.protocol === 'udp' ? {ports: r.ports} : {}), peer: r.peer, action: r.action, priority: r.priority}))

/**
 * ECS that each have a security group of their own (as at 1× xl), whose egress rules are copies of
 * a few templates (so distinct groups evaluate egress alike; some drop, so shared denials must name
 * each sender's own group), with ingress rules naming other ECS groups as `sg:` peers, basic groups
 * (the same-group default, innerAccess), a basic group shared by some ECS, and an SLB in front of
 * some of them.
 */
const ecsEstateArbitrary = fc.integer({min: 3, max: 7}).chain((count) =>
  fc.record({
    egress: fc.array(fc.array(estateRule('egress', count), {maxLength: 3}), {minLength: 1, maxLength: 3}),
    basic: fc.boolean(),
    ecs: fc.array(
      fc.record({
        template: fc.nat(),
        enterprise: fc.boolean(),
        innerDrop: fc.boolean(),
        ingress: fc.array(estateRule('ingress', count), {maxLength: 4}),
        shared: fc.boolean(),
        vswitch: fc.constantFrom('data-a', 'data-a', 'data-b'),
        listens: fc.subarray([80, 5432, 22], {minLength: 1}),
        backend: fc.boolean(),
      }),
      {minLength: count, maxLength: count},
    ),
    sharedRules: fc.array(estateRule('ingress', count), {maxLength: 2}),
  }).map((p) => {
    const groups: Json[] = p.ecs.map((e, i) => ({
      name: `ecs-sg-${i}`,
      vpc: 'prod',
      type: p.basic && !e.enterprise ? 'basic' : 'enterprise',
      ...(p.basic && !e.enterprise && e.innerDrop ? {innerAccess: 'drop'} : {}),
      rules: [...e.ingress, ...p.egress[e.template % p.egress.length]!],
    }))
    groups.push({name: 'shared', vpc: 'prod', type: 'basic', rules: p.sharedRules})
    const instances = p.ecs.map((e, i) => ({
      name: `ecs-${i}`,
      vswitch: e.vswitch,
      // a basic group and the shared basic group may go together (one type per ENI)
      securityGroups: p.basic && !e.enterprise && e.shared ? [`ecs-sg-${i}`, 'shared'] : [`ecs-sg-${i}`],
      listens: e.listens.map((port) => ({port, protocol: 'tcp'})),
    }))
    const backends = p.ecs.flatMap((e, i) => (e.backend ? [`instance:ecs-${i}:80`] : []))
    const doc: Doc = {
      apiVersion: 'acknet/v1',
      kind: 'Topology',
      metadata: {name: 'estate', region: 'cn-hangzhou'},
      vpcs: [{name: 'prod', cidr: '192.168.0.0/16', vswitches: [{name: 'data-a', zone: 'cn-hangzhou-h', cidr: '192.168.64.0/24'}, {name: 'data-b', zone: 'cn-hangzhou-i', cidr: '192.168.65.0/24'}]}],
      securityGroups: groups,
      instances: instances as unknown as Json,
    }
    if (backends.length > 0) doc.loadBalancers = [{name: 'front', vpc: 'prod', vswitch: 'data-a', addressType: 'intranet', listeners: [{port: 80, protocol: 'tcp', backends}]}]
    return doc
  }),
)

/** The cell of one pair asked of reach itself, in a fresh session with no grouping of nodes. */
function referenceRows(model: Model, sources: readonly string[], destinations: readonly string[], query: {port?: number; protocol?: ReachProtocol}): MatrixEntry[] {
  farNodeGrouping.enabled = false
  try {
    const session = new ReachSession(model)
    const rows: MatrixEntry[] = []
    for (const from of sources) {
      for (const to of destinations) {
        if (from === to && !['pod', 'node'].includes(parseRef(from).kind)) continue
        try {
          const {paths: _paths, fix: _fix, missing: _missing, ...cell} = session.reach(from, to, {...query, paths: true})
          rows.push(cell)
        } catch (error) {
          if (!(error instanceof AcknetError)) throw error
          rows.push({from: {ref: from, kind: parseRef(from).kind, address: null}, to: {ref: to, kind: parseRef(to).kind, address: null}, protocol: query.protocol ?? 'tcp', port: query.port ?? null, family: session.ctx.family, reason: null, error: error.message})
        }
      }
    }
    return rows
  } finally {
    farNodeGrouping.enabled = true
  }
}

/** Matrix rows and reference rows, compared row by row (a failure names the pair). */
function expectAgreement(model: Model, query: {from?: string[]; to?: string[]; port?: number; protocol?: ReachProtocol}): {rows: number; errors: number; slb: number} {
  const session = new ReachSession(model)
  const plan = planMatrix(session, query)
  const fast = runMatrix(session, query)
  const reference = referenceRows(model, plan.sources, plan.destinations, query)
  expect(fast.length).toBe(reference.length)
  for (let i = 0; i < fast.length; i++) expect(fast[i], `${reference[i]!.from.ref} → ${reference[i]!.to.ref}`).toEqual(reference[i])
  return {rows: fast.length, errors: fast.filter((row) => row.error !== undefined).length, slb: fast.filter((row) => row.error === undefined && (row.to.kind === 'lb' || row.to.kind === 'slb')).length}
}

function fuzzModel(doc: unknown): Model | undefined {
  const loaded = loadModel('fuzz.yaml', yaml.dump(doc, {lineWidth: -1, noRefs: true}))
  if (loaded.findings.some((f) => STRUCTURAL_RULE_IDS.has(f.ruleId))) return undefined
  return loaded.model
}

describe('matrix rows agree with reach pair by pair', () => {
  it('on random topologies, every source to every destination, with and without --port', () => {
    let rows = 0
    let errors = 0
    let slb = 0
    resetCounters()
    // small topologies: keep each shared trace at once, so that later senders meet it
    sharedTraces.markFirst = false
    fc.assert(
      fc.property(topologyArbitrary, fc.constantFrom<number | undefined>(undefined, 80, 8080, 5432), fc.constantFrom<ReachProtocol>('tcp', 'tcp', 'udp'), (doc, port, protocol) => {
        const model = fuzzModel(doc)
        if (!model) return
        const counts = expectAgreement(model, {from: ['*'], to: ['*'], port, protocol})
        rows += counts.rows
        errors += counts.errors
        slb += counts.slb
      }),
      {numRuns: 60, seed: SEED},
    )
    // the properties met every kind of row: traced, not evaluated (no port to pick), through an SLB
    expect(rows).toBeGreaterThan(500)
    expect(errors).toBeGreaterThan(50)
    expect(slb).toBeGreaterThan(20)
    // and traces and rows shared across senders, with reasons named for the sender that was not traced
    expect(sharedTraces.hits).toBeGreaterThan(30)
    expect(sharedTraces.rows).toBeGreaterThan(100)
    expect(sharedTraces.renamed).toBeGreaterThan(15)
  })

  it('on random topologies, sharing traces and rows across senders changes no cell', () => {
    let shared = 0
    resetCounters()
    sharedTraces.markFirst = false
    fc.assert(
      fc.property(topologyArbitrary, fc.constantFrom<number | undefined>(undefined, 80, 8080, 5432, 443), (doc, port) => {
        const model = fuzzModel(doc)
        if (!model) return
        const query = {from: ['*'], to: ['*'], port}
        sharedTraces.enabled = false
        const reference = runMatrix(new ReachSession(model), query)
        sharedTraces.enabled = true
        const before = sharedTraces.hits + sharedTraces.rows
        const fast = runMatrix(new ReachSession(model), query)
        shared += sharedTraces.hits + sharedTraces.rows - before
        expect(fast).toEqual(reference)
      }),
      {numRuns: 150, seed: SEED + 1},
    )
    expect(shared).toBeGreaterThan(500)
    expect(sharedTraces.renamed).toBeGreaterThan(30)
  })

  it('ECS with groups of their own that evaluate egress alike share traces: same cells, reasons naming each sender\'s own group', () => {
    let sharedAcross = 0
    let egressDenials = 0
    resetCounters()
    fc.assert(
      fc.property(ecsEstateArbitrary, fc.constantFrom<number | undefined>(undefined, 80, 5432, 22), fc.boolean(), (doc, port, markFirst) => {
        const model = fuzzModel(doc)
        if (!model) return
        sharedTraces.markFirst = markFirst
        const query = {from: ['*'], to: ['*'], port}
        sharedTraces.enabled = false
        const reference = runMatrix(new ReachSession(model), query)
        sharedTraces.enabled = true
        const before = sharedTraces.hits + sharedTraces.summaryHits
        const fast = runMatrix(new ReachSession(model), query)
        expect(fast).toEqual(reference)
        // every ECS has a group of its own: a trace reused is one traced for an ECS with other groups
        sharedAcross += sharedTraces.hits + sharedTraces.summaryHits - before
        egressDenials += fast.filter((row) => row.reason?.code === 'SG_EGRESS_DENIED').length
        // and with reach itself, pair by pair (no sharing, every pair traced with paths)
        if (port !== undefined) expectAgreement(model, query)
      }),
      {numRuns: 120, seed: SEED + 2},
    )
    expect(sharedAcross).toBeGreaterThan(200)
    expect(egressDenials).toBeGreaterThan(200)
    // shared egress denials rendered for senders whose groups the trace did not name
    expect(sharedTraces.regrouped).toBeGreaterThan(100)
  })

  it('a basic group whose only member is another ECS at the sender\'s address is read by that ECS: not shared with a look-alike', () => {
    // x and y share an address (lint: ip-address), so y's basic group b admits x as a member; z is
    // x's look-alike (vSwitch, egress, a private basic group of its own) at another address
    const model = loadModel('same-address.yaml', [
      'apiVersion: acknet/v1',
      'kind: Topology',
      'metadata: {name: same-address}',
      'vpcs: [{name: prod, cidr: 192.168.0.0/16, vswitches: [{name: data-a, zone: cn-hangzhou-h, cidr: 192.168.64.0/24}]}]',
      'securityGroups:',
      ...['a', 'b', 'c'].map((name) => `  - {name: ${name}, vpc: prod, type: basic, rules: [{direction: egress, protocol: all, peer: 0.0.0.0/0}]}`),
      'instances:',
      '  - {name: x, vswitch: data-a, ip: 192.168.64.10, securityGroups: [a], listens: [{port: 80, protocol: tcp}]}',
      '  - {name: y, vswitch: data-a, ip: 192.168.64.10, securityGroups: [b], listens: [{port: 80, protocol: tcp}]}',
      '  - {name: z, vswitch: data-a, ip: 192.168.64.11, securityGroups: [c], listens: [{port: 80, protocol: tcp}]}',
    ].join('\n')).model
    resetCounters()
    expectAgreement(model, {from: ['instance:x', 'instance:z'], to: ['instance:y'], port: 80})
    const rows = runMatrix(new ReachSession(model), {from: ['instance:x', 'instance:z'], to: ['instance:y'], port: 80})
    expect(rows.map((row) => [row.from.ref, row.verdict, row.reason?.code ?? null])).toEqual([
      ['instance:x', 'allowed', null],
      ['instance:z', 'denied', 'SG_INGRESS_DENIED'],
    ])
  })

  it('on the generated xl topology, every source to every destination: sharing changes no cell', () => {
    const {topology, summary: stats} = generate({scale: 0.05})
    const model: Model = loadModel('xl.yaml', toYaml(topology, stats)).model
    resetCounters()
    sharedTraces.enabled = false
    const reference = runMatrix(new ReachSession(model), {from: ['*'], to: ['*']})
    sharedTraces.enabled = true
    const fast = runMatrix(new ReachSession(model), {from: ['*'], to: ['*']})
    expect(fast.length).toBe(reference.length)
    for (let i = 0; i < fast.length; i++) expect(fast[i], `${reference[i]!.from.ref} → ${reference[i]!.to.ref}`).toEqual(reference[i])
    // workloads' replicas share profiles: most rows are answered from another source's row
    expect(sharedTraces.rows).toBeGreaterThan(fast.filter((row) => row.error === undefined).length / 2)
    expect(sharedTraces.renamed).toBeGreaterThan(100)
  })

  it('senders a security-group rule tells apart by address within one vSwitch are not shared', () => {
    const {topology, summary: stats} = generate({scale: 0.05})
    const plain = loadModel('xl.yaml', toYaml(topology, stats)).model
    // one pod address, admitted on every port by every ECS group ahead of its other rules
    const pod = plain.clusters[0]!.workloads.filter((w) => w.pods.length > 1)[5]!.pods[1]!
    for (const group of topology.securityGroups as Array<{name: string; rules: unknown[]}>) {
      if (group.name.includes('-sg-')) group.rules.unshift({direction: 'ingress', protocol: 'tcp', ports: '1/65535', peer: `${formatAddress(pod.ip!)}/32`, priority: 1})
    }
    const model = loadModel('xl.yaml', toYaml(topology, stats)).model
    const query = {from: ['pod:*'], to: ['instance:*']}
    sharedTraces.enabled = false
    const reference = runMatrix(new ReachSession(model), query)
    sharedTraces.enabled = true
    const fast = runMatrix(new ReachSession(model), query)
    for (let i = 0; i < fast.length; i++) expect(fast[i], `${reference[i]!.from.ref} → ${reference[i]!.to.ref}`).toEqual(reference[i])
    // the rule changed answers: that pod's workload is partly admitted where its vSwitch-mates are not
    const own = `pod:${pod.workload.namespace.name}/${pod.workload.name}`
    expect(fast.some((row) => row.from.ref === own && row.verdict === 'partial')).toBe(true)
  })

  it('senders of one profile that the SLB backends\' policy tells apart by labels are not shared (identity)', () => {
    const model = slbShop('identity', {defaultNodes: 4, frontendReplicas: 2, targetPort: 8080, networkPolicies: [
      '      - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: only-frontend, namespace: api}, spec: {podSelector: {matchLabels: {app: backend}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: frontend}}}]}]}}',
    ]})
    resetCounters()
    expectAgreement(model, {from: ['pod:web/*'], to: ['lb:*'], port: 80})
    const rows = runMatrix(new ReachSession(model), {from: ['pod:web/frontend', 'pod:web/other'], to: ['lb:api/backend'], port: 80})
    expect(rows.map((row) => [row.from.ref, row.verdict, row.reason?.code ?? null])).toEqual([
      ['pod:web/frontend', 'allowed', null],
      ['pod:web/other', 'denied', 'NETPOL_INGRESS_DENIED'],
    ])
    // the two workloads' pods share one profile (same vSwitch, groups, no egress policy): the cells were folded
    expect(sharedTraces.rows).toBeGreaterThan(0)
  })

  it('folded SLB cells carry the warnings of their senders\' summaries (a backend port the pods do not declare)', () => {
    // the backend listens on 8080 only; the Service sends to 9090
    const model = slbShop('warned', {defaultNodes: 3, frontendReplicas: 3, targetPort: 9090})
    resetCounters()
    expectAgreement(model, {from: ['pod:web/*', 'node:default'], to: ['lb:*'], port: 80})
    const rows = runMatrix(new ReachSession(model), {from: ['pod:web/frontend', 'pod:web/other', 'node:default'], to: ['lb:api/backend'], port: 80})
    expect(rows.map((row) => [row.from.ref, row.verdict, row.warnings?.map((w) => w.code)])).toEqual([
      ['pod:web/frontend', 'allowed', ['PORT_NOT_DECLARED']],
      ['pod:web/other', 'allowed', ['PORT_NOT_DECLARED']],
      ['node:default', 'allowed', ['PORT_NOT_DECLARED']],
    ])
    // the cells were folded from summaries, one of them shared with another sender of its profile
    expect(sharedTraces.rows).toBeGreaterThan(1)
    expect(sharedTraces.summaryHits).toBeGreaterThan(0)
  })

  it('on the generated xl topology: node pools, pods and ECS to SLBs, ECS and workloads', () => {
    const {topology, summary: stats} = generate({scale: 0.05})
    const model: Model = loadModel('xl.yaml', toYaml(topology, stats)).model
    const cluster = model.clusters[0]!
    const pools = cluster.nodePools.map((p) => `node:${p.name}`)
    const pods = cluster.workloads.filter((_, i) => i % 9 === 0).map((w) => `pod:${w.namespace.name}/${w.name}`)
    const instances = model.instances.filter((_, i) => i % 7 === 0).map((i) => `instance:${i.name}`)
    const lbs = model.loadBalancers.map((lb) => (lb.name.split('/').length === 3 ? `lb:${lb.name.split('/').slice(1).join('/')}` : `slb:${lb.name}`))
    const destinations = [...lbs, ...instances, ...pods.slice(0, 4), 'internet']
    const counts = expectAgreement(model, {from: [...pools, ...pods, ...instances.slice(0, 3)], to: destinations})
    expect(counts.slb).toBeGreaterThan(50)
    expect(counts.errors).toBeGreaterThan(10)
    expect(counts.rows - counts.errors - counts.slb).toBeGreaterThan(50)
  })

  it('a pool across two vSwitches to an SLB whose ACL admits one of them: partial, as every node traced gives', () => {
    const text = readFileSync(new URL('../../../fixtures/reach/terway.yaml', import.meta.url), 'utf8')
      .replace('      - { name: iso-i,', '      - { name: node-j, zone: cn-hangzhou-i, cidr: 192.168.96.0/24 }\n      - { name: iso-i,')
      .replace('{ name: default, instanceType: ecs.g7.2xlarge, count: 3, vswitches: [node-i],', '{ name: default, instanceType: ecs.g7.2xlarge, count: 4, vswitches: [node-i, node-j],')
    const model = loadModel('two-vswitches.yaml', text).model
    expect(new Set(model.clusters[0]!.nodePools[0]!.nodes.map((n) => n.vswitch.name))).toEqual(new Set(['node-i', 'node-j']))
    expectAgreement(model, {from: ['node:*', 'pod:*'], to: ['slb:*', 'lb:*'], port: 80})
    const [row] = runMatrix(new ReachSession(model), {from: ['node:default'], to: ['slb:legacy-slb'], port: 80})
    expect(row!.verdict).toBe('partial')
    expect(row!.reason?.code).toBe('LB_ACL_DENIED')
  })

  it('masqueraded Flannel pods of one class on nodes the SLB ACL tells apart: partial, as every node traced gives', () => {
    const text = readFileSync(new URL('../../../fixtures/reach/flannel.yaml', import.meta.url), 'utf8')
      .replace('natGateways:', ['loadBalancers:', '  - name: edge-slb', '    vpc: flan', '    vswitch: nodes-a', '    addressType: intranet', '    address: 192.168.0.250', '    acl: { type: white, cidrs: [192.168.0.0/30] }', '    listeners:', '      - { port: 80, protocol: tcp, backends: ["instance:mysql-1:3306"] }', 'natGateways:'].join('\n'))
      .replace('      - name: client\n', ['      - name: spread', '        namespace: tools', '        replicas: 5', '        labels: { app: spread }', '      - name: client', ''].join('\n'))
    const model = loadModel('flannel-acl.yaml', text).model
    expectAgreement(model, {from: ['*'], to: ['*'], port: 80})
    // the pods sit on five nodes of one vSwitch; the ACL admits the first two node addresses only
    const [row] = runMatrix(new ReachSession(model), {from: ['pod:tools/spread'], to: ['slb:edge-slb'], port: 80})
    expect(row!.verdict).toBe('partial')
    expect(row!.reason).toEqual({code: 'LB_ACL_DENIED', object: 'loadBalancer/edge-slb', message: 'SLB ACL: 192.168.0.4 is not in the whitelist (192.168.0.0/30)'})
  })
})

/**
 * A Terway cluster with two web workloads (frontend, other), a default pool, and an api backend
 * on a pool of its own behind an intranet LoadBalancer Service (port 80 to `targetPort`; the
 * backend declares 8080).
 */
function slbShop(name: string, options: {defaultNodes: number; frontendReplicas: number; targetPort: number; networkPolicies?: string[]}): Model {
  return loadModel(`${name}.yaml`, [
    'apiVersion: acknet/v1',
    'kind: Topology',
    `metadata: {name: ${name}}`,
    'vpcs:',
    '  - name: prod',
    '    cidr: 192.168.0.0/16',
    '    vswitches:',
    '      - {name: node-a, zone: z, cidr: 192.168.0.0/24}',
    '      - {name: pod-a, zone: z, cidr: 192.168.32.0/19}',
    'securityGroups:',
    '  - {name: open, vpc: prod, type: enterprise, rules: [{direction: ingress, protocol: all, peer: 0.0.0.0/0}, {direction: egress, protocol: all, peer: 0.0.0.0/0}]}',
    'clusters:',
    '  - name: shop',
    '    vpc: prod',
    '    network: {plugin: terway, mode: shared, podVSwitches: [pod-a]}',
    '    serviceCidr: 172.21.0.0/20',
    `    nodePools: [{name: default, instanceType: ecs.g7.xlarge, count: ${options.defaultNodes}, vswitches: [node-a], securityGroups: [open]}, {name: data, instanceType: ecs.g7.xlarge, count: 1, vswitches: [node-a], securityGroups: [open]}]`,
    '    namespaces: [{name: web}, {name: api}]',
    '    workloads:',
    `      - {name: frontend, namespace: web, replicas: ${options.frontendReplicas}, labels: {app: frontend}}`,
    '      - {name: other, namespace: web, replicas: 2, labels: {app: other}}',
    '      - {name: backend, namespace: api, replicas: 1, labels: {app: backend}, nodePool: data, ports: [{name: http, containerPort: 8080}]}',
    '    services:',
    `      - {apiVersion: v1, kind: Service, metadata: {name: backend, namespace: api, annotations: {service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet}}, spec: {type: LoadBalancer, selector: {app: backend}, ports: [{port: 80, targetPort: ${options.targetPort}}]}}`,
    ...(options.networkPolicies ? ['    networkPolicies:', ...options.networkPolicies] : []),
  ].join('\n')).model
}
