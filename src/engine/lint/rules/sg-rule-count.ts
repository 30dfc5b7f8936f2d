import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const sgRuleCountRule: LintRule<Model> = {
  id: 'sg-rule-count',
  severity: 'error',
  description: 'A security group has more rules than settings.rulesPerSecurityGroup',
  help: 'A security group holds at most 200 rules, inbound and outbound together (AuthorizeSecurityGroup; older accounts: 100). Merge rules with port ranges or CIDRs, or split the members over several groups. Raise settings.rulesPerSecurityGroup only if your quota was raised.',
  check(model, ctx) {
    const findings: Finding[] = []
    const limit = model.settings.rulesPerSecurityGroup
    for (const group of model.securityGroups) {
      if (group.rules.length <= limit) continue
      findings.push(ctx.finding(group.rules[limit]!.source, 'direction', `security group ${group.name} has ${group.rules.length} rules; the limit is ${limit} (this is rule ${limit + 1})`, 'key'))
    }
    return findings
  },
}
