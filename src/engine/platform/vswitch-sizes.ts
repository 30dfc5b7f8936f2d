import {AcknetError} from '../../errors.js'
import {type Cidr, cidrSize, formatCidr} from '../cidr/cidr.js'
import {VSWITCH_MASK, VSWITCH_RESERVED_ADDRESSES} from './rules.js'

// `acknet cidr split --sizes`: vSwitch blocks sized for host counts. It applies the vSwitch
// rules (mask /16–/29, 4 reserved), so it lives here rather than in the src/engine/cidr leaf.

/** The largest number of usable hosts one vSwitch can hold (a /16 minus the 4 reserved). */
export const MAX_VSWITCH_HOSTS = 2 ** (32 - VSWITCH_MASK.min) - VSWITCH_RESERVED_ADDRESSES

/**
 * The longest prefix whose vSwitch holds `hosts` usable addresses (2^(32−p) − 4 ≥ hosts).
 * Never longer than /29 (the smallest vSwitch), since 1 host already needs 5 addresses.
 */
export function prefixForHosts(hosts: number): number {
  let prefix = VSWITCH_MASK.max
  while (prefix > 0 && 2 ** (32 - prefix) - VSWITCH_RESERVED_ADDRESSES < hosts) prefix--
  return prefix
}

export interface SizedAllocation {
  /** The number of usable hosts asked for. */
  size: number
  cidr: Cidr
}

/**
 * Best-fit vSwitch blocks for host counts: each size gets the smallest block whose usable
 * addresses (total − 4) hold it; blocks are placed largest first, each aligned, from the start
 * of the parent, so no space is lost to alignment. Results come back in input order.
 * Throws exit 2 naming the first size (largest first) that does not fit.
 */
export function allocateBySizes(parent: Cidr, sizes: readonly number[]): SizedAllocation[] {
  for (const size of sizes) {
    if (!Number.isSafeInteger(size) || size < 1) throw new AcknetError(`--sizes takes whole numbers of hosts ≥ 1, got ${size}`)
    if (size > MAX_VSWITCH_HOSTS) {
      throw new AcknetError(`size ${size.toLocaleString('en-US')} does not fit one vSwitch: the largest (/${VSWITCH_MASK.min}) holds ${MAX_VSWITCH_HOSTS.toLocaleString('en-US')} usable addresses; split it over several`)
    }
  }
  const prefixes = sizes.map(prefixForHosts)
  // largest block first; equal blocks keep input order (the sort is stable)
  const order = sizes.map((_, index) => index).sort((a, b) => prefixes[a]! - prefixes[b]!)
  const parentEnd = parent.network + cidrSize(parent)
  const result = new Array<SizedAllocation>(sizes.length)
  // every block is no larger than the one before, so the cursor stays aligned for the next
  let cursor = parent.network
  for (const index of order) {
    const size = sizes[index]!
    const prefix = prefixes[index]!
    const blockSize = 2 ** (32 - prefix)
    if (cursor + blockSize > parentEnd) {
      const need = `size ${size.toLocaleString('en-US')} needs a /${prefix} (${(blockSize - VSWITCH_RESERVED_ADDRESSES).toLocaleString('en-US')} usable)`
      if (prefix < parent.prefix || cursor === parent.network) {
        throw new AcknetError(`${need}, more than ${formatCidr(parent)} holds (${cidrSize(parent).toLocaleString('en-US')} addresses)`)
      }
      // the cursor is a multiple of every block placed so far, so a block that does not fit
      // the rest of the parent only happens once the parent is full
      throw new AcknetError(`${need}, but the larger sizes already fill ${formatCidr(parent)}`)
    }
    result[index] = {size, cidr: {network: cursor, prefix}}
    cursor += blockSize
  }
  return result
}
