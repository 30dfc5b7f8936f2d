import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {STRUCTURAL_RULE_IDS} from '../../../src/engine/findings.js'
import {formatIpv4, type Ipv4} from '../../../src/engine/cidr/ipv4.js'
import {buildModelIndex, distinctBlocks, groupMemberships, ipv4GroupsOf, supplyModelIndex} from '../../../src/engine/reach/model-index.js'
import {parseCidrAny} from '../../../src/engine/cidr/any.js'
import {ReachSession} from '../../../src/engine/reach/session.js'
import {loadModel} from '../../../src/engine/topology/index.js'
import type {Model} from '../../../src/engine/topology/model.js'
// @ts-expect-error plain ESM JavaScript without type declarations (bench/ is not compiled)
import {generate, toYaml} from '../../../bench/gen-xl.js'
import {topologyArbitrary} from '../../fuzz/topology-arbitrary.js'
import {ROOT} from '../../helpers/cli.js'

/**
 * A ModelIndex (what reach reads by address from the whole model) stored with a model and
 * supplied to its contexts — what the compiled-model cache does — gives every answer that the
 * contexts give when they build their indexes from the model itself.
 */
const SEED = Number(process.env.ACKNET_FUZZ_SEED ?? 20_261_204)

/** Endpoints of every kind the model has (a few of each). */
function endpoints(model: Model): string[] {
  const refs = ['internet']
  for (const cluster of model.clusters) {
    refs.push(...cluster.workloads.slice(0, 6).map((w) => `pod:${cluster.name}/${w.namespace.name}/${w.name}`))
    refs.push(...cluster.nodePools.slice(0, 2).map((p) => `node:${cluster.name}/${p.name}`))
    refs.push(...cluster.services.slice(0, 6).map((s) => `svc:${cluster.name}/${s.namespace.name}/${s.name}`))
  }
  refs.push(...model.instances.slice(0, 6).map((i) => `instance:${i.name}`))
  refs.push(...model.loadBalancers.filter((lb) => !lb.service).slice(0, 2).map((lb) => `slb:${lb.name}`))
  // addresses: what owns them, Services by cluster IP, SLBs, EIPs, and outside ones
  const addresses = [
    ...model.instances.slice(0, 3).map((i) => i.ip),
    ...model.clusters.flatMap((c) => [...c.services.slice(0, 3).map((s) => s.clusterIP), ...c.pods.slice(0, 3).map((p) => p.ip)]),
    ...model.loadBalancers.filter((lb) => lb.addressType === 'internet').slice(0, 3).map((lb) => lb.address),
    ...model.loadBalancers.filter((lb) => lb.addressType === 'intranet').slice(0, 3).map((lb) => lb.address),
    ...model.natGateways.flatMap((n) => n.eips.slice(0, 2)),
  ]
  for (const ip of addresses) if (ip !== undefined) refs.push(`ip:${formatIpv4(ip)}`)
  refs.push('ip:8.8.8.8', 'ip:47.96.0.10', 'ip:10.0.0.7', 'ip:192.168.1.9')
  return refs
}

/** Every answer (verdict, reason, paths) of `from → to` pairs over the model, in both families. */
function answers(model: Model, pairs: Array<[string, string]>, port: number): unknown[] {
  const out: unknown[] = []
  for (const family of [4, 6] as const) {
    const session = new ReachSession(model, family)
    for (const [from, to] of pairs) {
      try {
        out.push(session.reach(from, to, {port, protocol: 'tcp'}))
      } catch (error) {
        out.push(String(error))
      }
    }
  }
  return out
}

/** The same questions of two loads of one text: one left alone, one with a supplied index. */
function compare(file: string, text: string, pairsOf: (model: Model) => Array<[string, string]>, port: number): number {
  const plain = loadModel(file, text).model
  const indexed = loadModel(file, text).model
  supplyModelIndex(indexed, buildModelIndex(indexed))
  const pairs = pairsOf(plain)
  expect(answers(indexed, pairs, port)).toEqual(answers(plain, pairs, port))
  return pairs.length
}

const allPairs = (model: Model): Array<[string, string]> => {
  const refs = endpoints(model)
  return refs.flatMap((from) => refs.filter((to) => to !== from).map((to): [string, string] => [from, to]))
}

describe('a supplied ModelIndex', () => {
  it('answers as the model does: the fixtures', () => {
    for (const name of ['production.yaml', 'dual-stack.yaml', 'flannel-near-quota.yaml', ...readdirSync(join(ROOT, 'fixtures/reach')).filter((f) => f.endsWith('.yaml')).map((f) => `reach/${f}`)]) {
      const file = join(ROOT, 'fixtures', name)
      expect(compare(file, readFileSync(file, 'utf8'), allPairs, 443), name).toBeGreaterThan(20)
    }
  })

  it('answers as the model does: the xl topology at 0.05×', () => {
    const {topology, summary} = generate({scale: 0.05})
    const text = toYaml(topology, summary) as string
    // the file's own expectations, which the generator decided independently
    const asked = (model: Model) => model.expectations.map((e): [string, string] => [e.from, e.to])
    expect(compare('xl.yaml', text, asked, 5432)).toBe(50)
    expect(compare('xl.yaml', text, (model) => allPairs(model).slice(0, 300), 8080)).toBe(300)
  })

  it('tells apart replicas that only a rule naming one address tells apart (the address classes)', () => {
    const file = join(ROOT, 'fixtures/reach/terway.yaml')
    const doc = yaml.load(readFileSync(file, 'utf8')) as {securityGroups: Array<{name: string; rules: unknown[]}>; loadBalancers: unknown[]}
    const model = loadModel(file).model
    const workload = model.clusters[0]!.workloads.find((w) => w.pods.filter((p) => p.ip !== undefined).length >= 2)!
    // the destination admits its port from the first replica's address alone
    doc.securityGroups.find((g) => g.name === 'cache')!.rules.push({direction: 'ingress', protocol: 'tcp', ports: '6379/6379', peer: `${formatIpv4(workload.pods[0]!.ip!)}/32`})
    // and an internet SLB at a given public address (found by address, not as an owner)
    doc.loadBalancers.push({name: 'public-slb', vpc: 'prod', addressType: 'internet', address: '47.96.1.1', listeners: [{port: 6379, protocol: 'tcp', backends: ['instance:worker:8080']}]})
    const text = yaml.dump(doc, {lineWidth: -1, noRefs: true})
    const pair: [string, string] = [`pod:${workload.namespace.name}/${workload.name}`, 'instance:cache-1']
    const session = new ReachSession(loadModel(file, text).model)
    expect(session.reach(...pair, {port: 6379}).verdict).toBe('partial')
    expect(session.reach('internet', 'ip:47.96.1.1', {port: 6379}).to.kind).toBe('slb')
    compare(file, text, () => [pair, ['internet', 'ip:47.96.1.1'], ['instance:bastion', 'ip:47.96.1.1']], 6379)
  })

  it('answers as the model does: random topologies', () => {
    let compared = 0
    fc.assert(
      fc.property(topologyArbitrary, fc.integer({min: 1, max: 65_535}), (doc, port) => {
        const text = yaml.dump(doc, {lineWidth: -1, noRefs: true})
        const loaded = loadModel('fuzz.yaml', text)
        if (loaded.findings.some((f) => STRUCTURAL_RULE_IDS.has(f.ruleId))) return
        compared += compare('fuzz.yaml', text, allPairs, port)
      }),
      {numRuns: 25, seed: SEED},
    )
    expect(compared).toBeGreaterThan(200)
  })
})

describe('ipv4GroupsOf (one address’s groups, from the owner index)', () => {
  /** Every address groupMemberships knows, and every owned one, answer alike (names in order). */
  const agree = (model: Model): number => {
    const memberships = groupMemberships(model, 4)
    for (const [ip, names] of memberships) expect(ipv4GroupsOf(model, ip as Ipv4), formatIpv4(ip as Ipv4)).toEqual([...names])
    for (const ip of model.ipOwners.keys()) if (!memberships.has(ip)) expect(ipv4GroupsOf(model, ip)).toEqual([])
    expect(ipv4GroupsOf(model, 0xc0a80109 as Ipv4)).toEqual([]) // 192.168.1.9: nobody's
    return memberships.size
  }

  it('agrees with groupMemberships on the fixtures, Flannel pods and duplicate addresses included', () => {
    let members = 0
    for (const name of ['production.yaml', 'dual-stack.yaml', 'flannel-near-quota.yaml', 'mistakes.yaml', ...readdirSync(join(ROOT, 'fixtures/reach')).filter((f) => f.endsWith('.yaml')).map((f) => `reach/${f}`)]) {
      const model = loadModel(join(ROOT, 'fixtures', name)).model
      members += agree(model)
    }
    expect(members).toBeGreaterThan(50)
    // two owners of one address (an ECS declared at a node's address): both owners' groups, first-claimed first
    const file = join(ROOT, 'fixtures/reach/terway.yaml')
    const doc = yaml.load(readFileSync(file, 'utf8')) as {instances: Array<{name: string; ip: string; securityGroups: string[]}>}
    const node = loadModel(file).model.clusters[0]!.nodes[0]!
    doc.instances.push({...doc.instances[0]!, name: 'twin', ip: formatIpv4(node.ip!), securityGroups: [doc.instances[0]!.securityGroups.at(-1)!]})
    const model = loadModel(file, yaml.dump(doc, {lineWidth: -1, noRefs: true})).model
    expect(model.duplicateIps.length).toBeGreaterThan(0)
    agree(model)
  })

  it('gives a Terway pod its own groups, and a Flannel or hostNetwork pod none of its own (it sends from its node\'s ENI)', () => {
    const terway = loadModel(join(ROOT, 'fixtures/reach/terway.yaml')).model
    const ownEni = terway.clusters[0]!.pods.filter((pod) => pod.ip !== undefined && !pod.workload.hostNetwork)
    expect(ownEni.length).toBeGreaterThan(3)
    for (const pod of ownEni) expect(ipv4GroupsOf(terway, pod.ip!)).toEqual(pod.securityGroups.map((group) => group.name))
    const flannel = loadModel(join(ROOT, 'fixtures/reach/flannel.yaml')).model
    const pods = flannel.clusters[0]!.pods.filter((pod) => pod.ip !== undefined)
    const onNode = pods.filter((pod) => pod.workload.hostNetwork)
    expect(pods.length - onNode.length).toBeGreaterThan(3)
    expect(onNode.length).toBeGreaterThan(0)
    for (const pod of pods) {
      if (pod.workload.hostNetwork) expect(ipv4GroupsOf(flannel, pod.ip!)).toEqual(pod.node!.securityGroups.map((group) => group.name))
      else {
        expect(pod.securityGroups.length).toBeGreaterThan(0) // its node's groups: they must not count for its own address
        expect(ipv4GroupsOf(flannel, pod.ip!)).toEqual([])
        expect(groupMemberships(flannel, 4).has(pod.ip!)).toBe(false)
      }
    }
  })

  it('agrees with groupMemberships on random topologies', () => {
    let members = 0
    fc.assert(
      fc.property(topologyArbitrary, (doc) => {
        members += agree(loadModel('fuzz.yaml', yaml.dump(doc, {lineWidth: -1, noRefs: true})).model)
      }),
      {numRuns: 40, seed: SEED},
    )
    expect(members).toBeGreaterThan(100)
  })
})

describe('distinctBlocks', () => {
  it('keeps the first of equal blocks, in order, and tells prefixes and families apart', () => {
    const texts = ['10.0.0.0/8', '10.0.0.0/16', '10.0.0.0/8', '0.0.0.0/0', '255.255.255.255/32', '2001:db8::/32', '2001:db8::/48', '2001:db8::/32', '0.0.0.0/0', '::/0']
    const blocks = texts.map((text) => {
      const parsed = parseCidrAny(text)
      if (!parsed.ok) throw new Error(text)
      return parsed.cidr
    })
    const kept = distinctBlocks(blocks)
    expect(kept.map((block) => blocks.indexOf(block))).toEqual([0, 1, 3, 4, 5, 6, 9])
  })
})
