import {type Cidr, parseCidr} from '../cidr/cidr.js'
import {type Ipv6Cidr, parseIpv6Cidr} from '../cidr/cidr6.js'
import {parseIpv4, prefixMask} from '../cidr/ipv4.js'
import {ipv6PrefixMask, parseIpv6} from '../cidr/ipv6.js'
import {type Address, blockHolds} from './family.js'
import {type LabelSelector, type Labels, formatSelector, selectorMatches} from './labels.js'

/**
 * Kubernetes NetworkPolicy evaluation (networking.k8s.io/v1), exactly as the API documents it:
 * - a pod is isolated for a direction when at least one policy in its namespace selects it
 *   and has that direction in policyTypes (default: Ingress always, Egress when the policy
 *   has egress rules); a non-isolated pod allows everything in that direction;
 * - an isolated pod allows what the union of the selecting policies' rules allows;
 * - within one rule, peers are OR-ed; inside one peer, podSelector AND namespaceSelector;
 *   an absent or empty `from`/`to` means every peer, an absent or empty `ports` every port;
 * - ports: protocol defaults to TCP, `port` is a number or a named container port of the
 *   destination pod, `endPort` makes a range;
 * - an ipBlock holds addresses of its own family only: an IPv4 block never matches an IPv6 peer.
 * The engine only evaluates; whether a cluster enforces policy at all is the caller's call.
 */

export type PolicyDirection = 'ingress' | 'egress'

/** A pod as policies see it: where it lives, its labels and its declared ports. */
export interface PolicyPod {
  namespace: string
  namespaceLabels: Labels
  labels: Labels
  ports: ReadonlyArray<{name?: string; containerPort: number; protocol?: string}>
}

/** The other end: its address, and the pod when the address is a pod of this cluster (identity visible). */
export interface PolicyPeer {
  ip: Address
  pod?: PolicyPod
}

export interface NetworkPolicyPort {
  protocol?: string
  port?: number | string
  endPort?: number
}

export interface NetworkPolicyPeerSpec {
  podSelector?: LabelSelector | null
  namespaceSelector?: LabelSelector | null
  /** Text as in a manifest, or already-parsed blocks (the topology model's; never re-parsed). */
  ipBlock?: {cidr: string | Cidr | Ipv6Cidr; except?: ReadonlyArray<string | Cidr | Ipv6Cidr> | null} | null
}

export interface NetworkPolicyRule {
  from?: NetworkPolicyPeerSpec[] | null
  to?: NetworkPolicyPeerSpec[] | null
  ports?: NetworkPolicyPort[] | null
}

export interface NetworkPolicyObject {
  metadata: {name: string; namespace?: string}
  spec: {
    podSelector?: LabelSelector | null
    policyTypes?: string[] | null
    ingress?: NetworkPolicyRule[] | null
    egress?: NetworkPolicyRule[] | null
  }
}

export interface PolicyVerdict {
  allowed: boolean
  /** False when no policy selects the pod for this direction (everything allowed). */
  isolated: boolean
  /** `NS/NAME` of the policy that decided: the one whose rule allowed, or the first selecting one on a deny. */
  policy?: string
  /** 0-based index of the allowing rule in that policy's ingress/egress list. */
  ruleIndex?: number
  /** `NS/NAME` of every policy selecting the pod for this direction. */
  selecting: string[]
  /**
   * Policies in the pod's namespace that did not select it for this direction, with why (for
   * --explain); `hasDirection` is false for a policy whose policyTypes lack this direction.
   */
  notSelecting: Array<{policy: string; why: string; hasDirection: boolean}>
  detail: string
}

interface CompiledIpBlock {
  cidr: Cidr | Ipv6Cidr
  except: Array<Cidr | Ipv6Cidr>
}

interface CompiledPeer {
  podSelector?: LabelSelector
  namespaceSelector?: LabelSelector
  ipBlock?: CompiledIpBlock
}

interface CompiledRule {
  /** undefined = every peer */
  peers?: CompiledPeer[]
  /** undefined = every port and protocol */
  ports?: NetworkPolicyPort[]
}

interface CompiledPolicy {
  id: string
  namespace: string
  podSelector: LabelSelector
  ingress?: CompiledRule[]
  egress?: CompiledRule[]
  types: Set<PolicyDirection>
}

function compilePolicy(policy: NetworkPolicyObject, defaultNamespace: string): CompiledPolicy {
  const namespace = policy.metadata.namespace ?? defaultNamespace
  return {
    id: `${namespace}/${policy.metadata.name}`,
    namespace,
    podSelector: policy.spec.podSelector ?? {},
    types: policyTypes(policy),
    ingress: policy.spec.ingress ? compileRules(policy.spec.ingress, 'ingress') : undefined,
    egress: policy.spec.egress ? compileRules(policy.spec.egress, 'egress') : undefined,
  }
}

const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name'

/** Lenient block parse for ipBlock: Kubernetes accepts host bits, so they are masked off. */
function parseBlock(text: string | Cidr | Ipv6Cidr): Cidr | Ipv6Cidr | undefined {
  if (typeof text !== 'string') return text
  if (text.includes(':')) return parseBlock6(text)
  const parsed = parseCidr(text)
  if (parsed.ok) return parsed.cidr
  const [address, prefixText] = String(text).split('/')
  const ip = parseIpv4(address ?? '')
  const prefix = Number(prefixText)
  if (ip === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32 || prefixText === undefined) return undefined
  return {network: (ip & prefixMask(prefix)) >>> 0, prefix}
}

function parseBlock6(text: string): Ipv6Cidr | undefined {
  const parsed = parseIpv6Cidr(text)
  if (parsed.ok) return parsed.cidr
  const [address, prefixText] = text.split('/')
  const ip = parseIpv6(address ?? '')
  const prefix = Number(prefixText)
  if (ip === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 128 || prefixText === undefined) return undefined
  return {family: 6, network: ip & ipv6PrefixMask(prefix), prefix}
}

function compilePeer(peer: NetworkPolicyPeerSpec): CompiledPeer | undefined {
  const compiled: CompiledPeer = {}
  if (peer.ipBlock) {
    const cidr = parseBlock(peer.ipBlock.cidr)
    if (!cidr) return undefined
    compiled.ipBlock = {cidr, except: (peer.ipBlock.except ?? []).map(parseBlock).filter((c): c is Cidr | Ipv6Cidr => c !== undefined)}
    return compiled
  }
  if (peer.podSelector) compiled.podSelector = peer.podSelector
  if (peer.namespaceSelector) compiled.namespaceSelector = peer.namespaceSelector
  if (!compiled.podSelector && !compiled.namespaceSelector) return undefined
  return compiled
}

function compileRules(rules: NetworkPolicyRule[], direction: PolicyDirection): CompiledRule[] {
  return rules.map((rule) => {
    const peers = direction === 'ingress' ? rule?.from : rule?.to
    return {
      peers: peers && peers.length > 0 ? peers.map(compilePeer).filter((p): p is CompiledPeer => p !== undefined) : undefined,
      ports: rule?.ports && rule.ports.length > 0 ? rule.ports : undefined,
    }
  })
}

function policyTypes(policy: NetworkPolicyObject): Set<PolicyDirection> {
  const declared = policy.spec.policyTypes
  if (declared && declared.length > 0) {
    return new Set(declared.map((t) => t.toLowerCase()).filter((t): t is PolicyDirection => t === 'ingress' || t === 'egress'))
  }
  // API-server defaulting: Ingress always; Egress when the policy has egress rules
  const types = new Set<PolicyDirection>(['ingress'])
  if (policy.spec.egress && policy.spec.egress.length > 0) types.add('egress')
  return types
}

export class NetworkPolicySet {
  private readonly byNamespace = new Map<string, CompiledPolicy[]>()
  /** When set, a namespace's policies are read and compiled the first time it is asked about. */
  private source?: (namespace: string) => readonly NetworkPolicyObject[]

  constructor(policies: readonly NetworkPolicyObject[], defaultNamespace = 'default') {
    for (const policy of policies) {
      const compiled = compilePolicy(policy, defaultNamespace)
      let list = this.byNamespace.get(compiled.namespace)
      if (!list) this.byNamespace.set(compiled.namespace, (list = []))
      list.push(compiled)
    }
  }

  /** A set that reads each namespace's policies (all in that namespace, in order) when first asked. */
  static byNamespace(policiesIn: (namespace: string) => readonly NetworkPolicyObject[]): NetworkPolicySet {
    const set = new NetworkPolicySet([])
    set.source = policiesIn
    return set
  }

  /** The compiled policies of one namespace, in order. */
  private inNamespace(namespace: string): readonly CompiledPolicy[] {
    let list = this.byNamespace.get(namespace)
    if (list === undefined && this.source) {
      list = this.source(namespace).map((policy) => compilePolicy(policy, namespace))
      this.byNamespace.set(namespace, list)
    }
    return list ?? []
  }

  /** Policies in namespaces asked about so far, for a set that reads them per namespace. */
  get size(): number {
    let count = 0
    for (const list of this.byNamespace.values()) count += list.length
    return count
  }

  /** True when some policy selects the pod for this direction. */
  isolates(direction: PolicyDirection, pod: PolicyPod): boolean {
    for (const policy of this.inNamespace(pod.namespace)) {
      if (policy.types.has(direction) && selectorMatches(policy.podSelector, pod.labels)) return true
    }
    return false
  }

  /**
   * Does `subject` (the pod the policies protect) allow a new connection with `peer` in this
   * direction? Ingress: peer → subject:port. Egress: subject → peer:port.
   */
  /** Policies selecting a pod, per direction; keyed by the PolicyPod object (callers reuse one per workload). */
  private readonly selectingCache = new WeakMap<PolicyPod, {ingress?: CompiledPolicy[]; egress?: CompiledPolicy[]}>()

  private selectingFor(direction: PolicyDirection, subject: PolicyPod): CompiledPolicy[] {
    let entry = this.selectingCache.get(subject)
    if (!entry) this.selectingCache.set(subject, (entry = {}))
    let list = entry[direction]
    if (!list) {
      list = this.inNamespace(subject.namespace).filter((policy) => policy.types.has(direction) && selectorMatches(policy.podSelector, subject.labels))
      entry[direction] = list
    }
    return list
  }

  evaluate(direction: PolicyDirection, subject: PolicyPod, peer: PolicyPeer, protocol: string, port: number, explain = true, describe = true): PolicyVerdict {
    const selecting: CompiledPolicy[] = explain ? [] : this.selectingFor(direction, subject)
    const notSelecting: PolicyVerdict['notSelecting'] = []
    // with --explain the loop below also says why each other policy did not apply
    for (const policy of explain ? this.inNamespace(subject.namespace) : []) {
      if (!selectorMatches(policy.podSelector, subject.labels)) {
        // the why-text is only for --explain; matrix and lint skip building it
        if (explain) notSelecting.push({policy: policy.id, why: `podSelector ${formatSelector(policy.podSelector)} does not match the pod`, hasDirection: policy.types.has(direction)})
      } else if (!policy.types.has(direction)) {
        if (explain) notSelecting.push({policy: policy.id, why: `policyTypes has no ${direction === 'ingress' ? 'Ingress' : 'Egress'}`, hasDirection: false})
      } else {
        selecting.push(policy)
      }
    }
    if (selecting.length === 0) {
      return {allowed: true, isolated: false, selecting: [], notSelecting, detail: describe ? `no NetworkPolicy selects the pod for ${direction}: not isolated` : ''}
    }
    // the pod whose named ports a rule refers to: the destination of the connection
    const destinationPod = direction === 'ingress' ? subject : peer.pod
    for (const policy of selecting) {
      const rules = (direction === 'ingress' ? policy.ingress : policy.egress) ?? []
      for (let index = 0; index < rules.length; index++) {
        const rule = rules[index]!
        if (!this.peerMatches(rule, policy, peer)) continue
        if (!portMatches(rule.ports, protocol, port, destinationPod)) continue
        return {
          allowed: true,
          isolated: true,
          policy: policy.id,
          ruleIndex: index,
          selecting: selecting.map((p) => p.id),
          notSelecting,
          detail: describe ? `${direction} rule ${index} of networkPolicy/${policy.id} allows ${protocol}/${port}` : '',
        }
      }
    }
    const names = selecting.map((p) => p.id)
    return {
      allowed: false,
      isolated: true,
      policy: names[0],
      selecting: names,
      notSelecting,
      detail: `selected by ${names.map((n) => `networkPolicy/${n}`).join(', ')}; no ${direction} rule allows ${protocol}/${port} ${direction === 'ingress' ? 'from' : 'to'} this peer`,
    }
  }

  private peerMatches(rule: CompiledRule, policy: CompiledPolicy, peer: PolicyPeer): boolean {
    if (!rule.peers) return true
    for (const candidate of rule.peers) {
      if (candidate.ipBlock) {
        if (blockHolds(candidate.ipBlock.cidr, peer.ip) && !candidate.ipBlock.except.some((e) => blockHolds(e, peer.ip))) return true
        continue
      }
      if (peer.pod && identityMatches(candidate, policy, peer.pod)) return true
    }
    return false
  }

  /**
   * The ids of the policies selecting `subject` for this direction, as one string: all an egress
   * evaluation reads of its subject (the rules' peers and ports are the destination's).
   */
  selectingKey(direction: PolicyDirection, subject: PolicyPod): string {
    return this.selectingFor(direction, subject)
      .map((policy) => policy.id)
      .join(',')
  }

  private readonly signatures = new WeakMap<PolicyPod, WeakMap<PolicyPod, string>>()
  /**
   * What the policies selecting `subject` for this direction can tell of `peer`'s identity: for
   * every pod/namespace-selector peer of their rules, whether `peer` matches it. evaluate reads
   * the peer's identity only there, so two peers with one signature (and addresses in the same
   * ipBlocks) get one verdict (issue #16: matrix traces shared across workloads).
   */
  peerSignature(direction: PolicyDirection, subject: PolicyPod, peer: PolicyPod): string {
    let bySubject = this.signatures.get(peer)
    if (!bySubject) this.signatures.set(peer, (bySubject = new WeakMap()))
    let signature = bySubject.get(subject)
    if (signature === undefined) {
      signature = ''
      for (const policy of this.selectingFor(direction, subject)) {
        for (const rule of (direction === 'ingress' ? policy.ingress : policy.egress) ?? []) {
          for (const candidate of rule.peers ?? []) if (!candidate.ipBlock) signature += identityMatches(candidate, policy, peer) ? '1' : '0'
          signature += '/'
        }
        signature += ';'
      }
      bySubject.set(subject, signature)
    }
    return signature
  }
}

/** Does a pod/namespace-selector peer of a policy's rule select this pod? */
function identityMatches(candidate: CompiledPeer, policy: CompiledPolicy, pod: PolicyPod): boolean {
  if (candidate.namespaceSelector) {
    const namespaceLabels = {...pod.namespaceLabels, [METADATA_NAME_LABEL]: pod.namespace}
    if (!selectorMatches(candidate.namespaceSelector, namespaceLabels)) return false
  } else if (pod.namespace !== policy.namespace) {
    return false // a podSelector alone selects pods in the policy's own namespace
  }
  return !candidate.podSelector || selectorMatches(candidate.podSelector, pod.labels)
}

function portMatches(ports: NetworkPolicyPort[] | undefined, protocol: string, port: number, destinationPod: PolicyPod | undefined): boolean {
  if (!ports) return true
  const wanted = protocol.toUpperCase()
  for (const entry of ports) {
    const entryProtocol = (entry.protocol ?? 'TCP').toUpperCase()
    if (entryProtocol !== wanted) continue
    if (entry.port === undefined || entry.port === null) return true
    if (typeof entry.port === 'number' || /^\d+$/.test(entry.port)) {
      const start = Number(entry.port)
      const end = entry.endPort ?? start
      if (port >= start && port <= end) return true
      continue
    }
    // named port: resolved against the destination pod's container ports
    const named = destinationPod?.ports.find((p) => p.name === entry.port && (p.protocol ?? 'TCP').toUpperCase() === wanted)
    if (named && named.containerPort === port) return true
  }
  return false
}
