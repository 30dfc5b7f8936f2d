import {AcknetError} from '../../errors.js'
import {type AnyCidr, parseCidrAny} from './any.js'
import {type Cidr, parseCidr} from './cidr.js'

/** Splits `a,b c` on commas and whitespace, dropping empty entries (a trailing comma is fine). */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '')
}

/**
 * Parses a comma-separated CIDR list from a flag or arguments; a bad entry is an exit-2
 * error that names where it came from (`--used`) and the entry itself.
 */
export function requireCidrList(texts: string | readonly string[], source: string): Cidr[] {
  const entries = (typeof texts === 'string' ? [texts] : texts).flatMap(splitList)
  if (entries.length === 0) throw new AcknetError(`${source} needs at least one CIDR block, e.g. 10.0.0.0/16`)
  return entries.map((entry) => {
    const result = parseCidr(entry)
    if (!result.ok) throw new AcknetError(`${source}: ${result.message}`)
    return result.cidr
  })
}

/** `requireCidrList` for blocks of either family (IPv4 or IPv6, mixed). */
export function requireCidrListAny(texts: string | readonly string[], source: string): AnyCidr[] {
  const entries = (typeof texts === 'string' ? [texts] : texts).flatMap(splitList)
  if (entries.length === 0) throw new AcknetError(`${source} needs at least one CIDR block, e.g. 10.0.0.0/16 or 2001:db8::/56`)
  return entries.map((entry) => {
    const result = parseCidrAny(entry)
    if (!result.ok) throw new AcknetError(`${source}: ${result.message}`)
    return result.cidr
  })
}

/** Parses `a,b,c` whole numbers ≥ 1 (host counts); an entry like `1e3` or `-5` names itself. */
export function requireCountList(text: string, source: string): number[] {
  const entries = splitList(text)
  if (entries.length === 0) throw new AcknetError(`${source} needs at least one number, e.g. ${source} 500,200,50`)
  return entries.map((entry) => {
    if (!/^[0-9]{1,10}$/.test(entry) || Number(entry) < 1) {
      throw new AcknetError(`${source}: ${JSON.stringify(entry.length > 30 ? entry.slice(0, 27) + '...' : entry)} is not a host count (a whole number ≥ 1)`)
    }
    return Number(entry)
  })
}

/** Parses a prefix length `24` or `/24` (0–32; 0–128 with `max` 128 for IPv6). */
export function requirePrefixLength(text: string, source: string, max: 32 | 128 = 32): number {
  const digits = text.startsWith('/') ? text.slice(1) : text
  if (!(max === 32 ? /^[0-9]{1,2}$/ : /^[0-9]{1,3}$/).test(digits) || Number(digits) > max) {
    const example = max === 32 ? '24 or /24' : '64 or /64'
    throw new AcknetError(`${source} must be a prefix length 0–${max} (e.g. ${example}), got ${JSON.stringify(text.length > 30 ? text.slice(0, 27) + '...' : text)}`)
  }
  return Number(digits)
}

/** Parses one whole number ≥ 1. */
export function requireCount(text: string, source: string): number {
  if (!/^[0-9]{1,10}$/.test(text) || Number(text) < 1) throw new AcknetError(`${source} must be a whole number ≥ 1, got ${JSON.stringify(text.length > 30 ? text.slice(0, 27) + '...' : text)}`)
  return Number(text)
}
