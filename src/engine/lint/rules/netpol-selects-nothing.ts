import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import {formatSelector} from '../../reach/labels.js'
import {selectWorkloads} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const netpolSelectsNothingRule: LintRule<Model> = {
  id: 'netpol-selects-nothing',
  severity: 'info',
  description: "A NetworkPolicy's podSelector matches no workload",
  help: 'A policy applies to the pods its podSelector matches in its namespace; with no match it isolates nothing. Usually a label typo or the wrong namespace. An empty podSelector ({}) selects every pod of the namespace and is never reported.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      for (const policy of cluster.networkPolicies) {
        const selector = policy.podSelector
        if (Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0) continue
        if (selectWorkloads(cluster, policy.namespace, selector).length > 0) continue
        findings.push(ctx.finding(policy.source, 'spec.podSelector', `NetworkPolicy ${policy.namespace.name}/${policy.name}: podSelector ${formatSelector(selector)} matches no workload in namespace ${policy.namespace.name}`))
      }
    }
    return findings
  },
}
