import type {Finding} from '../../findings.js'
import type {Model, SecurityGroup, SourceRef} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const sgMixedTypesRule: LintRule<Model> = {
  id: 'sg-mixed-types',
  severity: 'error',
  description: 'Basic and enterprise security groups on one ENI',
  help: 'An ENI (an ECS instance, the nodes of a pool, or Terway pod ENIs) can join basic groups or enterprise groups, never both (ECS: basic vs advanced security groups). Put the ENI in groups of one type.',
  check(model, ctx) {
    const findings: Finding[] = []
    const check = (groups: readonly SecurityGroup[], what: string, source: SourceRef, field: string) => {
      const basic = groups.find((group) => group.type === 'basic')
      const enterprise = groups.find((group) => group.type === 'enterprise')
      if (basic && enterprise) findings.push(ctx.finding(source, field, `${what} mixes basic group ${basic.name} and enterprise group ${enterprise.name} on one ENI`))
    }
    for (const instance of model.instances) check(instance.securityGroups, `instance ${instance.name}`, instance.source, 'securityGroups')
    for (const cluster of model.clusters) {
      for (const pool of cluster.nodePools) check(pool.securityGroups, `node pool ${pool.name}`, pool.source, 'securityGroups')
      if (cluster.network.plugin !== 'flannel' && cluster.network.podSecurityGroups) {
        check(cluster.network.podSecurityGroups, `cluster ${cluster.name} pod security groups`, cluster.source, 'network.podSecurityGroups')
      }
      for (const workload of cluster.workloads) {
        const groups = workload.podNetworking?.securityGroups
        if (groups && groups.length > 0) check(groups, `workload ${workload.namespace.name}/${workload.name}`, workload.source, 'podNetworking.securityGroups')
      }
    }
    return findings
  },
}
