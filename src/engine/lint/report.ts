import type {Finding, Severity} from '../findings.js'
import type {RuleMeta, RuleSetting} from './rule.js'
import {INTERNAL_RULE_ID} from '../findings.js'

/** Everything a lint renderer needs: the findings, what was linted, and the rules in force. */
export interface LintReport {
  /** Sorted by file (input order), line, column, rule id. */
  findings: Finding[]
  /** Every linted file, in input order (files without findings included). */
  files: string[]
  /** Every known rule with its setting in force (project config + --rule). */
  rules: Array<RuleMeta & {setting: RuleSetting}>
  summary: LintSummary
  /** --max-warnings / maxWarnings, when set. */
  maxWarnings?: number
  /** Files that never became a model (yaml-syntax, not a topology, ...): only structural rules ran. */
  unchecked?: string[]
}

export interface LintSummary {
  files: number
  errors: number
  warnings: number
  infos: number
}

export function summarize(findings: readonly Finding[], files: number): LintSummary {
  const summary: LintSummary = {files, errors: 0, warnings: 0, infos: 0}
  for (const finding of findings) {
    if (finding.severity === 'error') summary.errors++
    else if (finding.severity === 'warning') summary.warnings++
    else summary.infos++
  }
  return summary
}

/** SPEC §1: lint exits 1 on error findings (or too many warnings), 0 otherwise. */
/** A rule threw (an `internal` finding): lint could not check the file, exit 2 (SPEC §5). */
export function lintInternalError(report: LintReport): boolean {
  return report.findings.some((finding) => finding.ruleId === INTERNAL_RULE_ID)
}

export function lintFailed(report: LintReport): boolean {
  return report.summary.errors > 0 || tooManyWarnings(report)
}

export function tooManyWarnings(report: LintReport): boolean {
  return report.maxWarnings !== undefined && report.summary.warnings > report.maxWarnings
}

export const SEVERITY_ORDER: Record<Severity, number> = {error: 0, warning: 1, info: 2}
