import {type Cidr, cidrContains, formatCidr} from '../cidr/cidr.js'
import {compareIpv6Cidrs, type Ipv6Cidr, ipv6CidrContains} from '../cidr/cidr6.js'
import {selectorMatches} from '../reach/labels.js'
import type {Cluster, LabelSelector, Namespace, Workload} from '../topology/model.js'

/** Shared by several rules: overlap sweeps and indexed label selection. Linear or n·log n only. */

export interface Block<T> {
  cidr: Cidr
  item: T
  /** File order: the later of two overlapping blocks is the one reported. */
  order: number
}

/**
 * Every block that overlaps an earlier-sorted one, with the innermost block containing it.
 * Aligned CIDR blocks overlap only by containment, so after sorting by (network, prefix) a stack
 * of enclosing blocks finds all overlaps in O(n log n) instead of comparing all pairs.
 */
export function overlappingPairs<T>(blocks: ReadonlyArray<Block<T>>): Array<[Block<T>, Block<T>]> {
  const sorted = [...blocks].sort((a, b) => a.cidr.network - b.cidr.network || a.cidr.prefix - b.cidr.prefix || a.order - b.order)
  const stack: Array<Block<T>> = []
  const pairs: Array<[Block<T>, Block<T>]> = []
  for (const block of sorted) {
    while (stack.length > 0 && !cidrContains(stack[stack.length - 1]!.cidr, block.cidr)) stack.pop()
    if (stack.length > 0) pairs.push([block, stack[stack.length - 1]!])
    stack.push(block)
  }
  return pairs
}

/** An IPv6 block of the file (dual stack), as Block. */
export interface Block6<T> {
  cidr: Ipv6Cidr
  item: T
  order: number
}

/** overlappingPairs for IPv6 blocks: the same sweep over BigInt networks. */
export function overlappingPairs6<T>(blocks: ReadonlyArray<Block6<T>>): Array<[Block6<T>, Block6<T>]> {
  const sorted = [...blocks].sort((a, b) => compareIpv6Cidrs(a.cidr, b.cidr) || a.order - b.order)
  const stack: Array<Block6<T>> = []
  const pairs: Array<[Block6<T>, Block6<T>]> = []
  for (const block of sorted) {
    while (stack.length > 0 && !ipv6CidrContains(stack[stack.length - 1]!.cidr, block.cidr)) stack.pop()
    if (stack.length > 0) pairs.push([block, stack[stack.length - 1]!])
    stack.push(block)
  }
  return pairs
}

/** Orders a pair so that the first element is the later one in the file (the one to report). */
export function laterFirst<T, B extends {order: number} = Block<T>>([a, b]: [B, B]): [B, B] {
  return a.order >= b.order ? [a, b] : [b, a]
}

/**
 * Workloads of `namespace` whose pod labels match `selector`, through the cluster's label index:
 * a selector with matchLabels starts from the smallest indexed candidate list.
 */
export function selectWorkloads(cluster: Cluster, namespace: Namespace | undefined, selector: LabelSelector): Workload[] {
  let candidates: readonly Workload[] = cluster.workloads
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    const indexed = cluster.workloadsByLabel.get(`${key}=${value}`) ?? []
    if (indexed.length < candidates.length) candidates = indexed
    if (candidates.length === 0) return []
  }
  return candidates.filter((workload) => (namespace === undefined || workload.namespace === namespace) && selectorMatches(selector, workload.labels))
}

/** Workloads a Service-style selector (`spec.selector` map) picks in its namespace. */
export function selectWorkloadsByMap(cluster: Cluster, namespace: Namespace, selector: Record<string, string>): Workload[] {
  return selectWorkloads(cluster, namespace, {matchLabels: selector, matchExpressions: []})
}

export function describeCidr(cidr: Cidr): string {
  return formatCidr(cidr)
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : pluralWord}`
}
