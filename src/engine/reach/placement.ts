import {formatCidr} from '../cidr/cidr.js'
import type {Node, Pod, Workload} from '../topology/model.js'
import type {UnplacedReplica} from './result.js'

/**
 * Whether a replica can run where round-robin placement put it (SPEC §4.2, 0.2). A replica that
 * cannot run is never dropped silently: the answer lists it and covers the placed ones.
 * - Flannel: its node needs a pod range (the pod CIDR may have none left) with a free address.
 * - Terway: its node's ENIs must have room (the pool's max pods per node, src/engine/capacity).
 * - Any: its pool needs a node, its address source a free address.
 */
export function unplacedReason(pod: Pod): string | undefined {
  const workload = pod.workload
  const cluster = workload.cluster
  const node = pod.node
  if (cluster.network.plugin !== 'acs' && !node) return `node pool ${workload.nodePool ? `${cluster.name}/${workload.nodePool.name}` : 'of the workload'} has no nodes`
  if (workload.hostNetwork) return pod.ip === undefined ? `node ${node!.name} has no address (its vSwitch ${node!.vswitch.name} is full)` : undefined
  const network = cluster.network
  if (network.plugin === 'flannel') {
    if (!node!.podRange) return `node ${node!.name} has no pod range: pod CIDR ${formatCidr(network.podCidr)} has no /${network.nodeCidrMask} left for it`
    if (pod.ip === undefined) return `the pod range ${formatCidr(node!.podRange)} of node ${node!.name} is full`
    return undefined
  }
  if (pod.ip === undefined) return `pod vSwitch ${pod.vswitch?.name ?? '(none)'} has no free address`
  if (node && network.plugin === 'terway') {
    const capacity = node.pool.maxPods
    if (capacity?.ok && podIndexOnNode(node, pod) >= capacity.pods) {
      return `the ENIs of node ${node.name} are full: ${node.pool.instanceTypeName} hosts ${capacity.pods} pods in Terway ${network.mode} mode`
    }
  }
  return undefined
}

const indexByNode = new WeakMap<Node, Map<Pod, number>>()
/** 0-based position of the pod among the node's pods that take an ENI address. */
function podIndexOnNode(node: Node, pod: Pod): number {
  let map = indexByNode.get(node)
  if (!map) {
    map = new Map()
    let index = 0
    for (const p of node.pods) if (!p.workload.hostNetwork) map.set(p, index++)
    indexByNode.set(node, map)
  }
  return map.get(pod) ?? 0
}

const unplacedByWorkload = new WeakMap<Workload, UnplacedReplica[]>()

/** The replicas of these workloads that cannot run (computed once per workload: lint asks per expectation). */
export function unplacedOf(workloads: Iterable<Workload>): UnplacedReplica[] {
  const out: UnplacedReplica[] = []
  for (const workload of workloads) {
    let list = unplacedByWorkload.get(workload)
    if (!list) {
      list = []
      for (const pod of workload.pods) {
        const reason = unplacedReason(pod)
        if (reason) list.push({replica: `${workload.namespace.name}/${pod.name}`, node: pod.node ? `${workload.cluster.name}/${pod.node.name}` : null, reason})
      }
      unplacedByWorkload.set(workload, list)
    }
    out.push(...list)
  }
  return out
}
