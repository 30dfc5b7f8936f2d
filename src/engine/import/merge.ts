import {AcknetError} from '../../errors.js'
import {NAMED_SECTIONS, type ImportResult, type TopologyDoc} from './document.js'

/**
 * `--merge EXISTING`: the imported objects go into an existing topology; a merge never loses
 * what the input does not cover (issue #14).
 *
 * - Top-level objects are matched by name. A new name is added; an existing one is updated
 *   field by field: fields the import produced replace the old value, fields it does not know
 *   (hand-written `listens`, a pool's security groups, a cluster's network) are kept.
 * - Named lists inside an object are merged the same way, not replaced: a VPC's vSwitches and
 *   route tables, a cluster's node pools, namespaces, workloads, Services, NetworkPolicies and
 *   Ingresses. So an Ingress-only kubectl file keeps the workloads, a List without Node objects
 *   keeps the node pools.
 * - Lists of unnamed items (rules, routes, listeners, SNAT entries) are replaced as a whole.
 * - Everything a merge replaces is reported, one line per object (stderr and the header).
 * - Sections and top-level keys the import does not touch (settings, expectations) stay.
 */
type Obj = Record<string, unknown>
type KeyOf = (item: Obj) => string | undefined

const byName: KeyOf = (item) => (typeof item?.name === 'string' ? item.name : undefined)
const byNamespacedName: KeyOf = (item) => (typeof item?.name === 'string' ? `${typeof item.namespace === 'string' ? item.namespace : 'default'}/${item.name}` : undefined)
const byMetadata: KeyOf = (item) => {
  const meta = item?.metadata as Obj | undefined
  return typeof meta?.name === 'string' ? `${typeof meta.namespace === 'string' ? meta.namespace : 'default'}/${meta.name}` : undefined
}

interface NestedList {
  key: KeyOf
  /** singular, for the report */
  what: string
}

/** The named lists inside each kind of top-level object that are merged item by item. */
const NESTED: Record<string, Record<string, NestedList>> = {
  vpcs: {vswitches: {key: byName, what: 'vSwitch'}, routeTables: {key: byName, what: 'route table'}},
  clusters: {
    nodePools: {key: byName, what: 'node pool'},
    namespaces: {key: byName, what: 'namespace'},
    workloads: {key: byNamespacedName, what: 'workload'},
    services: {key: byMetadata, what: 'Service'},
    networkPolicies: {key: byMetadata, what: 'NetworkPolicy'},
    ingresses: {key: byMetadata, what: 'Ingress'},
  },
}

const SECTION_NOUN: Record<string, string> = {instanceTypes: 'instance type', vpcs: 'VPC', securityGroups: 'security group', instances: 'instance', natGateways: 'NAT gateway', ipv6Gateways: 'IPv6 gateway', loadBalancers: 'load balancer', clusters: 'cluster'}

/** JSON with sorted keys: equality that ignores key order (a loaded file and an importer order keys differently). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Obj)[key])}`).join(',')}}`
  return JSON.stringify(value) ?? 'undefined'
}

function describeChange(field: string, before: unknown, after: unknown): string {
  const isScalar = (v: unknown) => v === null || typeof v !== 'object'
  if (isScalar(before) && isScalar(after)) return `${field} ${short(before)} → ${short(after)}`
  if (Array.isArray(before) && Array.isArray(after)) return `${field} replaced (${before.length} → ${after.length} entries)`
  return `${field} replaced`
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined'
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

class Merger {
  readonly report: string[] = []
  constructor(private readonly sources: Map<object, string>) {}

  /** `incoming` over `current`, field by field; nested named lists item by item. */
  object(current: Obj, incoming: Obj, label: string, nested: Record<string, NestedList> = {}): Obj {
    const combined: Obj = {...current}
    const changes: string[] = []
    for (const [field, value] of Object.entries(incoming)) {
      if (value === undefined) continue
      const spec = nested[field]
      if (spec && Array.isArray(value)) {
        combined[field] = this.list(Array.isArray(current[field]) ? (current[field] as Obj[]) : [], value as Obj[], `${label} › `, spec)
        continue
      }
      if (current[field] !== undefined && canonical(current[field]) !== canonical(value)) changes.push(describeChange(field, current[field], value))
      combined[field] = value
    }
    if (changes.length > 0) this.report.push(`${label}: ${changes.join('; ')}`)
    const source = this.sources.get(incoming)
    if (source) this.sources.set(combined, source)
    return combined
  }

  list(current: Obj[], incoming: Obj[], prefix: string, spec: NestedList, nested: Record<string, NestedList> = {}): Obj[] {
    const merged = [...current]
    for (const item of incoming) {
      const key = spec.key(item)
      const index = key === undefined ? -1 : merged.findIndex((candidate) => spec.key(candidate) === key)
      if (index < 0) merged.push(item)
      else merged[index] = this.object(merged[index]!, item, `${prefix}${spec.what} ${key}`, nested)
    }
    return merged
  }
}

export function mergeInto(existing: TopologyDoc, result: ImportResult): TopologyDoc {
  const merged: TopologyDoc = {...existing, metadata: {...result.document.metadata, ...existing.metadata}}
  const merger = new Merger(result.sources)
  const imported = result.document as Obj
  for (const section of NAMED_SECTIONS) {
    const incoming = imported[section]
    if (!Array.isArray(incoming) || incoming.length === 0) continue
    const current = Array.isArray(existing[section]) ? (existing[section] as Obj[]) : []
    ;(merged as Obj)[section] = merger.list(current, incoming as Obj[], '', {key: byName, what: SECTION_NOUN[section] ?? section}, NESTED[section])
  }
  result.mergeReport = merger.report
  return merged
}

/** Checks that a parsed file is an acknet topology before merging into it. */
export function asTopology(data: unknown, file: string): TopologyDoc {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new AcknetError('is not an acknet topology (expected a mapping with apiVersion: acknet/v1)', {position: {file}})
  const doc = data as Record<string, unknown>
  if (doc.apiVersion !== 'acknet/v1' || doc.kind !== 'Topology') throw new AcknetError(`is not an acknet topology (apiVersion is ${JSON.stringify(doc.apiVersion)}, kind is ${JSON.stringify(doc.kind)}; expected acknet/v1 Topology)`, {position: {file}})
  if (typeof doc.metadata !== 'object' || doc.metadata === null) doc.metadata = {name: 'imported'}
  return doc as TopologyDoc
}
