import {AcknetError} from '../../errors.js'
import {emptyDocument, type ClusterDoc, type DnatDoc, type ImportResult, type InstanceDoc, type LoadBalancerDoc, type NatGatewayDoc, type NodePoolDoc, type RouteTableDoc, type SecurityGroupDoc, type SgRuleDoc, type VpcDoc} from './document.js'
import {NameBook} from './naming.js'
import {sortRules} from './rules.js'

/**
 * `acknet import terraform FILE`: `terraform show -json` of a state or of a plan, alicloud
 * provider. In a plan most ids are unknown until apply, so references are followed through
 * the configuration's expressions (`vpc_id = alicloud_vpc.prod.id`) as well as by id; that
 * is what lets a plan be linted before `apply`.
 */
type Obj = Record<string, any>

interface Resource {
  address: string
  /** address without the `[index]` part: how the configuration refers to it */
  base: string
  type: string
  name: string
  values: Obj
  expressions: Obj
}

const MAPPED = new Set([
  'alicloud_vpc', 'alicloud_vswitch', 'alicloud_security_group', 'alicloud_security_group_rule', 'alicloud_route_table', 'alicloud_route_table_attachment', 'alicloud_route_entry',
  'alicloud_instance', 'alicloud_nat_gateway', 'alicloud_snat_entry', 'alicloud_forward_entry', 'alicloud_eip', 'alicloud_eip_address', 'alicloud_eip_association',
  'alicloud_slb', 'alicloud_slb_load_balancer', 'alicloud_slb_listener', 'alicloud_slb_backend_server', 'alicloud_slb_attachment', 'alicloud_slb_acl', 'alicloud_slb_acl_entry_attachment',
  'alicloud_cs_managed_kubernetes', 'alicloud_cs_kubernetes', 'alicloud_cs_serverless_kubernetes', 'alicloud_cs_kubernetes_node_pool',
])

function walkModule(module: Obj | undefined, into: Obj[]): void {
  if (!module) return
  for (const resource of module.resources ?? []) into.push(resource)
  for (const child of module.child_modules ?? []) walkModule(child, into)
}

function walkConfig(module: Obj | undefined, prefix: string, into: Map<string, Obj>): void {
  if (!module) return
  for (const resource of module.resources ?? []) into.set(`${prefix}${resource.address}`, resource.expressions ?? {})
  for (const [name, call] of Object.entries<Obj>(module.module_calls ?? {})) walkConfig(call.module, `${prefix}module.${name}.`, into)
}

function stripIndex(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '')
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined
}

export function importTerraform(data: unknown, options: {file: string; name?: string}): ImportResult {
  const root = data as Obj
  if (!root || typeof root !== 'object' || !('format_version' in root)) throw new AcknetError('is not `terraform show -json` output (no format_version)', {position: {file: options.file}})
  const isPlan = 'planned_values' in root
  const module = isPlan ? root.planned_values?.root_module : root.values?.root_module
  if (!module) throw new AcknetError(`has no ${isPlan ? 'planned_values' : 'values'}.root_module (empty state?)`, {position: {file: options.file}})

  const raw: Obj[] = []
  walkModule(module, raw)
  const config = new Map<string, Obj>()
  walkConfig(root.configuration?.root_module, '', config)
  const resources: Resource[] = raw.filter((r) => r.mode !== 'data').map((r) => {
    const base = stripIndex(String(r.address))
    return {address: String(r.address), base, type: String(r.type), name: String(r.name), values: r.values ?? {}, expressions: config.get(base) ?? {}}
  })

  const warnings: string[] = []
  const sources = new Map<object, string>()
  const ofType = (...types: string[]) => resources.filter((r) => types.includes(r.type))

  const unmapped = new Map<string, number>()
  for (const r of resources) if (!MAPPED.has(r.type)) unmapped.set(r.type, (unmapped.get(r.type) ?? 0) + 1)
  for (const [type, count] of unmapped) warnings.push(`${count} ${type} resource(s) are not mapped by acknet; not imported`)

  // References: by id value (state), else through configuration expressions (plan).
  const byValue = new Map<string, {resource: Resource; attribute: string}>()
  for (const r of resources) {
    for (const attribute of ['id', 'route_table_id', 'snat_table_ids', 'forward_table_ids', 'ip_address', 'private_ip']) {
      const value = str(r.values[attribute])
      if (value && !byValue.has(value)) byValue.set(value, {resource: r, attribute})
    }
  }
  const byBase = new Map<string, Resource>()
  for (const r of resources) if (!byBase.has(r.base)) byBase.set(r.base, r)
  const refsFromConfig = (r: Resource, attribute: string): Array<{resource: Resource; attribute: string}> => {
    const prefix = r.base.includes('module.') ? r.base.slice(0, r.base.lastIndexOf('module.')) + r.base.slice(r.base.lastIndexOf('module.')).split('.').slice(0, 2).join('.') + '.' : ''
    const found: Array<{resource: Resource; attribute: string}> = []
    const expression = r.expressions[attribute]
    const references: string[] = Array.isArray(expression?.references) ? expression.references : []
    for (const reference of references) {
      const parts = reference.replace(/\[[^\]]*\]/g, '').split('.')
      for (let cut = parts.length; cut >= 2; cut--) {
        const target = byBase.get(prefix + parts.slice(0, cut).join('.')) ?? byBase.get(parts.slice(0, cut).join('.'))
        if (target) {
          const attr = parts[cut] ?? 'id'
          if (!found.some((f) => f.resource === target)) found.push({resource: target, attribute: attr})
          break
        }
      }
    }
    return found
  }
  const refs = (r: Resource, attribute: string): Array<{resource: Resource; attribute: string}> => {
    const value = r.values[attribute]
    const values = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(str).filter((v): v is string => v !== undefined)
    const byId = values.map((v) => byValue.get(v)).filter((hit): hit is {resource: Resource; attribute: string} => hit !== undefined)
    return byId.length > 0 && byId.length === values.length ? byId : refsFromConfig(r, attribute).length > 0 ? refsFromConfig(r, attribute) : byId
  }
  const ref = (r: Resource, attribute: string) => refs(r, attribute)[0]

  // Names: *_name attribute, else id, else the Terraform resource name.
  const books = new Map<string, NameBook>()
  const nameOf = (r: Resource, kind: string, ...attributes: string[]): string => {
    if (!books.has(kind)) books.set(kind, new NameBook(kind, warnings))
    const preferred = attributes.map((a) => str(r.values[a])).find(Boolean) ?? str(r.values.id) ?? r.address.replace(/^.*?\.([^.]+)$/, '$1').replace(/\[(\d+)\]$/, '-$1').replace(/\["([^"]+)"\]$/, '-$1')
    return books.get(kind)!.assign(r.address, preferred)
  }
  const names = new Map<Resource, string>()
  const name = (r: Resource | undefined): string | undefined => (r ? names.get(r) : undefined)
  const unresolved = (r: Resource, attribute: string, what: string): string => {
    warnings.push(`${r.address}: ${attribute} does not resolve to a ${what} in this ${isPlan ? 'plan' : 'state'}; left as ${str(r.values[attribute]) ?? '(unknown)'}`)
    return str(r.values[attribute]) ?? '(unknown)'
  }

  const document = emptyDocument(options.name ?? 'imported')
  // VPCs and vSwitches
  const vpcs: VpcDoc[] = []
  for (const r of ofType('alicloud_vpc')) {
    const doc: VpcDoc = {name: nameOf(r, 'VPC', 'vpc_name', 'name'), cidr: String(r.values.cidr_block ?? ''), vswitches: []}
    names.set(r, doc.name)
    const secondary = r.values.secondary_cidr_blocks
    if (Array.isArray(secondary) && secondary.length > 0) doc.secondaryCidrs = secondary
    vpcs.push(doc)
    sources.set(doc, r.address)
  }
  const vpcDoc = (n: string | undefined) => vpcs.find((v) => v.name === n)
  const vswitchVpc = new Map<Resource, VpcDoc>()
  for (const r of ofType('alicloud_vswitch')) {
    const vpc = vpcDoc(name(ref(r, 'vpc_id')?.resource))
    const doc = {name: nameOf(r, 'vSwitch', 'vswitch_name', 'name'), zone: String(r.values.zone_id ?? r.values.availability_zone ?? ''), cidr: String(r.values.cidr_block ?? '')} as VpcDoc['vswitches'][number]
    names.set(r, doc.name)
    if (!vpc) {
      warnings.push(`${r.address}: its VPC is not in this ${isPlan ? 'plan' : 'state'}; vSwitch skipped`)
      continue
    }
    vswitchVpc.set(r, vpc)
    vpc.vswitches.push(doc)
    sources.set(doc, r.address)
  }
  const vswitchName = (r: Resource, attribute: string) => name(ref(r, attribute)?.resource) ?? unresolved(r, attribute, 'vSwitch')

  // Route tables
  const tables = new Map<Resource | string, {vpc: VpcDoc; doc: RouteTableDoc}>()
  const systemTable = (vpc: VpcDoc) => {
    let table = vpc.routeTables?.find((t) => t.name === 'system')
    if (!table) {
      table = {name: 'system', routes: []}
      vpc.routeTables = [table, ...(vpc.routeTables ?? [])]
    }
    return table
  }
  for (const r of ofType('alicloud_route_table')) {
    const vpc = vpcDoc(name(ref(r, 'vpc_id')?.resource))
    const doc: RouteTableDoc = {name: nameOf(r, 'route table', 'route_table_name', 'name'), routes: []}
    names.set(r, doc.name)
    if (!vpc) {
      warnings.push(`${r.address}: its VPC is not in this ${isPlan ? 'plan' : 'state'}; skipped`)
      continue
    }
    if (str(r.values.associate_type) === 'Gateway') {
      warnings.push(`${r.address} is a gateway route table; acknet does not model IPv4 gateways, skipped`)
      continue
    }
    vpc.routeTables = [...(vpc.routeTables ?? []), doc]
    tables.set(r, {vpc, doc})
    sources.set(doc, r.address)
  }
  for (const r of ofType('alicloud_route_table_attachment')) {
    const table = tables.get(ref(r, 'route_table_id')?.resource as Resource)
    const vswitch = ref(r, 'vswitch_id')?.resource
    const doc = table?.vpc.vswitches.find((v) => v.name === name(vswitch))
    if (table && doc) doc.routeTable = table.doc.name
    else warnings.push(`${r.address}: route table or vSwitch not in this ${isPlan ? 'plan' : 'state'}; binding skipped`)
  }

  // Security groups and rules
  const groups: SecurityGroupDoc[] = []
  for (const r of ofType('alicloud_security_group')) {
    const doc: SecurityGroupDoc = {name: nameOf(r, 'security group', 'security_group_name', 'name'), vpc: name(ref(r, 'vpc_id')?.resource) ?? unresolved(r, 'vpc_id', 'VPC'), rules: []}
    names.set(r, doc.name)
    if (str(r.values.security_group_type) === 'enterprise') doc.type = 'enterprise'
    if (String(r.values.inner_access_policy ?? '').toLowerCase() === 'drop' || r.values.inner_access === false) doc.innerAccess = 'drop'
    groups.push(doc)
    sources.set(doc, r.address)
  }
  for (const r of ofType('alicloud_security_group_rule')) {
    const group = groups.find((g) => g.name === name(ref(r, 'security_group_id')?.resource))
    if (!group) {
      warnings.push(`${r.address}: its security group is not in this ${isPlan ? 'plan' : 'state'}; rule skipped`)
      continue
    }
    const v = r.values
    const protocol = String(v.ip_protocol ?? '').toLowerCase()
    if (!['tcp', 'udp', 'icmp', 'all'].includes(protocol)) {
      warnings.push(`${r.address}: protocol ${protocol || '(none)'} is not modelled (tcp, udp, icmp, all); rule skipped`)
      continue
    }
    const rule: SgRuleDoc = {direction: v.type === 'egress' ? 'egress' : 'ingress', protocol: protocol as SgRuleDoc['protocol']}
    if (str(v.port_range) && v.port_range !== '-1/-1' && (protocol === 'tcp' || protocol === 'udp')) rule.ports = v.port_range
    const peerGroup = r.values.source_security_group_id !== undefined || r.expressions.source_security_group_id ? ref(r, 'source_security_group_id')?.resource : undefined
    if (str(v.cidr_ip)) rule.peer = v.cidr_ip
    else if (peerGroup) rule.peer = `sg:${name(peerGroup)}`
    else if (str(v.ipv6_cidr_ip) || str(v.prefix_list_id)) {
      warnings.push(`${r.address}: matches ${str(v.ipv6_cidr_ip) ? `IPv6 ${v.ipv6_cidr_ip}` : `prefix list ${v.prefix_list_id}`}; acknet models IPv4 CIDRs and groups, rule skipped`)
      continue
    }
    if (String(v.policy ?? 'accept').toLowerCase() === 'drop') rule.action = 'drop'
    const priority = Number(v.priority ?? 1)
    if (Number.isInteger(priority) && priority !== 1) rule.priority = priority
    group.rules.push(rule)
  }
  for (const group of groups) sortRules(group.rules)

  // EIPs and what they are bound to
  const eipAddress = (r: Resource | undefined) => (r ? str(r.values.ip_address) : undefined)
  const eipsOf = new Map<Resource, string[]>()
  for (const r of ofType('alicloud_eip_association')) {
    const eip = ref(r, 'allocation_id')?.resource
    const target = ref(r, 'instance_id')?.resource
    if (!target) continue
    const address = eipAddress(eip)
    if (!address) warnings.push(`${r.address}: the EIP address is not known until apply; ${target.address} gets it then`)
    const addresses = eipsOf.get(target) ?? []
    if (address) addresses.push(address)
    eipsOf.set(target, addresses)
  }

  // Instances
  const instances: InstanceDoc[] = []
  for (const r of ofType('alicloud_instance')) {
    const doc: InstanceDoc = {name: nameOf(r, 'instance', 'instance_name', 'host_name'), vswitch: vswitchName(r, 'vswitch_id'), securityGroups: refs(r, 'security_groups').map((hit) => name(hit.resource)!).filter(Boolean)}
    names.set(r, doc.name)
    if (str(r.values.private_ip)) doc.ip = r.values.private_ip
    if (Number(r.values.internet_max_bandwidth_out ?? 0) > 0 || eipsOf.has(r)) doc.publicIp = true
    instances.push(doc)
    sources.set(doc, `${r.address}${str(r.values.instance_type) ? ` ${r.values.instance_type}` : ''}`)
  }

  // NAT gateways, SNAT, DNAT
  const nats: NatGatewayDoc[] = []
  for (const r of ofType('alicloud_nat_gateway')) {
    if (String(r.values.network_type ?? 'internet') === 'intranet') {
      warnings.push(`${r.address} is a VPC (intranet) NAT gateway; acknet models Internet NAT gateways only, skipped`)
      continue
    }
    const doc: NatGatewayDoc = {name: nameOf(r, 'NAT gateway', 'nat_gateway_name', 'name'), vpc: name(ref(r, 'vpc_id')?.resource) ?? unresolved(r, 'vpc_id', 'VPC'), vswitch: vswitchName(r, 'vswitch_id'), eips: eipsOf.get(r) ?? [], snat: []}
    names.set(r, doc.name)
    nats.push(doc)
    sources.set(doc, r.address)
  }
  const natOf = (r: Resource, attribute: string) => nats.find((n) => n.name === name(ref(r, attribute)?.resource))
  const ipValue = (r: Resource, attribute: string): string | undefined => {
    const value = str(r.values[attribute])
    if (value && /^\d+\.\d+\.\d+\.\d+$/.test(value)) return value
    const hit = ref(r, attribute)
    return hit ? str(hit.resource.values[hit.attribute === 'id' ? 'ip_address' : hit.attribute]) : undefined
  }
  for (const r of ofType('alicloud_snat_entry')) {
    const nat = natOf(r, 'snat_table_id')
    if (!nat) {
      warnings.push(`${r.address}: its NAT gateway is not in this ${isPlan ? 'plan' : 'state'}; skipped`)
      continue
    }
    const hasVSwitch = r.values.source_vswitch_id !== undefined && r.values.source_vswitch_id !== '' || r.expressions.source_vswitch_id
    const source = hasVSwitch ? `vswitch:${vswitchName(r, 'source_vswitch_id')}` : str(r.values.source_cidr)
    if (!source) {
      warnings.push(`${r.address}: neither source_vswitch_id nor source_cidr is known; skipped`)
      continue
    }
    const snat: NatGatewayDoc['snat'][number] & {eip?: string} = {source}
    const eip = ipValue(r, 'snat_ip')
    if (eip && !eip.includes(',')) snat.eip = eip
    nat.snat.push(snat)
  }
  for (const r of ofType('alicloud_forward_entry')) {
    const nat = natOf(r, 'forward_table_id')
    const v = r.values
    if (!nat) {
      warnings.push(`${r.address}: its NAT gateway is not in this ${isPlan ? 'plan' : 'state'}; skipped`)
      continue
    }
    const externalPort = Number(v.external_port)
    const internalPort = Number(v.internal_port)
    const eip = ipValue(r, 'external_ip')
    const internalIp = ipValue(r, 'internal_ip')
    if (!Number.isInteger(externalPort) || !Number.isInteger(internalPort) || !eip || !internalIp) {
      warnings.push(`${r.address}: ${!eip || !internalIp ? 'addresses not known until apply' : `ports ${String(v.external_port)} → ${String(v.internal_port)} (IP mapping or a range)`}; DNAT entry skipped`)
      continue
    }
    const protocol = String(v.ip_protocol ?? 'tcp').toLowerCase()
    const dnat: DnatDoc = {eip, externalPort, internalIp, internalPort, protocol}
    nat.dnat = [...(nat.dnat ?? []), dnat]
  }
  for (const nat of nats) {
    nat.snat.sort((a, b) => a.source.localeCompare(b.source, 'en'))
    nat.dnat?.sort((a, b) => a.eip.localeCompare(b.eip, 'en') || a.externalPort - b.externalPort)
  }

  // Route entries (after NAT gateways and instances, their next hops)
  for (const r of ofType('alicloud_route_entry')) {
    const hit = ref(r, 'route_table_id')
    const table = hit?.resource.type === 'alicloud_vpc' ? {doc: systemTable(vpcDoc(name(hit.resource))!)} : tables.get(hit?.resource as Resource)
    const destination = str(r.values.destination_cidrblock ?? r.values.destination_cidr_block)
    if (!table || !destination) {
      warnings.push(`${r.address}: route table ${table ? '' : 'not in this file '}or destination unknown; skipped`)
      continue
    }
    const hopType = String(r.values.nexthop_type ?? 'Instance')
    const hop = ref(r, 'nexthop_id')?.resource
    let nextHop: string | undefined
    if (hopType === 'NatGateway' && hop) nextHop = `nat:${name(hop)}`
    else if (hopType === 'Instance' && hop?.type === 'alicloud_instance') nextHop = `instance:${name(hop)}`
    if (!nextHop) {
      warnings.push(`${r.address}: next hop ${hopType} ${str(r.values.nexthop_id) ?? ''} is not modelled or not in this file; route skipped`.replace('  ', ' '))
      continue
    }
    table.doc.routes.push({destination, nextHop})
  }
  for (const vpc of vpcs) for (const table of vpc.routeTables ?? []) table.routes.sort((a, b) => a.destination.localeCompare(b.destination, 'en'))

  // SLB
  const lbs = importSlb()
  function importSlb(): LoadBalancerDoc[] {
    const docs = new Map<Resource, LoadBalancerDoc>()
    for (const r of ofType('alicloud_slb', 'alicloud_slb_load_balancer')) {
      const vswitch = ref(r, 'vswitch_id')?.resource
      const vpc = vswitch ? vswitchVpc.get(vswitch) : undefined
      const doc: LoadBalancerDoc = {name: nameOf(r, 'load balancer', 'load_balancer_name', 'name'), vpc: vpc?.name ?? '', vswitch: name(vswitch) ?? '', addressType: String(r.values.address_type ?? 'internet') === 'intranet' ? 'intranet' : 'internet', listeners: []}
      names.set(r, doc.name)
      if (!vswitch) delete (doc as Obj).vswitch
      if (!vpc) warnings.push(`${r.address}: no vSwitch in this file, so its VPC is unknown`)
      if (str(r.values.address)) doc.address = r.values.address
      docs.set(r, doc)
      sources.set(doc, r.address)
    }
    const lbOf = (r: Resource) => docs.get(ref(r, 'load_balancer_id')?.resource as Resource)
    const backendsOf = new Map<LoadBalancerDoc, string[]>()
    for (const r of ofType('alicloud_slb_backend_server', 'alicloud_slb_attachment')) {
      const lb = lbOf(r)
      if (!lb) continue
      const servers = r.type === 'alicloud_slb_attachment' ? refs(r, 'instance_ids') : refs(r, 'backend_servers')
      const fromValues = r.type === 'alicloud_slb_backend_server' ? (r.values.backend_servers ?? []).map((s: Obj) => byValue.get(String(s.server_id))?.resource) : []
      const all = [...servers.map((s) => s.resource), ...fromValues].filter((s): s is Resource => s?.type === 'alicloud_instance')
      backendsOf.set(lb, [...new Set([...(backendsOf.get(lb) ?? []), ...all.map((s) => name(s)!)])])
    }
    for (const r of ofType('alicloud_slb_listener')) {
      const lb = lbOf(r)
      if (!lb) {
        warnings.push(`${r.address}: its load balancer is not in this file; skipped`)
        continue
      }
      const port = Number(r.values.frontend_port ?? r.values.listener_port)
      const backendPort = Number(r.values.backend_port ?? port)
      lb.listeners.push({port, protocol: String(r.values.protocol ?? 'tcp'), backends: (backendsOf.get(lb) ?? []).sort().map((instance) => `instance:${instance}:${backendPort}`)})
      if (String(r.values.acl_status ?? 'off') === 'on') {
        const acl = ref(r, 'acl_id')?.resource
        const entries = acl ? [...(acl.values.entry_list ?? []).map((e: Obj) => String(e.entry)), ...ofType('alicloud_slb_acl_entry_attachment').filter((a) => ref(a, 'acl_id')?.resource === acl).map((a) => String(a.values.entry))] : []
        if (!acl) warnings.push(`${r.address}: ACL ${str(r.values.acl_id) ?? ''} not in this file; an empty list is imported`)
        lb.acl = {type: r.values.acl_type === 'black' ? 'black' : 'white', cidrs: entries.filter((e) => e && !e.includes(':'))}
      }
    }
    for (const lb of docs.values()) lb.listeners.sort((a, b) => a.port - b.port)
    return [...docs.values()]
  }

  // ACK clusters and node pools
  const clusters: ClusterDoc[] = []
  const clusterByResource = new Map<Resource, ClusterDoc>()
  for (const r of ofType('alicloud_cs_managed_kubernetes', 'alicloud_cs_kubernetes', 'alicloud_cs_serverless_kubernetes')) {
    const v = r.values
    const controlVSwitches = refs(r, v.worker_vswitch_ids !== undefined || r.expressions.worker_vswitch_ids ? 'worker_vswitch_ids' : 'vswitch_ids').map((hit) => hit.resource)
    const vpc = name(ref(r, 'vpc_id')?.resource) ?? controlVSwitches.map((s) => vswitchVpc.get(s)?.name).find(Boolean)
    const doc: ClusterDoc = {name: nameOf(r, 'cluster', 'name'), vpc: vpc ?? unresolved(r, 'vpc_id', 'VPC')}
    names.set(r, doc.name)
    if (r.type === 'alicloud_cs_serverless_kubernetes') doc.type = 'acs'
    const addons = (v.addons ?? []).map((a: Obj) => String(a.name))
    const podVSwitches = refs(r, 'pod_vswitch_ids').map((hit) => name(hit.resource)!).filter(Boolean)
    if (doc.type !== 'acs') {
      const plugin = podVSwitches.length > 0 || addons.some((a: string) => a.startsWith('terway')) ? 'terway' : addons.includes('flannel') || str(v.pod_cidr) ? 'flannel' : undefined
      doc.network = plugin ? {plugin} : {}
      if (plugin === 'terway') {
        doc.network.podVSwitches = podVSwitches
        if (addons.includes('terway-eni')) doc.network.mode = 'exclusive'
      } else if (plugin === 'flannel') {
        if (str(v.pod_cidr)) doc.network.podCidr = v.pod_cidr
        if (Number.isInteger(v.node_cidr_mask)) doc.network.nodeCidrMask = v.node_cidr_mask
      } else warnings.push(`${r.address}: no pod_vswitch_ids, pod_cidr or network addon; plugin unknown`)
    } else if (podVSwitches.length > 0) doc.network = {podVSwitches}
    if (str(v.service_cidr)) doc.serviceCidr = v.service_cidr
    if (str(v.cluster_domain) && v.cluster_domain !== 'cluster.local') doc.clusterDomain = v.cluster_domain
    if (str(v.node_port_range) && v.node_port_range !== '30000-32767') doc.nodePortRange = v.node_port_range
    if (v.new_nat_gateway === true) warnings.push(`${r.address} sets new_nat_gateway: ACK creates a NAT gateway and SNAT entries that are not in this file; import them with \`acknet import aliyun --nat\` after apply`)
    const workerCount = Number(v.worker_number ?? 0)
    if (workerCount > 0) warnings.push(`${r.address} declares ${workerCount} worker nodes outside node pools (worker_number); not imported, use alicloud_cs_kubernetes_node_pool`)
    clusters.push(doc)
    clusterByResource.set(r, doc)
    sources.set(doc, r.address)
  }
  for (const r of ofType('alicloud_cs_kubernetes_node_pool')) {
    const cluster = clusterByResource.get(ref(r, 'cluster_id')?.resource as Resource)
    if (!cluster) {
      warnings.push(`${r.address}: its cluster is not in this file; node pool skipped`)
      continue
    }
    const v = r.values
    const types: string[] = Array.isArray(v.instance_types) ? v.instance_types : []
    if (types.length > 1) warnings.push(`${r.address} has ${types.length} instance types; the pool is imported with the first, ${types[0]}`)
    const count = [v.desired_size, v.node_count].map(Number).find((n) => Number.isInteger(n) && n >= 0) ?? (v.scaling_config?.[0] ? Number(v.scaling_config[0].max_size) : 0)
    if (v.desired_size === undefined && v.node_count === undefined && v.scaling_config?.[0]) warnings.push(`${r.address} autoscales; counted at max_size ${count}`)
    const groupsOfPool = [...refs(r, 'security_group_ids'), ...(v.security_group_id || r.expressions.security_group_id ? refs(r, 'security_group_id') : [])].map((hit) => name(hit.resource)!).filter(Boolean)
    const pool: NodePoolDoc = {name: nameOf(r, `node pool of ${cluster.name}`, 'node_pool_name', 'name'), instanceType: types[0] ?? 'unknown', count, vswitches: refs(r, 'vswitch_ids').map((hit) => name(hit.resource)!).filter(Boolean)}
    if (groupsOfPool.length > 0) pool.securityGroups = [...new Set(groupsOfPool)]
    cluster.nodePools = [...(cluster.nodePools ?? []), pool]
    sources.set(pool, r.address)
  }

  document.metadata = {name: options.name ?? vpcs[0]?.name ?? clusters[0]?.name ?? 'imported'}
  const region = str(root.configuration?.provider_config?.alicloud?.expressions?.region?.constant_value)
  // A zone id is its region plus a letter (cn-hangzhou-i): the state itself names no region.
  const zone = vpcs.flatMap((vpc) => vpc.vswitches).map((vswitch) => vswitch.zone).find((z) => /-[a-z]$/.test(z))
  if (region ?? zone) document.metadata.region = region ?? zone!.replace(/-[a-z]$/, '')
  if (vpcs.length > 0) document.vpcs = vpcs
  if (groups.length > 0) document.securityGroups = groups
  if (instances.length > 0) document.instances = instances
  if (nats.length > 0) document.natGateways = nats
  if (lbs.length > 0) document.loadBalancers = lbs
  if (clusters.length > 0) document.clusters = clusters
  for (const vpc of vpcs) if (vpc.routeTables?.length === 0) delete vpc.routeTables
  return {document, sources, inputs: [`terraform show -json (${isPlan ? 'plan' : 'state'}): ${options.file}`], warnings}
}
