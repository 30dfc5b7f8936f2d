import {AcknetError, type SourcePosition} from '../../errors.js'
import {formatIpv4, type Ipv4, parseIpv4, prefixMask} from './ipv4.js'

/**
 * An IPv4 block: network address (host bits clear) and prefix length. `family` is normally
 * absent (IPv4 code builds `{network, prefix}`); it exists so that `Cidr | Ipv6Cidr`
 * (`AnyCidr`, any.ts) narrows on `family === 6`.
 */
export interface Cidr {
  readonly family?: 4
  readonly network: Ipv4
  readonly prefix: number
}

export type CidrParseResult =
  | {ok: true; cidr: Cidr}
  | {ok: false; message: string; /** the network form when only host bits were wrong */ suggestion?: string}

/**
 * Parses `a.b.c.d/n`. Host bits set is an error that names the network form, because a
 * silently truncated block is the classic way to plan the wrong range.
 */
export function parseCidr(text: string): CidrParseResult {
  if (typeof text !== 'string') return {ok: false, message: `${JSON.stringify(text)} is not a CIDR block (expected text like 10.0.0.0/16)`}
  const slash = text.indexOf('/')
  if (slash < 0) {
    const bare = parseIpv4(text)
    if (bare !== undefined) return {ok: false, message: `${text} has no prefix length; did you mean ${text}/32?`, suggestion: `${text}/32`}
    return {ok: false, message: `${quote(text)} is not a CIDR block (expected a.b.c.d/n, e.g. 10.0.0.0/16)`}
  }
  const addressText = text.slice(0, slash)
  const prefixText = text.slice(slash + 1)
  const address = parseIpv4(addressText)
  if (address === undefined) {
    if (addressText.includes(':')) return {ok: false, message: `${quote(text)} is an IPv6 block; acknet plans IPv4 CIDRs only here`}
    return {ok: false, message: `${quote(text)} is not a CIDR block: ${quote(addressText)} is not an IPv4 address`}
  }
  if (!/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(prefixText)) {
    return {ok: false, message: `${quote(text)} is not a CIDR block: prefix length must be 0–32, got ${quote(prefixText)}`}
  }
  const prefix = Number(prefixText)
  const network = (address & prefixMask(prefix)) >>> 0
  if (network !== address) {
    const suggestion = `${formatIpv4(network)}/${prefix}`
    return {ok: false, message: `${text} has host bits set; did you mean ${suggestion}?`, suggestion}
  }
  return {ok: true, cidr: {network, prefix}}
}

/** Parses or throws an exit-2 AcknetError carrying the message (and position, when given). */
export function requireCidr(text: string, position?: SourcePosition): Cidr {
  const result = parseCidr(text)
  if (!result.ok) throw new AcknetError(result.message, {position})
  return result.cidr
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`
}

/** Number of addresses in the block (2^(32−prefix)); exact up to /0. */
export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix)
}

export function firstAddress(cidr: Cidr): Ipv4 {
  return cidr.network
}

export function lastAddress(cidr: Cidr): Ipv4 {
  return cidr.network + cidrSize(cidr) - 1
}

/** True when `inner` lies completely inside `outer` (equal counts as inside). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && ((inner.network & prefixMask(outer.prefix)) >>> 0) === outer.network
}

export function cidrContainsAddress(block: Cidr, address: Ipv4): boolean {
  return ((address & prefixMask(block.prefix)) >>> 0) === block.network
}

/** Two aligned blocks overlap exactly when one contains the other. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.prefix <= b.prefix ? cidrContains(a, b) : cidrContains(b, a)
}

export type CidrRelation = 'equal' | 'contains' | 'inside' | 'disjoint'

/** How `a` relates to `b`: `contains` means a ⊃ b, `inside` means a ⊂ b. */
export function cidrRelation(a: Cidr, b: Cidr): CidrRelation {
  if (a.network === b.network && a.prefix === b.prefix) return 'equal'
  if (cidrContains(a, b)) return 'contains'
  if (cidrContains(b, a)) return 'inside'
  return 'disjoint'
}

export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return a.network === b.network && a.prefix === b.prefix
}

/** Sort order: by network address, then larger block (shorter prefix) first. */
export function compareCidrs(a: Cidr, b: Cidr): number {
  return a.network - b.network || a.prefix - b.prefix
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? text.slice(0, 57) + '...' : text)
}
