import type {Instance, LoadBalancer, SecurityGroup, Workload} from '../topology/model.js'
import {addressClassOf, flannelRoutes, nodeKey} from './classes.js'
import type {ReachContext} from './context.js'
import {ContextMemo} from './context-memo.js'
import type {Decision} from './decision.js'
import type {Actor} from './endpoints.js'
import {type Address, formatAddress} from './family.js'
import type {PairOutcome, TraceEnv} from './legs/leg.js'
import {policyPod} from './steps/netpol.js'

/**
 * Traces shared across endpoints (issue #16, SPEC §7 cross-endpoint classes). A matrix traces
 * every workload's replicas to every destination, but what the steps read of a sender is far less
 * than its name: its kind, cluster, VPC, vSwitch, public IP, the blocks of the file its address is
 * in (and its node's, when Flannel masquerades it), of its security groups the egress evaluation
 * (EniPolicy.egressSignature) and the memberships receivers read (membershipsRead), the
 * NetworkPolicies that select it for egress, and, at a receiving pod, which policy peers its
 * identity matches. Senders alike in all of that (their *profile*) take the same decisions to one
 * receiver, so a pair is traced once per profile and the others reuse its outcome under their own
 * name.
 *
 * Only what varies by name is not shared: a denial's text names the sender's address ("… from
 * 10.0.0.20", "source seen as …"). A reused denying decision renders its text lazily (only a
 * row's reason, its first denied pair, is ever rendered) for its own sender: with that sender's
 * address when the text names only the address the receiver saw (Decision.seen), else by tracing
 * the pair itself, which must deny at the same step, code and object (checked: an internal error
 * otherwise). An egress denial names the sending ENI's groups (Decision.senderGroups): for a
 * sender with other groups it is taken whole (object and text) from the sender's own trace.
 *
 * Used only without paths (matrix cells, lint expectations), where verdicts, reasons and warnings
 * are all that is read: a passing step's deciding rule (`via`, which diff and exposure read) may
 * name another sender's group. And only for pairs that meet apart (different nodes, or no node):
 * what two actors share (a node, a pod) is not in a profile.
 */
export const sharedTraces = {
  /** Off: every pair is traced (the tests' reference). */
  enabled: true,
  /**
   * A trace or row is kept from the second sender or source of its profile on (the first is only
   * marked: see SEEN_ONCE). Off keeps it at once (tests: more sharing on small topologies).
   */
  markFirst: true,
  /** Traces answered from a profile traced before, traced for a profile, traced again for a reason's text (for tests and the bench). */
  hits: 0,
  misses: 0,
  retraces: 0,
  /** Rows answered from a row of the same profiles (shared-rows.ts). */
  rows: 0,
  /** Senders of a cell answered from the summary of their profile made for another sender (shared-rows.ts). */
  summaryHits: 0,
  /** Reasons rendered for another sender than the one traced, without tracing it. */
  renamed: 0,
  /** Shared egress denials taken from the sender's own trace, its groups not being the ones traced (namesOtherGroups). */
  regrouped: 0,
}

/** Per context, a number for each distinct text, counting from `first`. */
class TextNumbers {
  private readonly byContext = new WeakMap<ReachContext, Map<string, number>>()

  constructor(private readonly first: number) {}

  of(ctx: ReachContext, text: string): number {
    let numbers = this.byContext.get(ctx)
    if (!numbers) this.byContext.set(ctx, (numbers = new Map()))
    let number = numbers.get(text)
    if (number === undefined) numbers.set(text, (number = this.first + numbers.size))
    return number
  }
}

const profiles = new ContextMemo<Actor, {text: string; id: number}>()
const profileIds = new TextNumbers(0)

/**
 * What the steps read of a sender that meets its receiver apart, and a number for it (one per
 * distinct profile of the context); undefined when not shared (outside addresses, bare hosts).
 */
function profileOf(ctx: ReachContext, actor: Actor): {text: string; id: number} | undefined {
  if (actor.kind === 'outside' || actor.kind === 'host') return undefined
  return profiles.get(ctx, actor, () => {
    const text = computeProfile(ctx, actor)
    return {text, id: profileIds.of(ctx, text)}
  })
}

/** A number per distinct sender profile; undefined when the sender's traces are not shared. */
export function senderProfileId(ctx: ReachContext, actor: Actor): number | undefined {
  return profileOf(ctx, actor)?.id
}

/** A number per distinct text (identity keys), per context; 0 for none. */
const identityIds = new TextNumbers(1)
function identityId(ctx: ReachContext, text: string): number {
  return text === '' ? 0 : identityIds.of(ctx, text)
}

/** One number per (protocol, port, profile, identity): memo keys without building strings per pair. */
function memoKey(protocol: string, port: number, profile: number, identity: number): number {
  const proto = protocol === 'tcp' ? 0 : protocol === 'udp' ? 1 : protocol === 'sctp' ? 2 : 3
  // port < 2^16, protocol < 4: 18 bits; profile and identity below 2^17 each keep the key exact (2^52)
  if (profile >= 131_072 || identity >= 131_072) return -1
  return ((identity * 131_072 + profile) * 262_144) + port * 4 + proto
}

function computeProfile(ctx: ReachContext, actor: Actor): string {
  // of its groups, the egress evaluation (a denial still names its own groups: Decision.senderGroups)
  const groups = ctx.eni(actor.groups).egressSignature
  const own = `${addressClassOf(ctx, actor.address)}|${membershipsRead(ctx, actor.address, actor.instance)}`
  const missing = actor.noAddress ? `${actor.noAddress.object}:${actor.noAddress.why}` : ''
  let key = `${actor.kind}|${actor.cluster?.name ?? ''}|${actor.vpc?.name ?? ''}|${actor.vswitch?.name ?? ''}|${groups}|${actor.hasEni}|${actor.publicIp}|${own}|${missing}`
  const pod = actor.pod
  if (pod) {
    const workload = pod.workload
    const network = workload.cluster.network
    key += `|pod:${workload.hostNetwork}|${ctx.networkPolicies(workload.cluster).selectingKey('egress', policyPod(pod))}|${flannelRoutes(pod)}`
    // a masqueraded Flannel pod leaves with its node's address: the node's blocks, groups and routes
    if (network.plugin === 'flannel' && !workload.hostNetwork) {
      const node = pod.node
      key += node ? `|node:${nodeKey(ctx, node)}|${node.ip === undefined ? '' : `${addressClassOf(ctx, node.ip)}|${membershipsRead(ctx, node.ip)}`}` : '|no-node'
    }
  }
  return key
}

const readByReceivers = new WeakMap<ReachContext, (group: string, self: Instance | undefined) => boolean>()

/**
 * The groups an address is a member of that a receiver's evaluation reads (security-groups.ts):
 * those some rule names as an `sg:` peer, and basic groups on a receiver's ENI, whose default
 * admits their own members. An enterprise group no rule names is read by nobody, nor is a basic
 * one whose only member is the sending ECS itself (`self`): no receiver apart from it carries the
 * group. At 1× xl each ECS has a group of its own (502 ECS had 501 profiles by group name).
 */
function membershipsRead(ctx: ReachContext, address: Address, self?: Instance): string {
  let read = readByReceivers.get(ctx)
  if (!read) {
    const named = new Set<string>()
    for (const group of ctx.model.securityGroups) for (const rule of group.rules) if (rule.peer.type === 'sg') named.add(rule.peer.name)
    const groups = ctx.model.securityGroupByName
    read = (name, self) => {
      if (named.has(name)) return true
      const group = groups.get(name)
      if (!group) return true
      const only = group.members.length === 1 ? group.members[0]! : undefined
      return group.type !== 'enterprise' && !(self && only?.kind === 'instance' && only.instance === self)
    }
    readByReceivers.set(ctx, read)
  }
  let text = ''
  for (const group of ctx.groupsOf(address)) if (read(group, self)) text += `${group},`
  return text
}

/**
 * Which policy peers of the receiving pods (`receivers`, named by `at`: a workload or an SLB) the
 * sender's identity matches, as a number (0: the sender is no pod of theirs). Receivers are known
 * by the policies selecting them (a few sets per cluster), so the numbers are kept per sender
 * workload and set, not per sender and receiver.
 */
const receiverSets = new ContextMemo<object, {key: number; receivers: Workload[]}>()
const identities = new ContextMemo<Workload, Map<number, number>>()
function identityOf(ctx: ReachContext, sender: Actor, at: object, receivers: () => Workload[]): number {
  const pod = sender.pod
  if (!pod || pod.workload.hostNetwork) return 0
  const set = receiverSets.get(ctx, at, () => {
    const list = receivers()
    const text = list.map((w) => `${w.cluster.name}:${w.pods[0] ? ctx.networkPolicies(w.cluster).selectingKey('ingress', policyPod(w.pods[0])) : '-'}`).join('#')
    return {key: identityId(ctx, `receivers:${text}`), receivers: list}
  })
  const byReceivers = identities.get(ctx, pod.workload, () => new Map())
  let id = byReceivers.get(set.key)
  if (id === undefined) {
    let key = ''
    for (const workload of set.receivers) {
      const first = workload.pods[0]
      key += workload.cluster === pod.workload.cluster && first ? `${ctx.networkPolicies(workload.cluster).peerSignature('ingress', policyPod(first), policyPod(pod))}#` : '-#'
    }
    byReceivers.set(set.key, (id = identityId(ctx, key)))
  }
  return id
}

// a profile met once is only marked (SEEN_ONCE): most ECS have a profile of their own, and keeping
// each one's traces (500 × 500 at 1× xl) only fills the heap (storing at first sight cost 0.5× xl
// 230 MB more and 2 s of GC); the second sender of a profile stores it
const SEEN_ONCE = 0
const directMemo = new ContextMemo<Actor, Map<number, PairOutcome | typeof SEEN_ONCE>>()

/** Traces may be shared: only their verdict, reason and warnings are read (no paths, no --explain). */
export function sharing(env: TraceEnv): boolean {
  return env.paths === false && !env.explain && sharedTraces.enabled
}

function directKey(env: TraceEnv, sender: Actor, receiver: Actor, protocol: string, port: number): number {
  const profile = profileOf(env.ctx, sender)
  if (profile === undefined) return -1
  return memoKey(protocol, port, profile.id, receiver.pod ? identityOf(env.ctx, sender, receiver.pod.workload, () => [receiver.pod!.workload]) : 0)
}

/** The outcome a sender of this one's profile got with this receiver (apart), as traced for that sender; undefined when none was traced yet. */
export function directHit(env: TraceEnv, sender: Actor, receiver: Actor, protocol: string, port: number): PairOutcome | undefined {
  const key = directKey(env, sender, receiver, protocol, port)
  return key < 0 ? undefined : memoHit(directMemo.get(env.ctx, receiver, () => new Map()), key)
}

/** A direct pair (sender and receiver on different nodes, or without one), traced once per sender profile and receiver. */
export function sharedDirect(env: TraceEnv, sender: Actor, receiver: Actor, protocol: string, port: number, trace: (sender: Actor) => PairOutcome): PairOutcome {
  const key = sharing(env) ? directKey(env, sender, receiver, protocol, port) : -1
  if (key < 0) return trace(sender)
  return throughMemo(directMemo.get(env.ctx, receiver, () => new Map()), key, () => trace(sender), (known) => asSender(known, sender, () => trace(sender)), kept)
}

const lbMemo = new ContextMemo<LoadBalancer, Map<number, PairOutcome[] | typeof SEEN_ONCE>>()
const lbReceivers = new ContextMemo<LoadBalancer, {workloads: Workload[]; instances: Set<Instance>}>()

/**
 * A sender to an SLB, from a node that none of the SLB's backends (nor a node in front of them)
 * is on: traced once per sender profile and SLB.
 */
export function sharedLoadBalancer(env: TraceEnv, sender: Actor, lb: LoadBalancer, protocol: string, port: number, trace: (sender: Actor) => PairOutcome[]): PairOutcome[] {
  const key = sharing(env) ? loadBalancerKey(env, sender, lb, protocol, port) : -1
  if (key < 0) return trace(sender)
  const reuse = (known: PairOutcome[]) => {
    let traced: PairOutcome[] | undefined
    return known.map((outcome, index) => asSender(outcome, sender, () => (traced ??= trace(sender))[index]!))
  }
  return throughMemo(lbMemo.get(env.ctx, lb, () => new Map()), key, () => trace(sender), reuse, (outcomes) => outcomes.map(kept))
}

/** The outcomes a sender of this one's profile got through this SLB, as traced for that sender; undefined when none were traced yet. */
export function loadBalancerHit(env: TraceEnv, sender: Actor, lb: LoadBalancer, protocol: string, port: number): PairOutcome[] | undefined {
  const key = loadBalancerKey(env, sender, lb, protocol, port)
  return key < 0 ? undefined : memoHit(lbMemo.get(env.ctx, lb, () => new Map()), key)
}

/** What a profile's memo holds under `key`: undefined when nothing was traced yet or the profile was only marked. */
function memoHit<T>(memo: Map<number, T | typeof SEEN_ONCE>, key: number): T | undefined {
  const known = memo.get(key)
  if (!known) return undefined
  sharedTraces.hits++
  return known
}

/**
 * A trace shared through a profile's memo: the one known under `key`, reused for this sender, or
 * traced, and kept from the profile's second sender on (the first only marks it, SEEN_ONCE).
 */
function throughMemo<T>(memo: Map<number, T | typeof SEEN_ONCE>, key: number, trace: () => T, reuse: (known: T) => T, keep: (traced: T) => T): T {
  const known = memo.get(key)
  if (known) {
    sharedTraces.hits++
    return reuse(known)
  }
  const traced = trace()
  sharedTraces.misses++
  memo.set(key, known === undefined && sharedTraces.markFirst ? SEEN_ONCE : keep(traced))
  return traced
}

function loadBalancerKey(env: TraceEnv, sender: Actor, lb: LoadBalancer, protocol: string, port: number): number {
  const profile = profileOf(env.ctx, sender)
  if (profile === undefined) return -1
  const identity = loadBalancerIdentity(env.ctx, sender, lb)
  return identity < 0 ? -1 : memoKey(protocol, port, profile.id, identity)
}

/**
 * What of the sender an SLB's receiving pods can tell apart beyond its profile, as a number (the
 * policy peers its identity matches); -1 when the SLB delivers to the sender itself (a pod's
 * exemption for its own traffic), whose trace is never shared.
 */
export function loadBalancerIdentity(ctx: ReachContext, sender: Actor, lb: LoadBalancer): number {
  const behind = lbReceivers.get(ctx, lb, () => receiversBehind(ctx, lb))
  if ((sender.pod && behind.workloads.includes(sender.pod.workload)) || (sender.instance && behind.instances.has(sender.instance))) return -1
  return identityOf(ctx, sender, lb, () => behind.workloads)
}

/** Every workload whose pods an SLB can deliver to (backend pods, Service endpoints, pods owning a backend address), and its backend instances. */
function receiversBehind(ctx: ReachContext, lb: LoadBalancer): {workloads: Workload[]; instances: Set<Instance>} {
  const workloads = new Set<Workload>()
  const instances = new Set<Instance>()
  for (const listener of lb.listeners) {
    for (const backend of listener.backends) {
      if (backend.kind === 'pod') workloads.add(backend.pod.workload)
      else if (backend.kind === 'instance') instances.add(backend.instance)
      else if (backend.kind === 'ip') {
        const owner = ctx.ownerOf(backend.address)
        if (owner?.kind === 'pod') workloads.add(owner.pod.workload)
        else if (owner?.kind === 'instance') instances.add(owner.instance)
      }
    }
  }
  for (const workload of lb.service?.endpoints ?? []) workloads.add(workload)
  return {workloads: [...workloads], instances}
}

/**
 * What a shared outcome keeps of a trace: its verdict, ends and decisions without their texts (a
 * shared denial renders its text for each sender, from `seen` or the sender's own trace), so the
 * memo does not hold every trace's closures (at 1× xl they were most of the heap).
 */
export function kept(outcome: PairOutcome): PairOutcome {
  const sender = outcome.tracedFor ?? outcome.sender
  const out: PairOutcome = {verdict: outcome.verdict, decisions: outcome.decisions.map(keptDecision), sender, from: sender.name, to: outcome.to}
  if (outcome.receiver) out.receiver = outcome.receiver
  if (outcome.count !== undefined) out.count = outcome.count
  return out
}

function keptDecision(decision: Decision): Decision {
  const out: Decision = {step: decision.step, result: decision.result, object: decision.object, detail: untold}
  if (decision.code) out.code = decision.code
  if (decision.rule) out.rule = decision.rule
  if (decision.warning) out.warning = decision.warning
  if (decision.seen) out.seen = decision.seen
  if (decision.senderGroups) out.senderGroups = decision.senderGroups
  return out
}

function untold(): string {
  throw new Error('internal: a shared decision renders its text for its own sender')
}

/**
 * A shared outcome under another sender's name. Allowed outcomes carry nothing of the sender;
 * a denied one's denying decision renders its text from the sender's own trace.
 */
export function asSender(known: PairOutcome, sender: Actor, retrace: () => PairOutcome): PairOutcome {
  const outcome: PairOutcome = {verdict: known.verdict, decisions: known.decisions, sender, from: sender.name, to: known.to, tracedFor: known.sender}
  if (known.receiver) outcome.receiver = known.receiver
  if (known.count !== undefined) outcome.count = known.count
  if (known.verdict === 'allowed') return outcome
  const index = known.decisions.findIndex((d) => d.result === 'deny')
  if (index < 0) return outcome
  const shared = known.decisions[index]!
  const decisions = known.decisions.slice()
  decisions[index] = namesOtherGroups(shared, sender) ? regroupedDenial(retrace(), shared) : {...shared, detail: () => ownText(shared, known.sender, sender) ?? ownDenial(retrace(), shared).detail()}
  outcome.decisions = decisions
  return outcome
}

/**
 * Whether a shared denial names security groups other than this sender's: an egress denial names
 * the groups of the ENI traced, and senders share traces across groups that evaluate egress alike
 * (profileOf), so such a denial is the sender's only as its own trace gives it (object and text).
 * Egress denials are rare: the others render from the shared decision.
 */
export function namesOtherGroups(shared: Decision, sender: Actor): boolean {
  const groups = shared.senderGroups
  return groups !== undefined && !sameNames(groups, sender.groups)
}

/** A shared egress denial for a sender with other groups (namesOtherGroups): its own, from its own trace. */
export function regroupedDenial(own: PairOutcome, shared: Decision): Decision {
  sharedTraces.regrouped++
  return ownDenial(own, shared)
}

function sameNames(a: readonly SecurityGroup[], b: readonly SecurityGroup[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i]!.name !== b[i]!.name) return false
  return true
}

/**
 * A shared denial's text for another sender of the profile, when it names only the address the
 * receiver saw: that address is the sender's own, its node's (a masqueraded Flannel pod), or one
 * the profile fixes (an SNAT EIP, an own public IP, a node in front of the receiver). Undefined
 * when the text may name more of the sender (it is then rendered from the sender's own trace).
 */
function ownText(shared: Decision, traced: Actor, sender: Actor): string | undefined {
  const seen = shared.seen
  if (!seen) return undefined
  if (sender !== traced) sharedTraces.renamed++
  if (seen.address === traced.address) return seen.detail(formatAddress(sender.address))
  const node = traced.pod?.node
  if (node && seen.address === node.ip) {
    const own = sender.pod?.node?.ip
    return own === undefined ? undefined : seen.detail(formatAddress(own))
  }
  return seen.detail(formatAddress(seen.address))
}

/** The text of a shared denial (`shared`) for this sender: from `known`, the trace of its profile, when it can be; else from the sender's own trace. */
export function ownDenialText(known: PairOutcome | undefined, sender: Actor, retrace: () => PairOutcome, shared: Decision): string {
  const denial = known?.decisions.find((d) => d.result === 'deny')
  const text = denial && denial.step === shared.step && denial.code === shared.code && denial.object === shared.object ? ownText(denial, known!.sender, sender) : undefined
  return text ?? ownDenial(retrace(), shared).detail()
}

/** The sender's own denial (from its own trace), which must deny where the shared one did: at its step, code and object (the object may differ only by naming the sender's own groups). */
export function ownDenial(own: PairOutcome, shared: Decision): Decision {
  sharedTraces.retraces++
  const denial = own.decisions.find((d) => d.result === 'deny')
  if (!denial || denial.step !== shared.step || denial.code !== shared.code || (denial.object !== shared.object && !namesOtherGroups(shared, own.sender))) {
    throw new Error(`internal: a shared trace denied at ${shared.step} ${shared.code} ${shared.object}, the sender's own at ${denial?.step} ${denial?.code} ${denial?.object}`)
  }
  return denial
}
