import {cidrsOverlap, formatCidr} from '../../cidr/cidr.js'
import {validateServiceCidr} from '../../platform/rules.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const serviceCidrRule: LintRule<Model> = {
  id: 'service-cidr',
  severity: 'error',
  description: 'Service CIDR outside the allowed ranges, or overlapping its VPC',
  help: 'A Service CIDR must lie in 10.0.0.0/16-24, 172.16-31.0.0/16-24 or 192.168.0.0/16-24 and must not overlap the VPC CIDRs (CreateCluster service_cidr; overlaps with pod CIDRs are reported by pod-cidr, shared Service CIDRs between clusters by service-cidr-shared). It cannot be changed later; the ACK default is 172.19.0.0/20.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      for (const cluster of vpc.clusters) {
        const service = cluster.serviceCidr
        const report = (message: string) => findings.push(ctx.finding(cluster.source, 'serviceCidr', `cluster ${cluster.name}: Service CIDR ${formatCidr(service)} ${message}`))
        const valid = validateServiceCidr(service)
        if (valid !== true) report(`is not valid: ${valid}`)
        for (const block of vpc.cidrs) if (cidrsOverlap(block, service)) report(`overlaps VPC ${vpc.name} (${formatCidr(block)})`)
      }
    }
    return findings
  },
}
