import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {buildGraph} from '../../../src/engine/graph/build.js'
import {allNodes} from '../../../src/engine/graph/graph.js'
import {applyHighlight, keysForReach} from '../../../src/engine/graph/highlight.js'
import {ReachContext} from '../../../src/engine/reach/context.js'
import {reach} from '../../../src/engine/reach/reach.js'
import {loadModelOrThrow} from '../../../src/engine/topology/index.js'
import {renderDot} from '../../../src/render/graph/dot.js'
import {renderMermaid} from '../../../src/render/graph/mermaid.js'
import {mermaidText as escapeMermaidText} from '../../../src/render/escape.js'
import {renderReachMermaid} from '../../../src/render/graph/reach-mermaid.js'
import {checkMermaid} from './mermaid-check.js'

const HAS_DOT = spawnSync('dot', ['-V']).status === 0
const EQUIVALENT = 'fixtures/import/equivalent.yaml'
const PRODUCTION = 'fixtures/production.yaml'

function svgOf(dot: string): string {
  const run = spawnSync('dot', ['-Tsvg'], {input: dot, encoding: 'utf8'})
  if (run.status !== 0) throw new Error(`dot failed: ${run.stderr}`)
  // Graphviz writes '-' as &#45; in SVG text
  return run.stdout.replace(/&#45;/g, '-')
}

const model = (file: string, text?: string) => loadModelOrThrow(file, text).model

describe('the Mermaid checker (test helper) itself', () => {
  it('accepts a small valid chart and finds each kind of mistake', () => {
    expect(checkMermaid('flowchart LR\n  subgraph g["G"]\n    a["A"]\n  end\n  b(("B"))\n  a -->|"x"| b\n  linkStyle 0 stroke:#f00\n  classDef red stroke:#f00\n  class a,g red\n')).toEqual([])
    expect(checkMermaid('graph LR\n')).toHaveLength(1)
    expect(checkMermaid('flowchart LR\n  subgraph g["G"]\n  a["A"]\n')).toEqual(['1 subgraph(s) not closed with "end"'])
    expect(checkMermaid('flowchart LR\n  a["say "hi""]\n')[0]).toMatch(/not a flowchart statement/)
    expect(checkMermaid('flowchart LR\n  a["A"]\n  a --> b\n')).toEqual(['line 3: "b" is used but never defined'])
    expect(checkMermaid('flowchart LR\n  a["A"]\n  linkStyle 0 stroke:#f00\n')).toEqual(['line 3: linkStyle 0 but only 0 edges'])
    expect(checkMermaid('flowchart LR\n  end["A"]\n')[0]).toMatch(/reserved word/)
  })
})

describe('graph of a topology', () => {
  it('production.yaml: well-formed Mermaid, and DOT that Graphviz renders to SVG', (context) => {
    const built = buildGraph(model(PRODUCTION))
    expect(checkMermaid(renderMermaid(built.graph))).toEqual([])
    if (!HAS_DOT) {
      context.skip('Graphviz `dot` is not installed (apt-get install graphviz); DOT rendering not checked')
      return
    }
    const svg = svgOf(renderDot(built.graph))
    expect(svg).toMatch(/^<\?xml|<svg/)
    expect(svg).toContain('ECS pg-primary')
    expect(svg).toContain('VPC prod')
  })

  it('draws VPC → zones → vSwitches → instances, node pools with counts, NAT and SLB', () => {
    const {graph} = buildGraph(model(EQUIVALENT))
    const vpc = graph.groups.find((g) => g.kind === 'vpc')!
    expect(vpc.label).toEqual(['VPC prod', '192.168.0.0/16, 10.10.0.0/16'])
    expect(vpc.groups.map((z) => z.label[0])).toEqual(['zone cn-hangzhou-i', 'zone cn-hangzhou-j'])
    const nodeI = vpc.groups[0]!.groups.find((g) => g.label[0] === 'vSwitch node-i')!
    expect(nodeI.nodes.map((n) => n.label[0]).sort()).toEqual(['ECS app-1', 'ECS bastion', 'NAT prod-nat', 'SLB legacy-slb', 'SLB shop/kube-system/nginx-ingress-lb', 'SLB shop/web/frontend', 'node pool default'])
    expect(nodeI.nodes.find((n) => n.kind === 'nodePool')!.label[1]).toBe('3 nodes × ecs.g7.xlarge')
    const dataI = vpc.groups[0]!.groups.find((g) => g.label[0] === 'vSwitch data-i')!
    expect(dataI.label).toContain('route table isolated')
    expect(graph.edges).toContainEqual({from: 'loadBalancer_legacy_slb', to: 'instance_app_1', label: '80→8080', style: 'solid'})
    expect(graph.edges).toContainEqual({from: 'routeTable_prod_isolated', to: 'instance_bastion', label: '10.99.0.0/16', style: 'solid'})
  })

  it('a 5,000-node cluster stays a handful of boxes: pools with counts, collapsed namespaces and vSwitches', () => {
    const workloads = Array.from({length: 40}, (_, i) => `      - { name: w${i}, namespace: big, replicas: 1, labels: { app: w${i} } }`).join('\n')
    const instances = Array.from({length: 30}, (_, i) => `  - { name: vm-${i}, vswitch: node-a, securityGroups: [sg] }`).join('\n')
    const text = `apiVersion: acknet/v1
kind: Topology
metadata: { name: huge }
vpcs:
  - name: v
    cidr: 10.0.0.0/8
    vswitches:
      - { name: node-a, zone: z-a, cidr: 10.0.0.0/16 }
      - { name: node-b, zone: z-b, cidr: 10.1.0.0/16 }
      - { name: pod-a, zone: z-a, cidr: 10.2.0.0/16 }
      - { name: pod-b, zone: z-b, cidr: 10.3.0.0/16 }
securityGroups:
  - { name: sg, vpc: v, type: enterprise }
instances:
${instances}
clusters:
  - name: big
    vpc: v
    network: { plugin: terway, podVSwitches: [pod-a, pod-b] }
    nodePools:
      - { name: workers, instanceType: ecs.g7.4xlarge, count: 5000, vswitches: [node-a, node-b], securityGroups: [sg] }
    workloads:
${workloads}
`
    const m = model('huge.yaml', text)
    expect(m.clusters[0]!.nodes).toHaveLength(5000)
    const {graph} = buildGraph(m)
    const nodes = allNodes(graph)
    expect(nodes.length).toBeLessThan(20)
    expect(nodes.filter((n) => n.kind === 'nodePool').map((n) => n.label[1])).toEqual(['2,500 nodes of 5,000 × ecs.g7.4xlarge', '2,500 nodes of 5,000 × ecs.g7.4xlarge'])
    expect(nodes.filter((n) => n.kind === 'summary').map((n) => n.label[0]).sort()).toEqual(['30 more ECS instances', '40 more workloads'])
    expect(checkMermaid(renderMermaid(graph))).toEqual([])
    // a highlighted instance stays visible inside a collapsed vSwitch
    const kept = buildGraph(m, {keep: new Set(['instance/vm-7'])})
    expect(allNodes(kept.graph).map((n) => n.label[0])).toContain('ECS vm-7')
  })

  it('more than 15 namespaces: one summary box, except a namespace a highlight needs', () => {
    const workloads = Array.from({length: 20}, (_, i) => `      - { name: app, namespace: team-${i}, replicas: 2 }`).join('\n')
    const text = `apiVersion: acknet/v1
kind: Topology
metadata: { name: many }
vpcs:
  - { name: v, cidr: 10.0.0.0/16, vswitches: [{ name: n, zone: z, cidr: 10.0.0.0/24 }, { name: p, zone: z, cidr: 10.0.128.0/17 }] }
securityGroups: [{ name: g, vpc: v }]
clusters:
  - name: c
    vpc: v
    network: { plugin: terway, podVSwitches: [p] }
    nodePools: [{ name: w, instanceType: ecs.g7.xlarge, count: 2, vswitches: [n], securityGroups: [g] }]
    workloads:
${workloads}
`
    const m = model('many.yaml', text)
    const plain = buildGraph(m).graph
    const cluster = plain.groups.find((g) => g.kind === 'cluster')!
    expect(cluster.groups).toEqual([])
    expect(cluster.nodes.map((n) => n.label)).toEqual([['20 more namespaces', '20 workloads, 0 Services', 'use --highlight to draw one']])
    const kept = buildGraph(m, {keep: new Set(['workload/c/team-7/app'])}).graph
    expect(kept.groups.find((g) => g.kind === 'cluster')!.groups.map((g) => g.label[0])).toEqual(['namespace team-7'])
    expect(checkMermaid(renderMermaid(kept))).toEqual([])
  })

  it('escapes names that would break Mermaid or DOT syntax', () => {
    // the schema refuses such names since issue #15; the renderers still escape any label
    const nasty = 'we"ird <b>#1|x\\y end %%{init: {}}%%\n::error::x \u001b[2J \u202e'
    const text = `apiVersion: acknet/v1
kind: Topology
metadata: { name: q:uote }
vpcs:
  - { name: v, cidr: 10.0.0.0/16, vswitches: [{ name: s.1, zone: z_1, cidr: 10.0.0.0/24 }] }
securityGroups: [{ name: g, vpc: v }]
instances:
  - { name: box, vswitch: s.1, securityGroups: [g] }
`
    const {graph} = buildGraph(model('nasty.yaml', text))
    const box = graph.groups.flatMap(function all(g): typeof g.nodes {
      return [...g.nodes, ...g.groups.flatMap(all)]
    }).find((n) => n.label[0] === 'ECS box')!
    box.label = [`ECS ${nasty}`]
    const mermaid = renderMermaid(graph)
    expect(checkMermaid(mermaid)).toEqual([])
    expect(mermaid).toContain(escapeMermaidText(`ECS ${nasty}`))
    expect(mermaid).not.toMatch(/%%|\n::|\u001b|\u202e/)
    expect(escapeMermaidText('a"b#c<d>e|f%')).toBe('a#quot;b#35;c#lt;d#gt;e#124;f#37;')
    const dot = renderDot(graph)
    expect(dot.split('\n').filter((line) => line.includes('ECS we'))).toHaveLength(1)
    if (HAS_DOT) expect(svgOf(dot)).toContain('ECS we&quot;ird &lt;b&gt;#1|x\\y end')
  })
})

describe('--highlight: a reach answer on the graph', () => {
  const m = model(EQUIVALENT)
  const highlighted = (from: string, to: string, port: number) => {
    const result = reach(new ReachContext(m), {from, to, port})
    const built = buildGraph(m, {keep: keysForReach(m, result)})
    applyHighlight(built, m, result)
    return {result, graph: built.graph}
  }

  it('allowed: the source, the destination and the edge between them are marked as the path', () => {
    const {result, graph} = highlighted('pod:web/frontend', 'instance:db-1', 5432)
    expect(result.verdict).toBe('allowed')
    const marked = graph.edges.filter((e) => e.mark)
    expect(marked.every((e) => e.mark === 'path')).toBe(true)
    expect(marked[0]!.from).toBe('workload_shop_web_frontend')
    expect(marked.at(-1)!.to).toBe('instance_db_1')
    expect(marked.at(-1)!.label).toBe('allowed: tcp/5432')
    expect(checkMermaid(renderMermaid(graph))).toEqual([])
  })

  it('denied at the destination security group: the destination box and the edge into it are red', () => {
    const {result, graph} = highlighted('instance:app-1', 'instance:db-1', 5432)
    expect(result.reason?.code).toBe('SG_INGRESS_DENIED')
    expect(allNodes(graph).find((n) => n.id === 'instance_db_1')!.mark).toBe('deny')
    const denied = graph.edges.filter((e) => e.mark === 'deny')
    expect(denied).toHaveLength(1)
    expect(denied[0]!.to).toBe('instance_db_1')
    expect(denied[0]!.label).toBe('denied: tcp/5432 SG_INGRESS_DENIED')
    const mermaid = renderMermaid(graph)
    expect(checkMermaid(mermaid)).toEqual([])
    expect(mermaid).toMatch(/class [^\n]*instance_db_1[^\n]* deny/)
    expect(mermaid).toMatch(/linkStyle \d+ stroke:#cf222e/)
  })
})

describe('renderReachMermaid', () => {
  it('draws each path as a lane of hops, the denying hop red, and is well-formed', () => {
    const m = model(EQUIVALENT)
    const denied = reach(new ReachContext(m), {from: 'instance:app-1', to: 'instance:db-1', port: 5432})
    const text = renderReachMermaid(denied)
    expect(checkMermaid(text)).toEqual([])
    expect(text).toMatch(/class [^\n]+ deny/)
    expect(text).toContain('SG_INGRESS_DENIED')
    const allowed = reach(new ReachContext(m), {from: 'pod:web/frontend', to: 'instance:db-1', port: 5432})
    expect(checkMermaid(renderReachMermaid(allowed))).toEqual([])
    expect(renderReachMermaid(allowed)).toContain('class to pass')
  })
})

it('fixtures exist that the docs picture is made from', () => {
  expect(readFileSync(PRODUCTION, 'utf8')).toMatch(/apiVersion: acknet\/v1/)
})
