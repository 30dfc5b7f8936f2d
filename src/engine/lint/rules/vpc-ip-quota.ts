import type {Finding} from '../../findings.js'
import {formatCount} from '../../count.js'
import {VPC_PRIVATE_IP_QUOTA} from '../../platform/rules.js'
import type {Model, Vpc} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

/** Private addresses a VPC's resources use: nodes, ECS, Terway/ACS pods (their ENI addresses), intranet SLBs, NAT gateways. */
export function vpcAddressesInUse(vpc: Vpc): {total: number; parts: Array<[string, number]>} {
  let nodes = 0
  let pods = 0
  for (const cluster of vpc.clusters) {
    nodes += cluster.nodes.length
    // Flannel pods live in the pod CIDR, outside the VPC; hostNetwork pods use the node's address
    if (cluster.network.plugin === 'flannel') continue
    for (const pod of cluster.pods) if (!pod.workload.hostNetwork) pods++
  }
  const slbs = vpc.loadBalancers.filter((lb) => lb.addressType === 'intranet').length
  const parts: Array<[string, number]> = [['nodes', nodes], ['ECS', vpc.instances.length], ['Terway/ACS pods', pods], ['intranet SLBs', slbs], ['NAT gateways', vpc.natGateways.length]]
  return {total: parts.reduce((sum, [, count]) => sum + count, 0), parts}
}

export const vpcIpQuotaRule: LintRule<Model> = {
  id: 'vpc-ip-quota',
  severity: 'error',
  description: 'More than 60,000 private addresses in use in one VPC',
  help: 'A VPC gives its cloud resources at most 60,000 private IP addresses, and the quota cannot be raised (VPC quotas; CreateVpc). Nodes, ECS instances, every Terway or ACS pod (each takes an ENI address), intranet SLBs and NAT gateways count; Flannel pods do not. Split the workloads over two VPCs, or use Flannel for clusters with many small pods.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      const {total, parts} = vpcAddressesInUse(vpc)
      if (total <= VPC_PRIVATE_IP_QUOTA) continue
      const detail = parts.filter(([, count]) => count > 0).map(([what, count]) => `${what} ${formatCount(count)}`).join(', ')
      findings.push(ctx.finding(vpc.source, 'name', `VPC ${vpc.name} uses ${formatCount(total)} private addresses (${detail}); a VPC holds at most ${formatCount(VPC_PRIVATE_IP_QUOTA)}, a quota that cannot be raised`))
    }
    return findings
  },
}
