import {realpathSync, statSync} from 'node:fs'
import {dirname, isAbsolute, relative, sep} from 'node:path'
import {GlobSyntaxError} from '../glob.js'
import {type Cidr, cidrSize, requireCidr} from '../cidr/cidr.js'
import type {Ipv4} from '../cidr/ipv4.js'
import {flannelNodeRange, flannelPodsPerNode} from '../capacity/flannel.js'
import {shareRouteTable} from '../capacity/routes.js'
import {terwayMaxPods, terwayMemberPods} from '../capacity/terway.js'
import type {Ipv6} from '../cidr/ipv6.js'
import {type InstanceTypeOverride, lookupInstanceType} from '../platform/catalog.js'
import {dualStackSupport} from '../platform/dual-stack.js'
import {DEFAULT_NODE_PORT_RANGE, DEFAULT_SERVICE_CIDR, NODE_CIDR_MASK} from '../platform/rules.js'
import {child, MAX_MODEL_NODES, MAX_MODEL_PODS, register, resolveGroups, type ResolveContext} from './context.js'
import {displayPath, globFiles, MAX_DIRECTORIES as MAX_GLOB_DIRECTORIES} from './glob.js'
import {MAX_INPUT_BYTES} from './load.js'
import {loadManifestFile, type ManifestObject} from './manifests.js'
import type {
  Cluster, ClusterNetwork, ContainerPort, Ingress, IngressBackendRef, IngressPath, LabelSelector, LbListener, LoadBalancer, Model, Namespace, NetworkPolicy, NetworkPolicyPeer,
  NetworkPolicyRule, Node, NodePool, Pod, SecurityGroup, Service, ServicePort, SourceRef, VSwitch, Workload,
} from './model.js'
import type {PathSegment} from './positions.js'
import {customRouteCount} from './route-count.js'
import type {ClusterInput, IngressInput, LabelSelectorInput, NetworkPolicyInput, ServiceInput, TopologyInput, WorkloadInput} from './schema.js'

/** CCM annotation for the SLB address type (alibaba-facts §7 "ACK LoadBalancer Services"). */
export const LB_ADDRESS_TYPE_ANNOTATION = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type'
/** acknet's own ACL annotations (SPEC §2): the CCM's acl-id needs an existing ACL object. */
export const ACL_TYPE_ANNOTATION = 'acknet.io/acl-type'
export const ACL_CIDRS_ANNOTATION = 'acknet.io/acl-cidrs'
/** Kubernetes sets this label on every namespace (v1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name'
const DEFAULT_CLUSTER_DOMAIN = 'cluster.local'

/** What finishClusters needs after allocation: the Services' inputs, in model order. */
export interface PendingCluster {
  cluster: Cluster
  services: Array<{service: Service; input: ServiceInput}>
  ingresses: Array<{ingress: Ingress; input: IngressInput}>
  ingressController?: {name: string; source: SourceRef}
}

export function resolveClusters(ctx: ResolveContext, model: Model, input: TopologyInput, root: SourceRef, overrides: InstanceTypeOverride[]): PendingCluster[] {
  const pending: PendingCluster[] = []
  ;(input.clusters ?? []).forEach((clusterInput, index) => {
    const source = child(root, 'clusters', index)
    const vpc = ctx.ref('VPC', clusterInput.vpc, model.vpcByName, source, 'vpc')
    if (!vpc) {
      ctx.markBroken('cluster', clusterInput.name)
      return
    }
    const type = clusterInput.type ?? 'ack'
    const serviceCidr = ctx.cidr(clusterInput.serviceCidr ?? DEFAULT_SERVICE_CIDR, source, 'serviceCidr')
    const cluster = {
      kind: 'cluster', name: clusterInput.name, type, vpc, ipStack: clusterInput.ipStack ?? 'ipv4', network: undefined as unknown as ClusterNetwork, // a broken serviceCidr is reported (cidr-syntax); the default stands in so other checks stay quiet
      serviceCidr: serviceCidr ?? requireCidr(DEFAULT_SERVICE_CIDR),
      nodePortRange: nodePortRange(ctx, clusterInput, source), clusterDomain: clusterInput.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
      nodePools: [], nodePoolByName: new Map(), nodes: [], namespaces: [], namespaceByName: new Map(), workloads: [], workloadByName: new Map(),
      services: [], serviceByName: new Map(), networkPolicies: [], ingresses: [], pods: [], workloadsByLabel: new Map(), manifestFiles: [], source,
    } satisfies Cluster as Cluster
    const network = resolveNetwork(ctx, model, cluster, clusterInput, source)
    if (!network) {
      ctx.markBroken('cluster', clusterInput.name)
      return
    }
    cluster.network = network
    if (!register(ctx, model.clusterByName, cluster.name, cluster, 'cluster', source)) return
    model.clusters.push(cluster)
    vpc.clusters.push(cluster)

    resolveNodePools(ctx, model, cluster, clusterInput, source, overrides)
    for (const [i, namespaceInput] of (clusterInput.namespaces ?? []).entries()) addNamespace(ctx, cluster, namespaceInput.name, namespaceInput.labels ?? {}, child(source, 'namespaces', i))

    const pendingCluster: PendingCluster = {cluster, services: [], ingresses: []}
    ;(clusterInput.workloads ?? []).forEach((w, i) => addWorkload(ctx, model, cluster, w, child(source, 'workloads', i)))
    ;(clusterInput.services ?? []).forEach((s, i) => addService(ctx, model, pendingCluster, s, child(source, 'services', i)))
    ;(clusterInput.networkPolicies ?? []).forEach((p, i) => addNetworkPolicy(ctx, cluster, p, child(source, 'networkPolicies', i)))
    ;(clusterInput.ingresses ?? []).forEach((g, i) => addIngress(ctx, pendingCluster, g, child(source, 'ingresses', i)))
    for (const object of loadManifests(ctx, cluster, clusterInput, source)) {
      if (object.kind === 'Namespace') addNamespace(ctx, cluster, object.input.name, object.input.labels ?? {}, object.source)
      else if (object.kind === 'Workload') addWorkload(ctx, model, cluster, object.input, object.source)
      else if (object.kind === 'Service') addService(ctx, model, pendingCluster, object.input, object.source)
      else if (object.kind === 'NetworkPolicy') addNetworkPolicy(ctx, cluster, object.input, object.source)
      else addIngress(ctx, pendingCluster, object.input, object.source)
    }
    if (clusterInput.ingressController) pendingCluster.ingressController = {name: clusterInput.ingressController.service, source: child(source, 'ingressController')}
    pending.push(pendingCluster)
  })
  return pending
}

function nodePortRange(ctx: ResolveContext, clusterInput: ClusterInput, source: SourceRef): {min: number; max: number} {
  if (clusterInput.nodePortRange === undefined) return {...DEFAULT_NODE_PORT_RANGE}
  const [min, max] = clusterInput.nodePortRange.split('-').map(Number) as [number, number]
  if (min < 1 || max > 65535 || min > max) {
    ctx.report('schema', `nodePortRange "${clusterInput.nodePortRange}" must be "start-end" with 1 ≤ start ≤ end ≤ 65535`, source, 'value', 'nodePortRange')
    return {...DEFAULT_NODE_PORT_RANGE}
  }
  return {min, max}
}

function resolveNetwork(ctx: ResolveContext, model: Model, cluster: Cluster, clusterInput: ClusterInput, source: SourceRef): ClusterNetwork | undefined {
  const net = clusterInput.network ?? {}
  const networkSource = child(source, 'network')
  const vswitchesInVpc = (names: readonly string[] | undefined, field: string): VSwitch[] => {
    const out: VSwitch[] = []
    ;(names ?? []).forEach((name, i) => {
      const vswitch = ctx.ref('vSwitch', name, model.vswitchByName, networkSource, [field, i])
      if (!vswitch) return
      if (vswitch.vpc !== cluster.vpc) ctx.report('unknown-reference', `vSwitch "${name}" is in VPC ${vswitch.vpc.name}, not in the cluster's VPC ${cluster.vpc.name}`, networkSource, 'value', [field, i])
      else out.push(vswitch)
    })
    return out
  }
  const podGroups = (): SecurityGroup[] | undefined => (net.podSecurityGroups === undefined ? undefined : resolveGroups(ctx, model, net.podSecurityGroups, networkSource, 'podSecurityGroups'))

  if (cluster.type === 'acs') {
    if (net.plugin !== undefined) ctx.report('schema', 'ACS clusters have no network plugin choice; remove network.plugin', networkSource, 'key', 'plugin')
    for (const field of ['podCidr', 'nodeCidrMask', 'routeTables', 'nonMasqueradeCidrs', 'mode', 'erdma'] as const) {
      if (net[field] !== undefined) ctx.report('schema', `network.${field} does not apply to ACS clusters (pods take addresses from network.podVSwitches)`, networkSource, 'key', field)
    }
    if (clusterInput.nodePools?.length) ctx.report('schema', 'ACS clusters are serverless and have no node pools; remove nodePools', source, 'key', 'nodePools')
    return {plugin: 'acs', podVSwitches: vswitchesInVpc(net.podVSwitches, 'podVSwitches'), podSecurityGroups: podGroups(), enforcesNetworkPolicy: net.networkPolicy ?? true}
  }
  const plugin = net.plugin ?? 'terway'
  if (plugin === 'flannel') {
    if (net.erdma !== undefined) ctx.report('schema', 'network.erdma is a Terway setting; Flannel clusters have no eRDMA option', networkSource, 'key', 'erdma')
    if (net.podCidr === undefined) {
      ctx.report('schema', 'a Flannel cluster needs network.podCidr (e.g. 172.20.0.0/16)', clusterInput.network ? networkSource : source, 'key', clusterInput.network ? [] : 'network')
      return undefined
    }
    const podCidr = ctx.cidr(net.podCidr, networkSource, 'podCidr')
    if (!podCidr) return undefined
    const routeTables = (net.routeTables ?? ['system']).flatMap((name, i) => {
      const table = ctx.ref('route table', name, cluster.vpc.routeTableByName, networkSource, ['routeTables', i], ` in VPC ${cluster.vpc.name}`)
      return table ? [table] : []
    })
    const nonMasqueradeCidrs = net.nonMasqueradeCidrs === undefined ? [podCidr] : net.nonMasqueradeCidrs.flatMap((text, i) => ctx.cidr(text, networkSource, ['nonMasqueradeCidrs', i]) ?? [])
    return {plugin: 'flannel', podCidr, nodeCidrMask: net.nodeCidrMask ?? NODE_CIDR_MASK.default, routeTables: [...new Set(routeTables)], nonMasqueradeCidrs, enforcesNetworkPolicy: false}
  }
  for (const field of ['podCidr', 'nodeCidrMask', 'routeTables', 'nonMasqueradeCidrs'] as const) {
    if (net[field] !== undefined) ctx.report('schema', `network.${field} is a Flannel setting; Terway pods take addresses from network.podVSwitches`, networkSource, 'key', field)
  }

  const mode = net.mode ?? 'shared'
  return {
    plugin: 'terway', mode, podVSwitches: vswitchesInVpc(net.podVSwitches, 'podVSwitches'), podSecurityGroups: podGroups(),
    // exclusive ENI mode skips NetworkPolicy (SPEC §3)
    enforcesNetworkPolicy: (net.networkPolicy ?? true) && mode !== 'exclusive',
    erdma: net.erdma ?? false,
  }
}

function resolveNodePools(ctx: ResolveContext, model: Model, cluster: Cluster, clusterInput: ClusterInput, source: SourceRef, overrides: InstanceTypeOverride[]): void {
  if (cluster.type === 'acs') return
  ;(clusterInput.nodePools ?? []).forEach((poolInput, index) => {
    const poolSource = child(source, 'nodePools', index)
    const vswitches: VSwitch[] = []
    poolInput.vswitches.forEach((name, i) => {
      const vswitch = ctx.ref('vSwitch', name, model.vswitchByName, poolSource, ['vswitches', i])
      if (!vswitch) return
      if (vswitch.vpc !== cluster.vpc) ctx.report('unknown-reference', `vSwitch "${name}" is in VPC ${vswitch.vpc.name}, not in the cluster's VPC ${cluster.vpc.name}`, poolSource, 'value', ['vswitches', i])
      else vswitches.push(vswitch)
    })
    if (poolInput.vswitches.length === 0) ctx.report('schema', `node pool "${poolInput.name}" needs at least one vSwitch`, poolSource, 'key', 'vswitches')
    const securityGroups = resolveGroups(ctx, model, poolInput.securityGroups, poolSource, 'securityGroups')
    const instanceType = cachedInstanceType(model, poolInput.instanceType, overrides)
    const pool: NodePool = {
      kind: 'nodePool', name: poolInput.name, cluster, instanceTypeName: poolInput.instanceType, instanceType, count: poolInput.count, vswitches, securityGroups, nodes: [], source: poolSource,
    }
    if (cluster.network.plugin === 'flannel') pool.maxPods = {ok: true, pods: flannelPodsPerNode(cluster.network.nodeCidrMask)}
    else if (cluster.network.plugin === 'terway' && instanceType) {
      pool.maxPods = terwayMaxPods(instanceType, cluster.network.mode)
      if (cluster.network.mode === 'trunk') pool.memberPods = terwayMemberPods(instanceType)
    }
    if (!register(ctx, cluster.nodePoolByName, pool.name, pool, 'node pool', poolSource, ` in cluster ${cluster.name}`)) return
    cluster.nodePools.push(pool)
    for (const group of securityGroups) group.members.push({kind: 'nodePool', pool})
    if (vswitches.length === 0) return
    // reliability guard (issue #9): refuse absurd counts instead of materialising them
    if (ctx.materialised.nodes + pool.count > MAX_MODEL_NODES) {
      ctx.report('schema', `node pool "${pool.name}" brings the file to ${ctx.materialised.nodes + pool.count} nodes; acknet models at most ${MAX_MODEL_NODES} (a VPC holds at most ${MAX_MODEL_NODES} private IPs)`, poolSource, 'value', 'count')
      return
    }
    ctx.materialised.nodes += pool.count
    for (let i = 0; i < pool.count; i++) {
      const vswitch = vswitches[i % vswitches.length]!
      const node: Node = {
        kind: 'node', name: `${pool.name}-${i}`, index: cluster.nodes.length, poolIndex: i, pool, cluster, vswitch, zone: vswitch.zone, ip: undefined,
        securityGroups, pods: [], source: poolSource,
      }
      if (cluster.network.plugin === 'flannel') node.podRange = flannelNodeRange(cluster.network.podCidr, cluster.network.nodeCidrMask, node.index)
      pool.nodes.push(node)
      cluster.nodes.push(node)
    }
  })
}

function cachedInstanceType(model: Model, name: string, overrides: InstanceTypeOverride[]) {
  if (model.instanceTypes.has(name)) return model.instanceTypes.get(name)
  const limits = lookupInstanceType(name, overrides)
  if (limits) model.instanceTypes.set(name, limits)
  return limits
}

function addNamespace(ctx: ResolveContext, cluster: Cluster, name: string, labels: Record<string, string>, source: SourceRef): Namespace | undefined {
  const existing = cluster.namespaceByName.get(name)
  if (existing) {
    if (existing.declared) {
      ctx.report('duplicate-name', `duplicate namespace "${name}" in cluster ${cluster.name} (first at ${describeSource(ctx, existing.source)})`, source, 'value', 'name')
      return undefined
    }
    // declared after an implicit use (a manifest Namespace, say): take its labels
    existing.declared = true
    existing.labels = {...labels, [NAMESPACE_NAME_LABEL]: name}
    existing.source = source
    return existing
  }
  const namespace: Namespace = {kind: 'namespace', name, labels: {...labels, [NAMESPACE_NAME_LABEL]: name}, declared: true, source}
  cluster.namespaceByName.set(name, namespace)
  cluster.namespaces.push(namespace)
  return namespace
}

/** The namespace by name, created implicitly (undeclared) when first referenced. */
function namespaceOf(cluster: Cluster, name: string, source: SourceRef): Namespace {
  let namespace = cluster.namespaceByName.get(name)
  if (!namespace) {
    namespace = {kind: 'namespace', name, labels: {[NAMESPACE_NAME_LABEL]: name}, declared: false, source}
    cluster.namespaceByName.set(name, namespace)
    cluster.namespaces.push(namespace)
  }
  return namespace
}

function describeSource(ctx: ResolveContext, source: SourceRef): string {
  const where = ctx.locate(source)
  return `${where.file}:${where.line}`
}

function addWorkload(ctx: ResolveContext, model: Model, cluster: Cluster, input: WorkloadInput, source: SourceRef): void {
  const namespace = namespaceOf(cluster, input.namespace ?? 'default', source)
  let nodePool: NodePool | undefined
  if (cluster.type === 'acs') {
    if (input.nodePool !== undefined) ctx.report('schema', 'ACS clusters have no node pools; remove nodePool', source, 'key', 'nodePool')
  } else if (input.nodePool !== undefined) {
    nodePool = ctx.ref('node pool', input.nodePool, cluster.nodePoolByName, source, 'nodePool', ` in cluster ${cluster.name}`)
  } else nodePool = cluster.nodePools[0]
  const podNetworking = input.podNetworking
    ? {
        vswitches: (input.podNetworking.vswitches ?? []).flatMap((name, i) => ctx.ref('vSwitch', name, model.vswitchByName, source, ['podNetworking', 'vswitches', i]) ?? []),
        securityGroups: resolveGroups(ctx, model, input.podNetworking.securityGroups, child(source, 'podNetworking'), 'securityGroups'),
        eip: input.podNetworking.eip ?? false,
      }
    : undefined
  const kind = input.kind ?? 'Deployment'
  const workload: Workload = {
    kind: 'workload', workloadKind: kind, name: input.name, namespace, cluster, replicas: kind === 'DaemonSet' ? 0 : input.replicas ?? 1, nodePool,
    labels: input.labels ?? {}, ports: (input.ports ?? []).map((p): ContainerPort => ({name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP'})),
    hostNetwork: input.hostNetwork ?? false, podNetworking, pods: [], source,
  }
  // manifest workloads carry their name in metadata.name
  const nameField = source.file === ctx.file ? 'name' : 'metadata.name'
  if (!register(ctx, cluster.workloadByName, `${namespace.name}/${workload.name}`, workload, 'workload', source, ` in namespace ${namespace.name}`, nameField)) return
  cluster.workloads.push(workload)
  const labelKeys = Object.keys(workload.labels)
  for (let i = 0; i < labelKeys.length; i++) {
    const labelKey = `${labelKeys[i]}=${workload.labels[labelKeys[i]!]}`
    let list = cluster.workloadsByLabel.get(labelKey)
    if (!list) cluster.workloadsByLabel.set(labelKey, (list = []))
    list.push(workload)
  }
  if (podNetworking) for (const group of podNetworking.securityGroups) group.members.push({kind: 'pods', workload})
}

function addService(ctx: ResolveContext, model: Model, pending: PendingCluster, input: ServiceInput, source: SourceRef): void {
  const cluster = pending.cluster
  const metaSource = child(source, 'metadata')
  const namespace = namespaceOf(cluster, input.metadata.namespace ?? 'default', source)
  const spec = input.spec ?? {}
  const type = spec.type ?? 'ClusterIP'
  const headless = spec.clusterIP === 'None'
  let clusterIP: Ipv4 | undefined
  if (spec.clusterIP !== undefined && !headless && spec.clusterIP !== '') clusterIP = ctx.ip(spec.clusterIP, source, ['spec', 'clusterIP'])
  const ports = (spec.ports ?? []).map((p, index): ServicePort => ({
    name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, nodePort: p.nodePort, nodePortGiven: p.nodePort !== undefined, protocol: p.protocol ?? 'TCP', index,
    source: child(source, 'spec', 'ports', index),
  }))
  const annotations = input.metadata.annotations ?? {}
  const service: Service = {
    kind: 'service', name: input.metadata.name, namespace, cluster, type, clusterIP, headless, selector: spec.selector && Object.keys(spec.selector).length > 0 ? spec.selector : undefined,
    ports, annotations, labels: input.metadata.labels ?? {}, externalName: spec.externalName, endpoints: [], externalTrafficPolicy: spec.externalTrafficPolicy ?? 'Cluster',
    ipFamilies: spec.ipFamilies ?? [], ipFamilyPolicy: spec.ipFamilyPolicy ?? 'SingleStack', source,
  }
  if (!register(ctx, cluster.serviceByName, `${namespace.name}/${service.name}`, service, 'Service', metaSource, ` in namespace ${namespace.name}`)) return
  cluster.services.push(service)
  pending.services.push({service, input})
  if (type === 'LoadBalancer') service.loadBalancer = serviceLoadBalancer(ctx, model, service, annotations, source)
}

function serviceLoadBalancer(ctx: ResolveContext, model: Model, service: Service, annotations: Record<string, string>, source: SourceRef): LoadBalancer {
  const cluster = service.cluster
  const addressType = annotations[LB_ADDRESS_TYPE_ANNOTATION] === 'intranet' ? 'intranet' : 'internet'
  const annotationField = (key: string): PathSegment[] => ['metadata', 'annotations', key]
  if (annotations[LB_ADDRESS_TYPE_ANNOTATION] !== undefined && !['internet', 'intranet'].includes(annotations[LB_ADDRESS_TYPE_ANNOTATION]!)) {
    ctx.report('schema', `${LB_ADDRESS_TYPE_ANNOTATION} must be internet or intranet, got "${annotations[LB_ADDRESS_TYPE_ANNOTATION]}"`, source, 'value', annotationField(LB_ADDRESS_TYPE_ANNOTATION))
  }
  let acl: LoadBalancer['acl']
  const aclType = annotations[ACL_TYPE_ANNOTATION]
  if (aclType !== undefined) {
    if (aclType !== 'white' && aclType !== 'black') ctx.report('schema', `${ACL_TYPE_ANNOTATION} must be white or black, got "${aclType}"`, source, 'value', annotationField(ACL_TYPE_ANNOTATION))
    else {
      const cidrs = (annotations[ACL_CIDRS_ANNOTATION] ?? '').split(',').map((text) => text.trim()).filter(Boolean)
      acl = {type: aclType, cidrs: cidrs.flatMap((text) => ctx.cidr(text, source, annotationField(ACL_CIDRS_ANNOTATION)) ?? [])}
    }
  }
  const network = cluster.network
  const vswitch = network.plugin === 'acs' ? network.podVSwitches[0] : cluster.nodePools[0]?.vswitches[0]
  const lb: LoadBalancer = {
    kind: 'loadBalancer', name: `${cluster.name}/${service.namespace.name}/${service.name}`, vpc: cluster.vpc, vswitch, addressType, address: undefined, addressGiven: false, acl,
    listeners: [], service, source,
  }
  model.loadBalancers.push(lb)
  model.loadBalancerByName.set(lb.name, lb)
  cluster.vpc.loadBalancers.push(lb)
  return lb
}

function selector(input: LabelSelectorInput | undefined): LabelSelector {
  return {
    matchLabels: input?.matchLabels ?? {},
    matchExpressions: (input?.matchExpressions ?? []).map((e) => ({key: e.key, operator: e.operator, values: e.values ?? []})),
  }
}

// perf: duplicate names are found through a per-cluster key set. Scanning the list for every
// new object was quadratic (≈350 ms for 4,000 NetworkPolicies, see docs/performance.md).
const claimedKeys = new WeakMap<Cluster, Set<string>>()
/** False when `kind` `key` (NAMESPACE/NAME) was already claimed in this cluster. */
function claimKey(cluster: Cluster, kind: string, key: string): boolean {
  let keys = claimedKeys.get(cluster)
  if (!keys) claimedKeys.set(cluster, (keys = new Set()))
  const full = `${kind} ${key}`
  if (keys.has(full)) return false
  keys.add(full)
  return true
}

function addNetworkPolicy(ctx: ResolveContext, cluster: Cluster, input: NetworkPolicyInput, source: SourceRef): void {
  const namespace = namespaceOf(cluster, input.metadata.namespace ?? 'default', source)
  const spec = input.spec ?? {}
  const peers = (list: NonNullable<NonNullable<typeof spec.ingress>[number]['from']> | undefined, ruleSource: SourceRef, field: string): NetworkPolicyPeer[] | undefined => {
    if (!list || list.length === 0) return undefined
    return list.flatMap((peer, i): NetworkPolicyPeer[] => {
      const out: NetworkPolicyPeer = {}
      if (peer.podSelector) out.podSelector = selector(peer.podSelector)
      if (peer.namespaceSelector) out.namespaceSelector = selector(peer.namespaceSelector)
      if (peer.ipBlock) {
        const block = ctx.cidrAny(peer.ipBlock.cidr, ruleSource, [field, i, 'ipBlock', 'cidr'])
        if (!block) return []
        // except blocks lie inside cidr (Kubernetes validation), so one of the other family is an error
        const exceptField = (k: number): PathSegment[] => [field, i, 'ipBlock', 'except', k]
        const otherFamily = (text: string, k: number): boolean => {
          if (text.includes(':') === (block.family === 6)) return false
          ctx.report('cidr-syntax', `ipBlock except ${JSON.stringify(text)} is ${block.family === 6 ? 'IPv4' : 'IPv6'} but its cidr is IPv${block.family}; except blocks lie inside cidr`, ruleSource, 'value', exceptField(k))
          return true
        }
        const except = peer.ipBlock.except ?? []
        out.ipBlock = block.family === 6
          ? {family: 6, cidr: block.cidr, except: except.flatMap((text, k) => (otherFamily(text, k) ? [] : ctx.cidr6(text, ruleSource, exceptField(k)) ?? []))}
          : {family: 4, cidr: block.cidr, except: except.flatMap((text, k) => (otherFamily(text, k) ? [] : ctx.cidr(text, ruleSource, exceptField(k)) ?? []))}
      }
      return [out]
    })
  }
  const ports = (list: NonNullable<NonNullable<typeof spec.ingress>[number]['ports']> | undefined) =>
    list && list.length > 0 ? list.map((p) => ({protocol: p.protocol ?? 'TCP', port: p.port, endPort: p.endPort})) : undefined
  const ingress = (spec.ingress ?? []).map((rule, index): NetworkPolicyRule => {
    const ruleSource = child(source, 'spec', 'ingress', index)
    return {index, peers: peers(rule.from, ruleSource, 'from'), ports: ports(rule.ports), source: ruleSource}
  })
  const egress = (spec.egress ?? []).map((rule, index): NetworkPolicyRule => {
    const ruleSource = child(source, 'spec', 'egress', index)
    return {index, peers: peers(rule.to, ruleSource, 'to'), ports: ports(rule.ports), source: ruleSource}
  })
  // Kubernetes defaulting: Ingress always, Egress when there are egress rules
  const policyTypes = spec.policyTypes && spec.policyTypes.length > 0 ? [...new Set(spec.policyTypes)] : spec.egress && spec.egress.length > 0 ? (['Ingress', 'Egress'] as const).slice() : ['Ingress' as const]
  const policy: NetworkPolicy = {kind: 'networkPolicy', name: input.metadata.name, namespace, cluster, podSelector: selector(spec.podSelector), policyTypes, ingress, egress, source}
  if (!claimKey(cluster, 'networkPolicy', `${namespace.name}/${policy.name}`)) {
    ctx.report('duplicate-name', `duplicate NetworkPolicy "${policy.name}" in namespace ${namespace.name}`, source, 'value', ['metadata', 'name'])
    return
  }
  cluster.networkPolicies.push(policy)
}

function addIngress(ctx: ResolveContext, pending: PendingCluster, input: IngressInput, source: SourceRef): void {
  const cluster = pending.cluster
  const namespace = namespaceOf(cluster, input.metadata.namespace ?? 'default', source)
  const spec = input.spec ?? {}
  const backendRef = (backend: NonNullable<typeof spec.defaultBackend>): IngressBackendRef | undefined =>
    backend.service ? {serviceName: backend.service.name, port: {number: backend.service.port?.number, name: backend.service.port?.name}} : undefined
  const paths: IngressPath[] = []
  ;(spec.rules ?? []).forEach((rule, ruleIndex) => {
    ;(rule.http?.paths ?? []).forEach((path, pathIndex) => {
      const backend = backendRef(path.backend)
      if (!backend) return
      paths.push({host: rule.host, path: path.path ?? '/', pathType: path.pathType ?? 'ImplementationSpecific', backend, source: child(source, 'spec', 'rules', ruleIndex, 'http', 'paths', pathIndex)})
    })
  })
  const ingress: Ingress = {
    kind: 'ingress', name: input.metadata.name, namespace, cluster, ingressClassName: spec.ingressClassName, paths,
    defaultBackend: spec.defaultBackend ? backendRef(spec.defaultBackend) : undefined, tlsHosts: (spec.tls ?? []).flatMap((tls) => tls.hosts ?? []), source,
  }
  if (!claimKey(cluster, 'ingress', `${namespace.name}/${ingress.name}`)) {
    ctx.report('duplicate-name', `duplicate Ingress "${ingress.name}" in namespace ${namespace.name}`, source, 'value', ['metadata', 'name'])
    return
  }
  cluster.ingresses.push(ingress)
  pending.ingresses.push({ingress, input})
}

type LocatedManifestObject = ManifestObject & {source: SourceRef}

function loadManifests(ctx: ResolveContext, cluster: Cluster, clusterInput: ClusterInput, source: SourceRef): LocatedManifestObject[] {
  const objects: LocatedManifestObject[] = []
  const baseDir = ctx.file === '<stdin>' ? process.cwd() : dirname(ctx.file)
  const seen = new Set<string>()
  let realBaseDir: string | undefined
  ;(clusterInput.manifests ?? []).forEach((pattern, index) => {
    // a pull request's topology must not read (and echo in findings) files elsewhere on the
    // CI machine: absolute patterns, `..` and symlinks out of the directory are refused (issue #15)
    if (leavesDirectory(pattern)) {
      ctx.report('schema', `manifests: "${pattern}" reaches outside the topology's directory (an absolute path or ..); list files below ${displayPath(baseDir) || '.'}`, source, 'value', ['manifests', index])
      return
    }
    const budget = {directoriesLeft: MAX_GLOB_DIRECTORIES, truncated: false}
    let files: string[]
    try {
      files = globFiles(pattern, baseDir, budget)
    } catch (error) {
      if (!(error instanceof GlobSyntaxError)) throw error
      ctx.report('schema', `manifests: ${error.message}`, source, 'value', ['manifests', index])
      return
    }
    // reliability guards (issue #9): bounded directory walk, bounded manifest bytes
    if (budget.truncated) {
      ctx.report('schema', `manifests: "${pattern}" searches more than ${MAX_GLOB_DIRECTORIES} directories; name a narrower directory`, source, 'value', ['manifests', index])
      return
    }
    if (files.length === 0) {
      ctx.report('schema', `manifests: "${pattern}" matches no file (relative to ${displayPath(baseDir) || '.'})`, source, 'value', ['manifests', index])
      return
    }
    for (const absolute of files) {
      if (seen.has(absolute)) continue
      seen.add(absolute)
      if (!isBelow(realBaseDir ??= realPath(baseDir), realPath(absolute))) {
        ctx.report('schema', `manifests: ${displayPath(absolute)} is a symbolic link to a file outside the topology's directory; it is not read`, source, 'value', ['manifests', index])
        continue
      }
      ctx.manifestBytes += fileSize(absolute)
      if (ctx.manifestBytes > MAX_INPUT_BYTES) {
        ctx.report('schema', `manifests: the files listed add up to more than ${MAX_INPUT_BYTES / (1024 * 1024)} MiB, the most acknet reads; ${displayPath(absolute)} and the rest are not read`, source, 'value', ['manifests', index])
        return
      }
      const file = displayPath(absolute)
      const loaded = loadManifestFile(absolute, file)
      ctx.positions.set(file, loaded.positions)
      ctx.findings.push(...loaded.findings)
      cluster.manifestFiles.push(file)
      for (const object of loaded.objects) objects.push({...object, source: {file, path: formatManifestPath(object.path)}} as LocatedManifestObject)
    }
  })
  return objects
}

/** An absolute pattern, or one with a `..` segment. */
function leavesDirectory(pattern: string): boolean {
  return isAbsolute(pattern) || /^[A-Za-z]:/.test(pattern) || pattern.split(/[\\/]+/).includes('..')
}

function realPath(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

function isBelow(directory: string, file: string): boolean {
  const rel = relative(directory, file)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

function formatManifestPath(path: PathSegment[]): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('').replace(/^\./, '')
}

// ---------------------------------------------------------------------------------------------
// Allocation (after the infrastructure's explicit and ECS addresses, see docs/topology-model.md)

/**
 * Reliability guard (issue #9): a `schema` finding instead of materialising more than
 * MAX_MODEL_PODS pods in one file (replicas: 2000000000 would hang and exhaust memory).
 */
function withinPodBudget(ctx: ResolveContext, workload: Workload, replicas = workload.replicas): boolean {
  if (ctx.materialised.pods + replicas <= MAX_MODEL_PODS) {
    ctx.materialised.pods += replicas
    return true
  }
  const inFile = workload.source.file === ctx.file
  const field = workload.workloadKind === 'DaemonSet' ? 'kind' : inFile ? 'replicas' : 'spec.replicas'
  ctx.report('schema', `workload ${workload.namespace.name}/${workload.name} brings the file to ${ctx.materialised.pods + replicas} pods; acknet models at most ${MAX_MODEL_PODS}`, workload.source, 'value', field)
  workload.replicas = 0
  return false
}

export function allocateClusterAddresses(ctx: ResolveContext, model: Model, cluster: Cluster): void {
  const dual = dualStackPods(cluster)
  // perf: by index (see indexIpv4Owners in resolve.ts)
  for (let i = 0; i < cluster.nodes.length; i++) {
    const node = cluster.nodes[i]!
    node.ip = ctx.allocate(node.vswitch)
    if (dual) setIpv6(node, ctx.allocateIpv6(node.vswitch))
    node.vswitch.nodes.push(node)
  }
  const network = cluster.network
  // Flannel pod addresses taken per node so far (perf: counting the node's pods for every pod was quadratic per node)
  const flannelTaken = new Map<Node, number>()
  // a node's zone's pod vSwitches, per list of pod vSwitches (the cluster's, or a workload's own)
  const zoneCandidates = new Map<readonly VSwitch[], Map<string, VSwitch[]>>()
  for (const workload of cluster.workloads) {
    if (network.plugin === 'acs') {
      const candidates = workload.podNetworking?.vswitches.length ? workload.podNetworking.vswitches : network.podVSwitches
      const groups = workload.podNetworking?.securityGroups.length ? workload.podNetworking.securityGroups : network.podSecurityGroups ?? []
      // serverless: no DaemonSet pods
      const replicas = workload.workloadKind === 'DaemonSet' ? 0 : workload.replicas
      if (!withinPodBudget(ctx, workload, replicas)) continue
      for (let r = 0; r < replicas; r++) {
        const vswitch = candidates.length ? candidates[r % candidates.length] : undefined
        const pod: Pod = {kind: 'pod', name: `${workload.name}-${r}`, ordinal: r, workload, ip: vswitch ? ctx.allocate(vswitch) : undefined, vswitch, securityGroups: groups, source: workload.source}
        addPod(cluster, workload, pod)
      }
      continue
    }
    const nodes = workload.nodePool?.nodes ?? []
    if (workload.workloadKind === 'DaemonSet') workload.replicas = nodes.length
    if (!withinPodBudget(ctx, workload)) continue
    for (let r = 0; r < workload.replicas; r++) {
      const node = nodes.length ? nodes[r % nodes.length] : undefined
      const pod: Pod = {kind: 'pod', name: `${workload.name}-${r}`, ordinal: r, workload, node, ip: undefined, securityGroups: node?.securityGroups ?? workload.nodePool?.securityGroups ?? [], source: workload.source}
      if (node) {
        if (workload.hostNetwork) {
          pod.ip = node.ip
          setIpv6(pod, node.ipv6)
          pod.vswitch = node.vswitch
        } else if (network.plugin === 'flannel') {
          const taken = flannelTaken.get(node) ?? 0
          pod.ip = flannelPodIp(node, taken)
          flannelTaken.set(node, taken + 1)
        } else {
          const all = workload.podNetworking?.vswitches.length ? workload.podNetworking.vswitches : network.podVSwitches
          let byZone = zoneCandidates.get(all)
          if (!byZone) zoneCandidates.set(all, (byZone = new Map()))
          let candidates = byZone.get(node.zone)
          if (!candidates) byZone.set(node.zone, (candidates = all.filter((vswitch) => vswitch.zone === node.zone)))
          // Terway falls back to the node's (primary ENI) vSwitch when its zone has no pod vSwitch
          const vswitch = candidates.length === 0 ? node.vswitch : candidates.length === 1 ? candidates[0]! : mostFree(ctx, candidates)
          pod.vswitch = vswitch
          pod.ip = ctx.allocate(vswitch)
          if (dual?.(node)) setIpv6(pod, ctx.allocateIpv6(vswitch))
          pod.securityGroups = workload.podNetworking?.securityGroups.length ? workload.podNetworking.securityGroups : network.podSecurityGroups ?? node.securityGroups
        }
      }
      addPod(cluster, workload, pod)
    }
  }
  for (const service of cluster.services) {
    const lb = service.loadBalancer
    if (lb && lb.addressType === 'intranet' && lb.vswitch) lb.address = ctx.allocate(lb.vswitch)
  }
}

/**
 * Dual stack (SPEC §8): in an ACK Terway cluster with `ipStack: dual`, nodes get an IPv6 address
 * from their vSwitch /64, and pods on a node get one from their pod vSwitch /64 when Terway
 * runs the node dual stack: its instance type passes dualStackSupport for the mode (V5, V6, V8).
 * Returns that per-node test, or undefined when the cluster gives nothing IPv6 (IPv4 cluster,
 * Flannel, ACS: V4, V9 — the dual-stack and acs-unsupported rules report those).
 */
function dualStackPods(cluster: Cluster): ((node: Node) => boolean) | undefined {
  const network = cluster.network
  if (cluster.ipStack !== 'dual' || network.plugin !== 'terway') return undefined
  const byPool = new Map<NodePool, boolean>()
  return (node) => {
    let supported = byPool.get(node.pool)
    if (supported === undefined) {
      const type = node.pool.instanceType
      supported = type !== undefined && dualStackSupport(type, network.mode).supported === true
      byPool.set(node.pool, supported)
    }
    return supported
  }
}

function setIpv6(target: {ipv6?: Ipv6}, address: Ipv6 | undefined): void {
  if (address !== undefined) target.ipv6 = address
}

function addPod(cluster: Cluster, workload: Workload, pod: Pod): void {
  workload.pods.push(pod)
  cluster.pods.push(pod)
  pod.node?.pods.push(pod)
  if (pod.vswitch && !workload.hostNetwork) pod.vswitch.pods.push(pod)
}

/**
 * Flannel host-local IPAM: .1 is the cni0 bridge, pods from .2, never the broadcast address. The
 * next address after the `taken` ones the node's earlier pods got (or tried to get).
 */
function flannelPodIp(node: Node, taken: number): Ipv4 | undefined {
  const range = node.podRange
  if (!range) return undefined
  const ip = range.network + 2 + taken
  return ip < range.network + cidrSize(range) - 1 ? ip : undefined
}

/** Terway's default `ordered` policy: the pod vSwitch with the most free addresses (ties: list order). */
function mostFree(ctx: ResolveContext, candidates: VSwitch[]): VSwitch {
  let best = candidates[0]!
  let bestFree = ctx.pool(best).free
  for (let i = 1; i < candidates.length; i++) {
    const free = ctx.pool(candidates[i]!).free
    if (free > bestFree) {
      best = candidates[i]!
      bestFree = free
    }
  }
  return best
}

/**
 * Flannel node routes: per table, clusters in file order, nodes in pool order, while the
 * table has room (quota − custom routes − earlier clusters' node routes).
 */
export function assignFlannelRoutes(model: Model): void {
  for (const table of model.routeTables) {
    const nodes: Array<{node: Node; cluster: Cluster}> = []
    for (const cluster of table.vpc.clusters) {
      if (cluster.network.plugin !== 'flannel' || !cluster.network.routeTables.includes(table)) continue
      for (const node of cluster.nodes) if (node.podRange) nodes.push({node, cluster})
    }
    const {routed, cutOff} = shareRouteTable(table.quota, customRouteCount(table), nodes)
    for (const {node, cluster} of routed) {
      const route = {destination: node.podRange!, node, cluster}
      table.flannelRoutes.push(route)
      table.flannelRouteByNode.set(node, route)
    }
    table.flannelCutOff.push(...cutOff)
  }
}

// ---------------------------------------------------------------------------------------------
// After allocation: Service addresses, endpoints, SLB listeners, Ingress backends

export function finishClusters(ctx: ResolveContext, pending: PendingCluster[]): void {
  for (const {cluster, services, ingresses, ingressController} of pending) {
    allocateClusterIps(cluster, services.map((entry) => entry.service))
    allocateNodePorts(cluster)
    for (const {service} of services) {
      service.endpoints = service.selector ? matchWorkloads(cluster, service.namespace, service.selector) : []
      if (service.loadBalancer) service.loadBalancer.listeners = serviceListeners(cluster, service)
    }
    for (const {ingress} of ingresses) {
      const resolveBackend = (backend: IngressBackendRef | undefined): void => {
        if (backend) backend.service = cluster.serviceByName.get(`${ingress.namespace.name}/${backend.serviceName}`)
      }
      for (const path of ingress.paths) resolveBackend(path.backend)
      resolveBackend(ingress.defaultBackend)
    }
    if (ingressController) {
      cluster.ingressController = ctx.ref('Service', ingressController.name, cluster.serviceByName, ingressController.source, 'service', ` in cluster ${cluster.name}`)
    }
  }
}

function allocateClusterIps(cluster: Cluster, services: Service[]): void {
  const cidr: Cidr = cluster.serviceCidr
  // network + 1 is the `kubernetes` API Service and network + 10 kube-dns, as on ACK
  const taken = new Set<Ipv4>([cidr.network + 1, cidr.network + 10])
  for (const service of services) if (service.clusterIP !== undefined) taken.add(service.clusterIP)
  let next = cidr.network + 1
  const last = cidr.network + cidrSize(cidr) - 2
  for (const service of services) {
    if (service.clusterIP !== undefined || service.headless || service.type === 'ExternalName') continue
    while (next <= last && taken.has(next)) next++
    if (next > last) break
    service.clusterIP = next
    taken.add(next++)
  }
}

function allocateNodePorts(cluster: Cluster): void {
  const given = new Set<number>()
  const {services} = cluster
  for (let s = 0; s < services.length; s++) for (const port of services[s]!.ports) if (port.nodePort !== undefined) given.add(port.nodePort)
  let next = cluster.nodePortRange.min
  for (let s = 0; s < services.length; s++) {
    const service = services[s]!
    if (service.type !== 'NodePort' && service.type !== 'LoadBalancer') continue
    for (const port of service.ports) {
      if (port.nodePort !== undefined) continue
      while (next <= cluster.nodePortRange.max && given.has(next)) next++
      if (next > cluster.nodePortRange.max) return
      port.nodePort = next
      given.add(next++)
    }
  }
}

/** Workloads of `namespace` whose pod labels include every `selector` pair (via the label index). */
export function matchWorkloads(cluster: Cluster, namespace: Namespace, selector: Record<string, string>): Workload[] {
  // perf (issue #18): the selector's pairs are listed once, not once per candidate (≈ 8 MB of
  // garbage while resolving the xl file's 2,000 Services)
  const keys = Object.keys(selector)
  let smallest: Workload[] | undefined
  for (let i = 0; i < keys.length; i++) {
    const list = cluster.workloadsByLabel.get(`${keys[i]}=${selector[keys[i]!]}`)
    if (!list) return []
    if (!smallest || list.length < smallest.length) smallest = list
  }
  if (!smallest) return []
  const matching: Workload[] = []
  candidates: for (let w = 0; w < smallest.length; w++) {
    const workload = smallest[w]!
    if (workload.namespace !== namespace) continue
    for (let i = 0; i < keys.length; i++) if (workload.labels[keys[i]!] !== selector[keys[i]!]) continue candidates
    matching.push(workload)
  }
  return matching
}

function serviceListeners(cluster: Cluster, service: Service): LbListener[] {
  return service.ports.map((port): LbListener => {
    const protocol = port.protocol === 'UDP' ? 'udp' : 'tcp'
    if (cluster.network.plugin === 'flannel') {
      // Flannel: CCM adds the nodes as backends on the nodePort
      return {port: port.port, protocol, servicePort: port, source: port.source, backends: port.nodePort === undefined ? [] : cluster.nodes.map((node) => ({kind: 'node', node, port: port.nodePort!}))}
    }
    // Terway / ACS: ENI backends, the pods themselves on the target port
    return {port: port.port, protocol, servicePort: port, source: port.source, backends: service.endpoints.flatMap((workload) => workload.pods.map((pod) => ({kind: 'pod' as const, pod, port: port.targetPort})))}
  })
}
