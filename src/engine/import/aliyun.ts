import {AcknetError} from '../../errors.js'
import {emptyDocument, type DnatDoc, type ImportResult, type InstanceDoc, type ListenerDoc, type LoadBalancerDoc, type NatGatewayDoc, type RouteTableDoc, type SecurityGroupDoc, type SgRuleDoc, type SnatDoc, type VpcDoc} from './document.js'
import {NameBook} from './naming.js'
import {sortRules} from './rules.js'

/**
 * `acknet import aliyun`: the JSON the official `aliyun` CLI prints for the VPC, ECS, NAT and
 * SLB Describe* APIs → a topology. Each input file holds one response or a JSON array of
 * responses (pages, or one DescribeSecurityGroupAttribute per group); the kind of response is
 * recognised by its keys, so a file given to the wrong flag still gives a clear error.
 */
export interface LoadedInput {
  file: string
  data: unknown
}

export interface AliyunInputs {
  vpc?: LoadedInput[]
  vswitches?: LoadedInput[]
  securityGroups?: LoadedInput[]
  routeTables?: LoadedInput[]
  instances?: LoadedInput[]
  nat?: LoadedInput[]
  slb?: LoadedInput[]
}

type Obj = Record<string, any>

/** `{Vpcs: {Vpc: [...]}}` → the array (the aliyun CLI wraps every list this way). */
function list(value: unknown, outer: string, inner: string): Obj[] {
  const wrapper = (value as Obj | undefined)?.[outer]
  const items = Array.isArray(wrapper) ? wrapper : wrapper?.[inner]
  return Array.isArray(items) ? items.filter((item) => item && typeof item === 'object') : []
}

function strings(value: unknown, outer: string, inner: string): string[] {
  const wrapper = (value as Obj | undefined)?.[outer]
  const items = Array.isArray(wrapper) ? wrapper : wrapper?.[inner]
  return Array.isArray(items) ? items.filter((item): item is string => typeof item === 'string' && item !== '') : []
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined
}

function tags(resource: Obj): Map<string, string> {
  return new Map(list(resource, 'Tags', 'Tag').map((tag) => [String(tag.TagKey ?? tag.Key), String(tag.TagValue ?? tag.Value ?? '')]))
}

/** ACK marks the ECS nodes it manages and the SLBs the cloud controller creates with these tags. */
const ACK_NODE_TAGS = ['ack.aliyun.com', 'ack.alibabacloud.com/nodepool-id']
const CCM_SLB_TAGS = ['kubernetes.do.not.delete', 'ack.aliyun.com']

interface Responses {
  vpcs: Obj[]
  vswitches: Obj[]
  groups: Obj[]
  groupAttributes: Obj[]
  routeTables: Obj[]
  routeEntries: Obj[]
  instances: Obj[]
  natGateways: Obj[]
  snatEntries: Obj[]
  forwardEntries: Obj[]
  loadBalancers: Obj[]
  loadBalancerAttributes: Obj[]
  listenerAttributes: Obj[]
  acls: Obj[]
}

/** Which response shapes each flag accepts, and how each is recognised. */
const SHAPES: Record<keyof AliyunInputs, Array<{api: string; test: (r: Obj) => boolean; take: (r: Obj, into: Responses) => void}>> = {
  vpc: [{api: 'DescribeVpcs', test: (r) => 'Vpcs' in r, take: (r, into) => into.vpcs.push(...list(r, 'Vpcs', 'Vpc'))}],
  vswitches: [{api: 'DescribeVSwitches', test: (r) => 'VSwitches' in r, take: (r, into) => into.vswitches.push(...list(r, 'VSwitches', 'VSwitch'))}],
  securityGroups: [
    {api: 'DescribeSecurityGroups', test: (r) => 'SecurityGroups' in r, take: (r, into) => into.groups.push(...list(r, 'SecurityGroups', 'SecurityGroup'))},
    {api: 'DescribeSecurityGroupAttribute', test: (r) => 'Permissions' in r && 'SecurityGroupId' in r, take: (r, into) => into.groupAttributes.push(r)},
  ],
  routeTables: [
    {api: 'DescribeRouteTableList', test: (r) => 'RouterTableList' in r, take: (r, into) => into.routeTables.push(...list(r, 'RouterTableList', 'RouterTableListType'))},
    {api: 'DescribeRouteEntryList', test: (r) => 'RouteEntrys' in r && !('RouteTableId' in r && 'VRouterId' in r), take: (r, into) => into.routeEntries.push(...list(r, 'RouteEntrys', 'RouteEntry'))},
    {
      api: 'DescribeRouteTables',
      test: (r) => 'RouteTables' in r,
      take: (r, into) => {
        for (const table of list(r, 'RouteTables', 'RouteTable')) {
          into.routeTables.push(table)
          into.routeEntries.push(...list(table, 'RouteEntrys', 'RouteEntry').map((entry) => ({RouteTableId: table.RouteTableId, ...entry})))
        }
      },
    },
  ],
  instances: [{api: 'DescribeInstances', test: (r) => 'Instances' in r, take: (r, into) => into.instances.push(...list(r, 'Instances', 'Instance'))}],
  nat: [
    {api: 'DescribeNatGateways', test: (r) => 'NatGateways' in r, take: (r, into) => into.natGateways.push(...list(r, 'NatGateways', 'NatGateway'))},
    {api: 'DescribeSnatTableEntries', test: (r) => 'SnatTableEntries' in r, take: (r, into) => into.snatEntries.push(...list(r, 'SnatTableEntries', 'SnatTableEntry'))},
    {api: 'DescribeForwardTableEntries', test: (r) => 'ForwardTableEntries' in r, take: (r, into) => into.forwardEntries.push(...list(r, 'ForwardTableEntries', 'ForwardTableEntry'))},
  ],
  slb: [
    {api: 'DescribeLoadBalancers', test: (r) => 'LoadBalancers' in r, take: (r, into) => into.loadBalancers.push(...list(r, 'LoadBalancers', 'LoadBalancer'))},
    {api: 'DescribeLoadBalancerAttribute', test: (r) => 'LoadBalancerId' in r && ('BackendServers' in r || 'ListenerPortsAndProtocol' in r || 'ListenerPortsAndProtocal' in r), take: (r, into) => into.loadBalancerAttributes.push(r)},
    {api: 'DescribeLoadBalancer{TCP,UDP,HTTP,HTTPS}ListenerAttribute', test: (r) => 'ListenerPort' in r && 'BackendServerPort' in r, take: (r, into) => into.listenerAttributes.push(r)},
    {api: 'DescribeAccessControlListAttribute', test: (r) => 'AclId' in r && 'AclEntrys' in r, take: (r, into) => into.acls.push(r)},
  ],
}

const FLAG_NAMES: Record<keyof AliyunInputs, string> = {vpc: '--vpc', vswitches: '--vswitches', securityGroups: '--security-groups', routeTables: '--route-tables', instances: '--instances', nat: '--nat', slb: '--slb'}

function collect(inputs: AliyunInputs, sources: string[]): Responses {
  const into: Responses = {vpcs: [], vswitches: [], groups: [], groupAttributes: [], routeTables: [], routeEntries: [], instances: [], natGateways: [], snatEntries: [], forwardEntries: [], loadBalancers: [], loadBalancerAttributes: [], listenerAttributes: [], acls: []}
  for (const flag of Object.keys(SHAPES) as Array<keyof AliyunInputs>) {
    for (const input of inputs[flag] ?? []) {
      const responses = Array.isArray(input.data) ? input.data : [input.data]
      const apis = new Set<string>()
      responses.forEach((response, index) => {
        const shape = response && typeof response === 'object' ? SHAPES[flag].find((candidate) => candidate.test(response as Obj)) : undefined
        if (!shape) {
          const where = Array.isArray(input.data) ? ` (array element ${index + 1})` : ''
          throw new AcknetError(`is not a response ${FLAG_NAMES[flag]} accepts${where}; expected the JSON of ${SHAPES[flag].map((s) => s.api).join(', ')} as printed by the aliyun CLI`, {position: {file: input.file}})
        }
        shape.take(response as Obj, into)
        apis.add(shape.api)
      })
      sources.push(`${[...apis].join(' + ')}: ${input.file}`)
    }
  }
  return into
}

function protocolOf(value: unknown): SgRuleDoc['protocol'] | undefined {
  const p = String(value ?? '').toLowerCase()
  return p === 'tcp' || p === 'udp' || p === 'icmp' || p === 'all' ? p : undefined
}

export function importAliyun(inputs: AliyunInputs, options: {name?: string} = {}): ImportResult {
  const inputsText: string[] = []
  const r = collect(inputs, inputsText)
  const warnings: string[] = []
  const sources = new Map<object, string>()
  const vpcNames = new NameBook('VPC', warnings)
  const vswitchNames = new NameBook('vSwitch', warnings)
  const groupNames = new NameBook('security group', warnings)
  const instanceNames = new NameBook('instance', warnings)
  const natNames = new NameBook('NAT gateway', warnings)
  const lbNames = new NameBook('load balancer', warnings)
  const ref = (book: NameBook, id: string, what: string): string => {
    const name = book.get(id)
    if (name) return name
    warnings.push(`${what} ${id} is referenced but not in the imported files; referenced by its id (merge into a file that names it ${id}, or import it too)`)
    book.assign(id, undefined)
    return id
  }

  // VPCs
  const region = r.vpcs.map((vpc) => text(vpc.RegionId)).find(Boolean)
  const document = emptyDocument(options.name ?? 'imported', region)
  const vpcById = new Map<string, VpcDoc>()
  for (const vpc of r.vpcs) {
    const id = text(vpc.VpcId)
    const cidr = text(vpc.CidrBlock)
    if (!id || !cidr) {
      warnings.push(`a VPC without VpcId or CidrBlock was skipped (${JSON.stringify(vpc).slice(0, 80)})`)
      continue
    }
    const doc: VpcDoc = {name: vpcNames.assign(id, text(vpc.VpcName)), cidr, vswitches: []}
    const secondary = strings(vpc, 'SecondaryCidrBlocks', 'SecondaryCidrBlock')
    if (secondary.length > 0) doc.secondaryCidrs = secondary
    if (strings(vpc, 'Ipv6CidrBlocks', 'Ipv6CidrBlock').length > 0 || text(vpc.Ipv6CidrBlock)) warnings.push(`VPC ${doc.name}: IPv6 CIDR not imported (acknet models IPv4)`)
    vpcById.set(id, doc)
    sources.set(doc, `${id} (DescribeVpcs)`)
  }
  document.vpcs = [...vpcById.values()]

  // Route tables first: vSwitches name the custom table they are bound to.
  const tableById = new Map<string, {vpc: VpcDoc; doc: RouteTableDoc; system: boolean}>()
  const tableNames = new NameBook('route table', warnings)
  tableNames.assign('system', 'system')
  for (const table of r.routeTables) {
    const id = text(table.RouteTableId)
    const vpc = vpcById.get(text(table.VpcId) ?? '') ?? (r.vpcs.length === 1 ? [...vpcById.values()][0] : undefined)
    if (!id) continue
    if (!vpc) {
      warnings.push(`route table ${id}: its VPC ${text(table.VpcId) ?? '(unknown)'} is not imported; table skipped`)
      continue
    }
    const system = String(table.RouteTableType ?? '').toLowerCase() === 'system'
    if (!system && text(table.AssociateType) && String(table.AssociateType).toLowerCase() === 'gateway') {
      warnings.push(`route table ${id} is a gateway route table (bound to an IPv4 gateway); acknet does not model IPv4 gateways, skipped`)
      continue
    }
    const doc: RouteTableDoc = {name: system ? 'system' : tableNames.assign(id, text(table.RouteTableName)), routes: []}
    tableById.set(id, {vpc, doc, system})
    vpc.routeTables = [...(vpc.routeTables ?? []), doc]
    if (!system) sources.set(doc, `${id} (DescribeRouteTableList)`)
  }
  const tableOfVSwitch = new Map<string, string>()
  for (const table of r.routeTables) for (const vswitchId of strings(table, 'VSwitchIds', 'VSwitchId')) tableOfVSwitch.set(vswitchId, String(table.RouteTableId))

  // vSwitches
  for (const vswitch of r.vswitches) {
    const id = text(vswitch.VSwitchId)
    const vpc = vpcById.get(text(vswitch.VpcId) ?? '')
    if (!id) continue
    if (!vpc) {
      warnings.push(`vSwitch ${id}: its VPC ${text(vswitch.VpcId) ?? '(unknown)'} is not imported (pass --vpc with DescribeVpcs); vSwitch skipped`)
      continue
    }
    const doc = {name: vswitchNames.assign(id, text(vswitch.VSwitchName)), zone: String(vswitch.ZoneId ?? ''), cidr: String(vswitch.CidrBlock ?? '')} as VpcDoc['vswitches'][number]
    const tableId = text(vswitch.RouteTable?.RouteTableId) ?? tableOfVSwitch.get(id)
    const table = tableId ? tableById.get(tableId) : undefined
    if (table && !table.system) doc.routeTable = table.doc.name
    else if (tableId && !table && String(vswitch.RouteTable?.RouteTableType ?? '').toLowerCase() !== 'system') warnings.push(`vSwitch ${doc.name} is bound to route table ${tableId}, which is not imported (pass --route-tables); it is shown on the system table`)
    vpc.vswitches.push(doc)
    sources.set(doc, `${id} (DescribeVSwitches)`)
  }

  // Instances. ACK nodes are part of a cluster (node pools), not standalone instances.
  const ackNodes = new Map<string, number>()
  const ackNodeIds = new Set<string>()
  const instanceDocs: InstanceDoc[] = []
  for (const instance of r.instances) {
    const id = text(instance.InstanceId)
    if (!id) continue
    const instanceTags = tags(instance)
    const cluster = ACK_NODE_TAGS.map((key) => instanceTags.get(key)).find((value) => value !== undefined)
    if (cluster !== undefined) {
      const clusterId = instanceTags.get('ack.aliyun.com') ?? cluster
      ackNodes.set(clusterId, (ackNodes.get(clusterId) ?? 0) + 1)
      ackNodeIds.add(id)
      continue
    }
    const vswitchId = text(instance.VpcAttributes?.VSwitchId)
    if (!vswitchId) {
      warnings.push(`instance ${id} is not in a VPC (classic network); skipped`)
      continue
    }
    const doc: InstanceDoc = {name: instanceNames.assign(id, text(instance.InstanceName)), vswitch: '', securityGroups: []}
    instanceDocs.push(doc)
    sources.set(doc, `${id} ${text(instance.InstanceType) ?? ''} (DescribeInstances)`.replace('  ', ' '))
    ;(doc as Obj).__vswitchId = vswitchId
    ;(doc as Obj).__groups = strings(instance, 'SecurityGroupIds', 'SecurityGroupId')
    const ip = strings(instance.VpcAttributes, 'PrivateIpAddress', 'IpAddress')[0]
    if (ip) doc.ip = ip
    if (strings(instance, 'PublicIpAddress', 'IpAddress').length > 0 || text(instance.EipAddress?.IpAddress)) doc.publicIp = true
    const enis = list(instance, 'NetworkInterfaces', 'NetworkInterface')
    if (enis.length > 1) warnings.push(`instance ${doc.name}: ${enis.length - 1} secondary ENI(s) not imported (acknet models the primary ENI)`)
  }
  for (const [cluster, count] of ackNodes) warnings.push(`${count} ECS instance(s) are nodes of ACK cluster ${cluster} and are not imported as instances; import the cluster with \`acknet import kubectl\` (or terraform) and --merge`)

  // Security groups
  const attributesById = new Map(r.groupAttributes.map((attribute) => [String(attribute.SecurityGroupId), attribute]))
  const groupIds = new Set([...r.groups.map((g) => String(g.SecurityGroupId)), ...attributesById.keys()])
  const groupInfo = new Map(r.groups.map((g) => [String(g.SecurityGroupId), g]))
  for (const id of groupIds) groupNames.assign(id, text(groupInfo.get(id)?.SecurityGroupName) ?? text(attributesById.get(id)?.SecurityGroupName))
  const groupDocs: SecurityGroupDoc[] = []
  for (const id of groupIds) {
    const info = {...attributesById.get(id), ...groupInfo.get(id)}
    const vpcId = text(info.VpcId)
    const doc: SecurityGroupDoc = {name: groupNames.get(id)!, vpc: vpcId ? ref(vpcNames, vpcId, 'VPC') : '', rules: []}
    if (!vpcId) warnings.push(`security group ${doc.name} has no VpcId (classic network?); its vpc field is empty`)
    if (String(info.SecurityGroupType ?? '').toLowerCase() === 'enterprise') doc.type = 'enterprise'
    const attribute = attributesById.get(id)
    if (attribute && String(attribute.InnerAccessPolicy ?? '').toLowerCase() === 'drop') doc.innerAccess = 'drop'
    if (!attribute) warnings.push(`security group ${doc.name}: no DescribeSecurityGroupAttribute response, so its rules are unknown (add one per group to --security-groups)`)
    for (const permission of list(attribute, 'Permissions', 'Permission')) {
      const rule = mapPermission(permission, doc.name, groupNames, warnings)
      if (rule) doc.rules.push(rule)
    }
    sortRules(doc.rules)
    groupDocs.push(doc)
    sources.set(doc, `${id} (DescribeSecurityGroups${attribute ? ' + DescribeSecurityGroupAttribute' : ''})`)
  }

  for (const doc of instanceDocs) {
    const raw = doc as Obj
    doc.vswitch = ref(vswitchNames, raw.__vswitchId, 'vSwitch')
    doc.securityGroups = (raw.__groups as string[]).map((id) => ref(groupNames, id, 'security group'))
    delete raw.__vswitchId
    delete raw.__groups
  }

  // NAT gateways
  const natDocs: NatGatewayDoc[] = []
  const natByTable = new Map<string, NatGatewayDoc>()
  const natById = new Map<string, NatGatewayDoc>()
  for (const nat of r.natGateways) {
    const id = text(nat.NatGatewayId)
    if (!id) continue
    if (String(nat.NetworkType ?? 'internet').toLowerCase() === 'intranet') {
      warnings.push(`NAT gateway ${id} is a VPC (intranet) NAT gateway; acknet models Internet NAT gateways only, skipped`)
      continue
    }
    const vswitchId = text(nat.NatGatewayPrivateInfo?.VswitchId) ?? text(nat.VSwitchId)
    const doc: NatGatewayDoc = {name: natNames.assign(id, text(nat.Name)), vpc: ref(vpcNames, String(nat.VpcId), 'VPC'), vswitch: vswitchId ? ref(vswitchNames, vswitchId, 'vSwitch') : '', eips: list(nat, 'IpLists', 'IpList').map((ip) => String(ip.IpAddress)).filter(Boolean), snat: []}
    if (!vswitchId) warnings.push(`NAT gateway ${doc.name} has no vSwitch in NatGatewayPrivateInfo; its vswitch field is empty`)
    natDocs.push(doc)
    natById.set(id, doc)
    for (const table of strings(nat, 'SnatTableIds', 'SnatTableId')) natByTable.set(table, doc)
    for (const table of strings(nat, 'ForwardTableIds', 'ForwardTableId')) natByTable.set(table, doc)
    sources.set(doc, `${id} (DescribeNatGateways)`)
  }
  const natOf = (entry: Obj): NatGatewayDoc | undefined => natById.get(String(entry.NatGatewayId)) ?? natByTable.get(String(entry.SnatTableId ?? entry.ForwardTableId))
  for (const entry of r.snatEntries) {
    const nat = natOf(entry)
    if (!nat) {
      warnings.push(`SNAT entry ${text(entry.SnatEntryId) ?? ''} belongs to NAT gateway/table ${text(entry.NatGatewayId) ?? text(entry.SnatTableId)}, which is not imported; skipped`)
      continue
    }
    const vswitchId = text(entry.SourceVSwitchId)
    const snat: SnatDoc & {eip?: string} = {source: vswitchId ? `vswitch:${ref(vswitchNames, vswitchId, 'vSwitch')}` : String(entry.SourceCIDR ?? '')}
    const snatIp = text(entry.SnatIp)
    if (snatIp && !snatIp.includes(',')) snat.eip = snatIp
    if (snat.source === '') warnings.push(`SNAT entry ${text(entry.SnatEntryId) ?? ''} of ${nat.name} has neither SourceVSwitchId nor SourceCIDR; skipped`)
    else nat.snat.push(snat)
  }
  for (const entry of r.forwardEntries) {
    const nat = natOf(entry)
    const label = `DNAT entry ${text(entry.ForwardEntryId) ?? ''}`.trim()
    if (!nat) {
      warnings.push(`${label} belongs to NAT gateway/table ${text(entry.NatGatewayId) ?? text(entry.ForwardTableId)}, which is not imported; skipped`)
      continue
    }
    const externalPort = Number(entry.ExternalPort)
    const internalPort = Number(entry.InternalPort)
    if (!Number.isInteger(externalPort) || !Number.isInteger(internalPort)) {
      warnings.push(`${label} of ${nat.name} maps ports ${String(entry.ExternalPort)} → ${String(entry.InternalPort)} (IP mapping or a port range); acknet models single-port DNAT entries, skipped`)
      continue
    }
    const protocol = String(entry.IpProtocol ?? 'tcp').toLowerCase()
    const dnat: DnatDoc = {eip: String(entry.ExternalIp), externalPort, internalIp: String(entry.InternalIp), internalPort, protocol: protocol === 'any' ? 'any' : protocol}
    nat.dnat = [...(nat.dnat ?? []), dnat]
  }
  for (const nat of natDocs) {
    nat.snat.sort((a, b) => a.source.localeCompare(b.source, 'en'))
    nat.dnat?.sort((a, b) => a.eip.localeCompare(b.eip, 'en') || a.externalPort - b.externalPort)
  }

  // Route entries (after instances and NAT gateways, which they point at)
  let flannelRoutes = 0
  for (const entry of r.routeEntries) {
    const table = tableById.get(String(entry.RouteTableId))
    const destination = text(entry.DestinationCidrBlock)
    if (!destination) continue
    const type = String(entry.Type ?? 'Custom').toLowerCase()
    if (type === 'system') continue // vSwitch local routes: implicit in the model
    if (!table) {
      warnings.push(`route ${destination} is in route table ${String(entry.RouteTableId)}, which is not imported (add DescribeRouteTableList to --route-tables); skipped`)
      continue
    }
    if (type !== 'custom') {
      warnings.push(`route ${destination} in ${table.vpc.name}/${table.doc.name} is a ${String(entry.Type)} route (learned dynamically); not imported`)
      continue
    }
    if (destination.includes(':')) continue
    const hops = list(entry, 'NextHops', 'NextHop')
    const hop = hops[0] ?? {NextHopType: entry.NextHopType, NextHopId: entry.InstanceId ?? entry.NextHopId}
    if (hops.length > 1) warnings.push(`route ${destination} in ${table.vpc.name}/${table.doc.name} has ${hops.length} next hops (ECMP); only the first is imported`)
    const hopType = String(hop.NextHopType ?? '')
    const hopId = String(hop.NextHopId ?? hop.InstanceId ?? '')
    let nextHop: string | undefined
    if (hopType === 'NatGateway') nextHop = `nat:${natById.get(hopId)?.name ?? ref(natNames, hopId, 'NAT gateway')}`
    else if (hopType === 'Instance' && ackNodeIds.has(hopId)) {
      flannelRoutes++
      continue
    } else if (hopType === 'Instance') nextHop = `instance:${ref(instanceNames, hopId, 'instance')}`
    if (!nextHop) {
      warnings.push(`route ${destination} in ${table.vpc.name}/${table.doc.name} goes to a ${hopType || 'unknown'} next hop (${hopId}); acknet models nat, instance, peer and blackhole next hops, skipped`)
      continue
    }
    table.doc.routes.push({destination, nextHop})
  }
  if (flannelRoutes > 0) warnings.push(`${flannelRoutes} route(s) point at ACK nodes (Flannel pod ranges); acknet derives them from the cluster's node pools, not imported as custom routes`)
  for (const {doc} of tableById.values()) doc.routes.sort((a, b) => a.destination.localeCompare(b.destination, 'en'))
  for (const vpc of vpcById.values()) {
    // An empty system table adds nothing; custom tables stay so vSwitch bindings resolve.
    vpc.routeTables = vpc.routeTables?.filter((table) => table.name !== 'system' || table.routes.length > 0)
    if (vpc.routeTables?.length === 0) delete vpc.routeTables
  }

  // Load balancers
  const lbDocs = importLoadBalancers(r, {lbNames, vpcNames, vswitchNames, instanceNames, ref, warnings, sources})

  if (instanceDocs.length > 0) document.instances = instanceDocs
  if (groupDocs.length > 0) document.securityGroups = groupDocs
  if (natDocs.length > 0) document.natGateways = natDocs
  if (lbDocs.length > 0) document.loadBalancers = lbDocs
  if (document.vpcs.length === 0) delete document.vpcs
  if (!options.name && document.vpcs?.[0]) document.metadata.name = document.vpcs[0].name
  return {document, sources, inputs: inputsText, warnings}
}

function mapPermission(permission: Obj, group: string, groupNames: NameBook, warnings: string[]): SgRuleDoc | undefined {
  const direction = String(permission.Direction ?? 'ingress').toLowerCase() === 'egress' ? 'egress' : 'ingress'
  const label = `security group ${group}: ${direction} rule ${text(permission.SecurityGroupRuleId) ?? `${String(permission.IpProtocol)} ${String(permission.PortRange)}`}`
  const protocol = protocolOf(permission.IpProtocol)
  if (!protocol) {
    warnings.push(`${label} uses protocol ${String(permission.IpProtocol)}; acknet models tcp, udp, icmp and all, skipped`)
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
  else if (peerGroup) rule.peer = `sg:${groupNames.get(peerGroup) ?? groupNames.assign(peerGroup, undefined)}`
  else if (ipv6 || prefixList) {
    warnings.push(`${label} matches ${ipv6 ? `IPv6 ${ipv6}` : `prefix list ${prefixList}`}; acknet models IPv4 CIDRs and groups, skipped`)
    return undefined
  }
  if (String(permission.Policy ?? 'accept').toLowerCase() === 'drop') rule.action = 'drop'
  const priority = Number(permission.Priority ?? 1)
  if (Number.isInteger(priority) && priority !== 1) rule.priority = priority
  return rule
}

interface LbContext {
  lbNames: NameBook
  vpcNames: NameBook
  vswitchNames: NameBook
  instanceNames: NameBook
  ref: (book: NameBook, id: string, what: string) => string
  warnings: string[]
  sources: Map<object, string>
}

function importLoadBalancers(r: Responses, c: LbContext): LoadBalancerDoc[] {
  const attributes = new Map(r.loadBalancerAttributes.map((a) => [String(a.LoadBalancerId), a]))
  const listenerAttributes = new Map(r.listenerAttributes.map((a) => [`${String(a.LoadBalancerId)}:${String(a.ListenerPort)}`, a]))
  const acls = new Map(r.acls.map((a) => [String(a.AclId), a]))
  const ids = [...new Set([...r.loadBalancers.map((lb) => String(lb.LoadBalancerId)), ...attributes.keys()])]
  const summaries = new Map(r.loadBalancers.map((lb) => [String(lb.LoadBalancerId), lb]))
  const docs: LoadBalancerDoc[] = []
  for (const id of ids) {
    const lb = {...attributes.get(id), ...summaries.get(id)}
    const lbTags = tags(lb)
    const owner = CCM_SLB_TAGS.find((key) => lbTags.has(key))
    if (owner) {
      c.warnings.push(`SLB ${id} (${text(lb.LoadBalancerName) ?? 'unnamed'}) is managed by ACK's cloud controller (tag ${owner}) for a LoadBalancer Service; it comes with the Service from \`acknet import kubectl\`, not imported here`)
      continue
    }
    if (String(lb.NetworkType ?? 'vpc').toLowerCase() === 'classic') {
      c.warnings.push(`SLB ${id} is in the classic network; skipped`)
      continue
    }
    const addressType = String(lb.AddressType ?? 'internet').toLowerCase() === 'intranet' ? 'intranet' : 'internet'
    const doc: LoadBalancerDoc = {name: c.lbNames.assign(id, text(lb.LoadBalancerName)), vpc: c.ref(c.vpcNames, String(lb.VpcId), 'VPC'), vswitch: '', addressType, listeners: []}
    const vswitchId = text(lb.VSwitchId)
    if (vswitchId) doc.vswitch = c.ref(c.vswitchNames, vswitchId, 'vSwitch')
    else delete (doc as Obj).vswitch
    const address = text(lb.Address)
    if (address) doc.address = address
    const attribute = attributes.get(id)
    if (!attribute) c.warnings.push(`SLB ${doc.name}: no DescribeLoadBalancerAttribute response, so its listeners and backends are unknown`)
    // Responses carry the list twice: the documented field and the historical misspelling "Protocal".
    const seen = new Set<string>()
    const ports = [...list(attribute, 'ListenerPortsAndProtocol', 'ListenerPortAndProtocol'), ...list(attribute, 'ListenerPortsAndProtocal', 'ListenerPortAndProtocal')].filter((listener) => {
      const key = `${String(listener.ListenerPort)}/${String(listener.ListenerProtocol ?? listener.ListenerProtocal).toLowerCase()}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    const servers = list(attribute, 'BackendServers', 'BackendServer')
    let aclChosen: string | undefined
    for (const listener of ports) {
      const port = Number(listener.ListenerPort)
      const protocol = String(listener.ListenerProtocol ?? listener.ListenerProtocal ?? 'tcp').toLowerCase()
      const detail = listenerAttributes.get(`${id}:${port}`)
      let backendPort = Number(detail?.BackendServerPort)
      if (!Number.isInteger(backendPort) || backendPort <= 0) {
        backendPort = port
        if (servers.length > 0) c.warnings.push(`SLB ${doc.name} listener ${port}: backend port unknown (add DescribeLoadBalancer${protocol.toUpperCase()}ListenerAttribute to --slb); assumed ${port}`)
      }
      const backends: string[] = []
      for (const server of servers) {
        const type = String(server.Type ?? 'ecs').toLowerCase()
        if (type === 'ecs') backends.push(`instance:${c.instanceNames.get(String(server.ServerId)) ?? c.ref(c.instanceNames, String(server.ServerId), 'instance')}:${backendPort}`)
        else if (text(server.ServerIp)) backends.push(`ip:${String(server.ServerIp)}:${backendPort}`)
        else c.warnings.push(`SLB ${doc.name}: backend ${String(server.ServerId)} of type ${type} has no ServerIp; skipped`)
      }
      const listenerDoc: ListenerDoc = {port, protocol, backends}
      doc.listeners.push(listenerDoc)
      if (detail && String(detail.AclStatus ?? 'off').toLowerCase() === 'on' && text(detail.AclId)) {
        const aclId = String(detail.AclId)
        if (aclChosen && aclChosen !== aclId) {
          c.warnings.push(`SLB ${doc.name}: listeners use different ACLs (${aclChosen}, ${aclId}); acknet models one ACL per SLB, the first is used`)
          continue
        }
        aclChosen = aclId
        const acl = acls.get(aclId)
        const type = String(detail.AclType ?? 'white').toLowerCase() === 'black' ? 'black' : 'white'
        if (!acl) c.warnings.push(`SLB ${doc.name}: ACL ${aclId} has no DescribeAccessControlListAttribute response; its entries are unknown (an empty ${type} list is imported)`)
        doc.acl = {type, cidrs: list(acl, 'AclEntrys', 'AclEntry').map((e) => String(e.AclEntryIP)).filter((cidr) => cidr && !cidr.includes(':'))}
      }
    }
    if (servers.length > 0 && ports.length === 0) c.warnings.push(`SLB ${doc.name} has backends but no listeners; nothing reaches them`)
    doc.listeners.sort((a, b) => a.port - b.port)
    docs.push(doc)
    c.sources.set(doc, `${id} (DescribeLoadBalancers${attribute ? ' + DescribeLoadBalancerAttribute' : ''})`)
  }
  return docs
}
