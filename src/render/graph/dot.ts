import {dotText} from '../escape.js'
import type {Graph, GraphGroup, GraphNode, NodeKind} from '../../engine/graph/graph.js'

/** Graphviz DOT text (`dot -Tsvg`, `dot -Tpng`). Every id and label is a quoted, escaped string. */
export function dotString(text: string): string {
  return `"${dotText(text)}"`
}

function dotLabel(lines: string[]): string {
  // \n in a DOT string is a centred line break
  return `"${lines.map(dotText).join('\\n')}"`
}

const SHAPES: Record<NodeKind, string> = {
  internet: 'shape=ellipse, style="filled", fillcolor="#fff8e1"',
  external: 'shape=cds, style="filled", fillcolor="#f6f6f6"',
  instance: 'shape=box, style="rounded,filled", fillcolor="#ffffff"',
  nodePool: 'shape=box3d, style="filled", fillcolor="#e8f0fe"',
  pods: 'shape=box3d, style="filled", fillcolor="#eaf6ec"',
  natGateway: 'shape=hexagon, style="filled", fillcolor="#fff3e0"',
  ipv6Gateway: 'shape=hexagon, style="filled", fillcolor="#e0f7fa"',
  loadBalancer: 'shape=trapezium, style="filled", fillcolor="#f3e5f5"',
  routeTable: 'shape=cylinder, style="filled", fillcolor="#f1f8e9"',
  workload: 'shape=box, style="rounded,filled", fillcolor="#ffffff"',
  service: 'shape=oval, style="filled", fillcolor="#e3f2fd"',
  ingress: 'shape=invhouse, style="filled", fillcolor="#fce4ec"',
  summary: 'shape=note, style="filled", fillcolor="#f6f6f6", fontcolor="#555555"',
}

const GROUP_STYLE: Record<GraphGroup['kind'], string> = {
  vpc: 'style="rounded,filled"; fillcolor="#f4f8ff"; color="#4a78c2"',
  zone: 'style="rounded,dashed"; color="#9bb3d9"',
  vswitch: 'style="rounded,filled"; fillcolor="#eef3fb"; color="#7b98c9"',
  cluster: 'style="rounded,filled"; fillcolor="#f3fbf4"; color="#3c9a52"',
  namespace: 'style="rounded"; color="#8cc79a"',
}

export function renderDot(graph: Graph, options: {direction?: 'LR' | 'TB'} = {}): string {
  const lines = [
    `digraph ${dotString(graph.title)} {`,
    `  graph [rankdir=${options.direction ?? 'LR'}, compound=true, newrank=true, fontname="Helvetica", fontsize=12, label=${dotString(`acknet: ${graph.title}`)}, labelloc=t, nodesep=0.3, ranksep=0.6];`,
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9, color="#666666"];',
  ]
  const node = (n: GraphNode, indent: string) => {
    const mark = n.mark === 'deny' ? ', color="#cf222e", penwidth=3, fontcolor="#cf222e"' : n.mark === 'path' ? ', color="#1f6feb", penwidth=3' : ''
    lines.push(`${indent}${dotString(n.id)} [label=${dotLabel(n.label)}, ${SHAPES[n.kind]}${mark}];`)
  }
  const group = (g: GraphGroup, indent: string) => {
    lines.push(`${indent}subgraph ${dotString(`cluster_${g.id}`)} {`)
    lines.push(`${indent}  label=${dotLabel(g.label)}; ${GROUP_STYLE[g.kind]};`)
    for (const n of g.nodes) node(n, indent + '  ')
    for (const child of g.groups) group(child, indent + '  ')
    // Graphviz drops an empty cluster; an invisible point keeps e.g. an unused vSwitch on the picture.
    if (g.nodes.length === 0 && g.groups.length === 0) lines.push(`${indent}  ${dotString(`${g.id}__empty`)} [shape=point, style=invis];`)
    lines.push(`${indent}}`)
  }
  for (const n of graph.nodes) node(n, '  ')
  for (const g of graph.groups) group(g, '  ')
  for (const edge of graph.edges) {
    const attributes: string[] = []
    if (edge.label) attributes.push(`label=${dotString(edge.label)}`)
    if (edge.style === 'dashed') attributes.push('style=dashed')
    if (edge.mark === 'deny') attributes.push('color="#cf222e", penwidth=3, fontcolor="#cf222e"')
    else if (edge.mark === 'path') attributes.push('color="#1f6feb", penwidth=3, fontcolor="#1f6feb"')
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${attributes.length > 0 ? ` [${attributes.join(', ')}]` : ''};`)
  }
  lines.push('}')
  return lines.join('\n') + '\n'
}
