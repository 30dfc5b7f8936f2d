import type {AnyCidr} from '../cidr/any.js'
import {type Cidr, cidrSize, formatCidr, lastAddress} from '../cidr/cidr.js'
import {formatIpv6Cidr, type Ipv6Cidr, ipv6CidrSize, ipv6LastAddress} from '../cidr/cidr6.js'
import {formatIpv4} from '../cidr/ipv4.js'
import {formatIpv6} from '../cidr/ipv6.js'
import {type Ipv6AddressClass, ipv6AddressClass} from '../cidr/special6.js'
import {IPV6_POD_CIDR_NOT_APPLICABLE, IPV6_SERVICE_CIDR_NOT_APPLICABLE, validateVpcIpv6Cidr, validateVSwitchIpv6Cidr, vswitchUsableIpv6} from './ipv6.js'
import {addressClass, type AddressClass, validatePodCidr, validateServiceCidr, validateVpcCidr, validateVSwitchCidr, type Validity, vswitchUsable} from './rules.js'

/**
 * `acknet cidr info --json` (SPEC §1). This joins CIDR arithmetic with the platform rules,
 * so it lives in src/engine/platform (src/engine/cidr knows no platform).
 */
export interface CidrInfo {
  cidr: string
  family: 4
  network: string
  prefix: number
  first: string
  last: string
  total: number
  vswitchUsable: number
  class: AddressClass
  validAs: {vpc: Validity; vswitch: Validity; podCidr: Validity; serviceCidr: Validity}
}

/**
 * The IPv6 record. `total` and `vswitchUsable` are decimal strings: a /64 alone holds 2^64
 * addresses, beyond what a JSON number keeps exactly (2^53).
 */
export interface Ipv6CidrInfo {
  cidr: string
  family: 6
  network: string
  prefix: number
  first: string
  last: string
  total: string
  vswitchUsable: string
  class: Ipv6AddressClass
  validAs: {vpc: Validity; vswitch: Validity; podCidr: Validity; serviceCidr: Validity}
}

export type AnyCidrInfo = CidrInfo | Ipv6CidrInfo

export function describeCidr(cidr: Cidr): CidrInfo {
  return {
    cidr: formatCidr(cidr),
    family: 4,
    network: formatIpv4(cidr.network),
    prefix: cidr.prefix,
    first: formatIpv4(cidr.network),
    last: formatIpv4(lastAddress(cidr)),
    total: cidrSize(cidr),
    vswitchUsable: vswitchUsable(cidr),
    class: addressClass(cidr),
    validAs: {
      vpc: validateVpcCidr(cidr),
      vswitch: validateVSwitchCidr(cidr),
      podCidr: validatePodCidr(cidr),
      serviceCidr: validateServiceCidr(cidr),
    },
  }
}

export function describeIpv6Cidr(cidr: Ipv6Cidr): Ipv6CidrInfo {
  return {
    cidr: formatIpv6Cidr(cidr),
    family: 6,
    network: formatIpv6(cidr.network),
    prefix: cidr.prefix,
    first: formatIpv6(cidr.network),
    last: formatIpv6(ipv6LastAddress(cidr)),
    total: ipv6CidrSize(cidr).toString(),
    vswitchUsable: vswitchUsableIpv6(cidr).toString(),
    class: ipv6AddressClass(cidr),
    validAs: {
      vpc: validateVpcIpv6Cidr(cidr),
      vswitch: validateVSwitchIpv6Cidr(cidr),
      podCidr: IPV6_POD_CIDR_NOT_APPLICABLE,
      serviceCidr: IPV6_SERVICE_CIDR_NOT_APPLICABLE,
    },
  }
}

export function describeCidrAny(cidr: AnyCidr): AnyCidrInfo {
  return cidr.family === 6 ? describeIpv6Cidr(cidr) : describeCidr(cidr)
}
