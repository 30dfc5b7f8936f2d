import type {Severity} from '../../engine/findings.js'
import type {LintReport} from '../../engine/lint/report.js'
import {githubData, githubProperty} from '../escape.js'

/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=RULE::message` per
 * finding, shown as annotations on the pull request. Escaping as GitHub's toolkit does it
 * (@actions/core command.ts): data escapes % \r \n; properties also : and , (src/render/escape.ts).
 */
const COMMANDS: Record<Severity, string> = {error: 'error', warning: 'warning', info: 'notice'}

export function renderGithub(report: LintReport): string {
  const lines = report.findings.map((finding) => {
    const properties = [`file=${githubProperty(finding.file)}`, `line=${finding.line}`, `col=${finding.column}`, `title=${githubProperty(finding.ruleId)}`].join(',')
    return `::${COMMANDS[finding.severity]} ${properties}::${githubData(finding.message)}`
  })
  return lines.join('\n')
}
