import {AcknetError} from '../../errors.js'
import {formatIpv6Cidr, type Ipv6Cidr, ipv6CidrSize} from './cidr6.js'
import {ipv6RangeToCidrs} from './range6.js'
import {MAX_SPLIT_SUBNETS} from './split.js'

/** IPv6 subnets of one longer prefix, computed on demand (the twin of `SubnetSequence`). */
export interface Ipv6SubnetSequence {
  readonly parent: Ipv6Cidr
  readonly prefix: number
  readonly length: number
  at(index: number): Ipv6Cidr
  toArray(): Ipv6Cidr[]
}

function sequence(parent: Ipv6Cidr, prefix: number, length: number): Ipv6SubnetSequence {
  const shift = BigInt(128 - prefix)
  return {
    parent,
    prefix,
    length,
    at: (index) => ({family: 6, network: parent.network + (BigInt(index) << shift), prefix}),
    toArray() {
      const step = 1n << shift
      const subnets = new Array<Ipv6Cidr>(length)
      let network = parent.network
      for (let i = 0; i < length; i++, network += step) subnets[i] = {family: 6, network, prefix}
      return subnets
    },
  }
}

/** Every subnet of `parent` with the longer `prefix`; exit 2 when the prefix is shorter or the list too long. */
export function ipv6SubnetSequence(parent: Ipv6Cidr, prefix: number): Ipv6SubnetSequence {
  if (!Number.isInteger(prefix) || prefix < parent.prefix || prefix > 128) {
    throw new AcknetError(`--prefix /${prefix} is shorter than ${formatIpv6Cidr(parent)} itself; use /${parent.prefix} to /128`)
  }
  if (prefix - parent.prefix > 20) {
    throw new AcknetError(`splitting ${formatIpv6Cidr(parent)} into /${prefix} gives 2^${prefix - parent.prefix} subnets; acknet lists at most ${MAX_SPLIT_SUBNETS.toLocaleString('en-US')} (use a prefix of /${parent.prefix + 20} or shorter)`)
  }
  return sequence(parent, prefix, 2 ** (prefix - parent.prefix))
}

export function splitIpv6ByPrefix(parent: Ipv6Cidr, prefix: number): Ipv6Cidr[] {
  return ipv6SubnetSequence(parent, prefix).toArray()
}

export interface Ipv6CountSplit {
  subnets: Ipv6SubnetSequence
  prefix: number
  parts: number
  remainder: Ipv6Cidr[]
}

/** `count` equal subnets: the first `count` of count-rounded-up-to-a-power-of-two parts (as `splitByCount`). */
export function splitIpv6ByCount(parent: Ipv6Cidr, count: number): Ipv6CountSplit {
  if (!Number.isInteger(count) || count < 1) throw new AcknetError(`--count must be a whole number ≥ 1, got ${count}`)
  let bits = 0
  while (2 ** bits < count) bits++
  const prefix = parent.prefix + bits
  if (prefix > 128) {
    throw new AcknetError(`${formatIpv6Cidr(parent)} cannot be split into ${count.toLocaleString('en-US')} subnets: it holds only ${ipv6CidrSize(parent).toLocaleString('en-US')} addresses`)
  }
  if (count > MAX_SPLIT_SUBNETS) throw new AcknetError(`--count ${count.toLocaleString('en-US')} is more than acknet lists (at most ${MAX_SPLIT_SUBNETS.toLocaleString('en-US')})`)
  const end = parent.network + ipv6CidrSize(parent) - 1n
  const firstFree = parent.network + (BigInt(count) << BigInt(128 - prefix))
  const remainder = firstFree <= end ? ipv6RangeToCidrs({start: firstFree, end}) : []
  return {subnets: sequence(parent, prefix, count), prefix, parts: 2 ** bits, remainder}
}
