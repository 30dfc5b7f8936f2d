import type {ChalkInstance} from 'chalk'
import type {MatrixEntry} from '../../engine/reach/matrix.js'
import {colours} from '../colors.js'
import {csvCell, markdownText, terminalText} from '../escape.js'
import {renderColumns} from '../table.js'
import {verdictSymbol} from './reach.js'

/** `acknet matrix` renderers: an aligned table, CSV (RFC 4180) and a Markdown table. */
export function renderMatrixTable(entries: MatrixEntry[], c: ChalkInstance = colours): string {
  if (entries.length === 0) return 'no pairs: --from and --to selected nothing'
  const t = terminalText // names from the topology: escaped for the terminal (issue #15)
  const rows = entries.map((entry) => [
    t(entry.from.ref),
    t(entry.to.ref),
    portText(entry),
    entry.error ? c.yellow('?') : `${verdictSymbol(entry.verdict!, c)} ${entry.verdict}`,
    entry.error ? t(entry.error) : entry.reason ? `${entry.reason.code} ${c.dim(t(entry.reason.object))}` : '',
  ])
  const summary = summarize(entries)
  return `${renderColumns(['from', 'to', 'port', 'verdict', 'reason'], rows)}\n\n${summary}`
}

export function renderMatrixCsv(entries: MatrixEntry[]): string {
  const header = ['from', 'to', 'protocol', 'port', 'verdict', 'reason_code', 'reason_object', 'reason_message']
  const lines = [header.join(',')]
  for (const entry of entries) {
    lines.push([entry.from.ref, entry.to.ref, entry.protocol, entry.port ?? '', entry.verdict ?? 'error', entry.reason?.code ?? '', entry.reason?.object ?? '', entry.error ?? entry.reason?.message ?? ''].map(csvCell).join(','))
  }
  return lines.join('\n')
}

export function renderMatrixMarkdown(entries: MatrixEntry[]): string {
  const lines = ['| from | to | port | verdict | reason |', '|---|---|---|---|---|']
  for (const entry of entries) {
    const verdict = entry.error ? '? error' : `${entry.verdict === 'allowed' ? '✓' : entry.verdict === 'partial' ? '◐' : '✗'} ${entry.verdict}`
    const reason = entry.error ? markdownText(entry.error) : entry.reason ? `\`${entry.reason.code}\` ${markdownText(entry.reason.object)}` : ''
    lines.push(`| ${markdownText(entry.from.ref)} | ${markdownText(entry.to.ref)} | ${portText(entry)} | ${verdict} | ${reason} |`)
  }
  return lines.join('\n')
}

function summarize(entries: MatrixEntry[]): string {
  const count = (verdict: string) => entries.filter((e) => e.verdict === verdict).length
  const errors = entries.filter((e) => e.error).length
  return `${entries.length} pairs: ${count('allowed')} allowed, ${count('partial')} partial, ${count('denied')} denied${errors ? `, ${errors} not evaluated` : ''}`
}

function portText(entry: MatrixEntry): string {
  return entry.protocol === 'icmp' ? 'icmp' : entry.port === null ? '-' : `${entry.protocol}/${entry.port}`
}
