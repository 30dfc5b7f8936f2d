import type {Severity} from '../../engine/findings.js'
import type {LintReport} from '../../engine/lint/report.js'
import type {RuleSetting} from '../../engine/lint/rule.js'
import {nodeCrypto} from '../../lazy-builtins.js'

/**
 * SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif) and other SARIF
 * consumers. Artifact URIs are relative to the cwd with forward slashes, so code scanning maps
 * them onto the repository when lint runs from the checkout root.
 */
export interface SarifOptions {
  toolVersion: string
  informationUri: string
  /** Base of the per-rule documentation; a rule's helpUri is `${rulesDocUri}#${ruleId}`. */
  rulesDocUri: string
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'

type SarifLevel = 'error' | 'warning' | 'note' | 'none'

const LEVELS: Record<Severity, SarifLevel> = {error: 'error', warning: 'warning', info: 'note'}

function level(setting: RuleSetting): SarifLevel {
  return setting === 'off' ? 'none' : LEVELS[setting]
}

export function renderSarif(report: LintReport, options: SarifOptions): Record<string, unknown> {
  const ruleIndex = new Map<string, number>()
  const rules = report.rules.map((rule, index) => {
    ruleIndex.set(rule.id, index)
    const helpUri = `${options.rulesDocUri}#${rule.id}`
    return {
      id: rule.id,
      name: pascalCase(rule.id),
      shortDescription: {text: rule.description},
      fullDescription: {text: `${rule.description}. ${rule.help}`},
      helpUri,
      help: {text: `${rule.help} See ${helpUri}`, markdown: `**${rule.id}** — ${rule.description}.\n\n${rule.help}\n\n[Documentation](${helpUri})`},
      defaultConfiguration: {enabled: rule.setting !== 'off', level: level(rule.setting)},
      properties: {tags: ['acknet', 'network', rule.producedBy === 'rule' || rule.producedBy === undefined ? 'platform-rule' : 'structure']},
    }
  })

  const artifactIndex = new Map<string, number>()
  const artifacts = report.files.map((file, index) => {
    artifactIndex.set(file, index)
    return {location: {uri: fileUri(file)}}
  })

  const results = report.findings.map((finding) => {
    const result: Record<string, unknown> = {
      ruleId: finding.ruleId,
      level: LEVELS[finding.severity],
      message: {text: finding.message},
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactIndex.has(finding.file) ? {uri: fileUri(finding.file), index: artifactIndex.get(finding.file)} : {uri: fileUri(finding.file)},
            region: {startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column)},
          },
          ...(finding.path ? {logicalLocations: [{fullyQualifiedName: finding.path, kind: 'object'}]} : {}),
        },
      ],
      // stable across edits that only move lines: rule + file + YAML path + message
      partialFingerprints: {'acknetFinding/v1': nodeCrypto().createHash('sha256').update(`${finding.ruleId}\0${finding.file}\0${finding.path}\0${finding.message}`).digest('hex').slice(0, 32)},
    }
    const index = ruleIndex.get(finding.ruleId)
    if (index !== undefined) result.ruleIndex = index
    return result
  })

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {driver: {name: 'acknet', semanticVersion: options.toolVersion, version: options.toolVersion, informationUri: options.informationUri, rules}},
        artifacts,
        results,
        columnKind: 'unicodeCodePoints',
        invocations: [{executionSuccessful: true}],
      },
    ],
  }
}

/** A relative URI reference with forward slashes; each segment percent-encoded where needed. */
export function fileUri(file: string): string {
  if (file === '<stdin>') return 'stdin'
  if (file.startsWith('/')) return 'file://' + file.split('/').map(encodeURIComponent).join('/')
  return file.split('/').map(encodeURIComponent).join('/')
}

function pascalCase(id: string): string {
  return id.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')
}
