import {cidrContainsAddress} from '../cidr/cidr.js'
import {type Actor, INTERNET_ADDRESS, instanceActor, internetAddress, nodeActor, podActor, type Target} from '../reach/endpoints.js'
import type {Address} from '../reach/family.js'
import type {TraceEnv} from '../reach/legs/leg.js'
import {actorAt} from '../reach/legs/load-balancer.js'
import type {Cluster, LoadBalancer, Service, ServicePort} from '../topology/model.js'

/**
 * Where a trace towards one destination can read security groups (issue #16): which ENIs check
 * ingress and on which ports, which addresses packets are sent to (the senders' egress peers), and
 * which addresses a receiver sees instead of the sender's. An over-approximation of the legs in
 * reach/legs (direct, Service, nodePort, SLB, DNAT, Ingress): `diff` skips a pair only when none of
 * these reads can decide differently between the two files, so anything missed here is a missed
 * change; when a kind of target is not understood, `unknown` makes the pair always evaluated.
 * Keep it in step with the legs (the property test in test/engine/network/diff-pruning.test.ts
 * compares pruned and full diffs on random edits).
 */

/** Who can get a packet to an ingress stage: any sender, senders inside a VPC (not outside addresses), or the pods and nodes of one cluster. */
export type Senders = 'all' | 'inside' | Cluster

export interface IngressStage {
  receivers: readonly Actor[]
  /** The ports the receivers are asked on: `any` (the flow port itself) or these. */
  ports: 'any' | readonly number[]
  senders: Senders
}

export interface Footprint {
  /** Not understood (a dns: name resolves per source pod): every pair with it is evaluated, on every port. */
  unknown: boolean
  ingress: IngressStage[]
  /**
   * Addresses a receiver sees instead of the sender's (kube-proxy SNAT to the node in front of an
   * endpoint). Address lists are shared between destinations (a cluster's nodes, a Service's pods)
   * so that what is found for one list is found once.
   */
  fixedSeen: Array<readonly Address[]>
  /** Actors that send on the sender's behalf (the Ingress controller to the backend). */
  relays: Actor[]
  /** Addresses packets are sent to: the peers of the senders' egress rules. */
  targets: Array<readonly Address[]>
  /** Of those, the ones a packet that reaches a receiver was sent to (their route decides whether the sender leaves with a public address). */
  delivered: Array<readonly Address[]>
  /** Flow ports whose receivers are asked on other ports (Service targetPort, nodePort, SLB backend, DNAT internal port). */
  translated: Array<{flow: number; stage: readonly number[]}>
  /** The flow port says nothing of the ports asked (Ingress URLs): a change may show on any port. */
  everyPort: boolean
}

function empty(): Footprint {
  return {unknown: false, ingress: [], fixedSeen: [], relays: [], targets: [], delivered: [], translated: [], everyPort: false}
}

export function footprintOf(env: TraceEnv, ref: string, target: Target): Footprint {
  const out = empty()
  if (ref.startsWith('dns:')) return {...out, unknown: true}
  const family = env.ctx.family
  switch (target.kind) {
    case 'actors':
      directStages(target.actors, out)
      break
    case 'unresolved':
      break
    case 'service':
      serviceStages(env, target.service, out)
      break
    case 'nodeport':
      nodePortStages(env, target.service, out)
      break
    case 'slb':
      lbStages(env, target.lb, out)
      break
    case 'dnat': {
      out.targets.push([target.eip])
      out.delivered.push([target.eip])
      for (const entry of target.nat.dnat) {
        if (entry.eip !== target.eip) continue
        out.ingress.push({receivers: [actorAt(env, entry.internalIp, target.nat.vpc)], ports: [entry.internalPort], senders: 'all'})
        out.translated.push({flow: entry.externalPort, stage: [entry.internalPort]})
      }
      break
    }
    case 'url': {
      // two legs (to the controller, controller → backend), matched per sender cluster: every
      // controller and every backend of every Ingress, on any port
      out.everyPort = true
      for (const cluster of target.clusters) {
        const controller = cluster.ingressController
        if (controller) {
          const legOne = empty()
          serviceStages(env, controller, legOne)
          if (controller.loadBalancer) lbStages(env, controller.loadBalancer, legOne)
          for (const stage of legOne.ingress) out.relays.push(...stage.receivers)
          merge(out, legOne)
        }
        for (const ingress of cluster.ingresses) {
          for (const backend of [...ingress.paths.map((p) => p.backend), ...(ingress.defaultBackend ? [ingress.defaultBackend] : [])]) {
            if (backend.service) serviceStages(env, backend.service, out)
          }
        }
      }
      for (const stage of out.ingress) stage.ports = 'any'
      for (const stage of out.ingress) stage.senders = 'all'
      break
    }
  }
  if (family === 6) out.targets.push([internetAddress(6)])
  return out
}

function merge(into: Footprint, from: Footprint): void {
  into.ingress.push(...from.ingress)
  into.fixedSeen.push(...from.fixedSeen)
  into.relays.push(...from.relays)
  into.targets.push(...from.targets)
  into.delivered.push(...from.delivered)
  into.translated.push(...from.translated)
}

/** Packets to the receivers themselves; from outside only those with a public entry (own EIP, a DNAT entry, IPv6 internet) are reached. */
function directStages(actors: readonly Actor[], out: Footprint): void {
  const open: Actor[] = []
  const inside: Actor[] = []
  for (const actor of actors) {
    const dnat = actor.vpc?.natGateways.some((nat) => nat.dnat.some((entry) => entry.internalIp === actor.address)) ?? false
    if (actor.publicIp || typeof actor.address !== 'number' || dnat) open.push(actor)
    else inside.push(actor)
  }
  const addresses = actors.map((actor) => actor.address)
  out.targets.push(addresses)
  out.delivered.push(addresses)
  if (open.length > 0) out.ingress.push({receivers: open, ports: 'any', senders: 'all'})
  if (inside.length > 0) out.ingress.push({receivers: inside, ports: 'any', senders: 'inside'})
}

/** The ports a Service port sends its endpoints to (a named targetPort: every workload's port of that name). */
function targetPorts(service: Service, servicePort: ServicePort): number[] {
  if (typeof servicePort.targetPort === 'number') return [servicePort.targetPort]
  const ports: number[] = []
  for (const workload of service.endpoints) for (const port of workload.ports) if (port.name === servicePort.targetPort) ports.push(port.containerPort)
  return ports
}

interface Members {
  actors: Actor[]
  addresses: Address[]
}

// a Service's pods and a cluster's nodes are asked about by every svc:, nodeport: and lb:
// reference of it: built once per family, and the same lists each time
const endpointCache = {4: new WeakMap<Service, Members>(), 6: new WeakMap<Service, Members>()}
function endpointsOf(env: TraceEnv, service: Service): Members {
  return cachedMembers(endpointCache[env.ctx.family], service, () => service.endpoints.flatMap((workload) => workload.pods.flatMap((pod) => podActor(pod, env.ctx.family) ?? [])))
}

const nodeCache = {4: new WeakMap<Cluster, Members>(), 6: new WeakMap<Cluster, Members>()}
function nodesOf(env: TraceEnv, cluster: Cluster): Members {
  return cachedMembers(nodeCache[env.ctx.family], cluster, () => cluster.nodes.flatMap((node) => nodeActor(node, env.ctx.family) ?? []))
}

function cachedMembers<K extends object>(cache: WeakMap<K, Members>, key: K, build: () => Actor[]): Members {
  let members = cache.get(key)
  if (!members) {
    const actors = build()
    cache.set(key, (members = {actors, addresses: actors.map((a) => a.address)}))
  }
  return members
}

/** Cluster IP (in-cluster senders, on the targetPorts) or headless pod IPs (anyone, on the port asked or a targetPort). */
function serviceStages(env: TraceEnv, service: Service, out: Footprint): void {
  const family = env.ctx.family
  // a sender that fails before the endpoints sends to the cluster IP (or a stand-in address)
  out.targets.push([family === 6 ? internetAddress(6) : service.clusterIP ?? internetAddress(4)])
  const endpoints = endpointsOf(env, service)
  out.targets.push(endpoints.addresses)
  out.delivered.push(endpoints.addresses)
  const ports: number[] = []
  for (const servicePort of service.ports) {
    const stage = targetPorts(service, servicePort)
    ports.push(...stage)
    out.translated.push({flow: servicePort.port, stage})
  }
  if (service.headless) out.ingress.push({receivers: endpoints.actors, ports: 'any', senders: 'all'})
  else out.ingress.push({receivers: endpoints.actors, ports, senders: service.cluster})
}

/** A node address on the nodePort (kube-proxy there), then an endpoint, seen from the node unless externalTrafficPolicy is Local. */
function nodePortStages(env: TraceEnv, service: Service, out: Footprint): void {
  const family = env.ctx.family
  const nodes = nodesOf(env, service.cluster)
  out.targets.push([internetAddress(family)], nodes.addresses)
  out.delivered.push(nodes.addresses)
  out.fixedSeen.push(nodes.addresses)
  const nodePorts: number[] = []
  const endpointPorts: number[] = []
  for (const servicePort of service.ports) {
    if (servicePort.nodePort === undefined) continue
    const stage = targetPorts(service, servicePort)
    nodePorts.push(servicePort.nodePort)
    endpointPorts.push(...stage)
    // reached on its nodePort, or on the Service port when no nodePort has that number
    out.translated.push({flow: servicePort.nodePort, stage: [servicePort.nodePort, ...stage]}, {flow: servicePort.port, stage: [servicePort.nodePort, ...stage]})
  }
  // the internet never reaches a nodePort over IPv4 (nodes have no public address); over IPv6 through the gateway
  const senders: Senders = family === 6 ? 'all' : 'inside'
  out.ingress.push({receivers: nodes.actors, ports: nodePorts, senders}, {receivers: endpointsOf(env, service).actors, ports: endpointPorts, senders})
}

/** SLB listener → backends (ECS, pods, an address, or a node on a nodePort in front of the Service's endpoints). */
function lbStages(env: TraceEnv, lb: LoadBalancer, out: Footprint): void {
  // an SLB has an IPv4 address only: over IPv6 every pair is denied before any step
  if (env.ctx.family === 6) return
  out.targets.push([lb.address ?? INTERNET_ADDRESS])
  out.delivered.push([lb.address ?? INTERNET_ADDRESS])
  const senders: Senders = lb.addressType === 'internet' ? 'all' : 'inside'
  for (const listener of lb.listeners) {
    const stage: number[] = []
    const asked = (receivers: Actor[], ports: number[]) => {
      stage.push(...ports)
      out.ingress.push({receivers, ports, senders})
    }
    for (const backend of listener.backends) {
      if (backend.kind === 'instance') {
        const actor = instanceActor(backend.instance)
        if (actor) asked([actor], [backend.port])
      } else if (backend.kind === 'pod') {
        const actor = podActor(backend.pod)
        const port = typeof backend.port === 'number' ? backend.port : backend.pod.workload.ports.find((p) => p.name === backend.port)?.containerPort
        if (actor && port !== undefined) asked([actor], [port])
      } else if (backend.kind === 'node') {
        const node = nodeActor(backend.node)
        if (!node) continue
        asked([node], [backend.port])
        const service = lb.service
        if (!service) continue
        out.fixedSeen.push([node.address])
        asked(endpointsOf(env, service).actors, listener.servicePort ? targetPorts(service, listener.servicePort) : [listener.port])
      } else {
        asked([actorAt(env, backend.address, lb.vpc)], [backend.port])
      }
    }
    out.translated.push({flow: listener.port, stage})
  }
}

/**
 * The addresses a receiver can see a sender as: its own address, its node's when a Flannel pod is
 * masqueraded (`own`); the public address its traffic leaves with when it goes out through a NAT
 * gateway or its own EIP and comes back to a public address of the file (`public`: SNAT EIPs of
 * entries that cover it, or the stand-in public address).
 */
export function seenAs(env: TraceEnv, actors: readonly Actor[]): {own: Address[]; public: Address[]} {
  const own: Address[] = []
  const publicSeen = new Set<Address>()
  for (const actor of actors) {
    const addresses: Address[] = [actor.address]
    const pod = actor.pod
    if (pod && !pod.workload.hostNetwork && pod.workload.cluster.network.plugin === 'flannel' && pod.node?.ip !== undefined) addresses.push(pod.node.ip)
    own.push(...addresses)
    if (actor.kind === 'outside') continue
    if (actor.publicIp) publicSeen.add(INTERNET_ADDRESS)
    for (const nat of env.ctx.model.natGateways) {
      for (const snat of nat.snat) {
        if (addresses.some((address) => typeof address === 'number' && cidrContainsAddress(snat.sourceCidr, address))) publicSeen.add(snat.eip ?? nat.eips[0] ?? INTERNET_ADDRESS)
      }
    }
  }
  return {own, public: [...publicSeen]}
}
