import {AcknetError} from '../../errors.js'
import type {NodePool, Workload} from '../topology/model.js'
import type {ReachContext} from './context.js'
import {type Actor, type ResolvedEndpoint, resolveEndpoint, type Target} from './endpoints.js'
import {fixHint} from './fix.js'
import type {Family} from './family.js'
import type {TraceEnv} from './legs/leg.js'
import {PairTally} from './paths.js'
import {unplacedOf} from './placement.js'
import type {ReachResult, Reason} from './result.js'
import {tracePairs} from './pairs.js'
import {tallyPairs} from './shared-rows.js'

export type ReachProtocol = 'tcp' | 'udp' | 'icmp' | 'sctp'
export const REACH_PROTOCOLS: readonly ReachProtocol[] = ['tcp', 'udp', 'icmp', 'sctp']

export interface ReachQuery {
  from: string
  to: string
  port?: number
  protocol?: ReachProtocol
  explain?: boolean
}

/**
 * The family a question is asked in (SPEC §8): the one asked for, else 6 when an endpoint is an
 * IPv6 `ip:` address, else 4. Asking IPv4 about an IPv6 address is an exit-2 error. `option` names
 * how the family was asked in messages (`family:` for lint expectations).
 */
export function familyFor(refs: readonly string[], asked?: Family, option: '--family' | 'family:' = '--family'): Family {
  const ipv6 = refs.find((ref) => ref.startsWith('ip:') && ref.includes(':', 3))
  const ipv4 = refs.find((ref) => ref.startsWith('ip:') && !ref.includes(':', 3))
  if (ipv6 !== undefined && asked === 4) throw new AcknetError(`${ipv6} is an IPv6 address, but ${option} 4 was asked`, {hints: [`an IPv6 ip: endpoint implies ${option} 6; drop ${option} 4`]})
  if (ipv4 !== undefined && (asked === 6 || ipv6 !== undefined)) throw new AcknetError(`${ipv4} is an IPv4 address, but the question is asked over IPv6`, {hints: [`use the IPv6 address of the host, or ask over IPv4 (${option} 4)`]})
  return asked ?? (ipv6 !== undefined ? 6 : 4)
}

/**
 * `acknet reach`: resolves both endpoints, traces every sender × receiver pair with the step
 * functions, groups pairs that took identical decisions into one path, and reports the verdict
 * (allowed / denied / partial) with the first denying decision of the first denied path as the reason.
 */
export function reach(ctx: ReachContext, query: ReachQuery): ReachResult {
  const source = resolveEndpoint(ctx, query.from, 'source')
  const destination = resolveEndpoint(ctx, query.to, 'destination', source.actors.find((a) => a.pod)?.pod)
  return reachResolved(ctx, source, destination, query)
}

export function reachResolved(ctx: ReachContext, source: ResolvedEndpoint, destination: ResolvedEndpoint, query: Omit<ReachQuery, 'from' | 'to'>, options: {paths?: boolean} = {}): ReachResult {
  const protocol = query.protocol ?? 'tcp'
  const port = protocol === 'icmp' ? query.port ?? 0 : query.port ?? defaultPort(destination, protocol)
  // notes on missing inputs are shown only with --explain: without it they are dropped as they come (a matrix asks millions of times)
  const env: TraceEnv = {ctx, explain: Boolean(query.explain), missing: query.explain ? new Set() : DROPPED, paths: options.paths !== false}
  const missing: string[] = []
  if (source.actors.length === 0) missing.push(`${source.summary.ref} has no running replica with an address (no nodes in its pool, zero replicas, or a full vSwitch)`)
  const tally = tallyPairs(env, source, destination.target, protocol, port, (pairs) => tracePairs(env, source, destination.target, protocol, port, pairs.add, options.paths === false ? pairs.addShared : undefined))
  const {verdict, denied, deciding: decision, noEndpoints} = tally.judge(source)
  let reason: Reason | null = null
  let fix: string | undefined
  if (denied) {
    if (decision?.code) {
      reason = {code: decision.code, object: decision.object, message: decision.detail()}
      if (options.paths !== false) fix = fixHint(ctx, decision, protocol, port, denied)
    }
    if (reason && verdict === 'partial') {
      const admitted = tally.admittedInternet()
      if (admitted.length > 0) reason.message += ` (the internet is admitted only from ${admitted.join(', ')})`
    }
  } else if (noEndpoints !== undefined) {
    reason = {code: 'NO_ENDPOINTS', object: noEndpoints, message: missing[0] ?? 'nothing to evaluate'}
  }
  const result: ReachResult = {
    from: source.summary,
    to: destination.summary,
    protocol,
    port: protocol === 'icmp' && query.port === undefined ? null : port,
    family: ctx.family,
    verdict,
    reason,
    // matrix cells and lint expectations need no paths: grouping and hop text are skipped
    paths: tally instanceof PairTally && options.paths !== false ? tally.paths(env.explain) : [],
  }
  if (fix) result.fix = fix
  const warnings = tally.warningList()
  if (warnings.length > 0) result.warnings = warnings
  const unplaced = unplacedOf(bothWorkloads(workloadsOf(source), workloadsOf(destination)))
  if (unplaced.length > 0) result.unplaced = unplaced
  if (query.explain) result.missing = [...missing, ...poolInputsMissing(source, destination), ...env.missing]
  return result
}

/** A set that keeps nothing (notes nobody reads). */
class Dropped extends Set<string> {
  override add(): this {
    return this
  }
}
const DROPPED = new Dropped()

/** Both lists without repeats (most pairs have workloads on one side only). */
function bothWorkloads(a: readonly Workload[], b: readonly Workload[]): readonly Workload[] {
  if (b.length === 0) return a
  if (a.length === 0) return b
  return [...new Set([...a, ...b])]
}

const NO_WORKLOADS: Workload[] = []

function workloadsOf(endpoint: ResolvedEndpoint): Workload[] {
  if (endpoint.workload) return [endpoint.workload]
  const target = endpoint.target
  if (target.kind === 'service' || target.kind === 'nodeport') return target.service.endpoints
  if (target.kind === 'slb' && target.lb.service) return target.lb.service.endpoints
  return NO_WORKLOADS
}

/** The port to use when --port is not given: the destination's only declared port (SPEC §4.2). */
export function defaultPort(destination: ResolvedEndpoint, protocol: string): number {
  const choice = portChoice(destination, protocol)
  if (typeof choice === 'number') return choice
  throw new AcknetError(choice.message, {hints: choice.hints})
}

/**
 * The destination's only declared port, or why there is none to pick (the message and hints of
 * defaultPort's error). A matrix asks this once per destination and writes the message into each
 * of its rows without throwing (issue #16: an exception per row was a fifth of the run).
 */
export function portChoice(destination: ResolvedEndpoint, protocol: string): number | {message: string; hints: string[]} {
  const ref = destination.summary.ref
  const unique = [...new Set(declaredPorts(destination.target, protocol))]
  if (unique.length === 1) return unique[0]!
  const hint = unique.length === 0 ? `${ref} declares no ${protocol} port` : `${ref} declares several ${protocol} ports (${unique.join(', ')})`
  return {message: `${hint}: add --port N (and --protocol if not tcp)`, hints: [`e.g. acknet reach ... ${ref} --port ${unique[0] ?? 443}`]}
}

function declaredPorts(target: Target, protocol: string): number[] {
  switch (target.kind) {
    case 'actors':
      return (target.ports ?? []).filter((p) => p.protocol === protocol).map((p) => p.port)
    case 'service':
      return target.service.ports.filter((p) => p.protocol.toLowerCase() === protocol).map((p) => p.port)
    case 'nodeport':
      return target.service.ports.filter((p) => p.protocol.toLowerCase() === protocol && p.nodePort !== undefined).map((p) => p.nodePort!)
    case 'slb':
      return target.lb.listeners.filter((l) => (l.protocol === 'udp' ? 'udp' : 'tcp') === protocol).map((l) => l.port)
    case 'dnat':
      return target.nat.dnat.filter((d) => d.eip === target.eip && (d.protocol === 'any' || d.protocol === protocol)).map((d) => d.externalPort)
    case 'url':
      return [target.port]
    case 'unresolved':
      return [0]
  }
}

/**
 * Node pools on the answer whose instance type lacks an input the pod capacity needs: replicas
 * were placed round-robin regardless, so the answer assumes they fit. Said, never guessed.
 */
function poolInputsMissing(source: ResolvedEndpoint, destination: ResolvedEndpoint): string[] {
  const pools = new Set<NodePool>()
  const add = (actors: readonly Actor[]) => {
    for (const actor of actors) if (actor.pod?.node) pools.add(actor.pod.node.pool)
  }
  add(source.actors)
  const target = destination.target
  if (target.kind === 'actors') add(target.actors)
  if (target.kind === 'service') for (const workload of target.service.endpoints) if (workload.nodePool) pools.add(workload.nodePool)
  const notes: string[] = []
  for (const pool of pools) {
    const where = `node pool ${pool.cluster.name}/${pool.name} (${pool.instanceTypeName})`
    if (!pool.instanceType) notes.push(`${where}: the instance type is not in the catalog, so pod capacity is unknown; add it under instanceTypes:`)
    else if (pool.maxPods && !pool.maxPods.ok) notes.push(`${where}: the catalog lacks ${pool.maxPods.missing.input}, so pod capacity is unknown; add ${pool.maxPods.missing.field}`)
  }
  return notes
}
