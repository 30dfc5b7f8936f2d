import type {AnyCidr} from '../cidr/any.js'
import type {Cidr} from '../cidr/cidr.js'
import type {Ipv6Cidr} from '../cidr/cidr6.js'
import type {NetworkPolicy, SecurityGroup} from '../topology/model.js'

/**
 * The address blocks that rules name as peers — what tells one address from another for them.
 * Address classes (classes.ts), the internet's classes (internet.ts) and the outside view of a
 * Service's endpoints (pairs.ts) each cut addresses by these.
 */

/** The CIDR peers of the groups' rules: IPv4 (4), IPv6 (6) or both (no family). */
export function groupPeerBlocks(groups: readonly SecurityGroup[], family: 4): Cidr[]
export function groupPeerBlocks(groups: readonly SecurityGroup[], family: 6): Ipv6Cidr[]
export function groupPeerBlocks(groups: readonly SecurityGroup[], family?: 4 | 6): AnyCidr[]
export function groupPeerBlocks(groups: readonly SecurityGroup[], family?: 4 | 6): AnyCidr[] {
  const blocks: AnyCidr[] = []
  for (const group of groups) {
    for (const rule of group.rules) {
      const peer = rule.peer
      if ((peer.type === 'cidr' && family !== 6) || (peer.type === 'cidr6' && family !== 4)) blocks.push(peer.cidr)
    }
  }
  return blocks
}

/** Each ipBlock peer's CIDR and its `except` blocks, in the policies' ingress and egress rules: IPv4 (4), IPv6 (6) or both. */
export function policyIpBlocks(policies: readonly NetworkPolicy[], family: 4): Cidr[]
export function policyIpBlocks(policies: readonly NetworkPolicy[], family: 6): Ipv6Cidr[]
export function policyIpBlocks(policies: readonly NetworkPolicy[], family?: 4 | 6): AnyCidr[]
export function policyIpBlocks(policies: readonly NetworkPolicy[], family?: 4 | 6): AnyCidr[] {
  const blocks: AnyCidr[] = []
  for (const policy of policies) {
    for (const rules of [policy.ingress, policy.egress]) {
      for (const rule of rules) {
        for (const peer of rule.peers ?? []) if (peer.ipBlock && (family === undefined || peer.ipBlock.family === family)) blocks.push(peer.ipBlock.cidr, ...peer.ipBlock.except)
      }
    }
  }
  return blocks
}
