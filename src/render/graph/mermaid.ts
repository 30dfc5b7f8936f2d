import {mermaidText} from '../escape.js'
import type {Graph, GraphGroup, GraphNode, NodeKind} from '../../engine/graph/graph.js'

/**
 * Mermaid flowchart text (GitHub renders it in Markdown inside a ```mermaid block). Every
 * label is a quoted string with entity escapes, so names with quotes, brackets, `#`, `|` or
 * `<` cannot break the syntax; lines are joined with `<br/>`. Escaping: mermaidText (src/render/escape.ts).
 */
export function mermaidLabel(lines: string[]): string {
  return `"${lines.map(mermaidText).join('<br/>')}"`
}

const SHAPES: Record<NodeKind, [string, string]> = {
  internet: ['((', '))'],
  external: ['>', ']'],
  instance: ['[', ']'],
  nodePool: ['[[', ']]'],
  pods: ['[[', ']]'],
  natGateway: ['{{', '}}'],
  ipv6Gateway: ['{{', '}}'],
  loadBalancer: ['[/', '/]'],
  routeTable: ['[(', ')]'],
  workload: ['[', ']'],
  service: ['([', '])'],
  ingress: ['[\\', '\\]'],
  summary: ['[', ']'],
}

export const MERMAID_CLASSES: Record<string, string> = {
  vpc: 'fill:#f4f8ff,stroke:#4a78c2',
  zone: 'fill:#ffffff,stroke:#9bb3d9,stroke-dasharray:4 3',
  vswitch: 'fill:#eef3fb,stroke:#7b98c9',
  cluster: 'fill:#f3fbf4,stroke:#3c9a52',
  namespace: 'fill:#ffffff,stroke:#8cc79a',
  summary: 'fill:#f6f6f6,stroke:#999999,color:#555555',
  path: 'stroke:#1f6feb,stroke-width:3px',
  deny: 'fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#cf222e',
}

export function renderMermaid(graph: Graph, options: {direction?: 'LR' | 'TB'} = {}): string {
  const lines = [`flowchart ${options.direction ?? 'LR'}`]
  const classed = new Map<string, string[]>()
  const addClass = (name: string, id: string) => {
    if (!classed.has(name)) classed.set(name, [])
    classed.get(name)!.push(id)
  }
  const node = (n: GraphNode, indent: string) => {
    const [open, close] = SHAPES[n.kind]
    lines.push(`${indent}${n.id}${open}${mermaidLabel(n.label)}${close}`)
    if (n.mark) addClass(n.mark, n.id)
    else if (n.kind === 'summary') addClass('summary', n.id)
  }
  const group = (g: GraphGroup, indent: string) => {
    lines.push(`${indent}subgraph ${g.id}[${mermaidLabel(g.label)}]`)
    for (const n of g.nodes) node(n, indent + '  ')
    for (const child of g.groups) group(child, indent + '  ')
    lines.push(`${indent}end`)
    addClass(g.kind, g.id)
  }
  for (const n of graph.nodes) node(n, '  ')
  for (const g of graph.groups) group(g, '  ')
  const linkStyles: string[] = []
  graph.edges.forEach((edge, index) => {
    const arrow = edge.style === 'dashed' ? '-.->' : edge.mark ? '==>' : '-->'
    const label = edge.label ? `|${mermaidLabel([edge.label])}|` : ''
    lines.push(`  ${edge.from} ${arrow}${label} ${edge.to}`)
    if (edge.mark === 'deny') linkStyles.push(`  linkStyle ${index} stroke:#cf222e,stroke-width:3px,color:#cf222e`)
    else if (edge.mark === 'path') linkStyles.push(`  linkStyle ${index} stroke:#1f6feb,stroke-width:3px`)
  })
  lines.push(...linkStyles)
  for (const [name, ids] of classed) {
    lines.push(`  classDef ${name} ${MERMAID_CLASSES[name]}`)
    lines.push(`  class ${ids.join(',')} ${name}`)
  }
  return lines.join('\n') + '\n'
}
