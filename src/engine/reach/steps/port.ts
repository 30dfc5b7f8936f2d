import {type Decision, deny, pass, warning} from '../decision.js'
import type {Actor} from '../endpoints.js'

/**
 * Step 8: the destination port. An ECS `listens` list is a hard answer (PORT_NOT_LISTENING). A
 * pod's containerPorts are informational in Kubernetes ("Not specifying a port here DOES NOT
 * prevent that port from being exposed", Pod spec API reference; facts §10): a port the workload
 * does not declare passes with a PORT_NOT_DECLARED warning, however the pod is reached.
 * `note` replaces the check where something else listens (kube-proxy on a nodePort).
 */
export function portStep(receiver: Actor, protocol: string, port: number, note?: string): Decision | undefined {
  if (note) return pass('port', receiver.object, () => note)
  const what = `${protocol}/${port}`
  if (receiver.instance) {
    const listens = receiver.instance.listens
    if (protocol === 'icmp') return pass('port', receiver.object, () => 'icmp: no port')
    if (!listens) return pass('port', receiver.object, () => `no listens declared: ${what} assumed open`)
    if (listens.some((l) => l.port === port && l.protocol === protocol)) return pass('port', receiver.object, () => `${receiver.name} listens on ${what}`)
    return deny('port', 'PORT_NOT_LISTENING', receiver.object, () => `${receiver.name} listens on ${listens.map((l) => `${l.protocol}/${l.port}`).join(', ')}, not ${what}`)
  }
  const pod = receiver.pod
  if (!pod) return undefined
  if (protocol === 'icmp') return pass('port', receiver.object, () => 'icmp: no port')
  const declared = pod.workload.ports
  if (declared.length === 0) return pass('port', receiver.object, () => `no container ports declared: ${what} assumed open`)
  if (declared.some((p) => p.containerPort === port && p.protocol.toLowerCase() === protocol)) return pass('port', receiver.object, () => `${receiver.name} declares ${what}`)
  const list = declared.map((p) => `${p.protocol.toLowerCase()}/${p.containerPort}`).join(', ')
  const decision = pass('port', receiver.object, () => `${what} is not a declared container port (${list}); Kubernetes does not block it, the answer assumes the container listens`)
  decision.warning = warning('PORT_NOT_DECLARED', receiver.object, `${receiver.object} declares ${list}, not ${what}: containerPorts are informational, so the connection is not blocked, but check that the container listens on ${what}`)
  return decision
}
