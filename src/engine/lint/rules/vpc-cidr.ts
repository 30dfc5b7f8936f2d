import {formatCidr} from '../../cidr/cidr.js'
import {formatIpv6Cidr} from '../../cidr/cidr6.js'
import {validateVpcIpv6Cidr} from '../../platform/ipv6.js'
import {firstEarlierOverlaps} from '../../cidr/overlaps.js'
import {MAX_SECONDARY_CIDRS, validateVpcCidr} from '../../platform/rules.js'
import type {Finding} from '../../findings.js'
import type {Model} from '../../topology/model.js'
import type {LintRule} from '../rule.js'

export const vpcCidrRule: LintRule<Model> = {
  id: 'vpc-cidr',
  severity: 'error',
  description: 'VPC CIDR outside the allowed ranges or mask (IPv4, and the IPv6 block of a dual-stack VPC)',
  help: 'A VPC CIDR must be an RFC 1918 block (or a subset), or a custom block outside 100.64.0.0/10, 224.0.0.0/4, 127.0.0.0/8 and 169.254.0.0/16, with a /8–/28 mask. Secondary CIDRs follow the same rules, may not overlap the primary or each other, and a VPC has at most 5. A VPC IPv6 block (ipv6Cidr) is the /56 Alibaba Cloud assigns from global unicast space (/48–/64 accepted; alibaba-facts §10 V1): copy it from the console or DescribeVpcs.',
  check(model, ctx) {
    const findings: Finding[] = []
    for (const vpc of model.vpcs) {
      const primary = validateVpcCidr(vpc.cidr)
      if (primary !== true) findings.push(ctx.finding(vpc.source, 'cidr', `VPC ${vpc.name}: ${formatCidr(vpc.cidr)} ${primary}`))
      // V1: the IPv6 block (platform/ipv6.ts)
      const ipv6 = vpc.ipv6Cidr && validateVpcIpv6Cidr(vpc.ipv6Cidr)
      if (vpc.ipv6Cidr && ipv6 !== true) findings.push(ctx.finding(vpc.source, 'ipv6Cidr', `VPC ${vpc.name}: IPv6 block ${formatIpv6Cidr(vpc.ipv6Cidr)}: ${ipv6}`))
      // sweep, not pairs (issue #15): 60,000 secondary CIDRs compared pairwise never finished
      const clashes = firstEarlierOverlaps([vpc.cidr, ...vpc.secondaryCidrs])
      vpc.secondaryCidrs.forEach((secondary, index) => {
        const field = `secondaryCidrs[${index}]`
        const valid = validateVpcCidr(secondary)
        if (valid !== true) findings.push(ctx.finding(vpc.source, field, `VPC ${vpc.name}: secondary CIDR ${formatCidr(secondary)} ${valid}`))
        const clashIndex = clashes[index + 1]
        const clash = clashIndex === undefined ? undefined : clashIndex === 0 ? vpc.cidr : vpc.secondaryCidrs[clashIndex - 1]!
        if (clash) findings.push(ctx.finding(vpc.source, field, `VPC ${vpc.name}: secondary CIDR ${formatCidr(secondary)} overlaps ${clash === vpc.cidr ? 'the primary CIDR' : 'secondary CIDR'} ${formatCidr(clash)}`))
        // VPC quotas: at most 5 secondary IPv4 blocks
        if (index === MAX_SECONDARY_CIDRS) findings.push(ctx.finding(vpc.source, field, `VPC ${vpc.name} has ${vpc.secondaryCidrs.length} secondary CIDRs; a VPC holds at most ${MAX_SECONDARY_CIDRS}`))
      })
    }
    return findings
  },
}
