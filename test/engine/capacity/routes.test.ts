import {describe, expect, it} from 'vitest'
import {nodeHasRoute, routeCapacityOf, routedNodeCount, shareRouteTable} from '../../../src/engine/capacity/routes.js'

describe('route-quota arithmetic', () => {
  it('capacity is quota − custom routes, never negative', () => {
    expect(routeCapacityOf(200, 0)).toBe(200)
    expect(routeCapacityOf(200, 10)).toBe(190)
    expect(routeCapacityOf(5, 9)).toBe(0)
  })

  it('nodes in pool order get a route until the table is full', () => {
    expect(routedNodeCount(250, 190)).toBe(190)
    expect(routedNodeCount(150, 190)).toBe(150)
    expect(nodeHasRoute(189, 190)).toBe(true)
    expect(nodeHasRoute(190, 190)).toBe(false)
    expect(nodeHasRoute(-1, 190)).toBe(false)
  })

  it('shares one table between Flannel clusters in file order', () => {
    expect(shareRouteTable(200, 10, [120, 100])).toEqual({
      shares: [{routed: 120, unrouted: 0}, {routed: 70, unrouted: 30, firstUnroutedIndex: 70}],
      used: 200,
      headroom: -30,
    })
    expect(shareRouteTable(200, 0, [50])).toEqual({shares: [{routed: 50, unrouted: 0}], used: 50, headroom: 150})
  })
})
