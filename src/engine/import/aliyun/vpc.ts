import type {VpcDoc} from '../document.js'
import {quoted} from '../escape.js'
import {list, strings, text, type AliyunContext} from './common.js'

/** DescribeVpcs → `vpcs` (IPv4 CIDRs, the IPv6 block; the VRouterId is remembered for the older DescribeRouteTables). */
export function mapVpcs(c: AliyunContext): void {
  for (const vpc of c.r.vpcs) {
    const id = text(vpc.VpcId)
    const cidr = text(vpc.CidrBlock)
    if (!id || !cidr) {
      c.warnings.push(`a VPC without VpcId or CidrBlock was skipped (${quoted(JSON.stringify(vpc), 80)})`)
      continue
    }
    const doc: VpcDoc = {name: c.names.vpc.assign(id, text(vpc.VpcName)), cidr, vswitches: []}
    const secondary = strings(vpc, 'SecondaryCidrBlocks', 'SecondaryCidrBlock')
    if (secondary.length > 0) doc.secondaryCidrs = secondary
    // Ipv6CidrBlock is the first block; Ipv6CidrBlocks.Ipv6CidrBlock[] lists every one as {Ipv6CidrBlock, Ipv6Isp}
    const ipv6 = [...new Set([text(vpc.Ipv6CidrBlock), ...strings(vpc, 'Ipv6CidrBlocks', 'Ipv6CidrBlock'), ...list(vpc, 'Ipv6CidrBlocks', 'Ipv6CidrBlock').map((block) => text(block.Ipv6CidrBlock))].filter((block): block is string => block !== undefined))]
    if (ipv6[0]) doc.ipv6Cidr = ipv6[0]
    if (ipv6.length > 1) c.warnings.push(`VPC ${doc.name}: ${ipv6.length - 1} more IPv6 block(s) (${ipv6.slice(1).map((block) => quoted(block)).join(', ')}) not imported (acknet models one IPv6 block per VPC)`)
    c.vpcById.set(id, doc)
    const router = text(vpc.VRouterId)
    if (router) c.vpcByRouter.set(router, doc)
    c.sources.set(doc, c.source(c.names.vpc, id, 'DescribeVpcs'))
  }
}
