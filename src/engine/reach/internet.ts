import {type Cidr, formatCidr} from '../cidr/cidr.js'
import {gapsInside} from '../cidr/collapse.js'
import {type AddressRange, cidrToRange, mergeRanges, rangeToCidrs} from '../cidr/range.js'
import type {Model} from '../topology/model.js'
import {NOT_PUBLIC_BLOCKS} from '../platform/address-space.js'

/**
 * `internet` is every public address (SPEC §4.1, 0.2), never one address a rule could match by
 * accident. The public space is cut into classes of addresses that every CIDR in the file (SG
 * rule peers, SLB ACLs, NetworkPolicy ipBlocks, route destinations, VPC and nonMasquerade
 * blocks) treats alike; each class is traced once from its first address. A rule admits
 * `internet` only when it admits every class; otherwise the answer is partial and names the
 * admitted ranges.
 */
export interface InternetClass {
  /** `internet` when one class covers all public space, else `internet 203.0.113.0/24` or `internet (other public addresses)`. */
  name: string
  /** The address traced for the class. */
  representative: number
  cidrs: Cidr[]
}

const ALL: AddressRange = {start: 0, end: 2 ** 32 - 1}
const cache = new WeakMap<Model, InternetClass[]>()

export function internetClasses(model: Model): InternetClass[] {
  let classes = cache.get(model)
  if (!classes) cache.set(model, (classes = computeClasses(model)))
  return classes
}

function computeClasses(model: Model): InternetClass[] {
  const publicRanges = gapsInside(ALL, mergeRanges(NOT_PUBLIC_BLOCKS.map(cidrToRange)))
  const boundaries = distinguishingRanges(model, publicRanges)
  // cut points: every range edge; a piece between two cut points is treated alike by every range
  const cuts = new Set<number>()
  for (const range of [...publicRanges, ...boundaries]) {
    cuts.add(range.start)
    cuts.add(range.end + 1)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const bySignature = new Map<string, AddressRange[]>()
  for (let i = 0; i + 1 < points.length; i++) {
    const piece = {start: points[i]!, end: points[i + 1]! - 1}
    if (!publicRanges.some((r) => r.start <= piece.start && piece.end <= r.end)) continue
    let signature = ''
    for (let b = 0; b < boundaries.length; b++) if (boundaries[b]!.start <= piece.start && piece.end <= boundaries[b]!.end) signature += `${b},`
    const list = bySignature.get(signature)
    if (list) list.push(piece)
    else bySignature.set(signature, [piece])
  }
  const groups = [...bySignature.values()]
  if (groups.length === 1) return [{name: 'internet', representative: groups[0]![0]!.start, cidrs: []}]
  return groups.map((pieces) => {
    const cidrs: Cidr[] = []
    for (const range of mergeRanges(pieces)) rangeToCidrs(range, cidrs)
    const name = cidrs.length <= 3 ? `internet ${cidrs.map(formatCidr).join(', ')}` : 'internet (other public addresses)'
    return {name, representative: pieces[0]!.start, cidrs}
  })
}

/** Every CIDR of the file that covers some public addresses but not all of them, as ranges (deduplicated). */
function distinguishingRanges(model: Model, publicRanges: AddressRange[]): AddressRange[] {
  const blocks: Cidr[] = []
  for (const group of model.securityGroups) for (const rule of group.rules) if (rule.peer.type === 'cidr') blocks.push(rule.peer.cidr)
  for (const lb of model.loadBalancers) if (lb.acl) blocks.push(...lb.acl.cidrs)
  for (const table of model.routeTables) for (const route of table.routes) blocks.push(route.destination)
  for (const vpc of model.vpcs) blocks.push(...vpc.cidrs)
  for (const cluster of model.clusters) {
    if (cluster.network.plugin === 'flannel') blocks.push(...cluster.network.nonMasqueradeCidrs)
    for (const policy of cluster.networkPolicies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) if (peer.ipBlock?.family === 4) blocks.push(peer.ipBlock.cidr, ...peer.ipBlock.except)
      }
    }
  }
  const seen = new Set<string>()
  const out: AddressRange[] = []
  for (const block of blocks) {
    const range = cidrToRange(block)
    const key = `${range.start}-${range.end}`
    if (seen.has(key)) continue
    seen.add(key)
    const touches = publicRanges.some((r) => r.start <= range.end && range.start <= r.end)
    const coversAll = publicRanges.every((r) => range.start <= r.start && r.end <= range.end)
    if (touches && !coversAll) out.push(range)
  }
  return out
}
