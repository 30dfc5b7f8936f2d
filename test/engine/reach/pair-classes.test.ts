import fc from 'fast-check'
import yaml from 'js-yaml'
import {afterEach, describe, expect, it} from 'vitest'
import {STRUCTURAL_RULE_IDS} from '../../../src/engine/findings.js'
import {nodePortGrouping} from '../../../src/engine/reach/legs/service.js'
import {outsideShortcut} from '../../../src/engine/reach/pairs.js'
import {ReachSession} from '../../../src/engine/reach/session.js'
import {loadModel} from '../../../src/engine/topology/index.js'
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
