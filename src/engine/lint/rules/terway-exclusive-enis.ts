import {terwayEligibility} from '../../capacity/terway.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const terwayExclusiveEnisRule: LintRule<Model> = {
  id: 'terway-exclusive-enis',
  severity: 'error',
  description: 'Terway exclusive ENI mode on an instance type with 6 or fewer ENIs',
  help: 'In exclusive ENI mode each pod owns a whole ENI, and ACK requires more than 6 ENIs per node for such node pools (Terway docs/exclusive-eni-node-pool.md): ecs.g7.4xlarge (8 ENIs, 7 pods) qualifies, ecs.g7.xlarge (4 ENIs) does not. Use a larger type or shared/trunk mode.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.network.plugin !== 'terway' || cluster.network.mode !== 'exclusive') continue
      for (const pool of cluster.nodePools) {
        if (!pool.instanceType) continue
        const verdict = terwayEligibility(pool.instanceType, 'exclusive')
        if (verdict.eligible === false) findings.push(ctx.finding(pool.source, 'instanceType', `node pool ${pool.name}: ${pool.instanceTypeName} in exclusive ENI mode: ${verdict.reason}`))
      }
    }
    return findings
  },
}
