import {AcknetError} from '../../errors.js'
import {NAMED_SECTIONS, type ImportResult, type TopologyDoc} from './document.js'

/**
 * `--merge EXISTING`: the imported objects go into an existing topology by name. An object
 * whose name already exists in its section is updated field by field — every field the
 * import produced replaces the old value, fields the import cannot know (a cluster's network
 * settings when importing from kubectl, hand-written `listens`) are kept. New names are
 * appended. Sections and top-level keys the import does not touch (settings, expectations)
 * are kept as they are. YAML comments of the existing file are not preserved.
 */
export function mergeInto(existing: TopologyDoc, result: ImportResult): TopologyDoc {
  const merged: TopologyDoc = {...existing, metadata: {...result.document.metadata, ...existing.metadata}}
  const imported = result.document as Record<string, unknown>
  for (const section of NAMED_SECTIONS) {
    const incoming = imported[section]
    if (!Array.isArray(incoming) || incoming.length === 0) continue
    const current = Array.isArray(existing[section]) ? [...(existing[section] as Array<Record<string, unknown>>)] : []
    for (const object of incoming as Array<Record<string, unknown>>) {
      const index = current.findIndex((candidate) => candidate && candidate.name === object.name)
      if (index < 0) {
        current.push(object)
        continue
      }
      const combined = {...current[index], ...object}
      const source = result.sources.get(object)
      if (source) result.sources.set(combined, source)
      current[index] = combined
    }
    ;(merged as Record<string, unknown>)[section] = current
  }
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
