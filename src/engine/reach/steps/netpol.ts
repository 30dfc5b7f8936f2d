import type {Cluster, Node, Pod} from '../../topology/model.js'
import type {ReachContext} from '../context.js'
import {type Decision, deny, pass, skip} from '../decision.js'
import type {PolicyPod, PolicyVerdict} from '../netpol.js'
import {type Address, formatAddress} from '../family.js'
import type {Consideration} from '../result.js'

/**
 * Steps 1 and 7: NetworkPolicy egress at the sending pod, ingress at the receiving pod. Kubernetes
 * exempts two kinds of traffic ("a pod cannot block access to itself"; "traffic to and from the
 * node where a Pod is running is always allowed", kubernetes.io network-policies; facts §10), and
 * hostNetwork pods are never selected by a policy.
 */

export interface PolicyEnd {
  pod?: Pod
  /** Set when this end is a node itself (not a Service address on it). */
  node?: Node
  /** The address on the packet at this end. */
  address: Address
}

/** Step 1. `undefined` when the sender is not a pod (no hop). */
export function netpolEgressStep(ctx: ReachContext, sender: Pod | undefined, destination: PolicyEnd, protocol: string, port: number, explain: boolean): Decision | undefined {
  if (!sender) return undefined
  const exempt = exemption('netpol-egress', sender, destination.pod === sender, destination.node !== undefined && destination.node === sender.node ? sender.node : undefined)
  if (exempt) return exempt
  const cluster = sender.workload.cluster
  const peerPod = destination.pod && destination.pod.workload.cluster === cluster && !destination.pod.workload.hostNetwork ? policyPod(destination.pod) : undefined
  const verdict = ctx.networkPolicies(cluster).evaluate('egress', policyPod(sender), {ip: destination.address, pod: peerPod}, protocol, port, explain, false)
  return fromVerdict('netpol-egress', verdict, sender, explain, () => ctx.networkPolicies(cluster).evaluate('egress', policyPod(sender), {ip: destination.address, pod: peerPod}, protocol, port, false, true).detail, ` (destination ${formatAddress(destination.address)})`)
}

/**
 * Step 7 at a receiving pod; `seen` is the source address the pod sees, `sender` the sending pod if
 * any, `senderNode` the node when the sender is a node itself (or a hostNetwork pod on it).
 */
export function netpolIngressStep(ctx: ReachContext, receiver: Pod, seen: Address, sender: Pod | undefined, senderNode: Node | undefined, protocol: string, port: number, explain: boolean): Decision {
  const exempt = exemption('netpol-ingress', receiver, sender === receiver, senderNode !== undefined && senderNode === receiver.node && seen === (typeof seen === 'number' ? senderNode.ip : senderNode.ipv6) ? senderNode : undefined)
  if (exempt) return exempt
  const cluster = receiver.workload.cluster
  const identity = sender && !sender.workload.hostNetwork && sender.workload.cluster === cluster && seen === (typeof seen === 'number' ? sender.ip : sender.ipv6) ? policyPod(sender) : undefined
  const evaluate = (describe: boolean) => ctx.networkPolicies(cluster).evaluate('ingress', policyPod(receiver), {ip: seen, pod: identity}, protocol, port, explain && !describe, describe)
  const decision = fromVerdict('netpol-ingress', evaluate(false), receiver, explain, () => evaluate(true).detail, ` (source seen as ${formatAddress(seen)})`)
  if (decision.result === 'deny') {
    let rule: string | undefined // the same for every source named: built once
    decision.seen = {address: seen, detail: (who) => `${(rule ??= evaluate(true).detail)} (source seen as ${who})`}
  }
  return decision
}

function exemption(step: 'netpol-egress' | 'netpol-ingress', pod: Pod, self: boolean, localNode: Node | undefined): Decision | undefined {
  const cluster = pod.workload.cluster
  if (pod.workload.hostNetwork) {
    return skip(step, `workload/${pod.workload.namespace.name}/${pod.workload.name}`, () => 'hostNetwork pod: NetworkPolicy does not select pods on the host network', {kind: 'exempt', why: 'host-network'})
  }
  if (!cluster.network.enforcesNetworkPolicy) return skip(step, `cluster/${cluster.name}`, () => notEnforcedWhy(cluster), {kind: 'exempt', why: 'not-enforced'})
  if (self) return pass(step, `workload/${pod.workload.namespace.name}/${pod.workload.name}`, () => `traffic of pod ${pod.name} to itself: NetworkPolicy cannot block a pod's access to itself`, {kind: 'exempt', why: 'self'})
  if (localNode) {
    return pass(step, `nodePool/${cluster.name}/${localNode.pool.name}`, () => `traffic ${step === 'netpol-egress' ? 'to' : 'from'} node ${localNode.name}, where pod ${pod.name} runs: always allowed by NetworkPolicy`, {kind: 'exempt', why: 'node-local'})
  }
  return undefined
}

function fromVerdict(step: 'netpol-egress' | 'netpol-ingress', verdict: PolicyVerdict, pod: Pod, explain: boolean, detail: () => string, suffix: string): Decision {
  const direction = step === 'netpol-egress' ? 'egress' : 'ingress'
  const considered: Consideration[] = explain
    ? verdict.notSelecting.filter((item) => item.hasDirection).map((item) => ({step, object: `networkPolicy/${item.policy}`, detail: `not applied: ${item.why}`}))
    : []
  let decision: Decision
  if (!verdict.allowed) {
    decision = deny(step, step === 'netpol-egress' ? 'NETPOL_EGRESS_DENIED' : 'NETPOL_INGRESS_DENIED', `networkPolicy/${verdict.policy}`, () => `${detail()}${suffix}`, {kind: 'networkPolicy', policy: verdict.policy!, direction})
  } else if (verdict.policy) {
    decision = pass(step, `networkPolicy/${verdict.policy}`, detail, {kind: 'networkPolicy', policy: verdict.policy, direction, index: verdict.ruleIndex})
  } else {
    decision = pass(step, `namespace/${pod.workload.namespace.name}`, detail)
  }
  if (considered.length > 0) decision.considered = considered
  return decision
}

export function notEnforcedWhy(cluster: Cluster): string {
  const network = cluster.network
  if (network.plugin === 'flannel') return `cluster ${cluster.name} uses Flannel, which does not enforce NetworkPolicy`
  if (network.plugin === 'terway' && network.mode === 'exclusive') return `cluster ${cluster.name} runs Terway in exclusive mode, which skips NetworkPolicy`
  return `cluster ${cluster.name} has networkPolicy disabled`
}

// one PolicyPod per workload: its replicas share namespace, labels and ports (and the policy set caches by it)
const policyPodCache = new WeakMap<Pod['workload'], PolicyPod>()
export function policyPod(pod: Pod): PolicyPod {
  const workload = pod.workload
  let cached = policyPodCache.get(workload)
  if (!cached) {
    cached = {namespace: workload.namespace.name, namespaceLabels: workload.namespace.labels, labels: workload.labels, ports: workload.ports}
    policyPodCache.set(workload, cached)
  }
  return cached
}
