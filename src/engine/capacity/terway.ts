import {type Cidr} from '../cidr/cidr.js'
import {AcknetError} from '../../errors.js'
import type {InstanceTypeLimits, LimitField} from '../platform/catalog.js'
import {dualStackSupport} from '../platform/dual-stack.js'
import {vswitchUsable} from '../platform/rules.js'

/**
 * Terway max pods per node — formulas from Terway pkg/aliyun/client/limit.go and ACK
 * "adjusting-the-number-of-node-pods" (alibaba-facts §3, corrections §10). The −1 is the primary
 * ENI (eth0), which Terway never gives to pods. This module is the one place these formulas live.
 */
export type TerwayMode = 'shared' | 'exclusive' | 'trunk' | 'prefix'
export const TERWAY_MODES: readonly TerwayMode[] = ['shared', 'exclusive', 'trunk', 'prefix']

// "A node can join a cluster only if the maximum number of pods per node is greater than 11."
export const TERWAY_MIN_SHARED_PODS_EXCLUSIVE = 11
// Exclusive ENI node pools: "Worker nodes must have more than 6 elastic network interfaces".
export const TERWAY_EXCLUSIVE_MIN_ENIS_EXCLUSIVE = 6
// IP prefix mode: each prefix is a /28 = 16 addresses (Terway docs/ip-prefix.md; ECS ip-prefix page).
export const TERWAY_PREFIX_ADDRESSES = 16
export const TERWAY_PREFIX_MASK = 28

/** Which catalog input a mode needs that the entry does not have (never guessed). */
export interface MissingInput {
  input: 'ipv4PerEni' | 'eniTotal' | 'ipv6PerEni'
  flag: string
  field: string
}

export type TerwayPods = {ok: true; pods: number} | {ok: false; missing: MissingInput}

const MISSING_IPV4: MissingInput = {input: 'ipv4PerEni', flag: '--ips-per-eni', field: 'instanceTypes[].ipv4PerEni'}
const MISSING_TOTAL: MissingInput = {input: 'eniTotal', flag: '--eni-total', field: 'instanceTypes[].eniTotal'}
const MISSING_IPV6: MissingInput = {input: 'ipv6PerEni', flag: '--ipv6-per-eni', field: 'instanceTypes[].ipv6PerEni'}

type Limits = Pick<InstanceTypeLimits, 'enis' | 'ipv4PerEni' | 'eniTotal' | 'trunk'>

/** Shared-ENI (multi-IP) pods: `(EniQuantity − 1) × IPv4PerEni` (limit.go MultiIPPod). */
function sharedPods({enis, ipv4PerEni}: Limits): TerwayPods {
  if (ipv4PerEni === undefined) return {ok: false, missing: MISSING_IPV4}
  return {ok: true, pods: Math.max(0, (enis - 1) * ipv4PerEni)}
}

/**
 * Ordinary pods per node (pods without `podNetworking`), the `maxPodsPerNode` of SPEC 1.3:
 * - shared and trunk: `(EniQuantity − 1) × IPv4PerEni` — trunk keeps the multi-IP pods ("trunk
 *   does not take the multi-IP quota", Terway docs/terway-trunk.md; node.go L277–285);
 * - exclusive: `EniQuantity − 1`;
 * - prefix: `(EniQuantity − 1) × (IPv4PerEni − 1) × 16` — Terway's allocator creates
 *   EniQuantity − 1 secondary ENIs, each with IPv4PerEni − 1 /28 prefixes
 *   (tests/prefix_state_scale_test.go L20; the e2e minimum 672 is g7ne.xlarge = 3 × 14 × 16).
 */
export function terwayMaxPods(limits: Limits, mode: TerwayMode): TerwayPods {
  switch (mode) {
    case 'shared':
    case 'trunk':
      return sharedPods(limits)
    case 'exclusive':
      return {ok: true, pods: Math.max(0, limits.enis - 1)}
    case 'prefix':
      if (limits.ipv4PerEni === undefined) return {ok: false, missing: MISSING_IPV4}
      return {ok: true, pods: Math.max(0, (limits.enis - 1) * (limits.ipv4PerEni - 1) * TERWAY_PREFIX_ADDRESSES)}
  }
}

/**
 * Trunk member-ENI pods per node, `EniTotalQuantity − EniQuantity` (limit.go TrunkPod); only
 * pods with `podNetworking` use them; 0 where the type does not support trunking
 * (EniTrunkSupported false). Needs EniTotalQuantity, which only DescribeInstanceTypes publishes.
 */
export function terwayMemberPods(limits: Limits): TerwayPods {
  if (limits.trunk === false) return {ok: true, pods: 0}
  if (limits.eniTotal === undefined) return {ok: false, missing: MISSING_TOTAL}
  return {ok: true, pods: Math.max(0, limits.eniTotal - limits.enis)}
}

/** Inputs each mode's answer reads (for `source` in JSON and the missing-input message). */
export function terwayInputs(mode: TerwayMode): LimitField[] {
  switch (mode) {
    case 'shared':
    case 'prefix':
      return ['enis', 'ipv4PerEni']
    case 'exclusive':
      return ['enis']
    case 'trunk':
      return ['enis', 'ipv4PerEni', 'eniTotal', 'trunk']
  }
}

export type Eligibility = {eligible: true} | {eligible: false; reason: string} | {eligible: 'unknown'; missing: MissingInput}

/**
 * Whether a node of this type may join: shared, trunk and prefix need shared-mode max pods
 * > 11; exclusive needs > 6 ENIs instead.
 */
export function terwayEligibility(limits: Limits, mode: TerwayMode): Eligibility {
  if (mode === 'exclusive') {
    if (limits.enis > TERWAY_EXCLUSIVE_MIN_ENIS_EXCLUSIVE) return {eligible: true}
    return {eligible: false, reason: `exclusive ENI mode needs more than ${TERWAY_EXCLUSIVE_MIN_ENIS_EXCLUSIVE} ENIs; this type has ${limits.enis}`}
  }
  const shared = sharedPods(limits)
  if (!shared.ok) return {eligible: 'unknown', missing: shared.missing}
  if (shared.pods > TERWAY_MIN_SHARED_PODS_EXCLUSIVE) return {eligible: true}
  return {eligible: false, reason: `a node joins only if its shared-ENI max pods is greater than ${TERWAY_MIN_SHARED_PODS_EXCLUSIVE}; this type gives ${shared.pods}`}
}

/**
 * Pod addresses the pod vSwitches give in a mode: usable addresses (2^(32−m) − 4 each), or in
 * prefix mode whole /28 prefixes only — a prefix cannot hold a vSwitch's reserved first and last
 * three addresses, so a vSwitch of mask m holds 2^(28−m) − 2 prefixes (none below /27).
 */
export function podVSwitchAddresses(podVSwitches: readonly Cidr[], mode: TerwayMode): number {
  if (mode !== 'prefix') return podVSwitches.reduce((sum, cidr) => sum + vswitchUsable(cidr), 0)
  return podVSwitches.reduce((sum, cidr) => sum + prefixesIn(cidr) * TERWAY_PREFIX_ADDRESSES, 0)
}

/** Whole /28 prefixes a vSwitch can hand out. */
export function prefixesIn(cidr: Cidr): number {
  if (cidr.prefix > TERWAY_PREFIX_MASK) return 0
  return Math.max(0, 2 ** (TERWAY_PREFIX_MASK - cidr.prefix) - 2)
}

// ---------------------------------------------------------------------------------------------
// `terway capacity` (SPEC §1.3): one node's pods plus, optionally, what N nodes need from the
// pod vSwitches.

export interface TerwayCapacityInput {
  limits: InstanceTypeLimits
  mode: TerwayMode
  nodes?: number
  podVSwitches?: readonly Cidr[]
  /** `dual`: dual stack is required — not supported is a negative answer, an unknown IPv6 figure exit 2. */
  ipStack?: 'ipv4' | 'dual'
}

/** `dualStack` in `terway capacity --json`: whether pods get IPv6 too in this mode, and why not. */
export interface TerwayCapacityDualStack {
  /** null: the limits lack the figure the mode needs (`missing` names it). */
  supported: boolean | null
  reason?: string
  missing?: MissingInput
  /** prefix mode: one IPv6 /80 prefix per ENI that has IPv4 prefixes (V8). */
  ipv6PrefixesPerNode?: number
}

export interface TerwayCapacity {
  instanceType: string
  mode: TerwayMode
  /** Ordinary pods (without podNetworking). */
  maxPodsPerNode: number
  /** Trunk mode: member-ENI pods (podNetworking pods) in addition to maxPodsPerNode. */
  memberPodsPerNode?: number
  eligible: boolean
  reason?: string
  nodes?: number
  podsDemand?: number
  podVSwitchUsable?: number
  nodesUntilExhaustion?: number
  /** Dual stack in this mode (always given; `ipStack: dual` makes it a requirement). */
  dualStack: TerwayCapacityDualStack
  /** Present when dual stack was asked for (`--ip-stack dual`). */
  ipStack?: 'dual'
  /** Where each value the answer used came from (shipped catalog row, --catalog file, topology, flags). */
  source: Partial<Record<LimitField, string>>
}

const MISSING_WHAT: Record<MissingInput['input'], string> = {
  ipv4PerEni: 'IPv4 addresses per ENI (EniPrivateIpAddressQuantity)',
  eniTotal: 'the total ENI count (EniTotalQuantity)',
  ipv6PerEni: 'IPv6 addresses per ENI (EniIpv6AddressQuantity)',
}

/**
 * Raised (exit 2) when the limits lack an input the mode needs; names the flag/field. `flag`
 * false: the command has no flag for it (plan), so only --catalog and the topology field are named.
 */
export function missingInputError(limits: Pick<InstanceTypeLimits, 'name'>, mode: TerwayMode, missing: MissingInput, options: {dualStack?: boolean; flag?: boolean} = {}): AcknetError {
  const needs = options.dualStack ? `dual stack in ${mode} mode` : `${mode} mode`
  const ways: string[] = []
  if (options.flag !== false) ways.push(`${missing.flag} N`)
  if (missing.input !== 'ipv4PerEni' || options.flag === false) ways.push('--catalog FILE with `aliyun ecs DescribeInstanceTypes` output')
  // without a flag the command reads no topology either (plan): the user catalog is the way in
  ways.push(options.flag === false ? `set catalog: in .acknetrc.yaml (in a topology: ${missing.field})` : `set ${missing.field} in the topology`)
  return new AcknetError(`${limits.name}: ${needs} needs ${MISSING_WHAT[missing.input]}, which the catalog does not publish for this type; pass ${ways.join(', or ')}`)
}

// ---------------------------------------------------------------------------------------------
// Dual stack (SPEC §8, facts §10 V5–V8): whether the type gives pods IPv6 in a mode is decided by
// platform/dual-stack.ts (dualStackSupport); this adds what capacity reports next to it.

export type TerwayDualStack =
  | {supported: true; /** prefix mode: IPv6 /80 prefixes per node (V8) */ ipv6PrefixesPerNode?: number}
  | {supported: false; reason: string}
  | {supported: 'unknown'; missing: MissingInput}

/**
 * Dual stack for a type in a mode. Prefix mode (V8, TERWAY docs/ip-prefix.md L43–45): every ENI
 * that carries IPv4 /28 prefixes also gets one IPv6 /80, and the allocator gives prefixes to the
 * EniQuantity − 1 secondary ENIs (see terwayMaxPods), so a node has EniQuantity − 1 /80s.
 */
export function terwayDualStack(limits: Pick<InstanceTypeLimits, 'name' | 'enis' | 'ipv4PerEni' | 'ipv6PerEni'>, mode: TerwayMode): TerwayDualStack {
  const support = dualStackSupport(limits, mode)
  if (support.supported === 'unknown') return {supported: 'unknown', missing: support.missing === 'ipv6PerEni' ? MISSING_IPV6 : MISSING_IPV4}
  if (support.supported === false) return support
  return mode === 'prefix' ? {supported: true, ipv6PrefixesPerNode: Math.max(0, limits.enis - 1)} : {supported: true}
}

function capacityDualStack(limits: InstanceTypeLimits, mode: TerwayMode): TerwayCapacityDualStack {
  const dual = terwayDualStack(limits, mode)
  if (dual.supported === 'unknown') return {supported: null, missing: dual.missing}
  return dual
}

export function terwayCapacity({limits, mode, nodes, podVSwitches, ipStack}: TerwayCapacityInput): TerwayCapacity {
  const pods = terwayMaxPods(limits, mode)
  if (!pods.ok) throw missingInputError(limits, mode, pods.missing)
  const eligibility = terwayEligibility(limits, mode)
  if (eligibility.eligible === 'unknown') throw missingInputError(limits, mode, eligibility.missing)
  const dualStack = capacityDualStack(limits, mode)
  if (ipStack === 'dual' && dualStack.missing) throw missingInputError(limits, mode, dualStack.missing, {dualStack: true})
  const result: Omit<TerwayCapacity, 'dualStack' | 'source'> = {instanceType: limits.name, mode, maxPodsPerNode: pods.pods, eligible: eligibility.eligible}
  if (mode === 'trunk') {
    const members = terwayMemberPods(limits)
    if (!members.ok) throw missingInputError(limits, mode, members.missing)
    result.memberPodsPerNode = members.pods
  }
  if (eligibility.eligible === false) result.reason = eligibility.reason
  else if (mode === 'trunk' && result.memberPodsPerNode === 0) {
    // Terway turns trunking off when the type has no member ENIs (daemon.go: TrunkPod() <= 0)
    result.reason = limits.trunk === false ? `${limits.name} does not support ENI trunking; pods with podNetworking cannot run on it` : `${limits.name} has no trunk member ENIs (EniTotalQuantity = EniQuantity); pods with podNetworking cannot run on it`
  }
  const perNode = result.maxPodsPerNode + (result.memberPodsPerNode ?? 0)
  if (nodes !== undefined) {
    result.nodes = nodes
    result.podsDemand = nodes * perNode
  }
  if (podVSwitches && podVSwitches.length > 0) {
    result.podVSwitchUsable = podVSwitchAddresses(podVSwitches, mode)
    // in trunk mode ordinary and member pods both draw on the pod vSwitches
    if (perNode > 0) result.nodesUntilExhaustion = Math.floor(result.podVSwitchUsable / perNode)
  }
  const source: TerwayCapacity['source'] = {}
  for (const field of [...terwayInputs(mode), 'ipv6PerEni' as const]) {
    const where = limits[field] === undefined ? undefined : (limits.sources?.[field] ?? limits.origin ?? 'flags')
    if (where !== undefined) source[field] = where
  }
  return {...result, dualStack, ...(ipStack === 'dual' ? {ipStack} : {}), source}
}

/**
 * A negative answer: the node cannot join, trunk has no member pods, dual stack was asked for and
 * the type cannot run it, or the pod vSwitches cannot fill `nodes` nodes.
 */
export function terwayCapacityIsNegative(result: TerwayCapacity): boolean {
  if (!result.eligible || result.maxPodsPerNode === 0 || result.memberPodsPerNode === 0) return true
  if (result.ipStack === 'dual' && result.dualStack.supported === false) return true
  return result.nodes !== undefined && result.nodesUntilExhaustion !== undefined && result.nodes > result.nodesUntilExhaustion
}
