import type {SecurityGroupDoc, SgRuleDoc} from '../document.js'
import {sortRules} from '../rules.js'
import {str, type TerraformContext} from './context.js'

/** alicloud_security_group → `securityGroups`. */
export function mapSecurityGroups(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_security_group')) {
    const doc: SecurityGroupDoc = {name: t.nameOf(r, 'security group', 'security_group_name', 'name'), vpc: '', rules: []}
    doc.vpc = t.name(t.ref(r, 'vpc_id')?.resource) ?? t.unresolved(r, 'vpc_id', 'VPC')
    if (str(r.values.security_group_type) === 'enterprise') doc.type = 'enterprise'
    if (String(r.values.inner_access_policy ?? '').toLowerCase() === 'drop' || r.values.inner_access === false) doc.innerAccess = 'drop'
    t.groups.push(doc)
    t.sources.set(doc, t.sourceOf(r))
  }
}

/** alicloud_security_group_rule → its group's `rules` (description kept). */
export function mapSecurityGroupRules(t: TerraformContext): void {
  for (const r of t.ofType('alicloud_security_group_rule')) {
    const group = t.groups.find((g) => g.name === t.name(t.ref(r, 'security_group_id')?.resource))
    if (!group) {
      t.warnings.push(`${r.address}: its security group is not in this ${t.where}; rule skipped`)
      continue
    }
    const v = r.values
    const protocol = String(v.ip_protocol ?? '').toLowerCase()
    if (!['tcp', 'udp', 'icmp', 'all'].includes(protocol)) {
      t.warnings.push(`${r.address}: protocol ${protocol || '(none)'} is not modelled (tcp, udp, icmp, all); rule skipped`)
      continue
    }
    const rule: SgRuleDoc = {direction: v.type === 'egress' ? 'egress' : 'ingress', protocol: protocol as SgRuleDoc['protocol']}
    if (str(v.port_range) && v.port_range !== '-1/-1' && (protocol === 'tcp' || protocol === 'udp')) rule.ports = v.port_range
    const hasPeerGroup = str(v.source_security_group_id) !== undefined || r.expressions.source_security_group_id
    if (str(v.cidr_ip)) rule.peer = v.cidr_ip
    else if (str(v.ipv6_cidr_ip)) rule.peer = v.ipv6_cidr_ip
    else if (hasPeerGroup) rule.peer = `sg:${t.name(t.ref(r, 'source_security_group_id')?.resource) ?? t.unresolved(r, 'source_security_group_id', 'security group')}`
    else if (str(v.prefix_list_id)) {
      t.warnings.push(`${r.address}: matches prefix list ${v.prefix_list_id}; acknet models CIDRs (IPv4 and IPv6) and groups, rule skipped`)
      continue
    }
    if (String(v.policy ?? 'accept').toLowerCase() === 'drop') rule.action = 'drop'
    const priority = Number(v.priority ?? 1)
    if (Number.isInteger(priority) && priority !== 1) rule.priority = priority
    if (str(v.description)) rule.description = v.description
    group.rules.push(rule)
  }
  for (const group of t.groups) sortRules(group.rules)
}
