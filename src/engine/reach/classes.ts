import type {Node, Pod} from '../topology/model.js'
import type {ReachContext} from './context.js'
import type {Actor} from './endpoints.js'
import type {Address} from './family.js'
import {RouteLookup} from './routes.js'

/**
 * Replicas by equivalence class (issue #15): actors whose every input to the step functions is
 * alike answer alike, so a pair of classes is traced once per kind of pair instead of once per
 * replica pair. The key holds what the steps read of an actor:
 * - kind and object (workload, node pool, instance: labels, namespace, ports, publicIp),
 * - vSwitch (route table) and the security-group set,
 * - its address class: the most specific CIDR of the file that holds the address (CIDRs nest or
 *   are disjoint, so two addresses with the same innermost block are in exactly the same blocks),
 * - for Flannel pods: in which of the VPC's tables their node has a route, or was cut off by quota.
 * What depends on two actors at once (the same pod, the same node: self traffic, node-local
 * traffic, same-node delivery) is counted per node from class sizes and traced once per kind.
 */
export interface ActorClass {
  key: string
  members: readonly Actor[]
  /** Members by the node they run on (undefined: no node — ECS, ACS pods, outside). */
  byNode: Map<Node | undefined, Actor[]>
}

export function classify(ctx: ReachContext, actors: readonly Actor[]): ActorClass[] {
  const classes = new Map<string, {key: string; members: Actor[]; byNode: Map<Node | undefined, Actor[]>}>()
  for (const actor of actors) {
    const key = classKey(ctx, actor)
    let entry = classes.get(key)
    if (!entry) classes.set(key, (entry = {key, members: [], byNode: new Map()}))
    entry.members.push(actor)
    const list = entry.byNode.get(actor.node)
    if (list) list.push(actor)
    else entry.byNode.set(actor.node, [actor])
  }
  return [...classes.values()]
}

function classKey(ctx: ReachContext, actor: Actor): string {
  const groups = actor.groups.map((g) => g.name).join(',')
  const where = addressClassOf(ctx, actor.address)
  const key = `${actor.kind}|${actor.kind === 'outside' ? actor.name : actor.object}|${actor.vswitch?.name ?? ''}|${groups}|${actor.publicIp}|${where}|${flannelRoutes(actor.pod)}`
  return actor.noAddress ? `${key}|none:${actor.noAddress.object}` : key
}

/** The most specific block of the file holding the address ('none' outside all): addresses with one class are in the same blocks. */
export function addressClassOf(ctx: ReachContext, address: Address): string {
  const block = addressClasses(ctx).lookup(address)
  return block ? `${block.destination.network}/${block.destination.prefix}` : 'none'
}

const lookups = new WeakMap<ReachContext, RouteLookup>()
function addressClasses(ctx: ReachContext): RouteLookup {
  let lookup = lookups.get(ctx)
  if (!lookup) {
    lookup = new RouteLookup(ctx.addressClassBlocks().map((destination) => ({destination, target: {kind: 'blackhole'}})))
    lookups.set(ctx, lookup)
  }
  return lookup
}

/**
 * What the steps can read of the node a sender runs on, beside the sender itself: the node's
 * address classes (a masqueraded Flannel pod and a node send from it), vSwitch, security groups
 * and Flannel routes. Senders of one class on nodes with one key, none of which hosts a receiver,
 * answer alike (tracePairs).
 */
export function nodeKey(ctx: ReachContext, node: Node): string {
  const address = ctx.family === 6 ? node.ipv6 : node.ip
  const entry = address === undefined ? undefined : addressClasses(ctx).lookup(address)
  const block = address === undefined ? 'no-address' : entry ? `${entry.destination.network}/${entry.destination.prefix}` : 'none'
  const groups = node.securityGroups.map((g) => g.name).join(',')
  return `${node.cluster.name}|${node.pool.name}|${node.vswitch.name}|${groups}|${block}|${node.cluster.network.plugin === 'flannel' ? nodeRoutes(node) : ''}`
}

const routeKeys = new WeakMap<Node, string>()
/** Flannel pods: per table of the VPC, whether their node's range is routed (r), cut off (q) or absent (-). */
export function flannelRoutes(pod: Pod | undefined): string {
  const node = pod?.node
  if (!node || pod.workload.hostNetwork || pod.workload.cluster.network.plugin !== 'flannel') return ''
  return nodeRoutes(node)
}

function nodeRoutes(node: Node): string {
  let key = routeKeys.get(node)
  if (key === undefined) {
    key = node.podRange ? '' : 'no-range'
    for (const table of node.cluster.vpc.routeTables) key += table.flannelRouteByNode.has(node) ? 'r' : table.flannelCutOff.some((c) => c.node === node) ? 'q' : '-'
    routeKeys.set(node, key)
  }
  return key
}

/** How the pairs of two classes split: pairs on different nodes, on one node, a pod with itself. */
export interface PairKinds {
  apart: {count: number; pair?: [Actor, Actor]}
  sameNode: {count: number; pair?: [Actor, Actor]}
  self: {count: number; pair?: [Actor, Actor]}
}

/**
 * Splits of class pairs, for the most recent sender classes only. Classes live as long as their
 * resolved endpoints (the whole session), so an unbounded cache grew with every pair a
 * whole-network question asks (diff at 0.1× xl: 600 MB). Callers go sender by sender (diff,
 * matrix, each port class of one pair), so a few hundred senders keep the hits.
 */
const KINDS_CACHE_SENDERS = 256
const kindsCache = new Map<ActorClass, WeakMap<ActorClass, PairKinds>>()

/** The split of a class pair; computed once while its sender class is among the recent ones (lint asks many times). */
export function pairKinds(senders: ActorClass, receivers: ActorClass): PairKinds {
  // perf: senders with no node and no pod (outside addresses, ECS) meet no receiver on a node or
  // as the same pod: every pair is apart, the first of each class stands for them (what
  // findApart picks), and nothing is worth caching (the internet has 515 classes at 1× xl, more
  // than the cache keeps)
  const first = senders.members[0]
  if (first && senders.byNode.size === 1 && senders.byNode.has(undefined) && first.pod === undefined) {
    const total = senders.members.length * receivers.members.length
    const receiver = firstEntries(receivers.byNode, 1)[0]?.[1][0]
    return {apart: {count: total, pair: total > 0 && receiver ? [first, receiver] : undefined}, sameNode: {count: 0}, self: {count: 0}}
  }
  // likewise receivers with no node and no pod (ECS, outside addresses): every pair is apart, and
  // findApart picks the first of each side
  if (apartFromAll(receivers)) {
    const total = senders.members.length * receivers.members.length
    return {apart: {count: total, pair: total > 0 ? [first!, receivers.members[0]!] : undefined}, sameNode: {count: 0}, self: {count: 0}}
  }
  let bySender = kindsCache.get(senders)
  if (!bySender) {
    if (kindsCache.size >= KINDS_CACHE_SENDERS) kindsCache.delete(kindsCache.keys().next().value!)
    kindsCache.set(senders, (bySender = new WeakMap()))
  }
  let kinds = bySender.get(receivers)
  if (!kinds) bySender.set(receivers, (kinds = computePairKinds(senders, receivers)))
  return kinds
}

/** How many sender classes the pair-split cache holds (for the bound's test). */
export function pairKindsCachedSenders(): number {
  return kindsCache.size
}

function computePairKinds(senders: ActorClass, receivers: ActorClass): PairKinds {
  const total = senders.members.length * receivers.members.length
  let sameNode = 0
  for (const [node, list] of senders.byNode) {
    if (!node) continue
    const there = receivers.byNode.get(node)
    if (there) sameNode += list.length * there.length
  }
  // self pairs: the same pod on both sides (a workload to itself)
  let self = 0
  let selfPair: [Actor, Actor] | undefined
  let selfOnNode = 0
  // only a workload's replicas can meet themselves
  const sameWorkload = senders.members[0]?.pod !== undefined && senders.members[0].pod.workload === receivers.members[0]?.pod?.workload
  if (sameWorkload) {
    const receiverPods = new Map<Pod, Actor>()
    for (const actor of receivers.members) if (actor.pod) receiverPods.set(actor.pod, actor)
    for (const actor of senders.members) {
      const other = actor.pod && receiverPods.get(actor.pod)
      if (!other) continue
      self++
      if (actor.node) selfOnNode++
      selfPair ??= [actor, other]
    }
  }
  const local = sameNode - selfOnNode
  const apart = total - sameNode - (self - selfOnNode)
  return {
    apart: {count: apart, pair: apart > 0 ? findApart(senders, receivers) : undefined},
    sameNode: {count: local, pair: local > 0 ? findSameNode(senders, receivers) : undefined},
    self: {count: self, pair: selfPair},
  }
}

function samePod(a: Actor, b: Actor): boolean {
  return a.pod !== undefined && a.pod === b.pod
}

function findSameNode(senders: ActorClass, receivers: ActorClass): [Actor, Actor] | undefined {
  for (const [node, list] of senders.byNode) {
    if (!node) continue
    const there = receivers.byNode.get(node)
    if (!there) continue
    for (const s of list) for (const r of there) if (!samePod(s, r)) return [s, r]
  }
  return undefined
}

/**
 * A pair on different nodes (or without nodes) that is not a pod with itself: the first found among
 * the first three node groups of each side and their first two members. Walks the maps in place
 * (a matrix asks this for every class pair of millions of endpoint pairs).
 */
function findApart(senders: ActorClass, receivers: ActorClass): [Actor, Actor] | undefined {
  let si = 0
  for (const [sn, sl] of senders.byNode) {
    if (si++ >= 3) break
    let ri = 0
    for (const [rn, rl] of receivers.byNode) {
      if (ri++ >= 3) break
      if (sn !== undefined && sn === rn) continue
      const sEnd = Math.min(sl.length, 2)
      const rEnd = Math.min(rl.length, 2)
      for (let i = 0; i < sEnd; i++) for (let j = 0; j < rEnd; j++) if (!samePod(sl[i]!, rl[j]!)) return [sl[i]!, rl[j]!]
    }
  }
  return undefined
}

function firstEntries<K, V>(map: Map<K, V>, count: number): Array<[K, V]> {
  const out: Array<[K, V]> = []
  for (const entry of map) {
    if (out.length >= count) break
    out.push(entry)
  }
  return out
}

/** Receivers on no node and without pods (ECS, outside addresses): every sender meets them apart. */
export function apartFromAll(receivers: ActorClass): boolean {
  const first = receivers.members[0]
  return first !== undefined && first.pod === undefined && receivers.byNode.size === 1 && receivers.byNode.has(undefined)
}
