/**
 * Block allocation for the planner on top of the CIDR engine's `allocateBlock`: preferred
 * blocks first (the ACK defaults), then the first free aligned block of each parent.
 */
import {type Cidr, cidrContains, cidrsOverlap} from '../cidr/cidr.js'
import {prefixMask} from '../cidr/ipv4.js'
import {allocateBlock} from '../cidr/free.js'

/**
 * The first of `preferred` network addresses (taken at `prefix`) that is aligned and free,
 * else the first free aligned block in each of `parents` in turn.
 */
export function pickBlock(prefix: number, preferred: readonly number[], parents: readonly Cidr[], used: readonly Cidr[]): Cidr | undefined {
  for (const network of preferred) {
    const block = {network: (network & prefixMask(prefix)) >>> 0, prefix}
    if (block.network !== network) continue
    if (!parents.some((parent) => cidrContains(parent, block))) continue
    if (!used.some((u) => cidrsOverlap(u, block))) return block
  }
  for (const parent of parents) {
    if (parent.prefix > prefix) continue
    const block = allocateBlock(parent, prefix, used)
    if (block) return block
  }
  return undefined
}

/**
 * Packs blocks of the given prefixes into `parent`, largest first so every block stays
 * aligned with no gaps (the buddy property); returns them in input order, or undefined when
 * they do not fit.
 */
export function packBlocks(parent: Cidr, prefixes: readonly number[]): Cidr[] | undefined {
  const order = prefixes.map((prefix, index) => ({prefix, index})).sort((a, b) => a.prefix - b.prefix || a.index - b.index)
  const out: Cidr[] = new Array(prefixes.length)
  let offset = 0
  const size = 2 ** (32 - parent.prefix)
  for (const {prefix, index} of order) {
    if (prefix < parent.prefix) return undefined
    const blockSize = 2 ** (32 - prefix)
    if (offset + blockSize > size) return undefined
    out[index] = {network: parent.network + offset, prefix}
    offset += blockSize
  }
  return out
}
