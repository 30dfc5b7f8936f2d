/**
 * IPv4/IPv6 dual stack facts (alibaba-facts.md §10 "Dual stack requirements", SPEC §8) as
 * pure functions, for lint `dual-stack`, capacity and `plan --ip-stack dual`. The IPv6 block
 * rules (V1–V3) are in ipv6.ts.
 */
import type {TerwayMode} from '../capacity/terway.js'
import type {InstanceTypeLimits} from './catalog.js'

// V4: ip_stack = dual needs Kubernetes ≥ 1.22 — TFALI cs_managed_kubernetes.html.markdown L504–506.
export const DUAL_STACK_MIN_KUBERNETES = {major: 1, minor: 22} as const
// V8: prefix mode gives each ENI that has IPv4 prefixes one IPv6 /80 prefix — TERWAY docs/ip-prefix.md L43–45, L153.
export const TERWAY_IPV6_PREFIX_LENGTH = 80

export type DualStackSupport =
  | {supported: true}
  | {supported: false; reason: string}
  /** The catalog entry lacks a figure the mode needs (never guessed): name it as the missing input. */
  | {supported: 'unknown'; missing: 'ipv4PerEni' | 'ipv6PerEni'; field: string}

function missing(input: 'ipv4PerEni' | 'ipv6PerEni'): DualStackSupport {
  return {supported: 'unknown', missing: input, field: `instanceTypes[].${input}`}
}

/**
 * Whether Terway gives pods on this instance type an IPv6 address next to the IPv4 one.
 * - shared and trunk (multi-IP ENIs): IPv6 per ENI must equal IPv4 per ENI, else Terway turns
 *   IPv6 off for the node (V5: TERWAY daemon/daemon.go L846–853; the node controller logs
 *   "ipv4 and ipv6 count is not equal").
 * - exclusive: IPv6 per ENI > 0 is enough (V6: daemon.go L847).
 * - prefix: one IPv6 /80 prefix per ENI (V8); acknet reads that as needing IPv6 on the ENI at
 *   all (IPv6 per ENI > 0), the same test as exclusive.
 */
export function dualStackSupport(limits: Pick<InstanceTypeLimits, 'name' | 'ipv4PerEni' | 'ipv6PerEni'>, mode: TerwayMode): DualStackSupport {
  const {ipv4PerEni, ipv6PerEni} = limits
  if (ipv6PerEni === undefined) return missing('ipv6PerEni')
  if (mode === 'exclusive' || mode === 'prefix') {
    if (ipv6PerEni > 0) return {supported: true}
    return {supported: false, reason: `${limits.name} has no IPv6 address per ENI, so ${mode} mode cannot give pods IPv6`}
  }
  if (ipv4PerEni === undefined) return missing('ipv4PerEni')
  if (ipv6PerEni === ipv4PerEni) return {supported: true}
  return {supported: false, reason: `in ${mode} mode Terway turns IPv6 off unless IPv6 per ENI equals IPv4 per ENI; ${limits.name} has ${ipv6PerEni} IPv6 and ${ipv4PerEni} IPv4 per ENI`}
}

/** A cluster-level dual stack requirement that is not met, with the facts-file id. */
export interface DualStackProblem {
  requirement: 'V4' | 'V7' | 'V9'
  /** The input that breaks it (callers locate the finding on the matching field). */
  input: 'kind' | 'plugin' | 'kubernetesVersion' | 'vpcHasIpv6' | 'erdma'
  message: string
}

export interface DualStackClusterInput {
  /** ACK (managed/dedicated) or ACS (serverless). */
  kind: 'ack' | 'acs'
  plugin?: 'terway' | 'flannel'
  /** e.g. `1.30.1-aliyun.1`; undefined when the file does not say (then not checked). */
  kubernetesVersion?: string
  /** Whether the cluster's VPC has an IPv6 block. */
  vpcHasIpv6: boolean
  /** Whether eRDMA is enabled on the cluster. */
  erdma?: boolean
}

/** `major.minor` of a Kubernetes version string (`v1.22`, `1.22.3-aliyun.1`), or undefined. */
export function parseKubernetesMinor(version: string): {major: number; minor: number} | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim())
  return match ? {major: Number(match[1]), minor: Number(match[2])} : undefined
}

/** Every cluster-level requirement of `ip_stack: dual` that the input breaks (empty: none). */
export function dualStackClusterProblems(input: DualStackClusterInput): DualStackProblem[] {
  // V9: ACS has no dual stack (seed 004 L14); the other checks do not apply to it.
  if (input.kind === 'acs') return [{requirement: 'V9', input: 'kind', message: 'ACS clusters do not support dual stack'}]
  const problems: DualStackProblem[] = []
  // V4: Terway only (Flannel has no dual stack), Kubernetes ≥ 1.22, VPC with an IPv6 block.
  if (input.plugin === 'flannel') problems.push({requirement: 'V4', input: 'plugin', message: 'dual stack needs Terway; Flannel clusters are IPv4 only'})
  if (input.kubernetesVersion !== undefined) {
    const version = parseKubernetesMinor(input.kubernetesVersion)
    const {major, minor} = DUAL_STACK_MIN_KUBERNETES
    if (version && (version.major < major || (version.major === major && version.minor < minor))) {
      problems.push({requirement: 'V4', input: 'kubernetesVersion', message: `dual stack needs Kubernetes ${major}.${minor} or later, got ${input.kubernetesVersion}`})
    }
  }
  if (!input.vpcHasIpv6) problems.push({requirement: 'V4', input: 'vpcHasIpv6', message: "dual stack needs the cluster's VPC to have an IPv6 block (ipv6Cidr)"})
  // V7: eRDMA and dual stack cannot be combined — TFALI L506.
  if (input.erdma) problems.push({requirement: 'V7', input: 'erdma', message: 'eRDMA cannot be combined with dual stack'})
  return problems
}
