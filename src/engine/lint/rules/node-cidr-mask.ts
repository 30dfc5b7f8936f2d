import {formatCidr} from '../../cidr/cidr.js'
import {NODE_CIDR_MASK} from '../../platform/rules.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const nodeCidrMaskRule: LintRule<Model> = {
  id: 'node-cidr-mask',
  severity: 'error',
  description: `Flannel node mask outside /${NODE_CIDR_MASK.min}–/${NODE_CIDR_MASK.max}`,
  help: `Each Flannel node gets a /nodeCidrMask slice of the pod CIDR; ACK accepts /${NODE_CIDR_MASK.min}–/${NODE_CIDR_MASK.max} (256 down to 16 addresses per node; default /${NODE_CIDR_MASK.default}, CreateCluster node_cidr_mask). The slice must also fit in the pod CIDR.`,
  check(model, ctx) {
    const findings: Finding[] = []
    for (const cluster of model.clusters) {
      if (cluster.network.plugin !== 'flannel') continue
      const {nodeCidrMask: mask, podCidr} = cluster.network
      if (mask < NODE_CIDR_MASK.min || mask > NODE_CIDR_MASK.max) {
        findings.push(ctx.finding(cluster.source, 'network.nodeCidrMask', `cluster ${cluster.name}: node mask /${mask} is outside /${NODE_CIDR_MASK.min}–/${NODE_CIDR_MASK.max}`))
      } else if (mask < podCidr.prefix) {
        findings.push(ctx.finding(cluster.source, 'network.nodeCidrMask', `cluster ${cluster.name}: a /${mask} node range does not fit in the pod CIDR ${formatCidr(podCidr)}`))
      }
    }
    return findings
  },
}
