import type {ListenerDoc, LoadBalancerDoc} from '../document.js'
import {quoted} from '../escape.js'
import {list, tags, text, type AliyunContext, type Obj} from './common.js'

/** SLBs the cloud controller manages for a LoadBalancer Service carry these tags. */
const CCM_SLB_TAGS = ['kubernetes.do.not.delete', 'ack.aliyun.com']

/** The tag that shows ACK's cloud controller manages this SLB (it comes with its Service from kubectl), if any. */
export function ccmTagOf(lb: Obj): string | undefined {
  const lbTags = tags(lb)
  return CCM_SLB_TAGS.find((key) => lbTags.has(key))
}

/**
 * Listener attribute responses by `LB:PORT`. Some responses carry no LoadBalancerId: they
 * belong to the only SLB imported, or to the one named by `--listener-slb`; otherwise they
 * cannot be placed and a warning says so.
 */
function listenerAttributesByPort(c: AliyunContext, lbIds: string[]): Map<string, Obj> {
  const byPort = new Map<string, Obj>()
  const orphans: Obj[] = []
  for (const attribute of c.r.listenerAttributes) {
    const lbId = text(attribute.LoadBalancerId) ?? c.options.listenerSlb ?? (lbIds.length === 1 ? lbIds[0] : undefined)
    if (!lbId) orphans.push(attribute)
    else byPort.set(`${lbId}:${String(attribute.ListenerPort)}`, attribute)
  }
  if (orphans.length > 0) c.warnings.push(`${orphans.length} listener attribute response(s) (port ${orphans.map((o) => quoted(o.ListenerPort)).join(', ')}) have no LoadBalancerId and ${lbIds.length} SLBs are imported; pass --listener-slb LB_ID to say whose they are (backend ports and ACLs of those listeners are unknown)`)
  return byPort
}

/**
 * The listeners of an SLB, once each: the documented `ListenerPortsAndProtocol` and the
 * historical misspelling `ListenerPortsAndProtocal` list the same listeners (older responses
 * carry only the latter), so they are merged by port and protocol.
 */
export function listenersOf(attribute: Obj | undefined): Array<{port: number; protocol: string}> {
  const seen = new Map<string, {port: number; protocol: string}>()
  const all = [...list(attribute, 'ListenerPortsAndProtocol', 'ListenerPortAndProtocol'), ...list(attribute, 'ListenerPortsAndProtocal', 'ListenerPortAndProtocal')]
  for (const listener of all) {
    const port = Number(listener.ListenerPort)
    const protocol = String(listener.ListenerProtocol ?? listener.ListenerProtocal ?? 'tcp').toLowerCase()
    if (!Number.isInteger(port)) continue
    const key = `${port}/${protocol}`
    if (!seen.has(key)) seen.set(key, {port, protocol})
  }
  return [...seen.values()]
}

/** A backend as acknet writes it: `instance:NAME:PORT`, or `ip:ADDRESS:PORT` for ENI/ECI backends. */
function backendOf(server: Obj, port: number, lb: string, c: AliyunContext): string | undefined {
  const type = String(server.Type ?? 'ecs').toLowerCase()
  if (type === 'ecs') return `instance:${c.names.instance.get(String(server.ServerId)) ?? c.ref(c.names.instance, String(server.ServerId), 'instance')}:${port}`
  if (text(server.ServerIp)) return `ip:${String(server.ServerIp)}:${port}`
  c.warnings.push(`SLB ${lb}: backend ${quoted(server.ServerId)} of type ${quoted(type)} has no ServerIp; skipped`)
  return undefined
}

/**
 * DescribeLoadBalancers + DescribeLoadBalancerAttribute (listeners, default backends) +
 * listener attributes (backend port, ACL, vServer group) + DescribeVServerGroupAttribute
 * (the group's backends, each with its own port) + DescribeAccessControlListAttribute.
 */
export function mapLoadBalancers(c: AliyunContext): void {
  const attributes = new Map(c.r.loadBalancerAttributes.map((a) => [String(a.LoadBalancerId), a]))
  const summaries = new Map(c.r.loadBalancers.map((lb) => [String(lb.LoadBalancerId), lb]))
  const ids = [...new Set([...summaries.keys(), ...attributes.keys()])]
  const listenerAttributes = listenerAttributesByPort(c, ids)
  const vServerGroups = new Map(c.r.vServerGroups.map((g) => [String(g.VServerGroupId), g]))
  const acls = new Map(c.r.acls.map((a) => [String(a.AclId), a]))
  const usedGroups = new Set<string>()
  for (const id of ids) {
    const lb = {...attributes.get(id), ...summaries.get(id)}
    const owner = ccmTagOf(lb)
    if (owner) {
      c.warnings.push(`SLB ${quoted(id)} (${quoted(text(lb.LoadBalancerName) ?? 'unnamed')}) is managed by ACK's cloud controller (tag ${owner}) for a LoadBalancer Service; it comes with the Service from \`acknet import kubectl\`, not imported here`)
      continue
    }
    if (String(lb.NetworkType ?? 'vpc').toLowerCase() === 'classic') {
      c.warnings.push(`SLB ${quoted(id)} is in the classic network; skipped`)
      continue
    }
    const addressType = String(lb.AddressType ?? 'internet').toLowerCase() === 'intranet' ? 'intranet' : 'internet'
    const doc: LoadBalancerDoc = {name: c.names.lb.assign(id, text(lb.LoadBalancerName)), vpc: c.ref(c.names.vpc, String(lb.VpcId), 'VPC'), vswitch: '', addressType, listeners: []}
    const vswitchId = text(lb.VSwitchId)
    if (vswitchId) doc.vswitch = c.ref(c.names.vswitch, vswitchId, 'vSwitch')
    else delete (doc as Obj).vswitch
    const address = text(lb.Address)
    if (address) doc.address = address
    const attribute = attributes.get(id)
    if (!attribute) c.warnings.push(`SLB ${doc.name}: no DescribeLoadBalancerAttribute response, so its listeners and backends are unknown`)
    const listeners = listenersOf(attribute)
    const servers = list(attribute, 'BackendServers', 'BackendServer')
    let aclChosen: string | undefined
    for (const {port, protocol} of listeners) {
      const detail = listenerAttributes.get(`${id}:${port}`)
      const groupId = text(detail?.VServerGroupId)
      const backends: string[] = []
      if (groupId) {
        usedGroups.add(groupId)
        const group = vServerGroups.get(groupId)
        if (!group) c.warnings.push(`SLB ${doc.name} listener ${port} forwards to vServer group ${quoted(groupId)}, which has no DescribeVServerGroupAttribute response; its backends are unknown (add it to --slb)`)
        for (const server of list(group, 'BackendServers', 'BackendServer')) {
          const backend = backendOf(server, Number(server.Port), doc.name, c)
          if (backend) backends.push(backend)
        }
      } else {
        let backendPort = Number(detail?.BackendServerPort)
        if (!Number.isInteger(backendPort) || backendPort <= 0) {
          backendPort = port
          if (servers.length > 0) c.note(`SLB ${doc.name} listener ${port}: backend port unknown (add DescribeLoadBalancer${protocol.toUpperCase()}ListenerAttribute to --slb); assumed ${port}`)
        }
        for (const server of servers) {
          const backend = backendOf(server, backendPort, doc.name, c)
          if (backend) backends.push(backend)
        }
      }
      const listenerDoc: ListenerDoc = {port, protocol, backends: [...new Set(backends)].sort()}
      doc.listeners.push(listenerDoc)
      if (detail && String(detail.AclStatus ?? 'off').toLowerCase() === 'on' && text(detail.AclId)) {
        const aclId = String(detail.AclId)
        if (aclChosen && aclChosen !== aclId) {
          c.warnings.push(`SLB ${doc.name}: listeners use different ACLs (${quoted(aclChosen)}, ${quoted(aclId)}); acknet models one ACL per SLB, the first is used`)
          continue
        }
        aclChosen = aclId
        const acl = acls.get(aclId)
        const type = String(detail.AclType ?? 'white').toLowerCase() === 'black' ? 'black' : 'white'
        if (!acl) c.warnings.push(`SLB ${doc.name}: ACL ${quoted(aclId)} has no DescribeAccessControlListAttribute response; its entries are unknown (an empty ${type} list is imported)`)
        const entries = list(acl, 'AclEntrys', 'AclEntry').map((e) => String(e.AclEntryIP))
        const ipv6 = entries.filter((cidr) => cidr.includes(':'))
        if (ipv6.length > 0) c.warnings.push(`SLB ${doc.name}: ${ipv6.length} IPv6 entr(ies) of ACL ${quoted(aclId)} not imported (a load balancer is IPv4 in acknet: SPEC §8 gives SLBs no IPv6)`)
        doc.acl = {type, cidrs: entries.filter((cidr) => cidr && !cidr.includes(':'))}
      }
    }
    if (servers.length > 0 && listeners.length === 0) c.warnings.push(`SLB ${doc.name} has backends but no listeners; nothing reaches them`)
    doc.listeners.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol, 'en'))
    c.loadBalancers.push(doc)
    c.sources.set(doc, c.source(c.names.lb, id, `DescribeLoadBalancers${attribute ? ' + DescribeLoadBalancerAttribute' : ''}`))
  }
  // a group is reached only through a listener attribute that names it: without one it says nothing
  const unused = [...vServerGroups.keys()].filter((groupId) => !usedGroups.has(groupId))
  if (unused.length > 0) c.warnings.push(`vServer group(s) ${unused.map((groupId) => quoted(groupId)).join(', ')} are used by no imported listener (add the SLB's DescribeLoadBalancerAttribute and its listener attributes to --slb); not imported`)
}
