import {type Cidr, cidrsOverlap, formatCidr} from '../../cidr/cidr.js'
import {validatePodCidr} from '../../platform/rules.js'
import type {Finding} from '../../findings.js'
import type {Cluster, Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const podCidrRule: LintRule<Model> = {
  id: 'pod-cidr',
  severity: 'error',
  description: 'Flannel pod CIDR outside the allowed ranges, or overlapping the VPC, the Service CIDR or another cluster',
  help: 'A Flannel pod CIDR must lie in 10.0.0.0/8, 172.16-31.0.0/12-16 or 192.168.0.0/16 and must not overlap the VPC CIDRs, its Service CIDR, or the pod and Service CIDRs of other clusters in the VPC (CreateCluster container_cidr). It cannot be changed after the cluster is created: pick a free private block now.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      const flannel = vpc.clusters.filter((cluster) => cluster.network.plugin === 'flannel')
      for (const cluster of flannel) {
        if (cluster.network.plugin !== 'flannel') continue
        const pod = cluster.network.podCidr
        const report = (message: string) => findings.push(ctx.finding(cluster.source, 'network.podCidr', `cluster ${cluster.name}: pod CIDR ${formatCidr(pod)} ${message}`))
        const valid = validatePodCidr(pod)
        if (valid !== true) report(`is not valid: ${valid}`)
        for (const block of vpc.cidrs) if (cidrsOverlap(block, pod)) report(`overlaps VPC ${vpc.name} (${formatCidr(block)})`)
        if (cidrsOverlap(pod, cluster.serviceCidr)) report(`overlaps its Service CIDR ${formatCidr(cluster.serviceCidr)}`)
        for (const other of vpc.clusters) {
          if (other === cluster) continue
          const otherPod = podCidrOf(other)
          // pod–pod overlaps are reported once, on the later cluster
          if (otherPod && vpc.clusters.indexOf(other) < vpc.clusters.indexOf(cluster) && cidrsOverlap(otherPod, pod)) report(`overlaps the pod CIDR of cluster ${other.name} (${formatCidr(otherPod)})`)
          if (cidrsOverlap(other.serviceCidr, pod)) report(`overlaps the Service CIDR of cluster ${other.name} (${formatCidr(other.serviceCidr)})`)
        }
      }
    }
    return findings
  },
}

export function podCidrOf(cluster: Cluster): Cidr | undefined {
  return cluster.network.plugin === 'flannel' ? cluster.network.podCidr : undefined
}
