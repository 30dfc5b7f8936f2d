import {cidrContainsAddress, formatCidr} from '../../cidr/cidr.js'
import {formatIpv4, type Ipv4} from '../../cidr/ipv4.js'
import {type Decision, pass} from '../decision.js'
import type {Actor} from '../endpoints.js'

/**
 * Step 2: the source address the packet carries once it leaves the sender. Flannel pods keep
 * their pod IP for destinations in nonMasqueradeCidrs and are masqueraded to the node IP
 * otherwise (ip-masq-agent); Terway and ACS pods keep their VPC address; hostNetwork pods,
 * nodes and instances use their own address.
 */
export interface SourceNat {
  address: Ipv4
  /** `undefined` for an outside sender (no hop). */
  decision?: Decision
}

export function sourceNatStep(sender: Actor, destination: Ipv4): SourceNat {
  const own = sender.address
  const hop = (detail: () => string): Decision => pass('source-nat', sender.object, detail)
  const pod = sender.pod
  if (!pod) {
    if (sender.kind === 'outside') return {address: own}
    return {address: own, decision: hop(() => `srcIp ${formatIpv4(own)} (${sender.kind === 'host' ? 'the host' : sender.kind}'s own address)`)}
  }
  if (pod.workload.hostNetwork) return {address: own, decision: hop(() => `srcIp ${formatIpv4(own)} (hostNetwork: the node IP)`)}
  const network = pod.workload.cluster.network
  if (network.plugin !== 'flannel') {
    return {address: own, decision: hop(() => `srcIp ${formatIpv4(own)} kept (${network.plugin === 'acs' ? 'ACS' : 'Terway'} pod address in the VPC)`)}
  }
  const kept = network.nonMasqueradeCidrs.find((c) => cidrContainsAddress(c, destination))
  if (kept) return {address: own, decision: hop(() => `srcIp ${formatIpv4(own)} kept (destination in nonMasqueradeCidrs ${formatCidr(kept)})`)}
  const nodeIp = pod.node?.ip
  if (nodeIp === undefined) return {address: own, decision: hop(() => `srcIp ${formatIpv4(own)} (pod has no node)`)}
  return {
    address: nodeIp,
    decision: hop(() => `srcIp ${formatIpv4(own)} → ${formatIpv4(nodeIp)} (ip-masq-agent: destination outside nonMasqueradeCidrs ${network.nonMasqueradeCidrs.map(formatCidr).join(', ')})`),
  }
}
