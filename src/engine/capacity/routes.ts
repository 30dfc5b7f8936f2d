/**
 * Route-quota arithmetic for Flannel node routes (SPEC §3, alibaba-facts §2 and §5): every
 * Flannel node takes one custom route entry (destination = its pod range, next hop = the ECS)
 * in each of the cluster's route tables; a table holds `routeEntriesPerTable` custom entries
 * (default 200). Nodes are served in pool order until the table is full; later nodes get no
 * route. Pure functions shared by the topology resolver, `acknet routes`, the `route-quota`
 * lint rule, the reach engine and `flannel ranges`.
 */
import {routeCapacityOf} from './flannel.js'

export {routeCapacityOf}

/** How many of `nodeCount` nodes (pool order) get a route in a table with `capacity` free entries. */
export function routedNodeCount(nodeCount: number, capacity: number): number {
  return Math.max(0, Math.min(nodeCount, capacity))
}

/** Whether node `index` (0-based, cluster-wide pool order) gets a route entry. */
export function nodeHasRoute(index: number, capacity: number): boolean {
  return index >= 0 && index < capacity
}

export interface RouteShare {
  /** Entries this cluster got. */
  routed: number
  /** Nodes of this cluster left without an entry (the last ones in pool order). */
  unrouted: number
  /** Index of the first node with no entry, or undefined when all are routed. */
  firstUnroutedIndex?: number
}

/**
 * Shares one table's free entries between Flannel clusters in file order: each takes what it
 * needs from what the earlier ones left.
 */
export function shareRouteTable(routeQuota: number, customRoutes: number, nodeCounts: readonly number[]): {shares: RouteShare[]; used: number; headroom: number} {
  let left = routeCapacityOf(routeQuota, customRoutes)
  const shares = nodeCounts.map((nodes) => {
    const routed = routedNodeCount(nodes, left)
    left -= routed
    const unrouted = nodes - routed
    return unrouted > 0 ? {routed, unrouted, firstUnroutedIndex: routed} : {routed, unrouted}
  })
  const used = customRoutes + shares.reduce((sum, share) => sum + share.routed, 0)
  return {shares, used, headroom: routeQuota - customRoutes - nodeCounts.reduce((sum, n) => sum + n, 0)}
}
