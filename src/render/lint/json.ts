import type {Finding} from '../../engine/findings.js'
import type {LintReport, LintSummary} from '../../engine/lint/report.js'

/** SPEC §5 JSON: exactly `{findings: [{ruleId, severity, message, file, line, column, path}], summary}`. */
export function lintJson(report: LintReport): {findings: Finding[]; summary: LintSummary} {
  return {
    findings: report.findings.map(({ruleId, severity, message, file, line, column, path}) => ({ruleId, severity, message, file, line, column, path})),
    summary: {...report.summary},
  }
}
