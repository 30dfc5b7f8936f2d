import type {ChalkInstance} from 'chalk'
import type {DiffSummary, FlowChange, Side} from '../../engine/network/diff.js'
import {colours} from '../colors.js'
import {escapeStrings, markdownText} from '../escape.js'

/** Names in a table cell: the one Markdown escaper (issue #15). */
const md = markdownText

/** `acknet diff` renderers: text, Markdown (a pull-request comment or job summary) and SARIF 2.1.0. */

export function diffLine(raw: FlowChange, c: ChalkInstance = colours): string {
  const change = escapeStrings(raw) // names from the topology: escaped for the terminal (issue #15)
  const mark = change.change === 'added' ? c.green('+') : change.change === 'removed' ? c.red('-') : c.yellow('~')
  const exposed = change.exposed ? c.red.bold(' [exposed]') : ''
  return `${mark} ${change.change.padEnd(7)} ${change.from} → ${change.to} ${change.protocol}/${change.ports}${exposed}\n    base: ${sideText(change.base)}\n    head: ${sideText(change.head)}`
}

export function sideText(side: Side | null): string {
  if (!side) return '(endpoint absent)'
  if (side.reason) return `${side.verdict} ${side.reason.code} ${side.reason.object}`
  return `${side.verdict}${side.via.length > 0 ? ` via ${side.via.join(', ')}` : ''}`
}

export function summaryLine(summary: DiffSummary): string {
  return `${summary.added} added, ${summary.removed} removed, ${summary.changed} changed, ${summary.exposed} newly exposed to the internet`
}

/** A Markdown report: a headline, then one table per kind of change. */
export function renderDiffMarkdown(changes: readonly FlowChange[], summary: DiffSummary, title = 'acknet diff'): string {
  const lines = [`### ${title}: ${summaryLine(summary)}`, '']
  if (changes.length === 0) {
    lines.push('No flow changes: every pair answers as before.')
    return lines.join('\n')
  }
  for (const kind of ['added', 'removed', 'changed'] as const) {
    const some = changes.filter((c) => c.change === kind)
    if (some.length === 0) continue
    const heading = kind === 'added' ? '🟢 Opened' : kind === 'removed' ? '🔴 Closed' : '🟡 Changed'
    lines.push(`#### ${heading} (${some.length})`, '', '| from | to | port | base | head |', '|---|---|---|---|---|')
    for (const change of some) {
      lines.push(`| ${md(change.from)} | ${md(change.to)} | ${change.protocol}/${md(change.ports)}${change.exposed ? ' ⚠️ internet' : ''} | ${md(sideText(change.base))} | ${md(sideText(change.head))} |`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

const RULES = [
  {id: 'flow-added', text: 'A change opens a flow'},
  {id: 'flow-removed', text: 'A change closes a flow'},
  {id: 'flow-changed', text: 'A flow changes its verdict (to or from partial) or its deciding object'},
]

/** SARIF 2.1.0: one result per change, located in the HEAD file. */
export function renderDiffSarif(changes: readonly FlowChange[], headFile: string, tool: {version: string; informationUri: string}): string {
  const results = changes.map((change) => ({
    ruleId: `flow-${change.change}`,
    level: change.exposed || change.change === 'removed' ? 'warning' : 'note',
    message: {text: `${change.change}: ${change.from} → ${change.to} ${change.protocol}/${change.ports} (base: ${sideText(change.base)}; head: ${sideText(change.head)})`},
    locations: [{physicalLocation: {artifactLocation: {uri: headFile}}}],
    partialFingerprints: {flow: `${change.from}|${change.to}|${change.protocol}|${change.ports}|${change.change}`},
  }))
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{tool: {driver: {name: 'acknet', version: tool.version, semanticVersion: tool.version, informationUri: tool.informationUri, rules: RULES.map((r) => ({id: r.id, shortDescription: {text: r.text}}))}}, results}],
  }
  return JSON.stringify(log, null, 2) + '\n'
}

