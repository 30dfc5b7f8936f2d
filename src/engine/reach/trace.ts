import {cidrContainsAddress, formatCidr} from '../cidr/cidr.js'
import {formatIpv4, type Ipv4} from '../cidr/ipv4.js'
import type {Cluster, DnatEntry, IngressBackendRef, LoadBalancer, LbListener, NatGateway, Pod, RouteTable, Service, ServicePort} from '../topology/model.js'
import type {ReasonCode, StepName} from './codes.js'
import type {ReachContext} from './context.js'
import {type Actor, INTERNET_ADDRESS, instanceActor, lbObject, nodeActor, podActor, type PortSpec, serviceObject, type Target, workloadObject} from './endpoints.js'
import type {PolicyPod} from './netpol.js'
import type {Consideration, Hop} from './result.js'
import {describeEntry, type RouteEntry} from './routes.js'

/**
 * The nine steps of SPEC §4.2 for one sender and one receiver (a "pair"). Each step appends a
 * hop naming the deciding object; the first denying hop ends the pair. Services, SLBs, DNAT and
 * Ingress expand into several receivers (endpoints, backends), one pair each.
 */

export interface PairOutcome {
  verdict: 'allowed' | 'denied'
  hops: Hop[]
  considered: Consideration[]
  from: string
  to: string
  /** The final receiver (for chaining the Ingress controller → backend leg). */
  receiver?: Actor
  /** The source address after step 2 (for fix hints). */
  translatedSource?: Ipv4
}

/** One place a packet is delivered to, with the checks to run there. */
type Stage =
  | {kind: 'eni'; actor: Actor; port: number; /** address the receiver sees as source; default: translated source */ seenFrom?: Ipv4; ports?: PortSpec[]; portNote?: string}
  | {kind: 'acl'; lb: LoadBalancer}
  | {kind: 'hop'; hop: Hop}

interface Leg {
  sender: Actor
  /** Where the sender's packet is addressed once it leaves (after kube-proxy DNAT on the sender's node). */
  dstAddress: Ipv4
  dstPort: number
  /** The pod behind dstAddress, for egress NetworkPolicy peers. */
  dstPod?: Pod
  serviceHops: Hop[]
  /** A ready route hop (entry from the internet); otherwise the sender's route table decides. */
  routeHop?: Hop
  stages: Stage[]
  /** Replies return through this (SLB, DNAT) instead of by routing. */
  returnVia?: string
  to: string
}

interface LegState {
  hops: Hop[]
  translated: Ipv4
  /** The public address the traffic leaves with (SNAT EIP, own public IP) when it goes out through the internet. */
  publicSource?: Ipv4
}

const MAX_PAIRS_PER_SENDER = 5000

export class Tracer {
  private readonly ctx: ReachContext
  private readonly explain: boolean
  /** Notes about inputs the file does not give (for --explain). */
  readonly missing = new Set<string>()

  /** Brief: pass hops get no detail text (matrix cells and lint expectations show only the reason). */
  private readonly brief: boolean

  constructor(ctx: ReachContext, explain = false, brief = false) {
    this.ctx = ctx
    this.explain = explain
    this.brief = brief && !explain
  }

  /** Detail text for a passing hop, built only when someone will read it. */
  private text(make: () => string): string {
    return this.brief ? '' : make()
  }

  trace(sender: Actor, target: Target, protocol: string, port: number): PairOutcome[] {
    switch (target.kind) {
      case 'actors':
        // nothing to send to: no address to evaluate the sender's steps against
        if (target.actors.length === 0) return [{verdict: 'denied', hops: [{step: 'service', object: target.object, result: 'deny', code: 'NO_ENDPOINTS', detail: `${target.object} has no running replica with an address (zero replicas, a pool without nodes, or a full vSwitch)`}], considered: [], from: sender.name, to: target.object}]
        return target.actors.map((receiver) => this.direct(sender, receiver, protocol, port, target.ports))
      case 'unresolved':
        return [{verdict: 'denied', hops: [{step: 'service', object: `dns/${target.name}`, result: 'deny', code: 'UNRESOLVED_NAME', detail: `${target.name} does not resolve: ${target.why}`}], considered: [], from: sender.name, to: target.name}]
      case 'service':
        return this.viaService(sender, target.service, protocol, port)
      case 'nodeport':
        return this.viaNodePort(sender, target.service, protocol, port)
      case 'slb':
        return this.viaLoadBalancer(sender, target.lb, protocol, port)
      case 'dnat':
        return this.viaDnat(sender, target.nat, target.eip, protocol, port)
      case 'url':
        return this.viaIngress(sender, target, protocol)
    }
  }

  // -------------------------------------------------------------------------------------------
  // destinations

  private direct(sender: Actor, receiver: Actor, protocol: string, port: number, ports?: PortSpec[]): PairOutcome {
    const leg: Leg = {sender, dstAddress: receiver.address, dstPort: port, dstPod: receiver.pod, serviceHops: [], stages: [{kind: 'eni', actor: receiver, port, ports}], to: receiver.name}
    if (sender.kind === 'outside' && receiver.kind !== 'outside') {
      const entry = this.publicEntry(receiver, protocol, port)
      leg.routeHop = entry.hop
      if (entry.returnVia) leg.returnVia = entry.returnVia
    }
    return this.runLeg(leg, protocol, receiver)
  }

  /** How the internet reaches an address in a VPC: its own public IP/EIP or a DNAT entry. */
  private publicEntry(receiver: Actor, protocol: string, port: number): {hop: Hop; returnVia?: string} {
    if (receiver.publicIp) return {hop: {step: 'route', object: receiver.object, result: 'pass', detail: `internet → the public IP / EIP of ${receiver.name}`}}
    for (const nat of receiver.vpc?.natGateways ?? []) {
      for (const dnat of nat.dnat) {
        if (dnat.internalIp !== receiver.address || dnat.internalPort !== port || (dnat.protocol !== 'any' && dnat.protocol !== protocol)) continue
        return {
          hop: {step: 'route', object: `natGateway/${nat.name}`, result: 'pass', detail: `DNAT entry ${dnat.index}: ${formatIpv4(dnat.eip)}:${dnat.externalPort} → ${formatIpv4(dnat.internalIp)}:${dnat.internalPort}`},
          returnVia: `replies return through DNAT entry ${dnat.index} of natGateway/${nat.name}`,
        }
      }
    }
    const object = receiver.kind === 'pod' && receiver.pod ? workloadObject(receiver.pod.workload) : receiver.object
    return {hop: {step: 'route', object, result: 'deny', code: 'NO_PUBLIC_ADDRESS', detail: `${receiver.name} has no public IP, EIP, DNAT entry for ${protocol}/${port} or internet-facing SLB`}}
  }

  private viaService(sender: Actor, service: Service, protocol: string, port: number): PairOutcome[] {
    const object = serviceObject(service)
    const cluster = service.cluster
    const firstAddress = service.clusterIP ?? INTERNET_ADDRESS
    if (service.type === 'ExternalName') {
      return [this.failBefore(sender, firstAddress, port, {step: 'service', object, result: 'deny', code: 'NO_ENDPOINTS', detail: `${object} is ExternalName ${service.externalName ?? ''}: use dns:${service.name}.${service.namespace.name}.svc.${cluster.clusterDomain} to follow it`}, protocol, object)]
    }
    const servicePort = service.ports.find((p) => p.port === port && p.protocol.toLowerCase() === protocol)
    if (!service.headless) {
      const inCluster = sender.cluster === cluster && (sender.kind === 'pod' || sender.kind === 'node')
      if (!inCluster) {
        return [this.failBefore(sender, firstAddress, port, {step: 'service', object: `cluster/${cluster.name}`, result: 'deny', code: 'CLUSTER_IP_UNREACHABLE', detail: `cluster IP ${formatIpv4(firstAddress)} of ${object} works only from nodes and pods of cluster ${cluster.name}; ${sender.name} is outside it`}, protocol, object)]
      }
      if (!servicePort) {
        return [this.failBefore(sender, firstAddress, port, {step: 'service', object, result: 'deny', code: 'PORT_NOT_EXPOSED', detail: `${object} exposes ${describePorts(service.ports)}, not ${protocol}/${port}`}, protocol, object)]
      }
    }
    const endpoints = this.endpointsOf(service, servicePort, port)
    if (endpoints.length === 0) {
      return [this.failBefore(sender, firstAddress, port, {step: 'service', object, result: 'deny', code: 'NO_ENDPOINTS', detail: noEndpointsDetail(service, servicePort)}, protocol, object)]
    }
    return this.capped(endpoints, sender, ({actor, targetPort, ports}) => {
      const detail = this.brief ? '' : service.headless
        ? `headless ${object}: DNS returns the pod IPs; ${actor.name} ${formatIpv4(actor.address)}:${targetPort}`
        : `cluster IP ${formatIpv4(service.clusterIP!)}:${port} → endpoint ${actor.name} ${formatIpv4(actor.address)}:${targetPort}${servicePort && typeof servicePort.targetPort === 'string' ? ` (targetPort ${servicePort.targetPort})` : ''}`
      const leg: Leg = {sender, dstAddress: actor.address, dstPort: targetPort, dstPod: actor.pod, serviceHops: [{step: 'service', object, result: 'pass', detail}], stages: [{kind: 'eni', actor, port: targetPort, ports}], to: actor.name}
      return this.runLeg(leg, protocol, actor)
    })
  }

  /** Endpoint pods of a Service for one Service port (named targetPorts resolved per workload). */
  private endpointsOf(service: Service, servicePort: ServicePort | undefined, requestedPort: number): Array<{actor: Actor; targetPort: number; ports: PortSpec[]}> {
    const result: Array<{actor: Actor; targetPort: number; ports: PortSpec[]}> = []
    for (const workload of service.endpoints) {
      const ports = workload.ports.map((p) => ({port: p.containerPort, protocol: p.protocol.toLowerCase()}))
      let targetPort: number | undefined = requestedPort
      if (servicePort) {
        if (typeof servicePort.targetPort === 'number') targetPort = servicePort.targetPort
        else targetPort = workload.ports.find((p) => p.name === servicePort.targetPort)?.containerPort
      }
      if (targetPort === undefined) continue // named targetPort this workload does not declare: not an endpoint for it
      for (const pod of workload.pods) {
        const actor = podActor(pod)
        if (actor) result.push({actor, targetPort, ports})
        else this.missing.add(`pod ${workload.namespace.name}/${pod.name} has no address (its pool has no nodes or its vSwitch is full)`)
      }
    }
    return result
  }

  private viaNodePort(sender: Actor, service: Service, protocol: string, port: number): PairOutcome[] {
    const object = serviceObject(service)
    const cluster = service.cluster
    const servicePort = service.ports.find((p) => p.nodePort === port && p.protocol.toLowerCase() === protocol) ?? service.ports.find((p) => p.port === port && p.nodePort !== undefined && p.protocol.toLowerCase() === protocol)
    const nodes = cluster.nodes.map(nodeActor).filter((a): a is Actor => a !== undefined)
    const firstNode = nodes[0]?.address ?? INTERNET_ADDRESS
    if (!servicePort || servicePort.nodePort === undefined) {
      return [this.failBefore(sender, firstNode, port, {step: 'service', object, result: 'deny', code: 'PORT_NOT_EXPOSED', detail: `${object} has no nodePort ${port} (nodePorts: ${service.ports.map((p) => p.nodePort).filter(Boolean).join(', ') || 'none'})`}, protocol, object)]
    }
    const nodePort = servicePort.nodePort
    if (sender.kind === 'outside') {
      return [{verdict: 'denied', hops: [{step: 'route', object, result: 'deny', code: 'NO_PUBLIC_ADDRESS', detail: `nodes of cluster ${cluster.name} have no public address; expose ${object} through an internet-facing SLB`}], considered: [], from: sender.name, to: object}]
    }
    if (nodes.length === 0) return [this.failBefore(sender, firstNode, nodePort, {step: 'service', object, result: 'deny', code: 'NO_ENDPOINTS', detail: `cluster ${cluster.name} has no nodes`}, protocol, object)]
    const endpoints = this.endpointsOf(service, servicePort, servicePort.port)
    if (endpoints.length === 0) return [this.failBefore(sender, firstNode, nodePort, {step: 'service', object, result: 'deny', code: 'NO_ENDPOINTS', detail: noEndpointsDetail(service, servicePort)}, protocol, object)]
    const pairs = nodes.flatMap((node) => endpoints.map((endpoint) => ({node, endpoint})))
    return this.capped(pairs, sender, ({node, endpoint}) => {
      const local = service.externalTrafficPolicy === 'Local'
      if (local && endpoint.actor.node !== node.node) return undefined // Local: a node forwards only to its own pods
      const leg: Leg = {
        sender,
        dstAddress: node.address,
        dstPort: nodePort,
        serviceHops: [{step: 'service', object, result: 'pass', detail: `nodePort ${nodePort} on ${node.name} → endpoint ${endpoint.actor.name} ${formatIpv4(endpoint.actor.address)}:${endpoint.targetPort}${local ? ' (externalTrafficPolicy Local)' : ' (kube-proxy SNATs to the node IP)'}`}],
        stages: [
          {kind: 'eni', actor: node, port: nodePort, portNote: `kube-proxy listens on nodePort ${nodePort}`},
          {kind: 'eni', actor: endpoint.actor, port: endpoint.targetPort, ports: endpoint.ports, seenFrom: local ? undefined : node.address},
        ],
        to: endpoint.actor.name,
      }
      return this.runLeg(leg, protocol, endpoint.actor)
    })
  }

  private viaLoadBalancer(sender: Actor, lb: LoadBalancer, protocol: string, port: number): PairOutcome[] {
    const object = lbObject(lb)
    const listener = lb.listeners.find((l) => l.port === port && listenerProtocol(l) === protocol)
    const address = lb.address ?? INTERNET_ADDRESS
    if (!listener) {
      return [this.failBefore(sender, address, port, {step: 'service', object, result: 'deny', code: 'PORT_NOT_EXPOSED', detail: `SLB ${lb.name} has no ${protocol}/${port} listener (listeners: ${lb.listeners.map((l) => `${l.protocol}/${l.port}`).join(', ') || 'none'})`}, protocol, object)]
    }
    const backends = this.backendsOf(lb, listener)
    if (backends.length === 0) {
      return [this.failBefore(sender, address, port, {step: 'service', object, result: 'deny', code: 'NO_ENDPOINTS', detail: `listener ${listener.protocol}/${listener.port} of SLB ${lb.name} has no backends${lb.service ? ` (${noEndpointsDetail(lb.service, listener.servicePort)})` : ''}`}, protocol, object)]
    }
    let routeHop: Hop | undefined
    if (sender.kind === 'outside') {
      routeHop = lb.addressType === 'internet'
        ? {step: 'route', object, result: 'pass', detail: `internet → the public address of SLB ${lb.name}`}
        : {step: 'route', object, result: 'deny', code: 'LB_NOT_INTERNET_FACING', detail: `SLB ${lb.name} is intranet (address type intranet); the internet cannot reach it`}
    }
    return this.capped(backends, sender, (backend) => {
      const stages: Stage[] = [{kind: 'acl', lb}]
      const via = backend.via
      if (via) stages.push({kind: 'eni', actor: via.node, port: via.nodePort, portNote: `kube-proxy listens on nodePort ${via.nodePort}`})
      stages.push({kind: 'eni', actor: backend.actor, port: backend.port, ports: backend.ports, seenFrom: via && !via.local ? via.node.address : undefined})
      const leg: Leg = {
        sender,
        dstAddress: lb.addressType === 'internet' ? lb.address ?? INTERNET_ADDRESS : address,
        dstPort: port,
        serviceHops: [{step: 'service', object, result: 'pass', detail: `SLB ${lb.name} listener ${listener.protocol}/${listener.port} → ${via ? `${via.node.name}:${via.nodePort} → ` : ''}${backend.actor.name} ${formatIpv4(backend.actor.address)}:${backend.port}`}],
        routeHop,
        stages,
        returnVia: `replies return through SLB ${lb.name}`,
        to: backend.actor.name,
      }
      return this.runLeg(leg, protocol, backend.actor)
    })
  }

  private backendsOf(lb: LoadBalancer, listener: LbListener): Array<{actor: Actor; port: number; ports?: PortSpec[]; via?: {node: Actor; nodePort: number; local: boolean}}> {
    const result: Array<{actor: Actor; port: number; ports?: PortSpec[]; via?: {node: Actor; nodePort: number; local: boolean}}> = []
    for (const backend of listener.backends) {
      if (backend.kind === 'instance') {
        const actor = instanceActor(backend.instance)
        if (actor) result.push({actor, port: backend.port, ports: backend.instance.listens?.map((l) => ({port: l.port, protocol: l.protocol}))})
      } else if (backend.kind === 'pod') {
        const actor = podActor(backend.pod)
        const workload = backend.pod.workload
        const port = typeof backend.port === 'number' ? backend.port : workload.ports.find((p) => p.name === backend.port)?.containerPort
        if (actor && port !== undefined) result.push({actor, port, ports: workload.ports.map((p) => ({port: p.containerPort, protocol: p.protocol.toLowerCase()}))})
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
        for (const endpoint of this.endpointsOf(service, listener.servicePort, listener.port)) {
          if (local && endpoint.actor.node !== backend.node) continue
          result.push({actor: endpoint.actor, port: endpoint.targetPort, ports: endpoint.ports, via: {node, nodePort: backend.port, local}})
        }
      } else {
        const owner = this.ctx.model.ipOwners.get(backend.address)
        const actor = owner?.kind === 'instance' ? instanceActor(owner.instance) : owner?.kind === 'node' ? nodeActor(owner.node) : owner?.kind === 'pod' ? podActor(owner.pod) : undefined
        result.push({actor: actor ?? {name: `ip ${formatIpv4(backend.address)}`, kind: 'host', address: backend.address, groups: [], hasEni: false, publicIp: false, object: `ip/${formatIpv4(backend.address)}`, vswitch: this.ctx.model.vswitches.find((v) => cidrContainsAddress(v.cidr, backend.address)), vpc: lb.vpc}, port: backend.port})
      }
    }
    return result
  }

  private viaDnat(sender: Actor, nat: NatGateway, eip: Ipv4, protocol: string, port: number): PairOutcome[] {
    const object = `natGateway/${nat.name}`
    const entry = nat.dnat.find((d) => d.eip === eip && d.externalPort === port && (d.protocol === 'any' || d.protocol === protocol))
    if (!entry) {
      return [this.failBefore(sender, eip, port, {step: 'service', object, result: 'deny', code: 'PORT_NOT_EXPOSED', detail: `natGateway/${nat.name} has no DNAT entry for ${formatIpv4(eip)}:${protocol}/${port}`}, protocol, object)]
    }
    // Alibaba forwards a DNAT entry only to a private address of the gateway's VPC; one pointing
    // elsewhere (its own EIP: a hairpin to itself) reaches no host
    const nowhere = this.ctx.holdsAddress(nat.vpc, entry.internalIp) ? undefined : this.dnatNowhere(nat, entry, protocol)
    const owner = this.ctx.model.ipOwners.get(entry.internalIp)
    const actor = (owner?.kind === 'instance' ? instanceActor(owner.instance) : owner?.kind === 'node' ? nodeActor(owner.node) : owner?.kind === 'pod' ? podActor(owner.pod) : undefined) ?? {name: `ip ${formatIpv4(entry.internalIp)}`, kind: 'host' as const, address: entry.internalIp, groups: [], hasEni: false, publicIp: false, object: `ip/${formatIpv4(entry.internalIp)}`, vswitch: this.ctx.model.vswitches.find((v) => cidrContainsAddress(v.cidr, entry.internalIp)), vpc: nat.vpc}
    const ports = owner?.kind === 'instance' ? owner.instance.listens?.map((l) => ({port: l.port, protocol: l.protocol})) : undefined
    const leg: Leg = {
      sender,
      dstAddress: eip,
      dstPort: port,
      serviceHops: [{step: 'service', object, result: 'pass', detail: `DNAT entry ${entry.index}: ${formatIpv4(eip)}:${port} → ${formatIpv4(entry.internalIp)}:${entry.internalPort}`}],
      routeHop: sender.kind === 'outside' ? {step: 'route', object, result: 'pass', detail: `internet → EIP ${formatIpv4(eip)} of natGateway/${nat.name}`} : undefined,
      stages: nowhere ? [{kind: 'hop', hop: nowhere}] : [{kind: 'eni', actor, port: entry.internalPort, ports}],
      returnVia: `replies return through DNAT entry ${entry.index} of natGateway/${nat.name}`,
      to: actor.name,
    }
    return [this.runLeg(leg, protocol, actor)]
  }

  /** The denying hop for a DNAT entry whose internal address is not in the gateway's VPC. */
  private dnatNowhere(nat: NatGateway, entry: DnatEntry, protocol: string): Hop {
    const internal = entry.internalIp
    const other = this.ctx.natByEip(internal)
    const what = other === nat ? "the gateway's own EIP (a hairpin to itself)" : other ? `an EIP of natGateway/${other.name}` : `outside VPC ${nat.vpc.name}`
    return {
      step: 'route',
      object: `natGateway/${nat.name}`,
      result: 'deny',
      code: 'NO_PUBLIC_ADDRESS',
      detail: `DNAT entry ${entry.index} forwards ${formatIpv4(entry.eip)}:${entry.externalPort} to ${formatIpv4(internal)}:${entry.internalPort}, ${what}; a DNAT entry delivers only to a private address in VPC ${nat.vpc.name} (${nat.vpc.cidrs.map(formatCidr).join(', ')}), so nothing answers on ${formatIpv4(entry.eip)} ${protocol}/${entry.externalPort}`,
    }
  }

  private viaIngress(sender: Actor, target: Extract<Target, {kind: 'url'}>, protocol: string): PairOutcome[] {
    const clusters = sender.cluster ? [sender.cluster, ...target.clusters.filter((c) => c !== sender.cluster)] : target.clusters
    const fail = (object: string, code: ReasonCode, detail: string): PairOutcome[] => [{verdict: 'denied', hops: [{step: 'service', object, result: 'deny', code, detail}], considered: [], from: sender.name, to: `${target.host}${target.path}`}]
    const match = matchIngress(clusters, target.host, target.path)
    const home = match?.cluster ?? clusters.find((c) => c.ingresses.length > 0) ?? clusters[0]
    if (!home) return fail('topology', 'NO_INGRESS_RULE', 'the topology has no cluster')
    if (!match) return fail(`cluster/${home.name}`, 'NO_INGRESS_RULE', `no Ingress rule matches host ${target.host} path ${target.path}`)
    const controller = match.cluster.ingressController
    if (!controller) return fail(`cluster/${match.cluster.name}`, 'NO_INGRESS_RULE', `cluster ${match.cluster.name} has no ingressController to serve Ingress ${match.ingress}`)
    const backendService = match.backend.service
    if (!backendService) return fail(`service/${match.namespace}/${match.backend.serviceName}`, 'NO_ENDPOINTS', `Ingress ${match.ingress} routes to Service ${match.namespace}/${match.backend.serviceName}, which does not exist`)
    const backendPort = match.backend.port.number ?? backendService.ports.find((p) => p.name === match.backend.port.name)?.port
    if (backendPort === undefined) return fail(serviceObject(backendService), 'PORT_NOT_EXPOSED', `Service ${backendService.namespace.name}/${backendService.name} has no port named ${match.backend.port.name}`)
    const ingressHop: Hop = {step: 'service', object: `ingress/${match.ingress}`, result: 'pass', detail: `host ${target.host} path ${target.path} → Service ${backendService.namespace.name}/${backendService.name}:${backendPort} (rule ${match.rule})`}
    // leg 1: to the controller (through its SLB from outside the cluster, by cluster IP inside)
    const outside = sender.cluster !== controller.cluster
    const first = outside && controller.loadBalancer ? this.viaLoadBalancer(sender, controller.loadBalancer, protocol, target.port) : this.viaService(sender, controller, protocol, target.port)
    const results: PairOutcome[] = []
    const second = new Map<Actor, PairOutcome[]>()
    for (const outcome of first) {
      if (outcome.verdict === 'denied' || !outcome.receiver) {
        results.push(outcome)
        continue
      }
      let legTwo = second.get(outcome.receiver)
      if (!legTwo) second.set(outcome.receiver, (legTwo = this.viaService(outcome.receiver, backendService, protocol, backendPort)))
      for (const next of legTwo) {
        results.push({verdict: next.verdict, hops: [...outcome.hops, ingressHop, ...next.hops], considered: [...outcome.considered, ...next.considered], from: outcome.from, to: next.to, receiver: next.receiver})
      }
    }
    return results
  }

  // -------------------------------------------------------------------------------------------
  // the steps

  /** A pair that fails at service resolution: steps 1–3 towards the address the sender used, then the denying hop. */
  private failBefore(sender: Actor, address: Ipv4, port: number, deny: Hop, protocol: string, to: string): PairOutcome {
    const state: LegState = {hops: [], translated: sender.address}
    const leg: Leg = {sender, dstAddress: address, dstPort: port, serviceHops: [], stages: [], to}
    if (this.senderSteps(leg, state, protocol)) state.hops.push(deny)
    return {verdict: 'denied', hops: state.hops, considered: [], from: sender.name, to, translatedSource: state.translated}
  }

  private capped<T>(items: T[], sender: Actor, run: (item: T) => PairOutcome | undefined): PairOutcome[] {
    const outcomes: PairOutcome[] = []
    for (const item of items) {
      if (outcomes.length >= MAX_PAIRS_PER_SENDER) {
        this.missing.add(`only the first ${MAX_PAIRS_PER_SENDER} destinations were evaluated for ${sender.name}`)
        break
      }
      const outcome = run(item)
      if (outcome) outcomes.push(outcome)
    }
    return outcomes
  }

  private runLeg(leg: Leg, protocol: string, receiver: Actor): PairOutcome {
    const state: LegState = {hops: [], translated: leg.sender.address}
    const done = (verdict: 'allowed' | 'denied'): PairOutcome => ({verdict, hops: state.hops, considered: [], from: leg.sender.name, to: leg.to, receiver, translatedSource: state.translated})
    if (!this.senderSteps(leg, state, protocol)) return done('denied')
    for (const hop of leg.serviceHops) {
      state.hops.push(hop)
      if (hop.result === 'deny') return done('denied')
    }
    if (leg.routeHop) {
      state.hops.push(leg.routeHop)
      if (leg.routeHop.result === 'deny') return done('denied')
    } else if (!this.routeStep(leg, state, receiver)) {
      return done('denied')
    }
    for (const stage of leg.stages) {
      if (!this.receiverStage(stage, leg, state, protocol)) return done('denied')
    }
    if (!this.returnStep(leg, state, receiver)) return done('denied')
    return done('allowed')
  }

  /** Steps 1–3: source NetworkPolicy egress, source NAT, source security-group egress. */
  private senderSteps(leg: Leg, state: LegState, protocol: string): boolean {
    const sender = leg.sender
    const pod = sender.pod
    if (pod && !pod.workload.hostNetwork) {
      const cluster = pod.workload.cluster
      if (!cluster.network.enforcesNetworkPolicy) {
        state.hops.push({step: 'netpol-egress', object: `cluster/${cluster.name}`, result: 'skip', detail: notEnforcedWhy(cluster)})
      } else {
        const peerPod = leg.dstPod && leg.dstPod.workload.cluster === cluster ? policyPod(leg.dstPod) : undefined
        const verdict = this.ctx.networkPolicies(cluster).evaluate('egress', policyPod(pod), {ip: leg.dstAddress, pod: peerPod}, protocol, leg.dstPort, this.explain, !this.brief)
        this.notePolicies('netpol-egress', verdict.notSelecting)
        if (!verdict.allowed) {
          state.hops.push({step: 'netpol-egress', object: `networkPolicy/${verdict.policy}`, result: 'deny', code: 'NETPOL_EGRESS_DENIED', detail: `${verdict.detail} (destination ${formatIpv4(leg.dstAddress)})`})
          return false
        }
        state.hops.push({step: 'netpol-egress', object: verdict.policy ? `networkPolicy/${verdict.policy}` : `namespace/${pod.workload.namespace.name}`, result: 'pass', detail: verdict.detail})
      }
    }
    // step 2: source address translation
    state.translated = this.translateSource(sender, leg.dstAddress, state)
    // step 3: security-group egress of the sending ENI
    if (sender.hasEni) {
      const decision = this.ctx.eni(sender.groups).evaluate('egress', protocol, leg.dstPort, leg.dstAddress, this.ctx.groupsOf(leg.dstAddress), this.explain, !this.brief)
      this.noteRules('sg-egress', decision.group, decision.overridden)
      const hop: Hop = {step: 'sg-egress', object: `securityGroup/${decision.group}`, result: decision.accepted ? 'pass' : 'deny', detail: decision.detail}
      if (!decision.accepted) hop.code = 'SG_EGRESS_DENIED'
      state.hops.push(hop)
      if (!decision.accepted) return false
    }
    return true
  }

  private translateSource(sender: Actor, destination: Ipv4, state: LegState): Ipv4 {
    const pod = sender.pod
    const push = (detail: () => string) => state.hops.push({step: 'source-nat', object: sender.object, result: 'pass', detail: this.text(detail)})
    if (!pod) {
      if (sender.kind !== 'outside') push(() => `srcIp ${formatIpv4(sender.address)} (${sender.kind === 'host' ? 'the host' : sender.kind}'s own address)`)
      return sender.address
    }
    if (pod.workload.hostNetwork) {
      push(() => `srcIp ${formatIpv4(sender.address)} (hostNetwork: the node IP)`)
      return sender.address
    }
    const network = pod.workload.cluster.network
    if (network.plugin !== 'flannel') {
      push(() => `srcIp ${formatIpv4(sender.address)} kept (${network.plugin === 'acs' ? 'ACS' : 'Terway'} pod address in the VPC)`)
      return sender.address
    }
    const kept = network.nonMasqueradeCidrs.find((c) => cidrContainsAddress(c, destination))
    if (kept) {
      push(() => `srcIp ${formatIpv4(sender.address)} kept (destination in nonMasqueradeCidrs ${formatCidr(kept)})`)
      return sender.address
    }
    const nodeIp = pod.node?.ip
    if (nodeIp === undefined) {
      push(() => `srcIp ${formatIpv4(sender.address)} (pod has no node)`)
      return sender.address
    }
    push(() => `srcIp ${formatIpv4(sender.address)} → ${formatIpv4(nodeIp)} (ip-masq-agent: destination outside nonMasqueradeCidrs ${network.nonMasqueradeCidrs.map(formatCidr).join(', ')})`)
    return nodeIp
  }

  /** Step 5: the route table of the sender's vSwitch (and NAT SNAT for destinations outside the VPC). */
  private routeStep(leg: Leg, state: LegState, receiver: Actor): boolean {
    const sender = leg.sender
    const destination = leg.dstAddress
    const push = (hop: Hop): boolean => {
      state.hops.push(hop)
      return hop.result !== 'deny'
    }
    if (!sender.vswitch || !sender.vpc) {
      // an outside sender to an outside destination: nothing of ours on the way
      return push({step: 'route', object: 'internet', result: 'pass', detail: 'outside any VPC of the topology'})
    }
    const table = sender.vswitch.routeTable
    const tableObject = routeTableObject(table)
    const lookup = this.ctx.routes(table)
    // same node: delivered locally, no VPC route involved
    // (only when the packet is addressed to the receiver itself: an SLB, nodePort or EIP in between is not on the node)
    if (sender.node && receiver.node === sender.node && receiver.kind !== 'outside' && destination === receiver.address) {
      // the table's object keeps same-node pairs in the same path group as the others
      return push({step: 'route', object: tableObject, result: 'pass', detail: this.text(() => `same node ${sender.node!.name}: delivered locally, no VPC route used`)})
    }
    const flannel = this.ctx.flannelClusterOf(sender.vpc, destination)
    if (flannel) {
      const owner = this.ctx.flannelNodeOf(flannel, destination)
      const entry = lookup.lookup(destination, (e) => e.target.kind === 'node' && e.target.cluster === flannel.name)
      if (entry) return push({step: 'route', object: tableObject, result: 'pass', detail: this.text(() => `${describeEntry(entry)} (Flannel node route in ${table.name})`)})
      const cutOff = owner && table.flannelCutOff.some((c) => c.node === owner) && flannel.network.routeTables.includes(table)
      if (cutOff) {
        return push({step: 'route', object: tableObject, result: 'deny', code: 'ROUTE_QUOTA_EXCEEDED', detail: `node ${owner!.name} got no route entry for its pod range ${owner!.podRange ? formatCidr(owner!.podRange) : ''} in ${table.name}: the table's ${table.quota}-entry quota is full`})
      }
      return push({step: 'route', object: tableObject, result: 'deny', code: 'NO_ROUTE', detail: `${table.name} has no Flannel node route for ${formatIpv4(destination)}${owner ? ` (node ${owner.name}, pod range ${formatCidr(owner.podRange!)})` : ''}; Flannel pod CIDR ${formatCidr(flannel.network.podCidr)} is routed only by node routes`})
    }
    const entry = lookup.lookup(destination)
    const receiverVpc = receiver.kind === 'outside' ? undefined : receiver.vpc ?? this.ctx.vpcOf(destination)
    // routing follows the address on the packet: a VPC's public address (internet SLB, EIP) is
    // reached through the internet, not delivered into that VPC
    const destinationVpc = receiverVpc && (receiverVpc === sender.vpc || this.ctx.holdsAddress(receiverVpc, destination)) ? receiverVpc : undefined
    if (entry?.target.kind === 'blackhole') return push({step: 'route', object: tableObject, result: 'deny', code: 'BLACKHOLE_ROUTE', detail: `${describeEntry(entry)} drops traffic to ${formatIpv4(destination)}`})
    if (destinationVpc && destinationVpc !== sender.vpc) {
      if (entry?.target.kind === 'peer' && entry.target.vpc === destinationVpc.name) return push({step: 'route', object: tableObject, result: 'pass', detail: `${describeEntry(entry)} (peering to VPC ${destinationVpc.name})`})
      return push({step: 'route', object: tableObject, result: 'deny', code: 'DIFFERENT_VPC', detail: `${formatIpv4(destination)} is in VPC ${destinationVpc.name}; ${table.name} in VPC ${sender.vpc.name} has no peer:${destinationVpc.name} route for it${entry ? ` (matched ${describeEntry(entry)})` : ''}`})
    }
    if (!entry) return push({step: 'route', object: tableObject, result: 'deny', code: 'NO_ROUTE', detail: `no entry in ${table.name} covers ${receiver.kind === 'outside' && receiver.name === 'internet' ? 'the internet (no 0.0.0.0/0 route)' : formatIpv4(destination)}`})
    switch (entry.target.kind) {
      case 'local':
      case 'node':
      case 'instance':
        return push({step: 'route', object: tableObject, result: 'pass', detail: this.text(() => describeEntry(entry))})
      case 'peer': {
        // peering delivers only addresses of the peer VPC: anything else would need the peer to forward it
        const peer = this.ctx.model.vpcByName.get(entry.target.vpc)
        if (peer && this.ctx.holdsAddress(peer, destination)) return push({step: 'route', object: tableObject, result: 'pass', detail: this.text(() => `${describeEntry(entry)} (peering to VPC ${peer.name})`)})
        return push({step: 'route', object: tableObject, result: 'deny', code: 'NO_ROUTE', detail: this.notTransitive(entry, receiver.kind === 'outside' && receiver.name === 'internet' ? 'internet traffic' : `traffic to ${formatIpv4(destination)}`)})
      }
      case 'nat':
        return this.natStep(entry, table, state, sender, push)
    }
    return push({step: 'route', object: tableObject, result: 'pass', detail: describeEntry(entry)})
  }

  /** Why a peer route cannot carry traffic for an address outside the peer VPC. */
  private notTransitive(entry: RouteEntry, what: string): string {
    const peerName = (entry.target as {vpc: string}).vpc
    const peer = this.ctx.model.vpcByName.get(peerName)
    const own = peer ? ` (${peer.cidrs.map(formatCidr).join(', ')})` : ''
    return `${describeEntry(entry)} would hand ${what} to VPC ${peerName}, but peering is not transitive: VPC ${peerName} accepts only traffic to its own CIDRs${own}, and never forwards it through its NAT gateway, its peer routes or its default route`
  }

  private natStep(entry: RouteEntry, table: RouteTable, state: LegState, sender: Actor, push: (hop: Hop) => boolean): boolean {
    const name = (entry.target as {name: string}).name
    if (sender.publicIp) {
      state.publicSource = INTERNET_ADDRESS
      return push({step: 'route', object: routeTableObject(table), result: 'pass', detail: `${describeEntry(entry)}; ${sender.name} goes out on its own public IP (no SNAT needed)`})
    }
    const nat = this.ctx.model.natGatewayByName.get(name)
    if (!nat) return push({step: 'route', object: routeTableObject(table), result: 'deny', code: 'NO_ROUTE', detail: `${describeEntry(entry)}: NAT gateway ${name} is not in the topology`})
    const snat = nat.snat.find((s) => cidrContainsAddress(s.sourceCidr, state.translated))
    if (!snat) {
      return push({step: 'route', object: `natGateway/${nat.name}`, result: 'deny', code: 'NO_SNAT', detail: `${describeEntry(entry)}, but no SNAT entry of ${nat.name} covers source ${formatIpv4(state.translated)} (SNAT sources: ${nat.snat.map((s) => formatCidr(s.sourceCidr)).join(', ') || 'none'})`})
    }
    state.publicSource = snat.eip ?? nat.eips[0] ?? INTERNET_ADDRESS
    return push({step: 'route', object: `natGateway/${nat.name}`, result: 'pass', detail: `${describeEntry(entry)}; SNAT entry ${snat.index} (${snat.vswitch ? `vswitch:${snat.vswitch.name}` : formatCidr(snat.sourceCidr)}) → ${nat.eips.length > 0 ? formatIpv4(state.publicSource) : 'EIP'}`})
  }

  /** Steps 6–8 at one receiver (or the SLB ACL). */
  private receiverStage(stage: Stage, leg: Leg, state: LegState, protocol: string): boolean {
    if (stage.kind === 'hop') {
      state.hops.push(stage.hop)
      return stage.hop.result !== 'deny'
    }
    const client = state.publicSource !== undefined && leg.sender.kind !== 'outside' ? state.publicSource : state.translated
    if (stage.kind === 'acl') {
      const lb = stage.lb
      const object = lbObject(lb)
      if (!lb.acl) return true
      const hit = lb.acl.cidrs.find((c) => cidrContainsAddress(c, client))
      const allowed = lb.acl.type === 'white' ? hit !== undefined : hit === undefined
      const who = leg.sender.kind === 'outside' ? `${leg.sender.name}` : formatIpv4(client)
      const detail = lb.acl.type === 'white'
        ? hit ? `whitelist ${formatCidr(hit)} admits ${who}` : `${who} is not in the whitelist (${lb.acl.cidrs.map(formatCidr).join(', ')})`
        : hit ? `${who} is in the blacklist (${formatCidr(hit)})` : `${who} is not in the blacklist`
      state.hops.push(allowed ? {step: 'sg-ingress', object, result: 'pass', detail: `SLB ACL: ${detail}`} : {step: 'sg-ingress', object, result: 'deny', code: 'LB_ACL_DENIED', detail: `SLB ACL: ${detail}`})
      return allowed
    }
    const receiver = stage.actor
    if (receiver.kind === 'outside') {
      return true
    }
    const seen = stage.seenFrom ?? (leg.sender.kind === 'outside' ? leg.sender.address : client)
    if (receiver.hasEni) {
      const decision = this.ctx.eni(receiver.groups).evaluate('ingress', protocol, stage.port, seen, this.ctx.groupsOf(seen), this.explain, !this.brief)
      this.noteRules('sg-ingress', decision.group, decision.overridden)
      const hop: Hop = {step: 'sg-ingress', object: `securityGroup/${decision.group}`, result: decision.accepted ? 'pass' : 'deny', detail: decision.accepted && this.brief ? '' : `${decision.detail} from ${leg.sender.kind === 'outside' && seen === leg.sender.address ? leg.sender.name : formatIpv4(seen)}`}
      if (!decision.accepted) hop.code = 'SG_INGRESS_DENIED'
      state.hops.push(hop)
      if (!decision.accepted) return false
    }
    const pod = receiver.pod
    if (pod && !pod.workload.hostNetwork) {
      const cluster = pod.workload.cluster
      if (!cluster.network.enforcesNetworkPolicy) {
        state.hops.push({step: 'netpol-ingress', object: `cluster/${cluster.name}`, result: 'skip', detail: notEnforcedWhy(cluster)})
      } else {
        const senderPod = leg.sender.pod
        const identity = senderPod && !senderPod.workload.hostNetwork && senderPod.workload.cluster === cluster && seen === senderPod.ip ? policyPod(senderPod) : undefined
        const verdict = this.ctx.networkPolicies(cluster).evaluate('ingress', policyPod(pod), {ip: seen, pod: identity}, protocol, stage.port, this.explain, !this.brief)
        this.notePolicies('netpol-ingress', verdict.notSelecting)
        if (!verdict.allowed) {
          state.hops.push({step: 'netpol-ingress', object: `networkPolicy/${verdict.policy}`, result: 'deny', code: 'NETPOL_INGRESS_DENIED', detail: `${verdict.detail} (source seen as ${formatIpv4(seen)})`})
          return false
        }
        state.hops.push({step: 'netpol-ingress', object: verdict.policy ? `networkPolicy/${verdict.policy}` : `namespace/${pod.workload.namespace.name}`, result: 'pass', detail: verdict.detail})
      }
    }
    // step 8: the destination port
    if (stage.portNote) {
      state.hops.push({step: 'port', object: receiver.object, result: 'pass', detail: stage.portNote})
    } else if (stage.ports && stage.ports.length > 0 && protocol !== 'icmp') {
      const ok = stage.ports.some((p) => p.port === stage.port && p.protocol === protocol)
      const object = receiver.object
      state.hops.push(ok ? {step: 'port', object, result: 'pass', detail: this.text(() => `${receiver.name} listens on ${protocol}/${stage.port}`)} : {step: 'port', object, result: 'deny', code: 'PORT_NOT_LISTENING', detail: `${receiver.name} listens on ${stage.ports.map((p) => `${p.protocol}/${p.port}`).join(', ')}, not ${protocol}/${stage.port}`})
      if (!ok) return false
    } else if (receiver.kind === 'instance' || receiver.kind === 'pod') {
      state.hops.push({step: 'port', object: receiver.object, result: 'pass', detail: protocol === 'icmp' ? 'icmp: no port' : `${receiver.kind === 'instance' ? 'no listens declared' : 'no container ports declared'}: ${protocol}/${stage.port} assumed open`})
    }
    return true
  }

  /** Step 9: the reply from the destination's vSwitch back to the (translated) source. */
  private returnStep(leg: Leg, state: LegState, receiver: Actor): boolean {
    const sender = leg.sender
    const push = (hop: Hop): boolean => {
      state.hops.push(hop)
      return hop.result !== 'deny'
    }
    if (leg.returnVia) return push({step: 'return-route', object: 'reply', result: 'pass', detail: leg.returnVia})
    // the receiver that answers: the first stage's actor (for nodePort: the node)
    const first = leg.stages.find((s): s is Extract<Stage, {kind: 'eni'}> => s.kind === 'eni')?.actor ?? receiver
    if (first.kind === 'outside') return push({step: 'return-route', object: 'reply', result: 'pass', detail: state.publicSource !== undefined && !sender.publicIp ? 'replies return through the NAT gateway (SNAT session)' : 'replies return to the public address'})
    if (sender.kind === 'outside') return push({step: 'return-route', object: 'reply', result: 'pass', detail: 'replies return through the public IP / EIP'})
    if (!first.vswitch || !first.vpc) return push({step: 'return-route', object: 'reply', result: 'pass', detail: 'no vSwitch on the reply side'})
    const table = first.vswitch.routeTable
    const tableObject = routeTableObject(table)
    const source = state.translated
    if (sender.node && first.node === sender.node) return push({step: 'return-route', object: tableObject, result: 'pass', detail: this.text(() => `same node ${sender.node!.name}: reply delivered locally`)})
    const lookup = this.ctx.routes(table)
    const flannel = this.ctx.flannelClusterOf(first.vpc, source)
    if (flannel) {
      const entry = lookup.lookup(source, (e) => e.target.kind === 'node' && e.target.cluster === flannel.name)
      if (entry) return push({step: 'return-route', object: tableObject, result: 'pass', detail: this.text(() => `${table.name}: ${describeEntry(entry)} routes the reply to ${formatIpv4(source)}`)})
      const owner = this.ctx.flannelNodeOf(flannel, source)
      return push({step: 'return-route', object: tableObject, result: 'deny', code: 'NO_RETURN_ROUTE', detail: `the reply to Flannel pod IP ${formatIpv4(source)} leaves vSwitch ${first.vswitch.name}, whose table ${table.name} has no node route for ${owner ? `node ${owner.name}` : 'it'} (${table.isSystem ? 'node route missing' : `add ${table.name} to network.routeTables or masquerade this destination`})`})
    }
    const entry = lookup.lookup(source)
    if (entry?.target.kind === 'local') return push({step: 'return-route', object: tableObject, result: 'pass', detail: this.text(() => `${table.name}: ${describeEntry(entry)}`)})
    if (entry?.target.kind === 'peer' && sender.vpc && entry.target.vpc === sender.vpc.name) return push({step: 'return-route', object: tableObject, result: 'pass', detail: this.text(() => `${table.name}: ${describeEntry(entry)}`)})
    if (entry && sender.vpc === first.vpc && entry.target.kind !== 'blackhole') return push({step: 'return-route', object: tableObject, result: 'pass', detail: this.text(() => `${table.name}: ${describeEntry(entry)}`)})
    return push({step: 'return-route', object: tableObject, result: 'deny', code: 'NO_RETURN_ROUTE', detail: `${table.name} (vSwitch ${first.vswitch.name}) ${entry ? `sends replies for ${formatIpv4(source)} to ${describeEntry(entry)}` : `has no route back to ${formatIpv4(source)}`}`})
  }

  // -------------------------------------------------------------------------------------------

  private considerations: Consideration[] = []

  private notePolicies(step: StepName, list: Array<{policy: string; why: string}>): void {
    if (!this.explain) return
    for (const item of list) this.considerations.push({step, object: `networkPolicy/${item.policy}`, detail: `not applied: ${item.why}`})
  }

  private noteRules(step: StepName, group: string, overridden: string[]): void {
    if (!this.explain) return
    for (const rule of overridden) this.considerations.push({step, object: `securityGroup/${group}`, detail: `lost to the deciding rule: ${rule}`})
  }

  /** Considerations gathered since the last call (attached to the pair just traced). */
  takeConsiderations(): Consideration[] {
    const taken = this.considerations
    this.considerations = []
    return taken
  }
}

export function routeTableObject(table: RouteTable): string {
  return `routeTable/${table.vpc.name}/${table.name}`
}

function notEnforcedWhy(cluster: Cluster): string {
  const network = cluster.network
  if (network.plugin === 'flannel') return `cluster ${cluster.name} uses Flannel, which does not enforce NetworkPolicy`
  if (network.plugin === 'terway' && network.mode === 'exclusive') return `cluster ${cluster.name} runs Terway in exclusive mode, which skips NetworkPolicy`
  return `cluster ${cluster.name} has networkPolicy disabled`
}

// one PolicyPod per workload: its replicas share namespace, labels and ports (and the policy set caches by it)
const policyPodCache = new WeakMap<Pod['workload'], PolicyPod>()
function policyPod(pod: Pod): PolicyPod {
  const workload = pod.workload
  let cached = policyPodCache.get(workload)
  if (!cached) {
    cached = {namespace: workload.namespace.name, namespaceLabels: workload.namespace.labels, labels: workload.labels, ports: workload.ports}
    policyPodCache.set(workload, cached)
  }
  return cached
}

function listenerProtocol(listener: LbListener): string {
  return listener.protocol === 'udp' ? 'udp' : 'tcp'
}

function describePorts(ports: ServicePort[]): string {
  return ports.length === 0 ? 'no ports' : ports.map((p) => `${p.protocol.toLowerCase()}/${p.port}`).join(', ')
}

function noEndpointsDetail(service: Service, servicePort: ServicePort | undefined): string {
  const object = serviceObject(service)
  if (!service.selector) return `${object} has no selector (endpoints managed outside the topology)`
  const selector = Object.entries(service.selector).map(([k, v]) => `${k}=${v}`).join(', ')
  if (service.endpoints.length === 0) return `the selector of ${object} (${selector}) matches no workload in namespace ${service.namespace.name}`
  if (servicePort && typeof servicePort.targetPort === 'string') return `no selected workload declares the named port ${servicePort.targetPort}, or none has running pods`
  return `the selected workloads (${service.endpoints.map((w) => w.name).join(', ')}) have no pods with an address`
}

interface IngressMatch {
  cluster: Cluster
  ingress: string
  namespace: string
  rule: string
  backend: IngressBackendRef
}

/** Host (exact or `*.suffix`) and path (Exact, Prefix by path elements; ImplementationSpecific as Prefix) — longest path wins. */
function matchIngress(clusters: Cluster[], host: string, path: string): IngressMatch | undefined {
  for (const cluster of clusters) {
    let best: {match: IngressMatch; score: number} | undefined
    for (const ingress of cluster.ingresses) {
      ingress.paths.forEach((rule, index) => {
        if (rule.host && !hostMatches(rule.host.toLowerCase(), host)) return
        const exact = rule.pathType === 'Exact'
        const ok = exact ? path === rule.path : prefixMatches(rule.path, path)
        if (!ok) return
        const score = rule.path.length * 2 + (exact ? 1 : 0) + (rule.host ? 100000 : 0)
        if (!best || score > best.score) {
          best = {score, match: {cluster, ingress: `${ingress.namespace.name}/${ingress.name}`, namespace: ingress.namespace.name, rule: `${rule.host ?? '*'}${rule.path} ${rule.pathType}, rule ${index}`, backend: rule.backend}}
        }
      })
    }
    if (best) return best.match
    const fallback = cluster.ingresses.find((i) => i.defaultBackend)
    if (fallback) return {cluster, ingress: `${fallback.namespace.name}/${fallback.name}`, namespace: fallback.namespace.name, rule: 'defaultBackend', backend: fallback.defaultBackend!}
  }
  return undefined
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1)
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.')
  }
  return pattern === host
}

function prefixMatches(prefix: string, path: string): boolean {
  if (prefix === '/' || prefix === '') return true
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
  return path === trimmed || path.startsWith(trimmed + '/')
}
