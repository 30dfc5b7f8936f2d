import type {Finding, Severity} from '../findings.js'
import {clipFinding, INTERNAL_RULE_ID, STRUCTURAL_RULE_IDS} from '../findings.js'
import {type LoadedTopology, loadTopology, readInputText} from '../topology/load.js'
import {parsePath} from '../topology/positions.js'
import {resolveTopology} from '../topology/resolve.js'
import type {Model} from '../topology/model.js'
import type {LintConfig} from './config.js'
import {readConfigCatalog, STDIN_NAME, type LintInput} from './files.js'
import {RULES} from './registry.js'
import {type LintReport, summarize} from './report.js'
import {joinPath, type LintRule, type RuleContext, type RuleSetting, type SourceRef} from './rule.js'
import {isSuppressed, parseSuppressions, type Suppressions} from './suppress.js'

/**
 * The lint pipeline for one file: load (yaml-syntax, schema) → resolve (unknown-reference,
 * duplicate-name, cidr-syntax) → every enabled rule → settings (off / severity) → suppression
 * comments → sorted findings. Pure apart from reading the file (and its manifests) once.
 */
export interface LintFileResult {
  file: string
  findings: Finding[]
  /** False when the file could not be resolved into a model (rules did not run). */
  checked: boolean
}

export interface LintOptions {
  /** Settings in force for this file (project + local .acknetrc.yaml, then --rule). */
  config: LintConfig
  rules?: ReadonlyArray<LintRule<Model>>
}

export function lintInput(input: LintInput, options: LintOptions): LintFileResult {
  const rules = options.rules ?? RULES
  const loaderFile = input.file === STDIN_NAME ? '-' : input.file
  if (input.unreadable) {
    const finding: Finding = {ruleId: 'file-unreadable', severity: 'error', message: `cannot read ${input.file} (${input.unreadable}); it was not linted`, file: input.file, line: 1, column: 1, path: ''}
    return {file: input.file, findings: applySettings([finding], options.config), checked: false}
  }
  let text = input.text
  if (text === undefined) {
    // read once (stdin cannot be read twice): unreadable bytes (not UTF-8, too large) are the finding
    const decoded = readInputText(loaderFile)
    if (decoded.finding) {
      const findings = applySettings([clipFinding(decoded.finding)], options.config)
      return {file: decoded.finding.file, findings, checked: false}
    }
    text = decoded.text
  }
  // perf: positions in the first parse — lint locates findings, and a lazy tree costs a second parse
  const loaded: LoadedTopology = loadTopology(loaderFile, text, {positions: 'eager'})
  const findings: Finding[] = [...loaded.findings]
  let model: Model | undefined
  if (loaded.topology) {
    const resolved = resolveTopology(loaded, {catalog: options.config.catalog ? readConfigCatalog(options.config.catalog) : undefined})
    model = resolved.model
    append(findings, resolved.findings)
  }
  if (model) append(findings, runRules(model, loaded, rules, options.config, findings.some((finding) => STRUCTURAL_RULE_IDS.has(finding.ruleId))))

  // clipped (issue #9): messages quote names and keys, which hostile input can make huge
  const shown = applySettings(findings.map(clipFinding), options.config)
  const suppressions = new SuppressionCache(loaded.file, text)
  const kept = shown.filter((finding) => finding.ruleId === INTERNAL_RULE_ID || !isSuppressed(finding, suppressions.of(finding.file)))
  return {file: loaded.file, findings: sortFindings(kept, loaded.file), checked: model !== undefined}
}

function runRules(model: Model, loaded: LoadedTopology, rules: ReadonlyArray<LintRule<Model>>, config: LintConfig, structural: boolean): Finding[] {
  const findings: Finding[] = []
  for (const rule of rules) {
    if (rule.producedBy === 'loader' || rule.producedBy === 'resolver') continue
    const setting = config.rules.get(rule.id) ?? rule.severity
    if (setting === 'off') continue
    try {
      append(findings, rule.check(model, makeContext(rule, model, loaded)))
    } catch (error) {
      // a rule that throws is a bug: an `internal` finding naming the rule (lint then exits 2),
      // never swallowed — not even on a partial model, where it would hide a real problem
      const message = error instanceof Error ? error.message : String(error)
      const partial = structural ? ' (the file also has structural errors)' : ''
      findings.push({ruleId: INTERNAL_RULE_ID, severity: 'error', message: `lint rule ${rule.id} failed: ${message}${partial}; this is a bug in acknet, please report it with the file`, file: loaded.file, line: 1, column: 1, path: ''})
    }
  }
  return findings
}

function makeContext(rule: LintRule<Model>, model: Model, loaded: LoadedTopology): RuleContext {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    finding(source: SourceRef, subpath: string, message: string, part: 'key' | 'value' = 'value'): Finding {
      const field = subpath.startsWith('.') ? subpath.slice(1) : subpath
      const at = model.locate(source, part, field || undefined)
      return {ruleId: rule.id, severity: rule.severity, message, file: at.file, line: at.line, column: at.column, path: at.path || joinPath(source.path, field)}
    },
    raw(source: SourceRef, subpath: string): unknown {
      if (source.file !== loaded.file) return undefined
      let current: unknown = loaded.data
      for (const segment of parsePath(joinPath(source.path, subpath))) {
        if (current === null || typeof current !== 'object') return undefined
        current = (current as Record<string | number, unknown>)[segment]
      }
      return current
    },
  }
}

/** Drops findings of rules set to `off` and applies severity overrides. */
function applySettings(findings: Finding[], config: LintConfig): Finding[] {
  if (config.rules.size === 0) return findings
  const out: Finding[] = []
  for (const finding of findings) {
    // an internal error cannot be turned off or down: a rule that did not run is not a clean result
    const setting: RuleSetting | undefined = finding.ruleId === INTERNAL_RULE_ID ? undefined : config.rules.get(finding.ruleId)
    if (setting === 'off') continue
    out.push(setting && setting !== finding.severity ? {...finding, severity: setting as Severity} : finding)
  }
  return out
}

/** Suppression comments per file: the linted file's text is at hand; manifest files are read on demand. */
class SuppressionCache {
  private readonly byFile = new Map<string, Suppressions>()

  constructor(private readonly mainFile: string, mainText: string | undefined) {
    if (mainText !== undefined) this.byFile.set(mainFile, parseSuppressions(mainText))
  }

  of(file: string): Suppressions {
    let found = this.byFile.get(file)
    if (!found) {
      let text = ''
      try {
        // bounded (issue #9): an oversized file is a finding already, not worth reading whole
        if (file !== STDIN_NAME) text = readInputText(file).text
      } catch {
        // unreadable: no suppressions
      }
      found = parseSuppressions(text)
      this.byFile.set(file, found)
    }
    return found
  }
}

/** The linted file first, then other files (manifests) by name; inside a file by line, column, rule. */
export function sortFindings(findings: Finding[], mainFile: string): Finding[] {
  return findings.sort((a, b) => {
    if (a.file !== b.file) {
      if (a.file === mainFile) return -1
      if (b.file === mainFile) return 1
      return a.file < b.file ? -1 : 1
    }
    return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  })
}

/** Lints every input with its own config and builds the report renderers take. */
export function lintInputs(inputs: readonly LintInput[], configFor: (input: LintInput) => LintConfig, projectConfig: LintConfig, maxWarnings?: number): LintReport {
  const findings: Finding[] = []
  const files: string[] = []
  const unchecked: string[] = []
  for (const input of inputs) {
    const result = lintInput(input, {config: configFor(input)})
    files.push(result.file)
    if (!result.checked) unchecked.push(result.file)
    append(findings, result.findings)
  }
  return {
    findings,
    files,
    rules: RULES.map(({check: _check, ...meta}) => ({...meta, setting: projectConfig.rules.get(meta.id) ?? meta.severity})),
    summary: summarize(findings, files.length),
    maxWarnings: maxWarnings ?? projectConfig.maxWarnings,
    unchecked,
  }
}

/** push(...list) passes every element as an argument: a hostile file's 200,000 findings would overflow the stack. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item)
}
