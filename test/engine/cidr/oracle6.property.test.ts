/**
 * IPv6 property tests against Python's `ipaddress` (IPv6Address / IPv6Network), the same way as
 * oracle.property.test.ts: fast-check draws the cases with a fixed seed, ONE python3 process per
 * property answers them (oracle.py with "family": 6), every answer is compared.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {type AnyCidr, formatCidrAny} from '../../../src/engine/cidr/any.js'
import {formatIpv6Cidr, type Ipv6Cidr, parseIpv6Cidr} from '../../../src/engine/cidr/cidr6.js'
import {allocateIpv6Block, ipv6FreeBlocks} from '../../../src/engine/cidr/free6.js'
import {formatIpv6, ipv6PrefixMask, ipv6Problem, parseIpv6} from '../../../src/engine/cidr/ipv6.js'
import {findIpv6Overlaps, findOverlapsAny} from '../../../src/engine/cidr/overlaps.js'
import {collapseIpv6Cidrs} from '../../../src/engine/cidr/range6.js'
import {splitIpv6ByCount, splitIpv6ByPrefix} from '../../../src/engine/cidr/split6.js'
import {describeIpv6Cidr} from '../../../src/engine/platform/cidr-info.js'
import {askPython} from './oracle.js'

const SEED = 20261203
const CASES = 2000

/** Zero groups are common so that `::` runs of every length and position occur. */
const group = fc.oneof({arbitrary: fc.constant(0), weight: 5}, {arbitrary: fc.integer({min: 0, max: 0xffff}), weight: 4}, fc.constantFrom(1, 0xffff, 0xfe80, 0x2408, 0xdb8))
const groups = fc.array(group, {minLength: 8, maxLength: 8})
const fromGroups = (g: readonly number[]): bigint => g.reduce((value, part) => (value << 16n) | BigInt(part), 0n)
const address = groups.map(fromGroups)
const prefix = fc.oneof(fc.integer({min: 0, max: 128}), fc.constantFrom(48, 56, 64, 64, 128))
const block = fc.tuple(address, prefix).map(([network, length]): Ipv6Cidr => ({family: 6, network: network & ipv6PrefixMask(length), prefix: length}))

/**
 * Any RFC 4291 text for eight groups: optional leading zeros, mixed case, `::` over any zero
 * run (the longest or not, one group or several) or none, and sometimes a dotted-quad tail.
 */
const textForm = fc.tuple(groups, fc.array(fc.integer({min: 0, max: 3}), {minLength: 8, maxLength: 8}), fc.constantFrom('lower', 'upper', 'mixed'), fc.nat(), fc.boolean(), fc.boolean()).map(([g, pads, letterCase, runPick, compress, dotted]) => {
  let parts = g.map((part, index) => part.toString(16).padStart(Math.min(4, part.toString(16).length + pads[index]!), '0'))
  if (letterCase === 'upper') parts = parts.map((part) => part.toUpperCase())
  if (letterCase === 'mixed') parts = parts.map((part, index) => (index % 2 ? part.toUpperCase() : part))
  const tailDotted = dotted ? `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}` : undefined
  const head = tailDotted ? parts.slice(0, 6) : parts
  const runs: Array<[number, number]> = []
  for (let i = 0; i < head.length; i++) {
    if (g[i] !== 0) continue
    for (let end = i; end < head.length && g[end] === 0; end++) runs.push([i, end + 1])
  }
  let text = head.join(':')
  if (compress && runs.length > 0) {
    const [start, end] = runs[runPick % runs.length]!
    text = `${head.slice(0, start).join(':')}::${head.slice(end).join(':')}`
    if (tailDotted) text += end === head.length ? tailDotted : `:${tailDotted}`
  } else if (tailDotted) {
    text += `:${tailDotted}`
  }
  return text
})

/** Near misses: characters of IPv6 text in random order, plus zone ids and spaces. */
const junk = fc.array(fc.constantFrom(...'0123456789abcdefABCDEFg::::..%/ '.split('')), {minLength: 1, maxLength: 30}).map((chars) => chars.join(''))
const mutated = fc.tuple(textForm, fc.nat(), fc.constantFrom(':', '::', '.', 'g', '0', '00000', '%eth0', ' ', '', '1.2.3.4')).map(([text, at, insert]) => {
  const position = at % (text.length + 1)
  return text.slice(0, position) + insert + text.slice(position + (insert === '' ? 1 : 0))
})

function sample<T>(arbitrary: fc.Arbitrary<T>, count = CASES): T[] {
  return fc.sample(arbitrary, {numRuns: count, seed: SEED})
}

function expectAllEqual<C, A>(cases: C[], ours: (c: C) => A, python: A[]): void {
  for (let i = 0; i < cases.length; i++) {
    const mine = ours(cases[i]!)
    if (JSON.stringify(mine, (_, value) => (typeof value === 'bigint' ? value.toString() : value)) !== JSON.stringify(python[i])) {
      expect({case: String(JSON.stringify(cases[i], (_, value) => (typeof value === 'bigint' ? value.toString() : value))), ours: mine}).toEqual({case: String(JSON.stringify(cases[i], (_, value) => (typeof value === 'bigint' ? value.toString() : value))), ours: python[i]})
    }
  }
}

describe('IPv6 address text vs ipaddress.IPv6Address', () => {
  const texts = sample(fc.oneof({arbitrary: textForm, weight: 5}, {arbitrary: mutated, weight: 3}, junk, address.map(formatIpv6)), 4000)
  const python = askPython<string | null>(texts.map((text) => ({op: 'address', text, family: 6})))

  it('accepts what Python accepts (zone ids excepted, on purpose) and prints the same RFC 5952 text', () => {
    let accepted = 0
    let refused = 0
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!
      const mine = parseIpv6(text)
      const expected = python[i]
      if (mine === undefined) {
        refused++
        // Python 3.9+ accepts `fe80::1%eth0`; acknet refuses zone ids (they name a link, not a block)
        if (expected !== null) expect({text, refusedBecause: ipv6Problem(text)}).toEqual({text, refusedBecause: expect.stringMatching(/zone id/)})
        else expect(ipv6Problem(text).length).toBeGreaterThan(5)
      } else {
        accepted++
        // Python ≥ 3.13 writes IPv4-mapped addresses with a dotted tail; same value either way
        const same = expected !== null && expected.includes('.') ? formatIpv6(parseIpv6(expected)!) : expected
        expect({text, canonical: formatIpv6(mine)}).toEqual({text, canonical: same})
      }
    }
    expect(accepted).toBeGreaterThan(2000)
    expect(refused).toBeGreaterThan(500)
  })

  it('canonical text parses back to the same address and is its own canonical form', () => {
    fc.assert(
      fc.property(address, (value) => {
        const text = formatIpv6(value)
        expect(parseIpv6(text)).toBe(value)
        expect(formatIpv6(parseIpv6(text)!)).toBe(text)
        expect(text).toBe(text.toLowerCase())
        expect(text.split('::').length).toBeLessThanOrEqual(2)
      }),
      {numRuns: 3000, seed: SEED},
    )
  })
})

describe('IPv6 blocks: parse and info vs IPv6Network', () => {
  const withPrefix = fc.tuple(textForm, fc.oneof(prefix.map(String), fc.constantFrom('064', '129', '-1', '', '1e2', ' 64')))
  const texts = sample(fc.oneof({arbitrary: block.map(formatIpv6Cidr), weight: 4}, withPrefix.map(([text, length]) => `${text}/${length}`), mutated.map((text) => `${text}/64`), junk), 3000)
  const python = askPython<any>(texts.map((text) => ({op: 'info', text, family: 6})))

  it('accepts exactly the x::/n texts Python accepts, with the same network, first, last and total', () => {
    let accepted = 0
    let hostBits = 0
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!
      const answer = python[i]
      const mine = parseIpv6Cidr(text)
      if (mine.ok) {
        accepted++
        const info = describeIpv6Cidr(mine.cidr)
        expect({text, info: {ok: true, cidr: info.cidr, network: info.network, prefix: info.prefix, first: info.first, last: info.last, total: info.total}}).toEqual({text, info: answer})
      } else if (answer.ok) {
        // looser forms Python takes that acknet refuses on purpose: zone id, bare address, /064
        const prefixText = text.slice(text.indexOf('/') + 1)
        expect({text, looserForm: text.includes('%') || !text.includes('/') || /^0\d/.test(prefixText)}).toEqual({text, looserForm: true})
      } else if (mine.suggestion !== undefined && text.includes('/')) {
        hostBits++
        expect({text, suggestion: mine.suggestion}).toEqual({text, suggestion: answer.loose})
      }
    }
    expect(accepted).toBeGreaterThan(1000)
    expect(hostBits).toBeGreaterThan(100)
  })
})

describe('IPv6 split vs IPv6Network.subnets', () => {
  it('--prefix lists every subnet in order', () => {
    const cases = sample(fc.tuple(block, fc.integer({min: 0, max: 8})).filter(([b, extra]) => b.prefix + extra <= 128).map(([parent, extra]) => ({parent, prefix: parent.prefix + extra})))
    const python = askPython<string[]>(cases.map((c) => ({op: 'split', parent: formatIpv6Cidr(c.parent), prefix: c.prefix, family: 6})))
    expectAllEqual(cases, (c) => splitIpv6ByPrefix(c.parent, c.prefix).map(formatIpv6Cidr), python)
  })

  it('--count N lists the first N of N-rounded-up-to-a-power-of-two equal parts', () => {
    const cases = sample(fc.tuple(block, fc.integer({min: 1, max: 300})).filter(([b, n]) => b.prefix + Math.ceil(Math.log2(n)) <= 128).map(([parent, count]) => ({parent, count})))
    const python = askPython<string[]>(cases.map((c) => ({op: 'count', parent: formatIpv6Cidr(c.parent), count: c.count, family: 6})))
    expectAllEqual(cases, (c) => splitIpv6ByCount(c.parent, c.count).subnets.toArray().map(formatIpv6Cidr), python)
  })
})

/** A parent block and blocks around it: inside, containing, outside (offsets within ±1 parent size). */
const parentAndNeighbours = fc.tuple(address, fc.oneof(fc.integer({min: 4, max: 126}), fc.constantFrom(48, 56, 64))).chain(([a, p]) => {
  const parent: Ipv6Cidr = {family: 6, network: a & ipv6PrefixMask(p), prefix: p}
  const size = 1n << BigInt(128 - p)
  const neighbour = fc.tuple(fc.bigInt({min: -size, max: 2n * size - 1n}), fc.integer({min: Math.max(0, p - 3), max: Math.min(128, p + 10)})).map(([offset, q]): Ipv6Cidr => {
    let raw = parent.network + offset
    if (raw < 0n) raw = 0n
    if (raw > (1n << 128n) - 1n) raw = (1n << 128n) - 1n
    return {family: 6, network: raw & ipv6PrefixMask(q), prefix: q}
  })
  return fc.tuple(fc.constant(parent), fc.array(neighbour, {maxLength: 12}))
})

describe('IPv6 free, collapse and allocation vs address_exclude / collapse_addresses', () => {
  it('free = parent minus every used block, collapsed', () => {
    const cases = sample(parentAndNeighbours)
    const python = askPython<string[]>(cases.map(([parent, used]) => ({op: 'free', parent: formatIpv6Cidr(parent), used: used.map(formatIpv6Cidr), family: 6})))
    expectAllEqual(cases, ([parent, used]) => ipv6FreeBlocks(parent, used).map(formatIpv6Cidr), python)
    expect(python.filter((free) => free.length > 3).length).toBeGreaterThan(CASES / 10)
  })

  it('collapseIpv6Cidrs = collapse_addresses', () => {
    const cases = sample(parentAndNeighbours.map(([parent, used]) => [parent, ...used]))
    const python = askPython<string[]>(cases.map((blocks) => ({op: 'collapse', blocks: blocks.map(formatIpv6Cidr), family: 6})))
    expectAllEqual(cases, (blocks) => collapseIpv6Cidrs(blocks).map(formatIpv6Cidr), python)
  })

  it('allocateIpv6Block = the first aligned subnet of that prefix that overlaps nothing used', () => {
    const cases = sample(parentAndNeighbours.chain(([parent, used]) => fc.tuple(fc.constant(parent), fc.constant(used), fc.integer({min: parent.prefix, max: Math.min(128, parent.prefix + 9)}))))
    const python = askPython<string | null>(cases.map(([parent, used, p]) => ({op: 'allocate', parent: formatIpv6Cidr(parent), used: used.map(formatIpv6Cidr), prefix: p, family: 6})))
    expectAllEqual(cases, ([parent, used, p]) => {
      const found = allocateIpv6Block(parent, p, used)
      return found ? formatIpv6Cidr(found) : null
    }, python)
    expect(python.filter((answer) => answer === null).length).toBeGreaterThan(10)
  })
})

describe('IPv6 overlaps vs IPv6Network.overlaps / subnet_of', () => {
  // a small corner of the space (one /48) so that overlaps are common
  const near = fc.tuple(fc.integer({min: 0, max: 31}), fc.integer({min: 49, max: 60})).map(([third, p]): Ipv6Cidr => ({family: 6, network: (0x24084005n << 96n | BigInt(third) << 72n) & ipv6PrefixMask(p), prefix: p}))

  it('finds every overlapping pair with its relation', () => {
    const cases = sample(fc.array(fc.oneof({arbitrary: near, weight: 3}, block), {maxLength: 10}))
    const python = askPython<Array<{a: number; b: number; relation: string}>>(cases.map((blocks) => ({op: 'overlaps', blocks: blocks.map(formatIpv6Cidr), family: 6})))
    expectAllEqual(cases, (blocks) => findIpv6Overlaps(blocks), python)
    expect(python.filter((pairs) => pairs.length > 0).length).toBeGreaterThan(CASES / 2)
  })

  it('mixed IPv4 and IPv6 lists: pairs within each family only, in argument order', () => {
    const ipv4 = fc.tuple(fc.integer({min: 0, max: 255}), fc.integer({min: 16, max: 24})).map(([third, p]): AnyCidr => ({network: (10 * 2 ** 24 + third * 256) - ((10 * 2 ** 24 + third * 256) % 2 ** (32 - p)), prefix: p}))
    const cases = sample(fc.array(fc.oneof(near, ipv4), {maxLength: 10}))
    const python = askPython<Array<{a: number; b: number; relation: string}>>(cases.map((blocks) => ({op: 'overlaps', blocks: blocks.map(formatCidrAny), family: 'any'})))
    expectAllEqual(cases, (blocks) => findOverlapsAny(blocks), python)
  })
})
