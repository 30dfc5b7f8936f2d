import {AcknetError, type SourcePosition} from '../../errors.js'
import {formatIpv6, type Ipv6, ipv6PrefixMask, ipv6Problem, parseIpv6, parseIpv6Between} from './ipv6.js'

/**
 * An IPv6 block: network address (host bits clear) as a 128-bit BigInt and prefix length
 * 0–128. `family: 6` tells it apart from the IPv4 `Cidr` (whose `family` is absent or 4).
 */
export interface Ipv6Cidr {
  readonly family: 6
  readonly network: Ipv6
  readonly prefix: number
}

export type Ipv6CidrParseResult =
  | {ok: true; cidr: Ipv6Cidr}
  | {ok: false; message: string; /** the network form when only host bits were wrong, or the /128 of a bare address */ suggestion?: string}

export function ipv6Cidr(network: Ipv6, prefix: number): Ipv6Cidr {
  return {family: 6, network, prefix}
}

/** The decimal prefix length 0–128 from `from` to the end (no sign, no leading zero), or −1. */
function prefixLength(text: string, from: number): number {
  const digits = text.length - from
  if (digits < 1 || digits > 3) return -1
  let value = 0
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 48 || code > 57) return -1
    value = value * 10 + (code - 48)
  }
  if (digits > 1 && text.charCodeAt(from) === 48) return -1
  return value <= 128 ? value : -1
}

/**
 * Parses `x:x::x/n` in every RFC 4291 textual form (any case, `::`, a dotted-quad tail).
 * Refuses zone ids, a prefix outside 0–128 or with leading zeros, and host bits set (naming
 * the network form, as for IPv4).
 */
export function parseIpv6Cidr(text: string): Ipv6CidrParseResult {
  if (typeof text !== 'string') return {ok: false, message: `${JSON.stringify(text)} is not a CIDR block (expected text like 2001:db8::/56)`}
  const slash = text.indexOf('/')
  if (slash < 0) {
    const bare = parseIpv6(text)
    if (bare !== undefined) {
      const suggestion = `${formatIpv6(bare)}/128`
      return {ok: false, message: `${text} has no prefix length; did you mean ${suggestion}?`, suggestion}
    }
    return {ok: false, message: `${quote(text)} is not a CIDR block: ${quote(text)} ${ipv6Problem(text)}`}
  }
  const address = parseIpv6Between(text, 0, slash)
  if (address === undefined) {
    const addressText = text.slice(0, slash)
    return {ok: false, message: `${quote(text)} is not a CIDR block: ${quote(addressText)} is not an IPv6 address: it ${ipv6Problem(addressText)}`}
  }
  const prefix = prefixLength(text, slash + 1)
  if (prefix < 0) {
    return {ok: false, message: `${quote(text)} is not a CIDR block: an IPv6 prefix length must be 0–128, got ${quote(text.slice(slash + 1))}`}
  }
  const network = address & ipv6PrefixMask(prefix)
  if (network !== address) {
    const suggestion = `${formatIpv6(network)}/${prefix}`
    return {ok: false, message: `${text} has host bits set; did you mean ${suggestion}?`, suggestion}
  }
  return {ok: true, cidr: {family: 6, network, prefix}}
}

/** Parses or throws an exit-2 AcknetError carrying the message (and position, when given). */
export function requireIpv6Cidr(text: string, position?: SourcePosition): Ipv6Cidr {
  const result = parseIpv6Cidr(text)
  if (!result.ok) throw new AcknetError(result.message, {position})
  return result.cidr
}

/** Canonical RFC 5952 text, e.g. `2001:db8:0:100::/56`. */
export function formatIpv6Cidr(cidr: Ipv6Cidr): string {
  return `${formatIpv6(cidr.network)}/${cidr.prefix}`
}

/** Number of addresses in the block, 2^(128−prefix), exact (a BigInt: /64 alone is 2^64). */
export function ipv6CidrSize(cidr: Ipv6Cidr): bigint {
  return 1n << BigInt(128 - cidr.prefix)
}

export function ipv6LastAddress(cidr: Ipv6Cidr): Ipv6 {
  return cidr.network | (ipv6PrefixMask(cidr.prefix) ^ ((1n << 128n) - 1n))
}

/** True when `inner` lies completely inside `outer` (equal counts as inside). */
export function ipv6CidrContains(outer: Ipv6Cidr, inner: Ipv6Cidr): boolean {
  return inner.prefix >= outer.prefix && (inner.network & ipv6PrefixMask(outer.prefix)) === outer.network
}

export function ipv6CidrContainsAddress(block: Ipv6Cidr, address: Ipv6): boolean {
  return (address & ipv6PrefixMask(block.prefix)) === block.network
}

/** Two aligned blocks overlap exactly when one contains the other. */
export function ipv6CidrsOverlap(a: Ipv6Cidr, b: Ipv6Cidr): boolean {
  return a.prefix <= b.prefix ? ipv6CidrContains(a, b) : ipv6CidrContains(b, a)
}

/** How `a` relates to `b`: `contains` means a ⊃ b, `inside` means a ⊂ b. */
export function ipv6CidrRelation(a: Ipv6Cidr, b: Ipv6Cidr): 'equal' | 'contains' | 'inside' | 'disjoint' {
  if (a.network === b.network && a.prefix === b.prefix) return 'equal'
  if (ipv6CidrContains(a, b)) return 'contains'
  if (ipv6CidrContains(b, a)) return 'inside'
  return 'disjoint'
}

export function ipv6CidrEquals(a: Ipv6Cidr, b: Ipv6Cidr): boolean {
  return a.network === b.network && a.prefix === b.prefix
}

/** Sort order: by network address, then larger block (shorter prefix) first. */
export function compareIpv6Cidrs(a: Ipv6Cidr, b: Ipv6Cidr): number {
  return a.network < b.network ? -1 : a.network > b.network ? 1 : a.prefix - b.prefix
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? text.slice(0, 57) + '...' : text)
}
