import {parseRef} from '../reach/endpoints.js'
import type {Cell} from './cell.js'
import {NETWORK_PROTOCOLS, type NetworkProtocol} from './ports.js'
import type {Flow, NetworkSession} from './session.js'

/**
 * `acknet inbound`, `outbound` and `exposure` (SPEC §7): the flows that get through, with the
 * objects that admit them. Each is a generator over the session's flows, so output streams.
 */

export interface OpenFlow {
  from: string
  to: string
  protocol: NetworkProtocol
  ports: string
  /** allowed, or partial (some replicas only). */
  verdict: 'allowed' | 'partial'
  via: string[]
}

export interface FlowQuery {
  protocol?: NetworkProtocol
}

export function protocolsOf(query: FlowQuery): readonly NetworkProtocol[] {
  return query.protocol ? [query.protocol] : NETWORK_PROTOCOLS
}

function open(flow: Flow): OpenFlow | undefined {
  if (flow.cell.verdict === 'denied') return undefined
  return {from: flow.from, to: flow.to, protocol: flow.protocol, ports: flow.ports, verdict: flow.cell.verdict, via: flow.cell.via}
}

/** Every source and port range that reaches `to`, grouped by what admits it (via), then by source. */
export function inbound(session: NetworkSession, to: string, query: FlowQuery & {from?: readonly string[]} = {}): OpenFlow[] {
  resolveOrThrow(session, to)
  const flows: OpenFlow[] = []
  for (const flow of session.flows(session.sources(query.from), [to], protocolsOf(query))) {
    const item = open(flow)
    if (item) flows.push(item)
  }
  return flows.sort(byViaThenPair)
}

/** Every destination and port range that `from` reaches, grouped by via, then by destination. */
export function outbound(session: NetworkSession, from: string, query: FlowQuery & {to?: readonly string[]} = {}): OpenFlow[] {
  session.source(from)
  const flows: OpenFlow[] = []
  for (const flow of session.flows([from], session.destinations(query.to), protocolsOf(query))) {
    const item = open(flow)
    if (item) flows.push(item)
  }
  return flows.sort(byViaThenPair)
}

/** Kinds the internet can address: its own public address, DNAT, SLB, nodePort, Ingress. */
const EXPOSABLE = new Set(['pod', 'node', 'instance', 'nodeport', 'lb', 'slb', 'ip', 'url'])

export interface ExposedFlow {
  to: string
  protocol: NetworkProtocol
  ports: string
  verdict: 'allowed' | 'partial'
  via: string[]
  /** When partial: the public address ranges that get through. */
  admitted?: string[]
}

/**
 * Everything `internet` reaches. A flow to an instance or pod that enters through a DNAT entry is
 * reported once, on the EIP and external port (`ip:EIP`), not again on the internal port.
 * Sorted by how open: allowed before partial, then most ports first, then by name.
 */
export function exposure(session: NetworkSession, query: FlowQuery & {to?: readonly string[]} = {}): ExposedFlow[] {
  const destinations = session.destinations(query.to).filter((ref) => EXPOSABLE.has(parseRef(ref).kind))
  const found: Array<{flow: ExposedFlow; portCount: number}> = []
  for (const flow of session.flows(['internet'], destinations, protocolsOf(query))) {
    if (flow.cell.verdict === 'denied') continue
    if (parseRef(flow.to).kind !== 'ip' && flow.cell.via.some((v) => v.includes('/dnat#'))) continue
    const item: ExposedFlow = {to: flow.to, protocol: flow.protocol, ports: flow.ports, verdict: flow.cell.verdict, via: flow.cell.via}
    if (flow.cell.admitted) item.admitted = flow.cell.admitted
    found.push({flow: item, portCount: flow.portTo - flow.portFrom + 1})
  }
  found.sort((a, b) => openness(a.flow) - openness(b.flow) || b.portCount - a.portCount || a.flow.to.localeCompare(b.flow.to) || a.flow.protocol.localeCompare(b.flow.protocol) || firstPort(a.flow) - firstPort(b.flow))
  return found.map((f) => f.flow)
}

function openness(flow: ExposedFlow): number {
  return flow.verdict === 'allowed' ? 0 : 1
}

function byViaThenPair(a: OpenFlow, b: OpenFlow): number {
  return a.via.join(',').localeCompare(b.via.join(',')) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.protocol.localeCompare(b.protocol) || firstPort(a) - firstPort(b)
}

function firstPort(flow: {ports: string}): number {
  return Number.parseInt(flow.ports, 10) || 0
}

function resolveOrThrow(session: NetworkSession, to: string): void {
  // an unknown destination is an exit-2 error before any work
  session.destination(to, session.source('internet'))
}

export type {Cell}
