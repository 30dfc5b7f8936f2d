import {addressClass, type AddressClass, validatePodCidr, validateServiceCidr, validateVpcCidr, validateVSwitchCidr, type Validity, vswitchUsable} from './rules.js'
import {type Cidr, cidrSize, formatCidr, lastAddress} from '../cidr/cidr.js'
import {formatIpv4} from '../cidr/ipv4.js'

/** `acknet cidr info --json` (SPEC §1). */
export interface CidrInfo {
  cidr: string
  network: string
  prefix: number
  first: string
  last: string
  total: number
  vswitchUsable: number
  class: AddressClass
  validAs: {vpc: Validity; vswitch: Validity; podCidr: Validity; serviceCidr: Validity}
}

export function describeCidr(cidr: Cidr): CidrInfo {
  return {
    cidr: formatCidr(cidr),
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
