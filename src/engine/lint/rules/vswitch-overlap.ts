import {formatCidr} from '../../cidr/cidr.js'
import type {Finding} from '../../findings.js'
import type {Model, VSwitch} from '../../topology/model.js'
import {type Block, laterFirst, overlappingPairs} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const vswitchOverlapRule: LintRule<Model> = {
  id: 'vswitch-overlap',
  severity: 'error',
  description: 'Two vSwitches of one VPC overlap',
  help: 'vSwitch blocks in one VPC must be disjoint: the VPC refuses an overlapping vSwitch. Move the later vSwitch to a free block (`acknet cidr free` lists them).',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      const blocks: Array<Block<VSwitch>> = vpc.vswitches.map((vswitch, order) => ({cidr: vswitch.cidr, item: vswitch, order}))
      for (const pair of overlappingPairs(blocks)) {
        const [later, earlier] = laterFirst(pair)
        findings.push(ctx.finding(later.item.source, 'cidr', `vSwitch ${later.item.name} (${formatCidr(later.cidr)}) overlaps vSwitch ${earlier.item.name} (${formatCidr(earlier.cidr)})`))
      }
    }
    return findings
  },
}
