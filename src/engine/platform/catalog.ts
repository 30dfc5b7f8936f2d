/**
 * The built-in ECS instance catalog (ENI limits per type). Data: shared/data/ecs-instance-types.csv
 * (AlibabaCloudDocs/ecs, MIT) compiled into data/instance-types.json by scripts/build-catalog.mjs.
 * Topology `instanceTypes:` entries and CLI flags override or extend it.
 */
import {readFileSync} from 'node:fs'
import {AcknetError, type SourcePosition} from '../../errors.js'
import {packageFile} from '../../package-root.js'
import {editDistance} from '../suggest.js'

export interface InstanceTypeLimits {
  name: string
  family?: string
  vcpus?: number
  memoryGiB?: number
  /** EniQuantity: ENIs including the primary one. */
  enis: number
  /** EniPrivateIpAddressQuantity; undefined where no figure is published (never guessed). */
  ipv4PerEni?: number
  ipv6PerEni?: number
  /** EniTotalQuantity (trunk member ENIs included); undefined where unknown. */
  eniTotal?: number
  trunk?: boolean
  /** Where the numbers came from: 'catalog', 'topology', 'flags'. */
  origin?: string
}

/** A topology `instanceTypes:` entry or flag set: any field given wins over the catalog row. */
export type InstanceTypeOverride = {name: string} & Partial<Omit<InstanceTypeLimits, 'name'>>

interface CatalogFile {
  source: {repository: string; commit: string; docsDate: string}
  generated: string
  types: Array<Omit<InstanceTypeLimits, 'origin'> & {source?: string}>
}

interface Catalog {
  info: {repository: string; commit: string; docsDate: string; generated: string}
  byName: Map<string, InstanceTypeLimits>
  list: InstanceTypeLimits[]
}

// found from the package root: sources and the bundle sit at different depths (package-root.ts)
const catalogPath = () => packageFile('data/instance-types.json')

let catalog: Catalog | undefined

/** Reads and indexes the shipped JSON the first time it is needed (about a millisecond). */
function loadCatalog(): Catalog {
  if (catalog) return catalog
  let file: CatalogFile
  try {
    file = JSON.parse(readFileSync(catalogPath(), 'utf8')) as CatalogFile
  } catch (error) {
    throw new AcknetError(`cannot read the instance catalog ${catalogPath()}: ${(error as Error).message}`)
  }
  const byName = new Map<string, InstanceTypeLimits>()
  const list: InstanceTypeLimits[] = []
  for (const {source: _source, ...row} of file.types) {
    const limits: InstanceTypeLimits = {...row, origin: 'catalog'}
    byName.set(limits.name, limits)
    list.push(limits)
  }
  catalog = {info: {...file.source, generated: file.generated}, byName, list}
  return catalog
}

/** Where the catalog came from (repository, commit, docs date, generation date). */
export function catalogInfo(): Catalog['info'] {
  return loadCatalog().info
}

/** `g7.xlarge` and `ECS.G7.XLARGE` both mean `ecs.g7.xlarge`. */
export function normalizeInstanceTypeName(name: string): string {
  const lower = name.trim().toLowerCase()
  return lower.startsWith('ecs.') ? lower : `ecs.${lower}`
}

function findOverride(name: string, overrides: readonly InstanceTypeOverride[] | undefined): InstanceTypeOverride | undefined {
  if (!overrides) return undefined
  const wanted = normalizeInstanceTypeName(name)
  // the last entry wins, as a later flag or file entry is the more specific one
  for (let i = overrides.length - 1; i >= 0; i--) if (normalizeInstanceTypeName(overrides[i]!.name) === wanted) return overrides[i]
  return undefined
}

/**
 * The ENI limits of a type: the catalog row with any override's fields on top, or the
 * override alone for a type the catalog lacks (it must then give `enis`). Undefined when
 * neither knows the type.
 */
export function lookupInstanceType(name: string, overrides?: readonly InstanceTypeOverride[]): InstanceTypeLimits | undefined {
  const base = loadCatalog().byName.get(name) ?? loadCatalog().byName.get(normalizeInstanceTypeName(name))
  const override = findOverride(name, overrides)
  if (!override) return base
  const merged: InstanceTypeLimits = {...(base ?? {name: override.name, enis: Number.NaN})}
  for (const [key, value] of Object.entries(override)) if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value
  merged.name = base?.name ?? override.name
  if (merged.family === undefined) merged.family = merged.name.split('.')[1]
  merged.origin = override.origin ?? 'topology'
  if (!Number.isInteger(merged.enis)) return undefined
  return merged
}

/** Every catalog row (sorted by name), with overrides applied and override-only types added. */
export function listInstanceTypes(overrides?: readonly InstanceTypeOverride[]): InstanceTypeLimits[] {
  const list = loadCatalog().list
  if (!overrides || overrides.length === 0) return list.slice()
  const names = new Set(list.map((row) => row.name))
  for (const override of overrides) if (!names.has(override.name) && !names.has(normalizeInstanceTypeName(override.name))) names.add(override.name)
  return [...names].sort().map((name) => lookupInstanceType(name, overrides)).filter((row): row is InstanceTypeLimits => row !== undefined)
}

/** The `n` known type names nearest to `name` (same family first, then edit distance). */
export function closestInstanceTypes(name: string, n = 3, overrides?: readonly InstanceTypeOverride[]): string[] {
  const wanted = normalizeInstanceTypeName(name)
  const family = wanted.split('.')[1]
  const size = wanted.split('.').slice(2).join('.')
  return listInstanceTypes(overrides)
    .map((row) => {
      const [, rowFamily, ...rowSize] = row.name.split('.')
      // a typo in the size of a known family ("g7.xlarg") or a size in a neighbour family ("g9.xlarge")
      const bias = rowFamily === family ? -2 : rowSize.join('.') === size ? -1 : 0
      return {name: row.name, score: editDistance(wanted, row.name) + bias}
    })
    .sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1))
    .slice(0, n)
    .map((entry) => entry.name)
}

/** lookupInstanceType or an exit-2 error naming the closest known types. */
export function requireInstanceType(name: string, overrides?: readonly InstanceTypeOverride[], position?: SourcePosition): InstanceTypeLimits {
  const limits = lookupInstanceType(name, overrides)
  if (limits) return limits
  const closest = closestInstanceTypes(name, 3, overrides)
  throw new AcknetError(`unknown instance type ${JSON.stringify(name)}; did you mean ${closest.join(', ')}?`, {
    position,
    hints: ['list the catalog with `acknet instance-types`, or give the limits with --enis/--ips-per-eni (or an `instanceTypes:` entry in the topology)'],
  })
}
