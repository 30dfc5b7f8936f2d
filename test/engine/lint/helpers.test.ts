import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {type Cidr, cidrsOverlap} from '../../../src/engine/cidr/cidr.js'
import {prefixMask} from '../../../src/engine/cidr/ipv4.js'
import {laterFirst, overlappingPairs} from '../../../src/engine/lint/helpers.js'

const cidrArb = fc.tuple(fc.integer({min: 0, max: 0xffffffff}), fc.integer({min: 8, max: 30})).map(([address, prefix]): Cidr => ({network: (address & prefixMask(prefix)) >>> 0, prefix}))
// blocks drawn from a small space so that overlaps are common
const clusteredArb = fc.tuple(fc.integer({min: 0, max: 255}), fc.integer({min: 20, max: 28})).map(([third, prefix]): Cidr => ({network: ((((10 << 24) | (third << 8)) >>> 0) & prefixMask(prefix)) >>> 0, prefix}))

describe('overlappingPairs (sort + sweep)', () => {
  it('finds exactly the blocks that overlap some other block, like the all-pairs check', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cidrArb, clusteredArb), {maxLength: 40}), (cidrs) => {
        const blocks = cidrs.map((cidr, order) => ({cidr, item: order, order}))
        const pairs = overlappingPairs(blocks)
        // each reported pair really overlaps
        for (const [a, b] of pairs) expect(cidrsOverlap(a.cidr, b.cidr)).toBe(true)
        // every block involved in any overlap is part of some reported pair
        const involved = new Set<number>()
        for (let i = 0; i < cidrs.length; i++) for (let j = i + 1; j < cidrs.length; j++) if (cidrsOverlap(cidrs[i]!, cidrs[j]!)) involved.add(i).add(j)
        const reported = new Set(pairs.flatMap(([a, b]) => [a.order, b.order]))
        expect([...reported].sort()).toEqual([...involved].sort())
        // one pair per block that lies inside an earlier-sorted one: overlapping blocks minus the outermost of each group
        for (const pair of pairs) expect(laterFirst(pair)[0].order).toBeGreaterThanOrEqual(laterFirst(pair)[1].order)
      }),
      {numRuns: 1000},
    )
  })
})
