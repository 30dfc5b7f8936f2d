/**
 * Route-quota arithmetic for Flannel node routes (SPEC §3, alibaba-facts §2 and §5): every
 * Flannel node takes one custom route entry (destination = its pod range, next hop = the ECS)
 * in each of the cluster's route tables; a table holds `routeEntriesPerTable` custom entries
 * (default 200). Nodes are served in pool order (clusters in file order) until the table is
 * full; later nodes get no route. The one implementation: the topology resolver runs
 * `shareRouteTable`, and `flannel ranges`/`plan` use `routeCapacityOf` through flannelLimits.
 */

/** Route entries left for Flannel nodes: quota − entries already used, never negative. */
export function routeCapacityOf(routeQuota: number, customRoutes: number): number {
  return Math.max(0, routeQuota - customRoutes)
}

export interface RouteShare<T> {
  /** Nodes that get an entry, in the order given. */
  routed: T[]
  /** Nodes left without one (the last ones). */
  cutOff: T[]
}

/**
 * Shares one table's free entries among `nodes` (already in file and pool order: the earlier
 * clusters take what they need first).
 */
export function shareRouteTable<T>(routeQuota: number, customRoutes: number, nodes: readonly T[]): RouteShare<T> {
  const room = routeCapacityOf(routeQuota, customRoutes)
  return {routed: nodes.slice(0, room), cutOff: nodes.slice(room)}
}
