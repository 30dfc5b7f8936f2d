import type {DnatDoc, NatGatewayDoc} from '../document.js'
import {str, type TerraformContext} from './context.js'
import type {Resource} from './input.js'

/** alicloud_nat_gateway → `natGateways` (VPC NAT gateways are not modelled). */
export function mapNatGateways(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_nat_gateway')) {
    if (String(r.values.network_type ?? 'internet') === 'intranet') {
      t.warnings.push(`${r.address} is a VPC (intranet) NAT gateway; acknet models Internet NAT gateways only, skipped`)
      continue
    }
    const name = t.nameOf(r, 'NAT gateway', 'nat_gateway_name', 'name')
    const doc: NatGatewayDoc = {name, vpc: t.name(t.ref(r, 'vpc_id')?.resource) ?? t.unresolved(r, 'vpc_id', 'VPC'), vswitch: t.vswitchName(r, 'vswitch_id'), eips: t.eipsOf.get(r) ?? [], snat: []}
    t.nats.push(doc)
    t.sources.set(doc, t.sourceOf(r))
  }
}

function natOf(t: TerraformContext, r: Resource, attribute: string): NatGatewayDoc | undefined {
  return t.nats.find((n) => n.name === t.name(t.ref(r, attribute)?.resource))
}

/** An address attribute: the address itself, or the EIP resource it refers to. */
function ipValue(t: TerraformContext, r: Resource, attribute: string): string | undefined {
  const value = str(r.values[attribute])
  if (value && /^\d+\.\d+\.\d+\.\d+$/.test(value)) return value
  const hit = t.ref(r, attribute)
  return hit ? str(hit.resource.values[hit.attribute === 'id' ? 'ip_address' : hit.attribute]) : undefined
}

/** alicloud_snat_entry / alicloud_forward_entry → the gateway's `snat` / `dnat`. */
export function mapNatEntries(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_snat_entry')) {
    const nat = natOf(t, r, 'snat_table_id')
    if (!nat) {
      t.warnings.push(`${r.address}: its NAT gateway is not in this ${t.where}; skipped`)
      continue
    }
    const hasVSwitch = str(r.values.source_vswitch_id) !== undefined || r.expressions.source_vswitch_id
    const source = hasVSwitch ? `vswitch:${t.vswitchName(r, 'source_vswitch_id')}` : str(r.values.source_cidr)
    if (!source) {
      t.warnings.push(`${r.address}: neither source_vswitch_id nor source_cidr is known; skipped`)
      continue
    }
    const snat: NatGatewayDoc['snat'][number] & {eip?: string} = {source}
    const eip = ipValue(t, r, 'snat_ip')
    if (eip && !eip.includes(',')) snat.eip = eip
    nat.snat.push(snat)
  }
  for (const r of t.ofType('alicloud_forward_entry')) {
    const nat = natOf(t, r, 'forward_table_id')
    const v = r.values
    if (!nat) {
      t.warnings.push(`${r.address}: its NAT gateway is not in this ${t.where}; skipped`)
      continue
    }
    const externalPort = Number(v.external_port)
    const internalPort = Number(v.internal_port)
    const eip = ipValue(t, r, 'external_ip')
    const internalIp = ipValue(t, r, 'internal_ip')
    if (!Number.isInteger(externalPort) || !Number.isInteger(internalPort) || !eip || !internalIp) {
      t.warnings.push(`${r.address}: ${!eip || !internalIp ? 'addresses not known until apply' : `ports ${String(v.external_port)} → ${String(v.internal_port)} (IP mapping or a range)`}; DNAT entry skipped`)
      continue
    }
    const dnat: DnatDoc = {eip, externalPort, internalIp, internalPort, protocol: String(v.ip_protocol ?? 'tcp').toLowerCase()}
    nat.dnat = [...(nat.dnat ?? []), dnat]
  }
  for (const nat of t.nats) {
    nat.snat.sort((a, b) => a.source.localeCompare(b.source, 'en'))
    nat.dnat?.sort((a, b) => a.eip.localeCompare(b.eip, 'en') || a.externalPort - b.externalPort)
  }
}
