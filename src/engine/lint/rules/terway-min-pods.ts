import {terwayEligibility} from '../../capacity/terway.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const terwayMinPodsRule: LintRule<Model> = {
  id: 'terway-min-pods',
  severity: 'error',
  description: 'An instance type gives 11 or fewer pods per node in a Terway cluster',
  help: 'Terway lets a node join only when its shared-ENI max pods, (EniQuantity − 1) × IPv4 per ENI, is greater than 11 (ACK "adjusting the number of node pods"); smaller types such as ecs.g6.large (6 pods) never become Ready. Use a larger instance type.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.network.plugin !== 'terway' || cluster.network.mode === 'exclusive') continue
      const mode = cluster.network.mode
      for (const pool of cluster.nodePools) {
        if (!pool.instanceType) continue
        const verdict = terwayEligibility(pool.instanceType, mode)
        if (verdict.eligible === false) {
          findings.push(ctx.finding(pool.source, 'instanceType', `node pool ${pool.name}: ${pool.instanceTypeName} cannot join Terway cluster ${cluster.name} (${mode} mode): ${verdict.reason}`))
        }
      }
    }
    return findings
  },
}
