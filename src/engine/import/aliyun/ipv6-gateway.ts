import type {Ipv6GatewayDoc} from '../document.js'
import {quoted} from '../escape.js'
import {text, type AliyunContext, type Obj} from './common.js'

/** An address has IPv6 internet bandwidth when DescribeIpv6Addresses gives it an Ipv6InternetBandwidth with an id. */
function hasInternetBandwidth(address: Obj): boolean {
  const bandwidth = address.Ipv6InternetBandwidth as Obj | undefined
  return Boolean(bandwidth && typeof bandwidth === 'object' && (text(bandwidth.Ipv6InternetBandwidthId) || Number(bandwidth.Bandwidth) > 0))
}

/**
 * DescribeIpv6Gateways (one per VPC) + DescribeIpv6Addresses → `ipv6Gateways` (SPEC §8). The
 * `internet` list is the addresses with IPv6 internet bandwidth, one /128 each. Runs after the
 * VPCs and before the routes, which point at gateways (`ipv6gw:NAME`).
 */
export function mapIpv6Gateways(c: AliyunContext): void {
  const gatewayOfVpc = new Map<string, Ipv6GatewayDoc>()
  for (const gateway of c.r.ipv6Gateways) {
    const id = text(gateway.Ipv6GatewayId)
    const vpcId = text(gateway.VpcId)
    if (!id || !vpcId) continue
    const doc: Ipv6GatewayDoc = {name: c.names.ipv6gw.assign(id, text(gateway.Name)), vpc: c.vpcById.get(vpcId)?.name ?? c.ref(c.names.vpc, vpcId, 'VPC'), internet: []}
    c.ipv6GatewayById.set(id, doc)
    gatewayOfVpc.set(vpcId, doc)
    c.sources.set(doc, c.source(c.names.ipv6gw, id, `DescribeIpv6Gateways${c.r.ipv6Addresses.length > 0 ? ' + DescribeIpv6Addresses' : ''}`))
  }
  for (const address of c.r.ipv6Addresses) {
    const ip = text(address.Ipv6Address)
    if (!ip || !hasInternetBandwidth(address)) continue
    const gateway = c.ipv6GatewayById.get(text(address.Ipv6GatewayId) ?? '') ?? gatewayOfVpc.get(text(address.VpcId) ?? '')
    if (!gateway) {
      c.warnings.push(`IPv6 address ${quoted(ip)} has IPv6 internet bandwidth, but its IPv6 gateway ${quoted(text(address.Ipv6GatewayId) ?? '(none)')} is not imported (add DescribeIpv6Gateways to --ipv6-gateways); not imported`)
      continue
    }
    gateway.internet.push(`${ip}/128`)
  }
  for (const gateway of c.ipv6GatewayById.values()) {
    gateway.internet.sort((a, b) => a.localeCompare(b, 'en'))
    if (c.r.ipv6Addresses.length === 0) c.note(`IPv6 gateway ${gateway.name}: no DescribeIpv6Addresses response, so no address is listed with IPv6 internet bandwidth (internet: []); add it to --ipv6-gateways`)
  }
}
