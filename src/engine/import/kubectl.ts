import {AcknetError} from '../../errors.js'
import {cidrContainsAddress, formatCidr, parseCidr, type Cidr} from '../cidr/cidr.js'
import {parseIpv4, prefixMask} from '../cidr/ipv4.js'
import {validateServiceCidr} from '../platform/rules.js'
import {emptyDocument, type ClusterDoc, type ClusterNetworkDoc, type ImportResult, type KubeObject, type NamespaceDoc, type NodePoolDoc, type TopologyDoc, type WorkloadDoc} from './document.js'

/**
 * `acknet import kubectl FILE`: the v1 List printed by
 * `kubectl get nodes,deploy,sts,ds,svc,netpol,ingress,ns -A -o json` → one cluster.
 * Nodes become node pools (ACK pool label × instance type, with counts); what kubectl
 * cannot know (cluster name, VPC, vSwitches, CIDRs) comes from flags or from the topology
 * given with --merge.
 */
export const NODEPOOL_LABEL = 'alibabacloud.com/nodepool-id'
export const INSTANCE_TYPE_LABELS = ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']
const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']
/** ACK's default NGINX Ingress controller Service. */
const ACK_INGRESS_SERVICE = 'kube-system/nginx-ingress-lb'

export interface KubectlOptions {
  file: string
  cluster: string
  vpc?: string
  type?: 'ack' | 'acs'
  plugin?: 'terway' | 'flannel'
  mode?: ClusterNetworkDoc['mode']
  podCidr?: string
  serviceCidr?: string
  podVSwitches?: string[]
  nodeVSwitches?: string[]
  nodeSecurityGroups?: string[]
  /** nodepool-id → pool name (`--pool-name np-123=default`). */
  poolNames?: Record<string, string>
  /** The topology being merged into: its vSwitches place nodes by IP, its cluster supplies the network. */
  context?: TopologyDoc
}

type Obj = Record<string, any>

const SERVICE_DEFAULTS: Record<string, unknown> = {sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Cluster'}
const SERVICE_DROPPED = ['clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'healthCheckNodePort']
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet'])
const IGNORED_KINDS = new Set(['ReplicaSet', 'Pod', 'Endpoints', 'EndpointSlice', 'Event', 'ControllerRevision'])

function items(data: unknown, file: string): Obj[] {
  if (Array.isArray(data)) return data as Obj[]
  const object = data as Obj
  if (object && typeof object === 'object' && Array.isArray(object.items)) return object.items as Obj[]
  if (object && typeof object === 'object' && typeof object.kind === 'string') return [object]
  throw new AcknetError('is not kubectl output (expected a v1 List with items, from `kubectl get nodes,deploy,sts,ds,svc,netpol,ingress,ns -A -o json`)', {position: {file}})
}

/** Keeps what a topology needs of ObjectMeta; drops server-set fields and kubectl's last-applied copy. */
function cleanMeta(meta: Obj | undefined, namespaced: boolean): Obj {
  const out: Obj = {name: meta?.name}
  if (namespaced) out.namespace = meta?.namespace ?? 'default'
  if (meta?.labels && Object.keys(meta.labels).length > 0) out.labels = meta.labels
  const annotations = {...(meta?.annotations ?? {})}
  delete annotations['kubectl.kubernetes.io/last-applied-configuration']
  delete annotations['deployment.kubernetes.io/revision']
  if (Object.keys(annotations).length > 0) out.annotations = annotations
  return out
}

function cleanService(service: Obj): KubeObject {
  const spec: Obj = {...(service.spec ?? {})}
  for (const key of SERVICE_DROPPED) delete spec[key]
  for (const [key, value] of Object.entries(SERVICE_DEFAULTS)) if (spec[key] === value) delete spec[key]
  if (spec.sessionAffinityConfig && !spec.sessionAffinity) delete spec.sessionAffinityConfig
  return {apiVersion: 'v1', kind: 'Service', metadata: cleanMeta(service.metadata, true), spec}
}

function cleanVerbatim(object: Obj, apiVersion: string, kind: string): KubeObject {
  return {apiVersion, kind, metadata: cleanMeta(object.metadata, true), spec: object.spec ?? {}}
}

function labelOf(labels: Obj | undefined, keys: string[]): string | undefined {
  for (const key of keys) if (typeof labels?.[key] === 'string' && labels[key] !== '') return labels[key]
  return undefined
}

/** The pool a pod template is pinned to by nodeSelector or required node affinity, if any. */
function pinnedPoolId(podSpec: Obj | undefined): string | undefined {
  const selected = podSpec?.nodeSelector?.[NODEPOOL_LABEL]
  if (typeof selected === 'string') return selected
  const terms = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms
  for (const term of Array.isArray(terms) ? terms : []) {
    for (const expression of term?.matchExpressions ?? []) {
      if (expression?.key === NODEPOOL_LABEL && expression.operator === 'In' && expression.values?.length === 1) return expression.values[0]
    }
  }
  return undefined
}

function findVSwitchByIp(context: TopologyDoc | undefined, vpcName: string, ip: string | undefined): string | undefined {
  const address = ip === undefined ? undefined : parseIpv4(ip)
  if (address === undefined) return undefined
  const vpc = context?.vpcs?.find((candidate) => candidate.name === vpcName)
  for (const vswitch of vpc?.vswitches ?? []) {
    const parsed = parseCidr(vswitch.cidr)
    if (parsed.ok && cidrContainsAddress(parsed.cidr, address)) return vswitch.name
  }
  return undefined
}

/** The smallest block holding every address, widened to at least a /20 (ACK's usual Service CIDR size). */
function coveringBlock(addresses: number[], minimumSize = 20): Cidr | undefined {
  if (addresses.length === 0) return undefined
  let prefix = minimumSize
  const fits = (p: number) => addresses.every((a) => ((a & prefixMask(p)) >>> 0) === ((addresses[0] & prefixMask(p)) >>> 0))
  while (prefix > 0 && !fits(prefix)) prefix--
  return {network: (addresses[0] & prefixMask(prefix)) >>> 0, prefix}
}

/** With --merge and no --vpc: the one VPC of the topology whose CIDRs hold every node's InternalIP. */
function inferVpcFromNodes(context: TopologyDoc | undefined, list: Obj[]): string | undefined {
  const ips = list.filter((item) => item?.kind === 'Node').map((node) => parseIpv4(String((node.status?.addresses ?? []).find((address: Obj) => address?.type === 'InternalIP')?.address ?? ''))).filter((ip): ip is number => ip !== undefined)
  if (!context?.vpcs || ips.length === 0) return undefined
  const holding = context.vpcs.filter((vpc) => {
    const blocks = [vpc.cidr, ...(vpc.secondaryCidrs ?? [])].map((text) => parseCidr(text)).flatMap((parsed) => (parsed.ok ? [parsed.cidr] : []))
    return ips.every((ip) => blocks.some((block) => cidrContainsAddress(block, ip)))
  })
  return holding.length === 1 ? holding[0]!.name : undefined
}

export function importKubectl(data: unknown, options: KubectlOptions): ImportResult {
  const list = items(data, options.file)
  const warnings: string[] = []
  const sources = new Map<object, string>()
  const context = options.context
  const contextCluster = context?.clusters?.find((cluster) => cluster.name === options.cluster)
  const vpc = options.vpc ?? contextCluster?.vpc ?? (context?.vpcs?.length === 1 ? context.vpcs[0].name : inferVpcFromNodes(context, list))
  if (!vpc) throw new AcknetError('kubectl does not know which VPC the cluster is in: pass --vpc NAME (or --merge a topology with exactly one VPC, or one VPC that holds every node IP)')

  const byKind = new Map<string, Obj[]>()
  for (const item of list) {
    const kind = String(item?.kind ?? '')
    if (!byKind.has(kind)) byKind.set(kind, [])
    byKind.get(kind)!.push(item)
  }
  for (const [kind, objects] of byKind) {
    if (['Node', 'Namespace', 'Service', 'NetworkPolicy', 'Ingress', 'ConfigMap', ...WORKLOAD_KINDS].includes(kind)) continue
    warnings.push(`${objects.length} ${kind || 'untyped'} object(s) are not modelled by acknet${IGNORED_KINDS.has(kind) ? ' (their controllers are imported instead)' : ''}; not imported`)
  }

  // Node pools: ACK pool label × instance type. Virtual nodes (ECI/ACS) carry no ECS.
  const pools = new Map<string, {poolId: string; instanceType: string; count: number; vswitches: Set<string>; zones: Set<string>}>()
  let unlabelled = 0
  let virtual = 0
  for (const node of byKind.get('Node') ?? []) {
    const labels = node.metadata?.labels ?? {}
    if (labels.type === 'virtual-kubelet' || labels['alibabacloud.com/virtual-node'] === 'true') {
      virtual++
      continue
    }
    let poolId = labels[NODEPOOL_LABEL] as string | undefined
    if (!poolId) {
      unlabelled++
      poolId = 'unlabelled'
    }
    const instanceType = labelOf(labels, INSTANCE_TYPE_LABELS) ?? 'unknown'
    const key = `${poolId}\u0000${instanceType}`
    if (!pools.has(key)) pools.set(key, {poolId, instanceType, count: 0, vswitches: new Set(), zones: new Set()})
    const pool = pools.get(key)!
    pool.count++
    const zone = labelOf(labels, ZONE_LABELS)
    if (zone) pool.zones.add(zone)
    const ip = (node.status?.addresses ?? []).find((address: Obj) => address?.type === 'InternalIP')?.address
    const vswitch = findVSwitchByIp(context, vpc, ip)
    if (vswitch) pool.vswitches.add(vswitch)
  }
  if (virtual > 0) warnings.push(`${virtual} virtual node(s) (ECI/ACS) skipped; acknet models ECS node pools`)
  if (unlabelled > 0) warnings.push(`${unlabelled} node(s) have no ${NODEPOOL_LABEL} label (not in an ACK node pool); grouped as pool "unlabelled"`)
  const poolIdsWithManyTypes = new Set([...pools.values()].filter((p, _, all) => all.filter((q) => q.poolId === p.poolId).length > 1).map((p) => p.poolId))
  const poolNameById = new Map<string, string>()
  const nodePools: NodePoolDoc[] = []
  for (const pool of pools.values()) {
    const base = options.poolNames?.[pool.poolId] ?? pool.poolId
    const name = poolIdsWithManyTypes.has(pool.poolId) ? `${base}-${pool.instanceType.replace(/^ecs\./, '').replace(/\./g, '-')}` : base
    if (!poolNameById.has(pool.poolId)) poolNameById.set(pool.poolId, name)
    const existing = contextCluster?.nodePools?.find((candidate) => candidate.name === name)
    let vswitches = [...pool.vswitches].sort()
    if (vswitches.length === 0) vswitches = options.nodeVSwitches ?? existing?.vswitches ?? []
    if (vswitches.length === 0) warnings.push(`node pool ${name}: its vSwitches are unknown (pass --node-vswitches, or --merge a topology whose vSwitches contain the node IPs)`)
    const doc: NodePoolDoc = {name, instanceType: pool.instanceType, count: pool.count, vswitches}
    const groups = options.nodeSecurityGroups ?? existing?.securityGroups
    if (groups && groups.length > 0) doc.securityGroups = groups
    nodePools.push(doc)
    sources.set(doc, `${pool.count} node(s) labelled ${NODEPOOL_LABEL}=${pool.poolId}, ${pool.instanceType}${pool.zones.size > 0 ? ` in ${[...pool.zones].sort().join(', ')}` : ''}`)
  }
  if (poolIdsWithManyTypes.size > 0) warnings.push(`node pool(s) ${[...poolIdsWithManyTypes].join(', ')} mix instance types; split into one pool per type`)

  const namespaces: NamespaceDoc[] = (byKind.get('Namespace') ?? []).map((ns) => {
    const doc: NamespaceDoc = {name: String(ns.metadata?.name)}
    if (ns.metadata?.labels && Object.keys(ns.metadata.labels).length > 0) doc.labels = ns.metadata.labels
    return doc
  })

  const workloads: WorkloadDoc[] = []
  for (const kind of WORKLOAD_KINDS) {
    for (const object of byKind.get(kind) ?? []) {
      const template = object.spec?.template ?? {}
      const podSpec = template.spec ?? {}
      const doc: WorkloadDoc = {name: String(object.metadata?.name), namespace: String(object.metadata?.namespace ?? 'default'), kind: kind as WorkloadDoc['kind']}
      if (kind !== 'DaemonSet') doc.replicas = typeof object.spec?.replicas === 'number' ? object.spec.replicas : 1
      const poolId = pinnedPoolId(podSpec)
      if (poolId) {
        const pool = poolNameById.get(poolId)
        if (pool) doc.nodePool = pool
        else warnings.push(`${kind} ${doc.namespace}/${doc.name} is pinned to node pool ${poolId}, which has no nodes in the file; placed on the first pool`)
      }
      if (template.metadata?.labels && Object.keys(template.metadata.labels).length > 0) doc.labels = template.metadata.labels
      const ports = (podSpec.containers ?? []).flatMap((container: Obj) => container.ports ?? []).map((port: Obj) => ({
        ...(port.name ? {name: String(port.name)} : {}),
        containerPort: Number(port.containerPort),
        ...(port.protocol ? {protocol: port.protocol} : {}),
      }))
      if (ports.length > 0) doc.ports = ports
      if (podSpec.hostNetwork === true) doc.hostNetwork = true
      workloads.push(doc)
    }
  }

  const services = (byKind.get('Service') ?? []).map(cleanService)
  const networkPolicies = (byKind.get('NetworkPolicy') ?? []).map((policy) => cleanVerbatim(policy, 'networking.k8s.io/v1', 'NetworkPolicy'))
  const ingresses = (byKind.get('Ingress') ?? []).map((ingress) => cleanVerbatim(ingress, 'networking.k8s.io/v1', 'Ingress'))

  // Network: the merged file's cluster knows best; kubectl evidence fills gaps; flags win.
  const daemonSets = (byKind.get('DaemonSet') ?? []).filter((ds) => ds.metadata?.namespace === 'kube-system').map((ds) => String(ds.metadata?.name))
  const evidencePlugin = daemonSets.some((name) => name.startsWith('terway')) ? 'terway' : daemonSets.some((name) => name.includes('flannel')) ? 'flannel' : undefined
  const network: ClusterNetworkDoc = {...(contextCluster?.network ?? {})}
  if (!network.plugin && evidencePlugin) network.plugin = evidencePlugin
  if (options.plugin) network.plugin = options.plugin
  if (options.mode) network.mode = options.mode
  if (options.podVSwitches) network.podVSwitches = options.podVSwitches
  if (!network.plugin && options.type !== 'acs') warnings.push('could not tell the network plugin (no terway or flannel DaemonSet in kube-system); pass --plugin')
  if (network.plugin === 'flannel') {
    const flannelConfig = (byKind.get('ConfigMap') ?? []).find((cm) => cm.metadata?.name === 'kube-flannel-cfg')
    let configured: string | undefined
    try {
      configured = JSON.parse(flannelConfig?.data?.['net-conf.json'] ?? '{}').Network
    } catch {
      warnings.push('kube-flannel-cfg net-conf.json is not JSON; pod CIDR not read from it')
    }
    network.podCidr = options.podCidr ?? network.podCidr ?? configured
    if (!network.podCidr) warnings.push('Flannel pod CIDR unknown: pass --pod-cidr (or include the kube-system/kube-flannel-cfg ConfigMap: add `cm` to the kubectl get)')
    const nodeMasks = new Set((byKind.get('Node') ?? []).map((node) => String(node.spec?.podCIDR ?? '').split('/')[1]).filter(Boolean).map(Number))
    if (nodeMasks.size === 1 && network.nodeCidrMask === undefined) network.nodeCidrMask = [...nodeMasks][0]
  } else if (network.plugin === 'terway' && !network.podVSwitches?.length) {
    warnings.push('Terway pod vSwitches unknown: pass --pod-vswitches (they are in the eni-config ConfigMap of kube-system)')
  }

  let serviceCidr = options.serviceCidr ?? contextCluster?.serviceCidr
  if (!serviceCidr) {
    const clusterIps = services.map((s) => parseIpv4(String((s.spec as Obj)?.clusterIP ?? ''))).filter((a): a is number => a !== undefined)
    const block = coveringBlock(clusterIps)
    // a Service CIDR is /16–/24 inside the private ranges (CreateCluster service_cidr): no other guess
    const valid = block ? validateServiceCidr(block) : true
    if (block && valid !== true) warnings.push(`Service CIDR not given and the cluster IPs span ${formatCidr(block)}, which is not a valid Service CIDR (${valid}); pass --service-cidr`)
    else if (block) {
      serviceCidr = formatCidr(block)
      warnings.push(`Service CIDR not given; ${serviceCidr} is the smallest /20 or larger block holding every cluster IP. Pass --service-cidr to set it exactly`)
    }
  }

  const cluster: ClusterDoc = {name: options.cluster, vpc}
  if (options.type ?? contextCluster?.type) cluster.type = options.type ?? contextCluster?.type
  if (Object.keys(network).length > 0) cluster.network = network
  if (serviceCidr) cluster.serviceCidr = serviceCidr
  cluster.nodePools = nodePools
  cluster.namespaces = namespaces
  cluster.workloads = workloads
  cluster.services = services
  cluster.networkPolicies = networkPolicies
  cluster.ingresses = ingresses
  if (services.some((s) => `${(s.metadata as Obj).namespace}/${(s.metadata as Obj).name}` === ACK_INGRESS_SERVICE)) (cluster as Obj).ingressController = {service: ACK_INGRESS_SERVICE}
  sources.set(cluster, `kubectl get: ${(byKind.get('Node') ?? []).length} nodes, ${workloads.length} workloads, ${services.length} Services, ${networkPolicies.length} NetworkPolicies, ${ingresses.length} Ingresses`)

  const nodeRegion = (byKind.get('Node') ?? []).map((node) => node.metadata?.labels?.['topology.kubernetes.io/region']).find((r) => typeof r === 'string')
  const document = emptyDocument(options.cluster, context?.metadata?.region ?? nodeRegion)
  document.clusters = [cluster]
  return {document, sources, inputs: [`kubectl get -o json: ${options.file}`], warnings}
}
