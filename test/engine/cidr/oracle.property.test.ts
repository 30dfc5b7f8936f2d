/**
 * Property tests against an independent oracle: each property draws ≥1,000 random cases with
 * fast-check, sends them to ONE python3 process (test/engine/cidr/oracle.py, the standard
 * `ipaddress` module) and compares every answer. Cases are drawn with a fixed seed so a
 * failure is reproducible; the failing case is printed in full.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {type Cidr, formatCidr, parseCidr} from '../../../src/engine/cidr/cidr.js'
import {collapseCidrs} from '../../../src/engine/cidr/collapse.js'
import {allocateBlock, freeBlocks} from '../../../src/engine/cidr/free.js'
import {describeCidr} from '../../../src/engine/platform/cidr-info.js'
import {findOverlaps} from '../../../src/engine/cidr/overlaps.js'
import {splitByCount, splitByPrefix} from '../../../src/engine/cidr/split.js'
import {askPython} from './oracle.js'

const SEED = 20261126
const CASES = 1500

const octet = fc.oneof(fc.integer({min: 0, max: 255}), fc.constantFrom(0, 1, 127, 128, 254, 255))
const address = fc.tuple(octet, octet, octet, octet).map(([a, b, c, d]) => ((a * 256 + b) * 256 + c) * 256 + d)
const prefix = fc.integer({min: 0, max: 32})

function mask(network: number, length: number): number {
  return length === 0 ? 0 : network - (network % 2 ** (32 - length))
}

/** Any valid block (host bits cleared). */
const block = fc.tuple(address, prefix).map(([network, length]): Cidr => ({network: mask(network, length), prefix: length}))

function sample<T>(arbitrary: fc.Arbitrary<T>, count = CASES): T[] {
  return fc.sample(arbitrary, {numRuns: count, seed: SEED})
}

/** Compares our answers with Python's, reporting the first mismatch with its case. */
function expectAllEqual<C, A>(cases: C[], ours: (c: C) => A, python: A[]): void {
  for (let i = 0; i < cases.length; i++) {
    const mine = ours(cases[i]!)
    if (JSON.stringify(mine) !== JSON.stringify(python[i])) {
      expect({case: cases[i], ours: mine}).toEqual({case: cases[i], ours: python[i]})
    }
  }
}

describe('parse and info vs ipaddress.IPv4Network', () => {
  const dotted = fc.tuple(address, prefix).map(([a, p]) => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${p}`)
  const junk = fc.array(fc.constantFrom(...'0123456789./ :x-+'.split('')), {maxLength: 22}).map((chars) => chars.join(''))
  const digitsAndDots = fc.array(fc.constantFrom(...'0123456789../'.split('')), {minLength: 7, maxLength: 18}).map((chars) => chars.join(''))
  const texts = sample(fc.oneof({arbitrary: block.map(formatCidr), weight: 4}, dotted, dotted.map((t) => t.replace(/\/\d+$/, '/24')), junk, digitsAndDots, fc.string({maxLength: 24})), 3000)
  const answers = askPython<any>(texts.map((text) => ({op: 'info', text})))
  // forms Python also accepts that acknet refuses on purpose: a bare address (/32 implied),
  // a dotted netmask or leading zeros after the slash, surrounding spaces
  const canonical = /^\d{1,3}(\.\d{1,3}){3}\/(\d|[12]\d|3[0-2])$/

  it('accepts exactly what Python accepts in a.b.c.d/n form, with the same fields', () => {
    let accepted = 0
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!
      const python = answers[i]
      const mine = parseCidr(text)
      if (mine.ok) {
        accepted++
        const info = describeCidr(mine.cidr)
        expect({text, info: {cidr: info.cidr, network: info.network, prefix: info.prefix, first: info.first, last: info.last, total: info.total}}).toEqual({text, info: {...python, ok: undefined}})
      } else if (python.ok) {
        expect({text, acceptedByPythonOnlyInALooserForm: canonical.test(text)}).toEqual({text, acceptedByPythonOnlyInALooserForm: false})
      } else if (mine.suggestion !== undefined && canonical.test(text)) {
        // host bits set: our suggestion is Python's strict=False network
        expect({text, suggestion: mine.suggestion}).toEqual({text, suggestion: python.loose})
      }
    }
    expect(accepted).toBeGreaterThan(1000)
  })

  it('never throws on arbitrary text, including unicode and huge numbers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({maxLength: 40}), fc.string({unit: 'binary', maxLength: 40}), junk), (text) => {
        const result = parseCidr(text)
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0)
      }),
      {numRuns: 5000, seed: SEED},
    )
  })
})

describe('split vs IPv4Network.subnets', () => {
  it('--prefix lists every subnet in order', () => {
    const cases = sample(fc.tuple(block, fc.integer({min: 0, max: 8})).filter(([b, extra]) => b.prefix + extra <= 32).map(([b, extra]) => ({parent: b, prefix: b.prefix + extra})))
    const python = askPython<string[]>(cases.map((c) => ({op: 'split', parent: formatCidr(c.parent), prefix: c.prefix})))
    expectAllEqual(cases, (c) => splitByPrefix(c.parent, c.prefix).map(formatCidr), python)
  })

  it('--count N lists the first N of N-rounded-up-to-a-power-of-two equal parts', () => {
    const cases = sample(fc.tuple(block, fc.integer({min: 1, max: 300})).filter(([b, n]) => b.prefix + Math.ceil(Math.log2(n)) <= 32).map(([parent, count]) => ({parent, count})))
    const python = askPython<string[]>(cases.map((c) => ({op: 'count', parent: formatCidr(c.parent), count: c.count})))
    expectAllEqual(cases, (c) => splitByCount(c.parent, c.count).subnets.toArray().map(formatCidr), python)
  })
})

/** A parent block and blocks around it: inside, overlapping, containing and outside it. */
const parentAndNeighbours = fc.tuple(address, fc.integer({min: 4, max: 30})).chain(([a, p]) => {
  const parent: Cidr = {network: mask(a, p), prefix: p}
  const size = 2 ** (32 - p)
  const neighbour = fc.tuple(fc.integer({min: -size, max: 2 * size - 1}), fc.integer({min: Math.max(0, p - 3), max: Math.min(32, p + 10)})).map(([offset, q]): Cidr => {
    const raw = Math.min(2 ** 32 - 1, Math.max(0, parent.network + offset))
    return {network: mask(raw, q), prefix: q}
  })
  return fc.tuple(fc.constant(parent), fc.array(neighbour, {maxLength: 12}))
})

describe('free, collapse and allocation vs address_exclude / collapse_addresses', () => {
  it('free = parent minus every used block, collapsed', () => {
    const cases = sample(parentAndNeighbours)
    const python = askPython<string[]>(cases.map(([parent, used]) => ({op: 'free', parent: formatCidr(parent), used: used.map(formatCidr)})))
    expectAllEqual(cases, ([parent, used]) => freeBlocks(parent, used).map(formatCidr), python)
  })

  it('collapseCidrs = collapse_addresses', () => {
    const cases = sample(parentAndNeighbours.map(([parent, used]) => [parent, ...used]))
    const python = askPython<string[]>(cases.map((blocks) => ({op: 'collapse', blocks: blocks.map(formatCidr)})))
    expectAllEqual(cases, (blocks) => collapseCidrs(blocks).map(formatCidr), python)
  })

  it('allocateBlock = the first aligned subnet of that prefix that overlaps nothing used', () => {
    const cases = sample(parentAndNeighbours.chain(([parent, used]) => fc.tuple(fc.constant(parent), fc.constant(used), fc.integer({min: parent.prefix, max: Math.min(32, parent.prefix + 9)}))))
    const python = askPython<string | null>(cases.map(([parent, used, p]) => ({op: 'allocate', parent: formatCidr(parent), used: used.map(formatCidr), prefix: p})))
    expectAllEqual(cases, ([parent, used, p]) => {
      const found = allocateBlock(parent, p, used)
      return found ? formatCidr(found) : null
    }, python)
    expect(python.filter((answer) => answer === null).length).toBeGreaterThan(10)
  })
})

describe('overlaps vs IPv4Network.overlaps / subnet_of', () => {
  it('finds every overlapping pair with its relation', () => {
    // a small address space so that overlaps are common
    const near = fc.tuple(fc.integer({min: 0, max: 255}), fc.integer({min: 16, max: 24})).map(([third, p]): Cidr => ({network: mask(10 * 2 ** 24 + third * 256, p), prefix: p}))
    const cases = sample(fc.array(fc.oneof(near, block), {minLength: 0, maxLength: 10}))
    const python = askPython<Array<{a: number; b: number; relation: string}>>(cases.map((blocks) => ({op: 'overlaps', blocks: blocks.map(formatCidr)})))
    expectAllEqual(cases, (blocks) => findOverlaps(blocks), python)
    expect(python.filter((pairs) => pairs.length > 0).length).toBeGreaterThan(CASES / 2)
  })
})
