/**
 * The IPv6 half of a dual-stack plan (SPEC §8 `plan --ip-stack dual`). Alibaba Cloud assigns a
 * VPC its IPv6 /56 when IPv6 is enabled (facts §10 V1), so the plan cannot choose it: it writes a
 * placeholder from the documentation range, and gives each vSwitch the /64 whose index (the
 * last 8 bits of the /56, CreateVSwitch Ipv6CidrBlock) is the vSwitch's position in the plan.
 * Once the real /56 is known, `--vpc-ipv6-cidr` plans in it: every /64 keeps its index.
 */
import {type Ipv6Cidr, parseIpv6Cidr} from '../cidr/cidr6.js'
import {ipv6SubnetSequence} from '../cidr/split6.js'
import {validateVpcIpv6Cidr, VPC_IPV6_PREFIX, VSWITCH_IPV6_INDEX_MAX, VSWITCH_IPV6_PREFIX} from '../platform/ipv6.js'

/** RFC 3849 documentation range, at the /56 Alibaba assigns: clearly not a real VPC block. */
export const PLACEHOLDER_VPC_IPV6_CIDR = `2001:db8::/${VPC_IPV6_PREFIX.assigned}`

/** The note text output gives for the placeholder. */
export const VPC_IPV6_PLACEHOLDER_NOTE = `VPC IPv6 block ${PLACEHOLDER_VPC_IPV6_CIDR} is a placeholder (RFC 3849 documentation range): Alibaba Cloud assigns the VPC's real /${VPC_IPV6_PREFIX.assigned} when you enable IPv6; plan again with --vpc-ipv6-cidr set to it (each vSwitch keeps its /64 index, CreateVSwitch Ipv6CidrBlock)`

export interface Ipv6Layout {
  vpc: Ipv6Cidr
  /** One /64 per vSwitch, index i = the i-th vSwitch asked for. */
  vswitches: Ipv6Cidr[]
}

const PLACEHOLDER = parseIpv6Cidr(PLACEHOLDER_VPC_IPV6_CIDR)
if (!PLACEHOLDER.ok) throw new Error(PLACEHOLDER.message)
const PLACEHOLDER_CIDR = PLACEHOLDER.cidr

/**
 * Why `cidr` cannot be the VPC block a plan numbers vSwitches in (`--vpc-ipv6-cidr`), or undefined:
 * it must be a block Alibaba hands out (validateVpcIpv6Cidr) and a /56, whose 256 /64s are
 * exactly the indexes 0–255 CreateVSwitch takes.
 */
export function vpcIpv6CidrProblem(cidr: Ipv6Cidr): string | undefined {
  const valid = validateVpcIpv6Cidr(cidr)
  if (valid !== true) return valid
  if (cidr.prefix !== VPC_IPV6_PREFIX.assigned) return `the plan numbers vSwitch /64s 0–${VSWITCH_IPV6_INDEX_MAX} (CreateVSwitch Ipv6CidrBlock) inside the /${VPC_IPV6_PREFIX.assigned} Alibaba Cloud assigns, got /${cidr.prefix}`
  return undefined
}

/** `count` vSwitch /64s at indexes 0…count−1 of `vpc` (default: the placeholder /56). */
export function planIpv6Layout(count: number, vpc: Ipv6Cidr = PLACEHOLDER_CIDR): Ipv6Layout {
  if (count - 1 > VSWITCH_IPV6_INDEX_MAX) throw new Error(`${count} vSwitches: a /${VPC_IPV6_PREFIX.assigned} has ${VSWITCH_IPV6_INDEX_MAX + 1} vSwitch /64s`)
  const sequence = ipv6SubnetSequence(vpc, VSWITCH_IPV6_PREFIX)
  return {vpc, vswitches: Array.from({length: count}, (_, i) => sequence.at(i))}
}

