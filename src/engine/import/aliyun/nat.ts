import type {DnatDoc, NatGatewayDoc, SnatDoc} from '../document.js'
import {quoted} from '../escape.js'
import {list, strings, text, type AliyunContext, type Obj} from './common.js'

/**
 * DescribeNatGateways → `natGateways`; DescribeSnatTableEntries / DescribeForwardTableEntries →
 * their `snat` / `dnat`. Older (Spec-based) gateways have no NatGatewayPrivateInfo and no
 * vSwitch: they are placed on a vSwitch of their VPC, with a note (the vSwitch of a NAT gateway
 * changes no verdict: SNAT and DNAT are matched by source vSwitch/CIDR and by EIP).
 */
export function mapNatGateways(c: AliyunContext): void {
  const byTable = new Map<string, NatGatewayDoc>()
  for (const nat of c.r.natGateways) {
    const id = text(nat.NatGatewayId)
    if (!id) continue
    if (String(nat.NetworkType ?? 'internet').toLowerCase() === 'intranet') {
      c.warnings.push(`NAT gateway ${quoted(id)} is a VPC (intranet) NAT gateway; acknet models Internet NAT gateways only, skipped`)
      continue
    }
    const name = c.names.nat.assign(id, text(nat.Name))
    const vpcId = String(nat.VpcId ?? '')
    const vswitchId = text(nat.NatGatewayPrivateInfo?.VswitchId) ?? text(nat.VSwitchId) ?? text(nat.VswitchId)
    let vswitch = vswitchId ? c.ref(c.names.vswitch, vswitchId, 'vSwitch') : ''
    if (!vswitchId) {
      const vpc = c.vpcById.get(vpcId)
      const candidate = vpc?.vswitches.map((v) => v.name).sort()[0]
      if (candidate) {
        vswitch = candidate
        c.note(`NAT gateway ${name} has no vSwitch (an older Spec-based gateway, no NatGatewayPrivateInfo); placed on vSwitch ${candidate} of its VPC`)
      } else {
        vswitch = `${sanitizeId(id)}-vswitch`
        c.warnings.push(`NAT gateway ${name} has no vSwitch (an older Spec-based gateway) and its VPC has no imported vSwitch; its vswitch is "${vswitch}": set it by hand`)
      }
    }
    const doc: NatGatewayDoc = {name, vpc: c.ref(c.names.vpc, vpcId, 'VPC'), vswitch, eips: list(nat, 'IpLists', 'IpList').map((ip) => String(ip.IpAddress)).filter(Boolean), snat: []}
    c.natById.set(id, doc)
    for (const table of strings(nat, 'SnatTableIds', 'SnatTableId')) byTable.set(table, doc)
    for (const table of strings(nat, 'ForwardTableIds', 'ForwardTableId')) byTable.set(table, doc)
    c.sources.set(doc, c.source(c.names.nat, id, `${text(nat.Spec) && !nat.NatGatewayPrivateInfo ? `Spec ${text(nat.Spec)}, ` : ''}DescribeNatGateways`))
  }
  const natOf = (entry: Obj): NatGatewayDoc | undefined => c.natById.get(String(entry.NatGatewayId)) ?? byTable.get(String(entry.SnatTableId ?? entry.ForwardTableId))
  for (const entry of c.r.snatEntries) mapSnat(entry, natOf(entry), c)
  for (const entry of c.r.forwardEntries) mapDnat(entry, natOf(entry), c)
  for (const nat of c.natById.values()) {
    nat.snat.sort((a, b) => a.source.localeCompare(b.source, 'en'))
    nat.dnat?.sort((a, b) => a.eip.localeCompare(b.eip, 'en') || a.externalPort - b.externalPort)
  }
}

function sanitizeId(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '-')
}

function mapSnat(entry: Obj, nat: NatGatewayDoc | undefined, c: AliyunContext): void {
  const label = `SNAT entry ${quoted(text(entry.SnatEntryId) ?? '')}`
  if (!nat) {
    c.warnings.push(`${label} belongs to NAT gateway/table ${quoted(text(entry.NatGatewayId) ?? text(entry.SnatTableId) ?? '(unknown)')}, which is not imported; skipped`)
    return
  }
  const vswitchId = text(entry.SourceVSwitchId)
  const snat: SnatDoc & {eip?: string} = {source: vswitchId ? `vswitch:${c.ref(c.names.vswitch, vswitchId, 'vSwitch')}` : String(entry.SourceCIDR ?? '')}
  const snatIp = text(entry.SnatIp)
  if (snatIp && !snatIp.includes(',')) snat.eip = snatIp
  if (snat.source === '') c.warnings.push(`${label} of ${nat.name} has neither SourceVSwitchId nor SourceCIDR; skipped`)
  else nat.snat.push(snat)
}

function mapDnat(entry: Obj, nat: NatGatewayDoc | undefined, c: AliyunContext): void {
  const label = `DNAT entry ${quoted(text(entry.ForwardEntryId) ?? '')}`.trim()
  if (!nat) {
    c.warnings.push(`${label} belongs to NAT gateway/table ${quoted(text(entry.NatGatewayId) ?? text(entry.ForwardTableId) ?? '(unknown)')}, which is not imported; skipped`)
    return
  }
  const externalPort = Number(entry.ExternalPort)
  const internalPort = Number(entry.InternalPort)
  if (!Number.isInteger(externalPort) || !Number.isInteger(internalPort)) {
    c.warnings.push(`${label} of ${nat.name} maps ports ${quoted(entry.ExternalPort)} → ${quoted(entry.InternalPort)} (IP mapping or a port range); acknet models single-port DNAT entries, skipped`)
    return
  }
  const protocol = String(entry.IpProtocol ?? 'tcp').toLowerCase()
  const dnat: DnatDoc = {eip: String(entry.ExternalIp), externalPort, internalIp: String(entry.InternalIp), internalPort, protocol: protocol === 'any' ? 'any' : protocol}
  nat.dnat = [...(nat.dnat ?? []), dnat]
}
