/** Zone ids for a plan: a count (placeholder ids `<region>-a`, `-b`, …) or a comma list. */
import {AcknetError} from '../../errors.js'

export const DEFAULT_REGION = 'cn-hangzhou'
export const DEFAULT_ZONE_COUNT = 3
/** 26 letters for generated ids; a Terway zone takes two of the VPC's 150 vSwitches anyway. */
const MAX_GENERATED_ZONES = 26
const ZONE_ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/

export interface ResolvedZones {
  zones: string[]
  /** True when the ids were generated from a count and should be replaced by real ones. */
  generated: boolean
}

export function resolveZones(spec: string | undefined, region: string): ResolvedZones {
  const text = (spec ?? String(DEFAULT_ZONE_COUNT)).trim()
  if (/^\d+$/.test(text)) {
    const count = Number(text)
    if (count < 1 || count > MAX_GENERATED_ZONES) throw new AcknetError(`--zones ${text}: give 1–${MAX_GENERATED_ZONES} zones, or name them (--zones ${region}-h,${region}-i)`)
    return {zones: Array.from({length: count}, (_, i) => `${region}-${String.fromCharCode(97 + i)}`), generated: true}
  }
  const zones = text.split(',').map((zone) => zone.trim().toLowerCase()).filter((zone) => zone !== '')
  if (zones.length === 0) throw new AcknetError('--zones is empty: give a count (3) or zone ids (cn-hangzhou-h,cn-hangzhou-i)')
  for (const zone of zones) if (!ZONE_ID.test(zone)) throw new AcknetError(`--zones: ${JSON.stringify(zone)} is not a zone id (e.g. ${region}-h)`)
  const duplicate = zones.find((zone, i) => zones.indexOf(zone) !== i)
  if (duplicate) throw new AcknetError(`--zones lists ${duplicate} twice`)
  return {zones, generated: false}
}

/** `cn-hangzhou-h` in region cn-hangzhou → `h`; other ids are kept whole. */
export function zoneSuffix(zone: string, region: string): string {
  return zone.startsWith(`${region}-`) && zone.length > region.length + 1 ? zone.slice(region.length + 1) : zone
}
