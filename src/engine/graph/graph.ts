/**
 * A diagram-neutral graph of a topology: nested groups (VPC → zone → vSwitch, cluster →
 * namespace) holding nodes, plus edges. Built by build.ts, marked by highlight.ts, drawn by
 * src/render/graph/{mermaid,dot}.ts. Labels are plain text lines; renderers escape them.
 */
export type NodeKind = 'internet' | 'external' | 'instance' | 'nodePool' | 'pods' | 'natGateway' | 'ipv6Gateway' | 'loadBalancer' | 'routeTable' | 'workload' | 'service' | 'ingress' | 'summary'
export type GroupKind = 'vpc' | 'zone' | 'vswitch' | 'cluster' | 'namespace'
/** `path`: on the highlighted reach path; `deny`: where it is denied. */
export type Mark = 'path' | 'deny'

export interface GraphNode {
  id: string
  kind: NodeKind
  /** First line is the title. */
  label: string[]
  mark?: Mark
}

export interface GraphGroup {
  id: string
  kind: GroupKind
  label: string[]
  nodes: GraphNode[]
  groups: GraphGroup[]
}

export interface GraphEdge {
  from: string
  to: string
  label?: string
  style: 'solid' | 'dashed'
  mark?: Mark
}

export interface Graph {
  title: string
  groups: GraphGroup[]
  /** Nodes outside every group (Internet, peers, blackhole). */
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** Every node of the graph, depth first. */
export function allNodes(graph: Graph): GraphNode[] {
  const out = [...graph.nodes]
  const walk = (group: GraphGroup) => {
    out.push(...group.nodes)
    group.groups.forEach(walk)
  }
  graph.groups.forEach(walk)
  return out
}
