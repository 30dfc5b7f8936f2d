import type {ReasonCode} from '../reach/codes.js'
import type {Decision} from '../reach/decision.js'
import type {ResolvedEndpoint} from '../reach/endpoints.js'
import type {TraceEnv} from '../reach/legs/leg.js'
import {PairTally} from '../reach/paths.js'
import type {Verdict} from '../reach/result.js'
import {tracePairs} from '../reach/pairs.js'

/**
 * One (source, destination, protocol, port) evaluated with the reach step functions
 * (tracePairs: replica classes, the same code `acknet reach` runs), reduced to what the whole-network answers
 * report: the verdict, the reason (code and deciding object, as `reach` gives them) and `via`,
 * the objects that let the allowed pairs through.
 */
export interface Cell {
  verdict: Verdict
  reason: {code: ReasonCode; object: string} | null
  /** Sorted, distinct: securityGroup/db#3, networkPolicy/data/pg#0, natGateway/gw/dnat#0, ... */
  via: string[]
  /** For the internet (traced per public address class) when only some classes get through: those classes. */
  admitted?: string[]
}

export function evaluateCell(env: TraceEnv, source: ResolvedEndpoint, destination: ResolvedEndpoint, protocol: string, port: number): Cell {
  // the pairs by replica class, tallied and judged exactly as reachResolved does
  const tally = new PairTally(false)
  const via = new Set<string>()
  tracePairs(env, source, destination.target, protocol, port, (outcome) => {
    tally.add(outcome)
    if (outcome.verdict === 'allowed') for (const decision of outcome.decisions) addVia(via, decision, protocol, port)
  })
  const {verdict, denied, deciding, noEndpoints} = tally.judge(source)
  let reason: Cell['reason'] = null
  if (denied) {
    if (deciding?.code) reason = {code: deciding.code, object: deciding.object}
  } else if (noEndpoints !== undefined) {
    reason = {code: 'NO_ENDPOINTS', object: noEndpoints}
  }
  const cell: Cell = {verdict, reason, via: [...via].sort()}
  if (verdict === 'partial' && source.summary.kind === 'internet') {
    // one internet class (no rule tells public addresses apart) has no range to name
    const classes = tally.admittedInternet()
    cell.admitted = classes.length > 0 ? classes.sort() : ['every public address']
  }
  return cell
}

/** The name of what admitted a packet at one step, if the step is an admission (not a plain route). */
export function viaOf(decision: Decision, protocol: string, port: number): string | undefined {
  if (decision.result !== 'pass') return undefined
  const rule = decision.rule
  switch (rule?.kind) {
    case 'securityGroup':
      return `securityGroup/${rule.group}#${rule.index ?? 'default'}`
    case 'networkPolicy':
      return rule.index === undefined ? undefined : `networkPolicy/${rule.policy}#${rule.index}`
    case 'dnat':
      return `natGateway/${rule.gateway}/dnat#${rule.index}`
    case 'acl':
      return `loadBalancer/${rule.loadBalancer}/acl`
    case 'snat':
    case 'route':
    case 'exempt':
      return undefined
    case undefined:
      break
  }
  if (decision.step === 'service') {
    if (decision.object.startsWith('ingress/')) return decision.object
    // the listener or nodePort the source connected to (SLBs of Services carry the Service's name)
    const detail = decision.detail()
    if (decision.object.startsWith('loadBalancer/') || detail.startsWith('SLB ')) return `${decision.object}/listener:${protocol}/${port}`
    if (detail.startsWith('nodePort ')) return `${decision.object}/nodePort:${protocol}/${port}`
    return undefined
  }
  // entry from the internet on the receiver's own public address
  if (decision.step === 'route' && /^(instance|node|workload)\//.test(decision.object) && decision.detail().startsWith('internet →')) return `eip:${decision.object}`
  // IPv6 (SPEC §8): the IPv6 gateway that carries the address to or from the internet
  if (decision.step === 'route' && decision.object.startsWith('ipv6Gateway/')) return decision.object
  return undefined
}

function addVia(via: Set<string>, decision: Decision, protocol: string, port: number): void {
  const name = viaOf(decision, protocol, port)
  if (name) via.add(name)
}

/** Two cells that report alike merge into one range. */
export function cellKey(cell: Cell): string {
  return `${cell.verdict}|${cell.reason?.code ?? ''}|${cell.reason?.object ?? ''}|${cell.via.join(',')}|${cell.admitted?.join(',') ?? ''}`
}
