/** The catalog as `acknet instance-types` shows it: max pods per Terway mode, filtered. */
import {listInstanceTypes, type InstanceTypeLimits, type InstanceTypeOverride} from '../platform/catalog.js'
import {compileGlob, type Glob} from '../glob.js'
import {type MissingInput, TERWAY_MODES, type TerwayDualStack, type TerwayMode, terwayDualStack, terwayEligibility, terwayMaxPods, terwayMemberPods} from './terway.js'

export interface InstanceTypeView {
  limits: InstanceTypeLimits
  /** Ordinary pods per mode (trunk: pods without podNetworking); null where the catalog lacks an input the mode needs. */
  maxPods: Record<TerwayMode, number | null>
  /** Trunk member-ENI pods (pods with podNetworking), in addition; null without EniTotalQuantity. */
  memberPods: number | null
  /** Eligibility per mode; null where unknown. */
  eligible: Record<TerwayMode, boolean | null>
  /** Whether pods get IPv6 next to IPv4 in each mode (SPEC §8, facts §10 V5/V6/V8). */
  dualStack: Record<TerwayMode, TerwayDualStack>
}

/** `dualStack` as JSON shows it: true, false, or null where the catalog lacks the IPv6 (or IPv4) figure. */
export function dualStackFlags(view: InstanceTypeView): Record<TerwayMode, boolean | null> {
  const flags = {} as Record<TerwayMode, boolean | null>
  for (const mode of TERWAY_MODES) {
    const dual = view.dualStack[mode]
    flags[mode] = dual.supported === 'unknown' ? null : dual.supported
  }
  return flags
}

export interface InstanceTypeFilter {
  family?: string
  /** Shell-style glob on the name: `*`, `?` and `[…]` (the ecs. prefix is optional). */
  name?: string
  /**
   * Keep types that reach this many pods in `mode` (and are eligible in it). In trunk mode the
   * figure is member-ENI pods — what trunk adds over shared mode (pods with podNetworking).
   */
  minPods?: number
  mode?: TerwayMode
  /** `dual`: keep types that give pods IPv6 in `mode` (SPEC §8). */
  ipStack?: 'ipv4' | 'dual'
}

export interface InstanceTypeQuery {
  types: InstanceTypeView[]
  /**
   * When --min-pods left nothing and some candidates lack an input the mode needs: how many,
   * which input, and how to supply it (SPEC 1.4).
   */
  missing?: {input: MissingInput['input']; types: number; of: number; hint: string}
}

export function viewInstanceType(limits: InstanceTypeLimits): InstanceTypeView {
  const maxPods = {} as Record<TerwayMode, number | null>
  const eligible = {} as Record<TerwayMode, boolean | null>
  const dualStack = {} as Record<TerwayMode, TerwayDualStack>
  for (const mode of TERWAY_MODES) {
    dualStack[mode] = terwayDualStack(limits, mode)
    const pods = terwayMaxPods(limits, mode)
    maxPods[mode] = pods.ok ? pods.pods : null
    const verdict = terwayEligibility(limits, mode)
    eligible[mode] = verdict.eligible === 'unknown' ? null : verdict.eligible
  }
  const members = terwayMemberPods(limits)
  return {limits, maxPods, memberPods: members.ok ? members.pods : null, eligible, dualStack}
}

/** The figure --min-pods compares in a mode (null: unknown). */
export function podsForFilter(view: InstanceTypeView, mode: TerwayMode): number | null {
  return mode === 'trunk' ? view.memberPods : view.maxPods[mode]
}

/** Family, then size (vCPUs), so ecs.g7.large < xlarge < 2xlarge < 16xlarge. */
function bySize(a: InstanceTypeLimits, b: InstanceTypeLimits): number {
  if (a.family !== b.family) return (a.family ?? '') < (b.family ?? '') ? -1 : 1
  return (a.vcpus ?? 0) - (b.vcpus ?? 0) || (a.memoryGiB ?? 0) - (b.memoryGiB ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
}

/** `--name`: the one linear-time glob (src/engine/glob.ts), case-insensitive; `ecs.` is optional. */
function nameGlob(glob: string): Glob {
  const compiled = compileGlob(glob.trim().replace(/^ecs\./i, ''), {caseInsensitive: true})
  return {test: (name) => compiled.test(name.replace(/^ecs\./i, ''))}
}

const MISSING_HINT: Record<MissingInput['input'], string> = {
  eniTotal: 'EniTotalQuantity (trunk member ENIs) is published only by the DescribeInstanceTypes API: run `aliyun ecs DescribeInstanceTypes --InstanceTypeFamily ecs.g7 > types.json` and pass --catalog types.json (or set catalog: in .acknetrc.yaml, or instanceTypes[].eniTotal in a topology)',
  ipv4PerEni: 'IPv4 per ENI (EniPrivateIpAddressQuantity) is not published for these types: pass --catalog with `aliyun ecs DescribeInstanceTypes` output, or set instanceTypes[].ipv4PerEni in a topology',
  ipv6PerEni: 'IPv6 per ENI (EniIpv6AddressQuantity) is not published for these types: pass --catalog with `aliyun ecs DescribeInstanceTypes` output, or set instanceTypes[].ipv6PerEni in a topology',
}

export function queryInstanceTypes(filter: InstanceTypeFilter = {}, overrides?: readonly InstanceTypeOverride[]): InstanceTypeQuery {
  const family = filter.family?.trim().toLowerCase().replace(/^ecs\./, '')
  const name = filter.name ? nameGlob(filter.name) : undefined
  const mode = filter.mode ?? 'shared'
  const candidates = listInstanceTypes(overrides)
    .filter((limits) => (family === undefined || limits.family === family) && (name === undefined || name.test(limits.name)))
    .sort(bySize)
    .map(viewInstanceType)
  if (filter.minPods === undefined && filter.ipStack !== 'dual') return {types: candidates}
  const minPods = filter.minPods
  const dual = filter.ipStack === 'dual'
  const fitsPods = (view: InstanceTypeView): boolean => {
    if (minPods === undefined) return true
    const pods = podsForFilter(view, mode)
    return pods !== null && pods >= minPods && view.eligible[mode] === true
  }
  const types = candidates.filter((view) => fitsPods(view) && (!dual || view.dualStack[mode].supported === true))
  if (types.length > 0 || candidates.length === 0) return {types}
  // nothing left: say which unknown input could have changed that (SPEC 1.4), the pod figure first
  const missing = (input: MissingInput['input'], lacks: (view: InstanceTypeView) => boolean): InstanceTypeQuery | undefined => {
    const lacking = candidates.filter(lacks).length
    return lacking > 0 ? {types, missing: {input, types: lacking, of: candidates.length, hint: MISSING_HINT[input]}} : undefined
  }
  const podInput: MissingInput['input'] = mode === 'trunk' ? 'eniTotal' : 'ipv4PerEni'
  const lacksPodInput = (view: InstanceTypeView): boolean => (podInput === 'eniTotal' ? view.limits.eniTotal === undefined && view.limits.trunk !== false : view.limits.ipv4PerEni === undefined)
  const lacksIpv6 = (view: InstanceTypeView): boolean => {
    const verdict = view.dualStack[mode]
    return verdict.supported === 'unknown' && verdict.missing.input === 'ipv6PerEni'
  }
  return (minPods !== undefined ? missing(podInput, lacksPodInput) : undefined) ?? (dual ? missing('ipv6PerEni', lacksIpv6) : undefined) ?? {types}
}
