import {MAX_VSWITCHES_PER_VPC} from '../../platform/rules.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const vswitchCountRule: LintRule<Model> = {
  id: 'vswitch-count',
  severity: 'error',
  description: `More than ${MAX_VSWITCHES_PER_VPC} vSwitches in one VPC`,
  help: `A VPC holds at most ${MAX_VSWITCHES_PER_VPC} vSwitches (VPC quota vpc_quota_vswitches_num). Merge small vSwitches or split the workload over more VPCs.`,
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      if (vpc.vswitches.length <= MAX_VSWITCHES_PER_VPC) continue
      const first = vpc.vswitches[MAX_VSWITCHES_PER_VPC]!
      findings.push(ctx.finding(first.source, 'name', `VPC ${vpc.name} has ${vpc.vswitches.length} vSwitches; the quota is ${MAX_VSWITCHES_PER_VPC} (this is number ${MAX_VSWITCHES_PER_VPC + 1})`))
    }
    return findings
  },
}
