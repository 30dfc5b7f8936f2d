import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const terwayPodNetworkingRule: LintRule<Model> = {
  id: 'terway-pod-networking',
  severity: 'error',
  description: 'podNetworking (own vSwitch/security group per pod) in a Terway cluster whose mode is not trunk',
  help: 'Per-pod vSwitches, security groups and EIPs (PodNetworking) need Terway trunk ENI mode: the pod gets its own member ENI. In shared, exclusive or prefix mode the setting is ignored and the pods use the cluster defaults. Set network.mode: trunk or remove podNetworking.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.network.plugin !== 'terway' || cluster.network.mode === 'trunk') continue
      for (const workload of cluster.workloads) {
        if (!workload.podNetworking) continue
        findings.push(ctx.finding(workload.source, 'podNetworking', `workload ${workload.namespace.name}/${workload.name}: podNetworking needs Terway trunk mode; cluster ${cluster.name} uses ${cluster.network.mode} mode`, 'key'))
      }
    }
    return findings
  },
}
