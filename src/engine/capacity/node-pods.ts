/**
 * Which nodes of a resolved pool can host pods, and how many of each kind (SPEC 1.3, 4.2): the
 * one place lint's pod-capacity (and anything else that sums pool capacity) reads it.
 * - Flannel: a node without a pod range (the pod CIDR ran out) hosts no pod-network pods.
 * - Terway: a node whose type cannot join (shared-mode max pods ≤ 11; exclusive ≤ 6 ENIs) never
 *   becomes Ready; ordinary pods use `maxPods`, pods with podNetworking in trunk mode use
 *   `memberPods` (member ENIs), in addition.
 */
import type {Node, NodePool} from '../topology/model.js'
import {terwayEligibility} from './terway.js'

export function nodeCanHostPods(node: Node): boolean {
  const network = node.cluster.network
  if (network.plugin === 'flannel') return node.podRange !== undefined
  if (network.plugin === 'terway') {
    const limits = node.pool.instanceType
    if (!limits) return true // unknown type: nothing to say (never guessed)
    return terwayEligibility(limits, network.mode).eligible !== false
  }
  return true
}

/** The pool's nodes that can host pods, in pool order. */
export function hostingNodes(pool: NodePool): Node[] {
  return pool.nodes.filter(nodeCanHostPods)
}

/** Whether a replica of this workload uses a trunk member ENI (Terway trunk mode, podNetworking). */
export function usesMemberEni(pool: NodePool, workload: {podNetworking?: unknown; hostNetwork?: boolean}): boolean {
  const network = pool.cluster.network
  return network.plugin === 'terway' && network.mode === 'trunk' && workload.podNetworking !== undefined && !workload.hostNetwork
}
