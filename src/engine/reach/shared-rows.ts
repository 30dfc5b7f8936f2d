import type {Node} from '../topology/model.js'
import type {ReachContext} from './context.js'
import {ContextMemo} from './context-memo.js'
import type {Decision} from './decision.js'
import type {Actor, ResolvedEndpoint, Target} from './endpoints.js'
import type {PairOutcome, TraceEnv} from './legs/leg.js'
import {classesOf, farNodeGrouping, nearNodes, nodeKeyOf} from './pairs.js'
import {noteWarning, noteWarnings, PairTally, type TallyJudgement} from './paths.js'
import type {ReachWarning} from './result.js'
import {kept, loadBalancerIdentity, namesOtherGroups, ownDenialText, regroupedDenial, senderProfileId, sharedDirect, sharedLoadBalancer, sharedTraces} from './shared-traces.js'
import {direct, traceTarget} from './trace.js'

/**
 * Whole answers from per-profile summaries (issue #16). When every sender tracePairs would trace
 * for a source has a trace shared across its profile (shared-traces.ts), the answer is a fold of
 * what each of those senders' pairs gave, in tracePairs' order: all allowed, none allowed, the
 * first denied pair (the reason) and the warnings met. Kept per destination and profile, that
 * summary answers every source with a sender of the profile: a cell costs a lookup per sender,
 * and its reason's text is rendered for its own sender. Two shapes qualify:
 * - receivers on no node and no pod (ECS): each sender class meets each receiver class apart, as
 *   its first member (pairKinds);
 * - an SLB none of whose backends (nor a node in front of them) is on a node of the source: each
 *   sender class traces one sender per node key (traceByNodeKind).
 * Anything else (an SLB with a backend on the source's nodes, a sender without a profile) is
 * tallied pair by pair.
 */
export interface Tally {
  judge(source: ResolvedEndpoint): TallyJudgement
  admittedInternet(): string[]
  warningList(): ReachWarning[]
}

/** What one sender's pairs with a destination gave, in order. */
interface Summary {
  allAllowed: boolean
  noneAllowed: boolean
  /** The first denied pair: its receiver, the outcome as traced for its profile (kept: the sender traced, its decisions), and its deciding step. */
  denied?: {receiver?: Actor; outcome: PairOutcome; deciding: Decision | undefined}
  warnings: ReachWarning[]
}

/** Every pair of the query tallied, by class (tracePairs), or folded from per-profile summaries when only cells are wanted. */
export function tallyPairs(env: TraceEnv, source: ResolvedEndpoint, target: Target, protocol: string, port: number, trace: (tally: PairTally) => void): Tally {
  const folded = env.paths === false && !env.explain && sharedTraces.enabled ? fold(env, source, target, protocol, port) : undefined
  if (folded) return folded
  const tally = new PairTally(env.paths !== false)
  trace(tally)
  return tally
}

// per target, port and protocol, then by the sender's identity (at an SLB's pods) and profile
// perf: arrays by small integers, not a Map by one number: at 1× xl a matrix reads 5 million
// summaries, and the Map lookup was a third of the fold
const summaries = new ContextMemo<Target, Map<number, KnownSummaries>>()

// a summary's verdict in one byte, so that a cell's fold reads a few bytes per sender (packed per
// target and identity) rather than an object each, scattered over the heap
const SUMMARIZED = 1
const ALL_ALLOWED = 2
const NONE_ALLOWED = 4
const DENIED = 8
const WARNED = 16

/** One target's summaries on one port: per identity, by profile, the summary and its verdict byte (0: none yet). */
class KnownSummaries {
  readonly summaries: Array<Array<Summary | undefined> | undefined> = []
  readonly bits: Array<Uint8Array | undefined> = []

  /** The verdict bytes of an identity, with room for this profile. */
  bitsFor(identity: number, profile: number): Uint8Array {
    const bits = this.bits[identity]
    if (bits && profile < bits.length) return bits
    const grown = new Uint8Array(Math.max(64, 2 ** Math.ceil(Math.log2(profile + 1))))
    if (bits) grown.set(bits)
    this.bits[identity] = grown
    return grown
  }

  summary(identity: number, profile: number): Summary {
    return this.summaries[identity]![profile]!
  }

  add(identity: number, profile: number, summary: Summary, bits: Uint8Array): number {
    ;(this.summaries[identity] ??= [])[profile] = summary
    const byte = SUMMARIZED | (summary.allAllowed ? ALL_ALLOWED : 0) | (summary.noneAllowed ? NONE_ALLOWED : 0) | (summary.denied ? DENIED : 0) | (summary.warnings.length > 0 ? WARNED : 0)
    bits[profile] = byte
    return byte
  }
}

function fold(env: TraceEnv, source: ResolvedEndpoint, target: Target, protocol: string, port: number): Tally | undefined {
  const shape = sendersOf(env, source, target)
  if (shape === undefined) return undefined
  const byPort = summaries.get(env.ctx, target, () => new Map())
  const portKey = port * 4 + (protocol === 'tcp' ? 0 : protocol === 'udp' ? 1 : protocol === 'sctp' ? 2 : 3)
  let known = byPort.get(portKey)
  if (!known) byPort.set(portKey, (known = new KnownSummaries()))
  let allAllowed = true
  let noneAllowed = true
  let deniedAt = -1
  let deniedIdentity = 0
  let warnings: Map<string, ReachWarning> | undefined
  const {senders, profiles} = shape
  for (let index = 0; index < senders.length; index++) {
    const sender = senders[index]!
    const profile = profiles[index]!
    // ECS receivers read no identity; an SLB's pods read the policy peers the sender matches (-1: it delivers to the sender itself)
    const identity = target.kind === 'slb' ? loadBalancerIdentity(env.ctx, sender, target.lb) : 0
    if (identity < 0 || identity >= 32_768 || profile >= 65_536) return undefined
    const bits = known.bitsFor(identity, profile)
    let byte = bits[profile]!
    if (byte === 0) {
      const summary = summarize(env, sender, target, protocol, port)
      if (!summary) return undefined
      byte = known.add(identity, profile, summary, bits)
    } else sharedTraces.summaryHits++
    if ((byte & ALL_ALLOWED) === 0) allAllowed = false
    if ((byte & NONE_ALLOWED) === 0) noneAllowed = false
    if (deniedAt < 0 && (byte & DENIED) !== 0) {
      deniedAt = index
      deniedIdentity = identity
    }
    if ((byte & WARNED) !== 0) {
      warnings ??= new Map()
      for (const warning of known.summary(identity, profile).warnings) noteWarning(warnings, warning)
    }
  }
  sharedTraces.rows++
  const verdict = allAllowed ? 'allowed' : noneAllowed ? 'denied' : 'partial'
  let judgement: TallyJudgement = {verdict}
  if (deniedAt >= 0) {
    const sender = senders[deniedAt]!
    const first = known.summary(deniedIdentity, profiles[deniedAt]!).denied!
    const shared = first.deciding
    // an egress denial names the groups traced: another sender's is its own trace's (rare)
    const deciding: Decision | undefined = shared && (namesOtherGroups(shared, sender) ? regroupedDenial(ownTrace(env, sender, first, target, protocol, port), shared) : {...shared, detail: () => reasonText(env, sender, first, target, protocol, port, shared)})
    const outcome: PairOutcome = {verdict: 'denied', decisions: deciding ? [deciding] : [], sender, from: sender.name, to: first.outcome.to}
    if (first.receiver) outcome.receiver = first.receiver
    judgement = {verdict, denied: outcome, deciding}
  }
  return new FoldedTally(judgement, warnings ? [...warnings.values()] : NO_WARNINGS)
}

const NO_WARNINGS: ReachWarning[] = []

/** A cell's tally folded from summaries: senders with profiles are never outside, so no internet class is admitted. */
class FoldedTally implements Tally {
  constructor(
    private readonly judgement: TallyJudgement,
    private readonly warnings: ReachWarning[],
  ) {}

  judge(): TallyJudgement {
    return this.judgement
  }

  admittedInternet(): string[] {
    return []
  }

  warningList(): ReachWarning[] {
    return this.warnings
  }
}

interface Senders {
  senders: Actor[]
  /** Each sender's profile number (shared-traces.ts). */
  profiles: number[]
}

/** The senders tracePairs traces for this source and target, in order; undefined when the cell is not folded from summaries. */
function sendersOf(env: TraceEnv, source: ResolvedEndpoint, target: Target): Senders | undefined {
  if (target.kind === 'actors') return apartReceivers(env.ctx, target) ? classSenders(env.ctx, source.actors) : undefined
  if (target.kind !== 'slb' || !farNodeGrouping.enabled) return undefined
  const senders = nodeKindSenders(env.ctx, source.actors)
  if (senders === undefined) return undefined
  const near = nearNodes(env.ctx, target.lb)
  for (const node of senders.nodes) if (near.has(node)) return undefined
  return senders
}

/** The senders' profile numbers; undefined when one has none (its traces are not shared). */
function withProfiles(ctx: ReachContext, senders: Actor[]): Senders | undefined {
  const profiles: number[] = []
  for (const sender of senders) {
    const id = senderProfileId(ctx, sender)
    if (id === undefined) return undefined
    profiles.push(id)
  }
  return senders.length > 0 ? {senders, profiles} : undefined
}

const apart = new ContextMemo<Target, boolean>()
/** Every receiver is an ECS (no node, no pod), and there is one: each sender class meets each receiver class apart, as its first member. */
function apartReceivers(ctx: ReachContext, target: Extract<Target, {kind: 'actors'}>): boolean {
  return apart.get(ctx, target, () => target.actors.length > 0 && target.actors.every((a) => a.kind === 'instance' && a.node === undefined && a.pod === undefined))
}

const firstMembers = new ContextMemo<readonly Actor[], Senders | false>()
/** Each class's first member, in order (undefined for a source with none). */
function classSenders(ctx: ReachContext, actors: readonly Actor[]): Senders | undefined {
  return firstMembers.get(ctx, actors, () => withProfiles(ctx, classesOf(ctx, actors).map((cls) => cls.members[0]!)) ?? false) || undefined
}

const nodeKinds = new ContextMemo<readonly Actor[], (Senders & {nodes: Node[]}) | false>()
/** traceByNodeKind's senders when no node is near the SLB: per class, the first sender on each node key (or on no node); and every node of the source. */
function nodeKindSenders(ctx: ReachContext, actors: readonly Actor[]): (Senders & {nodes: Node[]}) | undefined {
  return (
    nodeKinds.get(ctx, actors, () => {
      const senders: Actor[] = []
      const nodes: Node[] = []
      for (const sc of classesOf(ctx, actors)) {
        const keys = new Set<string>()
        for (const [node, members] of sc.byNode) {
          if (node) {
            nodes.push(node)
            const key = nodeKeyOf(ctx, node)
            if (keys.has(key)) continue // traced with an earlier node of its key
            keys.add(key)
          }
          senders.push(members[0]!)
        }
      }
      const shape = withProfiles(ctx, senders)
      return shape !== undefined && {...shape, nodes}
    }) || undefined
  )
}

/** One sender's pairs with the target, traced (or shared) as tracePairs does, summarised; undefined when it has none. */
function summarize(env: TraceEnv, sender: Actor, target: Target, protocol: string, port: number): Summary | undefined {
  const outcomes: PairOutcome[] = []
  if (target.kind === 'slb') outcomes.push(...sharedLoadBalancer(env, sender, target.lb, protocol, port, (own) => traceTarget(env, own, target, protocol, port)))
  else if (target.kind === 'actors') for (const cls of classesOf(env.ctx, target.actors)) outcomes.push(sharedDirect(env, sender, cls.members[0]!, protocol, port, (own) => direct(env, own, cls.members[0]!, protocol, port)))
  if (outcomes.length === 0) return undefined
  const summary: Summary = {allAllowed: true, noneAllowed: true, warnings: []}
  const warnings = new Map<string, ReachWarning>()
  for (const outcome of outcomes) {
    if (outcome.verdict === 'allowed') summary.noneAllowed = false
    else {
      summary.allAllowed = false
      if (!summary.denied) {
        const deciding = outcome.decisions.find((d) => d.result === 'deny')
        summary.denied = {outcome: kept(outcome), deciding: deciding && reasonOf(deciding)}
        if (outcome.receiver) summary.denied.receiver = outcome.receiver
      }
    }
    noteWarnings(warnings, outcome.decisions)
  }
  if (warnings.size > 0) summary.warnings = [...warnings.values()]
  return summary
}

/** What the reason reads of the deciding step, without the trace its text closes over. */
function reasonOf(deciding: Decision): Decision {
  const reason: Decision = {step: deciding.step, result: deciding.result, code: deciding.code, object: deciding.object, detail: untold}
  if (deciding.senderGroups) reason.senderGroups = deciding.senderGroups
  return reason
}

function untold(): string {
  throw new Error('internal: a folded cell renders its reason for its own sender')
}

/** The reason's text for this sender: from the trace of its profile when that names only the seen address, else from its own trace. */
function reasonText(env: TraceEnv, sender: Actor, first: NonNullable<Summary['denied']>, target: Target, protocol: string, port: number, shared: Decision): string {
  return ownDenialText(first.outcome, sender, () => ownTrace(env, sender, first, target, protocol, port), shared)
}

/** The sender's own trace of the pair that gave its profile's first denial. */
function ownTrace(env: TraceEnv, sender: Actor, first: NonNullable<Summary['denied']>, target: Target, protocol: string, port: number): PairOutcome {
  if (target.kind === 'slb') return traceTarget(env, sender, target, protocol, port).find((o) => o.verdict === 'denied')!
  return direct(env, sender, first.receiver!, protocol, port)
}
