import type {SecurityGroupDoc, SgRuleDoc} from '../document.js'
import {quoted} from '../escape.js'
import {sortRules} from '../rules.js'
import {list, text, type AliyunContext, type Obj} from './common.js'

function protocolOf(value: unknown): SgRuleDoc['protocol'] | undefined {
  const p = String(value ?? '').toLowerCase()
  return p === 'tcp' || p === 'udp' || p === 'icmp' || p === 'all' ? p : undefined
}

/** DescribeSecurityGroups (type, VPC) + DescribeSecurityGroupAttribute (rules, inner access) → `securityGroups`. */
export function mapSecurityGroups(c: AliyunContext): void {
  const attributesById = new Map(c.r.groupAttributes.map((attribute) => [String(attribute.SecurityGroupId), attribute]))
  const groupInfo = new Map(c.r.groups.map((g) => [String(g.SecurityGroupId), g]))
  const groupIds = new Set<string>()
  for (const id of new Set([...groupInfo.keys(), ...attributesById.keys()])) {
    // a group of the classic network (DescribeSecurityGroups prints `"VpcId": ""`) has no VPC to be in
    if (text({...attributesById.get(id), ...groupInfo.get(id)}.VpcId)) groupIds.add(id)
    else c.warnings.push(`security group ${quoted(id)} has no VpcId (classic network); skipped`)
  }
  for (const id of groupIds) c.names.group.assign(id, text(groupInfo.get(id)?.SecurityGroupName) ?? text(attributesById.get(id)?.SecurityGroupName))
  for (const id of groupIds) {
    const info = {...attributesById.get(id), ...groupInfo.get(id)}
    const doc: SecurityGroupDoc = {name: c.names.group.get(id)!, vpc: c.ref(c.names.vpc, text(info.VpcId)!, 'VPC'), rules: []}
    if (String(info.SecurityGroupType ?? '').toLowerCase() === 'enterprise') doc.type = 'enterprise'
    const attribute = attributesById.get(id)
    if (attribute && String(attribute.InnerAccessPolicy ?? '').toLowerCase() === 'drop') doc.innerAccess = 'drop'
    if (!attribute) c.warnings.push(`security group ${doc.name}: no DescribeSecurityGroupAttribute response, so its rules are unknown (add one per group to --security-groups)`)
    for (const permission of list(attribute, 'Permissions', 'Permission')) {
      const rule = mapPermission(permission, doc.name, c)
      if (rule) doc.rules.push(rule)
    }
    sortRules(doc.rules)
    c.groups.push(doc)
    c.sources.set(doc, c.source(c.names.group, id, `DescribeSecurityGroups${attribute ? ' + DescribeSecurityGroupAttribute' : ''}`))
  }
}

/** One Permission → one rule; its Description is kept. */
export function mapPermission(permission: Obj, group: string, c: AliyunContext): SgRuleDoc | undefined {
  const direction = String(permission.Direction ?? 'ingress').toLowerCase() === 'egress' ? 'egress' : 'ingress'
  const label = `security group ${group}: ${direction} rule ${quoted(text(permission.SecurityGroupRuleId) ?? `${String(permission.IpProtocol)} ${String(permission.PortRange)}`)}`
  const protocol = protocolOf(permission.IpProtocol)
  if (!protocol) {
    c.warnings.push(`${label} uses protocol ${quoted(permission.IpProtocol)}; acknet models tcp, udp, icmp and all, skipped`)
    return undefined
  }
  const rule: SgRuleDoc = {direction, protocol}
  const range = text(permission.PortRange)
  if (range && range !== '-1/-1' && (protocol === 'tcp' || protocol === 'udp')) rule.ports = range
  const cidr = direction === 'ingress' ? text(permission.SourceCidrIp) : text(permission.DestCidrIp)
  const peerGroup = direction === 'ingress' ? text(permission.SourceGroupId) : text(permission.DestGroupId)
  const ipv6 = direction === 'ingress' ? text(permission.Ipv6SourceCidrIp) : text(permission.Ipv6DestCidrIp)
  const prefixList = direction === 'ingress' ? text(permission.SourcePrefixListId) : text(permission.DestPrefixListId)
  if (cidr) rule.peer = cidr
  else if (ipv6) rule.peer = ipv6
  else if (peerGroup) rule.peer = `sg:${c.names.group.get(peerGroup) ?? c.ref(c.names.group, peerGroup, 'security group')}`
  else if (prefixList) {
    c.warnings.push(`${label} matches prefix list ${quoted(prefixList)}; acknet models CIDRs (IPv4 and IPv6) and groups, skipped`)
    return undefined
  }
  if (String(permission.Policy ?? 'accept').toLowerCase() === 'drop') rule.action = 'drop'
  const priority = Number(permission.Priority ?? 1)
  if (Number.isInteger(priority) && priority !== 1) rule.priority = priority
  const description = text(permission.Description)
  if (description) rule.description = description
  return rule
}
