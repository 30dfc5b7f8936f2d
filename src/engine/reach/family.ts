import {cidrContainsAddress} from '../cidr/cidr.js'
import {type AnyCidr, formatCidrAny, type IpFamily, isIpv6Cidr} from '../cidr/any.js'
import {ipv6CidrContainsAddress} from '../cidr/cidr6.js'
import {formatIpv4, type Ipv4} from '../cidr/ipv4.js'
import {formatIpv6, type Ipv6} from '../cidr/ipv6.js'
import type {Service} from '../topology/model.js'

/**
 * The address family a reach question is asked in (SPEC §8, `--family 4|6`). IPv4 addresses stay
 * 32-bit numbers and IPv6 addresses are 128-bit BigInts, so the IPv4 path never touches a BigInt:
 * each helper tests `typeof` once and takes the plain-number branch for IPv4.
 */
export type Family = IpFamily
export const FAMILIES: readonly Family[] = [4, 6]

/** An address of either family on a packet: a number is IPv4, a bigint IPv6. */
export type Address = Ipv4 | Ipv6

export type {AnyCidr}
export {formatCidrAny, isIpv6Cidr}

export function familyOf(address: Address): Family {
  return typeof address === 'number' ? 4 : 6
}

export function formatAddress(address: Address): string {
  return typeof address === 'number' ? formatIpv4(address) : formatIpv6(address)
}

/** True when the block holds the address; a block of the other family never does (0.0.0.0/0 admits no IPv6 peer). */
export function blockHolds(block: AnyCidr, address: Address): boolean {
  if (typeof address === 'number') return !isIpv6Cidr(block) && cidrContainsAddress(block, address)
  return isIpv6Cidr(block) && ipv6CidrContainsAddress(block, address)
}

/**
 * Whether a Service has the IPv6 family (kubernetes.io dual-stack): `ipFamilies` naming IPv6, or
 * ipFamilyPolicy PreferDualStack/RequireDualStack, in a dual-stack cluster. SingleStack without
 * `ipFamilies` takes the cluster's first family, IPv4 on ACK; PreferDualStack in a single-stack
 * cluster falls back to IPv4 (facts §10).
 */
export function serviceHasIpv6(service: Service): boolean {
  return serviceAsksIpv6(service) && service.cluster.ipStack === 'dual'
}

export function serviceAsksIpv6(service: Service): boolean {
  return service.ipFamilies.includes('IPv6') || service.ipFamilyPolicy === 'PreferDualStack' || service.ipFamilyPolicy === 'RequireDualStack'
}

/**
 * Whether a Service has no IPv4 family: SingleStack with `ipFamilies` [IPv6] has only an IPv6
 * cluster IP and IPv6 endpoints (kubernetes.io dual-stack: a single-stack Service takes the first
 * family listed). Two property reads, so the IPv4 path stays as cheap as before.
 */
export function serviceLacksIpv4(service: Service): boolean {
  return service.ipFamilyPolicy === 'SingleStack' && service.ipFamilies[0] === 'IPv6'
}
