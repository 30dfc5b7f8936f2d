import type {LbListener, LoadBalancer} from '../../topology/model.js'
import {ContextMemo} from '../context-memo.js'
import {type Decision, deny, pass} from '../decision.js'
import {type Actor, INTERNET_ADDRESS, instanceActor, lbObject, nodeActor, podActor} from '../endpoints.js'
import {type Address, formatAddress} from '../family.js'
import {capped, deniedOutright, failBefore, type Leg, type PairOutcome, runLeg, type Stage, type TraceEnv} from './leg.js'
import {endpointsOf, noEndpointsDetail} from './service.js'

/** Step 4 for SLBs: listener → backends (ECS, pods, or nodes on a nodePort in front of Service endpoints). */

interface Backend {
  actor: Actor
  port: number
  via?: {node: Actor; nodePort: number; local: boolean}
}

export function viaLoadBalancer(env: TraceEnv, sender: Actor, lb: LoadBalancer, protocol: string, port: number): PairOutcome[] {
  const object = lbObject(lb)
  // an SLB of the topology has an IPv4 address only (no IPv6 listener address is modelled)
  if (env.ctx.family === 6) return [deniedOutright(sender, deny('route', 'NO_IPV6_ADDRESS', object, () => `SLB ${lb.name} has no IPv6 address in the topology: ask over IPv4 (--family 4)`), object)]
  const listener = lb.listeners.find((l) => l.port === port && listenerProtocol(l) === protocol)
  const address = lb.address ?? INTERNET_ADDRESS
  if (!listener) {
    return [failBefore(env, sender, address, port, deny('service', 'PORT_NOT_EXPOSED', object, () => `SLB ${lb.name} has no ${protocol}/${port} listener (listeners: ${lb.listeners.map((l) => `${l.protocol}/${l.port}`).join(', ') || 'none'})`), protocol, object)]
  }
  const backends = backendsOf(env, lb, listener)
  if (backends.length === 0) {
    return [failBefore(env, sender, address, port, deny('service', 'NO_ENDPOINTS', object, () => `listener ${listener.protocol}/${listener.port} of SLB ${lb.name} has no backends${lb.service ? ` (${noEndpointsDetail(lb.service, listener.servicePort)})` : ''}`), protocol, object)]
  }
  let route: Decision | undefined
  if (sender.kind === 'outside') {
    route = lb.addressType === 'internet'
      ? pass('route', object, () => `internet → the public address of SLB ${lb.name}`)
      : deny('route', 'LB_NOT_INTERNET_FACING', object, () => `SLB ${lb.name} is intranet (address type intranet); the internet cannot reach it`)
  }
  return capped(env, backends, sender, (backend) => {
    const stages: Stage[] = [{kind: 'acl', lb, object}]
    const via = backend.via
    if (via) stages.push({kind: 'eni', actor: via.node, port: via.nodePort, portNote: `kube-proxy listens on nodePort ${via.nodePort}`})
    stages.push({kind: 'eni', actor: backend.actor, port: backend.port, seenFrom: via && !via.local ? via.node.address : undefined})
    const leg: Leg = {
      sender,
      dstAddress: address,
      dstPort: port,
      service: [pass('service', object, () => `SLB ${lb.name} listener ${listener.protocol}/${listener.port} → ${via ? `${via.node.name}:${via.nodePort} → ` : ''}${backend.actor.name} ${formatAddress(backend.actor.address)}:${backend.port}`)],
      route,
      stages,
      returnVia: `replies return through SLB ${lb.name}`,
      to: backend.actor.name,
    }
    return runLeg(env, leg, protocol, backend.actor)
  })
}

/**
 * A listener's backends read only the model, so they are found once per context and listener
 * (a matrix asks for every sender class, node and source); the notes on pods without an address
 * are kept with them and given to every trace that asks.
 */
const backendsCache = new ContextMemo<LbListener, {backends: Backend[]; missing: string[]}>()
function backendsOf(env: TraceEnv, lb: LoadBalancer, listener: LbListener): Backend[] {
  const cached = backendsCache.get(env.ctx, listener, () => {
    const missing = new Set<string>()
    return {backends: findBackends({...env, missing}, lb, listener), missing: [...missing]}
  })
  for (const note of cached.missing) env.missing.add(note)
  return cached.backends
}

function findBackends(env: TraceEnv, lb: LoadBalancer, listener: LbListener): Backend[] {
  const result: Backend[] = []
  for (const backend of listener.backends) {
    if (backend.kind === 'instance') {
      const actor = instanceActor(backend.instance)
      if (actor) result.push({actor, port: backend.port})
    } else if (backend.kind === 'pod') {
      const actor = podActor(backend.pod)
      const port = typeof backend.port === 'number' ? backend.port : backend.pod.workload.ports.find((p) => p.name === backend.port)?.containerPort
      if (actor && port !== undefined) result.push({actor, port})
    } else if (backend.kind === 'node') {
      // Flannel: SLB → node:nodePort → kube-proxy → a Service endpoint
      const node = nodeActor(backend.node)
      const service = lb.service
      if (!node) continue
      if (!service) {
        result.push({actor: node, port: backend.port})
        continue
      }
      const local = service.externalTrafficPolicy === 'Local'
      for (const endpoint of endpointsOf(env, service, listener.servicePort, listener.port)) {
        if (local && endpoint.actor.node !== backend.node) continue
        result.push({actor: endpoint.actor, port: endpoint.targetPort, via: {node, nodePort: backend.port, local}})
      }
    } else {
      result.push({actor: actorAt(env, backend.address, lb.vpc), port: backend.port})
    }
  }
  return result
}

/** Whatever owns a private address (instance, node, pod), else a bare host in the vSwitch holding it. */
export function actorAt(env: TraceEnv, address: Address, vpc: LoadBalancer['vpc']): Actor {
  const owner = env.ctx.ownerOf(address)
  const family = env.ctx.family
  const actor = owner?.kind === 'instance' ? instanceActor(owner.instance, family) : owner?.kind === 'node' ? nodeActor(owner.node, family) : owner?.kind === 'pod' ? podActor(owner.pod, family) : undefined
  return actor ?? {name: `ip ${formatAddress(address)}`, kind: 'host', address, groups: [], hasEni: false, publicIp: false, object: `ip/${formatAddress(address)}`, vswitch: env.ctx.vswitchHolding(address), vpc}
}

function listenerProtocol(listener: LbListener): string {
  return listener.protocol === 'udp' ? 'udp' : 'tcp'
}
