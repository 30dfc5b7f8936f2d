/**
 * The CIDR planner (SPEC §1.1): VPC, vSwitches per zone, Flannel pod CIDR or Terway pod
 * vSwitches, Service CIDR, and the limits of the result. Sizes follow the real constraints —
 * vSwitch reserved addresses, masks, route quota, ENI pods, Service count — and prefer the
 * layouts ACK documents (VPC 192.168.0.0/16, node and pod vSwitches of /19 per zone, pod CIDR
 * 172.20.0.0/16, Service CIDR 172.21.0.0/20). Every CIDR is checked with the platform
 * validators before it is returned: the planner never hands out an invalid plan.
 */
import {type Cidr, cidrsOverlap, formatCidr} from '../cidr/cidr.js'
import {parseIpv4} from '../cidr/ipv4.js'
import {flannelAddressesPerNode, flannelLimits, flannelPodsPerNode, nodeCidrMaskForPods} from '../capacity/flannel.js'
import {missingInputError, terwayDualStack, terwayEligibility, terwayMaxPods} from '../capacity/terway.js'
import {formatIpv6Cidr} from '../cidr/cidr6.js'
import {dualStackClusterProblems} from '../platform/dual-stack.js'
import {type InstanceTypeLimits, listInstanceTypes, requireInstanceType} from '../platform/catalog.js'
import {
  NODE_CIDR_MASK,
  PRIVATE_BLOCKS,
  SERVICE_CIDR_MASK,
  VPC_PRIVATE_IP_QUOTA,
  VSWITCH_MASK,
  validatePodCidr,
  validateServiceCidr,
  validateVpcCidr,
  validateVSwitchCidr,
  vswitchUsable,
} from '../platform/rules.js'
import {AcknetError, EXIT_NEGATIVE} from '../../errors.js'
import {packBlocks, pickBlock} from './allocate.js'
import {planIpv6Layout, VPC_IPV6_PLACEHOLDER_NOTE, vpcIpv6CidrProblem} from './ipv6-layout.js'
import type {Plan, PlanContext, PlanInput, PlanLimit, PlanResult} from './types.js'

/** Flannel pods per node when neither --pods-per-node nor a mask is given: /26, the CreateCluster default. */
export const DEFAULT_FLANNEL_PODS_PER_NODE = flannelAddressesPerNode(NODE_CIDR_MASK.default)
/** Node pool type written to the topology when none is given (Flannel only: it does not use ENIs for pods). */
export const DEFAULT_INSTANCE_TYPE = 'ecs.g7.xlarge'
/** Node vSwitch addresses kept free per zone beyond the nodes: NAT gateway, SLBs, ENIs of other services. */
export const NODE_VSWITCH_RESERVE = 8
/** ACK: "pod vSwitches whose mask lengths are no longer than 19" (CreateCluster pod_vswitch_ids). */
export const PREFERRED_VSWITCH_PREFIX = 19
/** The plan's topology puts `0.0.0.0/0 → NAT` in the system table: one custom entry. */
const NAT_DEFAULT_ROUTES = 1
/** VPC addresses the plan's topology uses besides nodes and pods: the NAT gateway's. */
const PLAN_OTHER_VPC_ADDRESSES = 1

const block = (text: string): Cidr => {
  const [address, prefix] = text.split('/')
  return {network: parseIpv4(address!)!, prefix: Number(prefix)}
}
const [TEN, ONE_SEVEN_TWO, ONE_NINE_TWO] = PRIVATE_BLOCKS as [Cidr, Cidr, Cidr]
const VPC_PREFERRED = [block('192.168.0.0/16').network, block('10.0.0.0/8').network, block('172.16.0.0/12').network]
const POD_PREFERRED = [block('172.20.0.0/16').network]
const SERVICE_PREFERRED = [block('172.21.0.0/16').network, block('172.19.0.0/16').network]

const fmt = (value: number): string => value.toLocaleString('en-US')
/** The Terway mode a plan writes (and checks the instance type for). */
const PLAN_TERWAY_MODE = 'shared'

const cannot = (limit: PlanLimit, message: string): AcknetError => new AcknetError(`cannot plan: ${limit}: ${message}`, {exitCode: EXIT_NEGATIVE})

/** Smallest vSwitch (largest prefix, /16–/29) whose usable addresses hold `need`; /16 when none does. */
export function vswitchPrefixFor(need: number): number {
  for (let prefix = VSWITCH_MASK.max; prefix >= VSWITCH_MASK.min; prefix--) if (vswitchUsable({network: 0, prefix}) >= need) return prefix
  return VSWITCH_MASK.min
}

/** Service CIDR prefix for `services` addresses, clamped to /16–/24. */
export function servicePrefixFor(services: number): number {
  const prefix = 32 - Math.ceil(Math.log2(Math.max(1, services)))
  return Math.min(SERVICE_CIDR_MASK.max, Math.max(SERVICE_CIDR_MASK.min, prefix))
}

interface Density {
  podsPerNode: number
  nodeCidrMask?: number
  instanceType: string
  notes: string[]
}

function terwayDensity(input: PlanInput): Density {
  const notes: string[] = []
  if (input.instanceType) {
    const limits = requireInstanceType(input.instanceType, input.catalog)
    const shared = terwayMaxPods(limits, 'shared')
    if (!shared.ok) throw missingInputError(limits, 'shared', shared.missing)
    const eligibility = terwayEligibility(limits, 'shared')
    if (eligibility.eligible === false) throw cannot('eni', `${limits.name} cannot join a Terway cluster: ${eligibility.reason}`)
    if (input.ipStack === 'dual') checkDualStackType(limits)
    if (input.podsPerNode !== undefined && input.podsPerNode > shared.pods) {
      throw cannot('eni', `${limits.name} runs at most ${shared.pods} pods per node in shared ENI mode ((${limits.enis} − 1) × ${limits.ipv4PerEni}), fewer than --pods-per-node ${input.podsPerNode}; pick a larger type (acknet instance-types --min-pods ${input.podsPerNode})`)
    }
    if (input.podsPerNode !== undefined && input.podsPerNode < shared.pods) notes.push(`pod vSwitches are sized for ${input.podsPerNode} pods per node; ${limits.name} can run ${shared.pods}`)
    return {podsPerNode: input.podsPerNode ?? shared.pods, instanceType: limits.name, notes}
  }
  if (input.podsPerNode === undefined) throw new AcknetError('a Terway plan needs --instance-type T (pods per node from its ENIs) or --pods-per-node N')
  const wanted = input.podsPerNode
  const candidates = listInstanceTypes(input.catalog)
    .map((limits) => ({limits, pods: terwayMaxPods(limits, 'shared')}))
    .filter(({limits, pods}) => pods.ok && pods.pods >= wanted && terwayEligibility(limits, 'shared').eligible === true)
    .filter(({limits}) => input.ipStack !== 'dual' || terwayDualStack(limits, PLAN_TERWAY_MODE).supported === true)
    .sort((a, b) => Number(b.limits.family === 'g7') - Number(a.limits.family === 'g7') || (a.limits.vcpus ?? 0) - (b.limits.vcpus ?? 0) || (a.limits.name < b.limits.name ? -1 : 1))
  const chosen = candidates[0]
  const dual = input.ipStack === 'dual' ? ' and dual stack (IPv6 per ENI = IPv4 per ENI)' : ''
  if (!chosen) throw cannot('eni', `no instance type in the catalog runs ${wanted} pods per node in shared ENI mode${dual}`)
  notes.push(`node pool instance type ${chosen.limits.name} chosen as the smallest that runs ${wanted} pods per node${dual}; pass --instance-type to pick yours`)
  return {podsPerNode: wanted, instanceType: chosen.limits.name, notes}
}

/**
 * The plan's node pool must give pods IPv6 in shared mode (V5, via dualStackSupport): exit 1 when
 * it cannot, exit 2 naming the input when the catalog has no IPv6 figure for it (never guessed).
 */
function checkDualStackType(limits: InstanceTypeLimits): void {
  const dual = terwayDualStack(limits, PLAN_TERWAY_MODE)
  if (dual.supported === 'unknown') throw missingInputError(limits, PLAN_TERWAY_MODE, dual.missing, {dualStack: true, flag: false})
  if (dual.supported === false) {
    throw cannot('eni', `${limits.name} cannot run dual stack: ${dual.reason}. The plan uses shared ENI mode; pick a type whose IPv6 per ENI equals its IPv4 per ENI (acknet instance-types --ip-stack dual --family g7), or see acknet terway capacity -t ${limits.name} --mode exclusive --ip-stack dual (exclusive and prefix modes need only IPv6 per ENI > 0)`)
  }
}

function flannelDensity(input: PlanInput): Density {
  const asked = input.podsPerNode ?? DEFAULT_FLANNEL_PODS_PER_NODE
  const nodeCidrMask = nodeCidrMaskForPods(asked)
  if (nodeCidrMask === undefined) throw new AcknetError(`--pods-per-node ${asked}: Flannel gives a node at most 256 addresses (/${NODE_CIDR_MASK.min}); use 1–256`)
  const instanceType = input.instanceType ? requireInstanceType(input.instanceType, input.catalog).name : DEFAULT_INSTANCE_TYPE
  const notes: string[] = []
  if (!input.instanceType) notes.push(`node pool instance type ${DEFAULT_INSTANCE_TYPE} is a placeholder; pass --instance-type to pick yours`)
  return {podsPerNode: flannelPodsPerNode(nodeCidrMask), nodeCidrMask, instanceType, notes}
}

interface Layout {
  vpc: Cidr
  nodeVSwitches: Cidr[]
  podVSwitches: Cidr[]
  podCidr?: Cidr
  serviceCidr: Cidr
  warnings: string[]
}

function validOrThrow(what: string, cidr: Cidr, valid: true | string): void {
  // the planner only builds blocks these validators accept; a failure here is a planner bug
  if (valid !== true) throw new Error(`planner produced an invalid ${what} ${formatCidr(cidr)}: ${valid}`)
}

/** Tries to lay out a cluster sized for `target` nodes; undefined when the address space cannot hold it. */
function layoutFor(input: PlanInput, density: Density, target: number): Layout | undefined {
  const zoneCount = input.zones.length
  const perZone = Math.ceil(target / zoneCount)
  const nodePrefix = vswitchPrefixFor(perZone + NODE_VSWITCH_RESERVE)
  const terway = input.plugin === 'terway'
  const podPrefix = terway ? vswitchPrefixFor(perZone * density.podsPerNode) : undefined
  const warnings: string[] = []

  // generous (ACK's /19s) first, then tight node vSwitches, then tight pod vSwitches too
  const attempts: Array<{node: number; pod?: number}> = [{node: Math.min(nodePrefix, PREFERRED_VSWITCH_PREFIX), pod: podPrefix === undefined ? undefined : Math.min(podPrefix, PREFERRED_VSWITCH_PREFIX)}]
  attempts.push({node: nodePrefix, pod: attempts[0]!.pod})
  if (podPrefix !== undefined) attempts.push({node: nodePrefix, pod: podPrefix})

  const prefixesOf = (attempt: {node: number; pod?: number}): number[] => {
    const list: number[] = []
    for (let z = 0; z < zoneCount; z++) {
      list.push(attempt.node)
      if (attempt.pod !== undefined) list.push(attempt.pod)
    }
    return list
  }
  const vpcCandidates = (prefix: number): Cidr | undefined => (input.vpcCidr ? undefined : pickBlock(prefix, VPC_PREFERRED, [ONE_NINE_TWO, TEN, ONE_SEVEN_TWO], input.avoid))

  let vpc: Cidr | undefined
  let packed: Cidr[] | undefined
  let chosen = attempts[0]!
  for (const attempt of attempts) {
    vpc = input.vpcCidr ?? vpcCandidates(16)
    if (!vpc) break
    packed = packBlocks(vpc, prefixesOf(attempt))
    if (packed) {
      chosen = attempt
      break
    }
  }
  if (!packed && !input.vpcCidr) {
    // a bigger VPC than the /16 ACK shows, sized for the generous layout
    const total = prefixesOf(attempts[0]!).reduce((sum, prefix) => sum + 2 ** (32 - prefix), 0)
    const prefix = 32 - Math.ceil(Math.log2(total))
    vpc = prefix >= 8 ? vpcCandidates(Math.min(prefix, 16)) : undefined
    packed = vpc ? packBlocks(vpc, prefixesOf(attempts[0]!)) : undefined
    chosen = attempts[0]!
  }
  if (!vpc || !packed) return undefined
  if (chosen.pod !== undefined && chosen.pod > PREFERRED_VSWITCH_PREFIX) warnings.push(`pod vSwitches are /${chosen.pod}, smaller than the /${PREFERRED_VSWITCH_PREFIX} ACK recommends, so that they fit in ${formatCidr(vpc)}`)

  const nodeVSwitches: Cidr[] = []
  const podVSwitches: Cidr[] = []
  packed.forEach((cidr, i) => (terway && i % 2 === 1 ? podVSwitches : nodeVSwitches).push(cidr))

  const used = [...input.avoid, vpc]
  let podCidr: Cidr | undefined
  if (!terway) {
    const wantedPrefix = density.nodeCidrMask! - Math.ceil(Math.log2(Math.max(2, target)))
    // at least the /16 ACK uses by default ("up to 65,536 pod IPs with a /16")
    const prefix = Math.max(8, Math.min(16, wantedPrefix))
    podCidr = pickBlock(prefix, POD_PREFERRED, [ONE_SEVEN_TWO, TEN, ONE_NINE_TWO], used)
    if (!podCidr) return undefined
    used.push(podCidr)
  }
  const serviceCidr = pickBlock(servicePrefixFor(input.services), SERVICE_PREFERRED, [ONE_SEVEN_TWO, TEN, ONE_NINE_TWO], used)
  if (!serviceCidr) return undefined
  return {vpc, nodeVSwitches, podVSwitches, podCidr, serviceCidr, warnings}
}

interface LimitCandidate {
  limit: PlanLimit
  maxNodes: number
  advice: string
}

/**
 * Nodes the VPC's 60,000 private addresses hold (SPEC §3 vpc-ip-quota): each node takes one, and
 * in Terway each pod one more (pod ENI addresses are VPC addresses; Flannel pods are not).
 */
export function vpcIpQuotaNodes(plugin: PlanInput['plugin'], podsPerNode: number): number {
  const perNode = 1 + (plugin === 'terway' ? podsPerNode : 0)
  return Math.floor((VPC_PRIVATE_IP_QUOTA - PLAN_OTHER_VPC_ADDRESSES) / perNode)
}

function limitsOf(input: PlanInput, density: Density, layout: Layout): LimitCandidate[] {
  const nodeVSwitchNodes = layout.nodeVSwitches.reduce((sum, cidr) => sum + vswitchUsable(cidr), 0)
  const nodeVSwitch: LimitCandidate = {limit: 'node-vswitch', maxNodes: nodeVSwitchNodes, advice: 'use larger node vSwitches or more zones'}
  const ipQuota: LimitCandidate = {limit: 'vpc-ip-quota', maxNodes: vpcIpQuotaNodes(input.plugin, density.podsPerNode), advice: `a VPC holds at most ${fmt(VPC_PRIVATE_IP_QUOTA)} private addresses in use (nodes${input.plugin === 'terway' ? ' + pods' : ''}), a quota that cannot be raised; split the nodes over two VPCs`}
  if (input.plugin === 'terway') {
    const podNodes = layout.podVSwitches.reduce((sum, cidr) => sum + Math.floor(vswitchUsable(cidr) / density.podsPerNode), 0)
    // order = which one is reported on a tie
    return [{limit: 'pod-vswitch', maxNodes: podNodes, advice: 'add pod vSwitches (a zone can have several) or a secondary VPC CIDR'}, nodeVSwitch, ipQuota]
  }
  const flannel = flannelLimits({podCidr: layout.podCidr!, nodeCidrMask: density.nodeCidrMask!, routeQuota: input.routeQuota, customRoutes: NAT_DEFAULT_ROUTES})
  return [
    {limit: 'route-quota', maxNodes: flannel.routeCapacity, advice: `raise the route table quota (Quota Center, vpc_quota_route_entrys_num) and pass --route-quota; ${NAT_DEFAULT_ROUTES} entry is the NAT default route`},
    {limit: 'pod-cidr', maxNodes: flannel.rangeCount, advice: 'use a larger pod CIDR or fewer pods per node'},
    nodeVSwitch,
    ipQuota,
  ]
}

function checkInput(input: PlanInput): void {
  if (input.ipStack === 'dual') {
    // V4/V9 — the plan's VPC gets an IPv6 block and its cluster is ACK, so only the plugin can fail
    const problems = dualStackClusterProblems({kind: 'ack', plugin: input.plugin, vpcHasIpv6: true})
    if (problems.length > 0) throw new AcknetError(`--ip-stack dual: ${problems.map((problem) => problem.message).join('; ')} (use --plugin terway)`)
  }
  if (input.vpcIpv6Cidr) {
    if (input.ipStack !== 'dual') throw new AcknetError('--vpc-ipv6-cidr is for dual-stack plans: add --ip-stack dual')
    const problem = vpcIpv6CidrProblem(input.vpcIpv6Cidr)
    if (problem) throw new AcknetError(`--vpc-ipv6-cidr ${formatIpv6Cidr(input.vpcIpv6Cidr)}: ${problem}`)
  }
  if (!Number.isInteger(input.nodes) || input.nodes < 1) throw new AcknetError('--nodes must be a whole number of at least 1')
  if (!(input.growth >= 1)) throw new AcknetError(`--growth must be 1 or more (a headroom multiplier such as 1.5), got ${input.growth}`)
  if (!Number.isInteger(input.services) || input.services < 1) throw new AcknetError('--services must be a whole number of at least 1')
  if (input.vpcCidr) {
    const valid = validateVpcCidr(input.vpcCidr)
    if (valid !== true) throw new AcknetError(`--vpc-cidr ${formatCidr(input.vpcCidr)}: ${valid}`)
    const clash = input.avoid.find((avoid) => cidrsOverlap(avoid, input.vpcCidr!))
    if (clash) throw new AcknetError(`--vpc-cidr ${formatCidr(input.vpcCidr)} overlaps --avoid ${formatCidr(clash)}`)
  }
  const maxPerVSwitch = 2 ** (32 - VSWITCH_MASK.min)
  if (input.services > maxPerVSwitch) throw cannot('service-cidr', `${fmt(input.services)} Services need more than the ${fmt(maxPerVSwitch)} addresses of the largest Service CIDR (/${SERVICE_CIDR_MASK.min})`)
}

export function planCluster(input: PlanInput): PlanResult {
  checkInput(input)
  const density = input.plugin === 'terway' ? terwayDensity(input) : flannelDensity(input)
  const target = Math.ceil(input.nodes * input.growth - 1e-9)
  const warnings: string[] = []

  if (input.plugin === 'flannel') {
    const routeCapacity = Math.max(0, input.routeQuota - NAT_DEFAULT_ROUTES)
    if (routeCapacity < input.nodes) {
      throw cannot('route-quota', `Flannel takes one route entry per node; a route table quota of ${input.routeQuota} (minus ${NAT_DEFAULT_ROUTES} for the NAT default route) holds ${routeCapacity} nodes, fewer than ${fmt(input.nodes)}. Raise the quota and pass --route-quota, or use Terway`)
    }
  }

  let layout = layoutFor(input, density, target)
  if (!layout && target > input.nodes) {
    layout = layoutFor(input, density, input.nodes)
    if (layout) warnings.push(`address space: sized for ${fmt(input.nodes)} nodes; ${fmt(target)} (× ${input.growth} growth) do not fit ${input.vpcCidr ? `in --vpc-cidr ${formatCidr(input.vpcCidr)}` : 'in a free private block'}`)
  }
  if (!layout) {
    const where = input.vpcCidr ? `--vpc-cidr ${formatCidr(input.vpcCidr)}` : 'any free private block (see --avoid)'
    throw cannot(input.plugin === 'terway' ? 'pod-vswitch' : 'node-vswitch', `${fmt(input.nodes)} nodes across ${input.zones.length} zone(s) do not fit in ${where}`)
  }
  warnings.push(...layout.warnings)

  const candidates = limitsOf(input, density, layout)
  const binding = candidates.reduce((best, candidate) => (candidate.maxNodes < best.maxNodes ? candidate : best))
  if (binding.maxNodes < input.nodes) {
    throw cannot(binding.limit, `the plan holds at most ${fmt(binding.maxNodes)} nodes, fewer than ${fmt(input.nodes)}; ${binding.advice}`)
  }
  for (const candidate of candidates) {
    if (candidate.maxNodes < target) {
      warnings.push(`${candidate.limit}: holds ${fmt(candidate.maxNodes)} nodes, fewer than ${fmt(input.nodes)} × ${input.growth} growth = ${fmt(target)}; ${candidate.advice}`)
    }
  }

  // belt and braces: every block obeys SPEC §3 and nothing overlaps what must stay apart
  validOrThrow('VPC CIDR', layout.vpc, validateVpcCidr(layout.vpc))
  for (const cidr of [...layout.nodeVSwitches, ...layout.podVSwitches]) validOrThrow('vSwitch CIDR', cidr, validateVSwitchCidr(cidr))
  if (layout.podCidr) validOrThrow('pod CIDR', layout.podCidr, validatePodCidr(layout.podCidr))
  validOrThrow('Service CIDR', layout.serviceCidr, validateServiceCidr(layout.serviceCidr))
  const own = [layout.vpc, layout.serviceCidr, ...(layout.podCidr ? [layout.podCidr] : [])]
  for (let i = 0; i < own.length; i++) {
    for (let j = i + 1; j < own.length; j++) if (cidrsOverlap(own[i]!, own[j]!)) throw new Error(`planner overlap ${formatCidr(own[i]!)} / ${formatCidr(own[j]!)}`)
    for (const avoid of input.avoid) if (cidrsOverlap(avoid, own[i]!)) throw new Error(`planner used the avoided ${formatCidr(avoid)}`)
  }

  // dual stack (Terway only, checkInput): vSwitch /64 index = position in the file, zone by zone
  // node then pod vSwitch, as topology-yaml.ts writes them
  const terway = input.plugin === 'terway'
  const ipv6 = input.ipStack === 'dual' ? planIpv6Layout(input.zones.length * 2, input.vpcIpv6Cidr) : undefined
  const placeholder = ipv6 !== undefined && input.vpcIpv6Cidr === undefined
  const plan: Plan = {
    plugin: input.plugin,
    ...(ipv6 ? {ipStack: 'dual' as const} : {}),
    vpcCidr: formatCidr(layout.vpc),
    ...(ipv6 ? {vpcIpv6Cidr: formatIpv6Cidr(ipv6.vpc)} : {}),
    ...(placeholder ? {vpcIpv6CidrPlaceholder: true as const} : {}),
    zones: input.zones.map((zone, i) => ({
      zone,
      nodeVSwitch: formatCidr(layout!.nodeVSwitches[i]!),
      ...(ipv6 ? {nodeVSwitchIpv6: formatIpv6Cidr(ipv6.vswitches[2 * i]!)} : {}),
      ...(terway ? {podVSwitch: formatCidr(layout!.podVSwitches[i]!)} : {}),
      ...(ipv6 ? {podVSwitchIpv6: formatIpv6Cidr(ipv6.vswitches[2 * i + 1]!)} : {}),
    })),
    ...(layout.podCidr ? {podCidr: formatCidr(layout.podCidr), nodeCidrMask: density.nodeCidrMask} : {}),
    serviceCidr: formatCidr(layout.serviceCidr),
    limits: {maxNodes: binding.maxNodes, maxPods: binding.maxNodes * density.podsPerNode, maxPodsPerNode: density.podsPerNode, limitedBy: binding.limit},
    warnings,
  }
  const notes = placeholder ? [...density.notes, VPC_IPV6_PLACEHOLDER_NOTE] : density.notes
  const context: PlanContext = {input, instanceType: density.instanceType, customRoutes: NAT_DEFAULT_ROUTES, notes}
  return {plan, context}
}
