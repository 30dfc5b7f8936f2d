/**
 * Family-aware entry points for code that takes IPv4 or IPv6 (the `cidr` commands, dual-stack
 * topology fields). IPv4 stays on the uint32 `Cidr` and its functions unchanged; these only
 * dispatch on `family`.
 */
import {AcknetError, type SourcePosition} from '../../errors.js'
import {type Cidr, cidrContains, cidrRelation, cidrSize, formatCidr, lastAddress, parseCidr} from './cidr.js'
import {formatIpv6Cidr, type Ipv6Cidr, ipv6CidrContains, ipv6CidrRelation, ipv6CidrSize, ipv6LastAddress, parseIpv6Cidr} from './cidr6.js'
import {formatIpv4, type Ipv4, parseIpv4} from './ipv4.js'
import {formatIpv6, type Ipv6, parseIpv6} from './ipv6.js'

export type IpFamily = 4 | 6

/** An IPv4 block (`family` absent or 4) or an IPv6 block (`family: 6`). */
export type AnyCidr = Cidr | Ipv6Cidr

/** An address of either family, tagged. */
export type AnyAddress = {family: 4; address: Ipv4} | {family: 6; address: Ipv6}

export type AnyCidrParseResult = {ok: true; cidr: AnyCidr} | {ok: false; message: string; suggestion?: string}

export function isIpv6Cidr(cidr: AnyCidr): cidr is Ipv6Cidr {
  return cidr.family === 6
}

export function cidrFamily(cidr: AnyCidr): IpFamily {
  return cidr.family === 6 ? 6 : 4
}

/** Text with a colon is parsed as IPv6, anything else as IPv4 (same messages as parseCidr). */
export function parseCidrAny(text: string): AnyCidrParseResult {
  return typeof text === 'string' && text.includes(':') ? parseIpv6Cidr(text) : parseCidr(text)
}

export function requireCidrAny(text: string, position?: SourcePosition): AnyCidr {
  const result = parseCidrAny(text)
  if (!result.ok) throw new AcknetError(result.message, {position})
  return result.cidr
}

export function formatCidrAny(cidr: AnyCidr): string {
  return cidr.family === 6 ? formatIpv6Cidr(cidr) : formatCidr(cidr)
}

/** Parses a bare address of either family (strict, as the CIDR parsers). */
export function parseAddressAny(text: string): AnyAddress | undefined {
  if (text.includes(':')) {
    const address = parseIpv6(text)
    return address === undefined ? undefined : {family: 6, address}
  }
  const address = parseIpv4(text)
  return address === undefined ? undefined : {family: 4, address}
}

/** Addresses in the block as a BigInt (exact for both families). */
export function cidrSizeAny(cidr: AnyCidr): bigint {
  return cidr.family === 6 ? ipv6CidrSize(cidr) : BigInt(cidrSize(cidr))
}

/** First and last address as text. */
export function cidrBoundsAny(cidr: AnyCidr): {first: string; last: string} {
  if (cidr.family === 6) return {first: formatIpv6(cidr.network), last: formatIpv6(ipv6LastAddress(cidr))}
  return {first: formatIpv4(cidr.network), last: formatIpv4(lastAddress(cidr))}
}

/** Containment; blocks of different families never contain each other. */
export function cidrContainsAny(outer: AnyCidr, inner: AnyCidr): boolean {
  if (outer.family === 6) return inner.family === 6 && ipv6CidrContains(outer, inner)
  return inner.family !== 6 && cidrContains(outer, inner)
}

/** How `a` relates to `b`; `other-family` when one is IPv4 and the other IPv6 (they never overlap). */
export function cidrRelationAny(a: AnyCidr, b: AnyCidr): 'equal' | 'contains' | 'inside' | 'disjoint' | 'other-family' {
  if (a.family === 6) return b.family === 6 ? ipv6CidrRelation(a, b) : 'other-family'
  return b.family === 6 ? 'other-family' : cidrRelation(a, b)
}

export function cidrsOverlapAny(a: AnyCidr, b: AnyCidr): boolean {
  const relation = cidrRelationAny(a, b)
  return relation !== 'disjoint' && relation !== 'other-family'
}
