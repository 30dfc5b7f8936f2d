import type {ChalkInstance} from 'chalk'
import type {Finding, Severity} from '../../engine/findings.js'
import {type LintReport, tooManyWarnings} from '../../engine/lint/report.js'
import {terminalText} from '../escape.js'

/**
 * ESLint-style human output: findings grouped by file, columns aligned per file
 * (`line:col  severity  message  ruleId`), then one summary line.
 */
export function renderStylish(report: LintReport, c: ChalkInstance): string {
  const out: string[] = []
  const byFile = new Map<string, Finding[]>()
  for (const finding of report.findings) {
    let list = byFile.get(finding.file)
    if (!list) byFile.set(finding.file, (list = []))
    list.push(finding)
  }
  for (const [file, findings] of byFile) {
    out.push(c.underline(terminalText(file)))
    const where = findings.map((finding) => `${finding.line}:${finding.column}`)
    // reduce, not Math.max(...list): a broken file can have more findings than the call stack holds arguments
    const whereWidth = where.reduce((width, text) => Math.max(width, text.length), 0)
    const messageWidth = Math.min(100, findings.reduce((width, finding) => Math.max(width, firstLine(finding.message).length), 0))
    findings.forEach((finding, index) => {
      const message = firstLine(finding.message)
      out.push(`  ${c.dim(where[index]!.padEnd(whereWidth))}  ${severityLabel(finding.severity, c)}  ${message.padEnd(messageWidth)}  ${c.dim(finding.ruleId)}`)
    })
    out.push('')
  }
  const {errors, warnings, infos, files} = report.summary
  const problems = errors + warnings + infos
  if (problems === 0) {
    out.push(c.green(`✔ no problems (${plural(files, 'file')} linted)`))
  } else {
    const line = `✖ ${plural(problems, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`
    out.push(errors > 0 ? c.red.bold(line) : c.yellow.bold(line))
  }
  if (tooManyWarnings(report)) out.push(c.red(`✖ too many warnings: ${warnings} (maximum ${report.maxWarnings})`))
  return out.join('\n')
}

const LABELS: Record<Severity, string> = {error: 'error  ', warning: 'warning', info: 'info   '}

function severityLabel(severity: Severity, c: ChalkInstance): string {
  const label = LABELS[severity]
  return severity === 'error' ? c.red(label) : severity === 'warning' ? c.yellow(label) : c.blue(label)
}

function firstLine(text: string): string {
  const at = text.search(/[\r\n]/)
  return at < 0 ? text : text.slice(0, at)
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}
