import {describe, expect, it} from 'vitest'
import {type ActorClass, pairKinds, pairKindsCachedSenders} from '../../../src/engine/reach/classes.js'

const emptyClass = (key: string): ActorClass => ({key, members: [], byNode: new Map()})

/**
 * Issue #16: whole-network questions ask every (sender class, receiver class) pair; classes live
 * for the whole session, so an unbounded split cache kept every pair alive (diff of the 0.1× xl
 * topology died at a 160 MB heap). The cache keeps the most recent sender classes only.
 */
describe('pairKinds cache', () => {
  it('holds at most 256 sender classes, and still answers a recent pair from the cache', () => {
    const receiver = emptyClass('r')
    const senders = Array.from({length: 600}, (_, i) => emptyClass(`s${i}`))
    for (const sender of senders) pairKinds(sender, receiver)
    expect(pairKindsCachedSenders()).toBe(256)
    const recent = senders.at(-1)!
    expect(pairKinds(recent, receiver)).toBe(pairKinds(recent, receiver))
    // the oldest sender was dropped: asking again computes a fresh (equal) answer
    const first = pairKinds(senders[0]!, receiver)
    expect(first).toEqual({apart: {count: 0, pair: undefined}, sameNode: {count: 0, pair: undefined}, self: {count: 0, pair: undefined}})
    expect(pairKindsCachedSenders()).toBe(256)
  })
})
