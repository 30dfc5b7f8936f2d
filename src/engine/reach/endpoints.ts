import {AcknetError} from '../../errors.js'
import {type Ipv4, parseIpv4} from '../cidr/ipv4.js'
import {type Ipv6, parseIpv6} from '../cidr/ipv6.js'
import {closestNames} from '../suggest.js'
import type {Cluster, Instance, LoadBalancer, NatGateway, Node, NodePool, Pod, SecurityGroup, Service, VSwitch, Vpc, Workload} from '../topology/model.js'
import type {ReachContext} from './context.js'
import {type Address, type Family, formatAddress, serviceHasIpv6, serviceLacksIpv4} from './family.js'
import {internetClasses} from './internet.js'
import {unplacedReason} from './placement.js'
import type {EndpointSummary} from './result.js'

/**
 * Endpoint references (SPEC §4.1) → the concrete things that send or receive: pods, nodes,
 * instances, outside addresses; or, for destinations, the Service/SLB/DNAT/Ingress to go through.
 */

export const ENDPOINT_KINDS = ['pod', 'node', 'instance', 'svc', 'nodeport', 'lb', 'slb', 'dns', 'url', 'ip', 'internet'] as const
export type EndpointKind = (typeof ENDPOINT_KINDS)[number]

/**
 * A public address where one is needed but none is known (an internet SLB without a given address,
 * the public side of a sender with its own EIP). The `internet` endpoint is never this address:
 * it is traced per address class (internet.ts).
 */
export const INTERNET_ADDRESS: Ipv4 = parseIpv4('203.0.113.10')!
/** The IPv6 twin of INTERNET_ADDRESS (RFC 3849 documentation space; never the `internet` endpoint either). */
export const INTERNET_ADDRESS6: Ipv6 = parseIpv6('2001:db8:ffff::10')!

export function internetAddress(family: Family): Address {
  return family === 6 ? INTERNET_ADDRESS6 : INTERNET_ADDRESS
}

/** A concrete sender or receiver of packets. */
export interface Actor {
  /** Display name: `web/frontend-0`, `node shop/default-1`, `instance db-1`, `internet`. */
  name: string
  kind: 'pod' | 'node' | 'instance' | 'outside' | 'host'
  /** Its address in the family asked (an IPv6 BigInt under `--family 6`). */
  address: Address
  /**
   * Set when it has no address in the family asked (a single-stack cluster, an instance without
   * `ipv6`): every pair with it is denied NO_IPV6_ADDRESS, naming `object` and saying why.
   */
  noAddress?: {object: string; why: string}
  pod?: Pod
  node?: Node
  instance?: Instance
  /** The vSwitch its packets leave from / arrive on (route table); undefined outside any VPC. */
  vswitch?: VSwitch
  vpc?: Vpc
  cluster?: Cluster
  /** Security groups of its ENI (none for outside addresses). */
  groups: SecurityGroup[]
  hasEni: boolean
  /** Has its own public address (ECS public IP/EIP, Terway pod EIP). */
  publicIp: boolean
  /** `KIND/NAME` for reasons about it (instance/db-1, workload/web/api, node/shop/default-0). */
  object: string
}

export type Target =
  | {kind: 'actors'; actors: Actor[]; /** declared ports of the destination, for the port step */ ports?: PortSpec[]; object: string}
  | {kind: 'service'; service: Service}
  | {kind: 'nodeport'; service: Service}
  | {kind: 'slb'; lb: LoadBalancer}
  | {kind: 'dnat'; nat: NatGateway; eip: Ipv4}
  | {kind: 'url'; host: string; path: string; port: number; clusters: Cluster[]}
  | {kind: 'unresolved'; name: string; why: string}

export interface PortSpec {
  port: number
  protocol: string
}

export interface ResolvedEndpoint {
  summary: EndpointSummary
  /** Sources: the concrete senders (all replicas / nodes). */
  actors: Actor[]
  target: Target
  /** The workload a `pod:` reference names (its unplaced replicas are reported). */
  workload?: Workload
}

interface ParsedRef {
  kind: EndpointKind
  rest: string
}

export function parseRef(text: string): ParsedRef {
  if (text === 'internet') return {kind: 'internet', rest: ''}
  const colon = text.indexOf(':')
  const kind = colon > 0 ? text.slice(0, colon) : ''
  if (!(ENDPOINT_KINDS as readonly string[]).includes(kind)) {
    throw new AcknetError(`"${text}" is not an endpoint: expected KIND:NAME with KIND one of ${ENDPOINT_KINDS.filter((k) => k !== 'internet').join(', ')}, or internet`, {
      hints: ['examples: pod:web/frontend  instance:db-1  svc:web/api  ip:192.168.0.7  internet'],
    })
  }
  return {kind: kind as EndpointKind, rest: text.slice(colon + 1)}
}

function unknown(ref: string, what: string, candidates: Iterable<string>): AcknetError {
  const all = [...candidates]
  const close = closestNames(ref, all, 5)
  // nothing similar: still name what exists, so the user sees the expected form
  const known = all.slice(0, 5)
  const hints = close.length > 0 ? [`closest: ${close.join(', ')}`]
    : known.length > 0 ? [`known: ${known.join(', ')}${all.length > known.length ? `, … (${all.length} in all)` : ''}`]
    : [`the topology has no ${what}`]
  return new AcknetError(`unknown endpoint ${ref}: no ${what} of that name in the topology`, {hints})
}

/** Every endpoint reference the topology offers (for "closest names" and matrix globs). */
export function allRefs(ctx: ReachContext): string[] {
  const model = ctx.model
  const single = model.clusters.length === 1
  const prefix = (cluster: Cluster) => (single ? '' : `${cluster.name}/`)
  const refs: string[] = []
  for (const cluster of model.clusters) {
    for (const workload of cluster.workloads) refs.push(`pod:${prefix(cluster)}${workload.namespace.name}/${workload.name}`)
    for (const pool of cluster.nodePools) refs.push(`node:${prefix(cluster)}${pool.name}`)
    for (const service of cluster.services) {
      refs.push(`svc:${prefix(cluster)}${service.namespace.name}/${service.name}`)
      if (service.type === 'NodePort' || service.type === 'LoadBalancer') refs.push(`nodeport:${prefix(cluster)}${service.namespace.name}/${service.name}`)
      if (service.type === 'LoadBalancer') refs.push(`lb:${prefix(cluster)}${service.namespace.name}/${service.name}`)
    }
  }
  for (const instance of model.instances) refs.push(`instance:${instance.name}`)
  for (const lb of model.loadBalancers) if (!lb.service) refs.push(`slb:${lb.name}`)
  return refs
}

/**
 * The cluster of a `[CLUSTER/]…` reference. The cluster part may be left out when the topology has
 * one cluster, or when exactly one cluster has an object of that name (`has`).
 */
function pickCluster(ctx: ReachContext, ref: string, parts: string[], expected: number, has: (cluster: Cluster, parts: string[]) => boolean): {cluster: Cluster; parts: string[]} {
  const clusters = ctx.model.clusters
  if (parts.length === expected + 1) {
    const cluster = ctx.model.clusterByName.get(parts[0]!)
    if (!cluster) throw unknown(ref, 'cluster', clusters.map((c) => c.name))
    return {cluster, parts: parts.slice(1)}
  }
  if (parts.length !== expected) throw new AcknetError(`"${ref}" is malformed: expected ${expected === 2 ? '[CLUSTER/]NAMESPACE/NAME' : '[CLUSTER/]POOL'}`)
  if (clusters.length === 0) throw new AcknetError(`unknown endpoint ${ref}: the topology has no cluster`)
  if (clusters.length === 1) return {cluster: clusters[0]!, parts}
  const holders = clusters.filter((cluster) => has(cluster, parts))
  if (holders.length === 1) return {cluster: holders[0]!, parts}
  // in no cluster: the caller reports an unknown endpoint with the closest names
  if (holders.length === 0) return {cluster: clusters[0]!, parts}
  throw new AcknetError(`"${ref}" is ambiguous: the topology has ${clusters.length} clusters; write ${ref.split(':')[0]}:CLUSTER/${parts.join('/')}`, {hints: [`clusters with ${parts.join('/')}: ${holders.map((c) => c.name).join(', ')}`]})
}

// ---------------------------------------------------------------------------------------------
// Actors

/**
 * A placeholder address for an actor with none in the family asked (`noAddress` says why): it is
 * never on a packet, since every pair with such an actor is denied before any step reads it.
 */
const NO_IPV6 = 0n

/** Why a cluster's pod or node has no IPv6 address (SPEC §8: dual stack is Terway with an ipv6Cidr per vSwitch). */
function noIpv6(cluster: Cluster, vswitch: VSwitch | undefined, what: string): {object: string; why: string} {
  if (cluster.ipStack !== 'dual') return {object: `cluster/${cluster.name}`, why: `cluster ${cluster.name} is single stack (ipStack ${cluster.ipStack}): its ${what} have no IPv6 address`}
  if (cluster.network.plugin === 'flannel') return {object: `cluster/${cluster.name}`, why: `cluster ${cluster.name} uses Flannel, which has no IPv6 (dual stack needs Terway)`}
  if (cluster.network.plugin === 'acs') return {object: `cluster/${cluster.name}`, why: `cluster ${cluster.name} is ACS, which does not support dual stack`}
  if (vswitch && !vswitch.ipv6Cidr) return {object: `vswitch/${vswitch.name}`, why: `vSwitch ${vswitch.name} has no ipv6Cidr, so its ${what} get no IPv6 address`}
  return {object: `cluster/${cluster.name}`, why: `Terway runs these ${what} IPv4-only: the instance type's IPv6 per ENI does not allow dual stack (lint dual-stack says why)`}
}

export function podActor(pod: Pod, family: Family = 4): Actor | undefined {
  if (unplacedReason(pod)) return undefined
  const workload = pod.workload
  const cluster = workload.cluster
  if (workload.hostNetwork) {
    if (!pod.node || pod.node.ip === undefined) return undefined
    return {...nodeActor(pod.node, family)!, name: `${workload.namespace.name}/${pod.name}`, kind: 'pod', pod, object: workloadObject(workload)}
  }
  if (pod.ip === undefined) return undefined
  const ownEni = cluster.network.plugin !== 'flannel'
  const vswitch = ownEni ? pod.vswitch : pod.node?.vswitch
  const v6 = family === 6
  return {
    name: `${workload.namespace.name}/${pod.name}`,
    kind: 'pod',
    address: v6 ? pod.ipv6 ?? NO_IPV6 : pod.ip,
    ...(v6 && pod.ipv6 === undefined ? {noAddress: noIpv6(cluster, vswitch, 'pods')} : {}),
    pod,
    node: pod.node,
    vswitch,
    vpc: cluster.vpc,
    cluster,
    groups: pod.securityGroups,
    hasEni: true,
    publicIp: Boolean(ownEni && workload.podNetworking?.eip),
    object: workloadObject(workload),
  }
}

export function nodeActor(node: Node, family: Family = 4): Actor | undefined {
  if (node.ip === undefined) return undefined
  const v6 = family === 6
  return {
    name: `node ${node.cluster.name}/${node.name}`,
    kind: 'node',
    address: v6 ? node.ipv6 ?? NO_IPV6 : node.ip,
    ...(v6 && node.ipv6 === undefined ? {noAddress: noIpv6(node.cluster, node.vswitch, 'nodes')} : {}),
    node,
    vswitch: node.vswitch,
    vpc: node.cluster.vpc,
    cluster: node.cluster,
    groups: node.securityGroups,
    hasEni: true,
    publicIp: false,
    // the pool, not the node: nodes of one pool share their answer and group into one path
    object: `nodePool/${node.cluster.name}/${node.pool.name}`,
  }
}

export function instanceActor(instance: Instance, family: Family = 4): Actor | undefined {
  if (instance.ip === undefined) return undefined
  const v6 = family === 6
  const why = () => (instance.vswitch.ipv6Cidr ? `instance ${instance.name} has no ipv6 (give an address, or ipv6: true)` : `instance ${instance.name} has no IPv6 address: its vSwitch ${instance.vswitch.name} has no ipv6Cidr`)
  return {
    name: `instance ${instance.name}`,
    kind: 'instance',
    address: v6 ? instance.ipv6 ?? NO_IPV6 : instance.ip,
    ...(v6 && instance.ipv6 === undefined ? {noAddress: {object: `instance/${instance.name}`, why: why()}} : {}),
    instance,
    vswitch: instance.vswitch,
    vpc: instance.vpc,
    groups: instance.securityGroups,
    hasEni: true,
    publicIp: instance.publicIp,
    object: `instance/${instance.name}`,
  }
}

export function outsideActor(address: Address, name = 'internet'): Actor {
  return {name, kind: 'outside', address, groups: [], hasEni: false, publicIp: true, object: name.startsWith('internet') ? 'internet' : `ip/${formatAddress(address)}`}
}

export function workloadObject(workload: Workload): string {
  return `workload/${workload.namespace.name}/${workload.name}`
}

export function serviceObject(service: Service): string {
  return `service/${service.namespace.name}/${service.name}`
}

export function lbObject(lb: LoadBalancer): string {
  return lb.service ? serviceObject(lb.service) : `loadBalancer/${lb.name}`
}

function podActors(workload: Workload, family: Family): Actor[] {
  return workload.pods.map((pod) => podActor(pod, family)).filter((a): a is Actor => a !== undefined)
}

function poolActors(pool: NodePool, family: Family): Actor[] {
  return pool.nodes.map((node) => nodeActor(node, family)).filter((a): a is Actor => a !== undefined)
}

function summary(ref: string, kind: string, address: Address | undefined): EndpointSummary {
  return {ref, kind, address: address === undefined ? null : formatAddress(address)}
}

/** The summary address of the first actor that has one in the family asked. */
function firstAddress(actors: readonly Actor[]): Address | undefined {
  return actors.find((a) => !a.noAddress)?.address
}

// ---------------------------------------------------------------------------------------------
// Resolution

/**
 * Resolves a reference. `sourceNamespace` (the source pod's namespace) lets `dns:` short names
 * resolve the way a pod's resolv.conf search list does.
 */
export function resolveEndpoint(ctx: ReachContext, ref: string, role: 'source' | 'destination', sourcePod?: Pod): ResolvedEndpoint {
  const {kind, rest} = parseRef(ref)
  const model = ctx.model
  const family = ctx.family
  const v6 = family === 6
  const refsOfKind = () => allRefs(ctx).filter((r) => r.startsWith(`${kind}:`))
  switch (kind) {
    case 'pod': {
      const {cluster, parts} = pickCluster(ctx, ref, rest.split('/'), 2, (c, p) => c.workloadByName.has(`${p[0]}/${p[1]}`))
      const workload = cluster.workloadByName.get(`${parts[0]}/${parts[1]}`)
      if (!workload) throw unknown(ref, 'workload', refsOfKind())
      const actors = podActors(workload, family)
      return {summary: summary(ref, 'pod', firstAddress(actors)), actors, workload, target: {kind: 'actors', actors, ports: workload.ports.map((p) => ({port: p.containerPort, protocol: p.protocol.toLowerCase()})), object: workloadObject(workload)}}
    }
    case 'node': {
      const {cluster, parts} = pickCluster(ctx, ref, rest.split('/'), 1, (c, p) => c.nodePoolByName.has(p[0]!))
      const pool = cluster.nodePoolByName.get(parts[0]!)
      if (!pool) throw unknown(ref, 'node pool', refsOfKind())
      const actors = poolActors(pool, family)
      return {summary: summary(ref, 'node', firstAddress(actors)), actors, target: {kind: 'actors', actors, object: `nodePool/${cluster.name}/${pool.name}`}}
    }
    case 'instance': {
      const instance = model.instanceByName.get(rest)
      if (!instance) throw unknown(ref, 'instance', refsOfKind())
      const actor = instanceActor(instance, family)
      const actors = actor ? [actor] : []
      return {summary: summary(ref, 'instance', v6 ? instance.ipv6 : instance.ip), actors, target: {kind: 'actors', actors, ports: instance.listens?.map((l) => ({port: l.port, protocol: l.protocol})), object: `instance/${instance.name}`}}
    }
    case 'svc':
    case 'nodeport':
    case 'lb': {
      const {cluster, parts} = pickCluster(ctx, ref, rest.split('/'), 2, (c, p) => c.serviceByName.has(`${p[0]}/${p[1]}`))
      const service = cluster.serviceByName.get(`${parts[0]}/${parts[1]}`)
      if (!service) throw unknown(ref, 'Service', allRefs(ctx).filter((r) => r.startsWith('svc:')).map((r) => r.replace(/^svc:/, `${kind}:`)))
      if (role === 'source') throw new AcknetError(`${ref} cannot be a source: a Service only receives; use pod:${rest} for its pods`)
      if (kind === 'nodeport') {
        if (service.type !== 'NodePort' && service.type !== 'LoadBalancer') throw new AcknetError(`${ref}: Service ${service.namespace.name}/${service.name} is type ${service.type} and has no nodePort`, {hints: ['use svc: for its cluster IP']})
        const node = cluster.nodes.find((n) => n.ip !== undefined)
        return {summary: summary(ref, 'nodeport', v6 ? cluster.nodes.find((n) => n.ipv6 !== undefined)?.ipv6 : node?.ip), actors: [], target: {kind: 'nodeport', service}}
      }
      if (kind === 'lb') {
        if (!service.loadBalancer) throw new AcknetError(`${ref}: Service ${service.namespace.name}/${service.name} is type ${service.type}, not LoadBalancer`, {hints: ['use svc: for its cluster IP']})
        return {summary: summary(ref, 'lb', v6 ? undefined : service.loadBalancer.address), actors: [], target: {kind: 'slb', lb: service.loadBalancer}}
      }
      return {summary: summary(ref, 'svc', serviceAddress(service, family)), actors: [], target: {kind: 'service', service}}
    }
    case 'slb': {
      const lb = model.loadBalancerByName.get(rest)
      if (!lb) throw unknown(ref, 'load balancer', refsOfKind())
      if (role === 'source') throw new AcknetError(`${ref} cannot be a source: an SLB only receives`)
      return {summary: summary(ref, 'slb', v6 ? undefined : lb.address), actors: [], target: {kind: 'slb', lb}}
    }
    case 'ip': {
      const address = rest.includes(':') ? parseIpv6(rest) : parseIpv4(rest)
      if (address === undefined) throw new AcknetError(`"${ref}": "${rest}" is not an IPv4 or IPv6 address`)
      const given = typeof address === 'number' ? 4 : 6
      if (given !== family) throw new AcknetError(`${ref} is an IPv${given} address, but the question is asked over IPv${family}`, {hints: [given === 6 ? 'an IPv6 ip: endpoint implies --family 6; drop --family 4' : 'use the IPv6 address of the host, or --family 4']})
      return resolveAddress(ctx, ref, address, role)
    }
    case 'internet': {
      const actors = internetClasses(model, family).map((c) => outsideActor(c.representative, c.name))
      return {summary: {ref, kind: 'internet', address: null}, actors, target: {kind: 'actors', actors, object: 'internet'}}
    }
    case 'dns': {
      if (role === 'source') throw new AcknetError(`${ref} cannot be a source; name the pod, node or instance instead`)
      return resolveDns(ctx, ref, rest, sourcePod)
    }
    case 'url': {
      if (role === 'source') throw new AcknetError(`${ref} cannot be a source`)
      const match = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(rest)
      if (!match) throw new AcknetError(`"${ref}" is not a URL: expected url:http[s]://HOST[:PORT]/PATH`)
      const [, scheme, host, portText, path] = match
      const port = portText ? Number(portText) : scheme === 'https' ? 443 : 80
      if (!(port >= 1 && port <= 65535)) throw new AcknetError(`"${ref}": port ${portText} is outside 1–65535`)
      return {summary: {ref, kind: 'url', address: null}, actors: [], target: {kind: 'url', host: host!.toLowerCase(), path: path ?? '/', port, clusters: model.clusters}}
    }
  }
}

function firstPodIp(service: Service, family: Family): Address | undefined {
  for (const workload of service.endpoints) {
    for (const pod of workload.pods) {
      const ip = family === 6 ? pod.ipv6 : pod.ip
      if (ip !== undefined) return ip
    }
  }
  return undefined
}

/** The summary address of a Service: its cluster IP, else (headless, or IPv6 where no IPv6 Service CIDR is modelled) a pod IP; none when it lacks the family. */
function serviceAddress(service: Service, family: Family): Address | undefined {
  if (family === 6) return serviceHasIpv6(service) ? firstPodIp(service, 6) : undefined
  if (serviceLacksIpv4(service)) return undefined
  return service.clusterIP ?? firstPodIp(service, 4)
}

function resolveAddress(ctx: ReachContext, ref: string, address: Address, role: 'source' | 'destination'): ResolvedEndpoint {
  const family = ctx.family
  const owner = ctx.ownerOf(address)
  const make = (actor: Actor | undefined, object: string, ports?: PortSpec[]): ResolvedEndpoint => {
    const actors = actor ? [actor] : []
    return {summary: summary(ref, actor?.kind === 'outside' ? 'ip' : actor?.kind ?? 'ip', address), actors, target: {kind: 'actors', actors, ports, object}}
  }
  if (owner?.kind === 'pod') {
    const actor = podActor(owner.pod, family)
    return make(actor, workloadObject(owner.pod.workload), owner.pod.workload.ports.map((p) => ({port: p.containerPort, protocol: p.protocol.toLowerCase()})))
  }
  if (owner?.kind === 'node') return make(nodeActor(owner.node, family), `node/${owner.node.cluster.name}/${owner.node.name}`)
  if (owner?.kind === 'instance') return make(instanceActor(owner.instance, family), `instance/${owner.instance.name}`, owner.instance.listens?.map((l) => ({port: l.port, protocol: l.protocol})))
  if (role === 'destination') {
    const lb = owner?.kind === 'loadBalancer' ? owner.loadBalancer : ctx.loadBalancerAt(address)
    if (lb) return {summary: summary(ref, 'slb', address), actors: [], target: {kind: 'slb', lb}}
    const service = ctx.serviceAt(address)
    if (service) return {summary: summary(ref, 'svc', address), actors: [], target: {kind: 'service', service}}
    const nat = ctx.natByEip(address)
    if (nat && typeof address === 'number') return {summary: summary(ref, 'eip', address), actors: [], target: {kind: 'dnat', nat, eip: address}}
  }
  // an address nobody in the file owns: a host in the vSwitch that holds it, else an outside address
  const vswitch = ctx.vswitchHolding(address)
  if (vswitch) {
    const actor: Actor = {name: `host ${formatAddress(address)}`, kind: 'host', address, vswitch, vpc: vswitch.vpc, groups: [], hasEni: false, publicIp: false, object: `ip/${formatAddress(address)}`}
    return make(actor, actor.object)
  }
  const actor = outsideActor(address, `ip ${formatAddress(address)}`)
  return make(actor, actor.object)
}

/** CoreDNS-style resolution: Service names, StatefulSet pod names via headless Services, instance dnsNames, ExternalName. */
function resolveDns(ctx: ReachContext, ref: string, name: string, sourcePod: Pod | undefined, depth = 0): ResolvedEndpoint {
  const lower = name.toLowerCase().replace(/\.$/, '')
  const unresolved = (why: string): ResolvedEndpoint => ({summary: {ref, kind: 'dns', address: null}, actors: [], target: {kind: 'unresolved', name, why}})
  for (const instance of ctx.model.instances) {
    if (instance.dnsNames.some((n) => n.toLowerCase().replace(/\.$/, '') === lower)) {
      const actor = instanceActor(instance, ctx.family)
      return {summary: summary(ref, 'instance', ctx.family === 6 ? instance.ipv6 : instance.ip), actors: [], target: {kind: 'actors', actors: actor ? [actor] : [], ports: instance.listens?.map((l) => ({port: l.port, protocol: l.protocol})), object: `instance/${instance.name}`}}
    }
  }
  // cluster names resolve only through CoreDNS, i.e. from pods (nodes and ECS use the VPC resolver)
  const clusters = sourcePod ? [sourcePod.workload.cluster] : []
  for (const cluster of clusters) {
    const domain = cluster.clusterDomain.toLowerCase()
    const candidates = [lower]
    // resolv.conf search list of a pod: NS.svc.DOMAIN, svc.DOMAIN, DOMAIN (ndots 5)
    if (!lower.endsWith(`.${domain}`)) {
      candidates.push(`${lower}.${sourcePod!.workload.namespace.name}.svc.${domain}`, `${lower}.svc.${domain}`, `${lower}.${domain}`)
    }
    for (const fqdn of candidates) {
      const labels = fqdn.slice(0, -(domain.length + 1)).split('.')
      if (!fqdn.endsWith(`.${domain}`)) continue
      // SERVICE.NS.svc or POD.SERVICE.NS.svc
      if (labels.length === 3 && labels[2] === 'svc') {
        const service = cluster.serviceByName.get(`${labels[1]}/${labels[0]}`)
        if (!service) continue
        if (service.type === 'ExternalName') {
          if (depth > 4 || !service.externalName) return unresolved(`ExternalName ${service.namespace.name}/${service.name} loops or is empty`)
          const next = resolveDns(ctx, ref, service.externalName, sourcePod, depth + 1)
          if (next.target.kind === 'unresolved') return unresolved(`ExternalName ${service.namespace.name}/${service.name} points to ${service.externalName}, which the topology does not define`)
          return next
        }
        return {summary: summary(ref, 'svc', serviceAddress(service, ctx.family)), actors: [], target: {kind: 'service', service}}
      }
      if (labels.length === 4 && labels[3] === 'svc') {
        const service = cluster.serviceByName.get(`${labels[2]}/${labels[1]}`)
        if (!service?.headless) continue
        for (const workload of service.endpoints) {
          if (workload.workloadKind !== 'StatefulSet') continue
          const pod = workload.pods.find((p) => p.name === labels[0])
          if (!pod) continue
          const actor = podActor(pod, ctx.family)
          return {summary: summary(ref, 'pod', ctx.family === 6 ? pod.ipv6 : pod.ip), actors: [], target: {kind: 'actors', actors: actor ? [actor] : [], ports: workload.ports.map((p) => ({port: p.containerPort, protocol: p.protocol.toLowerCase()})), object: workloadObject(workload)}}
        }
      }
    }
  }
  const why = sourcePod ? `no Service, StatefulSet pod or instance dnsNames entry is called ${name}` : `${name} is not in any instance dnsNames (cluster DNS names resolve only from pods)`
  return unresolved(why)
}
