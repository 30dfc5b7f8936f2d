import {AcknetError} from '../../errors.js'
import {cidrContainsAddress, formatCidr} from '../cidr/cidr.js'
import {formatIpv4} from '../cidr/ipv4.js'
import {REASON_CODE_INFO} from './codes.js'
import type {ReachContext} from './context.js'
import {type Actor, type ResolvedEndpoint, resolveEndpoint, type Target} from './endpoints.js'
import type {NodePool} from '../topology/model.js'
import type {Hop, ReachPath, ReachResult, Reason, Verdict} from './result.js'
import {type PairOutcome, Tracer} from './trace.js'

export type ReachProtocol = 'tcp' | 'udp' | 'icmp'

export interface ReachQuery {
  from: string
  to: string
  port?: number
  protocol?: ReachProtocol
  explain?: boolean
}

/**
 * `acknet reach`: resolves both endpoints, traces every sender × receiver pair, groups pairs
 * that took identical hops into one path, and reports the verdict (allowed / denied / partial)
 * with the first denying hop of the first denied path as the reason.
 */
export function reach(ctx: ReachContext, query: ReachQuery): ReachResult {
  const source = resolveEndpoint(ctx, query.from, 'source')
  const destination = resolveEndpoint(ctx, query.to, 'destination', source.actors.find((a) => a.pod)?.pod)
  return reachResolved(ctx, source, destination, query)
}

export function reachResolved(ctx: ReachContext, source: ResolvedEndpoint, destination: ResolvedEndpoint, query: Omit<ReachQuery, 'from' | 'to'>, tracer = new Tracer(ctx, query.explain), options: {paths?: boolean} = {}): ReachResult {
  const protocol = query.protocol ?? 'tcp'
  const port = protocol === 'icmp' ? query.port ?? 0 : query.port ?? defaultPort(destination, protocol)
  const outcomes: PairOutcome[] = []
  const missing: string[] = []
  if (source.actors.length === 0) missing.push(`${source.summary.ref} has no running replica with an address (no nodes in its pool, zero replicas, or a full vSwitch)`)
  for (const sender of source.actors) {
    const pairOutcomes = tracer.trace(sender, destination.target, protocol, port)
    const considerations = tracer.takeConsiderations()
    for (const outcome of pairOutcomes) {
      if (considerations.length > 0) outcome.considered = considerations
      outcomes.push(outcome)
    }
  }
  // matrix cells need no paths: skipping the grouping saves most of the per-query cost
  const paths = options.paths === false ? [] : groupPaths(outcomes, Boolean(query.explain))
  const allowed = outcomes.filter((o) => o.verdict === 'allowed').length
  const verdict: Verdict = outcomes.length === 0 ? 'denied' : allowed === outcomes.length ? 'allowed' : allowed === 0 ? 'denied' : 'partial'
  let reason: Reason | null = null
  let fix: string | undefined
  // groups keep first-occurrence order and denied groups sort first, so the first denied
  // outcome is the first pair of the first denied path
  const denied = outcomes.find((o) => o.verdict === 'denied')
  if (denied) {
    const hop = denied.hops.find((h) => h.result === 'deny')
    if (hop?.code) {
      reason = {code: hop.code, object: hop.object, message: hop.detail}
      if (options.paths !== false) fix = fixHint(ctx, hop, protocol, port, denied)
    }
  } else if (outcomes.length === 0) {
    reason = {code: 'NO_ENDPOINTS', object: source.target.kind === 'actors' ? source.target.object : source.summary.ref, message: missing[0] ?? 'nothing to evaluate'}
  }
  const result: ReachResult = {
    from: source.summary,
    to: destination.summary,
    protocol,
    port: protocol === 'icmp' && query.port === undefined ? null : port,
    verdict,
    reason,
    paths,
  }
  if (fix) result.fix = fix
  if (query.explain) result.missing = [...missing, ...poolInputsMissing(source, destination), ...tracer.missing]
  return result
}

/** The port to use when --port is not given: the destination's only declared port (SPEC §4.2). */
export function defaultPort(destination: ResolvedEndpoint, protocol: string): number {
  const ref = destination.summary.ref
  const candidates = declaredPorts(destination.target, protocol)
  const unique = [...new Set(candidates)]
  if (unique.length === 1) return unique[0]!
  const hint = unique.length === 0 ? `${ref} declares no ${protocol} port` : `${ref} declares several ${protocol} ports (${unique.join(', ')})`
  throw new AcknetError(`${hint}: add --port N (and --protocol if not tcp)`, {hints: [`e.g. acknet reach ... ${ref} --port ${unique[0] ?? 443}`]})
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

/** Pairs with the same (step, object, result, code) sequence form one path; the first pair's details stand for all. */
function groupPaths(outcomes: PairOutcome[], explain: boolean): ReachPath[] {
  const groups = new Map<string, {path: ReachPath; from: Set<string>; to: Set<string>}>()
  for (const outcome of outcomes) {
    let key: string = outcome.verdict
    for (const hop of outcome.hops) key += `>${hop.step}:${hop.object}:${hop.result}:${hop.code ?? ''}`
    let group = groups.get(key)
    if (!group) {
      const path: ReachPath = {verdict: outcome.verdict, count: 0, from: [], to: [], hops: outcome.hops}
      if (explain) path.considered = dedupeConsiderations(outcome.considered)
      group = {path, from: new Set(), to: new Set()}
      groups.set(key, group)
    }
    group.path.count++
    if (group.from.size < 5 || group.from.has(outcome.from)) group.from.add(outcome.from)
    if (group.to.size < 5 || group.to.has(outcome.to)) group.to.add(outcome.to)
  }
  const paths = [...groups.values()].map(({path, from, to}) => ({...path, from: [...from], to: [...to]}))
  // denied paths first: they carry the reason
  return paths.sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'denied' ? -1 : 1))
}

function dedupeConsiderations(list: NonNullable<ReachPath['considered']>): NonNullable<ReachPath['considered']> {
  const seen = new Set<string>()
  return list.filter((item) => {
    const key = `${item.step}|${item.object}|${item.detail}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** The catalogue's usual fix, made concrete with the names and numbers of this query. */
function fixHint(ctx: ReachContext, hop: Hop, protocol: string, port: number, outcome: PairOutcome | undefined): string {
  const name = hop.object.split('/').slice(1).join('/')
  const what = protocol === 'icmp' ? 'icmp' : `${protocol} ${port}`
  const address = outcome?.translatedSource
  // a workload's replicas share their vSwitch: the rule to add covers its CIDR, not one pod IP
  const vswitch = address === undefined ? undefined : ctx.model.vswitches.find((v) => cidrContainsAddress(v.cidr, address))
  const source = address === undefined || outcome!.from === 'internet' ? undefined : vswitch ? `${formatCidr(vswitch.cidr)} (vSwitch ${vswitch.name})` : formatIpv4(address)
  switch (hop.code) {
    case 'SG_INGRESS_DENIED': {
      const priority = /priority (\d+)\)/.exec(hop.detail)?.[1]
      const drop = / drops /.test(hop.detail)
      const from = source ?? /from (\S+)$/.exec(hop.detail)?.[1] ?? 'the source'
      return `add an ingress rule to security group ${name}: ${what} from ${from}${drop && priority ? ` with priority < ${priority}, or remove the drop rule` : ''}`
    }
    case 'SG_EGRESS_DENIED': {
      const priority = /priority (\d+)\)/.exec(hop.detail)?.[1]
      const drop = / drops /.test(hop.detail)
      return `add an egress rule to security group ${name}: ${what} to the destination${drop && priority ? ` with priority < ${priority}, or remove the drop rule` : ''}`
    }
    case 'NETPOL_INGRESS_DENIED':
      return `add an ingress rule allowing ${what} from the source to NetworkPolicy ${name} (or another policy selecting the destination pods)`
    case 'NETPOL_EGRESS_DENIED':
      return `add an egress rule allowing ${what} to the destination to NetworkPolicy ${name} (or another policy selecting the source pods)`
    case 'NO_PUBLIC_ADDRESS':
      // a DNAT entry that forwards outside its VPC (to its own EIP, say)
      if (hop.object.startsWith('natGateway/')) return `point the DNAT entry of NAT gateway ${name} at the private address of the instance or pod that serves it`
      return REASON_CODE_INFO[hop.code].fix
    case 'NO_SNAT':
      return `add an SNAT entry to NAT gateway ${name} covering ${source ?? 'the source'} (its vSwitch or CIDR), or give the source a public IP`
    default:
      return REASON_CODE_INFO[hop.code!].fix
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

