import type {RouteTable} from './model.js'

/**
 * Custom entries of a route table, both families: the quota (routeEntriesPerTable) counts every
 * `routes:` entry; system routes (vSwitch blocks, an IPv6 gateway's `::/0`) are free.
 */
export function customRouteCount(table: RouteTable): number {
  let count = table.routes.length
  for (const route of table.ipv6Routes) if (!route.system) count++
  return count
}
