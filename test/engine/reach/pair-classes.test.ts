import fc from 'fast-check'
import yaml from 'js-yaml'
import {afterEach, describe, expect, it} from 'vitest'
import {STRUCTURAL_RULE_IDS} from '../../../src/engine/findings.js'
import {nodePortGrouping} from '../../../src/engine/reach/legs/service.js'
import {outsideServiceClasses, outsideShortcut} from '../../../src/engine/reach/pairs.js'
import {ReachSession} from '../../../src/engine/reach/session.js'
import {loadModel} from '../../../src/engine/topology/index.js'
import type {Model} from '../../../src/engine/topology/model.js'
// @ts-expect-error plain ESM JavaScript without type declarations (bench/ is not compiled)
import {generate, toYaml} from '../../../bench/gen-xl.js'
import {topologyArbitrary} from '../../fuzz/topology-arbitrary.js'

/**
 * A nodePort is traced once per group of (node, endpoint) pairs that are alike (legs/service.ts):
 * on random topologies, every nodePort answer — verdict, reason, counts of pairs — is the one that
 * tracing every pair gives.
 */
const SEED = Number(process.env.ACKNET_FUZZ_SEED ?? 20_261_203)

afterEach(() => {
  nodePortGrouping.enabled = true
  outsideShortcut.enabled = true
  outsideServiceClasses.enabled = true
})

/** What a reach answer says, paths by what decided them (with the names they list). */
function summary(result: ReturnType<ReachSession['reach']>) {
  const paths = result.paths.map((p) => `${p.verdict} ×${p.count} [${p.from.join(',')}]: ${p.hops.map((h) => `${h.step}:${h.object}:${h.result}:${h.code ?? ''}`).join(' > ')}`).sort()
  return {verdict: result.verdict, reason: result.reason && {code: result.reason.code, object: result.reason.object}, paths, admitted: result.reason?.message}
}

describe('the internet to receivers without a public entry', () => {
  it('is answered as tracing every internet class gives', () => {
    let compared = 0
    let closed = 0
    fc.assert(
      fc.property(topologyArbitrary, fc.integer({min: 1, max: 65_535}), (doc, randomPort) => {
        const loaded = loadModel('fuzz.yaml', yaml.dump(doc, {lineWidth: -1, noRefs: true}))
        if (loaded.findings.some((f) => STRUCTURAL_RULE_IDS.has(f.ruleId))) return
        const model = loaded.model
        const targets = [...model.clusters.flatMap((c) => [...c.workloads.map((w) => `pod:${w.namespace.name}/${w.name}`), ...c.nodePools.map((p) => `node:${p.name}`)]), ...model.instances.map((i) => `instance:${i.name}`)]
        const ports = [...model.natGateways.flatMap((n) => n.dnat.map((d) => d.internalPort)), ...model.instances.flatMap((i) => (i.listens ?? []).map((l) => l.port)), randomPort]
        for (const to of targets) {
          for (const port of ports.slice(0, 4)) {
            const ask = (on: boolean) => {
              outsideShortcut.enabled = on
              return summary(new ReachSession(model).reach('internet', to, {port, protocol: 'tcp', paths: true}))
            }
            const shortcut = ask(true)
            expect(shortcut, `internet → ${to} tcp/${port}`).toEqual(ask(false))
            compared++
            if (shortcut.reason?.code === 'NO_PUBLIC_ADDRESS') closed++
          }
        }
      }),
      {numRuns: 40, seed: SEED},
    )
    expect(compared).toBeGreaterThan(100)
    expect(closed).toBeGreaterThan(20)
  })

  it('is answered as tracing every internet class gives on the generated xl topology (133 public address classes)', () => {
    const {topology, summary: stats} = generate({scale: 0.05})
    const model = loadModel('xl.yaml', toYaml(topology, stats)).model
    const session = new ReachSession(model)
    expect(session.source('internet').actors.length).toBeGreaterThan(100)
    const cluster = model.clusters[0]!
    const targets = [...cluster.workloads.filter((_, i) => i % 10 === 0).map((w) => `pod:${w.namespace.name}/${w.name}`), `node:${cluster.nodePools[0]!.name}`, ...model.instances.filter((inst, i) => i % 5 === 0 || inst.publicIp || model.natGateways.some((n) => n.dnat.some((d) => d.internalIp === inst.ip))).map((i) => `instance:${i.name}`)]
    const ports = [22, 443, 8080, ...model.natGateways.flatMap((n) => n.dnat.map((d) => d.internalPort))]
    let closed = 0
    let open = 0
    for (const to of targets) {
      for (const port of ports) {
        const ask = (on: boolean) => {
          outsideShortcut.enabled = on
          return summary(new ReachSession(model).reach('internet', to, {port, protocol: 'tcp', paths: true}))
        }
        const shortcut = ask(true)
        expect(shortcut, `internet → ${to} tcp/${port}`).toEqual(ask(false))
        if (shortcut.reason?.code === 'NO_PUBLIC_ADDRESS') closed++
        else open++
      }
    }
    expect(closed).toBeGreaterThan(10)
    expect(open).toBeGreaterThan(0)
  })
})

const PUBLIC_RULES = [
  {direction: 'ingress', protocol: 'tcp', ports: '1/65535', peer: '203.0.113.0/24'},
  {direction: 'ingress', protocol: 'all', peer: '8.8.0.0/16', action: 'drop'},
  {direction: 'ingress', protocol: 'tcp', ports: '80/80', peer: '0.0.0.0/0', priority: 50},
  {direction: 'ingress', protocol: 'tcp', ports: '30000/32767', peer: '47.96.0.0/16', priority: 2},
]

describe('the internet to a Service (headless: straight to its pods)', () => {
  const ask = (model: Model, to: string, port: number, on: boolean) => {
    outsideServiceClasses.enabled = on
    return summary(new ReachSession(model).reach('internet', to, {port, protocol: 'tcp', paths: true}))
  }

  it('is answered as tracing every internet class to every endpoint class gives', () => {
    let compared = 0
    let reached = 0
    let open = 0
    fc.assert(
      fc.property(topologyArbitrary, fc.integer({min: 1, max: 65_535}), fc.boolean(), fc.subarray(PUBLIC_RULES), fc.constantFrom(undefined, '203.0.113.0/25', '8.8.8.0/24', '0.0.0.0/0'), (doc, randomPort, headless, rules, ipBlock) => {
        const copy = structuredClone(doc) as {clusters: Array<{network: Record<string, unknown>; services: Array<{spec: Record<string, unknown>}>; networkPolicies: Array<{spec: {ingress?: Array<{from?: unknown[]}>}}>}>; securityGroups: Array<{rules: unknown[]}>}
        // and so do NetworkPolicy ipBlocks
        if (ipBlock) for (const policy of copy.clusters[0]!.networkPolicies) policy.spec.ingress = [...(policy.spec.ingress ?? []), {from: [{ipBlock: {cidr: ipBlock}}]}]
        const network = copy.clusters[0]!.network
        if (network.plugin === 'terway') network.networkPolicy = true
        if (headless) for (const service of copy.clusters[0]!.services) service.spec.clusterIP = 'None'
        // public peers cut the internet into classes, some alike for the receivers and some not
        for (const group of copy.securityGroups) group.rules.push(...rules)
        const loaded = loadModel('fuzz.yaml', yaml.dump(copy, {lineWidth: -1, noRefs: true}))
        if (loaded.findings.some((f) => STRUCTURAL_RULE_IDS.has(f.ruleId))) return
        const model = loaded.model
        for (const service of model.clusters.flatMap((c) => c.services)) {
          const to = `svc:${service.namespace.name}/${service.name}`
          for (const port of [...service.ports.map((p) => p.port), randomPort].slice(0, 3)) {
            const classes = ask(model, to, port, true)
            expect(classes, `internet → ${to} tcp/${port}`).toEqual(ask(model, to, port, false))
            compared++
            if (classes.paths.some((path) => path.includes('sg-ingress'))) reached++
            if (classes.verdict !== 'denied') open++
          }
        }
      }),
      {numRuns: 100, seed: SEED},
    )
    // the endpoints' checks were met, and some pairs got through
    expect(compared).toBeGreaterThan(100)
    expect(reached).toBeGreaterThan(5)
    expect(open).toBeGreaterThan(3)
  })

  it('tells apart internet classes that only a NetworkPolicy ipBlock of the pods separates', () => {
    const model = loadModel('ipblock.yaml', `apiVersion: acknet/v1
kind: Topology
metadata: {name: ipblock}
vpcs: [{name: prod, cidr: 192.168.0.0/16, vswitches: [{name: node-a, zone: z, cidr: 192.168.0.0/24}, {name: pod-a, zone: z, cidr: 192.168.32.0/19}]}]
securityGroups:
  - {name: nodes, vpc: prod, type: enterprise, rules: [{direction: ingress, protocol: tcp, ports: "1/65535", peer: 0.0.0.0/0}, {direction: ingress, protocol: tcp, ports: "22/22", peer: 8.8.8.0/24}]}
clusters:
  - name: shop
    vpc: prod
    network: {plugin: terway, mode: shared, podVSwitches: [pod-a], networkPolicy: true}
    serviceCidr: 172.21.0.0/20
    nodePools: [{name: default, instanceType: ecs.g7.xlarge, count: 1, vswitches: [node-a], securityGroups: [nodes]}]
    namespaces: [{name: web}]
    workloads: [{name: api, namespace: web, replicas: 2, labels: {app: api}, ports: [{name: http, containerPort: 8080}]}]
    services: [{apiVersion: v1, kind: Service, metadata: {name: api, namespace: web}, spec: {clusterIP: None, selector: {app: api}, ports: [{port: 8080}]}}]
    networkPolicies:
      - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: office, namespace: web}, spec: {podSelector: {matchLabels: {app: api}}, ingress: [{from: [{ipBlock: {cidr: 203.0.113.0/25}}]}]}}
`).model
    const classes = ask(model, 'svc:web/api', 8080, true)
    expect(classes.verdict).toBe('partial')
    expect(classes).toEqual(ask(model, 'svc:web/api', 8080, false))
  })

  it('and on the generated xl topology (headless Services, 133 public address classes)', () => {
    const {topology, summary: stats} = generate({scale: 0.05})
    const model = loadModel('xl.yaml', toYaml(topology, stats)).model
    const headless = model.clusters[0]!.services.filter((s) => s.headless)
    expect(headless.length).toBeGreaterThan(5)
    const verdicts = new Set<string>()
    for (const service of headless.slice(0, 12)) {
      for (const port of [30500, 443, ...service.ports.map((p) => p.port)]) {
        const to = `svc:${service.namespace.name}/${service.name}`
        const classes = ask(model, to, port, true)
        expect(classes, `internet → ${to} tcp/${port}`).toEqual(ask(model, to, port, false))
        verdicts.add(classes.verdict)
      }
    }
    expect(verdicts.size).toBeGreaterThan(1)
  })
})

describe('nodePort pairs by class', () => {
  it('give the answers of tracing every (node, endpoint) pair', () => {
    let compared = 0
    let grouped = 0
    fc.assert(
      fc.property(topologyArbitrary, fc.integer({min: 1, max: 65_535}), (doc, randomPort) => {
        const loaded = loadModel('fuzz.yaml', yaml.dump(doc, {lineWidth: -1, noRefs: true}))
        if (loaded.findings.some((f) => STRUCTURAL_RULE_IDS.has(f.ruleId))) return
        const model = loaded.model
        const services = model.clusters.flatMap((c) => c.services.filter((s) => s.ports.some((p) => p.nodePort !== undefined)))
        const sources = [...model.clusters.flatMap((c) => [...c.workloads.map((w) => `pod:${w.namespace.name}/${w.name}`), ...c.nodePools.map((p) => `node:${p.name}`)]), ...model.instances.map((i) => `instance:${i.name}`)]
        for (const service of services) {
          const to = `nodeport:${service.namespace.name}/${service.name}`
          for (const from of sources) {
            for (const port of [...service.ports.map((p) => p.nodePort ?? p.port), randomPort]) {
              const ask = (on: boolean) => {
                nodePortGrouping.enabled = on
                const result = new ReachSession(model).reach(from, to, {port, protocol: 'tcp', paths: true})
                // paths by what decided (hop text names the node and endpoint each group stands for)
                const paths = result.paths.map((p) => `${p.verdict} ×${p.count}: ${p.hops.map((h) => `${h.step}:${h.object}:${h.result}:${h.code ?? ''}`).join(' > ')}`).sort()
                return {verdict: result.verdict, reason: result.reason && {code: result.reason.code, object: result.reason.object}, paths, pairs: result.paths.reduce((n, p) => n + p.count, 0)}
              }
              const classes = ask(true)
              const every = ask(false)
              expect(classes, `${from} → ${to} tcp/${port}`).toEqual(every)
              compared++
              if (classes.pairs > 1) grouped++
            }
          }
        }
      }),
      {numRuns: 40, seed: SEED},
    )
    expect(compared).toBeGreaterThan(50)
  })

  it('give the answers of tracing every pair on the generated xl topology (hundreds of nodes, real endpoints)', () => {
    let grouped = 0
    for (const seed of [8]) {
      const {topology, summary} = generate({scale: 0.05, seed})
      const model = loadModel('xl.yaml', toYaml(topology, summary)).model
      const cluster = model.clusters[0]!
      const services = cluster.services.filter((s) => s.endpoints.length > 0 && s.ports.some((p) => p.nodePort !== undefined)).slice(0, 4)
      const sources = [...cluster.workloads.filter((_, i) => i % 25 === 0).map((w) => `pod:${w.namespace.name}/${w.name}`), `node:${cluster.nodePools[0]!.name}`, `instance:${model.instances[0]!.name}`]
      expect(services.length).toBeGreaterThan(0)
      for (const service of services) {
        const nodePort = service.ports.find((p) => p.nodePort !== undefined)!.nodePort!
        for (const from of sources) {
          const ask = (on: boolean) => {
            nodePortGrouping.enabled = on
            const result = new ReachSession(model).reach(from, `nodeport:${service.namespace.name}/${service.name}`, {port: nodePort, protocol: 'tcp', paths: true})
            const paths = result.paths.map((p) => `${p.verdict} ×${p.count}: ${p.hops.map((h) => `${h.step}:${h.object}:${h.result}:${h.code ?? ''}`).join(' > ')}`).sort()
            return {verdict: result.verdict, reason: result.reason && {code: result.reason.code, object: result.reason.object}, paths, groups: result.paths.length}
          }
          const classes = ask(true)
          const every = ask(false)
          expect(classes, `${from} → ${service.name} tcp/${nodePort}`).toEqual(every)
          const pairs = every.paths.length
          if (pairs > 0) grouped++
        }
      }
    }
    expect(grouped).toBeGreaterThan(5)
  })
})
