/**
 * The built-in ECS instance catalog (ENI limits per type). Data: data/ecs-instance-types.csv
 * (1,175 types; provenance in data/README.md) compiled into data/instance-types.json by
 * scripts/build-catalog.mjs. Layers on top of it, lowest precedence first (SPEC 1.4): a user's
 * DescribeInstanceTypes catalog (`--catalog`, `catalog:` in .acknetrc.yaml), then a topology's
 * `instanceTypes:` (and `terway capacity`'s limit flags). Every value keeps where it came from.
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
  /** The layer that gave the last word: 'catalog' (shipped), 'user-catalog', 'topology', 'flags'. */
  origin?: string
  /** Where each ENI value came from (`source` in capacity JSON), e.g. `shipped catalog: https://…`. */
  sources?: Partial<Record<LimitField, string>>
}

/** The ENI values a capacity answer may use, each with its own source. */
export type LimitField = 'enis' | 'ipv4PerEni' | 'ipv6PerEni' | 'eniTotal' | 'trunk'
export const LIMIT_FIELDS: readonly LimitField[] = ['enis', 'ipv4PerEni', 'ipv6PerEni', 'eniTotal', 'trunk']

/**
 * A topology `instanceTypes:` entry, a user-catalog row or a flag set: any field given wins over
 * the layers below it. `origin` names the layer, `source` the place (file, line) for `sources`.
 */
export type InstanceTypeOverride = {name: string; source?: string} & Partial<Omit<InstanceTypeLimits, 'name' | 'sources'>>

/** The shipped catalog's provenance (data/instance-types.json `source`, see scripts/build-catalog.mjs). */
export interface CatalogInfo {
  description: string
  primary: string
  docsDate: string
  provenance: string
  generated: string
  count: number
  [key: string]: string | number
}

interface CatalogFile {
  source: {description: string; primary: string; docsDate: string; provenance: string; [key: string]: string}
  generated: string
  count: number
  types: Array<Omit<InstanceTypeLimits, 'origin' | 'sources'> & {source?: string; eniTotalSource?: string}>
}

type CatalogRow = CatalogFile['types'][number]

interface Catalog {
  info: CatalogInfo
  byName: {get(name: string): InstanceTypeLimits | undefined}
  /** Every row, in file order (built on first use: only listings need it). */
  readonly list: InstanceTypeLimits[]
}

// found from the package root: sources and the bundle sit at different depths (package-root.ts)
const catalogPath = () => packageFile('data/instance-types.json')

let catalog: Catalog | undefined

/**
 * Reads and indexes the shipped JSON the first time it is needed. perf (issue #18): a command
 * looks up a handful of the 1,175 types, so a row becomes InstanceTypeLimits when first asked for
 * (building them all was ≈ 15–30 ms of a cold `reach` on the production fixture).
 */
function loadCatalog(): Catalog {
  if (catalog) return catalog
  let file: CatalogFile
  try {
    file = JSON.parse(readFileSync(catalogPath(), 'utf8')) as CatalogFile
  } catch (error) {
    throw new AcknetError(`cannot read the instance catalog ${catalogPath()}: ${(error as Error).message}`)
  }
  const rows = new Map<string, CatalogRow>()
  for (const row of file.types) rows.set(row.name, row)
  const built = new Map<CatalogRow, InstanceTypeLimits>()
  const limitsOf = (row: CatalogRow): InstanceTypeLimits => {
    let limits = built.get(row)
    if (!limits) built.set(row, (limits = catalogLimits(row)))
    return limits
  }
  let list: InstanceTypeLimits[] | undefined
  catalog = {
    info: {...file.source, generated: file.generated, count: file.types.length},
    byName: {
      get(name) {
        const row = rows.get(name)
        return row && limitsOf(row)
      },
    },
    get list() {
      return (list ??= file.types.map(limitsOf))
    },
  }
  return catalog
}

/** A catalog row with the source of each limit. */
function catalogLimits({source, eniTotalSource, ...row}: CatalogRow): InstanceTypeLimits {
  const where = `shipped catalog: ${source ?? 'data/instance-types.json'}`
  const sources: InstanceTypeLimits['sources'] = {}
  for (const field of LIMIT_FIELDS) if (row[field] !== undefined) sources[field] = where
  // EniTotalQuantity and trunk support come from a real API response, not the page
  if (eniTotalSource) for (const field of ['eniTotal', 'trunk'] as const) if (row[field] !== undefined) sources[field] = `shipped catalog: ${eniTotalSource}`
  return {...row, origin: 'catalog', sources}
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

/** Every override for `name`, in list order (lowest precedence first). */
function findOverrides(name: string, overrides: readonly InstanceTypeOverride[] | undefined): InstanceTypeOverride[] {
  if (!overrides || overrides.length === 0) return []
  const wanted = normalizeInstanceTypeName(name)
  return overrides.filter((override) => override.name === name || normalizeInstanceTypeName(override.name) === wanted)
}

/**
 * The ENI limits of a type: the catalog row with every matching override's fields on top, in
 * list order (so callers list a user catalog before the topology's entries, which then win
 * field by field), or the overrides alone for a type the catalog lacks (they must then give
 * `enis`). Undefined when neither knows the type.
 */
export function lookupInstanceType(name: string, overrides?: readonly InstanceTypeOverride[]): InstanceTypeLimits | undefined {
  const base = loadCatalog().byName.get(name) ?? loadCatalog().byName.get(normalizeInstanceTypeName(name))
  const matching = findOverrides(name, overrides)
  if (matching.length === 0) return base
  const merged: InstanceTypeLimits = {...(base ?? {name: matching[0]!.name, enis: Number.NaN}), sources: {...base?.sources}}
  for (const override of matching) {
    const {source, origin, name: _name, ...values} = override
    const where = source ?? origin ?? 'topology'
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue
      ;(merged as unknown as Record<string, unknown>)[key] = value
      if ((LIMIT_FIELDS as readonly string[]).includes(key)) merged.sources![key as LimitField] = where
    }
    merged.origin = origin ?? 'topology'
  }
  merged.name = base?.name ?? matching[0]!.name
  if (merged.family === undefined) merged.family = merged.name.split('.')[1]
  if (!Number.isInteger(merged.enis)) return undefined
  return merged
}

/** Every catalog row (sorted by name), with overrides applied and override-only types added. */
export function listInstanceTypes(overrides?: readonly InstanceTypeOverride[]): InstanceTypeLimits[] {
  const list = loadCatalog().list
  if (!overrides || overrides.length === 0) return list.slice()
  const names = new Set(list.map((row) => row.name))
  for (const override of overrides) if (!names.has(override.name) && !names.has(normalizeInstanceTypeName(override.name))) names.add(normalizeInstanceTypeName(override.name))
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
