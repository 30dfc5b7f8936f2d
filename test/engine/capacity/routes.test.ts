import {describe, expect, it} from 'vitest'
import {routeCapacityOf, shareRouteTable} from '../../../src/engine/capacity/routes.js'

describe('route-quota arithmetic (the code the resolver runs)', () => {
  it('capacity is quota − custom routes, never negative', () => {
    expect(routeCapacityOf(200, 0)).toBe(200)
    expect(routeCapacityOf(200, 10)).toBe(190)
    expect(routeCapacityOf(5, 9)).toBe(0)
  })

  it('nodes in order get a route until the table is full: the 191st of 250 is the first cut off', () => {
    const nodes = Array.from({length: 250}, (_, i) => i)
    const {routed, cutOff} = shareRouteTable(200, 10, nodes)
    expect(routed).toHaveLength(190)
    expect(routed.at(-1)).toBe(189)
    expect(cutOff[0]).toBe(190)
    expect(cutOff).toHaveLength(60)
    expect(shareRouteTable(200, 10, nodes.slice(0, 190)).cutOff).toEqual([])
    expect(shareRouteTable(200, 10, nodes.slice(0, 191)).cutOff).toEqual([190])
  })

  it('shares one table between Flannel clusters in file order', () => {
    const nodes = [...Array.from({length: 120}, () => 'a'), ...Array.from({length: 100}, () => 'b')]
    const {routed, cutOff} = shareRouteTable(200, 10, nodes)
    expect(routed.filter((c) => c === 'a')).toHaveLength(120)
    expect(routed.filter((c) => c === 'b')).toHaveLength(70)
    expect(cutOff).toEqual(Array.from({length: 30}, () => 'b'))
    expect(shareRouteTable(5, 9, ['x']).cutOff).toEqual(['x'])
  })
})
