import {AcknetError} from '../../errors.js'
import {type Cidr, cidrSize, formatCidr} from './cidr.js'
import {rangeToCidrs} from './range.js'

/**
 * Most subnets one split may list. /8 → /24 (65,536) is the usual large case; the cap keeps
 * a typo such as /0 → /32 (4 billion lines) from exhausting memory.
 */
export const MAX_SPLIT_SUBNETS = 2 ** 20

/**
 * The subnets of a block with one longer prefix, in address order, computed on demand: the
 * CLI streams a 1,048,576-line split without holding a million objects.
 */
export interface SubnetSequence {
  readonly parent: Cidr
  readonly prefix: number
  readonly length: number
  at(index: number): Cidr
  toArray(): Cidr[]
}

function sequence(parent: Cidr, prefix: number, length: number): SubnetSequence {
  const step = 2 ** (32 - prefix)
  return {
    parent,
    prefix,
    length,
    at: (index) => ({network: parent.network + index * step, prefix}),
    toArray() {
      const subnets = new Array<Cidr>(length)
      for (let i = 0, network = parent.network; i < length; i++, network += step) subnets[i] = {network, prefix}
      return subnets
    },
  }
}

/** Every subnet of `parent` with the longer `prefix`; exit 2 when the prefix is shorter or the list too long. */
export function subnetSequence(parent: Cidr, prefix: number): SubnetSequence {
  if (!Number.isInteger(prefix) || prefix < parent.prefix || prefix > 32) {
    throw new AcknetError(`--prefix /${prefix} is shorter than ${formatCidr(parent)} itself; use /${parent.prefix} to /32`)
  }
  const count = 2 ** (prefix - parent.prefix)
  if (count > MAX_SPLIT_SUBNETS) {
    throw new AcknetError(`splitting ${formatCidr(parent)} into /${prefix} gives ${count.toLocaleString('en-US')} subnets; acknet lists at most ${MAX_SPLIT_SUBNETS.toLocaleString('en-US')} (use a prefix of /${parent.prefix + 20} or shorter)`)
  }
  return sequence(parent, prefix, count)
}

/** The subnets of `parent` with the longer `prefix`, in address order. */
export function splitByPrefix(parent: Cidr, prefix: number): Cidr[] {
  return subnetSequence(parent, prefix).toArray()
}

/** Result of splitting into a number of equal parts. */
export interface CountSplit {
  /** The first `count` parts, in address order. */
  subnets: SubnetSequence
  /** The prefix of each part: the parent divided into `count` rounded up to a power of two. */
  prefix: number
  /** How many equal parts the parent was divided into (count rounded up to a power of two). */
  parts: number
  /** The space after the listed parts (left free), as the minimal CIDR list. */
  remainder: Cidr[]
}

/**
 * `count` equal subnets: the parent is divided into the smallest power of two ≥ count parts
 * (CIDR blocks can only halve) and the first `count` are returned; the rest stay free.
 */
export function splitByCount(parent: Cidr, count: number): CountSplit {
  if (!Number.isInteger(count) || count < 1) throw new AcknetError(`--count must be a whole number ≥ 1, got ${count}`)
  let bits = 0
  while (2 ** bits < count) bits++
  const prefix = parent.prefix + bits
  if (prefix > 32) {
    throw new AcknetError(`${formatCidr(parent)} cannot be split into ${count.toLocaleString('en-US')} subnets: it holds only ${cidrSize(parent).toLocaleString('en-US')} addresses`)
  }
  if (count > MAX_SPLIT_SUBNETS) throw new AcknetError(`--count ${count.toLocaleString('en-US')} is more than acknet lists (at most ${MAX_SPLIT_SUBNETS.toLocaleString('en-US')})`)
  const step = 2 ** (32 - prefix)
  const end = parent.network + cidrSize(parent) - 1
  const firstFree = parent.network + count * step
  const remainder = firstFree <= end ? rangeToCidrs({start: firstFree, end}) : []
  return {subnets: sequence(parent, prefix, count), prefix, parts: 2 ** bits, remainder}
}
