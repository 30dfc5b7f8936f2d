import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const acsUnsupportedRule: LintRule<Model> = {
  id: 'acs-unsupported',
  severity: 'error',
  description: 'A NodePort Service or dual stack in an ACS cluster',
  help: 'ACS (serverless) clusters have no nodes, so a NodePort Service has nothing to open its port on, and ACS does not support IPv4/IPv6 dual stack (ACS network overview; alibaba-facts §10 V9). Use a ClusterIP or LoadBalancer Service, and ipStack: ipv4.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.type !== 'acs') continue
      // the owner of V9 (SPEC §3); the dual-stack rule leaves ACS clusters to this rule
      if (cluster.ipStack === 'dual') findings.push(ctx.finding(cluster.source, 'ipStack', `ACS cluster ${cluster.name}: dual stack is not supported in ACS`))
      for (const service of cluster.services) {
        if (service.type !== 'NodePort') continue
        findings.push(ctx.finding(service.source, 'spec.type', `Service ${service.namespace.name}/${service.name}: ACS cluster ${cluster.name} has no nodes, so a NodePort Service is not supported; use ClusterIP or LoadBalancer`))
      }
    }
    return findings
  },
}
