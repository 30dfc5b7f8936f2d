import {cidrContains, formatCidr} from '../../cidr/cidr.js'
import {validateVSwitchCidr} from '../../platform/rules.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const vswitchCidrRule: LintRule<Model> = {
  id: 'vswitch-cidr',
  severity: 'error',
  description: 'vSwitch CIDR outside its VPC, or mask outside /16–/29',
  help: 'A vSwitch takes its block from the primary or a secondary CIDR of its VPC and needs a /16–/29 mask (CreateVSwitch). Pick a block inside the VPC, or add a secondary CIDR that holds it.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vswitch of model.vswitches) {
      const valid = validateVSwitchCidr(vswitch.cidr)
      if (valid !== true) findings.push(ctx.finding(vswitch.source, 'cidr', `vSwitch ${vswitch.name}: ${formatCidr(vswitch.cidr)}: ${valid}`))
      if (!vswitch.vpc.cidrs.some((block) => cidrContains(block, vswitch.cidr))) {
        const blocks = vswitch.vpc.cidrs.map(formatCidr).join(', ')
        findings.push(ctx.finding(vswitch.source, 'cidr', `vSwitch ${vswitch.name}: ${formatCidr(vswitch.cidr)} is not inside VPC ${vswitch.vpc.name} (${blocks})`))
      }
    }
    return findings
  },
}
