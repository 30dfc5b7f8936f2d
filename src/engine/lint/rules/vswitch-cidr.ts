import {cidrContains, formatCidr} from '../../cidr/cidr.js'
import {formatIpv6Cidr, ipv6CidrContains} from '../../cidr/cidr6.js'
import {validateVSwitchIpv6Cidr} from '../../platform/ipv6.js'
import {validateVSwitchCidr} from '../../platform/rules.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const vswitchCidrRule: LintRule<Model> = {
  id: 'vswitch-cidr',
  severity: 'error',
  description: 'vSwitch CIDR outside its VPC, or mask outside /16–/29; an IPv6 block that is not a /64 of the VPC IPv6 block',
  help: 'A vSwitch takes its block from the primary or a secondary CIDR of its VPC and needs a /16–/29 mask (CreateVSwitch). Pick a block inside the VPC, or add a secondary CIDR that holds it. A vSwitch IPv6 block (ipv6Cidr) is a /64 of its VPC IPv6 block, so the VPC needs an ipv6Cidr first (alibaba-facts §10 V2).',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vswitch of model.vswitches) {
      const valid = validateVSwitchCidr(vswitch.cidr)
      if (valid !== true) findings.push(ctx.finding(vswitch.source, 'cidr', `vSwitch ${vswitch.name}: ${formatCidr(vswitch.cidr)}: ${valid}`))
      if (!vswitch.vpc.cidrs.some((block) => cidrContains(block, vswitch.cidr))) {
        const blocks = vswitch.vpc.cidrs.map(formatCidr).join(', ')
        findings.push(ctx.finding(vswitch.source, 'cidr', `vSwitch ${vswitch.name}: ${formatCidr(vswitch.cidr)} is not inside VPC ${vswitch.vpc.name} (${blocks})`))
      }
      // V2: a /64 inside the VPC's IPv6 block (platform/ipv6.ts)
      const ipv6 = vswitch.ipv6Cidr
      if (!ipv6) continue
      const text = formatIpv6Cidr(ipv6)
      const ipv6Valid = validateVSwitchIpv6Cidr(ipv6)
      if (ipv6Valid !== true) findings.push(ctx.finding(vswitch.source, 'ipv6Cidr', `vSwitch ${vswitch.name}: IPv6 block ${text}: ${ipv6Valid}`))
      const vpcIpv6 = vswitch.vpc.ipv6Cidr
      if (!vpcIpv6) findings.push(ctx.finding(vswitch.source, 'ipv6Cidr', `vSwitch ${vswitch.name}: IPv6 block ${text}, but VPC ${vswitch.vpc.name} has no IPv6 block (ipv6Cidr) to take it from`))
      else if (!ipv6CidrContains(vpcIpv6, ipv6)) findings.push(ctx.finding(vswitch.source, 'ipv6Cidr', `vSwitch ${vswitch.name}: IPv6 block ${text} is not inside VPC ${vswitch.vpc.name}'s IPv6 block ${formatIpv6Cidr(vpcIpv6)}`))
    }
    return findings
  },
}
