import {deny} from './decision.js'
import type {Actor, Target} from './endpoints.js'
import {viaDnat, publicEntry} from './legs/dnat.js'
import {viaIngress} from './legs/ingress.js'
import {deniedOutright, type Leg, type PairOutcome, runLeg, selfPair, type TraceEnv} from './legs/leg.js'
import {viaLoadBalancer} from './legs/load-balancer.js'
import {viaNodePort, viaService} from './legs/service.js'

export type {PairOutcome, TraceEnv} from './legs/leg.js'

/**
 * Every pair for one sender and one destination: the target says how the packet gets there
 * (directly, through a Service, nodePort, SLB, DNAT entry or Ingress), each way expands into legs,
 * and each leg runs the step functions of steps/ (SPEC §4.2).
 */
export function traceTarget(env: TraceEnv, sender: Actor, target: Target, protocol: string, port: number): PairOutcome[] {
  switch (target.kind) {
    case 'actors':
      // nothing to send to: no address to evaluate the sender's steps against
      if (target.actors.length === 0) return [deniedOutright(sender, deny('service', 'NO_ENDPOINTS', target.object, () => `${target.object} has no running replica with an address (zero replicas, a pool without nodes, or a full vSwitch)`), target.object)]
      return target.actors.map((receiver) => direct(env, sender, receiver, protocol, port))
    case 'unresolved':
      return [deniedOutright(sender, deny('service', 'UNRESOLVED_NAME', `dns/${target.name}`, () => `${target.name} does not resolve: ${target.why}`), target.name)]
    case 'service':
      return viaService(env, sender, target.service, protocol, port)
    case 'nodeport':
      return viaNodePort(env, sender, target.service, protocol, port)
    case 'slb':
      return viaLoadBalancer(env, sender, target.lb, protocol, port)
    case 'dnat':
      return viaDnat(env, sender, target.nat, target.eip, protocol, port)
    case 'url':
      return viaIngress(env, sender, target, protocol)
  }
}

/** A packet addressed to the receiver itself (from the internet: through its public entry). */
export function direct(env: TraceEnv, sender: Actor, receiver: Actor, protocol: string, port: number): PairOutcome {
  if (sender.pod && sender.pod === receiver.pod) return selfPair(env, sender, protocol, port)
  const leg: Leg = {sender, dstAddress: receiver.address, dstPort: port, dstPod: receiver.pod, service: [], stages: [{kind: 'eni', actor: receiver, port}], to: receiver.name}
  if (receiver.kind === 'node') leg.dstNode = receiver.node
  if (sender.kind === 'outside' && receiver.kind !== 'outside') {
    const entry = publicEntry(receiver, protocol, port)
    leg.route = entry.decision
    if (entry.returnVia) leg.returnVia = entry.returnVia
  }
  return runLeg(env, leg, protocol, receiver)
}
