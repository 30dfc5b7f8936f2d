import {type Ipv6Cidr, ipv6CidrContains, ipv6CidrsOverlap} from './cidr6.js'
import {parseIpv6} from './ipv6.js'

/**
 * What part of the IPv6 address space a block lies in (IANA IPv6 Special-Purpose Address
 * Registry and Address Space registry). Address-space facts, not platform rules: whether a
 * VPC may use the block is decided in src/engine/platform.
 */
export type Ipv6AddressClass =
  | 'global-unicast'
  | 'unique-local'
  | 'link-local'
  | 'multicast'
  | 'documentation'
  | 'loopback'
  | 'unspecified'
  | 'ipv4-mapped'
  | 'nat64'
  | 'reserved'
  | 'mixed'

function block(text: string): Ipv6Cidr {
  const [address, prefix] = text.split('/')
  return {family: 6, network: parseIpv6(address!)!, prefix: Number(prefix)}
}

/** Most specific first: a block takes the class of the first entry that contains it. */
const CLASSES: ReadonlyArray<readonly [Ipv6Cidr, Ipv6AddressClass]> = [
  [block('::/128'), 'unspecified'], // RFC 4291 §2.5.2
  [block('::1/128'), 'loopback'], // RFC 4291 §2.5.3
  [block('::ffff:0:0/96'), 'ipv4-mapped'], // RFC 4291 §2.5.5.2
  [block('64:ff9b::/96'), 'nat64'], // RFC 6052
  [block('64:ff9b:1::/48'), 'nat64'], // RFC 8215
  [block('2001:db8::/32'), 'documentation'], // RFC 3849
  [block('3fff::/20'), 'documentation'], // RFC 9637
  [block('fc00::/7'), 'unique-local'], // RFC 4193
  [block('fe80::/10'), 'link-local'], // RFC 4291 §2.5.6
  [block('ff00::/8'), 'multicast'], // RFC 4291 §2.7
  [block('2000::/3'), 'global-unicast'], // IANA IPv6 Address Space: 2000::/3 is the global unicast range
]

/**
 * The class of the most specific registry entry containing all of `cidr`; `mixed` when the
 * block spans entries (e.g. `::/0`), `reserved` when it touches none (IETF-reserved space).
 */
export function ipv6AddressClass(cidr: Ipv6Cidr): Ipv6AddressClass {
  for (const [range, cls] of CLASSES) if (ipv6CidrContains(range, cidr)) return cls
  return CLASSES.some(([range]) => ipv6CidrsOverlap(range, cidr)) ? 'mixed' : 'reserved'
}
