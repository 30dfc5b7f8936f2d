import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {type Cidr, cidrsOverlap, cidrContains, formatCidr, requireCidr} from '../../../src/engine/cidr/cidr.js'
import {collapseCidrs} from '../../../src/engine/cidr/collapse.js'
import {allocateBlock, freeBlocks, freeSpace, totalAddresses} from '../../../src/engine/cidr/free.js'
import {requireCidrList, requireCount, requireCountList, requirePrefixLength} from '../../../src/engine/cidr/list.js'
import {findOverlaps} from '../../../src/engine/cidr/overlaps.js'
import {MAX_SPLIT_SUBNETS, splitByCount, splitByPrefix} from '../../../src/engine/cidr/split.js'
import {allocateBySizes, prefixForHosts} from '../../../src/engine/platform/vswitch-sizes.js'
import {AcknetError} from '../../../src/errors.js'

const c = requireCidr
const texts = (blocks: readonly Cidr[]): string[] => blocks.map(formatCidr)

describe('splitByPrefix', () => {
  it('splits a /16 into four /18s in address order', () => {
    expect(texts(splitByPrefix(c('10.0.0.0/16'), 18))).toEqual(['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18', '10.0.192.0/18'])
  })

  it('returns the block itself for its own prefix, and /32s at the top of the address space', () => {
    expect(texts(splitByPrefix(c('10.0.0.0/16'), 16))).toEqual(['10.0.0.0/16'])
    expect(texts(splitByPrefix(c('255.255.255.252/30'), 32))).toEqual(['255.255.255.252/32', '255.255.255.253/32', '255.255.255.254/32', '255.255.255.255/32'])
  })

  it('splits a /8 into 65,536 /24s, last one 10.255.255.0/24', () => {
    const subnets = splitByPrefix(c('10.0.0.0/8'), 24)
    expect(subnets).toHaveLength(65_536)
    expect(formatCidr(subnets[256]!)).toBe('10.1.0.0/24')
    expect(formatCidr(subnets[65_535]!)).toBe('10.255.255.0/24')
  })

  it('refuses a shorter prefix and more than the listing cap, with exit 2', () => {
    expect(() => splitByPrefix(c('10.0.0.0/16'), 8)).toThrow(/--prefix \/8 is shorter than 10\.0\.0\.0\/16/)
    const error = (() => {
      try {
        splitByPrefix(c('0.0.0.0/0'), 32)
      } catch (caught) {
        return caught as AcknetError
      }
    })()
    expect(error).toBeInstanceOf(AcknetError)
    expect(error!.exitCode).toBe(2)
    expect(error!.message).toMatch(/4,294,967,296 subnets; acknet lists at most 1,048,576/)
    expect(splitByPrefix(c('0.0.0.0/0'), 20)).toHaveLength(MAX_SPLIT_SUBNETS)
  })
})

describe('splitByCount', () => {
  it('rounds 3 up to 4 equal parts and lists the first 3; the 4th is the remainder', () => {
    const split = splitByCount(c('10.0.0.0/16'), 3)
    expect(split.prefix).toBe(18)
    expect(texts(split.subnets.toArray())).toEqual(['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18'])
    expect(split.parts).toBe(4)
    expect(texts(split.remainder)).toEqual(['10.0.192.0/18'])
    // 5 of 8 /19s: the three left over collapse to a /19 and a /18
    expect(texts(splitByCount(c('10.0.0.0/16'), 5).remainder)).toEqual(['10.0.160.0/19', '10.0.192.0/18'])
    expect(formatCidr(splitByCount(c('10.0.0.0/16'), 5).subnets.at(4))).toBe('10.0.128.0/19')
  })

  it('keeps a power of two exact and 1 as the block itself', () => {
    expect(splitByCount(c('192.168.0.0/24'), 8).prefix).toBe(27)
    expect(splitByCount(c('192.168.0.0/24'), 8).remainder).toEqual([])
    expect(texts(splitByCount(c('192.168.0.0/24'), 1).subnets.toArray())).toEqual(['192.168.0.0/24'])
  })

  it('refuses more parts than addresses', () => {
    expect(() => splitByCount(c('10.0.0.0/30'), 5)).toThrow('10.0.0.0/30 cannot be split into 5 subnets: it holds only 4 addresses')
    expect(() => splitByCount(c('10.0.0.0/16'), 0)).toThrow(/--count must be a whole number ≥ 1/)
  })
})

describe('prefixForHosts and allocateBySizes', () => {
  it('uses usable = total − 4: 252 hosts fit a /24, 253 need a /23; 1 host a /29', () => {
    expect(prefixForHosts(252)).toBe(24)
    expect(prefixForHosts(253)).toBe(23)
    expect(prefixForHosts(1)).toBe(29)
    expect(prefixForHosts(4)).toBe(29)
    expect(prefixForHosts(5)).toBe(28)
    expect(prefixForHosts(65_532)).toBe(16)
  })

  it('places largest first, aligned, and reports in input order', () => {
    const result = allocateBySizes(c('192.168.0.0/20'), [60, 1000, 250])
    expect(result.map(({size, cidr}) => [size, formatCidr(cidr)])).toEqual([
      [60, '192.168.5.0/26'],
      [1000, '192.168.0.0/22'],
      [250, '192.168.4.0/24'],
    ])
  })

  it('fills a block exactly and fails naming the size that does not fit', () => {
    expect(texts(allocateBySizes(c('10.0.0.0/24'), [100, 100]).map((a) => a.cidr))).toEqual(['10.0.0.0/25', '10.0.0.128/25'])
    expect(() => allocateBySizes(c('10.0.0.0/24'), [100, 100, 1])).toThrow('size 1 needs a /29 (4 usable), but the larger sizes already fill 10.0.0.0/24')
    expect(() => allocateBySizes(c('10.0.0.0/24'), [300])).toThrow('size 300 needs a /23 (508 usable), more than 10.0.0.0/24 holds (256 addresses)')
    expect(texts(allocateBySizes(c('10.0.0.0/24'), [60, 120, 60]).map((a) => a.cidr))).toEqual(['10.0.0.128/26', '10.0.0.0/25', '10.0.0.192/26'])
    expect(() => allocateBySizes(c('10.0.0.0/24'), [125, 60])).toThrow('size 60 needs a /26 (60 usable), but the larger sizes already fill 10.0.0.0/24')
    expect(() => allocateBySizes(c('10.0.0.0/8'), [70_000])).toThrow(/size 70,000 does not fit one vSwitch: the largest \(\/16\) holds 65,532/)
  })

  it('property: succeeds exactly when the power-of-two blocks fit; results are disjoint, inside, minimal', () => {
    fc.assert(
      fc.property(fc.integer({min: 16, max: 28}), fc.array(fc.integer({min: 1, max: 20_000}), {minLength: 1, maxLength: 12}), (parentPrefix, sizes) => {
        const parent: Cidr = {network: 10 * 2 ** 24, prefix: parentPrefix}
        const blockSizes = sizes.map((size) => {
          let bits = 3
          while (2 ** bits - 4 < size) bits++
          return 2 ** bits
        })
        const fits = blockSizes.every((size) => size <= 2 ** (32 - parentPrefix)) && blockSizes.reduce((a, b) => a + b, 0) <= 2 ** (32 - parentPrefix)
        if (!fits) {
          expect(() => allocateBySizes(parent, sizes)).toThrow(AcknetError)
          return
        }
        const result = allocateBySizes(parent, sizes)
        result.forEach(({size, cidr}, i) => {
          expect(size).toBe(sizes[i])
          expect(cidrContains(parent, cidr)).toBe(true)
          expect(2 ** (32 - cidr.prefix) - 4).toBeGreaterThanOrEqual(size)
          expect(2 ** (31 - cidr.prefix) - 4).toBeLessThan(size)
        })
        expect(findOverlaps(result.map(({cidr}) => cidr))).toEqual([])
      }),
      {numRuns: 2000, seed: 4},
    )
  })
})

describe('freeSpace and allocateBlock', () => {
  it('leaves the two /18 gaps of the SPEC example', () => {
    expect(texts(freeBlocks(c('10.0.0.0/16'), [c('10.0.0.0/18'), c('10.0.128.0/18')]))).toEqual(['10.0.64.0/18', '10.0.192.0/18'])
  })

  it('returns the minimal list around a small hole', () => {
    expect(texts(freeBlocks(c('10.0.0.0/24'), [c('10.0.0.64/27')]))).toEqual(['10.0.0.0/26', '10.0.0.96/27', '10.0.0.128/25'])
  })

  it('clips used blocks: outside ones are ignored, one containing the parent leaves nothing', () => {
    const outside = freeSpace(c('10.0.0.0/16'), [c('172.16.0.0/12'), c('10.0.0.0/17')])
    expect(texts(outside.free)).toEqual(['10.0.128.0/17'])
    expect(texts(outside.outside)).toEqual(['172.16.0.0/12'])
    const covering = freeSpace(c('10.0.0.0/16'), [c('10.0.0.0/8')])
    expect(covering.free).toEqual([])
    expect(texts(covering.covering)).toEqual(['10.0.0.0/8'])
  })

  it('handles the whole address space and overlapping used blocks', () => {
    expect(texts(freeBlocks(c('0.0.0.0/0'), [c('0.0.0.0/1')]))).toEqual(['128.0.0.0/1'])
    expect(texts(freeBlocks(c('0.0.0.0/0'), []))).toEqual(['0.0.0.0/0'])
    expect(texts(freeBlocks(c('10.0.0.0/16'), [c('10.0.0.0/17'), c('10.0.0.0/18'), c('10.0.64.0/18')]))).toEqual(['10.0.128.0/17'])
    expect(totalAddresses(freeBlocks(c('10.0.0.0/16'), [c('10.0.1.0/24')]))).toBe(65_280)
  })

  it('allocateBlock finds the first aligned free block, skipping unaligned gaps', () => {
    // free space starts at .64 (a /26 hole) but the first free /25 is .128
    expect(formatCidr(allocateBlock(c('10.0.0.0/24'), 25, [c('10.0.0.0/26')])!)).toBe('10.0.0.128/25')
    expect(formatCidr(allocateBlock(c('10.0.0.0/24'), 26, [c('10.0.0.0/26')])!)).toBe('10.0.0.64/26')
    expect(allocateBlock(c('10.0.0.0/24'), 24, [c('10.0.0.255/32')])).toBeUndefined()
    expect(allocateBlock(c('10.0.0.0/24'), 23, [])).toBeUndefined()
    expect(formatCidr(allocateBlock(c('192.168.0.0/16'), 19, [c('192.168.0.0/19'), c('10.0.0.0/8')])!)).toBe('192.168.32.0/19')
  })
})

describe('collapseCidrs', () => {
  it('merges halves, drops contained blocks and keeps address order', () => {
    expect(texts(collapseCidrs([c('10.0.1.0/24'), c('10.0.0.0/24'), c('10.0.0.128/25'), c('192.168.0.0/16')]))).toEqual(['10.0.0.0/23', '192.168.0.0/16'])
    expect(texts(collapseCidrs([c('0.0.0.0/1'), c('128.0.0.0/1')]))).toEqual(['0.0.0.0/0'])
    expect(collapseCidrs([])).toEqual([])
  })
})

describe('findOverlaps', () => {
  it('reports each overlapping pair once, in argument order, with a relative to b', () => {
    const blocks = [c('10.1.0.0/16'), c('10.0.0.0/8'), c('172.16.0.0/12'), c('10.1.0.0/16'), c('10.1.2.0/24')]
    expect(findOverlaps(blocks)).toEqual([
      {a: 0, b: 1, relation: 'inside'},
      {a: 0, b: 3, relation: 'equal'},
      {a: 0, b: 4, relation: 'contains'},
      {a: 1, b: 3, relation: 'contains'},
      {a: 1, b: 4, relation: 'contains'},
      {a: 3, b: 4, relation: 'contains'},
    ])
    expect(findOverlaps([c('192.168.0.0/16'), c('172.21.0.0/20'), c('172.20.0.0/16')])).toEqual([])
  })

  it('agrees with the pairwise definition on 5,000 blocks (sweep vs brute force on a sample)', () => {
    const blocks = fc.sample(fc.tuple(fc.integer({min: 0, max: 4095}), fc.integer({min: 12, max: 24})).map(([n, p]): Cidr => ({network: (10 * 2 ** 24 + n * 4096) - ((10 * 2 ** 24 + n * 4096) % 2 ** (32 - p)), prefix: p})), {numRuns: 5000, seed: 9})
    const pairs = findOverlaps(blocks)
    const brute: number[] = [0]
    for (let i = 0; i < 300; i++) for (let j = i + 1; j < blocks.length; j++) if (cidrsOverlap(blocks[i]!, blocks[j]!)) brute[0]!++
    expect(pairs.filter((pair) => pair.a < 300).length).toBe(brute[0])
  })
})

describe('flag list parsing', () => {
  it('reads comma and space separated lists, naming the bad entry', () => {
    expect(texts(requireCidrList(['10.0.0.0/8,172.16.0.0/12', '192.168.0.0/16,'], 'cidr check'))).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'])
    expect(() => requireCidrList('10.0.0.0/8,10.0.0.300/24', '--used')).toThrow('--used: "10.0.0.300/24" is not a CIDR block')
    expect(() => requireCidrList(',', '--used')).toThrow('--used needs at least one CIDR block')
    expect(requireCountList('500, 200,50', '--sizes')).toEqual([500, 200, 50])
    expect(() => requireCountList('500,1e3', '--sizes')).toThrow('--sizes: "1e3" is not a host count')
    expect(() => requireCountList('0', '--sizes')).toThrow('--sizes: "0" is not a host count')
    expect(requirePrefixLength('/24', '--prefix')).toBe(24)
    expect(() => requirePrefixLength('33', '--prefix')).toThrow('--prefix must be a prefix length 0–32')
    expect(() => requireCount('-1', '--count')).toThrow('--count must be a whole number ≥ 1, got "-1"')
  })
})
