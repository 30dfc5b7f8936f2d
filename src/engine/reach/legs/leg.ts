import type {LoadBalancer, Node, Pod} from '../../topology/model.js'
import type {ReachContext} from '../context.js'
import {type Decision, deny, pass} from '../decision.js'
import type {Actor} from '../endpoints.js'
import {type Address, formatAddress} from '../family.js'
import {netpolEgressStep, netpolIngressStep} from '../steps/netpol.js'
import {portStep} from '../steps/port.js'
import {returnStep} from '../steps/return-route.js'
import {routeStep} from '../steps/route.js'
import {aclStep, sgEgressStep, sgIngressStep} from '../steps/security-group.js'
import {sourceNatStep} from '../steps/source-nat.js'

/**
 * One pair (a sender and one final receiver) through the nine steps, as a list of decisions. A
 * leg says where the packet is addressed and what is on the way (service resolution, a ready
 * route decision for traffic entering from the internet, the receivers' checks); `runLeg` runs the
 * step functions in path order and stops at the first denial.
 */

/** What every trace shares: the per-model context, whether --explain is on, notes on missing inputs. */
export interface TraceEnv {
  ctx: ReachContext
  explain: boolean
  missing: Set<string>
  /**
   * False when only the verdict, reason and warnings are wanted (matrix cells, lint expectations):
   * pairs that answer alike may then be traced once without listing each one's names in a path.
   */
  paths?: boolean
}

/** Where a packet is delivered, with the checks to run there. */
export type Stage =
  | {kind: 'eni'; actor: Actor; port: number; /** the source address this receiver sees; default the translated source */ seenFrom?: Address; /** replaces the port check */ portNote?: string}
  | {kind: 'acl'; lb: LoadBalancer; object: string}
  | {kind: 'fixed'; decision: Decision}

export interface Leg {
  sender: Actor
  /** Where the sender's packet is addressed once it leaves (after kube-proxy DNAT on the sender's node). */
  dstAddress: Address
  dstPort: number
  /** The pod behind dstAddress, for egress NetworkPolicy peers. */
  dstPod?: Pod
  /** The node behind dstAddress when the packet is for the node itself. */
  dstNode?: Node
  service: Decision[]
  /** A ready route decision (entry from the internet); otherwise the sender's route table decides. */
  route?: Decision
  stages: Stage[]
  /** Replies return through this (SLB, DNAT) instead of by routing. */
  returnVia?: string
  to: string
}

export interface PairOutcome {
  verdict: 'allowed' | 'denied'
  /** How many sender × receiver pairs this outcome stands for (a class pair; default 1). */
  count?: number
  /** With `count`: up to five sender and receiver names the outcome stands for. */
  fromNames?: string[]
  toNames?: string[]
  decisions: Decision[]
  sender: Actor
  from: string
  to: string
  /** The final receiver (for chaining the Ingress controller → backend leg). */
  receiver?: Actor
  /** The source address after step 2 (for fix hints). */
  translatedSource?: Address
  /** Set on an outcome shared from another sender's trace (shared-traces.ts): the sender its decisions were traced for. */
  tracedFor?: Actor
}

/** Steps 1–3 for the sender; false when one denies. */
function senderSteps(env: TraceEnv, leg: Leg, decisions: Decision[], protocol: string): {ok: boolean; translated: Address} {
  const {sender} = leg
  const egress = netpolEgressStep(env.ctx, sender.pod, {pod: leg.dstPod, node: leg.dstNode, address: leg.dstAddress}, protocol, leg.dstPort, env.explain)
  if (egress) {
    decisions.push(egress)
    if (egress.result === 'deny') return {ok: false, translated: sender.address}
  }
  const nat = sourceNatStep(sender, leg.dstAddress)
  if (nat.decision) decisions.push(nat.decision)
  if (sender.hasEni) {
    const sg = sgEgressStep(env.ctx, sender.groups, protocol, leg.dstPort, leg.dstAddress, env.explain)
    decisions.push(sg)
    if (sg.result === 'deny') return {ok: false, translated: nat.address}
  }
  return {ok: true, translated: nat.address}
}

/** The denial for an end with no address in the family asked (SPEC §8: NO_IPV6_ADDRESS). */
export function noAddressDenial(actor: Actor): Decision {
  const missing = actor.noAddress!
  return deny('route', 'NO_IPV6_ADDRESS', missing.object, () => `${actor.name} has no IPv6 address: ${missing.why}`)
}

/** The first end of a leg without an address in the family asked, if any. */
function addressless(leg: Leg, receiver: Actor): Actor | undefined {
  if (leg.sender.noAddress) return leg.sender
  for (const stage of leg.stages) if (stage.kind === 'eni' && stage.actor.noAddress) return stage.actor
  return receiver.noAddress ? receiver : undefined
}

export function runLeg(env: TraceEnv, leg: Leg, protocol: string, receiver: Actor): PairOutcome {
  const decisions: Decision[] = []
  const {sender} = leg
  const missing = addressless(leg, receiver)
  if (missing) return {verdict: 'denied', decisions: [noAddressDenial(missing)], sender, from: sender.name, to: leg.to, receiver}
  const sent = senderSteps(env, leg, decisions, protocol)
  const done = (verdict: 'allowed' | 'denied'): PairOutcome => ({verdict, decisions, sender, from: sender.name, to: leg.to, receiver, translatedSource: sent.translated})
  if (!sent.ok) return done('denied')
  for (const decision of leg.service) {
    decisions.push(decision)
    if (decision.result === 'deny') return done('denied')
  }
  let publicSource: Address | undefined
  if (leg.route) {
    decisions.push(leg.route)
    if (leg.route.result === 'deny') return done('denied')
  } else {
    const route = routeStep(env.ctx, sender, leg.dstAddress, receiver, sent.translated)
    decisions.push(route.decision)
    if (route.decision.result === 'deny') return done('denied')
    publicSource = route.publicSource
  }
  const client = publicSource !== undefined && sender.kind !== 'outside' ? publicSource : sent.translated
  for (const stage of leg.stages) {
    for (const decision of receiverSteps(env, stage, sender, client, protocol)) {
      decisions.push(decision)
      if (decision.result === 'deny') return done('denied')
    }
  }
  const answering = leg.stages.find((s): s is Extract<Stage, {kind: 'eni'}> => s.kind === 'eni')?.actor ?? receiver
  const back = returnStep(env.ctx, {sender, answering, source: sent.translated, publicSource, returnVia: leg.returnVia})
  decisions.push(back)
  return done(back.result === 'deny' ? 'denied' : 'allowed')
}

/** Steps 6–8 at one stage, in order (the caller stops at the first denial). */
function* receiverSteps(env: TraceEnv, stage: Stage, sender: Actor, client: Address, protocol: string): Generator<Decision> {
  if (stage.kind === 'fixed') {
    yield stage.decision
    return
  }
  if (stage.kind === 'acl') {
    const acl = aclStep(stage.lb, stage.object, client, sender.kind === 'outside' ? sender.name : formatAddress(client), sender.kind === 'outside')
    if (acl) yield acl
    return
  }
  const receiver = stage.actor
  if (receiver.kind === 'outside') return
  const seen = stage.seenFrom ?? (sender.kind === 'outside' ? sender.address : client)
  if (receiver.hasEni) {
    const named = sender.kind === 'outside' && seen === sender.address
    yield sgIngressStep(env.ctx, receiver.groups, protocol, stage.port, seen, named ? sender.name : formatAddress(seen), env.explain, named)
  }
  if (receiver.pod) yield netpolIngressStep(env.ctx, receiver.pod, seen, sender.pod, hostOf(sender), protocol, stage.port, env.explain)
  const port = portStep(receiver, protocol, stage.port, stage.portNote)
  if (port) yield port
}

/** A pair that fails at service resolution: steps 1–3 towards the address the sender used, then the denial. */
export function failBefore(env: TraceEnv, sender: Actor, address: Address, port: number, denial: Decision, protocol: string, to: string): PairOutcome {
  if (sender.noAddress) return deniedOutright(sender, noAddressDenial(sender), to)
  const decisions: Decision[] = []
  const leg: Leg = {sender, dstAddress: address, dstPort: port, service: [], stages: [], to}
  const sent = senderSteps(env, leg, decisions, protocol)
  if (sent.ok) decisions.push(denial)
  return {verdict: 'denied', decisions, sender, from: sender.name, to, translatedSource: sent.translated}
}

/** A pair denied before anything is sent (an unresolvable name, no Ingress rule). */
export function deniedOutright(sender: Actor, denial: Decision, to: string): PairOutcome {
  return {verdict: 'denied', decisions: [denial], sender, from: sender.name, to}
}

/** Beyond this many receivers per sender the rest are left out (and said so): a guard, not a limit users meet. */
const MAX_PAIRS_PER_SENDER = 5000

export function capped<T>(env: TraceEnv, items: Iterable<T>, sender: Actor, run: (item: T) => PairOutcome | undefined): PairOutcome[] {
  const outcomes: PairOutcome[] = []
  for (const item of items) {
    if (outcomes.length >= MAX_PAIRS_PER_SENDER) {
      env.missing.add(`only the first ${MAX_PAIRS_PER_SENDER} destinations were evaluated for ${sender.name}`)
      break
    }
    const outcome = run(item)
    if (outcome) outcomes.push(outcome)
  }
  return outcomes
}

/**
 * A pod to itself: the packet never leaves the pod's network namespace, so no security group or
 * route sees it, and NetworkPolicy cannot block it (kubernetes.io network-policies). Only the
 * port is checked.
 */
export function selfPair(env: TraceEnv, pod: Actor, protocol: string, port: number): PairOutcome {
  if (pod.noAddress) return {...deniedOutright(pod, noAddressDenial(pod), pod.name), receiver: pod}
  const decisions: Decision[] = []
  const egress = netpolEgressStep(env.ctx, pod.pod, {pod: pod.pod, address: pod.address}, protocol, port, env.explain)
  if (egress) decisions.push(egress)
  decisions.push(pass('route', pod.object, () => `${pod.name} to its own address: delivered inside the pod's network namespace`))
  decisions.push(netpolIngressStep(env.ctx, pod.pod!, pod.address, pod.pod, undefined, protocol, port, env.explain))
  const portDecision = portStep(pod, protocol, port)
  if (portDecision) decisions.push(portDecision)
  const denied = decisions.some((d) => d.result === 'deny')
  return {verdict: denied ? 'denied' : 'allowed', decisions, sender: pod, from: pod.name, to: pod.name, receiver: pod, translatedSource: pod.address}
}

/** The node a sender is, when it sends as the node (a node, or a hostNetwork pod on it). */
function hostOf(sender: Actor): Node | undefined {
  if (sender.kind === 'node') return sender.node
  if (sender.pod?.workload.hostNetwork) return sender.pod.node
  return undefined
}
