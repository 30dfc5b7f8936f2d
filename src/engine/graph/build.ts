import {formatCidr} from '../cidr/cidr.js'
import {formatCount} from '../count.js'
import {formatIpv4} from '../cidr/ipv4.js'
import {formatIpv6} from '../cidr/ipv6.js'
import {formatIpv6Cidr} from '../cidr/cidr6.js'
import type {Cluster, Instance, Ipv6Gateway, LoadBalancer, Model, Namespace, NatGateway, NodePool, RouteTable, Service, VSwitch, Vpc, Workload} from '../topology/model.js'
import type {Graph, GraphEdge, GraphGroup, GraphNode, NodeKind} from './graph.js'

/**
 * Topology → Graph. Scale rules keep a 5,000-node cluster readable: nodes are drawn as node
 * pools with counts (one box per pool and vSwitch), Terway pods as one box per cluster and
 * pod vSwitch, and a group with more than `collapseAbove` instances, workloads or Services
 * shows the ones a highlight needs plus one summary box for the rest.
 */
export interface BuildOptions {
  /** Only this cluster (and its VPC). */
  cluster?: string
  collapseAbove?: number
  /** Object keys (see `key*` below) that must stay visible even in a collapsed group. */
  keep?: ReadonlySet<string>
}

export const DEFAULT_COLLAPSE_ABOVE = 15

/** The graph plus the index from object keys (`instance/db-1`, `service/shop/web/api`, ...) to node ids. */
export interface BuiltGraph {
  graph: Graph
  index: Map<string, string>
}

export const keyInstance = (instance: Instance) => `instance/${instance.name}`
export const keyNat = (nat: NatGateway) => `natGateway/${nat.name}`
export const keyLb = (lb: LoadBalancer) => `loadBalancer/${lb.name}`
export const keyIpv6Gateway = (gateway: Ipv6Gateway) => `ipv6Gateway/${gateway.name}`
export const keyRouteTable = (table: RouteTable) => `routeTable/${table.vpc.name}/${table.name}`
export const keyWorkload = (workload: Workload) => `workload/${workload.cluster.name}/${workload.namespace.name}/${workload.name}`
export const keyService = (service: Service) => `service/${service.cluster.name}/${service.namespace.name}/${service.name}`
export const keyPool = (pool: NodePool) => `nodePool/${pool.cluster.name}/${pool.name}`

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`
}

class Builder {
  readonly graph: Graph
  readonly index = new Map<string, string>()
  private readonly ids = new Set<string>()
  private readonly collapseAbove: number
  private readonly keep: ReadonlySet<string>

  constructor(private readonly model: Model, private readonly options: BuildOptions) {
    this.graph = {title: model.name, groups: [], nodes: [], edges: []}
    this.collapseAbove = options.collapseAbove ?? DEFAULT_COLLAPSE_ABOVE
    this.keep = options.keep ?? new Set()
  }

  id(kind: string, name: string): string {
    const base = `${kind}_${name}`.replace(/[^A-Za-z0-9_]/g, '_')
    let id = base
    for (let n = 2; this.ids.has(id); n++) id = `${base}_${n}`
    this.ids.add(id)
    return id
  }

  node(into: GraphNode[], kind: NodeKind, name: string, label: string[], key?: string): GraphNode {
    const node: GraphNode = {id: this.id(kind, name), kind, label}
    into.push(node)
    if (key && !this.index.has(key)) this.index.set(key, node.id)
    return node
  }

  group(into: GraphGroup[], kind: GraphGroup['kind'], name: string, label: string[]): GraphGroup {
    const group: GraphGroup = {id: this.id(kind, name), kind, label, nodes: [], groups: []}
    into.push(group)
    return group
  }

  edge(from: string | undefined, to: string | undefined, label?: string, style: GraphEdge['style'] = 'solid'): void {
    if (from && to && from !== to) this.graph.edges.push({from, to, label, style})
  }

  /** Items beyond the collapse limit become one summary box; kept keys always stay. */
  visible<T>(items: T[], key: (item: T) => string): {shown: T[]; hidden: number} {
    if (items.length <= this.collapseAbove) return {shown: items, hidden: 0}
    const shown = items.filter((item) => this.keep.has(key(item)))
    return {shown, hidden: items.length - shown.length}
  }

  internet(): string {
    const existing = this.index.get('internet')
    if (existing) return existing
    return this.node(this.graph.nodes, 'internet', 'internet', ['Internet'], 'internet').id
  }

  build(): BuiltGraph {
    const clusters = this.model.clusters.filter((cluster) => !this.options.cluster || cluster.name === this.options.cluster)
    const vpcs = this.options.cluster ? this.model.vpcs.filter((vpc) => clusters.some((cluster) => cluster.vpc === vpc)) : this.model.vpcs
    for (const vpc of vpcs) this.vpc(vpc, clusters)
    for (const cluster of clusters) this.cluster(cluster)
    this.loadBalancerEdges(vpcs)
    return {graph: this.graph, index: this.index}
  }

  private vpc(vpc: Vpc, clusters: Cluster[]): void {
    const group = this.group(this.graph.groups, 'vpc', vpc.name, [`VPC ${vpc.name}`, vpc.cidrs.map(formatCidr).join(', '), ...(vpc.ipv6Cidr ? [formatIpv6Cidr(vpc.ipv6Cidr)] : [])])
    const zones = [...new Set(vpc.vswitches.map((vswitch) => vswitch.zone))].sort()
    for (const zone of zones) {
      const zoneGroup = this.group(group.groups, 'zone', `${vpc.name}_${zone}`, [`zone ${zone}`])
      for (const vswitch of vpc.vswitches.filter((v) => v.zone === zone)) this.vswitch(zoneGroup, vswitch, clusters)
    }
    for (const lb of vpc.loadBalancers.filter((lb) => !lb.vswitch && this.showLb(lb, clusters))) this.loadBalancer(group.nodes, lb)
    // before the route tables: their `::/0 → ipv6gw:NAME` entries point at it
    if (vpc.ipv6Gateway) this.ipv6Gateway(group.nodes, vpc.ipv6Gateway)
    for (const table of vpc.routeTables) this.routeTable(group, table)
    for (const nat of vpc.natGateways) {
      const natId = this.index.get(keyNat(nat))
      if (nat.eips.length > 0) this.edge(natId, this.internet(), `SNAT ${nat.eips.map(formatIpv4).join(', ')}`)
      for (const dnat of nat.dnat) {
        const target = dnat.target?.kind === 'instance' ? this.index.get(keyInstance(dnat.target.instance)) : undefined
        this.edge(this.internet(), natId, `DNAT ${formatIpv4(dnat.eip)}:${dnat.externalPort}`)
        if (target) this.edge(natId, target, `${dnat.protocol}/${dnat.internalPort}`)
      }
    }
  }

  private showLb(lb: LoadBalancer, clusters: Cluster[]): boolean {
    return !lb.service || clusters.includes(lb.service.cluster)
  }

  private vswitch(zoneGroup: GraphGroup, vswitch: VSwitch, clusters: Cluster[]): void {
    const lines = [`vSwitch ${vswitch.name}`, formatCidr(vswitch.cidr), ...(vswitch.ipv6Cidr ? [formatIpv6Cidr(vswitch.ipv6Cidr)] : []), `${formatCount(vswitch.allocated)} / ${formatCount(vswitch.usable)} addresses used`]
    if (!vswitch.routeTable.isSystem) lines.push(`route table ${vswitch.routeTable.name}`)
    const group = this.group(zoneGroup.groups, 'vswitch', vswitch.name, lines)
    const {shown, hidden} = this.visible(vswitch.instances, keyInstance)
    for (const instance of shown) {
      const label = [`ECS ${instance.name}`, instance.ip === undefined ? 'no address' : formatIpv4(instance.ip), ...(instance.ipv6 === undefined ? [] : [formatIpv6(instance.ipv6)])]
      if (instance.publicIp) label.push('public IP')
      this.node(group.nodes, 'instance', instance.name, label, keyInstance(instance))
      if (instance.publicIp) this.edge(this.internet(), this.index.get(keyInstance(instance)), 'public IP', 'dashed')
    }
    if (hidden > 0) this.node(group.nodes, 'summary', `${vswitch.name}_instances`, [`${plural(hidden, 'more ECS instance')}`])
    for (const cluster of clusters) {
      for (const pool of cluster.nodePools) {
        const here = pool.nodes.filter((node) => node.vswitch === vswitch).length
        if (here === 0 && !(pool.nodes.length === 0 && pool.vswitches[0] === vswitch)) continue
        const of = here === pool.nodes.length ? '' : ` of ${formatCount(pool.nodes.length)}`
        this.node(group.nodes, 'nodePool', `${cluster.name}_${pool.name}_${vswitch.name}`, [`node pool ${pool.name}`, `${plural(here, 'node')}${of} × ${pool.instanceTypeName}`, `cluster ${cluster.name}`], keyPool(pool))
      }
      const pods = vswitch.pods.filter((pod) => pod.workload.cluster === cluster && !pod.workload.hostNetwork)
      if (pods.length > 0) this.node(group.nodes, 'pods', `${cluster.name}_${vswitch.name}_pods`, [`${plural(pods.length, 'pod')}`, `cluster ${cluster.name}`], `pods/${cluster.name}/${vswitch.name}`)
    }
    for (const nat of vswitch.vpc.natGateways.filter((n) => n.vswitch === vswitch)) {
      const label = [`NAT ${nat.name}`]
      if (nat.eips.length > 0) label.push(`EIP ${nat.eips.map(formatIpv4).join(', ')}`)
      label.push(`${plural(nat.snat.length, 'SNAT entry').replace('entrys', 'entries')}`)
      this.node(group.nodes, 'natGateway', nat.name, label, keyNat(nat))
    }
    const lbs = this.visible(vswitch.vpc.loadBalancers.filter((lb) => lb.vswitch === vswitch && this.showLb(lb, clusters)), keyLb)
    for (const lb of lbs.shown) this.loadBalancer(group.nodes, lb)
    if (lbs.hidden > 0) this.node(group.nodes, 'summary', `${vswitch.name}_slbs`, [`${plural(lbs.hidden, 'more SLB')}`])
  }

  private loadBalancer(into: GraphNode[], lb: LoadBalancer): void {
    const label = [`SLB ${lb.name}`, `${lb.addressType}${lb.address === undefined ? '' : ` ${formatIpv4(lb.address)}`}`]
    if (lb.listeners.length > 0) label.push(`listeners ${lb.listeners.map((l) => `${l.port}/${l.protocol}`).join(', ')}`)
    if (lb.acl) label.push(`ACL ${lb.acl.type}list (${lb.acl.cidrs.length})`)
    this.node(into, 'loadBalancer', lb.name, label, keyLb(lb))
    if (lb.addressType === 'internet') this.edge(this.internet(), this.index.get(keyLb(lb)), lb.listeners.map((l) => String(l.port)).join(', ') || undefined)
  }

  private ipv6Gateway(into: GraphNode[], gateway: Ipv6Gateway): void {
    const node = this.node(into, 'ipv6Gateway', gateway.name, [`IPv6 gateway ${gateway.name}`, `${plural(gateway.internet.length, 'block')} with IPv6 internet bandwidth`], keyIpv6Gateway(gateway))
    const shown = gateway.internet.slice(0, 2).map(formatIpv6Cidr)
    if (gateway.internet.length > 0) this.edge(node.id, this.internet(), `IPv6 ${shown.join(', ')}${gateway.internet.length > 2 ? ` +${gateway.internet.length - 2}` : ''}`)
  }

  private routeTable(vpcGroup: GraphGroup, table: RouteTable): void {
    if (table.routes.length === 0 && table.ipv6Routes.length === 0 && table.flannelRoutes.length === 0 && table.flannelCutOff.length === 0) return
    const label = [`route table ${table.name}`, `${table.routes.length} custom + ${table.flannelRoutes.length} Flannel of ${table.quota}`]
    if (table.ipv6Routes.length > 0) label.push(`${plural(table.ipv6Routes.length, 'IPv6 route')}`)
    if (table.flannelCutOff.length > 0) label.push(`${plural(table.flannelCutOff.length, 'node')} without a route`)
    const node = this.node(vpcGroup.nodes, 'routeTable', `${table.vpc.name}_${table.name}`, label, keyRouteTable(table))
    for (const route of table.routes) {
      const hop = route.nextHop
      const target = hop.type === 'nat' ? this.index.get(keyNat(hop.nat)) : this.sharedHop(hop)
      this.edge(node.id, target, formatCidr(route.destination))
    }
    for (const route of table.ipv6Routes) {
      const hop = route.nextHop
      const target = hop.type === 'ipv6gw' ? this.index.get(keyIpv6Gateway(hop.gateway)) : this.sharedHop(hop)
      this.edge(node.id, target, formatIpv6Cidr(route.destination))
    }
  }

  /** The box of a next hop both families have: an instance, a peer VPC, a blackhole. */
  private sharedHop(hop: {type: 'instance'; instance: Instance} | {type: 'peer'; name: string} | {type: 'blackhole'}): string | undefined {
    if (hop.type === 'instance') return this.index.get(keyInstance(hop.instance))
    if (hop.type === 'peer') return this.index.get(`peer/${hop.name}`) ?? this.node(this.graph.nodes, 'external', `peer_${hop.name}`, [`VPC ${hop.name} (peer)`], `peer/${hop.name}`).id
    return this.index.get('blackhole') ?? this.node(this.graph.nodes, 'external', 'blackhole', ['blackhole'], 'blackhole').id
  }

  private cluster(cluster: Cluster): void {
    const network = cluster.network
    const plugin = network.plugin === 'terway' ? `terway ${network.mode}` : network.plugin
    const lines = [`cluster ${cluster.name}`, `${cluster.type.toUpperCase()}, ${plugin}`]
    if (network.plugin === 'flannel') lines.push(`pods ${formatCidr(network.podCidr)} (/${network.nodeCidrMask} per node)`)
    lines.push(`Services ${formatCidr(cluster.serviceCidr)}`)
    const group = this.group(this.graph.groups, 'cluster', cluster.name, lines)
    const inNamespace = <T extends {namespace: Namespace}>(list: T[], namespace: Namespace) => list.filter((item) => item.namespace === namespace)
    const used = cluster.namespaces.filter((ns) => inNamespace(cluster.workloads, ns).length + inNamespace(cluster.services, ns).length + inNamespace(cluster.ingresses, ns).length > 0)
    // Many namespaces: only those holding a kept object are drawn, the rest are one summary box.
    const holdsKept = (ns: Namespace) => inNamespace(cluster.workloads, ns).some((w) => this.keep.has(keyWorkload(w))) || inNamespace(cluster.services, ns).some((sv) => this.keep.has(keyService(sv)))
    const namespaces = used.length > this.collapseAbove ? used.filter(holdsKept) : used
    const hiddenNamespaces = used.filter((ns) => !namespaces.includes(ns))
    if (hiddenNamespaces.length > 0) {
      const count = (list: Array<{namespace: Namespace}>) => list.filter((item) => hiddenNamespaces.includes(item.namespace)).length
      this.node(group.nodes, 'summary', `${cluster.name}_namespaces`, [`${plural(hiddenNamespaces.length, 'more namespace')}`, `${plural(count(cluster.workloads), 'workload')}, ${plural(count(cluster.services), 'Service')}`, 'use --highlight to draw one'])
    }
    for (const namespace of namespaces) {
      const workloads = inNamespace(cluster.workloads, namespace)
      const services = inNamespace(cluster.services, namespace)
      const ingresses = inNamespace(cluster.ingresses, namespace)
      const policies = cluster.networkPolicies.filter((p) => p.namespace === namespace).length
      const nsLabel = [`namespace ${namespace.name}`]
      if (policies > 0) nsLabel.push(plural(policies, 'NetworkPolicy').replace('Policys', 'Policies'))
      const nsGroup = this.group(group.groups, 'namespace', `${cluster.name}_${namespace.name}`, nsLabel)
      const shownWorkloads = this.visible(workloads, keyWorkload)
      for (const workload of shownWorkloads.shown) {
        const label = [`${workload.workloadKind} ${workload.name}`, `${plural(workload.replicas, 'replica')}${workload.hostNetwork ? ', hostNetwork' : ''}`]
        if (workload.ports.length > 0) label.push(workload.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', '))
        const node = this.node(nsGroup.nodes, 'workload', `${cluster.name}_${namespace.name}_${workload.name}`, label, keyWorkload(workload))
        if (workload.nodePool) this.edge(node.id, this.index.get(keyPool(workload.nodePool)), 'runs on', 'dashed')
      }
      const shownServices = this.visible(services, keyService)
      for (const service of shownServices.shown) {
        const label = [`Service ${service.name}`, `${service.type}${service.headless ? ' (headless)' : service.clusterIP === undefined ? '' : ` ${formatIpv4(service.clusterIP)}`}`]
        if (service.ports.length > 0) label.push(service.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(', '))
        const node = this.node(nsGroup.nodes, 'service', `${cluster.name}_${namespace.name}_${service.name}`, label, keyService(service))
        for (const workload of service.endpoints) this.edge(node.id, this.index.get(keyWorkload(workload)))
      }
      const hidden = shownWorkloads.hidden + shownServices.hidden
      if (hidden > 0) this.node(nsGroup.nodes, 'summary', `${cluster.name}_${namespace.name}_more`, [`${plural(shownWorkloads.hidden, 'more workload')}`, `${plural(shownServices.hidden, 'more Service')}`])
      for (const ingress of ingresses) {
        const hosts = [...new Set(ingress.paths.map((p) => p.host ?? '*'))]
        const node = this.node(nsGroup.nodes, 'ingress', `${cluster.name}_${namespace.name}_${ingress.name}`, [`Ingress ${ingress.name}`, hosts.join(', ') || '*'], `ingress/${cluster.name}/${namespace.name}/${ingress.name}`)
        for (const backend of [...ingress.paths.map((p) => p.backend), ...(ingress.defaultBackend ? [ingress.defaultBackend] : [])]) {
          if (backend.service) this.edge(node.id, this.index.get(keyService(backend.service)), backend.port.number ? String(backend.port.number) : backend.port.name)
        }
        if (cluster.ingressController) this.edge(this.index.get(keyService(cluster.ingressController)), node.id, 'routes', 'dashed')
      }
    }
  }

  private loadBalancerEdges(vpcs: Vpc[]): void {
    for (const vpc of vpcs) {
      for (const lb of vpc.loadBalancers) {
        const lbId = this.index.get(keyLb(lb))
        if (!lbId) continue
        if (lb.service) {
          this.edge(lbId, this.index.get(keyService(lb.service)), lb.listeners.map((l) => String(l.port)).join(', ') || undefined)
          continue
        }
        for (const listener of lb.listeners) {
          for (const backend of listener.backends) {
            if (backend.kind === 'instance') this.edge(lbId, this.index.get(keyInstance(backend.instance)), `${listener.port}→${backend.port}`)
          }
        }
      }
    }
  }
}

export function buildGraph(model: Model, options: BuildOptions = {}): BuiltGraph {
  return new Builder(model, options).build()
}
