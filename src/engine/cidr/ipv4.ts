/**
 * IPv4 addresses as unsigned 32-bit integers held in JS numbers (0 … 2^32−1).
 * Hot loops (route lookup, overlap checks on thousands of blocks) use these directly.
 */
export type Ipv4 = number

export const IPV4_MAX = 0xffffffff

/** Parses dotted-quad text strictly: four decimal octets 0–255, no leading zeros, no spaces. */
export function parseIpv4(text: string): Ipv4 | undefined {
  let value = 0
  let octet = 0
  let digits = 0
  let dots = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 46 /* . */) {
      if (digits === 0 || dots === 3) return undefined
      value = value * 256 + octet
      octet = 0
      digits = 0
      dots++
    } else if (code >= 48 && code <= 57) {
      // a leading zero is ambiguous (octal in some tools), so it is rejected like Python does
      if (digits > 0 && octet === 0) return undefined
      octet = octet * 10 + (code - 48)
      digits++
      if (octet > 255) return undefined
    } else {
      return undefined
    }
  }
  if (digits === 0 || dots !== 3) return undefined
  return value * 256 + octet
}

export function formatIpv4(address: Ipv4): string {
  return `${(address >>> 24) & 255}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`
}

/** The netmask of a prefix length as an unsigned integer (/0 → 0, /32 → 255.255.255.255). */
export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
}
