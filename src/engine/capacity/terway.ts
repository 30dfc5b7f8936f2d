import {type Cidr} from '../cidr/cidr.js'
import {AcknetError} from '../../errors.js'
import type {InstanceTypeLimits} from '../platform/catalog.js'
import {vswitchUsable} from '../platform/rules.js'

/**
 * Terway max pods per node — formulas from Terway pkg/aliyun/client/limit.go and ACK
 * "adjusting-the-number-of-node-pods" (alibaba-facts §3). The −1 is the primary ENI (eth0),
 * which Terway never gives to pods.
 */
export type TerwayMode = 'shared' | 'exclusive' | 'trunk' | 'prefix'
export const TERWAY_MODES: readonly TerwayMode[] = ['shared', 'exclusive', 'trunk', 'prefix']

// "A node can join a cluster only if the maximum number of pods per node is greater than 11."
export const TERWAY_MIN_SHARED_PODS_EXCLUSIVE = 11
// Exclusive ENI node pools: "Worker nodes must have more than 6 elastic network interfaces".
export const TERWAY_EXCLUSIVE_MIN_ENIS_EXCLUSIVE = 6
// IP prefix mode: each prefix is a /28 = 16 addresses (Terway docs/ip-prefix.md).
export const TERWAY_PREFIX_ADDRESSES = 16

/** Which catalog input a mode needs that the entry does not have (never guessed). */
export interface MissingInput {
  input: 'ipv4PerEni' | 'eniTotal'
  flag: string
  field: string
}

export type TerwayPods = {ok: true; pods: number} | {ok: false; missing: MissingInput}

const MISSING_IPV4: MissingInput = {input: 'ipv4PerEni', flag: '--ips-per-eni', field: 'instanceTypes[].ipv4PerEni'}
const MISSING_TOTAL: MissingInput = {input: 'eniTotal', flag: '--eni-total', field: 'instanceTypes[].eniTotal'}

export function terwayMaxPods(limits: Pick<InstanceTypeLimits, 'enis' | 'ipv4PerEni' | 'eniTotal'>, mode: TerwayMode): TerwayPods {
  const {enis, ipv4PerEni, eniTotal} = limits
  switch (mode) {
    case 'shared':
      if (ipv4PerEni === undefined) return {ok: false, missing: MISSING_IPV4}
      return {ok: true, pods: Math.max(0, (enis - 1) * ipv4PerEni)}
    case 'exclusive':
      return {ok: true, pods: Math.max(0, enis - 1)}
    case 'trunk':
      if (eniTotal === undefined) return {ok: false, missing: MISSING_TOTAL}
      return {ok: true, pods: Math.max(0, eniTotal - enis)}
    case 'prefix':
      if (ipv4PerEni === undefined) return {ok: false, missing: MISSING_IPV4}
      if (eniTotal === undefined) return {ok: false, missing: MISSING_TOTAL}
      return {ok: true, pods: Math.max(0, (ipv4PerEni - 1) * TERWAY_PREFIX_ADDRESSES * (eniTotal - 1))}
  }
}

export type Eligibility = {eligible: true} | {eligible: false; reason: string} | {eligible: 'unknown'; missing: MissingInput}

/**
 * Whether a node of this type may join: shared, trunk and prefix need shared-mode max pods
 * > 11; exclusive needs > 6 ENIs instead.
 */
export function terwayEligibility(limits: Pick<InstanceTypeLimits, 'enis' | 'ipv4PerEni' | 'eniTotal'>, mode: TerwayMode): Eligibility {
  if (mode === 'exclusive') {
    if (limits.enis > TERWAY_EXCLUSIVE_MIN_ENIS_EXCLUSIVE) return {eligible: true}
    return {eligible: false, reason: `exclusive ENI mode needs more than ${TERWAY_EXCLUSIVE_MIN_ENIS_EXCLUSIVE} ENIs; this type has ${limits.enis}`}
  }
  const shared = terwayMaxPods(limits, 'shared')
  if (!shared.ok) return {eligible: 'unknown', missing: shared.missing}
  if (shared.pods > TERWAY_MIN_SHARED_PODS_EXCLUSIVE) return {eligible: true}
  return {eligible: false, reason: `a node joins only if its shared-ENI max pods is greater than ${TERWAY_MIN_SHARED_PODS_EXCLUSIVE}; this type gives ${shared.pods}`}
}

// ---------------------------------------------------------------------------------------------
// `terway capacity` (SPEC §1.3): one node's pods plus, optionally, what N nodes need from the
// pod vSwitches.

export interface TerwayCapacityInput {
  limits: InstanceTypeLimits
  mode: TerwayMode
  nodes?: number
  podVSwitches?: readonly Cidr[]
}

export interface TerwayCapacity {
  instanceType: string
  mode: TerwayMode
  maxPodsPerNode: number
  eligible: boolean
  reason?: string
  nodes?: number
  podsDemand?: number
  podVSwitchUsable?: number
  nodesUntilExhaustion?: number
}

/** Raised (exit 2) when the limits lack an input the mode needs; names the flag/field. */
export function missingInputError(limits: Pick<InstanceTypeLimits, 'name'>, mode: TerwayMode, missing: MissingInput): AcknetError {
  const what = missing.input === 'ipv4PerEni' ? 'IPv4 addresses per ENI (EniPrivateIpAddressQuantity)' : 'the total ENI count (EniTotalQuantity)'
  return new AcknetError(`${limits.name}: ${mode} mode needs ${what}, which the catalog does not publish for this type; pass ${missing.flag} N or set ${missing.field} in the topology`)
}

export function terwayCapacity({limits, mode, nodes, podVSwitches}: TerwayCapacityInput): TerwayCapacity {
  const pods = terwayMaxPods(limits, mode)
  if (!pods.ok) throw missingInputError(limits, mode, pods.missing)
  const eligibility = terwayEligibility(limits, mode)
  if (eligibility.eligible === 'unknown') throw missingInputError(limits, mode, eligibility.missing)
  const result: TerwayCapacity = {instanceType: limits.name, mode, maxPodsPerNode: pods.pods, eligible: eligibility.eligible}
  if (eligibility.eligible === false) result.reason = eligibility.reason
  else if (mode === 'trunk' && limits.trunk === false) {
    // Terway turns trunking off when the type does not support it (daemon.go: TrunkPod() <= 0)
    result.maxPodsPerNode = 0
    result.reason = `${limits.name} does not support ENI trunking; trunk pods cannot run on it`
  }
  if (nodes !== undefined) {
    result.nodes = nodes
    result.podsDemand = nodes * result.maxPodsPerNode
  }
  if (podVSwitches && podVSwitches.length > 0) {
    result.podVSwitchUsable = podVSwitches.reduce((sum, cidr) => sum + vswitchUsable(cidr), 0)
    if (result.maxPodsPerNode > 0) result.nodesUntilExhaustion = Math.floor(result.podVSwitchUsable / result.maxPodsPerNode)
  }
  return result
}

/** A negative answer: the node cannot join, or the pod vSwitches cannot fill `nodes` nodes. */
export function terwayCapacityIsNegative(result: TerwayCapacity): boolean {
  if (!result.eligible || result.maxPodsPerNode === 0) return true
  return result.nodes !== undefined && result.nodesUntilExhaustion !== undefined && result.nodes > result.nodesUntilExhaustion
}
