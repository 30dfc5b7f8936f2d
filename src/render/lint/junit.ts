import type {Finding} from '../../engine/findings.js'
import type {LintReport} from '../../engine/lint/report.js'

/**
 * JUnit XML for GitLab (`artifacts:reports:junit`), Jenkins and friends: one <testsuite> per
 * file, one <testcase> per rule in force per file. Error findings make the testcase fail (one
 * <failure> listing every `file:line:col message`); warnings and infos leave it passing and are
 * listed in <system-out>, so the report's red/green matches lint's exit code. In a file that
 * never became a model (broken YAML, not a topology) the model rules did not run: <skipped/>.
 */
export function renderJunit(report: LintReport): string {
  const activeRules = report.rules.filter((rule) => rule.setting !== 'off')
  const byFileRule = new Map<string, Map<string, Finding[]>>()
  for (const finding of report.findings) {
    let byRule = byFileRule.get(finding.file)
    if (!byRule) byFileRule.set(finding.file, (byRule = new Map()))
    let list = byRule.get(finding.ruleId)
    if (!list) byRule.set(finding.ruleId, (list = []))
    list.push(finding)
  }
  const files = [...report.files]
  for (const file of byFileRule.keys()) if (!files.includes(file)) files.push(file)

  const unchecked = new Set(report.unchecked ?? [])
  const structural = new Set(report.rules.filter((rule) => rule.producedBy === 'loader' || rule.producedBy === 'resolver').map((rule) => rule.id))
  let totalTests = 0
  let totalFailures = 0
  let totalSkipped = 0
  const suites: string[] = []
  for (const file of files) {
    const byRule = byFileRule.get(file) ?? new Map<string, Finding[]>()
    const ruleIds = activeRules.map((rule) => rule.id)
    for (const ruleId of byRule.keys()) if (!ruleIds.includes(ruleId)) ruleIds.push(ruleId)
    const cases: string[] = []
    let failures = 0
    let skipped = 0
    for (const ruleId of ruleIds) {
      const findings = byRule.get(ruleId) ?? []
      const errors = findings.filter((finding) => finding.severity === 'error')
      const others = findings.filter((finding) => finding.severity !== 'error')
      let body = ''
      if (errors.length > 0) {
        failures++
        const summary = errors.length === 1 ? errors[0]!.message : `${errors.length} errors`
        body += `\n      <failure type="${attr(ruleId)}" message="${attr(summary)}">${text(errors.map(describe).join('\n'))}</failure>`
      }
      if (others.length > 0) body += `\n      <system-out>${text(others.map(describe).join('\n'))}</system-out>`
      if (findings.length === 0 && unchecked.has(file) && !structural.has(ruleId)) {
        skipped++
        body += `\n      <skipped message="not checked: the file has structural errors (see yaml-syntax, schema)"/>`
      }
      cases.push(`    <testcase classname="${attr(file)}" name="${attr(ruleId)}" file="${attr(file)}">${body}${body ? '\n    ' : ''}</testcase>`)
    }
    totalTests += cases.length
    totalFailures += failures
    totalSkipped += skipped
    suites.push(`  <testsuite name="${attr(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`)
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="acknet lint" tests="${totalTests}" failures="${totalFailures}" errors="0" skipped="${totalSkipped}">\n${suites.join('\n')}\n</testsuites>\n`
}

function describe(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.message}${finding.path ? ` (${finding.path})` : ''}`
}

// characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE/U+FFFF)
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Element text: & < > escaped (and > for `]]>`), invalid characters replaced. */
export function text(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Attribute value in double quotes: also quotes and whitespace that attribute normalisation would eat. */
export function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}
