import {cidrContainsAddress, formatCidr} from '../../cidr/cidr.js'
import {type Decision, pass} from '../decision.js'
import type {Actor} from '../endpoints.js'
import {type Address, formatAddress} from '../family.js'

/**
 * Step 2: the source address the packet carries once it leaves the sender. Flannel pods keep
 * their pod IP for destinations in nonMasqueradeCidrs and are masqueraded to the node IP
 * otherwise (ip-masq-agent); Terway and ACS pods keep their VPC address; hostNetwork pods,
 * nodes and instances use their own address. Over IPv6 (SPEC §8) every pod keeps its own
 * address: only Terway gives pods IPv6, and nothing masquerades it.
 */
export interface SourceNat {
  address: Address
  /** `undefined` for an outside sender (no hop). */
  decision?: Decision
}

export function sourceNatStep(sender: Actor, destination: Address): SourceNat {
  const own = sender.address
  const hop = (detail: () => string): Decision => pass('source-nat', sender.object, detail)
  const pod = sender.pod
  if (!pod) {
    if (sender.kind === 'outside') return {address: own}
    return {address: own, decision: hop(() => `srcIp ${formatAddress(own)} (${sender.kind === 'host' ? 'the host' : sender.kind}'s own address)`)}
  }
  if (pod.workload.hostNetwork) return {address: own, decision: hop(() => `srcIp ${formatAddress(own)} (hostNetwork: the node IP)`)}
  const network = pod.workload.cluster.network
  if (typeof own !== 'number') return {address: own, decision: hop(() => `srcIp ${formatAddress(own)} kept (IPv6 pod address: no masquerade)`)}
  if (network.plugin !== 'flannel') {
    return {address: own, decision: hop(() => `srcIp ${formatAddress(own)} kept (${network.plugin === 'acs' ? 'ACS' : 'Terway'} pod address in the VPC)`)}
  }
  const kept = typeof destination === 'number' ? network.nonMasqueradeCidrs.find((c) => cidrContainsAddress(c, destination)) : undefined
  if (kept) return {address: own, decision: hop(() => `srcIp ${formatAddress(own)} kept (destination in nonMasqueradeCidrs ${formatCidr(kept)})`)}
  const nodeIp = pod.node?.ip
  if (nodeIp === undefined) return {address: own, decision: hop(() => `srcIp ${formatAddress(own)} (pod has no node)`)}
  return {
    address: nodeIp,
    decision: hop(() => `srcIp ${formatAddress(own)} → ${formatAddress(nodeIp)} (ip-masq-agent: destination outside nonMasqueradeCidrs ${network.nonMasqueradeCidrs.map(formatCidr).join(', ')})`),
  }
}
