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
 * Where resolved models are kept between runs (issue #18: repeated questions during an
 * incident). The CLI supplies one (src/cli/model-cache.ts); the engine only asks and offers.
 */
export interface ModelCache {
  /** The model stored for exactly this file and every file it pulls in, or undefined. */
  read(file: string): LoadedModel | undefined
  /** Offers a freshly loaded model of a file without structural problems. */
  write(file: string, result: LoadedModel): void
}

/**
 * Load + resolve for commands that answer questions (reach, matrix, routes, graph): a file
 * with a structural problem (SPEC §1: yaml-syntax, schema, unknown-reference, duplicate-name,
 * cidr-syntax) is refused with exit 2 and one message naming file:line:column; other
 * findings do not block (the platform would behave that way). With a `cache`, a file read
 * from disk (not stdin, not `text`) is looked up first and stored after a fresh load.
 */
export function loadModelOrThrow(file: string, text?: string, options: {cache?: ModelCache} = {}): LoadedModel {
  const cache = text === undefined && file !== '-' ? options.cache : undefined
  const cached = cache?.read(file)
  if (cached) return cached
  const result = loadModel(file, text)
  const structural = result.findings.filter((finding) => STRUCTURAL_RULE_IDS.has(finding.ruleId))
  if (structural.length > 0) {
    const first = clipFinding(structural[0]!)
    // one line on stderr: the first problem, and a pointer to lint for the rest
    const more = structural.length > 1 ? ` (+${structural.length - 1} more; run: acknet lint ${file})` : ''
    throw new AcknetError(`${first.message} [${first.ruleId}]${more}`, {position: {file: first.file, line: first.line, column: first.column}})
  }
  cache?.write(file, result)
  return result
}
