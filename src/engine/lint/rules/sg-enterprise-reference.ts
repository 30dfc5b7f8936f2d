import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const sgEnterpriseReferenceRule: LintRule<Model> = {
  id: 'sg-enterprise-reference',
  severity: 'error',
  description: 'A security group rule references a group (sg:NAME) where enterprise groups are involved',
  help: 'Only basic security groups may use another group as a rule peer, and enterprise groups cannot be referenced at all (ECS: basic vs advanced security groups; AuthorizeSecurityGroup). Use the CIDRs of the members (for example the node and pod vSwitches) instead.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const group of model.securityGroups) {
      for (const rule of group.rules) {
        if (rule.peer.type !== 'sg') continue
        if (group.type === 'enterprise') {
          findings.push(ctx.finding(rule.source, 'peer', `enterprise security group ${group.name} cannot use a group (sg:${rule.peer.name}) as a rule peer; use CIDRs`))
        } else if (rule.peer.group.type === 'enterprise') {
          findings.push(ctx.finding(rule.source, 'peer', `security group ${group.name} references enterprise group ${rule.peer.group.name}, which cannot be referenced; use CIDRs`))
        }
      }
    }
    return findings
  },
}
