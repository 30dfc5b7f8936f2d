import {parseIpv4} from './ipv4.js'

/**
 * IPv6 addresses as one unsigned 128-bit BigInt (0n … 2^128−1). One BigInt measured as fast
 * as a pair of 64-bit BigInts for mask-and-compare (docs/cidr.md, "IPv6 representation") and
 * keeps the arithmetic (split steps, ranges) one expression.
 */
export type Ipv6 = bigint

export const IPV6_MAX: Ipv6 = (1n << 128n) - 1n

/** IPV6_MASKS[p] is the netmask of prefix length p (0–128), precomputed: masking is the hot path. */
const IPV6_MASKS: readonly bigint[] = Array.from({length: 129}, (_, prefix) => (prefix === 0 ? 0n : IPV6_MAX ^ ((1n << BigInt(128 - prefix)) - 1n)))

/** The netmask of a prefix length 0–128 (/0 → 0n, /128 → all ones). */
export function ipv6PrefixMask(prefix: number): Ipv6 {
  return IPV6_MASKS[prefix]!
}

/** The eight 16-bit groups while parsing (module scratch: parsing never re-enters). */
const groups = new Array<number>(8).fill(0)

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}

/**
 * Parses IPv6 text strictly (RFC 4291 §2.2): eight groups of 1–4 hex digits (either case),
 * at most one `::` standing for one or more zero groups, and an optional dotted-quad IPv4
 * tail in the last 32 bits (`::ffff:192.0.2.1`). Zone ids (`fe80::1%eth0`), spaces and
 * anything else give undefined; `ipv6Problem` says why.
 */
export function parseIpv6(text: string): Ipv6 | undefined {
  return parseIpv6Between(text, 0, text.length)
}

/** `parseIpv6` of `text.slice(from, to)` without the slice (the CIDR parser stops at the `/`). */
export function parseIpv6Between(text: string, from: number, to: number): Ipv6 | undefined {
  const n = to
  if (n - from < 2) return undefined
  let count = 0
  let gap = -1
  let i = from
  if (text.charCodeAt(i) === 58 /* : */) {
    // a leading colon is only allowed as the start of `::`
    if (text.charCodeAt(i + 1) !== 58) return undefined
    gap = 0
    i += 2
    if (i === n) return 0n
  }
  for (;;) {
    const start = i
    let value = 0
    let digit: number
    while (i < n && (digit = hexValue(text.charCodeAt(i))) >= 0) {
      value = value * 16 + digit
      i++
    }
    if (i < n && text.charCodeAt(i) === 46 /* . */) {
      // dotted-quad tail: takes the last two groups and must end the text
      if (count > 6) return undefined
      const ipv4 = parseIpv4(text.slice(start, n))
      if (ipv4 === undefined) return undefined
      groups[count++] = Math.floor(ipv4 / 65536)
      groups[count++] = ipv4 % 65536
      break
    }
    const digits = i - start
    if (digits === 0 || digits > 4 || count === 8) return undefined
    groups[count++] = value
    if (i === n) break
    if (text.charCodeAt(i) !== 58) return undefined
    i++
    if (i === n) return undefined // a single trailing colon
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return undefined // a second `::`
      gap = count
      i++
      if (i === n) break
    }
  }
  if (gap < 0) {
    if (count !== 8) return undefined
  } else {
    // `::` stands for at least one zero group
    if (count > 7) return undefined
    const tail = count - gap
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k]!
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0
  }
  return (
    (BigInt(groups[0]! * 65536 + groups[1]!) << 96n) |
    (BigInt(groups[2]! * 65536 + groups[3]!) << 64n) |
    (BigInt(groups[4]! * 65536 + groups[5]!) << 32n) |
    BigInt(groups[6]! * 65536 + groups[7]!)
  )
}

/** Why `text` is not an IPv6 address (called only after `parseIpv6` refused it). */
export function ipv6Problem(text: string): string {
  const zone = text.indexOf('%')
  if (zone >= 0) return `has a zone id (${text.slice(zone)}); a zone names a link, not part of a block: drop it`
  const bad = /[^0-9A-Fa-f:.]/.exec(text)
  if (bad) return `has ${bad[0] === ' ' ? 'a space' : JSON.stringify(bad[0])} where only hex digits, ":" and "." belong`
  const doubles = text.split('::').length - 1
  if (text.includes(':::')) return 'has ":::"; use "::" once for a run of zero groups'
  if (doubles > 1) return 'has "::" more than once (it may stand for one run of zero groups only)'
  if (text.startsWith(':') && !text.startsWith('::')) return 'starts with a single ":"'
  if (text.endsWith(':') && !text.endsWith('::')) return 'ends with a single ":"'
  const parts = text.split(':')
  const last = parts[parts.length - 1]!
  if (last.includes('.')) {
    if (parseIpv4(last) === undefined) return `ends in ${JSON.stringify(last)}, which is not a dotted-quad IPv4 address`
  }
  for (const [index, part] of parts.entries()) {
    if (part.includes('.') && index !== parts.length - 1) return `has an IPv4 part ${JSON.stringify(part)} that is not at the end`
    if (!part.includes('.') && part.length > 4) return `has a group ${JSON.stringify(part)} with more than 4 hex digits`
  }
  const groupCount = parts.filter((part) => part !== '').length + (last.includes('.') ? 1 : 0)
  if (doubles === 0) return `has ${groupCount} groups; an IPv6 address has 8 (or uses "::" for zero groups)`
  return `has ${groupCount} groups besides "::", which must stand for at least one; at most 7 are allowed`
}

/**
 * RFC 5952 §4 canonical text: lowercase hex, no leading zeros, the longest run of two or more
 * zero groups as `::` (the leftmost on a tie), a lone zero group written `0`. IPv4-mapped
 * addresses are written in hex too (`::ffff:c000:201`), as Python 3.11's ipaddress does
 * (RFC 5952 §5's dotted tail is a SHOULD that acknet does not apply).
 */
export function formatIpv6(address: Ipv6): string {
  // four exact 32-bit words (a Number holds 53 bits, so not two 64-bit halves)
  const words0 = Number(address >> 96n)
  const words1 = Number((address >> 64n) & 0xffffffffn)
  const words2 = Number((address >> 32n) & 0xffffffffn)
  const words3 = Number(address & 0xffffffffn)
  const parts = formatGroups
  parts[0] = Math.floor(words0 / 65536)
  parts[1] = words0 % 65536
  parts[2] = Math.floor(words1 / 65536)
  parts[3] = words1 % 65536
  parts[4] = Math.floor(words2 / 65536)
  parts[5] = words2 % 65536
  parts[6] = Math.floor(words3 / 65536)
  parts[7] = words3 % 65536
  // the longest run of two or more zero groups, the leftmost on a tie
  let bestStart = -1
  let bestLength = 1
  for (let k = 0; k < 8; ) {
    if (parts[k] !== 0) {
      k++
      continue
    }
    let end = k + 1
    while (end < 8 && parts[end] === 0) end++
    if (end - k > bestLength) {
      bestStart = k
      bestLength = end - k
    }
    k = end
  }
  let text = ''
  for (let k = 0; k < 8; k++) {
    if (k === bestStart) {
      text += '::'
      k += bestLength - 1
      continue
    }
    if (text !== '' && !text.endsWith(':')) text += ':'
    text += parts[k]!.toString(16)
  }
  return text
}

/** Scratch groups for formatIpv6 (never re-entered). */
const formatGroups = new Array<number>(8).fill(0)
