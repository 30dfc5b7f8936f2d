import {type Cidr, cidrsOverlap, formatCidr} from '../cidr/cidr.js'
import {NODE_CIDR_MASK, validatePodCidr} from '../platform/rules.js'
import {routeCapacityOf} from './routes.js'

/**
 * The per-node pod range of the `index`-th node (0-based, pool order) of a Flannel cluster:
 * the pod CIDR split evenly into /nodeMask blocks, handed out in address order.
 * Undefined once the pod CIDR has no range left.
 */
export function flannelNodeRange(podCidr: Cidr, nodeMask: number, index: number): Cidr | undefined {
  if (nodeMask < podCidr.prefix || index < 0) return undefined
  const rangeCount = 2 ** (nodeMask - podCidr.prefix)
  if (index >= rangeCount) return undefined
  return {network: podCidr.network + index * 2 ** (32 - nodeMask), prefix: nodeMask}
}

// ---------------------------------------------------------------------------------------------
// Cluster limits (SPEC §1.2). Per-node block = 2^(32 − nodeCidrMask) addresses; ACK counts
// addresses − 1 as the pods a node can run (terraform node_cidr_mask doc: "24 means
// 2^(32-24)-1=255"). Each node takes one custom route entry — flannelRoutes in sources.ts.

export type FlannelLimitedBy = 'route-quota' | 'pod-cidr'

export interface FlannelLimitsInput {
  podCidr: Cidr
  nodeCidrMask: number
  /** Custom route entries allowed in the table (settings.routeEntriesPerTable, default 200). */
  routeQuota: number
  /** Custom entries already used in that table (NAT default route, IDC routes, ...). */
  customRoutes: number
}

export interface FlannelLimits {
  addressesPerNode: number
  podsPerNode: number
  rangeCount: number
  routeCapacity: number
  maxNodes: number
  maxPods: number
  limitedBy: FlannelLimitedBy
}

/** Addresses of one node's pod range: 2^(32 − nodeCidrMask). */
export function flannelAddressesPerNode(nodeCidrMask: number): number {
  return 2 ** (32 - nodeCidrMask)
}

/**
 * Pods a Flannel node runs: its range's addresses − 1, as ACK counts them (terraform
 * node_cidr_mask: "24 means 2^(32-24)-1=255"). The one place this figure is computed.
 */
export function flannelPodsPerNode(nodeCidrMask: number): number {
  return flannelAddressesPerNode(nodeCidrMask) - 1
}

export function flannelLimits({podCidr, nodeCidrMask, routeQuota, customRoutes}: FlannelLimitsInput): FlannelLimits {
  const addressesPerNode = flannelAddressesPerNode(nodeCidrMask)
  const podsPerNode = flannelPodsPerNode(nodeCidrMask)
  const rangeCount = nodeCidrMask >= podCidr.prefix ? 2 ** (nodeCidrMask - podCidr.prefix) : 0
  const routeCapacity = routeCapacityOf(routeQuota, customRoutes)
  // a tie is reported as the route quota: that is the limit an operator can raise
  const limitedBy: FlannelLimitedBy = routeCapacity <= rangeCount ? 'route-quota' : 'pod-cidr'
  const maxNodes = Math.min(rangeCount, routeCapacity)
  return {addressesPerNode, podsPerNode, rangeCount, routeCapacity, maxNodes, maxPods: maxNodes * podsPerNode, limitedBy}
}


/**
 * The node mask for a "pods per node" figure, the way the ACK console offers it (Pods per Node
 * 256/128/64/32/16 ↔ /24…/28): the figure is rounded up to a power of two and read as the
 * addresses of the node's block, so 64 → /26 (63 schedulable pods, as ACK counts them).
 * Figures below 16 take the smallest block, /28. Undefined above 256 (no mask fits).
 */
export function nodeCidrMaskForPods(podsPerNode: number): number | undefined {
  if (!Number.isInteger(podsPerNode) || podsPerNode < 1 || podsPerNode > 256) return undefined
  const addresses = Math.max(16, 2 ** Math.ceil(Math.log2(podsPerNode)))
  return 32 - Math.log2(addresses)
}

/**
 * Why a pod CIDR / node mask pair cannot be used (SPEC §3): not in the allowed ranges, node
 * mask outside 24–28 or larger than the pod CIDR, or overlapping the VPC / Service CIDR.
 * Empty when usable.
 */
export function flannelPodCidrProblems(podCidr: Cidr, nodeCidrMask: number, others: {vpcCidrs?: readonly Cidr[]; serviceCidr?: Cidr; otherCidrs?: ReadonlyArray<{cidr: Cidr; what: string}>} = {}): string[] {
  const problems: string[] = []
  const valid = validatePodCidr(podCidr)
  if (valid !== true) problems.push(`pod CIDR ${formatCidr(podCidr)}: ${valid}`)
  if (nodeCidrMask < NODE_CIDR_MASK.min || nodeCidrMask > NODE_CIDR_MASK.max) problems.push(`node CIDR mask /${nodeCidrMask} is outside /${NODE_CIDR_MASK.min}–/${NODE_CIDR_MASK.max}`)
  else if (nodeCidrMask < podCidr.prefix) problems.push(`node CIDR mask /${nodeCidrMask} is larger than the pod CIDR ${formatCidr(podCidr)} itself`)
  for (const vpc of others.vpcCidrs ?? []) if (cidrsOverlap(vpc, podCidr)) problems.push(`pod CIDR ${formatCidr(podCidr)} overlaps the VPC CIDR ${formatCidr(vpc)}`)
  if (others.serviceCidr && cidrsOverlap(others.serviceCidr, podCidr)) problems.push(`pod CIDR ${formatCidr(podCidr)} overlaps the Service CIDR ${formatCidr(others.serviceCidr)}`)
  for (const other of others.otherCidrs ?? []) if (cidrsOverlap(other.cidr, podCidr)) problems.push(`pod CIDR ${formatCidr(podCidr)} overlaps ${other.what} ${formatCidr(other.cidr)}`)
  return problems
}

/** The first `count` node ranges in node order (stops early when the pod CIDR runs out). */
export function* flannelRanges(podCidr: Cidr, nodeMask: number, count: number): Generator<Cidr> {
  const step = 2 ** (32 - nodeMask)
  const available = nodeMask >= podCidr.prefix ? 2 ** (nodeMask - podCidr.prefix) : 0
  const last = Math.min(count, available)
  for (let index = 0; index < last; index++) yield {network: podCidr.network + index * step, prefix: nodeMask}
}
