import {cidrsOverlap, formatCidr} from '../../cidr/cidr.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const serviceCidrSharedRule: LintRule<Model> = {
  id: 'service-cidr-shared',
  severity: 'warning',
  description: 'Two clusters of one VPC share or overlap Service CIDRs',
  help: 'ACK allows it ("The Service CIDR blocks of the clusters can overlap with each other", ACK network planning; alibaba-facts §10): cluster IPs are virtual and never leave a cluster. It is still a risk: a cluster IP of one cluster is ambiguous in the other\'s logs, NetworkPolicies and multi-cluster meshes (ASM requires distinct Service CIDRs). Give each cluster its own block where you can.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      vpc.clusters.forEach((cluster, position) => {
        for (const other of vpc.clusters.slice(0, position)) {
          if (!cidrsOverlap(other.serviceCidr, cluster.serviceCidr)) continue
          const how = other.serviceCidr.network === cluster.serviceCidr.network && other.serviceCidr.prefix === cluster.serviceCidr.prefix ? 'is the same as' : 'overlaps'
          findings.push(ctx.finding(cluster.source, 'serviceCidr', `cluster ${cluster.name}: Service CIDR ${formatCidr(cluster.serviceCidr)} ${how} the Service CIDR of cluster ${other.name} (${formatCidr(other.serviceCidr)}) in VPC ${vpc.name}; allowed, but cluster IPs become ambiguous across the two`))
        }
      })
    }
    return findings
  },
}
