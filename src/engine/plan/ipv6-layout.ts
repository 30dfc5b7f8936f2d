/**
 * The IPv6 half of a dual-stack plan (SPEC §8 `plan --ip-stack dual`). Alibaba Cloud assigns a
 * VPC its IPv6 /56 when IPv6 is enabled (facts §10 V1), so the plan cannot choose it: it writes a
 * placeholder from the documentation range, and gives each vSwitch the /64 whose index (the
 * last 8 bits of the /56, CreateVSwitch Ipv6CidrBlock) is the vSwitch's position in the plan.
 * Put the real /56 in and every /64 keeps its index.
 */
import {type Ipv6Cidr, parseIpv6Cidr} from '../cidr/cidr6.js'
import {ipv6SubnetSequence} from '../cidr/split6.js'
import {VPC_IPV6_PREFIX, VSWITCH_IPV6_INDEX_MAX, VSWITCH_IPV6_PREFIX} from '../platform/ipv6.js'

/** RFC 3849 documentation range, at the /56 Alibaba assigns: clearly not a real VPC block. */
export const PLACEHOLDER_VPC_IPV6_CIDR = `2001:db8::/${VPC_IPV6_PREFIX.assigned}`

/** The sentence every output (text note, YAML comment) uses for the placeholder. */
export const VPC_IPV6_PLACEHOLDER_NOTE = `VPC IPv6 block ${PLACEHOLDER_VPC_IPV6_CIDR} is a placeholder (RFC 3849 documentation range): Alibaba Cloud assigns the VPC's real /${VPC_IPV6_PREFIX.assigned} when you enable IPv6; put it in and each vSwitch keeps its /64 index (CreateVSwitch Ipv6CidrBlock)`

export interface Ipv6Layout {
  vpc: Ipv6Cidr
  /** One /64 per vSwitch, index i = the i-th vSwitch asked for. */
  vswitches: Ipv6Cidr[]
}

/** The placeholder /56 and `count` vSwitch /64s at indexes 0…count−1. */
export function planIpv6Layout(count: number, vpcText: string = PLACEHOLDER_VPC_IPV6_CIDR): Ipv6Layout {
  const parsed = parseIpv6Cidr(vpcText)
  if (!parsed.ok) throw new Error(`bad VPC IPv6 block ${vpcText}: ${parsed.message}`)
  if (count - 1 > VSWITCH_IPV6_INDEX_MAX) throw new Error(`${count} vSwitches: a /${VPC_IPV6_PREFIX.assigned} has ${VSWITCH_IPV6_INDEX_MAX + 1} vSwitch /64s`)
  const sequence = ipv6SubnetSequence(parsed.cidr, VSWITCH_IPV6_PREFIX)
  return {vpc: parsed.cidr, vswitches: Array.from({length: count}, (_, i) => sequence.at(i))}
}

/** The index a vSwitch /64 has in its VPC's /56 (what CreateVSwitch's Ipv6CidrBlock takes). */
export function vswitchIpv6Index(vpc: Ipv6Cidr, vswitch: Ipv6Cidr): number {
  return Number((vswitch.network - vpc.network) >> BigInt(128 - VSWITCH_IPV6_PREFIX))
}
