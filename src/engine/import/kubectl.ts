import {AcknetError} from '../../errors.js'
import {emptyDocument, type ClusterDoc, type ClusterNetworkDoc, type ImportResult, type TopologyDoc, type WorkloadDoc} from './document.js'
import {labelOf, REGION_LABELS, type KubeContext, type Obj} from './kubectl/common.js'
import {inferIpStack} from './kubectl/ip-stack.js'
import {inferNetwork, inferServiceCidr, inferVpcFromNodes} from './kubectl/network.js'
import {mapNodes} from './kubectl/nodes.js'
import {mapIngress, mapNamespace, mapService, mapVerbatim} from './kubectl/objects.js'
import {CONTROLLER_KINDS, mapController, mapPodsAndReplicaSets} from './kubectl/workloads.js'

export {INSTANCE_TYPE_LABELS, NODEPOOL_LABEL} from './kubectl/common.js'

/**
 * `acknet import kubectl FILE`: what `kubectl get … -o json|yaml` prints (a v1 List, several
 * `---` documents, or single objects) → one cluster. Each kind has its mapper (kubectl/*.ts);
 * this file only routes objects to them and assembles the cluster.
 *
 * A cluster field is written only when the input holds its kind (issue #14): a List without
 * Node objects writes no `nodePools`, an Ingress-only file no `workloads`, so `--merge` keeps
 * what the file does not cover.
 */
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

/** Kinds read by a mapper; every other kind is counted in a warning. */
const MAPPED_KINDS = new Set(['Node', 'Namespace', 'Service', 'NetworkPolicy', 'Ingress', 'ConfigMap', 'Pod', 'ReplicaSet', 'Job', 'CronJob', ...CONTROLLER_KINDS])
/** Kinds that say nothing about the network: counted in one quiet line, not one warning each. */
const NOT_NETWORK = new Set(['Event', 'ControllerRevision', 'Endpoints', 'EndpointSlice', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Lease', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition'])

/** Flattens Lists (also nested, also `kind: …List`) and multi-document streams into objects. */
export function kubeObjects(data: unknown, file: string): Obj[] {
  const out: Obj[] = []
  const pending: unknown[] = Array.isArray(data) ? [...data].reverse() : [data]
  while (pending.length > 0) {
    const value = pending.pop() as Obj
    if (Array.isArray(value)) pending.push(...[...value].reverse())
    else if (value && typeof value === 'object' && Array.isArray(value.items)) pending.push(...[...value.items].reverse())
    else if (value && typeof value === 'object' && typeof value.kind === 'string') out.push(value)
    else if (value !== null && value !== undefined) throw new AcknetError('is not kubectl output (expected a v1 List with items, Kubernetes objects, or several --- documents, as `kubectl get nodes,deploy,sts,ds,svc,netpol,ingress,ns -A -o json` prints)', {position: {file}})
  }
  return out
}

export function importKubectl(data: unknown, options: KubectlOptions): ImportResult {
  const objects = kubeObjects(data, options.file)
  const context = options.context
  const contextCluster = context?.clusters?.find((cluster) => cluster.name === options.cluster)
  const vpc = options.vpc ?? contextCluster?.vpc ?? (context?.vpcs?.length === 1 ? context.vpcs[0]!.name : inferVpcFromNodes(context, objects))
  if (!vpc) throw new AcknetError('kubectl does not know which VPC the cluster is in: pass --vpc NAME (or --merge a topology with exactly one VPC, or one VPC that holds every node IP)')
  const ctx: KubeContext = {vpc, context, contextCluster, poolNames: options.poolNames, nodeVSwitches: options.nodeVSwitches, nodeSecurityGroups: options.nodeSecurityGroups, warnings: [], notes: new Set(), sources: new Map(), poolNameById: new Map()}

  const byKind = new Map<string, Obj[]>()
  for (const item of objects) {
    const kind = String(item.kind)
    if (!byKind.has(kind)) byKind.set(kind, [])
    byKind.get(kind)!.push(item)
  }
  const quiet: string[] = []
  for (const [kind, list] of byKind) {
    if (MAPPED_KINDS.has(kind)) continue
    if (NOT_NETWORK.has(kind)) quiet.push(`${list.length} ${kind}`)
    else ctx.warnings.push(`${list.length} ${kind} object(s) are not modelled by acknet; not imported`)
  }
  if (quiet.length > 0) ctx.warnings.push(`${quiet.join(', ')} object(s) say nothing about the network; not imported`)
  const has = (...kinds: string[]) => kinds.some((kind) => byKind.has(kind))

  const cluster: ClusterDoc = {name: options.cluster, vpc}
  if (options.type ?? contextCluster?.type) cluster.type = options.type ?? contextCluster?.type
  inferIpStack(byKind, cluster, ctx)
  const nodes = has('Node') ? mapNodes(byKind.get('Node')!, ctx) : undefined
  const workloads: WorkloadDoc[] = []
  for (const kind of CONTROLLER_KINDS) for (const object of byKind.get(kind) ?? []) workloads.push(mapController(object, kind, ctx))
  workloads.push(...mapPodsAndReplicaSets(byKind, ctx))
  const services = (byKind.get('Service') ?? []).map((service) => mapService(service, ctx))

  // Network and Service CIDR: written when the input says something about them (or a flag does).
  const network = inferNetwork(byKind, nodes?.evidence, options, ctx)
  if (Object.keys(network).length > 0) cluster.network = network
  const serviceCidr = options.serviceCidr ?? contextCluster?.serviceCidr ?? inferServiceCidr(byKind.get('Service') ?? [], ctx)
  if (serviceCidr) cluster.serviceCidr = serviceCidr
  if (nodes) cluster.nodePools = nodes.pools
  if (has('Namespace')) cluster.namespaces = byKind.get('Namespace')!.map(mapNamespace)
  if (has('Pod', 'ReplicaSet', ...CONTROLLER_KINDS)) cluster.workloads = workloads
  if (has('Service')) cluster.services = services
  if (has('NetworkPolicy')) cluster.networkPolicies = byKind.get('NetworkPolicy')!.map((policy) => mapVerbatim(policy, 'networking.k8s.io/v1', 'NetworkPolicy'))
  if (has('Ingress')) cluster.ingresses = byKind.get('Ingress')!.map((ingress) => mapIngress(ingress, ctx))
  if (services.some((s) => `${(s.metadata as Obj).namespace}/${(s.metadata as Obj).name}` === 'kube-system/nginx-ingress-lb')) (cluster as Obj).ingressController = {service: 'kube-system/nginx-ingress-lb'}
  const counted = [['Node', 'nodes'], ['workloads', 'workloads'], ['Service', 'Services'], ['NetworkPolicy', 'NetworkPolicies'], ['Ingress', 'Ingresses']].map(([kind, noun]) => `${kind === 'workloads' ? workloads.length : (byKind.get(kind!) ?? []).length} ${noun}`)
  ctx.sources.set(cluster, `kubectl get: ${counted.join(', ')}`)

  const nodeRegion = (byKind.get('Node') ?? []).map((node) => labelOf(node.metadata?.labels, REGION_LABELS)).find(Boolean)
  const document = emptyDocument(options.cluster, context?.metadata?.region ?? nodeRegion)
  document.clusters = [cluster]
  return {document, sources: ctx.sources, inputs: [`kubectl get: ${options.file}`], warnings: ctx.warnings, notes: ctx.notes}
}
