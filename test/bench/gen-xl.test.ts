import yaml from 'js-yaml'
import {describe, expect, it} from 'vitest'
// @ts-expect-error plain ESM JavaScript without type declarations (bench/ is not compiled)
import {generate, toYaml} from '../../bench/gen-xl.js'
import {type Cidr, cidrContains, cidrContainsAddress, cidrsOverlap, firstAddress, lastAddress, parseCidr} from '../../src/engine/cidr/cidr.js'
import {parseIpv4} from '../../src/engine/cidr/ipv4.js'
import {emptyConfig} from '../../src/engine/lint/config.js'
import {lintInput} from '../../src/engine/lint/run.js'
import {TopologySchema} from '../../src/engine/topology/schema.js'

// The xl generator (bench/gen-xl.js) feeds the SPEC §6 benchmarks: it must be deterministic,
// load as a valid topology, and be internally consistent, so that `acknet lint` on it does all
// its work and reports only the documented, deliberate findings.

type Any = any // the generated topology is checked structurally below, not typed

function cidr(text: string): Cidr {
  const parsed = parseCidr(text)
  if (!parsed.ok) throw new Error(`bad CIDR in generated file: ${text}`)
  return parsed.cidr
}

const small = generate({scale: 0.1})
const half = generate({scale: 0.5})

describe('gen-xl', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const a = toYaml(small.topology, small.summary)
    const b = toYaml(generate({scale: 0.1}).topology, small.summary)
    expect(b).toBe(a)
    const other = generate({scale: 0.1, seed: 9})
    expect(toYaml(other.topology, other.summary)).not.toBe(a)
  })

  it('writes YAML that reads back to the same document and passes the topology schema', () => {
    for (const {topology, summary} of [small, half]) {
      const text = toYaml(topology, summary)
      const doc = yaml.load(text)
      expect(doc).toEqual(JSON.parse(JSON.stringify(topology)))
      const result = TopologySchema.safeParse(doc)
      expect(result.success ? [] : result.error.issues.slice(0, 3)).toEqual([])
    }
  })

  it('scales every count with --scale', () => {
    const cluster = half.topology.clusters[0]
    expect(cluster.nodePools.reduce((sum: number, pool: Any) => sum + pool.count, 0)).toBe(2500)
    expect(cluster.networkPolicies).toHaveLength(500)
    expect(half.topology.securityGroups).toHaveLength(100)
    expect(half.topology.securityGroups.every((group: Any) => group.rules.length === 50 && group.type === 'enterprise')).toBe(true)
    expect(half.topology.expectations).toHaveLength(500)
    // +1: the prometheus scraper; +2 Services: prometheus and the deliberate orphan
    expect(cluster.workloads).toHaveLength(1001)
    expect(cluster.services).toHaveLength(1002)
    expect(half.topology.instances.filter((i: Any) => /^(pg|mysql|redis|es|mongo|kafka)-/.test(i.name))).toHaveLength(250)
    const types = new Set(cluster.services.map((s: Any) => (s.spec.clusterIP === 'None' ? 'headless' : s.spec.type)))
    expect([...types].sort()).toEqual(['ClusterIP', 'LoadBalancer', 'NodePort', 'headless'])
  })

  it('has a consistent address plan: vSwitches inside the VPC, disjoint, sized for their nodes and pods', () => {
    const {topology} = half
    const vpc = topology.vpcs[0]
    const vpcCidr = cidr(vpc.cidr)
    const blocks = vpc.vswitches.map((v: Any) => ({...v, block: cidr(v.cidr)}))
    for (const v of blocks) expect(cidrContains(vpcCidr, v.block), v.name).toBe(true)
    for (let i = 0; i < blocks.length; i++) for (let j = i + 1; j < blocks.length; j++) expect(cidrsOverlap(blocks[i].block, blocks[j].block), `${blocks[i].name} × ${blocks[j].name}`).toBe(false)
    const usable = (v: Any) => lastAddress(v.block) - firstAddress(v.block) + 1 - 4
    const cluster = topology.clusters[0]
    const podsPerNode: Record<string, number> = {'ecs.g7.xlarge': 45, 'ecs.g7.2xlarge': 45, 'ecs.c7.xlarge': 45, 'ecs.r7.xlarge': 45, 'ecs.g7.4xlarge': 210}
    for (const zone of new Set(blocks.map((v: Any) => v.zone))) {
      const nodesInZone = cluster.nodePools.reduce((sum: number, pool: Any) => sum + Math.ceil(pool.count / 3), 0)
      const podsInZone = cluster.nodePools.reduce((sum: number, pool: Any) => sum + Math.ceil(pool.count / 3) * podsPerNode[pool.instanceType]!, 0)
      const zoneSwitches = blocks.filter((v: Any) => v.zone === zone)
      const nodeSwitch = zoneSwitches.find((v: Any) => v.name.startsWith('node-'))
      expect(usable(nodeSwitch)).toBeGreaterThanOrEqual(nodesInZone)
      const podUsable = zoneSwitches.filter((v: Any) => cluster.network.podVSwitches.includes(v.name)).reduce((s: number, v: Any) => s + usable(v), 0)
      expect(podUsable).toBeGreaterThanOrEqual(podsInZone)
    }
    // ECS addresses: inside their vSwitch, not reserved, unique
    const seen = new Set<number>()
    for (const instance of topology.instances) {
      const v = blocks.find((b: Any) => b.name === instance.vswitch)
      const address = parseIpv4(instance.ip)!
      expect(cidrContainsAddress(v.block, address)).toBe(true)
      expect(address).toBeGreaterThan(firstAddress(v.block))
      expect(address).toBeLessThan(lastAddress(v.block) - 2)
      expect(seen.has(address)).toBe(false)
      seen.add(address)
    }
  })

  it('only refers to objects that exist, with unique names and nodePorts', () => {
    const {topology} = half
    const cluster = topology.clusters[0]
    const unique = (list: string[]) => expect(new Set(list).size).toBe(list.length)
    unique(topology.securityGroups.map((g: Any) => g.name))
    unique(topology.instances.map((i: Any) => i.name))
    unique(cluster.workloads.map((w: Any) => `${w.namespace}/${w.name}`))
    unique(cluster.services.map((s: Any) => `${s.metadata.namespace}/${s.metadata.name}`))
    unique(cluster.networkPolicies.map((p: Any) => `${p.metadata.namespace}/${p.metadata.name}`))
    const vswitches = new Set(topology.vpcs[0].vswitches.map((v: Any) => v.name))
    const groups = new Set(topology.securityGroups.map((g: Any) => g.name))
    const namespaces = new Set(cluster.namespaces.map((n: Any) => n.name))
    const pools = new Set(cluster.nodePools.map((p: Any) => p.name))
    for (const instance of topology.instances) {
      expect(vswitches.has(instance.vswitch)).toBe(true)
      for (const g of instance.securityGroups) expect(groups.has(g)).toBe(true)
    }
    for (const pool of cluster.nodePools) {
      for (const v of pool.vswitches) expect(vswitches.has(v)).toBe(true)
      for (const g of pool.securityGroups) expect(groups.has(g)).toBe(true)
    }
    for (const w of cluster.workloads) {
      expect(namespaces.has(w.namespace)).toBe(true)
      expect(pools.has(w.nodePool)).toBe(true)
    }
    const nodePorts = cluster.services.flatMap((s: Any) => s.spec.ports.map((p: Any) => p.nodePort).filter((p: unknown) => p !== undefined))
    unique(nodePorts)
    for (const port of nodePorts) expect(port >= 30000 && port <= 32767).toBe(true)
    const workloads = new Set(cluster.workloads.map((w: Any) => `${w.namespace}/${w.name}`))
    const instances = new Set(topology.instances.map((i: Any) => i.name))
    const resolves = (ref: string) => {
      const [kind, name] = ref.split(':') as [string, string | undefined]
      if (kind === 'internet') return true
      if (kind === 'pod' || kind === 'svc') return workloads.has(name!)
      if (kind === 'instance') return instances.has(name!)
      return false
    }
    for (const e of topology.expectations) {
      expect(resolves(e.from), e.from).toBe(true)
      expect(resolves(e.to), e.to).toBe(true)
    }
  })

  it('gives pod → ECS expectations the verdict the security groups and listeners imply', () => {
    // Re-derived from the file alone: allowed iff an accept rule of the instance's groups
    // covers the pod region on the port and the instance listens on it (the generator's pod
    // sources for these are never egress-restricted batch pods).
    const {topology} = half
    const podVSwitches = new Set(topology.clusters[0].network.podVSwitches)
    const podBlocks = topology.vpcs[0].vswitches.filter((v: Any) => podVSwitches.has(v.name)).map((v: Any) => cidr(v.cidr))
    const groups = new Map(topology.securityGroups.map((g: Any) => [g.name, g]))
    const instances = new Map(topology.instances.map((i: Any) => [i.name, i]))
    const workloads = new Map(topology.clusters[0].workloads.map((w: Any) => [`${w.namespace}/${w.name}`, w]))
    const restricted = new Set(topology.clusters[0].networkPolicies.filter((p: Any) => p.metadata.name === 'restrict-batch-egress').map((p: Any) => p.metadata.namespace))
    let checked = 0
    let allowed = 0
    for (const e of topology.expectations) {
      if (!e.from.startsWith('pod:') || !e.to.startsWith('instance:')) continue
      const source: Any = workloads.get(e.from.slice(4))
      if (source.labels.tier === 'batch' && restricted.has(source.namespace)) continue
      const instance: Any = instances.get(e.to.slice(9))
      const admitted = instance.securityGroups.some((name: string) => (groups.get(name) as Any).rules.some((rule: Any) => {
        if (rule.direction !== 'ingress' || (rule.action ?? 'accept') !== 'accept' || rule.protocol !== 'tcp') return false
        const [from, to] = (rule.ports ?? '1/65535').split('/').map(Number)
        return e.port >= from && e.port <= to && podBlocks.every((block: Cidr) => cidrContains(cidr(rule.peer), block))
      }))
      const listening = instance.listens.some((l: Any) => l.port === e.port)
      expect(e.expect, `${e.from} → ${e.to}:${e.port}`).toBe(admitted && listening ? 'allowed' : 'denied')
      checked++
      if (e.expect === 'allowed') allowed++
    }
    expect(checked).toBeGreaterThan(200)
    expect(allowed).toBeGreaterThan(50)
    expect(checked - allowed).toBeGreaterThan(50)
  })

  it('lints clean apart from the documented deliberate findings, every expectation holding', () => {
    // The whole engine (loader, resolver, every rule, and reach for each expectation) on the
    // 0.1× file: what `npm run bench` times at full size.
    const text = toYaml(small.topology, small.summary)
    const byRule = (findings: Array<{ruleId: string; severity: string}>) => {
      const counts: Record<string, string> = {}
      for (const finding of findings) counts[finding.ruleId] = finding.severity
      return counts
    }
    const report = lintInput({file: 'xl-0.1.yaml', text}, {config: emptyConfig()})
    expect(report.checked).toBe(true)
    expect(byRule(report.findings)).toEqual({
      'sg-open-admin-port': 'warning',
      'service-no-endpoints': 'warning',
      'netpol-selects-nothing': 'info',
    })
    expect(report.findings).toHaveLength(3)
    const clean = generate({scale: 0.1, clean: true})
    expect(lintInput({file: 'xl-clean.yaml', text: toYaml(clean.topology, clean.summary)}, {config: emptyConfig()}).findings).toEqual([])
  })

  it('rejects a scale outside the supported range', () => {
    expect(() => generate({scale: 0})).toThrow(/--scale/)
    expect(() => generate({scale: 100})).toThrow(/--scale/)
  })
})
