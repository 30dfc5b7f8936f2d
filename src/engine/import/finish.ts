import {AcknetError} from '../../errors.js'
import type {ImportResult} from './document.js'
import {readStructured} from './io.js'
import {asTopology, mergeInto} from './merge.js'
import {renderImport} from './output.js'
import type {TopologyDoc} from './document.js'

/** Loads the `--merge` target (also the importers' context: its vSwitches, its cluster settings). */
export function loadMergeTarget(file: string | undefined): TopologyDoc | undefined {
  if (!file) return undefined
  return asTopology(readStructured(file), file)
}

/** The final YAML text of an import, merged into the existing topology when one is given. */
export function finishImport(result: ImportResult, mergeTarget?: TopologyDoc, mergeFile?: string): string {
  if (!mergeTarget) return renderImport(result)
  if (!mergeFile) throw new AcknetError('internal: merge target without a file name')
  const merged = mergeInto(mergeTarget, result)
  return renderImport({...result, inputs: [...result.inputs, `merged into: ${mergeFile}`]}, merged)
}
