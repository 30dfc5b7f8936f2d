import {cidrContainsAddress} from '../cidr/cidr.js'
import {ipv6Cidr} from '../cidr/cidr6.js'
import type {Ipv6} from '../cidr/ipv6.js'
import type {Finding} from '../findings.js'
import type {InstanceTypeOverride} from '../platform/catalog.js'
import {DEFAULT_BASIC_SG_MAX_IPS, DEFAULT_ROUTE_ENTRIES_PER_TABLE, DEFAULT_RULES_PER_SECURITY_GROUP, SG_PRIORITY, vswitchUsable} from '../platform/rules.js'
import {child, register, resolveGroups, ResolveContext} from './context.js'
import type {LoadedTopology} from './load.js'
import type {
  Expectation, Instance, IpOwner, Ipv6Gateway, Ipv6NextHop, Ipv6RouteEntry, LbBackend, LoadBalancer, Model, NatGateway, NextHop, RouteEntry, RouteTable, SecurityGroup, SecurityGroupRule, Settings,
  SgPeer, SourceRef, Vpc, VSwitch,
} from './model.js'
import {customRouteCount} from './route-count.js'
import {allocateClusterAddresses, assignFlannelRoutes, finishClusters, resolveClusters} from './resolve-cluster.js'
import type {TopologyInput} from './schema.js'

export interface ResolveResult {
  model: Model
  findings: Finding[]
}

/**
 * Builds the model from a loaded topology (docs/topology-model.md). Never throws for problems
 * in the file: they are findings (`unknown-reference`, `duplicate-name`, `cidr-syntax`,
 * `schema`). An unusable file (no schema-valid input) gives an empty model.
 */
export interface ResolveOptions {
  /** A user's DescribeInstanceTypes catalog (SPEC 1.4): over the shipped one, under `instanceTypes:`. */
  catalog?: readonly InstanceTypeOverride[]
}

export function resolveTopology(loaded: LoadedTopology, options: ResolveOptions = {}): ResolveResult {
  const ctx = new ResolveContext(loaded.file, loaded.positions, loaded.prunedNames)
  const input: TopologyInput = loaded.topology ?? {apiVersion: 'acknet/v1', kind: 'Topology', metadata: {name: ''}}
  const root: SourceRef = {file: loaded.file, path: ''}
  const model = emptyModel(loaded.file, ctx)
  model.name = input.metadata.name
  model.region = input.metadata.region
  model.settings = resolveSettings(input)

  // precedence, lowest first: shipped catalog < user catalog < the file's instanceTypes
  const overrides = [...(options.catalog ?? []), ...resolveInstanceTypes(ctx, input, root)]
  const pendingHops = resolveVpcs(ctx, model, input, root)
  resolveSecurityGroups(ctx, model, input, root)
  const wantIpv6 = resolveInstances(ctx, model, input, root)
  resolveNatGateways(ctx, model, input, root)
  resolveLoadBalancers(ctx, model, input, root)
  resolveIpv6Gateways(ctx, model, input, root)
  resolveRouteHops(ctx, model, pendingHops)
  const clusterInputs = resolveClusters(ctx, model, input, root, overrides)
  resolveExpectations(model, input, root)

  // address allocation, in the documented order
  for (const instance of model.instances) if (instance.ip === undefined && !instance.ipGiven) instance.ip = ctx.allocate(instance.vswitch)
  // `ipv6: true`, after every given IPv6 address is claimed (as for IPv4); no /64 on the vSwitch: no address (dual-stack names it)
  for (const instance of wantIpv6) {
    const address = ctx.allocateIpv6(instance.vswitch)
    if (address !== undefined) instance.ipv6 = address
  }
  for (const nat of model.natGateways) nat.ip = ctx.allocate(nat.vswitch)
  for (const lb of model.loadBalancers) if (!lb.service && lb.vswitch && lb.addressType === 'intranet' && !lb.addressGiven) lb.address = ctx.allocate(lb.vswitch)
  for (const cluster of model.clusters) allocateClusterAddresses(ctx, model, cluster)
  assignFlannelRoutes(model)
  finishClusters(ctx, clusterInputs)
  resolveLbBackends(ctx, model, input, root)
  resolveDnatTargets(model)

  for (const vswitch of model.vswitches) {
    vswitch.allocated = ctx.pools.get(vswitch)?.used ?? 0
    vswitch.ipv6Allocated = ctx.ipv6Pools.get(vswitch)?.used ?? 0
  }
  for (const table of model.routeTables) table.headroom = table.quota - customRouteCount(table) - table.flannelRoutes.length
  indexIpOwners(model)
  return {model, findings: ctx.findings}
}

function emptyModel(file: string, ctx: ResolveContext): Model {
  return {
    file, name: '', settings: undefined as unknown as Settings, instanceTypes: new Map(),
    vpcs: [], vpcByName: new Map(), vswitches: [], vswitchByName: new Map(), routeTables: [],
    securityGroups: [], securityGroupByName: new Map(), instances: [], instanceByName: new Map(),
    natGateways: [], natGatewayByName: new Map(), ipv6Gateways: [], ipv6GatewayByName: new Map(), loadBalancers: [], loadBalancerByName: new Map(),
    clusters: [], clusterByName: new Map(), expectations: [], ipOwners: new Map(), duplicateIps: [], ipv6Owners: new Map(), duplicateIpv6s: [],
    locate: (source, what, field) => ctx.locate(source, what, field),
  }
}

function resolveSettings(input: TopologyInput): Settings {
  // defaults: src/engine/platform/rules.ts (each cites its source)
  return {
    routeEntriesPerTable: input.settings?.routeEntriesPerTable ?? DEFAULT_ROUTE_ENTRIES_PER_TABLE,
    basicSecurityGroupMaxIps: input.settings?.basicSecurityGroupMaxIps ?? DEFAULT_BASIC_SG_MAX_IPS,
    rulesPerSecurityGroup: input.settings?.rulesPerSecurityGroup ?? DEFAULT_RULES_PER_SECURITY_GROUP,
  }
}

function resolveInstanceTypes(ctx: ResolveContext, input: TopologyInput, root: SourceRef): InstanceTypeOverride[] {
  const seen = new Set<string>()
  const overrides: InstanceTypeOverride[] = []
  ;(input.instanceTypes ?? []).forEach((entry, index) => {
    const source = child(root, 'instanceTypes', index)
    if (seen.has(entry.name)) ctx.report('duplicate-name', `instance type "${entry.name}" is declared twice in instanceTypes`, source, 'value', 'name')
    seen.add(entry.name)
    // named by path, not line: locating would force the lazy positions parse on every reach
    overrides.push({...entry, origin: 'topology', source: `${root.file} instanceTypes[${index}]`})
  })
  return overrides
}

type PendingHop = {route: RouteEntry; text: string} | {route: Ipv6RouteEntry; text: string}

/** VPCs, their route tables and vSwitches. Returns the route next hops to resolve later. */
function resolveVpcs(ctx: ResolveContext, model: Model, input: TopologyInput, root: SourceRef): PendingHop[] {
  const pending: PendingHop[] = []
  ;(input.vpcs ?? []).forEach((vpcInput, vpcIndex) => {
    const source = child(root, 'vpcs', vpcIndex)
    const cidr = ctx.cidr(vpcInput.cidr, source, 'cidr')
    if (!cidr) {
      ctx.markBroken('VPC', vpcInput.name)
      for (const vswitch of vpcInput.vswitches ?? []) ctx.markBroken('vSwitch', vswitch.name)
      return
    }
    const secondaryCidrs = (vpcInput.secondaryCidrs ?? []).flatMap((text, i) => ctx.cidr(text, source, ['secondaryCidrs', i]) ?? [])
    const vpcIpv6 = vpcInput.ipv6Cidr === undefined ? undefined : ctx.cidr6(vpcInput.ipv6Cidr, source, 'ipv6Cidr')
    const vpc: Vpc = {
      kind: 'vpc', name: vpcInput.name, cidr, secondaryCidrs, cidrs: [cidr, ...secondaryCidrs], ...(vpcIpv6 && {ipv6Cidr: vpcIpv6}), vswitches: [], routeTables: [],
      systemRouteTable: undefined as unknown as RouteTable, routeTableByName: new Map(), securityGroups: [], instances: [],
      natGateways: [], loadBalancers: [], clusters: [], source,
    }
    if (!register(ctx, model.vpcByName, vpc.name, vpc, 'VPC', source)) return
    model.vpcs.push(vpc)

    const system = newRouteTable(model, vpc, 'system', source, true, false)
    vpc.systemRouteTable = system
    ;(vpcInput.routeTables ?? []).forEach((tableInput, tableIndex) => {
      const tableSource = child(source, 'routeTables', tableIndex)
      let table: RouteTable
      if (tableInput.name === 'system') {
        if (system.declared) {
          ctx.report('duplicate-name', `route table "system" is declared twice in VPC ${vpc.name}`, tableSource, 'value', 'name')
          return
        }
        table = system
        table.source = tableSource
        table.declared = true
      } else {
        if (vpc.routeTableByName.has(tableInput.name)) {
          ctx.report('duplicate-name', `duplicate route table name "${tableInput.name}" in VPC ${vpc.name}`, tableSource, 'value', 'name')
          return
        }
        table = newRouteTable(model, vpc, tableInput.name, tableSource, false, true)
      }
      ;(tableInput.routes ?? []).forEach((routeInput, routeIndex) => {
        const routeSource = child(tableSource, 'routes', routeIndex)
        const destination = ctx.cidrAny(routeInput.destination, routeSource, 'destination')
        if (!destination) return
        // next hops are resolved once NAT gateways, IPv6 gateways and instances exist (resolveRouteHops)
        if (destination.family === 6) {
          const route: Ipv6RouteEntry = {kind: 'ipv6Route', table, destination: destination.cidr, nextHop: {type: 'blackhole'}, index: routeIndex, system: false, source: routeSource}
          table.ipv6Routes.push(route)
          pending.push({route, text: routeInput.nextHop})
          return
        }
        const route: RouteEntry = {kind: 'route', table, destination: destination.cidr, nextHop: {type: 'blackhole'}, index: routeIndex, source: routeSource}
        table.routes.push(route)
        pending.push({route, text: routeInput.nextHop})
      })
    })

    ;(vpcInput.vswitches ?? []).forEach((vswitchInput, index) => {
      const vswitchSource = child(source, 'vswitches', index)
      const vswitchCidr = ctx.cidr(vswitchInput.cidr, vswitchSource, 'cidr')
      if (!vswitchCidr) {
        ctx.markBroken('vSwitch', vswitchInput.name)
        return
      }
      let table = system
      if (vswitchInput.routeTable !== undefined) {
        table = ctx.ref('route table', vswitchInput.routeTable, vpc.routeTableByName, vswitchSource, 'routeTable', ` in VPC ${vpc.name}`) ?? system
      }
      const vswitchIpv6 = vswitchInput.ipv6Cidr === undefined ? undefined : ctx.cidr6(vswitchInput.ipv6Cidr, vswitchSource, 'ipv6Cidr')
      const vswitch: VSwitch = {
        kind: 'vswitch', name: vswitchInput.name, vpc, zone: vswitchInput.zone, cidr: vswitchCidr, ...(vswitchIpv6 && {ipv6Cidr: vswitchIpv6}), routeTable: table,
        usable: vswitchUsable(vswitchCidr), allocated: 0, overflow: 0, nodes: [], instances: [], pods: [], ipv6Allocated: 0, source: vswitchSource,
      }
      // a duplicate name is reported, and references resolve to the first; the block itself still
      // exists and is checked by every other rule (its overlap with others included, SPEC §5)
      register(ctx, model.vswitchByName, vswitch.name, vswitch, 'vSwitch', vswitchSource)
      model.vswitches.push(vswitch)
      vpc.vswitches.push(vswitch)
      table.vswitches.push(vswitch)
    })
    for (const table of vpc.routeTables) {
      table.systemRoutes = vpc.vswitches.map((vswitch) => ({destination: vswitch.cidr, vswitch}))
      table.ipv6SystemRoutes = vpc.vswitches.flatMap((vswitch) => (vswitch.ipv6Cidr ? [{destination: vswitch.ipv6Cidr, vswitch}] : []))
    }
  })
  return pending
}

function newRouteTable(model: Model, vpc: Vpc, name: string, source: SourceRef, isSystem: boolean, declared: boolean): RouteTable {
  const table: RouteTable = {
    kind: 'routeTable', name, vpc, isSystem, routes: [], systemRoutes: [], ipv6Routes: [], ipv6SystemRoutes: [], flannelRoutes: [], flannelRouteByNode: new Map(), flannelCutOff: [],
    quota: model.settings.routeEntriesPerTable, headroom: model.settings.routeEntriesPerTable, vswitches: [], declared, source,
  }
  vpc.routeTables.push(table)
  vpc.routeTableByName.set(name, table)
  model.routeTables.push(table)
  return table
}

/** A rule without `peer`: anyone (shared by every such rule, like the values below). */
const ANY_PEER: SgPeer = {type: 'any'}

function resolveSecurityGroups(ctx: ResolveContext, model: Model, input: TopologyInput, root: SourceRef): void {
  const pendingPeers: Array<{rule: SecurityGroupRule; name: string}> = []
  // perf (issue #18): rules repeat port ranges and peer blocks (the xl file: 10,000 rules); equal
  // texts share one value object (they are never changed), parsed once
  const portsByText = new Map<string, {from: number; to: number}>()
  const peerByText = new Map<string, SgPeer>()
  ;(input.securityGroups ?? []).forEach((groupInput, index) => {
    const source = child(root, 'securityGroups', index)
    const vpc = ctx.ref('VPC', groupInput.vpc, model.vpcByName, source, 'vpc')
    if (!vpc) {
      ctx.markBroken('security group', groupInput.name)
      return
    }
    const group: SecurityGroup = {
      kind: 'securityGroup', name: groupInput.name, vpc, type: groupInput.type ?? 'basic', innerAccess: groupInput.innerAccess ?? 'accept', rules: [], members: [], source,
    }
    if (!register(ctx, model.securityGroupByName, group.name, group, 'security group', source)) return
    model.securityGroups.push(group)
    vpc.securityGroups.push(group)
    ;(groupInput.rules ?? []).forEach((ruleInput, ruleIndex) => {
      const ruleSource = child(source, 'rules', ruleIndex)
      let ports: {from: number; to: number} | undefined
      if (ruleInput.ports !== undefined) {
        let range = portsByText.get(ruleInput.ports)
        if (!range) {
          const [from, to] = ruleInput.ports.split('/').map(Number) as [number, number]
          if (from < 1 || to > 65535 || from > to) {
            // "-1/-1" style or reversed ranges: platform rejects them
            ctx.report('schema', `ports "${ruleInput.ports}" must be "start/end" with 1 ≤ start ≤ end ≤ 65535`, ruleSource, 'value', 'ports')
            return
          }
          portsByText.set(ruleInput.ports, (range = {from, to}))
        }
        if (ruleInput.protocol === 'tcp' || ruleInput.protocol === 'udp') ports = range
        else if (!(range.from === 1 && range.to === 65535)) {
          ctx.report('schema', `ports apply to tcp and udp only; remove them from this ${ruleInput.protocol} rule`, ruleSource, 'key', 'ports')
          return
        }
      }
      const rule: SecurityGroupRule = {
        kind: 'sgRule', group, index: ruleIndex, direction: ruleInput.direction, action: ruleInput.action ?? 'accept',
        priority: ruleInput.priority ?? SG_PRIORITY.default, protocol: ruleInput.protocol, ports, peer: ANY_PEER, description: ruleInput.description, source: ruleSource,
      }
      if (ruleInput.peer !== undefined) {
        if (ruleInput.peer.startsWith('sg:')) {
          pendingPeers.push({rule, name: ruleInput.peer.slice(3)})
        } else {
          let known = peerByText.get(ruleInput.peer)
          if (!known) {
            const block = ctx.cidrAny(ruleInput.peer, ruleSource, 'peer')
            if (!block) return
            known = block.family === 6 ? {type: 'cidr6', cidr: block.cidr} : {type: 'cidr', cidr: block.cidr}
            peerByText.set(ruleInput.peer, known)
          }
          rule.peer = known
        }
      }
      group.rules.push(rule)
    })
  })
  for (const {rule, name} of pendingPeers) {
    const group = ctx.ref('security group', name, model.securityGroupByName, rule.source, 'peer')
    if (group) rule.peer = {type: 'sg', name, group}
    else rule.group.rules = rule.group.rules.filter((other) => other !== rule)
  }
}

/** Instances; returns those with `ipv6: true` (allocated later, in file order). */
function resolveInstances(ctx: ResolveContext, model: Model, input: TopologyInput, root: SourceRef): Instance[] {
  const wantIpv6: Instance[] = []
  ;(input.instances ?? []).forEach((instanceInput, index) => {
    const source = child(root, 'instances', index)
    const vswitch = ctx.ref('vSwitch', instanceInput.vswitch, model.vswitchByName, source, 'vswitch')
    const groups = resolveGroups(ctx, model, instanceInput.securityGroups, source, 'securityGroups')
    if (!vswitch) {
      ctx.markBroken('instance', instanceInput.name)
      return
    }
    let ip: number | undefined
    if (instanceInput.ip !== undefined) {
      ip = ctx.ip(instanceInput.ip, source, 'ip')
      if (ip !== undefined) ctx.pool(vswitch).claim(ip)
    }
    // ipv6: an address is claimed now; `true` is allocated after every given address (allocateInstanceIpv6)
    let ipv6: Ipv6 | undefined
    if (typeof instanceInput.ipv6 === 'string') {
      ipv6 = ctx.ipv6(instanceInput.ipv6, source, 'ipv6')
      if (ipv6 !== undefined) ctx.ipv6Pool(vswitch)?.claim(ipv6)
    }
    const instance: Instance = {
      kind: 'instance', name: instanceInput.name, vpc: vswitch.vpc, vswitch, ip, ipGiven: instanceInput.ip !== undefined, ...(ipv6 !== undefined && {ipv6}),
      ipv6Given: typeof instanceInput.ipv6 === 'string', securityGroups: groups,
      publicIp: instanceInput.publicIp ?? false, listens: instanceInput.listens?.map((listen) => ({port: listen.port, protocol: listen.protocol ?? 'tcp'})),
      dnsNames: instanceInput.dnsNames ?? [], source,
    }
    if (!register(ctx, model.instanceByName, instance.name, instance, 'instance', source)) return
    model.instances.push(instance)
    vswitch.instances.push(instance)
    vswitch.vpc.instances.push(instance)
    for (const group of groups) group.members.push({kind: 'instance', instance})
    if (instanceInput.ipv6 === true) wantIpv6.push(instance)
  })
  return wantIpv6
}

function resolveNatGateways(ctx: ResolveContext, model: Model, input: TopologyInput, root: SourceRef): void {
  ;(input.natGateways ?? []).forEach((natInput, index) => {
    const source = child(root, 'natGateways', index)
    const vpc = ctx.ref('VPC', natInput.vpc, model.vpcByName, source, 'vpc')
    const vswitch = ctx.ref('vSwitch', natInput.vswitch, model.vswitchByName, source, 'vswitch')
    if (!vpc || !vswitch) {
      ctx.markBroken('NAT gateway', natInput.name)
      return
    }
    if (vswitch.vpc !== vpc) ctx.report('unknown-reference', `vSwitch "${vswitch.name}" is in VPC ${vswitch.vpc.name}, not in ${vpc.name}`, source, 'value', 'vswitch')
    const eips = (natInput.eips ?? []).flatMap((text, i) => ctx.ip(text, source, ['eips', i]) ?? [])
    const nat: NatGateway = {kind: 'natGateway', name: natInput.name, vpc, vswitch, ip: undefined, eips, snat: [], dnat: [], source}
    ;(natInput.snat ?? []).forEach((entry, i) => {
      const entrySource = child(source, 'snat', i)
      const eip = entry.eip === undefined ? undefined : ctx.ip(entry.eip, entrySource, 'eip')
      if (entry.source.startsWith('vswitch:')) {
        const target = ctx.ref('vSwitch', entry.source.slice('vswitch:'.length), model.vswitchByName, entrySource, 'source')
        if (target) nat.snat.push({index: i, sourceCidr: target.cidr, vswitch: target, eip, source: entrySource})
      } else {
        const cidr = ctx.cidr(entry.source, entrySource, 'source')
        if (cidr) nat.snat.push({index: i, sourceCidr: cidr, eip, source: entrySource})
      }
    })
    ;(natInput.dnat ?? []).forEach((entry, i) => {
      const entrySource = child(source, 'dnat', i)
      const eip = ctx.ip(entry.eip, entrySource, 'eip')
      const internalIp = ctx.ip(entry.internalIp, entrySource, 'internalIp')
      if (eip === undefined || internalIp === undefined) return
      nat.dnat.push({index: i, eip, externalPort: entry.externalPort, internalIp, internalPort: entry.internalPort, protocol: entry.protocol ?? 'tcp', source: entrySource})
    })
    if (!register(ctx, model.natGatewayByName, nat.name, nat, 'NAT gateway', source)) return
    model.natGateways.push(nat)
    vpc.natGateways.push(nat)
  })
}

function resolveLoadBalancers(ctx: ResolveContext, model: Model, input: TopologyInput, root: SourceRef): void {
  ;(input.loadBalancers ?? []).forEach((lbInput, index) => {
    const source = child(root, 'loadBalancers', index)
    const vpc = ctx.ref('VPC', lbInput.vpc, model.vpcByName, source, 'vpc')
    const vswitch = lbInput.vswitch === undefined ? undefined : ctx.ref('vSwitch', lbInput.vswitch, model.vswitchByName, source, 'vswitch')
    if (!vpc) {
      ctx.markBroken('load balancer', lbInput.name)
      return
    }
    if (vswitch && vswitch.vpc !== vpc) ctx.report('unknown-reference', `vSwitch "${vswitch.name}" is in VPC ${vswitch.vpc.name}, not in ${vpc.name}`, source, 'value', 'vswitch')
    const address = lbInput.address === undefined ? undefined : ctx.ip(lbInput.address, source, 'address')
    if (address !== undefined && vswitch && cidrContainsAddress(vswitch.cidr, address)) ctx.pool(vswitch).claim(address)
    const acl = lbInput.acl ? {type: lbInput.acl.type, cidrs: (lbInput.acl.cidrs ?? []).flatMap((text, i) => ctx.cidr(text, source, ['acl', 'cidrs', i]) ?? [])} : undefined
    const lb: LoadBalancer = {
      kind: 'loadBalancer', name: lbInput.name, vpc, vswitch: vswitch ?? undefined, addressType: lbInput.addressType ?? 'internet', address, addressGiven: address !== undefined, acl,
      // backends are resolved after allocation (resolveLbBackends)
      listeners: (lbInput.listeners ?? []).map((listener, i) => ({port: listener.port, protocol: listener.protocol ?? 'tcp', backends: [], source: child(source, 'listeners', i)})),
      source,
    }
    if (!register(ctx, model.loadBalancerByName, lb.name, lb, 'load balancer', source)) return
    model.loadBalancers.push(lb)
    vpc.loadBalancers.push(lb)
  })
}

/** IPv6 gateways; each VPC's first one adds `::/0 → ipv6gw:NAME` to its system table (SPEC §8). */
function resolveIpv6Gateways(ctx: ResolveContext, model: Model, input: TopologyInput, root: SourceRef): void {
  ;(input.ipv6Gateways ?? []).forEach((gatewayInput, index) => {
    const source = child(root, 'ipv6Gateways', index)
    const vpc = ctx.ref('VPC', gatewayInput.vpc, model.vpcByName, source, 'vpc')
    if (!vpc) {
      ctx.markBroken('IPv6 gateway', gatewayInput.name)
      return
    }
    const internet = (gatewayInput.internet ?? []).flatMap((text, i) => ctx.cidr6(text, source, ['internet', i]) ?? [])
    const gateway: Ipv6Gateway = {kind: 'ipv6Gateway', name: gatewayInput.name, vpc, internet, source}
    if (!register(ctx, model.ipv6GatewayByName, gateway.name, gateway, 'IPv6 gateway', source)) return
    model.ipv6Gateways.push(gateway)
    // a second gateway in one VPC is reported by the dual-stack rule; the first one routes
    if (vpc.ipv6Gateway) return
    vpc.ipv6Gateway = gateway
    const system = vpc.systemRouteTable
    system.ipv6Routes.unshift({
      kind: 'ipv6Route', table: system, destination: ipv6Cidr(0n, 0), nextHop: {type: 'ipv6gw', name: gateway.name, gateway}, index: -1, system: true, source,
    })
  })
}

function resolveLbBackends(ctx: ResolveContext, model: Model, input: TopologyInput, root: SourceRef): void {
  ;(input.loadBalancers ?? []).forEach((lbInput, index) => {
    const source = child(root, 'loadBalancers', index)
    const lb = model.loadBalancerByName.get(lbInput.name)
    if (!lb || lb.source.path !== source.path) return
    ;(lbInput.listeners ?? []).forEach((listenerInput, listenerIndex) => {
      const listener = lb.listeners[listenerIndex]!
      ;(listenerInput.backends ?? []).forEach((text, backendIndex) => {
        const field = ['listeners', listenerIndex, 'backends', backendIndex]
        const lastColon = text.lastIndexOf(':')
        const port = Number(text.slice(lastColon + 1))
        const target = text.slice(0, lastColon)
        if (port < 1 || port > 65535) {
          ctx.report('schema', `backend port must be 1–65535, got ${port}`, source, 'value', field)
          return
        }
        let backend: LbBackend | undefined
        if (target.startsWith('instance:')) {
          const instance = ctx.ref('instance', target.slice('instance:'.length), model.instanceByName, source, field)
          if (instance) backend = {kind: 'instance', instance, port}
        } else {
          const address = ctx.ip(target.slice('ip:'.length), source, field)
          if (address !== undefined) backend = {kind: 'ip', address, port}
        }
        if (backend) listener.backends.push(backend)
      })
    })
  })
}

function resolveRouteHops(ctx: ResolveContext, model: Model, pending: PendingHop[]): void {
  const dropped = new Set<RouteEntry | Ipv6RouteEntry>()
  for (const entry of pending) {
    if (entry.route.kind === 'ipv6Route') {
      const route = entry.route
      const hop = resolveIpv6Hop(ctx, model, entry.text, route)
      if (hop) route.nextHop = hop
      else dropped.add(route)
      continue
    }
    const route = entry.route
    const hop = resolveHop(ctx, model, entry.text, route)
    if (hop) route.nextHop = hop
    else dropped.add(route)
  }
  if (dropped.size > 0) {
    for (const table of model.routeTables) {
      table.routes = table.routes.filter((route) => !dropped.has(route))
      table.ipv6Routes = table.ipv6Routes.filter((route) => !dropped.has(route))
    }
  }
}

/** Next hops of IPv6 routes: an IPv6 gateway of the table's VPC, an instance, a peer VPC or blackhole; NAT gateways carry no IPv6. */
function resolveIpv6Hop(ctx: ResolveContext, model: Model, text: string, route: Ipv6RouteEntry): Ipv6NextHop | undefined {
  if (text === 'blackhole') return {type: 'blackhole'}
  const colon = text.indexOf(':')
  const type = text.slice(0, colon)
  const name = text.slice(colon + 1)
  if (type === 'nat') {
    ctx.report('unknown-reference', `route ${route.destination.prefix === 0 ? '::/0' : 'to an IPv6 block'}: NAT gateways forward IPv4 only; IPv6 traffic leaves through an IPv6 gateway (nextHop: ipv6gw:NAME)`, route.source, 'value', 'nextHop')
    return undefined
  }
  if (type === 'ipv6gw') {
    const gateway = ctx.ref('IPv6 gateway', name, model.ipv6GatewayByName, route.source, 'nextHop')
    if (gateway && gateway.vpc !== route.table.vpc) {
      ctx.report('unknown-reference', `IPv6 gateway "${name}" is in VPC ${gateway.vpc.name}; a route can only point at one in VPC ${route.table.vpc.name}`, route.source, 'value', 'nextHop')
      return undefined
    }
    return gateway ? {type: 'ipv6gw', name, gateway} : undefined
  }
  if (type === 'instance') {
    const instance = ctx.ref('instance', name, model.instanceByName, route.source, 'nextHop')
    return instance ? {type: 'instance', name, instance} : undefined
  }
  const vpc = ctx.ref('VPC', name, model.vpcByName, route.source, 'nextHop')
  return vpc ? {type: 'peer', name, vpc} : undefined
}

function resolveHop(ctx: ResolveContext, model: Model, text: string, route: RouteEntry): NextHop | undefined {
  if (text === 'blackhole') return {type: 'blackhole'}
  const colon = text.indexOf(':')
  const type = text.slice(0, colon)
  const name = text.slice(colon + 1)
  if (type === 'ipv6gw') {
    ctx.report('unknown-reference', `an IPv6 gateway carries IPv6 only; route ${route.destination.network === 0 && route.destination.prefix === 0 ? '0.0.0.0/0' : 'to an IPv4 block'} needs nat:NAME, instance:NAME, peer:VPC or blackhole`, route.source, 'value', 'nextHop')
    return undefined
  }
  if (type === 'nat') {
    const nat = ctx.ref('NAT gateway', name, model.natGatewayByName, route.source, 'nextHop')
    if (nat && nat.vpc !== route.table.vpc) {
      ctx.report('unknown-reference', `NAT gateway "${name}" is in VPC ${nat.vpc.name}; a route can only point at one in VPC ${route.table.vpc.name}`, route.source, 'value', 'nextHop')
      return undefined
    }
    return nat ? {type: 'nat', name, nat} : undefined
  }
  if (type === 'instance') {
    const instance = ctx.ref('instance', name, model.instanceByName, route.source, 'nextHop')
    return instance ? {type: 'instance', name, instance} : undefined
  }
  const vpc = ctx.ref('VPC', name, model.vpcByName, route.source, 'nextHop')
  return vpc ? {type: 'peer', name, vpc} : undefined
}

function resolveDnatTargets(model: Model): void {
  // the first instance, else the first node, at each DNAT entry's internal address
  const owners = new Map<number, IpOwner | undefined>()
  for (const nat of model.natGateways) for (const entry of nat.dnat) owners.set(entry.internalIp, undefined)
  if (owners.size === 0) return
  for (const instance of model.instances) if (instance.ip !== undefined && owners.get(instance.ip) === undefined && owners.has(instance.ip)) owners.set(instance.ip, {kind: 'instance', instance})
  for (const cluster of model.clusters) for (const node of cluster.nodes) if (node.ip !== undefined && owners.get(node.ip) === undefined && owners.has(node.ip)) owners.set(node.ip, {kind: 'node', node})
  for (const nat of model.natGateways) for (const entry of nat.dnat) entry.target = owners.get(entry.internalIp)
}

function resolveExpectations(model: Model, input: TopologyInput, root: SourceRef): void {
  model.expectations = (input.expectations ?? []).map((entry, index): Expectation => ({
    index, from: entry.from, to: entry.to, port: entry.port, protocol: entry.protocol, expect: entry.expect, family: entry.family, description: entry.description, source: child(root, 'expectations', index),
  }))
}

function indexIpOwners(model: Model): void {
  indexIpv4Owners(model)
  indexIpv6Owners(model)
}

function indexIpv6Owners(model: Model): void {
  const duplicates = new Map<Ipv6, IpOwner[]>()
  const claim = (ip: Ipv6 | undefined, owner: IpOwner): void => {
    if (ip === undefined) return
    const existing = model.ipv6Owners.get(ip)
    if (!existing) {
      model.ipv6Owners.set(ip, owner)
      return
    }
    if (!duplicates.has(ip)) duplicates.set(ip, [existing])
    duplicates.get(ip)!.push(owner)
  }
  for (const instance of model.instances) claim(instance.ipv6, {kind: 'instance', instance})
  for (const cluster of model.clusters) {
    if (cluster.ipStack !== 'dual') continue
    for (const node of cluster.nodes) claim(node.ipv6, {kind: 'node', node})
    for (const pod of cluster.pods) if (!pod.workload.hostNetwork) claim(pod.ipv6, {kind: 'pod', pod})
  }
  model.duplicateIpv6s = [...duplicates].map(([ip, owners]) => ({ip, owners}))
}

function indexIpv4Owners(model: Model): void {
  const duplicates = new Map<number, IpOwner[]>()
  const claim = (ip: number | undefined, owner: IpOwner): void => {
    if (ip === undefined) return
    const existing = model.ipOwners.get(ip)
    if (!existing) {
      model.ipOwners.set(ip, owner)
      return
    }
    if (!duplicates.has(ip)) duplicates.set(ip, [existing])
    duplicates.get(ip)!.push(owner)
  }
  for (const instance of model.instances) claim(instance.ip, {kind: 'instance', instance})
  for (const natGateway of model.natGateways) claim(natGateway.ip, {kind: 'natGateway', natGateway})
  for (const loadBalancer of model.loadBalancers) if (loadBalancer.addressType === 'intranet' || loadBalancer.addressGiven) claim(loadBalancer.address, {kind: 'loadBalancer', loadBalancer})
  for (const cluster of model.clusters) {
    // perf: by index, the largest loops of the resolver (a for-of makes an iterator result per item until optimised)
    const {nodes, pods} = cluster
    for (let i = 0; i < nodes.length; i++) claim(nodes[i]!.ip, {kind: 'node', node: nodes[i]!})
    for (let i = 0; i < pods.length; i++) if (!pods[i]!.workload.hostNetwork) claim(pods[i]!.ip, {kind: 'pod', pod: pods[i]!})
  }
  model.duplicateIps = [...duplicates].map(([ip, owners]) => ({ip, owners}))
}

