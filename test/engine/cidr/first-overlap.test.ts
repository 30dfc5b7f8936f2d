import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {type Cidr, cidrsOverlap} from '../../../src/engine/cidr/cidr.js'
import {firstEarlierOverlaps} from '../../../src/engine/cidr/overlaps.js'

/** The sweep that replaced vpc-cidr's pairwise check (issue #15), against the pairwise oracle. */
describe('firstEarlierOverlaps', () => {
  const block = fc.record({prefix: fc.integer({min: 20, max: 26}), slot: fc.integer({min: 0, max: 63})}).map(({prefix, slot}): Cidr => {
    const size = 2 ** (32 - prefix)
    return {network: 0x0a000000 + ((slot * size) % 2 ** 14), prefix}
  })
  const pairwise = (blocks: Cidr[]) => blocks.map((cidr, index) => {
    const found = blocks.slice(0, index).findIndex((other) => cidrsOverlap(other, cidr))
    return found < 0 ? undefined : found
  })

  it('names the lowest earlier overlapping block, like the pairwise check (3,000 lists)', () => {
    fc.assert(fc.property(fc.array(block, {maxLength: 30}), (blocks) => {
      expect(firstEarlierOverlaps(blocks)).toEqual(pairwise(blocks))
    }), {numRuns: 3_000, seed: 15})
  })

  it('handles duplicates, nesting and disjoint blocks', () => {
    const c = (network: number, prefix: number): Cidr => ({network, prefix})
    const ten = 0x0a000000
    expect(firstEarlierOverlaps([c(ten, 16), c(ten + 256, 24), c(ten, 8), c(ten, 16), c(0xc0a80000, 16)])).toEqual([undefined, 0, 0, 0, undefined])
    expect(firstEarlierOverlaps([c(ten + 256, 24), c(ten, 16)])).toEqual([undefined, 0])
  })

  it('60,000 copies of one block: every later copy names the first', () => {
    const blocks = Array.from({length: 60_000}, () => ({network: 0x0a000000, prefix: 16}))
    const result = firstEarlierOverlaps(blocks)
    expect(result[0]).toBeUndefined()
    expect(result.slice(1).every((index) => index === 0)).toBe(true)
  })
})
