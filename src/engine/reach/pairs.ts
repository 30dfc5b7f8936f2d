import type {LoadBalancer, Node} from '../topology/model.js'
import {type ActorClass, apartFromAll, classify, nodeKey, type PairKinds, pairKinds} from './classes.js'
import type {AnyCidr} from '../cidr/any.js'
import type {ReachContext} from './context.js'
import {ContextMemo} from './context-memo.js'
import {type Address, blockHolds} from './family.js'
import type {Actor, ResolvedEndpoint, Target} from './endpoints.js'
import type {PairOutcome, TraceEnv} from './legs/leg.js'
import {groupPeerBlocks, policyIpBlocks} from './peer-blocks.js'
import {resolveService, type ServiceEndpoint, serviceLeg} from './legs/service.js'
import {directHit, loadBalancerHit, sharedDirect, sharedLoadBalancer, sharing} from './shared-traces.js'
import {direct, traceTarget} from './trace.js'

/**
 * Every pair of a query, by class (classes.ts): time and memory follow the number of classes,
 * never replicas × replicas. Direct targets and Services are traced per class pair (one trace
 * per kind of pair: apart, same node, a pod with itself); the other targets (nodePort, SLB,
 * DNAT, Ingress) once per sender class and node.
 */
export function tracePairs(env: TraceEnv, source: ResolvedEndpoint, target: Target, protocol: string, port: number, sink: (outcome: PairOutcome) => void, shared?: SharedSink): void {
  const outcomes = {push: (...items: PairOutcome[]) => items.forEach(sink)}
  const senders = classesOf(env.ctx, source.actors)
  const share = shared !== undefined && sharing(env) ? shared : undefined
  if (target.kind === 'actors' && target.actors.length > 0) {
    const receivers = classesOf(env.ctx, target.actors)
    if (outsideShortcut.enabled && senders.length > 1 && allOutside(senders)) return fromOutside(env, senders, receivers, protocol, port, outcomes)
    // pairs apart answer alike for senders of one profile (shared-traces.ts); same-node and self pairs are traced
    const run = (s: Actor, r: Actor, kind: keyof PairKinds) => (kind === 'apart' ? sharedDirect(env, s, r, protocol, port, (own) => direct(env, own, r, protocol, port)) : direct(env, s, r, protocol, port))
    for (const sc of senders) {
      for (const rc of receivers) {
        // receivers on no node and no pods (ECS) meet every sender apart, the first of each class for all (pairKinds)
        if (share && apartFromAll(rc)) {
          const s = sc.members[0]!
          const r = rc.members[0]!
          const known = directHit(env, s, r, protocol, port)
          if (known) {
            share(known, sc.members.length * rc.members.length, s, known.verdict === 'allowed' ? untraced : () => direct(env, s, r, protocol, port))
            continue
          }
        }
        expand(outcomes, sc, rc, run)
      }
    }
    return
  }
  if (target.kind === 'service') {
    let endpointClasses: Array<{cls: ActorClass; endpoint: Map<Actor, ServiceEndpoint>}> | undefined
    const alike = outsideServiceClasses.enabled && senders.length > 1 && env.ctx.family === 4 && allOutside(senders) ? new Map<number, PairOutcome>() : undefined
    for (const sc of senders) {
      const rep = sc.members[0]!
      const resolved = resolveService(env, rep, target.service, protocol, port)
      if (!resolved.ok) {
        for (const outcome of resolved.outcomes) outcomes.push(withClass(outcome, sc.members.length, sc, undefined))
        continue
      }
      endpointClasses ??= classifyEndpoints(env.ctx, resolved.endpoints)
      endpointClasses.forEach(({cls, endpoint}, index) => {
        const run = (s: Actor, r: Actor) => serviceLeg(env, s, target.service, resolved.servicePort, endpoint.get(r)!, protocol, port)
        if (!alike) return expand(outcomes, sc, cls, run)
        // an outside sender is read only through its address, by the receivers' security groups and
        // NetworkPolicy ipBlocks: an internet class those tell apart from none traced before answers alike
        const key = outsideView(env.ctx, rep.address, cls) * 65_536 + index
        const traced = alike.get(key)
        // an outside sender class meets every receiver apart (pairKinds): one outcome, all its pairs
        if (traced) return outcomes.push({...traced, sender: rep, from: rep.name, translatedSource: rep.address, count: sc.members.length * cls.members.length, fromNames: names(sc.members, rep.name)})
        expand(outcomes, sc, cls, (s, r) => {
          const outcome = run(s, r)
          alike.set(key, outcome)
          return outcome
        })
      })
    }
    return
  }
  // nodePort, SLB, DNAT and Ingress: one sender per class and node stands for its node-mates
  // (the node decides node-local and self pairs behind the target), so the work follows
  // classes × nodes, never replicas × backends
  const near = target.kind === 'slb' && env.paths === false && farNodeGrouping.enabled ? nearNodes(env.ctx, target.lb) : undefined
  for (const sc of senders) {
    if (near) {
      traceByNodeKind(env, sc, near, target, protocol, port, outcomes, share)
      continue
    }
    for (const members of sc.byNode.values()) {
      for (const outcome of traceTarget(env, members[0]!, target, protocol, port)) {
        outcome.count = (outcome.count ?? 1) * members.length
        outcome.fromNames = names(members, outcome.from)
        outcomes.push(outcome)
      }
    }
  }
}

/**
 * An SLB answered for verdict and reason only (env.paths false: matrix cells, lint): a sender
 * class's nodes that host none of the SLB's backends (nor a node in front of them) and have one
 * node key (classes.ts nodeKey) are traced once, with the first of them, and counted for all.
 * On such a node the sender meets no receiver, so nothing of the node but what the key holds is
 * read. The first denied pair (the reason) is the one tracing every node gives: a node left out
 * answers as its first, earlier, node. Pair counts are the same; paths would list other names,
 * so reach with paths traces every node. Matrix and SLB answers at 1× xl traced every node of a
 * pool for every SLB (issue #16: a node pool to an SLB cost ≈ 1 ms).
 */
export const farNodeGrouping = {
  /** Off: every node is traced (the tests' reference). */
  enabled: true,
}

function traceByNodeKind(env: TraceEnv, sc: ActorClass, near: ReadonlySet<Node>, target: Target, protocol: string, port: number, outcomes: {push: (outcome: PairOutcome) => void}, share?: SharedSink): void {
  const far = new Map<string, number>()
  const keys = new Map<Node, string>()
  for (const [node, members] of sc.byNode) {
    if (!node || near.has(node)) continue
    const key = nodeKeyOf(env.ctx, node)
    keys.set(node, key)
    far.set(key, (far.get(key) ?? 0) + members.length)
  }
  for (const [node, members] of sc.byNode) {
    let count = members.length
    const key = node && keys.get(node)
    if (key) {
      const all = far.get(key)
      if (all === undefined) continue // traced with an earlier node of its key
      far.delete(key)
      count = all
    }
    // a sender on a node without backends (or on none) answers as any sender of its profile (shared-traces.ts)
    const apart = target.kind === 'slb' && (!node || key)
    if (apart && share) {
      const sender = members[0]!
      const known = loadBalancerHit(env, sender, target.lb, protocol, port)
      if (known) {
        let own: PairOutcome[] | undefined
        known.forEach((outcome, index) => share(outcome, (outcome.count ?? 1) * count, sender, outcome.verdict === 'allowed' ? untraced : () => (own ??= traceTarget(env, sender, target, protocol, port))[index]!))
        continue
      }
    }
    const traced = apart
      ? sharedLoadBalancer(env, members[0]!, target.lb, protocol, port, (own) => traceTarget(env, own, target, protocol, port))
      : traceTarget(env, members[0]!, target, protocol, port)
    for (const outcome of traced) {
      outcome.count = (outcome.count ?? 1) * count
      outcome.fromNames = names(members, outcome.from)
      outcomes.push(outcome)
    }
  }
}

const nodeKeys = new ContextMemo<Node, string>()
export function nodeKeyOf(ctx: ReachContext, node: Node): string {
  return nodeKeys.get(ctx, node, () => nodeKey(ctx, node))
}

const nearByLb = new ContextMemo<LoadBalancer, Set<Node>>()
/** The nodes an SLB's traffic can end on or pass through: its backend nodes, and the nodes of its backend pods, Service endpoints and backend addresses. */
export function nearNodes(ctx: ReachContext, lb: LoadBalancer): Set<Node> {
  return nearByLb.get(ctx, lb, () => {
    const near = new Set<Node>()
    const add = (node: Node | undefined) => node && near.add(node)
    for (const listener of lb.listeners) {
      for (const backend of listener.backends) {
        if (backend.kind === 'pod') add(backend.pod.node)
        else if (backend.kind === 'node') add(backend.node)
        else if (backend.kind === 'ip') {
          const owner = ctx.ownerOf(backend.address)
          if (owner?.kind === 'node') add(owner.node)
          else if (owner?.kind === 'pod') add(owner.pod.node)
        }
      }
    }
    for (const workload of lb.service?.endpoints ?? []) for (const pod of workload.pods) add(pod.node)
    return near
  })
}

/**
 * The internet (one sender class per public address class) to direct targets. A receiver with no
 * public IP, EIP or DNAT entry for the port is denied at entry whatever the public address
 * (publicEntry reads only the receiver; an outside sender has no policy, NAT or security-group
 * step before it): found with the first sender class, it is reported once for all of them, in the
 * first row, so the first denied pair (the reason) and the counts are those of tracing every row.
 */
export const outsideShortcut = {
  /** Off: every internet class is traced to every receiver class (the tests' reference). */
  enabled: true,
}

function fromOutside(env: TraceEnv, senders: readonly ActorClass[], receivers: readonly ActorClass[], protocol: string, port: number, outcomes: {push: (outcome: PairOutcome) => void}): void {
  const run = (s: Actor, r: Actor) => direct(env, s, r, protocol, port)
  let allSenders = 0
  for (const sc of senders) allSenders += sc.members.length
  // the first row finds the receivers with an entry; the other rows trace only those
  const open: ActorClass[] = []
  const first = senders[0]!
  for (const rc of receivers) {
    const probe = direct(env, first.members[0]!, rc.members[0]!, protocol, port)
    if (deniedAtEntry(probe)) {
      probe.count = allSenders * rc.members.length
      probe.fromNames = senderNames(senders, probe.from)
      probe.toNames = names(rc.members, probe.to)
      outcomes.push(probe)
      continue
    }
    open.push(rc)
    expand(outcomes, first, rc, run)
  }
  for (let row = 1; row < senders.length && open.length > 0; row++) for (const rc of open) expand(outcomes, senders[row]!, rc, run)
}

/**
 * The internet (one sender class per public address class) to a Service (headless: straight to
 * the pods). Over IPv4 an outside sender has no policy, NAT or security-group step of its own, its
 * route and return need no lookup, and the receivers read its address only in their security-group
 * rules and NetworkPolicy ipBlocks: classes alike there are traced once per endpoint class, and
 * the others get that outcome under their own name (before it in order, so never the first denied
 * pair or the first of a path).
 */
export const outsideServiceClasses = {
  /** Off: every internet class is traced to every endpoint class (the tests' reference). */
  enabled: true,
}

// per context, by the receivers' group set and cluster (a few per topology): keyed by class, the
// views churned with the classes of each trace and their weak entries cost more in GC than the traces
const outsideViews = new WeakMap<ReachContext, {byReceivers: Map<string, OutsideView>; ids: Map<string, number>}>()
interface OutsideView {
  blocks: AnyCidr[]
  byAddress: Map<Address, number>
}

/**
 * What the receivers (an endpoint class) can tell of an outside address, as a number: which of
 * their security-group peer blocks and NetworkPolicy ipBlocks hold it, and its group memberships.
 */
function outsideView(ctx: ReachContext, address: Address, receivers: ActorClass): number {
  const receiver = receivers.members[0]!
  const cluster = receiver.pod?.workload.cluster
  let views = outsideViews.get(ctx)
  if (!views) outsideViews.set(ctx, (views = {byReceivers: new Map(), ids: new Map()}))
  const id = `${receiver.groups.map((g) => g.name).join(',')}|${cluster?.name ?? ''}`
  let view = views.byReceivers.get(id)
  if (!view) {
    const blocks = [...groupPeerBlocks(receiver.groups), ...policyIpBlocks(cluster?.networkPolicies ?? [])]
    views.byReceivers.set(id, (view = {blocks, byAddress: new Map()}))
  }
  let number = view.byAddress.get(address)
  if (number === undefined) {
    let key = `${id}|${[...ctx.groupsOf(address)].join(',')}|`
    for (const block of view.blocks) key += blockHolds(block, address) ? '1' : '0'
    number = views.ids.get(key)
    if (number === undefined) views.ids.set(key, (number = views.ids.size))
    view.byAddress.set(address, number)
  }
  return number
}

const outsideOnly = new WeakMap<readonly ActorClass[], boolean>()
/** Every sender is outside the file (the internet's address classes). */
function allOutside(senders: readonly ActorClass[]): boolean {
  let all = outsideOnly.get(senders)
  if (all === undefined) outsideOnly.set(senders, (all = senders.every((sc) => sc.members.every((a) => a.kind === 'outside'))))
  return all
}

function deniedAtEntry(outcome: PairOutcome): boolean {
  const [only] = outcome.decisions
  return outcome.verdict === 'denied' && outcome.decisions.length === 1 && only!.step === 'route' && only!.code === 'NO_PUBLIC_ADDRESS'
}

/** The names the rows would have listed: each class's, in order, up to five. */
function senderNames(senders: readonly ActorClass[], first: string): string[] {
  const out: string[] = []
  for (const sc of senders) {
    for (const name of names(sc.members, sc === senders[0] ? first : sc.members[0]!.name)) {
      if (out.length >= 5) return out
      if (!out.includes(name)) out.push(name)
    }
  }
  return out
}

const cache = new WeakMap<readonly Actor[], ActorClass[]>()
export function classesOf(ctx: ReachContext, actors: readonly Actor[]): ActorClass[] {
  let classes = cache.get(actors)
  if (!classes) cache.set(actors, (classes = classify(ctx, actors)))
  return classes
}

const endpointClassCache = new WeakMap<readonly ServiceEndpoint[], Array<{cls: ActorClass; endpoint: Map<Actor, ServiceEndpoint>}>>()
/** Endpoints by class and target port (two endpoints alike but on different ports answer differently); once per endpoint list (endpointsOf keeps them). */
function classifyEndpoints(ctx: ReachContext, endpoints: readonly ServiceEndpoint[]): Array<{cls: ActorClass; endpoint: Map<Actor, ServiceEndpoint>}> {
  let classes = endpointClassCache.get(endpoints)
  if (!classes) endpointClassCache.set(endpoints, (classes = computeEndpointClasses(ctx, endpoints)))
  return classes
}

function computeEndpointClasses(ctx: ReachContext, endpoints: readonly ServiceEndpoint[]): Array<{cls: ActorClass; endpoint: Map<Actor, ServiceEndpoint>}> {
  const byPort = new Map<number, ServiceEndpoint[]>()
  for (const endpoint of endpoints) {
    const list = byPort.get(endpoint.targetPort)
    if (list) list.push(endpoint)
    else byPort.set(endpoint.targetPort, [endpoint])
  }
  const out: Array<{cls: ActorClass; endpoint: Map<Actor, ServiceEndpoint>}> = []
  for (const list of byPort.values()) {
    const endpoint = new Map(list.map((e) => [e.actor, e]))
    for (const cls of classify(ctx, list.map((e) => e.actor))) out.push({cls, endpoint})
  }
  return out
}

/** Where tracePairs folds pairs answered by a trace shared across senders (PairTally.addShared). */
export type SharedSink = (known: PairOutcome, count: number, sender: Actor, own: () => PairOutcome) => void

/** An allowed shared outcome is never rendered for its sender (only a denial's text names one). */
function untraced(): PairOutcome {
  throw new Error('internal: an allowed shared outcome has no own trace')
}

const KINDS = ['apart', 'sameNode', 'self'] as const

function expand(outcomes: {push: (outcome: PairOutcome) => void}, senders: ActorClass, receivers: ActorClass, run: (sender: Actor, receiver: Actor, kind: keyof PairKinds) => PairOutcome): void {
  const kinds = pairKinds(senders, receivers)
  for (const name of KINDS) {
    const kind = kinds[name]
    if (kind.count === 0) continue
    if (!kind.pair) throw new Error(`internal: no representative pair for ${kind.count} pairs of ${senders.key} → ${receivers.key}`)
    outcomes.push(withClass(run(kind.pair[0], kind.pair[1], name), kind.count, senders, receivers))
  }
}

function withClass(outcome: PairOutcome, count: number, senders: ActorClass, receivers: ActorClass | undefined): PairOutcome {
  outcome.count = count
  outcome.fromNames = names(senders.members, outcome.from)
  if (receivers) outcome.toNames = names(receivers.members, outcome.to)
  return outcome
}

function names(members: readonly Actor[], first: string): string[] {
  const out = [first]
  for (const member of members) {
    if (out.length >= 5) break
    if (member.name !== first) out.push(member.name)
  }
  return out
}
