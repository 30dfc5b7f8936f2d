import type {Ipv6GatewayDoc} from '../document.js'
import {str, type TerraformContext} from './context.js'

/** alicloud_vpc_ipv6_gateway → `ipv6Gateways` (its `internet` list comes from the bandwidth resources). */
export function mapIpv6Gateways(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_vpc_ipv6_gateway')) {
    const doc: Ipv6GatewayDoc = {name: t.nameOf(r, 'IPv6 gateway', 'ipv6_gateway_name', 'name'), vpc: '', internet: []}
    doc.vpc = t.name(t.ref(r, 'vpc_id')?.resource) ?? t.unresolved(r, 'vpc_id', 'VPC')
    t.ipv6Gateways.set(r, doc)
    t.sources.set(doc, t.sourceOf(r))
  }
}

/**
 * alicloud_vpc_ipv6_internet_bandwidth → a /128 in its gateway's `internet` list. The address
 * comes from the alicloud_vpc_ipv6_address that ipv6_address_id names (its `ipv6_address`);
 * an id that resolves to nothing in the file cannot give an address: a warning.
 */
export function mapIpv6InternetBandwidths(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_vpc_ipv6_internet_bandwidth')) {
    const gatewayResource = t.ref(r, 'ipv6_gateway_id')?.resource
    const gateway = gatewayResource ? t.ipv6Gateways.get(gatewayResource) : undefined
    const address = t.ref(r, 'ipv6_address_id')?.resource
    const ip = address?.type === 'alicloud_vpc_ipv6_address' ? str(address.values.ipv6_address) : undefined
    if (!gateway || !ip) {
      t.warnings.push(`${r.address}: ${gateway ? `the IPv6 address ${str(r.values.ipv6_address_id) ?? ''} is not an alicloud_vpc_ipv6_address with a known ipv6_address in this ${t.where}` : `its IPv6 gateway is not in this ${t.where}`}; not added to an internet list`.replace('  ', ' '))
      continue
    }
    if (!gateway.internet.includes(`${ip}/128`)) gateway.internet.push(`${ip}/128`)
  }
  for (const gateway of t.ipv6Gateways.values()) gateway.internet.sort((a, b) => a.localeCompare(b, 'en'))
}
