import type {Cluster, IngressBackendRef} from '../../topology/model.js'
import type {ReasonCode} from '../codes.js'
import {deny, pass} from '../decision.js'
import {type Actor, serviceObject, type Target} from '../endpoints.js'
import {deniedOutright, type PairOutcome, type TraceEnv} from './leg.js'
import {viaLoadBalancer} from './load-balancer.js'
import {viaService} from './service.js'

/** Step 4 for URLs: Ingress host/path → backend Service, in two legs (to the controller, controller → backend). */
export function viaIngress(env: TraceEnv, sender: Actor, target: Extract<Target, {kind: 'url'}>, protocol: string): PairOutcome[] {
  const clusters = sender.cluster ? [sender.cluster, ...target.clusters.filter((c) => c !== sender.cluster)] : target.clusters
  const to = `${target.host}${target.path}`
  const fail = (object: string, code: ReasonCode, detail: string): PairOutcome[] => [deniedOutright(sender, deny('service', code, object, () => detail), to)]
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
  const ingressDecision = pass('service', `ingress/${match.ingress}`, () => `host ${target.host} path ${target.path} → Service ${backendService.namespace.name}/${backendService.name}:${backendPort} (rule ${match.rule})`)
  // leg 1: to the controller (through its SLB from outside the cluster, by cluster IP inside)
  const outside = sender.cluster !== controller.cluster
  const first = outside && controller.loadBalancer ? viaLoadBalancer(env, sender, controller.loadBalancer, protocol, target.port) : viaService(env, sender, controller, protocol, target.port)
  const results: PairOutcome[] = []
  const second = new Map<Actor, PairOutcome[]>()
  for (const outcome of first) {
    if (outcome.verdict === 'denied' || !outcome.receiver) {
      results.push(outcome)
      continue
    }
    let legTwo = second.get(outcome.receiver)
    if (!legTwo) second.set(outcome.receiver, (legTwo = viaService(env, outcome.receiver, backendService, protocol, backendPort)))
    for (const next of legTwo) {
      results.push({verdict: next.verdict, decisions: [...outcome.decisions, ingressDecision, ...next.decisions], sender: outcome.sender, from: outcome.from, to: next.to, receiver: next.receiver, translatedSource: outcome.translatedSource})
    }
  }
  return results
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
