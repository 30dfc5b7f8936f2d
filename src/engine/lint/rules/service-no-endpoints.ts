import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const serviceNoEndpointsRule: LintRule<Model> = {
  id: 'service-no-endpoints',
  severity: 'warning',
  description: 'A Service selector matches no workload',
  help: 'A Service routes to the pods whose labels match its selector in its namespace. With no match it has no endpoints: connections are refused or time out. Fix the selector or the workload labels (a typo in either is the usual cause), or the namespace.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      for (const service of cluster.services) {
        if (service.type === 'ExternalName' || !service.selector || Object.keys(service.selector).length === 0) continue
        if (service.endpoints.length > 0) continue
        const selector = Object.entries(service.selector).map(([key, value]) => `${key}=${value}`).join(', ')
        findings.push(ctx.finding(service.source, 'spec.selector', `Service ${service.namespace.name}/${service.name}: selector ${selector} matches no workload in namespace ${service.namespace.name}`))
      }
    }
    return findings
  },
}
