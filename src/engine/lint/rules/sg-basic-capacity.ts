import type {Finding} from '../../findings.js'
import {formatCount} from '../../count.js'
import type {Model, SecurityGroup} from '../../topology/model.js'
import {plural} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const sgBasicCapacityRule: LintRule<Model> = {
  id: 'sg-basic-capacity',
  severity: 'warning',
  description: 'A basic security group covers more than settings.basicSecurityGroupMaxIps addresses',
  help: 'ACK advises that nodes plus Terway pods in a basic security group stay within 2,000 addresses (CreateCluster is_enterprise_security_group; ECS now allows 6,000 for basic groups, older accounts 2,000). Large Terway clusters should use an enterprise security group (65,536 addresses).',
  check(model, ctx) {
    const findings: Finding[] = []
    const limit = model.settings.basicSecurityGroupMaxIps
    const count = new Map<SecurityGroup, number>()
    const add = (groups: readonly SecurityGroup[]) => {
      for (const group of groups) if (group.type === 'basic') count.set(group, (count.get(group) ?? 0) + 1)
    }
    for (const instance of model.instances) add(instance.securityGroups)
    for (const cluster of model.clusters) {
      for (const node of cluster.nodes) add(node.securityGroups)
      // Flannel pods live in an overlay range, not on ENIs; Terway/ACS pods hold ENI addresses
      if (cluster.network.plugin === 'flannel') continue
      for (const pod of cluster.pods) if (!pod.workload.hostNetwork) add(pod.securityGroups)
    }
    for (const [group, addresses] of count) {
      if (addresses <= limit) continue
      findings.push(ctx.finding(group.source, 'name', `basic security group ${group.name} covers ${plural(addresses, 'address', 'addresses')} (nodes, instances and Terway pods); ACK advises at most ${formatCount(limit)}: use an enterprise group`))
    }
    return findings
  },
}
