import type {ClusterDoc, TopologyDoc} from '../document.js'

/** One Kubernetes object as kubectl prints it. */
export type Obj = Record<string, any>

export const NODEPOOL_LABEL = 'alibabacloud.com/nodepool-id'
export const INSTANCE_TYPE_LABELS = ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']
export const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']
export const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region']

/** What every kind mapper can read and add to. */
export interface KubeContext {
  vpc: string
  /** the --merge file, if any */
  context?: TopologyDoc
  /** its cluster of the same name, if any */
  contextCluster?: ClusterDoc
  poolNames?: Record<string, string>
  nodeVSwitches?: string[]
  nodeSecurityGroups?: string[]
  warnings: string[]
  notes: Set<string>
  sources: Map<object, string>
  /** nodepool-id → the pool name given to it (for workloads pinned by nodeSelector) */
  poolNameById: Map<string, string>
}

export function note(ctx: KubeContext, text: string): void {
  ctx.warnings.push(text)
  ctx.notes.add(text)
}

export function labelOf(labels: Obj | undefined, keys: string[]): string | undefined {
  for (const key of keys) if (typeof labels?.[key] === 'string' && labels[key] !== '') return labels[key]
  return undefined
}

export function nonEmpty(map: unknown): Record<string, string> | undefined {
  return map && typeof map === 'object' && Object.keys(map).length > 0 ? (map as Record<string, string>) : undefined
}

export function objectName(object: Obj): string {
  const ns = object.metadata?.namespace
  return `${typeof ns === 'string' ? `${ns}/` : ''}${String(object.metadata?.name ?? '(unnamed)')}`
}

/** The first few names of a list, for a warning that names what it leaves out. */
export function someNames(objects: Obj[], max = 5): string {
  const names = objects.slice(0, max).map(objectName)
  return objects.length > max ? `${names.join(', ')} and ${objects.length - max} more` : names.join(', ')
}

/** The controller that owns an object (ownerReferences with controller: true), as `Kind/name`. */
export function controllerOf(object: Obj): {kind: string; name: string} | undefined {
  const owners = Array.isArray(object.metadata?.ownerReferences) ? object.metadata.ownerReferences : []
  const owner = owners.find((o: Obj) => o?.controller === true) ?? owners[0]
  return owner && typeof owner.kind === 'string' && typeof owner.name === 'string' ? {kind: owner.kind, name: owner.name} : undefined
}
