import fc from 'fast-check'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {STRUCTURAL_RULE_IDS} from '../../../src/engine/findings.js'
import {classify, diffFlows, type FlowChange} from '../../../src/engine/network/diff.js'
import type {RangeCell} from '../../../src/engine/network/flows.js'
import type {NetworkProtocol} from '../../../src/engine/network/ports.js'
import {exposure, inbound, outbound} from '../../../src/engine/network/queries.js'
import {sgOnlyDelta} from '../../../src/engine/network/model-delta.js'
import {NetworkSession} from '../../../src/engine/network/session.js'
import {runMatrix} from '../../../src/engine/reach/matrix.js'
import type {ReachResult} from '../../../src/engine/reach/result.js'
import {ReachSession} from '../../../src/engine/reach/session.js'
import {loadModel} from '../../../src/engine/topology/index.js'
import type {Model} from '../../../src/engine/topology/model.js'
import {type Doc, dualStackTopologyArbitrary, topologyArbitrary} from '../../fuzz/topology-arbitrary.js'

/**
 * `reach` is the oracle (SPEC §7): for random topologies and random (from, to, protocol, port),
 * the range that diff, inbound, outbound, exposure and matrix report for that port gives the
 * verdict and reason `reach` gives for it. Ports are drawn at every range boundary (a class cut one
 * port too early or too late fails) and at random.
 */

const SEED = Number(process.env.ACKNET_FUZZ_SEED ?? 20_261_203)

function modelOf(doc: Doc): Model | undefined {
  const loaded = loadModel('fuzz.yaml', yaml.dump(doc, {lineWidth: -1, noRefs: true}))
  if (loaded.findings.some((finding) => STRUCTURAL_RULE_IDS.has(finding.ruleId))) return undefined
  return loaded.model
}

function cellAt(ranges: readonly RangeCell[], port: number): RangeCell {
  const found = ranges.find((r) => r.from <= port && port <= r.to)
  if (!found) throw new Error(`no range holds port ${port}: ${ranges.map((r) => `${r.from}-${r.to}`).join(' ')}`)
  return found
}

function portsOf(flow: {ports: string}): [number, number] {
  if (flow.ports === '-') return [0, 0]
  const [a, b] = flow.ports.split('-').map(Number)
  return [a!, b ?? a!]
}

function holds(flow: {ports: string}, port: number): boolean {
  const [a, b] = portsOf(flow)
  return a <= port && port <= b
}

const reasonOf = (result: Pick<ReachResult, 'reason'>) => (result.reason ? `${result.reason.code} ${result.reason.object}` : null)

/** Ports to check for a pair: every range boundary and its neighbours, and a few random ones. */
function probePorts(ranges: readonly RangeCell[], protocol: string, random: number[]): number[] {
  if (protocol === 'icmp') return [0]
  const ports = new Set<number>(random)
  for (const range of ranges) for (const port of [range.from, range.to, range.from - 1, range.to + 1]) if (port >= 1 && port <= 65_535) ports.add(port)
  return [...ports]
}

interface Pair {
  from: string
  to: string
  protocol: NetworkProtocol
}

function pickPairs(session: NetworkSession, indexes: number[], protocols: NetworkProtocol[]): Pair[] {
  const sources = session.sources()
  const destinations = session.destinations()
  const pairs: Pair[] = []
  indexes.forEach((n, i) => {
    const from = sources[n % sources.length]!
    const to = destinations[Math.floor(n / sources.length) % destinations.length]!
    if (from !== to) pairs.push({from, to, protocol: protocols[i % protocols.length]!})
  })
  return pairs
}

const questions = fc.record({
  pairs: fc.array(fc.nat({max: 10_000}), {minLength: 6, maxLength: 6}),
  ports: fc.array(fc.integer({min: 1, max: 65_535}), {minLength: 2, maxLength: 2}),
})

/** Checks every section-7 answer against reach over random documents, in one family; returns how many ports were checked. */
function agreement(documents: fc.Arbitrary<Doc>, family: 4 | 6, numRuns: number): number {
  let checked = 0
  fc.assert(
    fc.property(documents, questions, (doc, q) => {
      const model = modelOf(doc)
      if (!model) return
      const session = new NetworkSession(model, family)
      const oracle = new ReachSession(model, family)
      for (const {from, to, protocol} of pickPairs(session, q.pairs, ['tcp', 'udp', 'icmp'])) {
        const ranges = session.ranges(from, to, protocol)
        const into = inbound(session, to, {protocol, from: [from]}).filter((f) => f.from === from)
        const out = outbound(session, from, {protocol, to: [to]}).filter((f) => f.to === to)
        const exposed = from === 'internet' ? exposure(session, {protocol, to: [to]}) : undefined
        for (const port of probePorts(ranges, protocol, q.ports)) {
          const expected = oracle.reach(from, to, {port: protocol === 'icmp' ? undefined : port, protocol, paths: false})
          const cell = cellAt(ranges, port).cell
          const where = `${from} → ${to} ${protocol}/${port}`
          expect(cell.verdict, where).toBe(expected.verdict)
          expect(cell.reason ? `${cell.reason.code} ${cell.reason.object}` : null, where).toBe(reasonOf(expected))
          const open = expected.verdict !== 'denied'
          expect(into.filter((f) => holds(f, port)).map((f) => f.verdict), `inbound ${where}`).toEqual(open ? [expected.verdict] : [])
          expect(out.filter((f) => holds(f, port)).map((f) => f.verdict), `outbound ${where}`).toEqual(open ? [expected.verdict] : [])
          if (exposed) {
            const hit = exposed.filter((f) => holds(f, port))
            // exposure reports a DNAT flow on the EIP, not on the internal port of the receiver
            const viaDnat = cell.via.some((v) => v.includes('/dnat#')) && !to.startsWith('ip:')
            if (!viaDnat && /^(pod|node|instance|nodeport|lb|slb|ip|url):/.test(to)) expect(hit.map((f) => f.verdict), `exposure ${where}`).toEqual(open ? [expected.verdict] : [])
          }
          if (protocol !== 'icmp') {
            const [entry] = runMatrix(oracle, {from: [from], to: [to], port, protocol})
            if (entry?.verdict) expect(entry.verdict, `matrix ${where}`).toBe(cell.verdict)
          }
          checked++
        }
      }
    }),
    {numRuns, seed: SEED},
  )
  return checked
}

describe('whole-network answers agree with reach pair by pair', () => {
  it('ranges, inbound, outbound, exposure and matrix give reach verdict and reason for every probed port', () => {
    expect(agreement(topologyArbitrary, 4, 40)).toBeGreaterThan(500)
  })

  it('and over IPv6 (--family 6) on dual-stack documents', () => {
    expect(agreement(dualStackTopologyArbitrary, 6, 40)).toBeGreaterThan(500)
  })

  it('and over IPv4 on the same dual-stack documents', () => {
    expect(agreement(dualStackTopologyArbitrary, 4, 15)).toBeGreaterThan(150)
  })

  it('diff reports, per probed port, the change the two reach answers imply', () => {
    let checked = 0
    fc.assert(
      fc.property(topologyArbitrary, topologyArbitrary, questions, (baseDoc, otherDoc, q) => {
        // HEAD: BASE with the other file's security groups and policies (rules open and close ports)
        const headDoc: Doc = {...baseDoc, securityGroups: otherDoc.securityGroups!}
        const clusters = structuredClone(baseDoc.clusters) as Array<Record<string, unknown>>
        const otherClusters = otherDoc.clusters as Array<Record<string, unknown>>
        clusters[0]!.networkPolicies = otherClusters[0]!.networkPolicies
        headDoc.clusters = clusters as Doc['clusters']
        const baseModel = modelOf(baseDoc)
        const headModel = modelOf(headDoc)
        if (!baseModel || !headModel) return
        const base = new NetworkSession(baseModel)
        const head = new NetworkSession(headModel)
        checked += expectDiffAgreesWithReach(base, head, pickPairs(head, q.pairs.slice(0, 3), ['tcp', 'udp']), q.ports)
      }),
      {numRuns: 25, seed: SEED},
    )
    expect(checked).toBeGreaterThan(100)
  })

  it('diff of an edit to security-group rules only (re-evaluated on the edited ports) agrees with reach', () => {
    let checked = 0
    let fastPath = 0
    let changed = 0
    fc.assert(
      fc.property(topologyArbitrary, topologyArbitrary, questions, (baseDoc, otherDoc, q) => {
        // HEAD: BASE with each group's rules taken from the other file's group at the same place
        const otherGroups = otherDoc.securityGroups as Array<{rules: unknown[]}>
        const groups = structuredClone(baseDoc.securityGroups) as Array<{rules: unknown[]}>
        groups.forEach((group, i) => {
          if (otherGroups[i]) group.rules = structuredClone(otherGroups[i]!.rules)
        })
        const headDoc: Doc = {...baseDoc, securityGroups: groups as Doc['securityGroups']}
        const baseModel = modelOf(baseDoc)
        const headModel = modelOf(headDoc)
        if (!baseModel || !headModel) return
        const base = new NetworkSession(baseModel)
        const head = new NetworkSession(headModel)
        if (sgOnlyDelta(baseModel, headModel)) {
          fastPath++
          // every pair: the changes found on the edited ports only are the changes found on every port
          const restricted = [...diffFlows(base, head, ['tcp', 'udp', 'icmp'])]
          const everyPort = [...diffFlows(base, head, ['tcp', 'udp', 'icmp'], {everyPort: true})]
          expect(restricted).toEqual(everyPort)
          changed += everyPort.length
        }
        checked += expectDiffAgreesWithReach(base, head, pickPairs(head, q.pairs.slice(0, 4), ['tcp', 'udp', 'icmp']), q.ports)
      }),
      {numRuns: 30, seed: SEED},
    )
    expect(checked).toBeGreaterThan(100)
    // the restricted re-evaluation must actually be what was checked
    expect(fastPath).toBeGreaterThan(10)
    expect(changed).toBeGreaterThan(20)
  })
})

/**
 * The diff oracle: for each pair and each probed port, the changes `diff` reports there are
 * exactly the change the two files' `reach` answers imply. Returns the number of ports checked.
 */
function expectDiffAgreesWithReach(base: NetworkSession, head: NetworkSession, pairs: Iterable<{from: string; to: string; protocol: NetworkProtocol}>, ports: number[]): number {
  const baseOracle = new ReachSession(base.reach.ctx.model)
  const headOracle = new ReachSession(head.reach.ctx.model)
  const cell = (r: ReachResult) => ({verdict: r.verdict, reason: r.reason ? {code: r.reason.code, object: r.reason.object} : null, via: []})
  let checked = 0
  for (const {from, to, protocol} of pairs) {
    const changes: FlowChange[] = [...diffFlows(base, head, [protocol], {from: [from], to: [to]})].filter((c) => c.from === from && c.to === to)
    const cuts = [...base.ranges(from, to, protocol), ...head.ranges(from, to, protocol)]
    for (const port of probePorts(cuts, protocol, ports)) {
      const before = baseOracle.reach(from, to, {port: protocol === 'icmp' ? undefined : port, protocol, paths: false})
      const after = headOracle.reach(from, to, {port: protocol === 'icmp' ? undefined : port, protocol, paths: false})
      const expected = classify(cell(before), cell(after)) ?? null
      const found = changes.filter((c) => holds(c, port))
      const where = `${from} → ${to} ${protocol}/${port}: base ${before.verdict} ${reasonOf(before)}, head ${after.verdict} ${reasonOf(after)}`
      expect(found.map((c) => c.change), where).toEqual(expected ? [expected] : [])
      checked++
    }
  }
  return checked
}
