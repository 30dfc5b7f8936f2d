import {AcknetError} from '../../errors.js'
import {formatIpv4} from '../cidr/ipv4.js'
import type {ResolvedEndpoint} from '../reach/endpoints.js'
import type {Family} from '../reach/family.js'
import {allRefs, parseRef} from '../reach/endpoints.js'
import type {TraceEnv} from '../reach/legs/leg.js'
import {expandSelectors} from '../reach/matrix.js'
import {ReachSession} from '../reach/session.js'
import type {Model} from '../topology/model.js'
import {formatPorts, type NetworkProtocol, PortCutter} from './ports.js'
import {type RangeCell, pairRanges, pairRangesWithin} from './flows.js'
import type {PortRange} from './ports.js'
import type {Cell} from './cell.js'

/** One reported flow: a pair, a protocol and a port range with its answer. */
export interface Flow {
  from: string
  to: string
  protocol: NetworkProtocol
  /** `5432`, `8000-8100`, `-` for icmp. */
  ports: string
  portFrom: number
  portTo: number
  cell: Cell
}

/** Kinds that send packets (SPEC §7: workloads, node pools, ECS, and the internet). */
const SOURCE_KINDS = new Set(['pod', 'node', 'instance', 'internet'])

/**
 * The whole-network questions over one model: endpoints resolved once (through the reach
 * session), port classes cut per pair, every class traced with the reach step functions.
 */
export class NetworkSession {
  readonly reach: ReachSession
  readonly env: TraceEnv
  readonly cutter = new PortCutter()
  private refsCache?: string[]

  get family(): Family {
    return this.reach.ctx.family
  }

  constructor(model: Model, family: Family = 4) {
    this.reach = new ReachSession(model, family)
    this.env = {ctx: this.reach.ctx, explain: false, missing: new Set()}
  }

  /**
   * Every endpoint reference of the topology a whole-network answer covers: allRefs (workloads,
   * node pools, Services, nodePorts, SLBs, instances), the DNAT EIPs as `ip:EIP`, every Ingress
   * host/path as `url:`, and `internet`. Over IPv6 the DNAT EIPs are left out: they are IPv4
   * addresses, and the IPv6 gateway translates nothing.
   */
  refs(): string[] {
    if (this.refsCache) return this.refsCache
    const model = this.reach.ctx.model
    const refs = [...allRefs(this.reach.ctx)]
    const seen = new Set(refs)
    const add = (ref: string) => {
      if (!seen.has(ref)) seen.add(ref), refs.push(ref)
    }
    if (this.reach.ctx.family === 4) for (const nat of model.natGateways) for (const entry of nat.dnat) add(`ip:${formatIpv4(entry.eip)}`)
    for (const cluster of model.clusters) {
      for (const ingress of cluster.ingresses) {
        for (const path of ingress.paths) {
          if (!path.host || path.host.includes('*')) continue
          const scheme = ingress.tlsHosts.includes(path.host) ? 'https' : 'http'
          add(`url:${scheme}://${path.host}${path.path.startsWith('/') ? path.path : `/${path.path}`}`)
        }
      }
    }
    add('internet')
    return (this.refsCache = refs)
  }

  /** Sources for the selectors (default: every pod, node pool, instance and the internet). */
  sources(selectors?: readonly string[]): string[] {
    const all = this.refs().filter((ref) => SOURCE_KINDS.has(parseRef(ref).kind))
    return selectors?.length && !isEverything(selectors) ? expandSelectors(selectors, this.refs()).filter((ref) => checkSource(ref)) : all
  }

  /** Destinations for the selectors (default: every reference). */
  destinations(selectors?: readonly string[]): string[] {
    return selectors?.length && !isEverything(selectors) ? expandSelectors(selectors, this.refs()) : this.refs()
  }

  source(ref: string): ResolvedEndpoint {
    return this.reach.source(ref)
  }

  destination(ref: string, source: ResolvedEndpoint): ResolvedEndpoint {
    return this.reach.destination(ref, source)
  }

  /** The merged port ranges of one pair and protocol. */
  ranges(from: string, to: string, protocol: NetworkProtocol): RangeCell[] {
    const source = this.source(from)
    return pairRanges(this.env, this.cutter, source, this.destination(to, source), protocol)
  }

  /** The merged port ranges of one pair and protocol inside `within` (one list per interval). */
  rangesWithin(from: string, to: string, protocol: NetworkProtocol, within: readonly PortRange[]): RangeCell[][] {
    const source = this.source(from)
    return pairRangesWithin(this.env, this.cutter, source, this.destination(to, source), protocol, within)
  }

  /** Every flow of the pairs, pair by pair (nothing is collected: callers stream). */
  *flows(sources: readonly string[], destinations: readonly string[], protocols: readonly NetworkProtocol[]): Generator<Flow> {
    for (const from of sources) {
      for (const to of destinations) {
        if (from === to) continue
        for (const protocol of protocols) {
          for (const range of this.ranges(from, to, protocol)) yield toFlow(from, to, protocol, range)
        }
      }
    }
  }
}

export function toFlow(from: string, to: string, protocol: NetworkProtocol, range: RangeCell): Flow {
  return {from, to, protocol, ports: formatPorts(protocol, range), portFrom: range.from, portTo: range.to, cell: range.cell}
}

function checkSource(ref: string): boolean {
  const kind = parseRef(ref).kind
  if (kind === 'dns' || kind === 'url' || kind === 'svc' || kind === 'nodeport' || kind === 'lb' || kind === 'slb') {
    throw new AcknetError(`${ref} cannot be a source; name a pod, node pool, instance, ip: address or internet`)
  }
  return true
}

/** `*` alone selects every endpoint the question covers. */
function isEverything(selectors: readonly string[]): boolean {
  return selectors.flatMap((s) => s.split(',')).every((s) => s.trim() === '*')
}
