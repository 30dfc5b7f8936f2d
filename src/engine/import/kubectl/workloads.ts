import type {WorkloadDoc} from '../document.js'
import {controllerOf, NODEPOOL_LABEL, nonEmpty, note, objectName, someNames, type KubeContext, type Obj} from './common.js'

/** Controllers acknet models as they are. */
export const CONTROLLER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const
/** Run-to-completion kinds: their pods are short-lived and not modelled; named in a warning. */
const BATCH_KINDS = ['Job', 'CronJob']
/** Labels a controller adds to each pod, not part of the template the user wrote. */
const GENERATED_POD_LABELS = ['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'pod-template-generation', 'apps.kubernetes.io/pod-index', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name']

/** The pool a pod spec is pinned to by nodeSelector or required node affinity, if any. */
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

/** The parts of a pod (template) acknet reads: labels, container ports, hostNetwork, the pinned pool. */
function fromPod(doc: WorkloadDoc, labels: unknown, podSpec: Obj, ctx: KubeContext, what: string): WorkloadDoc {
  const poolId = pinnedPoolId(podSpec)
  if (poolId) {
    // The pool's name does not depend on whether its nodes are in this input (--pool-name, else
    // the id), so a workload imported before its nodes names the same pool as one imported after.
    const name = ctx.poolNameById.get(poolId) ?? ctx.poolNames?.[poolId] ?? poolId
    doc.nodePool = name
    const known = ctx.poolNameById.has(poolId) || ctx.contextCluster?.nodePools?.some((pool) => pool.name === name)
    if (!known) note(ctx, `${what} is pinned to node pool ${poolId}, which has no nodes in the input or the merged file; written as nodePool ${name} (import the nodes too, or lint reports the unknown pool)`)
  }
  const kept = nonEmpty(labels)
  if (kept) doc.labels = kept
  const ports = (Array.isArray(podSpec.containers) ? podSpec.containers : []).flatMap((container: Obj) => (Array.isArray(container?.ports) ? container.ports : [])).map((port: Obj) => ({
    ...(port.name ? {name: String(port.name)} : {}),
    containerPort: Number(port.containerPort),
    ...(port.protocol ? {protocol: port.protocol} : {}),
  }))
  if (ports.length > 0) doc.ports = ports
  if (podSpec.hostNetwork === true) doc.hostNetwork = true
  return doc
}

function withoutGenerated(labels: Obj | undefined): Obj | undefined {
  if (!labels) return undefined
  const copy = {...labels}
  for (const key of GENERATED_POD_LABELS) delete copy[key]
  return copy
}

/** Deployment, StatefulSet, DaemonSet → one workload each, from the pod template. */
export function mapController(object: Obj, kind: (typeof CONTROLLER_KINDS)[number], ctx: KubeContext): WorkloadDoc {
  const template = object.spec?.template ?? {}
  const doc: WorkloadDoc = {name: String(object.metadata?.name), namespace: String(object.metadata?.namespace ?? 'default'), kind}
  if (kind !== 'DaemonSet') doc.replicas = typeof object.spec?.replicas === 'number' ? object.spec.replicas : 1
  fromPod(doc, template.metadata?.labels, template.spec ?? {}, ctx, `${kind} ${objectName(object)}`)
  ctx.sources.set(doc, `${kind} ${objectName(object)}`)
  return doc
}

/**
 * Pods and ReplicaSets. Those whose controller is in the input are that controller's pods
 * (already a workload). A bare ReplicaSet is a workload with its replicas; bare Pods become
 * workloads with their own labels — grouped by their controller when it is not in the input
 * (`kubectl get pods` alone), one workload per bare Pod otherwise. Pods of Jobs are named in
 * the Jobs' warning. A bare Pod whose name is already a workload's (`kubectl run nginx` next to
 * Deployment nginx) is its own workload under another name, never counted as that workload's pod.
 */
export function mapPodsAndReplicaSets(byKind: Map<string, Obj[]>, ctx: KubeContext): WorkloadDoc[] {
  const present = new Set<string>()
  for (const [kind, objects] of byKind) for (const object of objects) present.add(`${kind}/${object.metadata?.namespace ?? 'default'}/${object.metadata?.name}`)
  const ownerPresent = (object: Obj) => {
    const owner = controllerOf(object)
    return owner !== undefined && present.has(`${owner.kind}/${object.metadata?.namespace ?? 'default'}/${owner.name}`)
  }
  // namespace/name → who the workload of that name stands for (Kind/name), to tell a pod of that
  // workload from another object that happens to have its name
  const owners = new Map<string, string>()
  for (const kind of CONTROLLER_KINDS) for (const object of byKind.get(kind) ?? []) owners.set(`${object.metadata?.namespace ?? 'default'}/${object.metadata?.name}`, `${kind}/${object.metadata?.name}`)
  const docs: WorkloadDoc[] = []
  // a ReplicaSet is owned by a Deployment: its pods belong to the Deployment's workload
  const replicaSetOwner = new Map<string, string>()
  for (const rs of byKind.get('ReplicaSet') ?? []) {
    const owner = controllerOf(rs)
    if (owner) replicaSetOwner.set(`${rs.metadata?.namespace ?? 'default'}/${rs.metadata?.name}`, `${owner.kind}/${owner.name}`)
    if (ownerPresent(rs)) continue
    if (owner && (rs.spec?.replicas ?? 0) === 0) continue // an old revision of a Deployment, scaled to 0
    const doc: WorkloadDoc = {name: owner?.name ?? String(rs.metadata?.name), namespace: String(rs.metadata?.namespace ?? 'default'), replicas: typeof rs.spec?.replicas === 'number' ? rs.spec.replicas : 1}
    // pod-template-hash changes with each rollout: kept, it would make every re-import a change
    fromPod(doc, withoutGenerated(rs.spec?.template?.metadata?.labels), rs.spec?.template?.spec ?? {}, ctx, `ReplicaSet ${objectName(rs)}`)
    if (owner) note(ctx, `ReplicaSet ${objectName(rs)} belongs to ${owner.kind} ${owner.name}, which is not in the input; imported as workload ${doc.namespace}/${doc.name}`)
    ctx.sources.set(doc, `ReplicaSet ${objectName(rs)}`)
    owners.set(`${doc.namespace}/${doc.name}`, owner ? `${owner.kind}/${owner.name}` : `ReplicaSet/${doc.name}`)
    docs.push(doc)
  }
  const taken = new Set(docs.map((d) => `${d.namespace}/${d.name}`))
  const groups = new Map<string, {doc: WorkloadDoc; pods: Obj[]}>()
  const batchPods: Obj[] = []
  const pods = (byKind.get('Pod') ?? []).filter((pod) => !ownerPresent(pod))
  // pods of one controller that is not in the input: one workload, named after the controller
  // (a static pod's "owner" is its Node: each is its own workload)
  const groupOf = (pod: Obj) => {
    const namespace = String(pod.metadata?.namespace ?? 'default')
    const owner = controllerOf(pod)
    if (!owner || owner.kind === 'Node') return {namespace, name: String(pod.metadata?.name), identity: `Pod/${pod.metadata?.name}`, bare: true}
    // a ReplicaSet is named DEPLOYMENT-HASH, the hash being the pod's pod-template-hash label
    const hash = pod.metadata?.labels?.['pod-template-hash']
    const ownerName = owner.kind === 'ReplicaSet' && typeof hash === 'string' && owner.name.endsWith(`-${hash}`) ? owner.name.slice(0, -hash.length - 1) : owner.name
    const resolved = replicaSetOwner.get(`${namespace}/${owner.name}`)
    // pods of ReplicaSet NAME-HASH stand for Deployment NAME, as a ReplicaSet workload of that name does
    return {namespace, name: resolved?.split('/')[1] ?? ownerName, identity: resolved ?? (ownerName === owner.name ? `${owner.kind}/${owner.name}` : `Deployment/${ownerName}`), bare: false}
  }
  // the names of controllers' pod groups first, so that a bare Pod is the one renamed when the two share a name
  for (const pod of pods) {
    const group = groupOf(pod)
    const owner = controllerOf(pod)
    if (!group.bare && !BATCH_KINDS.includes(owner!.kind) && !owners.has(`${group.namespace}/${group.name}`)) owners.set(`${group.namespace}/${group.name}`, group.identity)
  }
  for (const pod of pods) {
    const owner = controllerOf(pod)
    if (owner && BATCH_KINDS.includes(owner.kind)) {
      batchPods.push(pod)
      continue
    }
    const group = groupOf(pod)
    const {namespace, identity} = group
    let groupName = group.name
    let key = `${namespace}/${groupName}`
    if (group.bare && owners.has(key) && owners.get(key) !== identity) {
      const other = owners.get(key)!
      let renamed = `${groupName}-pod`
      for (let n = 2; owners.has(`${namespace}/${renamed}`); n++) renamed = `${groupName}-pod-${n}`
      note(ctx, `Pod ${objectName(pod)} is not a pod of ${other.replace('/', ' ')} (not owned by it) but has the name of its workload; imported as workload ${namespace}/${renamed}`)
      groupName = renamed
      key = `${namespace}/${groupName}`
    }
    if (taken.has(key)) continue
    if (!groups.has(key)) {
      const doc: WorkloadDoc = {name: groupName, namespace}
      fromPod(doc, withoutGenerated(pod.metadata?.labels), pod.spec ?? {}, ctx, `Pod ${objectName(pod)}`)
      groups.set(key, {doc, pods: []})
      owners.set(key, identity)
    }
    groups.get(key)!.pods.push(pod)
  }
  for (const {doc, pods} of groups.values()) {
    doc.replicas = pods.length
    const owner = controllerOf(pods[0]!)
    ctx.sources.set(doc, owner && owner.kind !== 'Node' ? `${pods.length} Pod(s) of ${owner.kind} ${owner.name} (not in the input)` : `Pod ${objectName(pods[0]!)}`)
    docs.push(doc)
  }
  const batch = BATCH_KINDS.flatMap((kind) => byKind.get(kind) ?? [])
  if (batch.length > 0 || batchPods.length > 0) {
    const what = [batch.length > 0 ? `${batch.length} Job/CronJob(s) (${someNames(batch)})` : '', batchPods.length > 0 ? `${batchPods.length} Pod(s) of Jobs (${someNames(batchPods)})` : ''].filter(Boolean).join(' and ')
    ctx.warnings.push(`${what} are not modelled (run-to-completion pods); not imported — add a workload by hand if their traffic matters`)
  }
  return docs
}
