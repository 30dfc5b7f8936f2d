import type {Severity} from '../../engine/findings.js'
import type {LintReport} from '../../engine/lint/report.js'

/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=RULE::message` per
 * finding, shown as annotations on the pull request. Escaping as GitHub's toolkit does it
 * (@actions/core command.ts): data escapes % \r \n; properties also : and ,.
 */
const COMMANDS: Record<Severity, string> = {error: 'error', warning: 'warning', info: 'notice'}

export function renderGithub(report: LintReport): string {
  const lines = report.findings.map((finding) => {
    const properties = [`file=${escapeProperty(finding.file)}`, `line=${finding.line}`, `col=${finding.column}`, `title=${escapeProperty(finding.ruleId)}`].join(',')
    return `::${COMMANDS[finding.severity]} ${properties}::${escapeData(finding.message)}`
  })
  return lines.join('\n')
}

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
