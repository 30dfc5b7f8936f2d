import type {Finding} from '../../findings.js'
import type {Cluster, Model, NodePool} from '../../topology/model.js'
import {customRouteCount} from '../../topology/route-count.js'
import {plural} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const routeQuotaRule: LintRule<Model> = {
  id: 'route-quota',
  severity: 'error',
  description: 'Custom routes plus Flannel node routes exceed the route table quota',
  help: 'A route table holds settings.routeEntriesPerTable custom entries (default 200, VPC quota vpc_quota_route_entrys_num) and every Flannel node needs one. Nodes beyond the quota get no route: their pods cannot be reached from other nodes or ECS. Request a quota increase and raise settings.routeEntriesPerTable, remove custom routes, or use Terway.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const table of model.routeTables) {
      const where = `route table ${table.name} of VPC ${table.vpc.name}`
      // both families count against one quota; the first entry over it, in file order
      const custom = customRouteCount(table)
      if (custom > table.quota) {
        const entries = [...table.routes, ...table.ipv6Routes.filter((route) => !route.system)].sort((a, b) => a.index - b.index)
        findings.push(ctx.finding(entries[table.quota]!.source, 'destination', `${where} has ${plural(custom, 'custom route')}; the quota is ${table.quota}`))
      }
      if (table.flannelCutOff.length === 0) continue
      // one finding per cluster, on the node pool holding its first node without a route
      const byCluster = new Map<Cluster, NodePool[]>()
      const cutByCluster = new Map<Cluster, number>()
      for (const {node, cluster} of table.flannelCutOff) {
        cutByCluster.set(cluster, (cutByCluster.get(cluster) ?? 0) + 1)
        const pools = byCluster.get(cluster) ?? []
        if (!pools.includes(node.pool)) pools.push(node.pool)
        byCluster.set(cluster, pools)
      }
      for (const [cluster, pools] of byCluster) {
        const cut = cutByCluster.get(cluster)!
        const flannelHere = table.flannelRoutes.length
        const poolNames = pools.map((pool) => pool.name).join(', ')
        findings.push(ctx.finding(pools[0]!.source, 'count', `${where} is full: ${plural(cut, 'node')} of cluster ${cluster.name} (pool ${poolNames}) get no route entry (quota ${table.quota}: ${custom} custom + ${flannelHere} Flannel node routes); pods on them are unreachable from other nodes`))
      }
    }
    return findings
  },
}
