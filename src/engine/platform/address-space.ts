import type {Cidr} from '../cidr/cidr.js'
import type {Ipv6Cidr} from '../cidr/cidr6.js'
import {parseIpv6} from '../cidr/ipv6.js'
import {parseIpv4} from '../cidr/ipv4.js'
import {PRIVATE_BLOCKS} from './rules.js'

function block(text: string): Cidr {
  const [address, prefix] = text.split('/')
  return {network: parseIpv4(address!)!, prefix: Number(prefix)}
}

/**
 * Addresses no internet NAT gateway or EIP delivers (SPEC §4.2, 0.2): RFC 1918 private space,
 * RFC 6598 shared space 100.64.0.0/10, RFC 1122 loopback 127/8, RFC 3927 link-local
 * 169.254/16 and RFC 5771 multicast 224/4. Reaching one outside every VPC needs a route to a VPC
 * peer, VPN, CEN or instance next hop.
 */
export const NOT_INTERNET_ROUTABLE_BLOCKS: readonly Cidr[] = [
  ...PRIVATE_BLOCKS,
  block('100.64.0.0/10'),
  block('127.0.0.0/8'),
  block('169.254.0.0/16'),
  block('224.0.0.0/4'),
]

/**
 * What the `internet` endpoint is not (SPEC §4.1, 0.2): the blocks above, plus RFC 1122
 * "this network" 0/8 and RFC 1112 reserved 240/4 (broadcast included). Everything else counts as
 * a public address; documentation ranges (RFC 5737) are kept public on purpose, so a rule
 * written for 203.0.113.0/24 admits exactly that range of the internet, never all of it.
 */
export const NOT_PUBLIC_BLOCKS: readonly Cidr[] = [...NOT_INTERNET_ROUTABLE_BLOCKS, block('0.0.0.0/8'), block('240.0.0.0/4')]

/**
 * IPv6 public space (SPEC §8): the global unicast range 2000::/3 (IANA IPv6 Address Space
 * registry). Everything outside it (unique-local fc00::/7, link-local fe80::/10, multicast
 * ff00::/8, loopback, IPv4-mapped) is never delivered by the IPv6 gateway. As for IPv4, the
 * documentation range 2001:db8::/32 inside it is kept public on purpose.
 */
export const IPV6_PUBLIC_BLOCKS: readonly Ipv6Cidr[] = [{family: 6, network: parseIpv6('2000::')!, prefix: 3}]
