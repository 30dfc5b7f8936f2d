import {formatCidr} from '../../cidr/cidr.js'
import {formatIpv6Cidr} from '../../cidr/cidr6.js'
import type {Finding} from '../../findings.js'
import type {Model, VSwitch} from '../../topology/model.js'
import {type Block, type Block6, laterFirst, overlappingPairs, overlappingPairs6} from '../helpers.js'
import type {LintRule} from '../rule.js'

export const vswitchOverlapRule: LintRule<Model> = {
  id: 'vswitch-overlap',
  severity: 'error',
  description: 'Two vSwitches of one VPC overlap (IPv4 blocks, or IPv6 /64s)',
  help: 'vSwitch blocks in one VPC must be disjoint, in both families: the VPC refuses an overlapping vSwitch, and each vSwitch has its own IPv6 /64. Move the later vSwitch to a free block (`acknet cidr free` lists them, IPv6 too).',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      const blocks: Array<Block<VSwitch>> = vpc.vswitches.map((vswitch, order) => ({cidr: vswitch.cidr, item: vswitch, order}))
      for (const pair of overlappingPairs(blocks)) {
        const [later, earlier] = laterFirst(pair)
        findings.push(ctx.finding(later.item.source, 'cidr', `vSwitch ${later.item.name} (${formatCidr(later.cidr)}) overlaps vSwitch ${earlier.item.name} (${formatCidr(earlier.cidr)})`))
      }
      const blocks6: Array<Block6<VSwitch>> = vpc.vswitches.flatMap((vswitch, order) => (vswitch.ipv6Cidr ? [{cidr: vswitch.ipv6Cidr, item: vswitch, order}] : []))
      for (const pair of overlappingPairs6(blocks6)) {
        const [later, earlier] = laterFirst<VSwitch, Block6<VSwitch>>(pair)
        findings.push(ctx.finding(later.item.source, 'ipv6Cidr', `vSwitch ${later.item.name} (IPv6 ${formatIpv6Cidr(later.cidr)}) overlaps vSwitch ${earlier.item.name} (IPv6 ${formatIpv6Cidr(earlier.cidr)})`))
      }
    }
    return findings
  },
}
