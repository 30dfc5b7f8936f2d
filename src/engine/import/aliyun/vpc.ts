import type {VpcDoc} from '../document.js'
import {quoted} from '../escape.js'
import {strings, text, type AliyunContext} from './common.js'

/** DescribeVpcs → `vpcs` (IPv4 CIDRs; the VRouterId is remembered for the older DescribeRouteTables). */
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
    if (strings(vpc, 'Ipv6CidrBlocks', 'Ipv6CidrBlock').length > 0 || text(vpc.Ipv6CidrBlock)) c.warnings.push(`VPC ${doc.name}: IPv6 CIDR not imported (acknet models IPv4)`)
    c.vpcById.set(id, doc)
    const router = text(vpc.VRouterId)
    if (router) c.vpcByRouter.set(router, doc)
    c.sources.set(doc, c.source(c.names.vpc, id, 'DescribeVpcs'))
  }
}
