import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const flannelUnsupportedRule: LintRule<Model> = {
  id: 'flannel-unsupported',
  severity: 'error',
  description: 'A Flannel cluster uses a Terway-only feature (podNetworking, dual stack, pod EIP)',
  help: 'Flannel pods live in an overlay range on their node: ACK Flannel has no per-pod vSwitch or security group, no pod EIP and no IPv4/IPv6 dual stack (ACK network planning). The CNI cannot be changed after creation: use Terway for these features or remove them.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.network.plugin !== 'flannel') continue
      for (const workload of cluster.workloads) {
        if (workload.podNetworking) {
          const feature = workload.podNetworking.eip ? 'a pod EIP (podNetworking.eip)' : 'podNetworking (per-pod vSwitch/security group)'
          findings.push(ctx.finding(workload.source, 'podNetworking', `workload ${workload.namespace.name}/${workload.name} uses ${feature}, which Flannel cluster ${cluster.name} does not support`, 'key'))
        }
      }
      for (const service of cluster.services) {
        const families = service.ipFamilies
        const policy = service.ipFamilyPolicy
        // PreferDualStack falls back to single stack where dual stack is unavailable (Kubernetes
        // dual-stack docs): no finding. RequireDualStack and IPv6-only Services are rejected.
        if (policy === 'RequireDualStack') {
          findings.push(ctx.finding(service.source, 'spec.ipFamilyPolicy', `Service ${service.namespace.name}/${service.name} asks for RequireDualStack, but Flannel cluster ${cluster.name} has no dual stack`))
        } else if (families.includes('IPv6') && !families.includes('IPv4')) {
          findings.push(ctx.finding(service.source, 'spec.ipFamilies', `Service ${service.namespace.name}/${service.name} asks for IPv6 only, but Flannel cluster ${cluster.name} has no dual stack`))
        }
      }
    }
    return findings
  },
}
