/** The catalog as `acknet instance-types` shows it: max pods per Terway mode, filtered. */
import {listInstanceTypes, type InstanceTypeLimits, type InstanceTypeOverride} from '../platform/catalog.js'
import {TERWAY_MODES, type TerwayMode, terwayEligibility, terwayMaxPods} from './terway.js'

export interface InstanceTypeView {
  limits: InstanceTypeLimits
  /** null where the catalog lacks an input the mode needs. */
  maxPods: Record<TerwayMode, number | null>
  /** Eligibility per mode; null where unknown. */
  eligible: Record<TerwayMode, boolean | null>
}

export interface InstanceTypeFilter {
  family?: string
  /** Shell-style glob on the name: `*` and `?` (the ecs. prefix is optional). */
  name?: string
  /** Keep types whose max pods in `mode` is at least this (and that are eligible in it). */
  minPods?: number
  mode?: TerwayMode
}

export function viewInstanceType(limits: InstanceTypeLimits): InstanceTypeView {
  const maxPods = {} as Record<TerwayMode, number | null>
  const eligible = {} as Record<TerwayMode, boolean | null>
  for (const mode of TERWAY_MODES) {
    const pods = terwayMaxPods(limits, mode)
    maxPods[mode] = pods.ok ? (mode === 'trunk' && limits.trunk === false ? 0 : pods.pods) : null
    const verdict = terwayEligibility(limits, mode)
    eligible[mode] = verdict.eligible === 'unknown' ? null : verdict.eligible
  }
  return {limits, maxPods, eligible}
}

/** Family, then size (vCPUs), so ecs.g7.large < xlarge < 2xlarge < 16xlarge. */
function bySize(a: InstanceTypeLimits, b: InstanceTypeLimits): number {
  if (a.family !== b.family) return (a.family ?? '') < (b.family ?? '') ? -1 : 1
  return (a.vcpus ?? 0) - (b.vcpus ?? 0) || (a.memoryGiB ?? 0) - (b.memoryGiB ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
}

function globToRegExp(glob: string): RegExp {
  const pattern = glob.trim().toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^(ecs\\.)?${pattern.replace(/^ecs\\\./, '')}$`)
}

export function queryInstanceTypes(filter: InstanceTypeFilter = {}, overrides?: readonly InstanceTypeOverride[]): InstanceTypeView[] {
  const family = filter.family?.trim().toLowerCase().replace(/^ecs\./, '')
  const name = filter.name ? globToRegExp(filter.name) : undefined
  const mode = filter.mode ?? 'shared'
  return listInstanceTypes(overrides)
    .filter((limits) => (family === undefined || limits.family === family) && (name === undefined || name.test(limits.name)))
    .sort(bySize)
    .map(viewInstanceType)
    .filter((view) => filter.minPods === undefined || (view.maxPods[mode] !== null && view.maxPods[mode]! >= filter.minPods && view.eligible[mode] === true))
}
