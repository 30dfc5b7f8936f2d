import {type Cidr} from '../cidr/cidr.js'

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
