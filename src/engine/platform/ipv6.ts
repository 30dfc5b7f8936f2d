/**
 * Alibaba Cloud IPv6 (dual stack) block rules: alibaba-facts.md §10 "Dual stack requirements"
 * (V1–V3) and SPEC §8. The IPv4 rules are in rules.ts.
 */
import {type Ipv6Cidr, ipv6CidrSize} from '../cidr/cidr6.js'
import {ipv6AddressClass} from '../cidr/special6.js'
import type {Validity} from './rules.js'

// V1: the system assigns a VPC a /56 (VPC doc-detail/100380); SPEC §8 accepts /48–/64 "as the VPC gives".
export const VPC_IPV6_PREFIX = {min: 48, max: 64, assigned: 56} as const
// V2: a vSwitch IPv6 block is a /64 inside the VPC's block (TFALI vswitch.html.markdown L131–135).
export const VSWITCH_IPV6_PREFIX = 64
// A vSwitch's /64 is chosen by its index in the VPC's /56: "ipv6_cidr_block — The last eight bits of
// the IPv6 CIDR block of the vSwitch. Valid values: 0 to 255" (TFALI vswitch.html.markdown; CreateVSwitch Ipv6CidrBlock).
export const VSWITCH_IPV6_INDEX_MAX = 255
// V3: a vSwitch IPv6 block reserves the first address and the last nine (CreateVSwitchCidrReservation, api-610154).
export const VSWITCH_IPV6_RESERVED_ADDRESSES = 10

/** Alibaba assigns VPC IPv6 blocks from public (global unicast) space; nothing else is a real VPC block. */
function globalUnicastProblem(cidr: Ipv6Cidr): string | undefined {
  const cls = ipv6AddressClass(cidr)
  if (cls === 'global-unicast') return undefined
  return `Alibaba Cloud assigns VPC IPv6 blocks from global unicast space (2000::/3); this block is ${cls === 'mixed' ? 'not inside one address class' : cls}`
}

export function validateVpcIpv6Cidr(cidr: Ipv6Cidr): Validity {
  const problem = globalUnicastProblem(cidr)
  if (problem) return problem
  if (cidr.prefix < VPC_IPV6_PREFIX.min || cidr.prefix > VPC_IPV6_PREFIX.max) {
    return `a VPC IPv6 block is a /${VPC_IPV6_PREFIX.assigned} as Alibaba assigns it (/${VPC_IPV6_PREFIX.min}–/${VPC_IPV6_PREFIX.max} accepted), got /${cidr.prefix}`
  }
  return true
}

export function validateVSwitchIpv6Cidr(cidr: Ipv6Cidr): Validity {
  if (cidr.prefix !== VSWITCH_IPV6_PREFIX) return `a vSwitch IPv6 block is a /${VSWITCH_IPV6_PREFIX}, got /${cidr.prefix}`
  return globalUnicastProblem(cidr) ?? true
}

// V4: dual stack is Terway only; Flannel pod CIDRs are IPv4 (CreateCluster container_cidr).
export const IPV6_POD_CIDR_NOT_APPLICABLE = 'not applicable: Flannel pod CIDRs are IPv4 only (dual stack needs Terway), and Terway pods take IPv6 addresses from their vSwitch /64'
// The facts file has no published ACK rule for an IPv6 Service CIDR (CreateCluster service_cidr is IPv4).
export const IPV6_SERVICE_CIDR_NOT_APPLICABLE = 'not applicable: the ACK Service CIDR (service_cidr) is an IPv4 block; acknet has no published rule for an IPv6 one'

/** Usable addresses of an IPv6 vSwitch block: total minus the ten reserved (V3); 2^64 − 10 for a /64. */
export function vswitchUsableIpv6(cidr: Ipv6Cidr): bigint {
  const usable = ipv6CidrSize(cidr) - BigInt(VSWITCH_IPV6_RESERVED_ADDRESSES)
  return usable > 0n ? usable : 0n
}
