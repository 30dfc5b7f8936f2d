import type {InstanceDoc} from '../document.js'
import {str, type TerraformContext} from './context.js'

/** alicloud_eip_association → the EIP addresses of each instance / NAT gateway. */
export function mapEipAssociations(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_eip_association')) {
    const eip = t.ref(r, 'allocation_id')?.resource
    const target = t.ref(r, 'instance_id')?.resource
    if (!target) continue
    const address = eip ? str(eip.values.ip_address) : undefined
    if (!address) t.warnings.push(`${r.address}: the EIP address is not known until apply; ${target.address} gets it then`)
    const addresses = t.eipsOf.get(target) ?? []
    if (address) addresses.push(address)
    t.eipsOf.set(target, addresses)
  }
}

/**
 * alicloud_instance → `instances`. Every security group is kept: one that is not in the file
 * is kept by its id with a note (dropping it would leave the instance with no group and reach
 * would answer "(none)").
 */
export function mapInstances(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_instance')) {
    // a classic-network instance (`vswitch_id: ""`), or an entry with no values: no vSwitch to be in
    if (!str(r.values.vswitch_id) && !t.ref(r, 'vswitch_id')) {
      t.warnings.push(`${r.address}: no vswitch_id in this ${t.where} (${Object.keys(r.values).length === 0 ? 'the resource has no values' : 'classic network?'}); skipped`)
      continue
    }
    const doc: InstanceDoc = {name: t.nameOf(r, 'instance', 'instance_name', 'host_name'), vswitch: t.vswitchName(r, 'vswitch_id'), securityGroups: t.resolveAll(r, 'security_groups', 'security group')}
    if (str(r.values.private_ip)) doc.ip = r.values.private_ip
    const ipv6 = Array.isArray(r.values.ipv6_addresses) ? r.values.ipv6_addresses.filter((a: unknown): a is string => str(a) !== undefined) : []
    if (ipv6[0]) doc.ipv6 = ipv6[0]
    else if (Number(r.values.ipv6_address_count ?? 0) > 0) doc.ipv6 = true
    if (ipv6.length > 1) t.warnings.push(`${r.address}: ${ipv6.length - 1} more IPv6 address(es) not imported (acknet models one per instance)`)
    if (Number(r.values.internet_max_bandwidth_out ?? 0) > 0 || t.eipsOf.has(r)) doc.publicIp = true
    t.instances.push(doc)
    t.sources.set(doc, t.sourceOf(r, str(r.values.instance_type) ? ` ${r.values.instance_type}` : ''))
  }
}
