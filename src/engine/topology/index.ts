import {AcknetError} from '../../errors.js'
import {clipFinding, type Finding, STRUCTURAL_RULE_IDS} from '../findings.js'
import {type LoadedTopology, loadTopology} from './load.js'
import type {Model} from './model.js'
import {resolveTopology} from './resolve.js'

export type {LoadedTopology} from './load.js'
export {loadTopology} from './load.js'
export {resolveTopology} from './resolve.js'
export type * from './model.js'

export interface LoadedModel {
  loaded: LoadedTopology
  model: Model
  /** Loader and resolver findings together, in file order of discovery. */
  findings: Finding[]
}

/** Load + resolve, keeping every finding (what `lint` uses). `text` overrides reading `file`. */
export function loadModel(file: string, text?: string): LoadedModel {
  const loaded = loadTopology(file, text)
  const {model, findings} = resolveTopology(loaded)
  return {loaded, model, findings: [...loaded.findings, ...findings]}
}

/**
 * Load + resolve for commands that answer questions (reach, matrix, routes, graph): a file
 * with a structural problem (SPEC §1: yaml-syntax, schema, unknown-reference, duplicate-name,
 * cidr-syntax) is refused with exit 2 and one message naming file:line:column; other
 * findings do not block (the platform would behave that way).
 */
export function loadModelOrThrow(file: string, text?: string): LoadedModel {
  const result = loadModel(file, text)
  const structural = result.findings.filter((finding) => STRUCTURAL_RULE_IDS.has(finding.ruleId))
  if (structural.length > 0) {
    const first = clipFinding(structural[0]!)
    // one line on stderr: the first problem, and a pointer to lint for the rest
    const more = structural.length > 1 ? ` (+${structural.length - 1} more; run: acknet lint ${file})` : ''
    throw new AcknetError(`${first.message} [${first.ruleId}]${more}`, {position: {file: first.file, line: first.line, column: first.column}})
  }
  return result
}
