import type {Hop, ReachResult} from '../reach/result.js'
import type {Model} from '../topology/model.js'
import {parseIpv4} from '../cidr/ipv4.js'
import {parseIpv6} from '../cidr/ipv6.js'
import type {BuiltGraph} from './build.js'
import {keyInstance, keyLb, keyPool, keyService, keyWorkload} from './build.js'
import {allNodes, type GraphNode} from './graph.js'

/**
 * Draws a reach answer on the topology graph: the source, every hop object that is a box in
 * the diagram (route table, NAT, SLB, Service, ...) and the destination are joined by marked
 * edges; where the first denied path is denied, the box and the edge into it are marked
 * `deny` (drawn red). Security groups and NetworkPolicies are not boxes: a deny there marks
 * the endpoint they protect (source for egress, destination for ingress).
 */
export function keysForReach(model: Model, result: ReachResult): Set<string> {
  const keys = new Set<string>()
  for (const ref of [result.from.ref, result.to.ref]) for (const key of endpointKeys(model, ref, ref === result.to.ref ? result.to.address : result.from.address)) keys.add(key)
  for (const path of result.paths) for (const hop of path.hops) for (const key of hopKeys(model, hop)) keys.add(key)
  return keys
}

function clusterFor(model: Model, parts: string[], needed: number): {cluster?: string; rest: string[]} {
  if (parts.length > needed) return {cluster: parts[0], rest: parts.slice(1)}
  return {cluster: model.clusters.length === 1 ? model.clusters[0]!.name : undefined, rest: parts}
}

/** Graph keys an endpoint reference can be drawn as, best first. */
export function endpointKeys(model: Model, ref: string, address: string | null): string[] {
  const colon = ref.indexOf(':')
  const kind = colon < 0 ? ref : ref.slice(0, colon)
  const body = colon < 0 ? '' : ref.slice(colon + 1)
  const parts = body.split('/')
  switch (kind) {
    case 'pod': {
      const {cluster, rest} = clusterFor(model, parts, 2)
      const c = model.clusters.find((x) => x.name === cluster) ?? model.clusters.find((x) => x.workloadByName.has(rest.join('/')))
      const workload = c?.workloadByName.get(rest.join('/'))
      return workload ? [keyWorkload(workload)] : []
    }
    case 'node': {
      const {cluster, rest} = clusterFor(model, parts, 1)
      const c = model.clusters.find((x) => x.name === cluster) ?? model.clusters.find((x) => x.nodePoolByName.has(rest[0]!))
      const pool = c?.nodePoolByName.get(rest[0]!)
      return pool ? [keyPool(pool)] : []
    }
    case 'svc':
    case 'nodeport':
    case 'lb': {
      const {cluster, rest} = clusterFor(model, parts, 2)
      const c = model.clusters.find((x) => x.name === cluster) ?? model.clusters.find((x) => x.serviceByName.has(rest.join('/')))
      const service = c?.serviceByName.get(rest.join('/'))
      if (!service) return []
      return kind === 'lb' && service.loadBalancer ? [keyLb(service.loadBalancer), keyService(service)] : [keyService(service)]
    }
    case 'instance':
      return [`instance/${body}`]
    case 'slb':
      return [`loadBalancer/${body}`]
    case 'internet':
      return ['internet']
    default: {
      // ip:, dns:, url: — whatever owns the address, if the file has it
      const ip = address === null ? undefined : parseIpv4(address)
      const ip6 = address === null || ip !== undefined ? undefined : parseIpv6(address)
      const owner = ip !== undefined ? model.ipOwners.get(ip) : ip6 !== undefined ? model.ipv6Owners.get(ip6) : undefined
      if (owner?.kind === 'instance') return [keyInstance(owner.instance)]
      if (owner?.kind === 'pod') return [keyWorkload(owner.pod.workload)]
      if (owner?.kind === 'node') return [keyPool(owner.node.pool)]
      if (owner?.kind === 'loadBalancer') return [keyLb(owner.loadBalancer)]
      return []
    }
  }
}

/** Graph keys of the object a hop names (`routeTable/prod/isolated`, `service/web/api`, ...). */
function hopKeys(model: Model, hop: Hop): string[] {
  const [kind, ...rest] = hop.object.split('/')
  switch (kind) {
    case 'routeTable':
    case 'natGateway':
    case 'ipv6Gateway':
    case 'instance':
    case 'loadBalancer':
      return [hop.object]
    case 'service': {
      const {cluster, rest: nsName} = clusterFor(model, rest, 2)
      const c = model.clusters.find((x) => x.name === cluster) ?? model.clusters.find((x) => x.serviceByName.has(nsName.join('/')))
      const service = c?.serviceByName.get(nsName.join('/'))
      return service ? [keyService(service)] : []
    }
    default:
      return []
  }
}

export function applyHighlight(built: BuiltGraph, model: Model, result: ReachResult): void {
  const {graph, index} = built
  const nodeById = new Map(allNodes(graph).map((node) => [node.id, node]))
  const resolve = (keys: string[]) => keys.map((key) => index.get(key)).find((id) => id !== undefined)
  const externalNode = (ref: string): string => {
    const node: GraphNode = {id: `endpoint_${graph.nodes.length}`, kind: 'external', label: [ref]}
    graph.nodes.push(node)
    nodeById.set(node.id, node)
    return node.id
  }
  const source = resolve(endpointKeys(model, result.from.ref, result.from.address)) ?? externalNode(result.from.ref)
  const destination = resolve(endpointKeys(model, result.to.ref, result.to.address)) ?? externalNode(result.to.ref)
  const path = result.paths.find((p) => p.verdict === 'denied') ?? result.paths[0]
  const chain: string[] = [source]
  let denyAt: string | undefined
  for (const hop of path?.hops ?? []) {
    let id = resolve(hopKeys(model, hop))
    if (hop.result === 'deny' && id === undefined) id = ['netpol-egress', 'sg-egress', 'source-nat'].includes(hop.step) ? source : destination
    if (id !== undefined && id !== chain[chain.length - 1] && id !== destination) chain.push(id)
    if (hop.result === 'deny') {
      denyAt = id
      break
    }
  }
  if (denyAt === undefined || denyAt === destination) chain.push(destination)
  const label = `${result.verdict}: ${result.protocol}${result.port === null ? '' : `/${result.port}`}${result.reason ? ` ${result.reason.code}` : ''}`
  for (let i = 0; i + 1 < chain.length; i++) {
    const last = i + 2 === chain.length
    const into = chain[i + 1] === denyAt
    graph.edges.push({from: chain[i]!, to: chain[i + 1]!, style: 'solid', mark: into ? 'deny' : 'path', label: last ? label : undefined})
  }
  if (chain.length === 1 && denyAt !== undefined) graph.edges.push({from: source, to: destination, style: 'solid', mark: 'deny', label})
  for (const id of chain) {
    const node = nodeById.get(id)
    if (node) node.mark = 'path'
  }
  const denied = denyAt === undefined ? undefined : nodeById.get(denyAt)
  if (denied) denied.mark = 'deny'
}
