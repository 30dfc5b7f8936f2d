import type {AnyCidr} from '../cidr/any.js'
import type {Actor} from '../reach/endpoints.js'
import {formatCidr} from '../cidr/cidr.js'
import {formatIpv6Cidr} from '../cidr/cidr6.js'
import {type Address, blockHolds} from '../reach/family.js'
import type {EniPolicy} from '../reach/security-groups.js'
import type {Cluster, Model, SecurityGroup} from '../topology/model.js'
import type {SgChange} from './model-delta.js'
import type {NetworkProtocol, PortRange} from './ports.js'
import type {NetworkSession} from './session.js'
import {inside, sameInternet, withTranslated} from './pruning.js'
import {type Footprint, footprintOf, type Senders, seenAs} from './sg-footprint.js'

/**
 * Which pairs an edit to security-group rules can change (issue #16). A trace reads the rules only
 * through the ENI checks of its senders (egress, towards the address the packet is sent to) and
 * receivers (ingress, from the address the receiver sees); every other step is the same in both
 * files. So a pair can change only if one of those checks decides differently (another verdict or
 * another deciding group) for some port the differing rules cover. Per ENI group set, direction
 * and protocol, the rules cut peer addresses into classes (which of the relevant CIDRs hold them,
 * and which groups they belong to); each class is evaluated in both files once.
 *
 * A pair is evaluated when
 * - a receiver the destination can deliver to (sg-footprint.ts) carries a differing group, and the
 *   source can be seen from an address where that group set decides differently: its own
 *   addresses, its node's when masqueraded, and its SNAT or EIP address when the packet goes to an
 *   address the VPC routes to a NAT gateway; or a node in front of an endpoint (kube-proxy SNAT),
 *   or an Ingress controller, is seen from such an address;
 * - or a sender's group set decides differently towards an address the destination is sent to.
 * Checks that decide alike leave the trace alike but for the rule index named in `via`, and a
 * flow allowed on both sides is no change whatever admits it (diff.ts classify), so a pair with no
 * differing check reports nothing. The internet is pruned only when its address classes are the
 * same in both files (a CIDR edit that moves them changes which addresses are traced).
 */
export const pairPruning = {
  /** Off: every pair is evaluated on the affected ports (the tests' reference). */
  enabled: true,
}

interface IngressCheck {
  protocol: NetworkProtocol
  eni: string
  ports: 'any' | readonly number[]
  senders: Senders
  decisions: DecisionClasses
}

/** Destinations whose footprints trip the same checks, the same way. */
interface DestinationGroup {
  checks: readonly number[]
  /** Some delivered address is routed to a NAT gateway: the sender may be seen from its public address. */
  leaves: boolean
  /** Sender group sets whose egress decides differently towards some address of the destination. */
  egress: ReadonlySet<string>
}

/** Sources that are seen from the same peer classes, with the same differing group sets: they trip the same checks. */
interface SourceGroup {
  own: ReadonlySet<number>
  public: ReadonlySet<number>
  enis: readonly string[]
}

interface SourceSide {
  own: readonly Address[]
  public: readonly Address[]
  enis: readonly string[]
  inside: boolean
  clusters: ReadonlySet<Cluster>
}

/** The peer blocks of a group set's relevant rules (one direction and protocol), and the class of each address met. */
interface PeerClasses {
  cidrs: AnyCidr[]
  /** Ports where a decision can change: every range the edit covers, cut at each relevant rule boundary. */
  cuts: number[]
  byAddress: Map<Address, string>
  /** The first address met of each class (the one evaluated for it). */
  representative: Map<string, Address>
  byList: WeakMap<readonly Address[], readonly string[]>
}

/** Whether a group set decides differently, per peer class and per address, on some of the ports asked. */
interface DecisionClasses {
  eni: string
  direction: 'ingress' | 'egress'
  protocol: NetworkProtocol
  peers: PeerClasses
  ports: number[]
  byClass: Map<string, boolean>
  byList: WeakMap<readonly Address[], boolean>
}

export class SgPairFilter {
  private readonly env
  private readonly groupsByName: {base: Map<string, SecurityGroup>; head: Map<string, SecurityGroup>}
  private readonly policies = new Map<string, {base: EniPolicy; head: EniPolicy}>()
  private readonly touchedKeys = new Map<readonly SecurityGroup[], string | undefined>()
  /** Every differing ENI group set of the file (the egress side of any sender or relay). */
  private readonly touchedSets: string[]
  private readonly checks: IngressCheck[] = []
  private readonly checkIds = new Map<string, number>()
  private readonly classes = new Map<string, DecisionClasses>()
  private readonly peers = new Map<string, PeerClasses>()
  private readonly membership = new Map<Address, string>()
  /** Per protocol, the peer classes of every ingress check (all known once the constructor has seen every destination). */
  private readonly peersByProtocol = new Map<NetworkProtocol, PeerClasses[]>()
  private readonly footprints: Footprint[]
  /** Per protocol the edit covers: each destination's group (-1: always evaluated) and ports to evaluate. */
  private readonly byProtocol = new Map<NetworkProtocol, {groups: Int32Array; ports: Array<readonly PortRange[] | 'every'>}>()
  private readonly destinationGroups: DestinationGroup[] = []
  private readonly destinationGroupIds = new Map<string, number>()
  private readonly sources = new Map<string, SourceSide>()
  private readonly rows = new Map<string, Uint8Array>()
  private readonly natRouted = new Map<Address, boolean>()
  private readonly natRoutedLists = new WeakMap<readonly Address[], boolean>()
  private readonly receiverSetCache = new WeakMap<readonly Actor[], readonly string[]>()
  private readonly internetStable: boolean

  /** `destinations`: the references asked, in the order `row` answers for (only those in both files are ever asked about). */
  constructor(
    private readonly base: NetworkSession,
    private readonly head: NetworkSession,
    private readonly change: SgChange,
    private readonly destinations: readonly string[],
    protocols: readonly NetworkProtocol[],
  ) {
    this.env = head.env
    this.groupsByName = {base: byName(base.reach.ctx.model), head: byName(head.reach.ctx.model)}
    const sets = new Set<string>()
    const model = head.reach.ctx.model
    const note = (groups: readonly SecurityGroup[]) => {
      const key = this.touchedKey(groups)
      if (key !== undefined) sets.add(key)
    }
    for (const instance of model.instances) note(instance.securityGroups)
    for (const cluster of model.clusters) {
      for (const node of cluster.nodes) note(node.securityGroups)
      for (const pod of cluster.pods) note(pod.securityGroups)
    }
    this.touchedSets = [...sets]
    this.internetStable = sameInternet(base.reach.ctx.model, model, head.family)
    this.footprints = destinations.map((ref) => this.footprint(ref))
    for (const protocol of protocols) {
      const affected = change.ports.get(protocol)
      if (!affected) continue
      const groups = new Int32Array(destinations.length)
      const ports = this.footprints.map((footprint, i) => {
        const always = footprint.unknown || (!this.internetStable && destinations[i] === 'internet')
        groups[i] = always ? -1 : this.destinationGroup(footprint, protocol, affected)
        return footprint.unknown || footprint.everyPort ? 'every' : withTranslated(affected, footprint, protocol)
      })
      this.byProtocol.set(protocol, {groups, ports})
    }
  }

  /**
   * For one source and protocol, per destination (by index): 1 when the pair can change, else 0;
   * undefined when the edit covers nothing of the protocol. Sources alike share one row.
   */
  row(from: string, protocol: NetworkProtocol): Uint8Array | undefined {
    const destinations = this.byProtocol.get(protocol)
    if (!destinations) return undefined
    const everything = !pairPruning.enabled || (!this.internetStable && from === 'internet')
    const key = everything ? 'every' : this.sourceKey(from, protocol)
    let row = this.rows.get(`${protocol}|${key}`)
    if (row) return row
    row = new Uint8Array(this.destinations.length)
    if (everything) row.fill(1)
    else {
      const group = this.sourceGroup(from, protocol)
      const verdicts = new Map<number, boolean>()
      destinations.groups.forEach((id, i) => {
        if (id < 0) row![i] = 1
        else {
          let affects = verdicts.get(id)
          if (affects === undefined) verdicts.set(id, (affects = this.affects(group, this.destinationGroups[id]!)))
          row![i] = affects ? 1 : 0
        }
      })
    }
    this.rows.set(`${protocol}|${key}`, row)
    return row
  }

  /** The port intervals to evaluate for a destination (by index), or `every` port. */
  ports(to: number, protocol: NetworkProtocol): readonly PortRange[] | 'every' {
    return this.byProtocol.get(protocol)!.ports[to]!
  }

  private affects(source: SourceGroup, destination: DestinationGroup): boolean {
    if (source.enis.some((eni) => destination.egress.has(eni))) return true
    return destination.checks.some((check) => source.own.has(check) || (destination.leaves && source.public.has(check)))
  }

  private footprint(ref: string): Footprint {
    const reach = this.head.reach
    try {
      return footprintOf(this.env, ref, reach.destination(ref, reach.source('internet')).target)
    } catch {
      // not in the head file: never asked about
      return {unknown: true, ingress: [], fixedSeen: [], relays: [], targets: [], delivered: [], translated: [], everyPort: true}
    }
  }

  /** -1 (always evaluated) when an address the receivers see whatever the source decides differently; else the destination's group. */
  private destinationGroup(footprint: Footprint, protocol: NetworkProtocol, affected: readonly PortRange[]): number {
    const checks = new Set<number>()
    for (const stage of footprint.ingress) {
      const ports = stage.ports === 'any' ? 'any' : stage.ports.filter((port) => inside(affected, protocol, port))
      if (ports !== 'any' && ports.length === 0) continue
      for (const eni of this.receiverSets(stage.receivers)) checks.add(this.check(protocol, eni, ports, stage.senders))
    }
    const egress = new Set<string>()
    for (const eni of this.touchedSets) {
      const decisions = this.decisions(eni, 'egress', protocol, 'any')
      if (footprint.targets.some((list) => this.anyDiffers(decisions, list))) egress.add(eni)
    }
    // seen whatever the source: nodes in front of endpoints, and the relays (their own and public addresses)
    const relays = seenAs(this.env, footprint.relays)
    const fixed = [...footprint.fixedSeen, relays.own, relays.public]
    if ([...checks].some((id) => fixed.some((list) => this.anyDiffers(this.checks[id]!.decisions, list)))) return -1
    if (footprint.relays.some((relay) => relay.hasEni && egress.has(this.touchedKey(relay.groups) ?? ''))) return -1
    const leaves = footprint.delivered.some((list) => this.listRoutedToNat(list))
    const sorted = [...checks].sort((a, b) => a - b)
    const key = `${sorted.join(',')}|${leaves}|${[...egress].sort().join(';')}`
    let id = this.destinationGroupIds.get(key)
    if (id === undefined) {
      this.destinationGroupIds.set(key, (id = this.destinationGroups.length))
      this.destinationGroups.push({checks: sorted, leaves, egress})
    }
    return id
  }

  private source(ref: string): SourceSide {
    let side = this.sources.get(ref)
    if (!side) {
      const actors = this.head.reach.source(ref).actors
      const seen = seenAs(this.env, actors)
      const enis = new Set<string>()
      const clusters = new Set<Cluster>()
      for (const actor of actors) {
        if (actor.hasEni) {
          const eni = this.touchedKey(actor.groups)
          if (eni !== undefined) enis.add(eni)
        }
        if (actor.cluster && (actor.kind === 'pod' || actor.kind === 'node')) clusters.add(actor.cluster)
      }
      side = {own: [...new Set(seen.own)], public: seen.public, enis: [...enis].sort(), inside: actors.some((a: Actor) => a.kind !== 'outside'), clusters}
      this.sources.set(ref, side)
    }
    return side
  }

  /** What decides a source's checks: the peer classes of its own and public addresses under each ingress group set, its differing group sets, and who it is to the checks' sender conditions. */
  private sourceKey(ref: string, protocol: NetworkProtocol): string {
    const source = this.source(ref)
    const parts: string[] = [source.enis.join(';'), String(source.inside), [...source.clusters].map((c) => c.name).sort().join(',')]
    for (const peers of this.ingressPeers(protocol)) {
      parts.push(`${[...this.classesOf(peers, source.own)].sort().join('/')}>${[...this.classesOf(peers, source.public)].sort().join('/')}`)
    }
    return parts.join('|')
  }

  /** The checks a source trips, by its own and by its public addresses. */
  private sourceGroup(ref: string, protocol: NetworkProtocol): SourceGroup {
    const source = this.source(ref)
    const own = new Set<number>()
    const publicHits = new Set<number>()
    this.checks.forEach((check, id) => {
      if (check.protocol !== protocol || !admits(check.senders, source)) return
      // the classes, not the lists: a source's list is its own, and caching per list and check would keep thousands
      const peers = check.decisions.peers
      if (this.classesOf(peers, source.own).some((c) => this.classDiffers(check.decisions, c))) own.add(id)
      if (this.classesOf(peers, source.public).some((c) => this.classDiffers(check.decisions, c))) publicHits.add(id)
    })
    return {own, public: publicHits, enis: source.enis}
  }

  private ingressPeers(protocol: NetworkProtocol): PeerClasses[] {
    let list = this.peersByProtocol.get(protocol)
    if (!list) {
      const out = new Set<PeerClasses>()
      for (const check of this.checks) if (check.protocol === protocol) out.add(check.decisions.peers)
      this.peersByProtocol.set(protocol, (list = [...out]))
    }
    return list
  }

  private check(protocol: NetworkProtocol, eni: string, ports: 'any' | readonly number[], senders: Senders): number {
    const who = typeof senders === 'string' ? senders : `cluster:${senders.name}`
    const key = `${protocol}|${eni}|${ports === 'any' ? 'any' : ports.join(',')}|${who}`
    let id = this.checkIds.get(key)
    if (id === undefined) {
      this.checkIds.set(key, (id = this.checks.length))
      this.checks.push({protocol, eni, ports, senders, decisions: this.decisions(eni, 'ingress', protocol, ports)})
    }
    return id
  }

  /** The names of a group set when one of them differs between the files, else undefined. */
  private touchedKey(groups: readonly SecurityGroup[]): string | undefined {
    if (this.touchedKeys.has(groups)) return this.touchedKeys.get(groups)
    const key = groups.some((g) => this.change.groups.has(g.name)) ? groups.map((g) => g.name).join('\u0000') : undefined
    this.touchedKeys.set(groups, key)
    return key
  }

  /** The decisions of a group set in one direction and protocol, on the ports asked (the callers look it up once and ask per address). */
  private decisions(eni: string, direction: 'ingress' | 'egress', protocol: NetworkProtocol, asked: 'any' | readonly number[]): DecisionClasses {
    const memo = `${eni}|${direction}|${protocol}|${asked === 'any' ? 'any' : asked.join(',')}`
    let decisions = this.classes.get(memo)
    if (!decisions) {
      const peers = this.peerClasses(eni, direction, protocol)
      const ports = asked === 'any' ? peers.cuts : [...asked]
      this.classes.set(memo, (decisions = {eni, direction, protocol, peers, ports, byClass: new Map(), byList: new WeakMap()}))
    }
    return decisions
  }

  /** The differing group sets among the receivers' ENIs (a list shared by destinations is looked at once). */
  private receiverSets(receivers: readonly Actor[]): readonly string[] {
    let sets = this.receiverSetCache.get(receivers)
    if (!sets) {
      const found = new Set<string>()
      const seen = new Set<readonly SecurityGroup[]>()
      for (const receiver of receivers) {
        if (!receiver.hasEni || receiver.kind === 'outside' || seen.has(receiver.groups)) continue
        seen.add(receiver.groups)
        const eni = this.touchedKey(receiver.groups)
        if (eni !== undefined) found.add(eni)
      }
      this.receiverSetCache.set(receivers, (sets = [...found]))
    }
    return sets
  }

  /** Whether the group set decides differently with some address of the list (a list shared by destinations is looked at once). */
  private anyDiffers(decisions: DecisionClasses, list: readonly Address[]): boolean {
    let answer = decisions.byList.get(list)
    if (answer === undefined) decisions.byList.set(list, (answer = this.classesOf(decisions.peers, list).some((peerClass) => this.classDiffers(decisions, peerClass))))
    return answer
  }

  /** The distinct peer classes of a list of addresses. */
  private classesOf(peers: PeerClasses, list: readonly Address[]): readonly string[] {
    let classes = peers.byList.get(list)
    if (!classes) peers.byList.set(list, (classes = [...new Set(list.map((address) => this.peerClass(peers, address)))]))
    return classes
  }

  private listRoutedToNat(list: readonly Address[]): boolean {
    let answer = this.natRoutedLists.get(list)
    if (answer === undefined) this.natRoutedLists.set(list, (answer = list.some((address) => this.routedToNat(address))))
    return answer
  }

  /** The same for a peer class (evaluated at its representative address). */
  private classDiffers(decisions: DecisionClasses, peerClass: string): boolean {
    let answer = decisions.byClass.get(peerClass)
    if (answer === undefined) {
      const peer = decisions.peers.representative.get(peerClass)!
      const {base, head} = this.policiesOf(decisions.eni)
      const groups = this.base.reach.ctx.groupsOf(peer)
      const {direction, protocol} = decisions
      answer = decisions.ports.some((port) => {
        const before = base.evaluate(direction, protocol, port, peer, groups, false, false)
        const after = head.evaluate(direction, protocol, port, peer, groups, false, false)
        return before.accepted !== after.accepted || before.group !== after.group
      })
      decisions.byClass.set(peerClass, answer)
    }
    return answer
  }

  /** Which relevant peer blocks hold the address, and the groups it is a member of (sg: peers, the basic same-group default). */
  private peerClass(peers: PeerClasses, peer: Address): string {
    let key = peers.byAddress.get(peer)
    if (key === undefined) {
      let groups = this.membership.get(peer)
      if (groups === undefined) this.membership.set(peer, (groups = [...this.base.reach.ctx.groupsOf(peer)].sort().join(',')))
      key = `${groups}|`
      for (const cidr of peers.cidrs) key += blockHolds(cidr, peer) ? '1' : '0'
      peers.byAddress.set(peer, key)
      if (!peers.representative.has(key)) peers.representative.set(key, peer)
    }
    return key
  }

  /**
   * The rules of the group set that can match on the ports the edit covers, in either file: their
   * peer blocks (which tell addresses apart), and the ports where a decision can change (the start
   * of each covered range and every rule boundary inside it).
   */
  private peerClasses(eni: string, direction: 'ingress' | 'egress', protocol: NetworkProtocol): PeerClasses {
    const memo = `${eni}|${direction}|${protocol}`
    const known = this.peers.get(memo)
    if (known) return known
    const affected = this.change.ports.get(protocol) ?? []
    const ported = protocol === 'tcp' || protocol === 'udp'
    const names = eni.split('\u0000')
    const cidrs = new Map<string, AnyCidr>()
    const bounds = new Set<number>()
    for (const side of [this.groupsByName.base, this.groupsByName.head]) {
      for (const name of names) {
        for (const rule of side.get(name)?.rules ?? []) {
          if (rule.direction !== direction || (rule.protocol !== 'all' && rule.protocol !== protocol)) continue
          const from = ported && rule.protocol !== 'all' ? rule.ports?.from ?? 1 : 1
          const to = ported && rule.protocol !== 'all' ? rule.ports?.to ?? 65_535 : 65_535
          if (ported && !affected.some((range) => range.from <= to && from <= range.to)) continue
          if (rule.peer.type === 'cidr') cidrs.set(formatCidr(rule.peer.cidr), rule.peer.cidr)
          if (rule.peer.type === 'cidr6') cidrs.set(formatIpv6Cidr(rule.peer.cidr), rule.peer.cidr)
          if (ported) bounds.add(from), bounds.add(to + 1)
        }
      }
    }
    const cuts: number[] = []
    for (const range of affected) {
      cuts.push(range.from)
      if (ported) for (const bound of bounds) if (bound > range.from && bound <= range.to) cuts.push(bound)
    }
    const peers = {cidrs: [...cidrs.values()], cuts, byAddress: new Map<Address, string>(), representative: new Map<string, Address>(), byList: new WeakMap()}
    this.peers.set(memo, peers)
    return peers
  }

  private policiesOf(eni: string): {base: EniPolicy; head: EniPolicy} {
    let pair = this.policies.get(eni)
    if (!pair) {
      const names = eni.split('\u0000')
      const pick = (side: Map<string, SecurityGroup>) => names.map((name) => side.get(name)).filter((g): g is SecurityGroup => g !== undefined)
      pair = {base: this.base.reach.ctx.eni(pick(this.groupsByName.base)), head: this.head.reach.ctx.eni(pick(this.groupsByName.head))}
      this.policies.set(eni, pair)
    }
    return pair
  }

  /** Whether some route table of the file sends the address to a NAT gateway (the sender then leaves with a public address). */
  private routedToNat(address: Address): boolean {
    if (typeof address !== 'number') return false
    let routed = this.natRouted.get(address)
    if (routed === undefined) {
      const ctx = this.head.reach.ctx
      routed = ctx.model.routeTables.some((table) => ctx.routes(table).lookup(address)?.target.kind === 'nat')
      this.natRouted.set(address, routed)
    }
    return routed
  }
}

function admits(senders: Senders, source: SourceSide): boolean {
  if (senders === 'all') return true
  if (senders === 'inside') return source.inside
  return source.clusters.has(senders)
}

function byName(model: Model): Map<string, SecurityGroup> {
  return new Map(model.securityGroups.map((g) => [g.name, g]))
}
