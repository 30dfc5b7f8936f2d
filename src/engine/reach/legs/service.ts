import {formatIpv4} from '../../cidr/ipv4.js'
import type {Service, ServicePort} from '../../topology/model.js'
import {classify} from '../classes.js'
import {type Decision, deny, pass} from '../decision.js'
import {type Actor, internetAddress, nodeActor, podActor, serviceObject} from '../endpoints.js'
import {type Family, formatAddress, serviceAsksIpv6, serviceLacksIpv4} from '../family.js'
import {ipv6PublicEntry} from './dnat.js'
import {capped, deniedOutright, failBefore, type Leg, type PairOutcome, runLeg, type TraceEnv} from './leg.js'

/** Step 4 for Services: cluster IP (or headless pod IPs) and nodePort → endpoints via selector and targetPort. */

export interface ServiceEndpoint {
  actor: Actor
  targetPort: number
}

export function viaService(env: TraceEnv, sender: Actor, service: Service, protocol: string, port: number): PairOutcome[] {
  const resolved = resolveService(env, sender, service, protocol, port)
  if (!resolved.ok) return resolved.outcomes
  return capped(env, resolved.endpoints, sender, (endpoint) => serviceLeg(env, sender, service, resolved.servicePort, endpoint, protocol, port))
}

export type ServiceResolution = {ok: false; outcomes: PairOutcome[]} | {ok: true; servicePort: ServicePort | undefined; endpoints: ServiceEndpoint[]}

/** Step 4 up to the endpoints: the denial when the Service cannot be used from this sender, else its endpoints. */
export function resolveService(env: TraceEnv, sender: Actor, service: Service, protocol: string, port: number): ServiceResolution {
  const object = serviceObject(service)
  const cluster = service.cluster
  const firstAddress = env.ctx.family === 6 ? internetAddress(6) : service.clusterIP ?? internetAddress(4)
  const fail = (code: Parameters<typeof deny>[1], on: string, detail: () => string): ServiceResolution => ({ok: false, outcomes: [failBefore(env, sender, firstAddress, port, deny('service', code, on, detail), protocol, object)]})
  if (service.type === 'ExternalName') {
    return fail('NO_ENDPOINTS', object, () => `${object} is ExternalName ${service.externalName ?? ''}: use dns:${service.name}.${service.namespace.name}.svc.${cluster.clusterDomain} to follow it`)
  }
  const noFamily = serviceFamilyDenial(service, env.ctx.family)
  if (noFamily) return {ok: false, outcomes: [deniedOutright(sender, noFamily, object)]}
  const servicePort = service.ports.find((p) => p.port === port && p.protocol.toLowerCase() === protocol)
  if (!service.headless) {
    const inCluster = sender.cluster === cluster && (sender.kind === 'pod' || sender.kind === 'node')
    if (!inCluster) return fail('CLUSTER_IP_UNREACHABLE', `cluster/${cluster.name}`, () => `cluster IP ${service.clusterIP !== undefined && env.ctx.family === 4 ? formatIpv4(service.clusterIP) : '(IPv6)'} of ${object} works only from nodes and pods of cluster ${cluster.name}; ${sender.name} is outside it`)
    if (!servicePort) return fail('PORT_NOT_EXPOSED', object, () => `${object} exposes ${describePorts(service.ports)}, not ${protocol}/${port}`)
  }
  const endpoints = endpointsOf(env, service, servicePort, port)
  if (endpoints.length === 0) return fail('NO_ENDPOINTS', object, () => noEndpointsDetail(service, servicePort))
  return {ok: true, servicePort, endpoints}
}

/** One sender to one endpoint through the cluster IP (or the pod IP of a headless Service). */
export function serviceLeg(env: TraceEnv, sender: Actor, service: Service, servicePort: ServicePort | undefined, {actor, targetPort}: ServiceEndpoint, protocol: string, port: number): PairOutcome {
  const object = serviceObject(service)
  const detail = () =>
    service.headless
      ? `headless ${object}: DNS returns the pod IPs; ${actor.name} ${formatAddress(actor.address)}:${targetPort}`
      : `${typeof actor.address === 'number' ? `cluster IP ${formatIpv4(service.clusterIP!)}` : 'IPv6 cluster IP'}:${port} → endpoint ${actor.name} ${formatAddress(actor.address)}:${targetPort}${servicePort && typeof servicePort.targetPort === 'string' ? ` (targetPort ${servicePort.targetPort})` : ''}`
  const leg: Leg = {sender, dstAddress: actor.address, dstPort: targetPort, dstPod: actor.pod, service: [pass('service', object, detail)], stages: [{kind: 'eni', actor, port: targetPort}], to: actor.name}
  return runLeg(env, leg, protocol, actor)
}

/** Endpoint pods of a Service for one Service port; a named targetPort resolves only through a declared container port. */
export function endpointsOf(env: TraceEnv, service: Service, servicePort: ServicePort | undefined, requestedPort: number): ServiceEndpoint[] {
  // perf: the endpoints do not depend on the sender, and a whole-network question asks again for
  // every sender class and port (the internet's 515 classes at 1× xl): built once per context
  let byService = endpointMemo.get(env.ctx)
  if (!byService) endpointMemo.set(env.ctx, (byService = new WeakMap()))
  let byPort = byService.get(service)
  if (!byPort) byService.set(service, (byPort = new Map()))
  const key = servicePort ?? requestedPort
  let known = byPort.get(key)
  if (!known) {
    const missing = new Set<string>()
    known = {endpoints: computeEndpoints(env.ctx.family, service, servicePort, requestedPort, missing), missing: [...missing]}
    byPort.set(key, known)
  }
  for (const note of known.missing) env.missing.add(note)
  return known.endpoints
}

const endpointMemo = new WeakMap<TraceEnv['ctx'], WeakMap<Service, Map<ServicePort | number, {endpoints: ServiceEndpoint[]; missing: string[]}>>>()

function computeEndpoints(family: Family, service: Service, servicePort: ServicePort | undefined, requestedPort: number, missing: Set<string>): ServiceEndpoint[] {
  const result: ServiceEndpoint[] = []
  for (const workload of service.endpoints) {
    let targetPort: number | undefined = requestedPort
    if (servicePort) {
      if (typeof servicePort.targetPort === 'number') targetPort = servicePort.targetPort
      else targetPort = workload.ports.find((p) => p.name === servicePort.targetPort)?.containerPort
    }
    if (targetPort === undefined) continue // a named targetPort this workload does not declare: not an endpoint for it
    for (const pod of workload.pods) {
      const actor = podActor(pod, family)
      if (actor) result.push({actor, targetPort})
      else missing.add(`pod ${workload.namespace.name}/${pod.name} has no address (its pool has no nodes or its vSwitch is full)`)
    }
  }
  return result
}

export function viaNodePort(env: TraceEnv, sender: Actor, service: Service, protocol: string, port: number): PairOutcome[] {
  const object = serviceObject(service)
  const cluster = service.cluster
  const servicePort = service.ports.find((p) => p.nodePort === port && p.protocol.toLowerCase() === protocol) ?? service.ports.find((p) => p.port === port && p.nodePort !== undefined && p.protocol.toLowerCase() === protocol)
  const nodes = nodeActorsOf(cluster, env.ctx.family)
  const firstNode = nodes[0]?.address ?? internetAddress(env.ctx.family)
  const noFamily = serviceFamilyDenial(service, env.ctx.family)
  if (noFamily) return [deniedOutright(sender, noFamily, object)]
  if (!servicePort || servicePort.nodePort === undefined) {
    return [failBefore(env, sender, firstNode, port, deny('service', 'PORT_NOT_EXPOSED', object, () => `${object} has no nodePort ${port} (nodePorts: ${service.ports.map((p) => p.nodePort).filter(Boolean).join(', ') || 'none'})`), protocol, object)]
  }
  const nodePort = servicePort.nodePort
  // over IPv6 a node whose address is in the IPv6 gateway's internet list is an entry point (below)
  if (sender.kind === 'outside' && env.ctx.family === 4) {
    return [{verdict: 'denied', decisions: [deny('route', 'NO_PUBLIC_ADDRESS', object, () => `nodes of cluster ${cluster.name} have no public address; expose ${object} through an internet-facing SLB`)], sender, from: sender.name, to: object}]
  }
  if (nodes.length === 0) return [failBefore(env, sender, firstNode, nodePort, deny('service', 'NO_ENDPOINTS', object, () => `cluster ${cluster.name} has no nodes`), protocol, object)]
  const endpoints = endpointsOf(env, service, servicePort, servicePort.port)
  if (endpoints.length === 0) return [failBefore(env, sender, firstNode, nodePort, deny('service', 'NO_ENDPOINTS', object, () => noEndpointsDetail(service, servicePort)), protocol, object)]
  const local = service.externalTrafficPolicy === 'Local'
  return capped(env, nodePortPairs(env, sender, nodes, endpoints, local), sender, ({node, endpoint, count}) => {
    const leg: Leg = {
      sender,
      dstAddress: node.address,
      dstPort: nodePort,
      service: [pass('service', object, () => `nodePort ${nodePort} on ${node.name} → endpoint ${endpoint.actor.name} ${formatAddress(endpoint.actor.address)}:${endpoint.targetPort}${local ? ' (externalTrafficPolicy Local)' : ' (kube-proxy SNATs to the node IP)'}`)],
      route: sender.kind === 'outside' && typeof node.address !== 'number' ? ipv6PublicEntry(node, node.address).decision : undefined,
      stages: [
        {kind: 'eni', actor: node, port: nodePort, portNote: `kube-proxy listens on nodePort ${nodePort}`},
        {kind: 'eni', actor: endpoint.actor, port: endpoint.targetPort, seenFrom: local ? undefined : node.address},
      ],
      to: endpoint.actor.name,
    }
    const outcome = runLeg(env, leg, protocol, endpoint.actor)
    if (count > 1) outcome.count = count
    return outcome
  })
}

/**
 * The (node, endpoint) pairs of a nodePort by class (classes.ts): pairs whose node and endpoint
 * are in the same classes, with the same target port, and that stand alike towards each other and
 * the sender (the same node or not, the sender's node, the sender's own pod) answer alike, so one
 * pair per group is traced and counts for the group (nodes × endpoints was traced pair by pair:
 * the nodePort rows of a whole-network question cost nodes × endpoints per sender). Groups come in
 * the order of their first pair, so the first denied pair, which gives the reason, is the same.
 */
export const nodePortGrouping = {
  /** Off: every (node, endpoint) pair is traced (the tests' reference). */
  enabled: true,
}

function nodePortPairs(env: TraceEnv, sender: Actor, nodes: readonly Actor[], endpoints: readonly ServiceEndpoint[], local: boolean): Array<{node: Actor; endpoint: ServiceEndpoint; count: number}> {
  const nodeClass = classIndex(env, nodes)
  // endpoint classes with their target port (two endpoints alike but on different ports answer differently)
  const endpointClass = new Int32Array(endpoints.length)
  const byActor = new Map<Actor, number>()
  classify(env.ctx, endpoints.map((e) => e.actor)).forEach((cls, index) => {
    for (const actor of cls.members) byActor.set(actor, index)
  })
  const ports = new Map<string, number>()
  endpoints.forEach((endpoint, i) => {
    const key = `${byActor.get(endpoint.actor)}|${endpoint.targetPort}`
    let index = ports.get(key)
    if (index === undefined) ports.set(key, (index = ports.size))
    endpointClass[i] = index
  })
  const classes = ports.size
  const groups = new Map<number, {node: Actor; endpoint: ServiceEndpoint; count: number}>()
  let serial = 0
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!
    const onSenderNode = sender.node !== undefined && node.node === sender.node
    for (let e = 0; e < endpoints.length; e++) {
      const endpoint = endpoints[e]!
      const there = endpoint.actor.node
      if (local && there !== node.node) continue
      const relation = (there === node.node ? 1 : 0) | (onSenderNode ? 2 : 0) | (there !== undefined && there === sender.node ? 4 : 0) | (endpoint.actor.pod !== undefined && endpoint.actor.pod === sender.pod ? 8 : 0)
      const key = !nodePortGrouping.enabled ? serial++ : (nodeClass[n]! * classes + endpointClass[e]!) * 16 + relation
      const group = groups.get(key)
      if (group) group.count++
      else groups.set(key, {node, endpoint, count: 1})
    }
  }
  return [...groups.values()]
}

/** Each node's class number, by position in the cluster's (cached) node list. */
const nodeClasses = new WeakMap<readonly Actor[], Int32Array>()
function classIndex(env: TraceEnv, actors: readonly Actor[]): Int32Array {
  let index = nodeClasses.get(actors)
  if (!index) {
    const byActor = new Map<Actor, number>()
    classify(env.ctx, actors).forEach((cls, i) => {
      for (const actor of cls.members) byActor.set(actor, i)
    })
    index = Int32Array.from(actors, (actor) => byActor.get(actor)!)
    nodeClasses.set(actors, index)
  }
  return index
}

export function describePorts(ports: ServicePort[]): string {
  return ports.length === 0 ? 'no ports' : ports.map((p) => `${p.protocol.toLowerCase()}/${p.port}`).join(', ')
}

export function noEndpointsDetail(service: Service, servicePort: ServicePort | undefined): string {
  const object = serviceObject(service)
  if (!service.selector) return `${object} has no selector (endpoints managed outside the topology)`
  const selector = Object.entries(service.selector).map(([k, v]) => `${k}=${v}`).join(', ')
  if (service.endpoints.length === 0) return `the selector of ${object} (${selector}) matches no workload in namespace ${service.namespace.name}`
  if (servicePort && typeof servicePort.targetPort === 'string') return `no selected workload declares the named port ${servicePort.targetPort}, or none has running pods`
  return `the selected workloads (${service.endpoints.map((w) => w.name).join(', ')}) have no pods with an address`
}

// the cluster's node actors, built once per cluster and family (whole-network questions ask about every nodePort from every sender)
const nodeActorsByCluster = new WeakMap<Service['cluster'], Actor[]>()
const nodeActorsByCluster6 = new WeakMap<Service['cluster'], Actor[]>()
function nodeActorsOf(cluster: Service['cluster'], family: Family): Actor[] {
  const cache = family === 6 ? nodeActorsByCluster6 : nodeActorsByCluster
  let nodes = cache.get(cluster)
  if (!nodes) cache.set(cluster, (nodes = cluster.nodes.map((node) => nodeActor(node, family)).filter((a): a is Actor => a !== undefined)))
  return nodes
}

/**
 * A Service answers only in a family it has: over IPv6 when it has the IPv6 family (family.ts
 * serviceHasIpv6), over IPv4 unless it is SingleStack IPv6 (serviceLacksIpv4).
 */
export function serviceFamilyDenial(service: Service, family: Family): Decision | undefined {
  if (family !== 6) {
    if (!serviceLacksIpv4(service)) return undefined
    const object = serviceObject(service)
    return deny('route', 'NO_IPV4_ADDRESS', object, () => `${object} is single stack IPv6 (ipFamilyPolicy SingleStack, ipFamilies IPv6): it has no IPv4 cluster IP or endpoints (ask over IPv6, --family 6, or set ipFamilyPolicy PreferDualStack)`)
  }
  const cluster = service.cluster
  const object = serviceObject(service)
  const families = service.ipFamilies
  if (!serviceAsksIpv6(service)) {
    return deny('route', 'NO_IPV6_ADDRESS', object, () => `${object} is single stack IPv4 (ipFamilyPolicy ${service.ipFamilyPolicy}${families.length > 0 ? `, ipFamilies ${families.join(', ')}` : ''}): it has no IPv6 cluster IP or endpoints (set ipFamilyPolicy PreferDualStack)`)
  }
  if (cluster.ipStack !== 'dual') {
    return deny('route', 'NO_IPV6_ADDRESS', `cluster/${cluster.name}`, () => `${object} asks for IPv6, but cluster ${cluster.name} is single stack (ipStack ${cluster.ipStack})${service.ipFamilyPolicy === 'PreferDualStack' ? ': PreferDualStack falls back to IPv4 only' : ''}`)
  }
  return undefined
}
